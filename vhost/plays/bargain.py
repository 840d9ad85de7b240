"""連麥砍價: a product's price ladder, unlocked step by step by likes, 砍 danmaku, gifts or the operator.

Each step counts its goal from the moment it becomes the next step, so every unlock is
earned on its own. The price on air is the step unlocked last (the sheet's price before the
first unlock); steps below it are locked: the guard refuses them as a price and lets them
be said only as a goal ("再 1800 讚解鎖 2199 元").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from vhost.persona.model import Product
from vhost.persona.plays import BargainLadder, BargainStep
from vhost.text.fold import fold


@dataclass
class Bargain:
    product: Product
    ladder: BargainLadder
    base_price: float  # the sheet's price when it started (promo applied)
    started: float
    segment: str | None = None  # the segment that started it (it ends with the segment)
    step: int = 0  # index of the next step to unlock
    progress: float = 0.0  # towards the next step's goal
    state: str = "running"  # running | ended
    unlocked_at: list[tuple[float, str]] = field(default_factory=list)  # (program time, by what)
    counted: dict[str, float] = field(default_factory=lambda: {"likes": 0.0, "kan": 0.0, "gift_cny": 0.0})
    _room_likes: int | None = None  # the platform's running like total, last seen
    last_told: float = 0.0  # progress when the host last told it
    last_told_t: float = 0.0  # when (program seconds); set to the start

    @property
    def price(self) -> float:
        """The price on air now."""
        return self.ladder.steps[self.step - 1].price if self.step > 0 else self.base_price

    @property
    def unlocked(self) -> float | None:
        return self.ladder.steps[self.step - 1].price if self.step > 0 else None

    @property
    def next(self) -> BargainStep | None:
        return self.ladder.steps[self.step] if self.step < len(self.ladder.steps) else None

    def locked(self) -> tuple[float, ...]:
        return tuple(s.price for s in self.ladder.steps[self.step :]) if self.state == "running" else ()

    def remaining(self) -> float:
        nxt = self.next
        return 0.0 if nxt is None else max(0.0, nxt.goal[1] - self.progress)

    # -- what the room does -------------------------------------------------------------------
    def likes(self, count: int, room_total: int | None = None) -> None:
        """A viewer's likes, or the room's running total (its growth counts; the first total is a baseline)."""
        if room_total is not None:
            before, self._room_likes = self._room_likes, max(room_total, self._room_likes or 0)
            if before is None:
                return
            count = self._room_likes - before
        self._add("likes", count)

    def is_kan(self, text: str) -> bool:
        """A danmaku that is nothing but the keyword (砍, 砍砍, 砍一刀！)."""
        f = fold(text)
        k = fold(self.ladder.keyword)
        if not k or k not in f:
            return False
        rest = f.replace(k, "")
        return rest in ("", "一刀", "一下", "一个", "价", "一刀价")

    def kan(self) -> None:
        self._add("kan", 1)

    def gift(self, value_cny: float) -> None:
        self._add("gift_cny", value_cny)

    def _add(self, kind: str, amount: float) -> None:
        if self.state != "running" or amount <= 0:
            return
        self.counted[kind] += amount
        nxt = self.next
        if nxt is not None and nxt.goal[0] == kind:
            self.progress += amount

    # -- unlocking ----------------------------------------------------------------------------
    def due(self) -> bool:
        nxt = self.next
        return self.state == "running" and nxt is not None and nxt.goal[0] != "approval" and self.progress >= nxt.goal[1]

    def unlock(self, now: float, by: str) -> BargainStep | None:
        """Unlock the next step (its goal reached, or the operator's approval); returns it."""
        nxt = self.next
        if self.state != "running" or nxt is None:
            return None
        self.step += 1
        self.progress = 0.0
        self.last_told, self.last_told_t = 0.0, now
        self.unlocked_at.append((now, by))
        return nxt

    def end(self) -> None:
        self.state = "ended"

    def snapshot(self) -> dict[str, Any]:
        nxt = self.next
        return {
            "kind": "bargain", "product": self.product.id, "name": self.product.name, "state": self.state,
            "price": self.price, "list_price": self.product.price, "base_price": self.base_price,
            "next_price": nxt.price if nxt else None, "goal": nxt.goal[0] if nxt else None,
            "target": nxt.goal[1] if nxt else None, "progress": round(self.progress, 2), "keyword": self.ladder.keyword,
            "steps": [{"price": s.price, "goal": s.goal[0], "target": s.goal[1], "unlocked": i < self.step}
                      for i, s in enumerate(self.ladder.steps)],
            "counted": {k: round(v, 2) for k, v in self.counted.items()},
        }  # fmt: skip
