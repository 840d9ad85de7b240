"""Health of every connection and backend as plain data.

Sources, LLM backends and voices hand out `Health` snapshots (frozen, JSON-ready) from a
`health()` method; the status API, the console, the show summary and any metrics exporter
read the same snapshots. `Link` is the mutable bookkeeping a connection keeps for itself.

Source states: starting, connecting, up, stalled, down (reconnecting after an error),
failed (stopped for good), ended. Backend states: up, down (its breaker is open), probing.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from vhost.clock import Clock

UP_STATES = frozenset({"up", "probing"})


@dataclass(frozen=True, slots=True)
class Health:
    name: str
    kind: str  # source | llm | tts
    state: str
    since_s: float | None = None  # program time the state began
    last_event_s: float | None = None  # last event delivered / answer streamed
    last_seen_s: float | None = None  # last sign of life: a frame, a heartbeat reply, a token
    error: str | None = None  # the last error, kept after recovery for the operator
    breaker: str | None = None  # closed | open | half-open (backends behind a breaker)
    counts: Mapping[str, int] = field(default_factory=dict)
    members: tuple[Health, ...] = ()  # the connections of a redundant source
    target: str = ""  # the host or URL in use (no query string: it may carry a token)

    @property
    def ok(self) -> bool:
        return self.state in UP_STATES

    def to_json(self) -> dict[str, Any]:
        d: dict[str, Any] = {"name": self.name, "kind": self.kind, "state": self.state}
        if self.target:
            d["target"] = self.target
        for key in ("since_s", "last_event_s", "last_seen_s"):
            v = getattr(self, key)
            d[key] = None if v is None else round(v, 3)
        d["error"] = self.error
        if self.breaker is not None:
            d["breaker"] = self.breaker
        if self.counts:
            d["counts"] = dict(self.counts)
        if self.members:
            d["members"] = [m.to_json() for m in self.members]
        return d


class Link:
    """One connection's own view of itself, updated as it works (asyncio only)."""

    def __init__(self, name: str, clock: Clock, kind: str = "source") -> None:
        self.name = name
        self.kind = kind
        self.clock = clock
        self.state = "starting"
        self.since_s: float | None = None
        self.last_event_s: float | None = None
        self.last_seen_s: float | None = None
        self.error: str | None = None
        self.target = ""  # the URL or host in use
        self.counts: Counter[str] = Counter()

    def _set(self, state: str) -> None:
        if state != self.state:
            self.state = state
            self.since_s = self.clock.now()

    def connecting(self, target: str = "") -> None:
        self.target = target.partition("?")[0]
        self.counts["connects"] += 1
        self._set("connecting")

    def frame(self) -> None:
        """Any frame from the server, a heartbeat reply included: the link is alive."""
        self.last_seen_s = self.clock.now()
        if self.state in ("connecting", "stalled", "starting"):
            self._set("up")

    def event(self) -> None:
        now = self.clock.now()
        self.last_event_s = self.last_seen_s = now
        self.counts["events"] += 1
        if self.state != "up":
            self._set("up")

    def stalled(self) -> None:
        self.counts["stalls"] += 1
        self._set("stalled")

    def down(self, error: str) -> None:
        self.error = error
        self.counts["errors"] += 1
        self._set("down")

    def failed(self, error: str) -> None:
        self.error = error
        self._set("failed")

    def ended(self) -> None:
        self._set("ended")

    def silent_for(self, now: float) -> float | None:
        """Seconds since the last sign of life, or None before the first one."""
        return None if self.last_seen_s is None else now - self.last_seen_s

    def health(self) -> Health:
        return Health(
            self.name, self.kind, self.state, self.since_s, self.last_event_s, self.last_seen_s, self.error,
            counts=dict(self.counts), target=self.target,
        )  # fmt: skip


_TTS_STATES = {"ok": "up", "down": "down", "retrying": "probing"}


def gather(sources: Iterable[tuple[object, Link]], llm: object, tts: Mapping[str, Mapping[str, Any]]) -> list[Health]:
    """Every source, LLM backend and voice engine of a show, in that order.

    ``sources`` pairs each source with the Link the show keeps for it (started, last event,
    stopped); a source with its own ``health()`` reports its connection instead. ``tts`` is
    the voice chain's per-engine health mapping.
    """
    out: list[Health] = []
    for src, link in sources:
        get = getattr(src, "health", None)
        h = get() if callable(get) else link.health()
        if link.state in ("failed", "ended") and h.state != link.state:
            h = replace(h, state=link.state, error=link.error or h.error)
        out.append(h)
    get = getattr(llm, "health", None)
    got = get() if callable(get) else None
    if isinstance(got, Health):
        out.append(got)
    elif got is not None:
        out.extend(got)
    for name, t in tts.items():
        state = _TTS_STATES.get(str(t.get("state")), str(t.get("state")))
        out.append(Health(str(name), "tts", state, error=t.get("last_error") or None, counts={"failures": int(t.get("failures") or 0)}))
    return out
