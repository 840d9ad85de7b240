"""Source specs (`replay:FILE`, `bilibili:ROOM?ws=...`, `twitch:CHAN`, `push:`) -> Source."""

from __future__ import annotations

from collections.abc import Callable

from vhost.registry import Registry
from vhost.sources.base import Source, SourceContext, SourceSpec

SourceFactory = Callable[[SourceSpec, SourceContext], Source]

SOURCES: Registry[SourceFactory] = Registry(
    "source",
    lazy={
        "replay": "vhost.sources.replay:from_spec",
        "bilibili": "vhost.sources.bilibili.web:from_spec",
        "bilibili-open": "vhost.sources.bilibili.open_platform:from_spec",
        "twitch": "vhost.sources.twitch:from_spec",
        "push": "vhost.sources.push:from_spec",
    },
)


def build_source(spec: str, ctx: SourceContext) -> Source:
    parsed = SourceSpec.parse(spec)
    return SOURCES.get(parsed.scheme)(parsed, ctx)
