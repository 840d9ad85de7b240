"""Source specs (`replay:FILE`, `bilibili:ROOM?ws=...`, `twitch:CHAN`, `push:`) -> Source.

Specs that share `?group=NAME` are one room read through several connections: they are
built as one RedundantSource (see vhost.sources.redundant), in the place of the first.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

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


def build_sources(specs: Sequence[str], ctx: SourceContext, delivered: dict[str, int] | None = None) -> list[Source]:
    """One Source per spec, except that the members of a group become one source.

    `delivered`: events each built source (by position) delivered before a resume; a replay
    skips them. A group of live connections starts fresh."""
    from dataclasses import replace

    from vhost.sources.redundant import build_group

    parsed = [SourceSpec.parse(s) for s in specs]
    groups: dict[str, list[SourceSpec]] = {}
    order: list[SourceSpec | str] = []
    for p in parsed:
        name = p.params.get("group")
        if name is None:
            order.append(p)
            continue
        if name not in groups:
            groups[name] = []
            order.append(name)
        groups[name].append(p)
    out: list[Source] = []
    for i, item in enumerate(order):
        if isinstance(item, str):
            out.append(build_group(item, groups[item], lambda s: SOURCES.get(s.scheme)(s, ctx), ctx.clock))
        else:
            out.append(SOURCES.get(item.scheme)(item, replace(ctx, skip=(delivered or {}).get(str(i), 0))))
    return out
