from __future__ import annotations

import itertools

import pytest

from vhost.events import ChatEvent, EventKind, User
from vhost.intake.intake import Intake
from vhost.intake.ledger import Ledger
from vhost.persona.model import Persona

_ids = itertools.count()


def make_persona(**compliance: object) -> Persona:
    return Persona.model_validate(
        {
            "id": "test",
            "identity": {"name": "測評官", "languages": ["zh-Hant", "en"], "taboo_topics": ["政治"]},
            "products": [
                {"id": "x1", "name": "X1 無線藍牙耳機", "aliases": ["耳機", "X1"], "price": 199},
                {"id": "p65", "name": "P65 氮化鎵快充頭", "aliases": ["充電頭", "快充"], "price": 129},
            ],
            "compliance": {"banned": ["國家級", "第一"], **compliance},
        }
    )


def chat(text: str, uid: str | None = None, **kw: object) -> ChatEvent:
    uid = uid or f"u{next(_ids)}"
    user = kw.pop("user", None) or User(uid, f"name-{uid}")
    kind = kw.pop("kind", EventKind.DANMAKU)
    return ChatEvent(platform="test", kind=kind, user=user, text=text, **kw)  # type: ignore[arg-type]


def superchat(text: str, value: float = 30.0, uid: str | None = None, **kw: object) -> ChatEvent:
    return chat(text, uid, kind=EventKind.SUPERCHAT, value_cny=value, **kw)


def gift(name: str, count: int, value: float, uid: str | None = None, **kw: object) -> ChatEvent:
    return chat("", uid, kind=EventKind.GIFT, gift_name=name, gift_count=count, value_cny=value, **kw)


@pytest.fixture
def persona() -> Persona:
    return make_persona()


@pytest.fixture
def ledger() -> Ledger:
    return Ledger()


@pytest.fixture
def intake(persona: Persona, ledger: Ledger) -> Intake:
    return Intake(persona, ledger)
