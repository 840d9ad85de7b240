"""Helpers for the plays: a persona that runs all three, a hand-moved clock, events, a whole show."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.fakes.fake_llm import FakeLLM, Reply
from tests.tts.engines import ScriptedTTS
from vhost.clock import FastClock
from vhost.events import ChatEvent, EventKind, User
from vhost.show import Show, ShowConfig

PERSONA = Path(__file__).parent / "data" / "plays.yaml"


class HandClock:
    """A clock the test moves: plays only read now()."""

    def __init__(self, t: float = 0.0) -> None:
        self.t = t

    def now(self) -> float:
        return self.t


def danmaku(uid: str, text: str, name: str | None = None, **user: Any) -> ChatEvent:
    return ChatEvent("test", EventKind.DANMAKU, User(uid, name or uid, **user), text=text)


def event(kind: EventKind, uid: str, **kw: Any) -> ChatEvent:
    return ChatEvent("test", kind, User(uid, uid), **kw)


def rows(path: Path) -> list[dict[str, Any]]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


def write_replay(path: Path, lines: list[dict[str, Any]]) -> Path:
    lines = sorted(lines, key=lambda x: x["t"])
    path.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n", encoding="utf-8")
    return path


def show(tmp_path: Path, replay: Path | None, duration: float, *, persona: Path = PERSONA, speech_s: float = 1.0) -> Show:
    clock = FastClock()
    cfg = ShowConfig(persona=persona, sources=[f"replay:{replay}"] if replay else [], out=tmp_path / "out",
                     duration_s=duration, watch=False)  # fmt: skip
    llm = FakeLLM(clock, [], default=Reply.text("好的，我們看實測數據。"))
    return Show(cfg, llm=llm, tts=ScriptedTTS("tone", seconds=speech_s), clock=clock, busy_llm=False)
