"""The source Protocol: an async stream of normalised ChatEvents."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Protocol
from urllib.parse import parse_qsl

from vhost.clock import Clock
from vhost.events import ChatEvent


class Source(Protocol):
    name: str

    def events(self) -> AsyncIterator[ChatEvent]:
        """Yield events until the source ends or is cancelled. A recoverable network error
        is handled inside (reconnect with backoff); a permanent one (rejected login) raises
        SourceFailed so the show stops this source alone."""
        ...


class SourceFailed(Exception):
    """This source cannot continue (bad credentials, banned); the show goes on without it."""


@dataclass(frozen=True)
class SourceSpec:
    """A parsed `scheme:target?key=value&...` source spec string."""

    scheme: str
    target: str
    params: dict[str, str] = field(default_factory=dict)
    raw: str = ""

    @classmethod
    def parse(cls, spec: str) -> SourceSpec:
        scheme, sep, rest = spec.partition(":")
        if not sep:
            scheme, rest = spec, ""
        target, _, query = rest.partition("?")
        return cls(scheme.strip().lower(), target, dict(parse_qsl(query, keep_blank_values=True)), spec)


@dataclass
class SourceContext:
    clock: Clock
    speed: float = 1.0  # replay acceleration


class Link:
    """Connection state of a network source (up, reconnecting), read by metrics and alerts.

    ``attempt()`` before each connection returns an Event the session sets once the server
    accepted us (auth or join): the link is up from then; ``lost()`` when it drops.
    """

    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self.up = False
        self.attempts = 0
        self.since = clock.now()  # program time of the last change (down since, or up since)
        self.last_error = ""

    @property
    def reconnects(self) -> int:
        return max(0, self.attempts - 1)

    def attempt(self) -> asyncio.Event:
        self.attempts += 1
        return _UpEvent(self)

    def connected(self) -> None:
        if not self.up:
            self.up, self.since = True, self.clock.now()

    def lost(self, error: str) -> None:
        self.last_error = error
        if self.up:
            self.up, self.since = False, self.clock.now()


class _UpEvent(asyncio.Event):
    def __init__(self, link: Link) -> None:
        super().__init__()
        self._link = link

    def set(self) -> None:
        self._link.connected()
        super().set()
