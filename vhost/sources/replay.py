"""Replay a JSONL chat file on the program clock (`replay:FILE?speed=4&loop=0`).

A bad line is reported as file:line:col and skipped; the show goes on.
"""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from vhost.errors import ConfigError, first_validation_error
from vhost.events import ChatEvent, EventKind, User
from vhost.sources.base import SourceContext, SourceSpec

log = logging.getLogger(__name__)


class _User(BaseModel):
    model_config = ConfigDict(extra="ignore", coerce_numbers_to_str=True)
    id: str
    name: str = ""
    medal: str | None = None  # fan medal name (a lottery may ask for it)
    medal_level: int = Field(0, ge=0)


class _Gift(BaseModel):
    model_config = ConfigDict(extra="ignore")
    name: str
    count: int = Field(1, ge=1)


class ReplayLine(BaseModel):
    """One line of the replay format (the output contract). Unknown keys are ignored."""

    model_config = ConfigDict(extra="ignore")
    t: float = Field(ge=0)
    kind: EventKind
    user: _User
    text: str | None = None
    value_cny: float | None = Field(None, ge=0)
    gift: _Gift | None = None
    count: int | None = Field(None, ge=1)
    lang: str | None = None

    def to_event(self, platform: str = "replay", raw: Any = None) -> ChatEvent:
        return ChatEvent(
            platform=platform,
            kind=self.kind,
            user=User(id=self.user.id, name=self.user.name or self.user.id, medal=self.user.medal, medal_level=self.user.medal_level),
            text=self.text or "",
            value_cny=float(self.value_cny or 0.0),
            amount=float(self.value_cny or 0.0),
            gift_name=self.gift.name if self.gift else None,
            gift_count=self.gift.count if self.gift else 0,
            count=self.count or 1,
            lang=self.lang,
            raw=raw,
        )


class BadLine(ValueError):
    pass


def _column(line: str, key: str | None) -> int:
    if key:
        i = line.find(f'"{key}"')
        if i >= 0:
            return i + 1
    return 1


def parse_line(line: str, where: str) -> tuple[float, ChatEvent]:
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as e:
        raise BadLine(f"{where}:{e.colno}: invalid JSON: {e.msg}") from None
    if not isinstance(obj, dict):
        raise BadLine(f"{where}:1: expected a JSON object, got {type(obj).__name__}")
    try:
        rl = ReplayLine.model_validate(obj)
    except ValidationError as e:
        loc = e.errors()[0]["loc"]
        raise BadLine(f"{where}:{_column(line, str(loc[0]) if loc else None)}: {first_validation_error(e)}") from None
    return rl.t, rl.to_event(raw=obj)


def read_lines(path: Path) -> Iterator[tuple[int, str]]:
    try:
        with path.open("r", encoding="utf-8-sig", errors="strict") as f:
            yield from enumerate(f, 1)
    except UnicodeDecodeError as e:
        raise ConfigError(f"{path}: not UTF-8 text ({e.reason} at byte {e.start})", fix="save the file as UTF-8") from None


def load(path: Path, errors: list[str] | None = None) -> list[tuple[float, ChatEvent]]:
    """All good lines sorted by time; bad ones reported (logged and appended to errors)."""
    if not path.is_file():
        raise ConfigError(f"{path}: replay file not found", fix="pass --source replay:personas/samples/tech_chat.jsonl")
    out: list[tuple[float, ChatEvent]] = []
    for n, line in read_lines(path):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            out.append(parse_line(line, f"{path}:{n}"))
        except BadLine as e:
            log.warning("skipped bad replay line: %s", e)
            if errors is not None:
                errors.append(str(e))
    out.sort(key=lambda x: x[0])
    return out


class ReplaySource:
    def __init__(self, path: Path, ctx: SourceContext, speed: float = 1.0, offset: float = 0.0) -> None:
        self.name = f"replay:{path}"
        self.path = path
        self.ctx = ctx
        self.speed = speed if speed > 0 else 1.0
        self.offset = offset
        self.errors: list[str] = []
        self.items = load(path, self.errors)  # parse up front: bad lines show before the show starts

    async def events(self) -> AsyncIterator[ChatEvent]:
        clock = self.ctx.clock
        for t, ev in self.items:
            await clock.sleep_until(self.offset + t / self.speed)
            yield ev


def from_spec(spec: SourceSpec, ctx: SourceContext) -> ReplaySource:
    speed = float(spec.params.get("speed", ctx.speed))
    return ReplaySource(Path(spec.target), ctx, speed=speed, offset=float(spec.params.get("offset", 0)))
