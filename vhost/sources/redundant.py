"""``SPEC?group=NAME`` — one room through several connections, merged into one stream.

Every connection of a group is read at once; each message is let through once (see
`vhost.sources.dedup`), from whichever connection brought it first, so a connection that
stalls, drops frames or replays them costs nothing while another one carries the room.

A stall detector watches the connections that report their own frames (Bilibili web and
open platform: every frame, heartbeat replies included): one silent for ``stall`` seconds
is reconnected at once instead of waiting for its receive timeout. The group asks them to
heartbeat every ``stall / 2`` seconds, so a quiet room is not mistaken for a dead link.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
from collections import Counter
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass, replace

from vhost.clock import Clock
from vhost.errors import ConfigError
from vhost.events import ChatEvent
from vhost.health import Health, Link
from vhost.sources.base import Source, SourceFailed, SourceSpec
from vhost.sources.dedup import Dedup

log = logging.getLogger("vhost.sources.redundant")

GROUP_KEYS = ("group", "stall", "window")  # spec keys the group reads; members never see them
_NAME = re.compile(r"^[\w.-]{1,40}$")


@dataclass(frozen=True)
class GroupOptions:
    name: str
    stall_s: float = 20.0  # no frame nor heartbeat reply for this long: reconnect that link
    window_s: float = 10.0  # copies of one message arrive within this much of each other


class _Member:
    def __init__(self, index: int, source: Source, api: str, clock: Clock) -> None:
        self.source = source
        self.api = api  # ids are comparable between members of the same api
        self.key = f"{index}:{source.name}"
        link = getattr(source, "link", None)
        self.link: Link | None = link if isinstance(link, Link) else None  # frame-level liveness
        self.own = Link(source.name, clock)  # what the group itself saw of it
        self.task: asyncio.Task[None] | None = None
        self.done: str | None = None  # ended | failed
        self.counts: Counter[str] = Counter()  # received, first, duplicates, restarts

    def health(self) -> Health:
        get = getattr(self.source, "health", None)
        h = get() if callable(get) else self.own.health()
        if self.done == "failed" and h.state != "failed":
            h = replace(h, state="failed", error=self.own.error)
        return replace(h, counts={**h.counts, **self.counts})


class RedundantSource:
    def __init__(self, opts: GroupOptions, members: Sequence[tuple[Source, str]], clock: Clock) -> None:
        if not members:
            raise ValueError("a group needs at least one source")
        self.name = f"group:{opts.name}"
        self.opts = opts
        self.clock = clock
        self.members = [_Member(i, src, api, clock) for i, (src, api) in enumerate(members)]
        for i, m in enumerate(self.members):
            keepalive = getattr(m.source, "keepalive", None)
            if callable(keepalive):
                keepalive(opts.stall_s / 2)
            prefer = getattr(m.source, "prefer_host", None)
            if callable(prefer):
                prefer(i)  # two links to one room start on different servers of its host list
        self.dedup = Dedup(window_s=opts.window_s, id_ttl_s=max(600.0, opts.window_s))
        self._queue: asyncio.Queue[tuple[_Member, ChatEvent | None]] = asyncio.Queue(maxsize=1024)
        self.last_event_s: float | None = None
        self.restarts = 0

    # -- members ---------------------------------------------------------------------------
    async def _pump(self, m: _Member) -> None:
        try:
            async with contextlib.aclosing(m.source.events()) as evs:  # type: ignore[type-var]
                async for ev in evs:
                    m.own.event()
                    await self._queue.put((m, ev))
            m.own.ended()
            m.done = "ended"
        except SourceFailed as e:
            m.own.failed(str(e))
            m.done = "failed"
        except Exception as e:  # a bug in one connection must not end the room
            log.exception("%s: %s crashed", self.name, m.source.name)
            m.own.failed(f"{type(e).__name__}: {e}"[:200])
            m.done = "failed"
        await self._queue.put((m, None))

    def _start(self, m: _Member) -> None:
        m.task = asyncio.create_task(self._pump(m), name=f"{self.name}/{m.key}")

    async def _restart(self, m: _Member) -> None:
        if m.task is not None:
            m.task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await m.task
        m.counts["restarts"] += 1
        self.restarts += 1
        if m.done is None:
            self._start(m)

    async def _watch(self) -> None:
        """Reconnect a link that went silent; the others carry the room meanwhile."""
        every = max(0.02, min(1.0, self.opts.stall_s / 4))
        while True:
            await self.clock.sleep(every)
            now = self.clock.now()
            for m in self.members:
                if m.done is not None or m.link is None or m.link.state != "up":
                    continue
                silent = m.link.silent_for(now)
                if silent is not None and silent > self.opts.stall_s:
                    carried = [
                        o.source.name
                        for o in self.members
                        if o is not m and o.link is not None and o.link.state == "up"
                    ]
                    log.warning(
                        "%s: %s silent for %.1f s; reconnecting it (%s)", self.name, m.source.name, silent,
                        f"carried by {', '.join(carried)}" if carried else "no other link is up",
                    )  # fmt: skip
                    m.link.stalled()
                    await self._restart(m)

    # -- the merged stream -----------------------------------------------------------------
    async def events(self) -> AsyncIterator[ChatEvent]:
        for m in self.members:
            self._start(m)
        watch = asyncio.create_task(self._watch(), name=f"{self.name}/stall-watch")
        live = len(self.members)
        try:
            while live:
                m, ev = await self._queue.get()
                if ev is None:
                    live -= 1
                    continue
                m.counts["received"] += 1
                now = self.clock.now()
                if self.dedup.admit(ev, m.api, m.key, now):
                    m.counts["first"] += 1
                    self.last_event_s = now
                    yield ev
                else:
                    m.counts["duplicates"] += 1
        finally:
            tasks = [watch, *(m.task for m in self.members if m.task is not None)]
            for t in tasks:
                t.cancel()
            for t in tasks:
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await t
        failed = [m for m in self.members if m.done == "failed"]
        if failed and len(failed) == len(self.members):
            raise SourceFailed(f"{self.name}: every connection stopped: " + "; ".join(str(m.own.error) for m in failed))

    # -- health ------------------------------------------------------------------------------
    def health(self) -> Health:
        members = tuple(m.health() for m in self.members)
        up = sum(h.ok for h in members)
        if up == len(members):
            state = "up"
        elif up:
            state = "degraded"
        else:
            order = ("stalled", "connecting", "down", "starting", "ended", "failed")
            state = min((h.state for h in members), key=lambda s: order.index(s) if s in order else 0)
        errors = [h.error for h in members if h.error and not h.ok]
        counts = {
            "connections": len(members), "up": up, "restarts": self.restarts,
            "duplicates": self.dedup.counts["duplicate_id"] + self.dedup.counts["duplicate_copy"],
        }  # fmt: skip
        return Health(
            self.name, "source", state, last_event_s=self.last_event_s,
            last_seen_s=max((h.last_seen_s for h in members if h.last_seen_s is not None), default=None),
            error=errors[0] if errors else None, counts=counts, members=members,
        )  # fmt: skip


# -- specs -------------------------------------------------------------------------------------


def _seconds(spec: SourceSpec, key: str) -> float | None:
    raw = spec.params.get(key)
    if raw is None or raw == "":
        return None
    try:
        v = float(raw)
    except ValueError:
        raise ConfigError(f"source '{spec.raw}': {key}={raw!r} is not a number of seconds") from None
    if v <= 0:
        raise ConfigError(f"source '{spec.raw}': {key} must be > 0 seconds")
    return v


def group_options(name: str, specs: Sequence[SourceSpec]) -> GroupOptions:
    """The group's options from its members' specs; two members may not disagree."""
    if not _NAME.match(name):
        raise ConfigError(
            f"source group {name!r}: use letters, digits, '.', '-' or '_' (at most 40)", fix="e.g. ?group=main"
        )
    values: dict[str, float] = {}
    for spec in specs:
        for key in ("stall", "window"):
            v = _seconds(spec, key)
            if v is None:
                continue
            if key in values and values[key] != v:
                raise ConfigError(
                    f"source group '{name}': {key}= differs between its sources ({values[key]:g} and {v:g})"
                )
            values[key] = v
    opts = GroupOptions(name)
    return GroupOptions(name, values.get("stall", opts.stall_s), values.get("window", opts.window_s))


def member_spec(spec: SourceSpec) -> SourceSpec:
    """The spec a member's own builder sees: the group's keys removed."""
    return replace(spec, params={k: v for k, v in spec.params.items() if k not in GROUP_KEYS})


def build_group(
    name: str, specs: Sequence[SourceSpec], build: Callable[[SourceSpec], Source], clock: Clock
) -> RedundantSource:
    opts = group_options(name, specs)
    return RedundantSource(opts, [(build(member_spec(s)), s.scheme) for s in specs], clock)
