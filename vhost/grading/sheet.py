"""What the product sheet says, flattened for grading: names, prices by role, gifts, kinds.

Built from a loaded persona (and its editions in other languages, for their names and aliases)
as of one moment, so "the current price" is the promo price while a promo runs. The grader
uses it to tell a price said for the wrong product or in the wrong role, an invented gift,
and one product's kind given to another.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from vhost.grading.normalize import normalize
from vhost.persona.model import Persona, Product
from vhost.plays.lines import gift_floors

_CODE = re.compile(r"[a-z]+[0-9]+[a-z0-9]*")


@dataclass(frozen=True)
class ProductFacts:
    id: str
    names: tuple[str, ...]  # normalised names and aliases, every edition
    kinds: tuple[str, ...]  # normalised generic nouns (耳机, earbuds): what kind of thing it is
    list_price: float
    current_price: float
    promo_price: float | None  # only while the promo runs
    bundle_prices: tuple[float, ...]
    gifts: tuple[str, ...]  # normalised gift names, every edition
    bundle_savings: tuple[float, ...] = ()  # what a set saves against its items bought one by one
    flash_price: float | None = None  # the flash sale's price: said as the flash sale's, never as the price now
    ladder_prices: tuple[float, ...] = ()  # the 砍價 ladder's steps: said as a step, never as the price now

    @property
    def prices(self) -> tuple[float, ...]:
        extra = (self.list_price - self.current_price,) if self.current_price < self.list_price else ()
        plays = ((self.flash_price,) if self.flash_price is not None else ()) + self.ladder_prices
        return (self.list_price, self.current_price, *self.bundle_prices, *self.bundle_savings, *extra, *plays)


@dataclass(frozen=True)
class Sheet:
    products: tuple[ProductFacts, ...]
    now: datetime
    gift_floors: tuple[float, ...] = ()  # a giveaway's smallest gift ("送出 1 元以上的禮物就能參加")

    def product(self, pid: str) -> ProductFacts:
        for p in self.products:
            if p.id == pid:
                return p
        raise KeyError(pid)

    @property
    def ids(self) -> frozenset[str]:
        return frozenset(p.id for p in self.products)

    def spans(self, text_norm: str) -> list[tuple[int, int, str]]:
        """(start, end, product id) of each product name in a normalised text, in text order;
        longest names first, so 快充线 is the cable and not 快充."""
        taken: list[tuple[int, int, str]] = []
        names = sorted(((n, p.id) for p in self.products for n in p.names), key=lambda x: -len(x[0]))
        for name, pid in names:
            for m in re.finditer(re.escape(name), text_norm):
                if _CODE.fullmatch(name) and _boundary_broken(text_norm, m.start(), m.end()):
                    continue
                if any(s < m.end() and m.start() < e for s, e, _ in taken):
                    continue
                taken.append((m.start(), m.end(), pid))
        return sorted(taken)

    def mentions(self, text_norm: str) -> list[str]:
        """Ids of the products a normalised text names, in order of first mention."""
        return list(dict.fromkeys(pid for _, _, pid in self.spans(text_norm)))

    def kinds_at(self, text_norm: str) -> list[tuple[int, str]]:
        """(position, product id) of each kind noun (耳机 -> x1-earbuds) that is a name of its own
        (a kind said inside a product's full name, X1 无线蓝牙耳机, is part of that name)."""
        spans = self.spans(text_norm)
        out: list[tuple[int, str]] = []
        kinds = {k: p.id for p in self.products for k in p.kinds}
        for s, e, _pid in spans:
            name = text_norm[s:e]
            if name in kinds:
                out.append((s, kinds[name]))
        return out


def _boundary_broken(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    return (before.isascii() and before.isalnum()) or (after.isascii() and after.isalnum())


def _is_kind(alias: str) -> bool:
    return not any(c.isdigit() for c in alias) and not (alias.isascii() and alias.isupper())


def _facts(p: Product, editions: list[Product], now: datetime, persona: Persona) -> ProductFacts:
    every = [p, *editions]
    names = {normalize(n) for q in every for n in (q.name, *q.aliases)}
    names |= {m.group() for n in list(names) if (m := _CODE.match(n)) is not None}  # "P65 氮化鎵快充頭" is also "P65"
    kinds = {normalize(a) for q in every for a in q.aliases if _is_kind(a)}
    promo = p.promo
    running = promo is not None and (promo.starts is None or promo.starts <= now) and (promo.ends is None or now <= promo.ends)
    promo_price = promo.price if (promo is not None and running) else None
    return ProductFacts(
        id=p.id,
        names=tuple(sorted(n for n in names if n)),
        kinds=tuple(sorted(k for k in kinds if k)),
        list_price=p.price,
        current_price=promo_price if promo_price is not None else p.price,
        promo_price=promo_price,
        bundle_prices=tuple(b.price for b in p.bundles if b.price is not None),
        gifts=tuple(sorted({normalize(g) for q in every for g in q.gifts})),
        bundle_savings=tuple(x for b in persona.bundles_with(p) if (x := persona.bundle_saving(b, now)) is not None),
        flash_price=p.flash.price if p.flash is not None else None,
        ladder_prices=tuple(step.price for step in p.bargain.steps) if p.bargain is not None else (),
    )


def sheet_of(persona: Persona, *editions: Persona, now: datetime) -> Sheet:
    """The sheet of `persona` as of `now`; `editions` (e.g. the .en persona) add names, aliases, gifts."""
    out = []
    for p in persona.products:
        same = [q for e in editions for q in e.products if q.id == p.id]
        out.append(_facts(p, same, now, persona))
    return Sheet(products=tuple(out), now=now, gift_floors=tuple(sorted(gift_floors(persona))))
