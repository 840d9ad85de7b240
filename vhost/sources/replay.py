"""Replay a JSONL chat file on the program clock (`replay:FILE?speed=4&loop=1`).

A bad line is reported as file:line:col and skipped; the show goes on. `loop=1` plays
the file again and again (each pass starts after the last line of the one before, with
the same lead-in as the first line; `gap=S` sets that pause); `loop=N` (N > 1) plays it
N times; `loop=0` (the default) once. A resumed show skips the lines it already had.
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
    guard_level: int = Field(0, ge=0, le=3)  # Bilibili: 1 总督, 2 提督, 3 舰长
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
            user=User(id=self.user.id, name=self.user.name or self.user.id, guard_level=self.user.guard_level,
                      medal=self.user.medal, medal_level=self.user.medal_level),
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
    def __init__(
        self, path: Path, ctx: SourceContext, speed: float = 1.0, offset: float = 0.0, passes: int = 1, gap: float | None = None
    ) -> None:
        """passes: how many times to play the file (0: forever)."""
        self.name = f"replay:{path}"
        self.path = path
        self.ctx = ctx
        self.speed = speed if speed > 0 else 1.0
        self.offset = offset
        self.passes = passes
        self.errors: list[str] = []
        self.items = load(path, self.errors)  # parse up front: bad lines show before the show starts
        first = self.items[0][0] if self.items else 0.0
        last = self.items[-1][0] if self.items else 0.0
        self.period = last + max(first if gap is None else gap, 0.5)  # file seconds from one pass to the next

    def schedule(self) -> Iterator[tuple[float, ChatEvent]]:
        """(program time, event) in order, pass after pass."""
        n = 0
        while self.items and (self.passes == 0 or n < self.passes):
            base = n * self.period
            for t, ev in self.items:
                yield self.offset + (base + t) / self.speed, ev
            n += 1

    async def events(self) -> AsyncIterator[ChatEvent]:
        clock = self.ctx.clock
        for i, (at, ev) in enumerate(self.schedule()):
            if i < self.ctx.skip:
                continue  # delivered before the show was resumed
            await clock.sleep_until(at)
            yield ev


def _loop_passes(spec: SourceSpec) -> int:
    raw = spec.params.get("loop", "0").strip().lower()
    if raw in ("", "0", "no", "false", "off"):
        return 1
    if raw in ("1", "yes", "true", "on", "inf"):
        return 0
    try:
        n = int(raw)
    except ValueError:
        raise ConfigError(f"source '{spec.raw}': loop must be 0, 1 (forever) or a number of passes, not {raw!r}") from None
    if n < 0:
        raise ConfigError(f"source '{spec.raw}': loop must be 0, 1 (forever) or a number of passes, not {raw!r}")
    return n


def from_spec(spec: SourceSpec, ctx: SourceContext) -> ReplaySource:
    try:
        speed = float(spec.params.get("speed", ctx.speed))
        offset = float(spec.params.get("offset", 0))
        gap = float(spec.params["gap"]) if "gap" in spec.params else None
    except ValueError:
        raise ConfigError(f"source '{spec.raw}': speed, offset and gap must be numbers") from None
    return ReplaySource(Path(spec.target), ctx, speed=speed, offset=offset, passes=_loop_passes(spec), gap=gap)
