"""Near-duplicate clustering: 50 viewers asking 多少錢 become one item answered once.

A message joins a recent open cluster (same product, same kind) when its key matches
exactly or its character bigrams overlap enough (Jaccard, or one contained in the other).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from vhost.events import ChatEvent
from vhost.intake.folding import fold
from vhost.text.fold import TEXT_CACHE

_FILLER_HEAD = re.compile(r"^(?:主播|请问|问下|问一下|想问下?|想问一下|那个|这个|老师|姐姐|哥哥|宝宝|家人们|大家)+")
_PARTICLES = re.compile(r"[啊呀呢吧哦嘛啦哈呐噢哇喔捏]+")
_REPEAT = re.compile(r"(.{2,8}?)\1+")


@functools.lru_cache(maxsize=TEXT_CACHE)
def cluster_key(text: str) -> str:
    k = fold(text)
    k = _PARTICLES.sub("", _FILLER_HEAD.sub("", k)) or k
    return _REPEAT.sub(r"\1", k)


def bigrams(key: str) -> frozenset[str]:
    if len(key) < 2:
        return frozenset({key})
    return frozenset(key[i : i + 2] for i in range(len(key) - 1))


def similar(a: frozenset[str], b: frozenset[str], threshold: float) -> bool:
    inter = len(a & b)
    if not inter:
        return False
    if inter / len(a | b) >= threshold:
        return True
    small = min(len(a), len(b))
    return small >= 2 and inter == small  # 多少钱 inside 这个多少钱


@dataclass(slots=True, eq=False)
class Cluster:
    """Mutable pool entry, private to intake; Picks handed out are frozen."""

    id: int
    key: str
    grams: frozenset[str]
    product_id: str | None
    lang: str
    question: bool
    paid: bool
    injection: bool
    first_t: float
    last_t: float
    deadline: float | None = None  # superchats: acknowledge by this program time
    members: list[tuple[float, float, ChatEvent]] = field(default_factory=list)  # (static score, arrival, event)

    def add(self, static: float, ev: ChatEvent, now: float) -> None:
        self.members.append((static, now, ev))
        self.last_t = max(self.last_t, now)

    def best(self) -> tuple[float, ChatEvent]:
        # highest static score, earliest on ties
        m = max(self.members, key=lambda m: (m[0], -m[2].index))
        return m[0], m[2]

    def expire_before(self, t: float) -> list[ChatEvent]:
        """Remove and return members that arrived before t (members are in arrival order)."""
        n = 0
        while n < len(self.members) and self.members[n][1] < t:
            n += 1
        old = [m[2] for m in self.members[:n]]
        del self.members[:n]
        return old

    @property
    def size(self) -> int:
        return len(self.members)
