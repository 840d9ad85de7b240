"""Events that flow through the pipeline: frozen dataclasses, named for what happened.

Chat events are the one normalised shape every source produces (replay, Bilibili,
Twitch, push). Cues are what the stage emits on the program clock.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any


class EventKind(str, Enum):
    DANMAKU = "danmaku"
    GIFT = "gift"
    SUPERCHAT = "superchat"
    GUARD = "guard"  # Bilibili guard / Twitch sub (membership)
    FOLLOW = "follow"
    ENTER = "enter"
    LIKE = "like"
    SYSTEM = "system"
    ORDER = "order"  # a shop's backend: an order was paid (id = order id, count = units)
    STOCK = "stock"  # a shop's backend: units left of a product (stock)


PAID_KINDS = frozenset({EventKind.GIFT, EventKind.SUPERCHAT, EventKind.GUARD})
COMMERCE_KINDS = frozenset({EventKind.ORDER, EventKind.STOCK})  # counted by the order book, never answered


@dataclass(frozen=True, slots=True)
class User:
    id: str
    name: str
    level: int = 0
    medal: str | None = None  # fan medal name ("level name") or comma-joined Twitch badges
    medal_level: int = 0
    guard_level: int = 0  # Bilibili: 0 none, 1 总督, 2 提督, 3 舰长; Twitch sub tier 1..3 mapped to 3..1
    first_time: bool = False
    moderator: bool = False
    masked: bool = False  # platform hid the real name (Bilibili anonymous masking)


@dataclass(frozen=True, slots=True)
class ChatEvent:
    """One thing a viewer did, normalised across platforms.

    `index` is the arrival order across all sources of a show (assigned by intake);
    `t` is the program time in seconds at which it arrived.
    """

    platform: str
    kind: EventKind
    user: User
    text: str = ""
    value_cny: float = 0.0
    currency: str = "CNY"
    amount: float = 0.0  # in the original currency (gold coins, bits, USD, ...)
    gift_name: str | None = None
    gift_count: int = 0
    count: int = 1  # likes aggregated into one event
    lang: str | None = None
    timestamp: float = 0.0  # wall-clock seconds (platform's own when given)
    id: str = ""  # platform message id (for superchat delete, dedup)
    duration_s: float = 0.0  # superchat display window
    raw: Any = field(default=None, compare=False, repr=False)
    index: int = -1
    t: float = 0.0
    product_id: str | None = None  # orders and stock: the product sheet id
    stock: int | None = None  # stock callbacks: units left

    @property
    def paid(self) -> bool:
        return self.kind in PAID_KINDS and self.value_cny > 0


class Fate(str, Enum):
    ANSWERED = "answered"
    MERGED = "merged"
    THANKED = "thanked"
    DROPPED = "dropped"
    BLOCKED = "blocked"


@dataclass(frozen=True, slots=True)
class Cue:
    """An avatar/overlay cue stamped on the program clock.

    type: mouth | speaking | subtitle | expression | motion | viseme
    """

    t: float
    type: str
    value: float | None = None
    text: str | None = None
    name: str | None = None
    utterance: str | None = None
    extra: dict[str, Any] | None = None

    def to_json(self) -> dict[str, Any]:
        d: dict[str, Any] = {"t": round(self.t, 4), "type": self.type}
        if self.value is not None:
            d["value"] = round(self.value, 4)
        if self.text is not None:
            d["text"] = self.text
        if self.name is not None:
            d["name"] = self.name
        if self.utterance is not None:
            d["utterance"] = self.utterance
        if self.extra:
            d.update(self.extra)
        return d
