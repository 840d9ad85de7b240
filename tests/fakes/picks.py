"""The shape of vhost.intake.intake.Pick that the writer reads, for writer and pacing tests."""

from __future__ import annotations

from dataclasses import dataclass, field

from vhost.events import ChatEvent, EventKind, User


@dataclass(frozen=True)
class FakePick:
    event: ChatEvent
    merged: tuple[ChatEvent, ...] = field(default_factory=tuple)
    product_id: str | None = None
    lang: str | None = None
    speak_name: bool = True


def ask(text: str, who: str) -> FakePick:
    """One danmaku question from viewer `who`."""
    return FakePick(ChatEvent("test", EventKind.DANMAKU, User(who, who), text=text))
