"""The source Protocol: an async stream of normalised ChatEvents."""

from __future__ import annotations

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
    skip: int = 0  # events this source delivered in an earlier run of a resumed show (a replay skips them)
