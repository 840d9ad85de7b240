"""One room read through several connections: each message let through once.

Two rules, both bounded in memory:

1. **Platform ids.** Connections that speak the same API (two web connections to one room)
   see the same message ids (DANMU_MSG ``id_str``, SEND_GIFT ``tid``, superchat ``id``,
   open-platform ``msg_id``). An id seen before, within ``id_ttl_s``, is a duplicate.
2. **Counting fingerprints.** Different APIs (web and open platform) give the same message
   different ids and different user ids, so a message is also known by what it says:
   kind, text, value, gift and count. Within ``window_s`` each *stream* (one API for
   messages with ids, one connection for messages without) counts its copies of a
   fingerprint; a copy is new only when its stream has now seen more of them than were let
   through. Two viewers both typing 「666」 are two messages as long as one stream saw both,
   and a stream that missed a message gets it from the other.
"""

from __future__ import annotations

from collections import Counter, OrderedDict, deque
from collections.abc import Hashable
from dataclasses import dataclass

from vhost.events import ChatEvent

Fingerprint = tuple[Hashable, ...]


def fingerprint(ev: ChatEvent) -> Fingerprint:
    """What a message says, the same whichever API carried it (no ids, no user ids)."""
    return (ev.kind.value, ev.text.strip(), round(ev.value_cny, 2), ev.gift_name or "", ev.gift_count, ev.count)


@dataclass
class _Seen:
    let_through: deque[float]
    streams: dict[str, deque[float]]


class Dedup:
    """Decides whether an event from one connection is new. Thread-unsafe, asyncio only."""

    def __init__(
        self,
        *,
        window_s: float = 10.0,
        id_ttl_s: float = 600.0,
        max_ids: int = 50_000,
        max_fingerprints: int = 20_000,
        max_copies: int = 100_000,
    ) -> None:
        if window_s <= 0 or id_ttl_s < window_s or max_ids < 1 or max_fingerprints < 1 or max_copies < 1:
            raise ValueError("dedup needs window_s > 0, id_ttl_s >= window_s and positive bounds")
        self.window_s = window_s
        self.id_ttl_s = id_ttl_s
        self.max_ids = max_ids
        self.max_fingerprints = max_fingerprints
        self.max_copies = max_copies  # arrival times kept over all fingerprints (~40 bytes each)
        self._copies = 0
        self._ids: OrderedDict[tuple[str, str, str], float] = OrderedDict()  # oldest first
        self._prints: OrderedDict[Fingerprint, _Seen] = OrderedDict()  # least recently seen first
        self.counts: Counter[str] = Counter()  # new, duplicate_id, duplicate_copy

    def __len__(self) -> int:
        """Entries held (ids, fingerprints and copy times): bounded whatever the traffic."""
        return len(self._ids) + len(self._prints) + self._copies

    def admit(self, ev: ChatEvent, api: str, connection: str, now: float) -> bool:
        """True if this event is new and should go on; False for a copy already let through."""
        self._expire(now)
        stream = connection
        if ev.id:
            key = (api, ev.kind.value, ev.id)
            if key in self._ids:
                self.counts["duplicate_id"] += 1
                return False
            self._ids[key] = now
            if len(self._ids) > self.max_ids:
                self._ids.popitem(last=False)
            stream = f"api:{api}"
        if not self._count(fingerprint(ev), stream, now):
            self.counts["duplicate_copy"] += 1
            return False
        self.counts["new"] += 1
        return True

    def _count(self, fp: Fingerprint, stream: str, now: float) -> bool:
        seen = self._prints.get(fp)
        if seen is None:
            seen = self._prints[fp] = _Seen(deque(), {})
        else:
            self._prints.move_to_end(fp)
        horizon = now - self.window_s
        for q in (seen.let_through, *seen.streams.values()):
            while q and q[0] < horizon:
                q.popleft()
                self._copies -= 1
        mine = seen.streams.setdefault(stream, deque())
        mine.append(now)
        new = len(mine) > len(seen.let_through)
        if new:
            seen.let_through.append(now)
        self._copies += 1 + new
        while self._prints and (len(self._prints) > self.max_fingerprints or self._copies > self.max_copies):
            self._drop_oldest()
        return new

    def _drop_oldest(self) -> None:
        _, seen = self._prints.popitem(last=False)
        self._copies -= sum(len(q) for q in (seen.let_through, *seen.streams.values()))

    def _expire(self, now: float) -> None:
        id_horizon = now - self.id_ttl_s
        while self._ids and next(iter(self._ids.values())) < id_horizon:
            self._ids.popitem(last=False)
        horizon = now - self.window_s
        while self._prints:
            seen = next(iter(self._prints.values()))
            newest = max((q[-1] for q in (seen.let_through, *seen.streams.values()) if q), default=float("-inf"))
            if newest >= horizon:
                break
            self._drop_oldest()
