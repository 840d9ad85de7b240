"""Flash sale: a timed price with its own units, sold down by the shop's order callbacks.

Units left start at the sheet's flash stock (or the product's live stock, if lower). Each
order for the product counted while the sale runs takes its units off; a stock callback
sets the level, never above the units not yet sold (a shop may report the product's whole
stock). At 0 the sale is sold out and over; otherwise it ends when its time is up.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from vhost.persona.model import Product
from vhost.persona.plays import FlashSale


@dataclass
class Flash:
    product: Product
    sale: FlashSale
    started: float
    ends: float
    left: int
    segment: str | None = None
    sold: int = 0
    state: str = "running"  # running | sold_out | ended
    told_left: int | None = None  # units left when the host last said it
    told_t: float = -1e9
    marks: frozenset[int] = frozenset()  # time marks already said
    announced: bool = False  # the opening line was said (stock and time are told after it)

    @classmethod
    def start(cls, product: Product, sale: FlashSale, now: float, window_s: float, live_stock: int | None, segment: str | None) -> Flash:
        units = sale.stock if live_stock is None else max(0, min(sale.stock, live_stock))
        return cls(product, sale, now, now + window_s, units, segment, told_left=units, told_t=now)

    @property
    def running(self) -> bool:
        return self.state == "running"

    def order(self, units: int) -> None:
        if not self.running:
            return
        units = max(1, units)
        self.sold += units
        self.left = max(0, self.left - units)

    def stock(self, level: int) -> None:
        if self.running:
            self.left = max(0, min(level, self.sale.stock - self.sold))

    def left_s(self, now: float) -> float:
        return max(0.0, self.ends - now) if self.running else 0.0

    def settle(self, now: float) -> str | None:
        """sold_out or ended when that has just happened, else None."""
        if not self.running:
            return None
        if self.left <= 0:
            self.state = "sold_out"
            return "sold_out"
        if now >= self.ends:
            self.state = "ended"
            return "ended"
        return None

    def snapshot(self, now: float) -> dict[str, Any]:
        return {
            "kind": "flash", "product": self.product.id, "name": self.product.name, "state": self.state,
            "price": self.sale.price, "list_price": self.product.price, "stock": self.sale.stock, "left": self.left,
            "sold": self.sold, "left_s": round(self.left_s(now), 1),
        }  # fmt: skip
