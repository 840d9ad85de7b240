"""The variables persona templates see, per context, and sample values for lint and preview.

Contexts mirror what the director passes at runtime, and leave out what a context does not
have (no `viewer` in a script line, no `product` in a thank-you), so lint reports a line
that would render blank on air as an undefined variable instead.
"""

from __future__ import annotations

import logging
import re
from datetime import datetime
from typing import Any, Literal

from vhost.persona.model import Persona, Product, Segment
from vhost.persona.templates import format_price, render

_log = logging.getLogger(__name__)

Context = Literal["segment", "reply", "thanks", "product", "general"]

VARIABLES: dict[str, str] = {
    "address": "how viewers are addressed (identity.address): 家人們, 寶寶們, everyone",
    "host": "the host's name (identity.name)",
    "product": "the product on stage: product.name, product.specs['續航'], product.selling_points ... "
    "(absent when no product is on stage)",
    "price": "the current price as text, promo applied: 199, 99.5",
    "list_price": "the list price as text (differs from price during a promo)",
    "promo": "the active promo's label, or empty",
    "stock": "units left (absent when the sheet has no stock)",
    "segment": "index of the current rundown segment",
    "time_of_day": "morning, afternoon, evening or night",
    "counters": "show counters by job kind: counters.reply, counters.thanks, counters.script ...",
    "viewer": "the viewer's name (replies and thanks)",
    "gift": "the gift (thanks), e.g. 小心心 x5",
    "count": "how many gifts/events are thanked at once (thanks)",
    "total": "their total value in CNY as text (thanks)",
}

# which variables each context has at runtime (the director's contract)
_CONTEXT_KEYS: dict[str, frozenset[str]] = {
    "segment": frozenset({"address", "host", "product", "price", "list_price", "promo", "stock", "segment",
                          "time_of_day", "counters"}),
    "reply": frozenset({"address", "host", "product", "price", "list_price", "promo", "stock", "segment",
                        "time_of_day", "counters", "viewer"}),
    "thanks": frozenset({"address", "host", "segment", "time_of_day", "counters", "viewer", "gift", "count", "total"}),
    "product": frozenset({"address", "host", "product", "price", "list_price", "promo", "stock"}),
    "general": frozenset({"address", "host", "segment", "time_of_day", "counters"}),
}


def time_of_day(at: datetime) -> str:
    h = at.hour
    return "morning" if 5 <= h < 12 else "afternoon" if 12 <= h < 18 else "evening" if 18 <= h < 23 else "night"


def product_variables(product: Product | None, at: datetime | None = None, live: Any = None) -> dict[str, Any]:
    """live: a vhost.plays.live.LiveFacts; a play's price and the live stock replace the sheet's."""
    if product is None:
        return {}
    if live is not None:
        from vhost.plays.live import live_product

        product = live_product(product, live)
    when = at or datetime.now()
    v: dict[str, Any] = {
        "product": product,
        "price": format_price(product.price_at(when)),
        "list_price": format_price(product.price),
        "promo": product.promo.label if product.promo is not None and product.promo.active(when) else "",
    }
    if product.stock is not None:
        v["stock"] = product.stock
    return v


def sample_variables(
    persona: Persona,
    context: Context,
    *,
    product: Product | None = None,
    segment: Segment | None = None,
    at: datetime | None = None,
) -> dict[str, Any]:
    """Plausible values for one context; keys the context lacks at runtime are left out."""
    en = persona.identity.languages[0] == "en"
    when = at or datetime(2026, 12, 1, 20, 30)
    idx = persona.rundown.segments.index(segment) if segment in persona.rundown.segments else 0
    v: dict[str, Any] = {
        "address": persona.identity.address,
        "host": persona.identity.name,
        "segment": idx,
        "time_of_day": time_of_day(when),
        "counters": {"reply": 12, "thanks": 5, "script": 30, "filler": 4, "pitch": 3, "human": 0},
        "viewer": "Alex" if en else "小明",
        "gift": "Heart x5" if en else "小心心 x5",
        "count": 5,
        "total": "30",
    }
    v.update(product_variables(product, when))
    keys = _CONTEXT_KEYS[context]
    return {k: x for k, x in v.items() if k in keys}


def variables(persona: Persona, product: Product | None, viewer: str = "", at: datetime | None = None,
              live: Any = None) -> dict[str, Any]:  # fmt: skip
    at = at or persona.now()
    v: dict[str, Any] = {"address": persona.identity.address, "host": persona.identity.name, "viewer": viewer,
                         "time_of_day": time_of_day(at)}  # fmt: skip
    v.update(product_variables(product, at, live))
    return v


def safe_render(template: str, persona: Persona, product: Product | None, viewer: str = "", live: Any = None) -> str | None:
    if product is None and re.search(r"\{\{[^}]*\b(product|price|stock)\b", template):
        return None  # a product template with no product would say "現在是  元"
    try:
        out = render(template, variables(persona, product, viewer, live=live))
    except Exception as e:  # a broken template is skipped, never spoken
        _log.warning("template skipped: %s", e)
        return None
    return out or None
