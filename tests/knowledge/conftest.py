"""The shipped personas with their understanders, built once per test session (the embedding is slow to load)."""

from __future__ import annotations

from pathlib import Path

import pytest

from vhost.knowledge.answer import plan
from vhost.knowledge.understand import Understander
from vhost.persona.loader import load_persona

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def tech():
    p = load_persona(ROOT / "personas/tech_reviewer.yaml")
    return p, Understander(p)


@pytest.fixture(scope="session")
def beauty():
    p = load_persona(ROOT / "personas/beauty_lab.yaml")
    return p, Understander(p)


def ask(pu, text: str, **ctx):
    """Understand `text` as a viewer typed it (English when ASCII) and plan the answer."""
    persona, u = pu
    lang = "en" if text.isascii() else "zh-Hant"
    x = u.understand(text, lang, **ctx)
    return x, plan(x, persona.edition(lang))
