"""The guard's view of the plays: prices and stock as they stand on air now.

While a play sets a product's price (vhost.plays.live.LiveFacts), that price is the one
current price: said as the price now it must be exactly it, and no other figure below it
passes unless it is a gift (free) or what one saves against the list price. Ladder prices
not unlocked yet are refused as prices and pass only as goals ("解鎖 2199 元"). Stock claims
are checked against the live units left (a flash sale's, else the shop's callbacks).
"""

from __future__ import annotations

import re

from vhost.guard.numbers import Claim, close, discount_value
from vhost.persona.model import Product
from vhost.plays.live import GOAL_BEFORE, LiveFacts

_CURRENT = re.compile(
    r"(?:活動|活动|優惠|优惠|現在|现在|現價|现价|到手|特價|特价|只要|才|直播間價|直播间价|秒殺|秒杀|砍到|now|just|only|promo|sale|deal)"
    r"[^，。,.;；!！]{0,8}$",
    re.I,
)
_LIST = re.compile(r"(?:原價|原价|定價|定价|原本|平時|平时|回到|恢復|恢复|regular|original|list price|was|down from|back to)[^，。,.;；!！]{0,6}$", re.I)


class LiveCheck:
    def __init__(self, live: LiveFacts) -> None:
        self.live = live

    def verdict(self, c: Claim, text: str, products: list[Product]) -> str | None:
        """None: not a matter of the plays (the sheet decides); "": fine; else the reason to refuse."""
        if c.kind == "stock":
            levels = [x for x in (self.live.live_stock(p.id) for p in products) if x is not None]
            if not levels:
                return None
            return "" if any(close(c.value, x) for x in levels) else f"stock:{c.text} is not the stock left now"
        if c.kind == "discount":
            ds = [lp.price / p.price * 10 for p in products if p.price and (lp := self.live.live_price(p.id)) is not None]
            if not ds:
                return None
            return "" if any(abs(d - discount_value(c)) <= 0.15 for d in ds) else f"discount:{c.text}"
        if c.kind != "price":
            return None
        before = said_before(text, c.text)
        for p in products:
            if any(close(c.value, x) for x in self.live.locked_prices(p.id)):
                return "" if GOAL_BEFORE.search(before) else f"price_locked:{c.text} is not unlocked yet"
        live = [(p, lp) for p in products if (lp := self.live.live_price(p.id)) is not None]
        if not live or any(close(c.value, x) for p in products if p not in [q for q, _ in live] for x in _sheet_prices(p)):
            return None  # no play price, or the figure is another product's own
        for p, lp in live:
            if close(c.value, lp.price):
                return f"price_role:{c.text} is not the list price" if _LIST.search(before) else ""
            if c.value == 0.0 and p.gifts:
                return ""
            said_as_now = bool(_CURRENT.search(before))
            if close(c.value, p.price) or any(b.price is not None and close(c.value, b.price) for b in p.bundles):
                return f"price_role:{c.text} is not the current price" if said_as_now and not _LIST.search(before) else ""
            if close(c.value, round(p.price - lp.price, 2)) and not said_as_now:
                return ""  # what one saves
            if c.value > lp.price and not said_as_now and any(close(c.value, x) for x in _sheet_prices(p)):
                return ""  # a sheet price above the live one (the promo it undercuts), not said as the price now
        return f"price:{c.text} is not the price now"


def _sheet_prices(p: Product) -> set[float]:
    out = {p.price, *(b.price for b in p.bundles if b.price is not None)}
    if p.promo is not None:
        out.add(p.promo.price)
    return out


def spots(text: str, said: str) -> list[re.Match[str]]:
    """Where a figure is said in `text`, as a whole number ("1" is not the 1 of "150")."""
    return list(re.finditer(rf"(?<![\d.]){re.escape(said)}(?![\d.])", text))


def said_before(text: str, said: str) -> str:
    """The few characters said just before `said` in `text` (what role a figure is given)."""
    found = spots(text, said)
    i = found[0].start() if found else text.find(said)
    return text[max(0, i - 14) : max(0, i)]
