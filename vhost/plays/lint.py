"""Lint for the plays: what would leave a lottery, a bargain or a flash sale broken on air."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from vhost.persona.model import Persona
from vhost.persona.templates import TemplateError, render
from vhost.plays import lines as L
from vhost.text.fold import fold, has_cjk


def _bare(gift: str) -> str:
    return fold(re.sub(r"^(?:an?|the)\s+", "", gift.strip(), flags=re.I))


def play_problems(p: Persona, report: Any, terms: Any) -> list[str]:
    """report: the LoadReport (positions); terms: vhost.persona.lint.Terms (banned words)."""
    from vhost.persona.lint import banned_hits

    out: list[str] = []
    where = report.where
    english_only = all(lang == "en" for lang in p.identity.languages)
    en = p.identity.languages[0] == "en"

    def templates(say: Mapping[Any, str], kind: str, loc: tuple[Any, ...], product: Any = None) -> None:
        values = {"address": p.identity.address, "host": p.identity.name, **L.sample(kind, en)}
        if product is not None:
            values["product"] = product
        for moment, text in say.items():
            w = where((*loc, "say", moment))
            for part in text.split("\n"):
                try:
                    said = render(part, values, where=w)
                except TemplateError as e:
                    out.append(f"{e.message} (in a {kind} line; it has: {', '.join(sorted(values))})")
                    continue
                out.extend(f"{w}: banned term '{h}' in a {kind} line" for h in banned_hits(said, terms))
                if english_only and has_cjk(said):
                    out.append(f"{w}: Chinese text in a {kind} line of an English-only persona")

    for i, s in enumerate(p.rundown.segments):
        loc: tuple[Any, ...] = ("rundown", "segments", i)
        product = p.product(s.product)
        if s.kind == "lottery" and s.lottery is None:
            out.append(f"{where((*loc, 'kind'))}: a lottery segment needs lottery: (prize, window, how to join); without it nobody can join")
        if s.lottery is not None:
            c, lloc = s.lottery, (*loc, "lottery")
            if s.kind != "lottery":
                out.append(f"{where((*lloc,), key=True)}: a lottery runs only in a segment of kind lottery, not {s.kind}")
            owner = p.product(c.product) if c.product else None
            if c.product and owner is None:
                out.append(f"{where((*lloc, 'product'))}: unknown product '{c.product}'")
            pool = [owner] if owner is not None else list(p.products)
            gifts = [g for x in pool for g in x.gifts]
            if _bare(c.prize) not in {_bare(g) for g in gifts}:
                whose = f"product '{c.product}'" if owner is not None else "any product"
                have = ", ".join(gifts) or "none"
                out.append(f"{where((*lloc, 'prize'))}: prize '{c.prize}' is not a gift of {whose} (gifts: {have})")
            for j, m in enumerate(c.countdown):
                if m >= c.window_s:
                    out.append(f"{where((*lloc, 'countdown', j))}: countdown mark {m} s is not inside the {c.window_s:g} s window")
            templates(c.say, "lottery", lloc, owner)
        if s.kind == "bargain" and (product is None or product.bargain is None):
            what = f"product '{s.product}' has no bargain: ladder" if product is not None else "it has no product"
            out.append(f"{where((*loc, 'kind'))}: a bargain segment runs its product's bargain ladder, but {what}")
        if s.kind == "flash" and (product is None or product.flash is None):
            what = f"product '{s.product}' has no flash: sale" if product is not None else "it has no product"
            out.append(f"{where((*loc, 'kind'))}: a flash segment runs its product's flash sale, but {what}")
    for i, prod in enumerate(p.products):
        loc = ("products", i)
        if prod.bargain is not None:
            first = prod.bargain.steps[0].price
            if first >= prod.price:
                out.append(f"{where((*loc, 'bargain', 'steps', 0, 'price'))}: the first step ({first:g}) must be below the list price ({prod.price:g})")
            templates(prod.bargain.say, "bargain", (*loc, "bargain"), prod)
        if prod.flash is not None:
            if prod.flash.price >= prod.price:
                out.append(f"{where((*loc, 'flash', 'price'))}: the flash price ({prod.flash.price:g}) must be below the list price ({prod.price:g})")
            templates(prod.flash.say, "flash", (*loc, "flash"), prod)
    return out
