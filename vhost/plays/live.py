"""What the plays change on air, for the guard, the knowledge base and templates to consult.

While a bargain ladder or a flash sale runs, the price said on air is the play's (the step
unlocked last, the flash price), not the sheet's; stock is the live figure (the shop's
callbacks, a flash sale's own units). `LiveFacts` is the read side; `vhost.plays.Plays`
implements it. Without one (a show without plays, a test) everything reads the sheet.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Protocol

from vhost.persona.model import Product, Promo

# a price said as a goal still to reach, not as the price now: "再 1800 讚解鎖 2199 元", "next step 2099"
GOAL_BEFORE = re.compile(
    r"(?:解鎖|解锁|下一檔|下一档|下一個價|下一个价|目標價?|目标价?|unlocks?|next step(?: is)?|goal(?: is)?)\s*(?:價|价|到|at|to|of|is)?\s*[¥$]?\s*$",
    re.I,
)


@dataclass(frozen=True, slots=True)
class LivePrice:
    price: float
    kind: str  # bargain | flash
    label: str  # what it is called on air, in the persona's first language


class LiveFacts(Protocol):
    def live_price(self, product_id: str) -> LivePrice | None:
        """The price a play sets now (the bargain step unlocked last, the flash price), or None."""
        ...

    def live_stock(self, product_id: str) -> int | None:
        """Units left now: a flash sale's own, else the shop's callbacks, else the sheet's."""
        ...

    def locked_prices(self, product_id: str) -> tuple[float, ...]:
        """Ladder prices not unlocked yet: never said as a price, only as a goal."""
        ...

    def play_answer(self, intent: str, lang: str) -> tuple[str, ...]:
        """What a viewer asking about a running play (lottery, bargain) is told; () when none runs."""
        ...


BUILTIN_LABEL = {
    ("bargain", False): "砍價價", ("bargain", True): "bargain price",
    ("flash", False): "限時秒殺價", ("flash", True): "flash sale price",
}  # fmt: skip


def label_for(product: Product, kind: str) -> str:
    """The play price's name in the sheet's own language: the play's label, else a built-in one
    (English for a sheet whose product name is plain ASCII, as in an English edition)."""
    play = product.bargain if kind == "bargain" else product.flash
    if play is not None and play.label:
        return play.label
    return BUILTIN_LABEL[(kind, product.name.isascii())]


def live_product(product: Product, live: LiveFacts | None) -> Product:
    """The sheet as it stands on air now: a play's price as the active promo, the live stock.

    Templates, prompts and answers built from the view say the live figures without knowing
    about plays."""
    if live is None:
        return product
    update: dict[str, object] = {}
    lp = live.live_price(product.id)
    if lp is not None:
        update["promo"] = Promo(price=lp.price, label=label_for(product, lp.kind))
    stock = live.live_stock(product.id)
    if stock is not None and stock != product.stock:
        update["stock"] = stock
    return product.model_copy(update=update) if update else product
