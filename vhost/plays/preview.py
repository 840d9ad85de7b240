"""What `vhost persona preview` shows of a segment's play: its setup and the lines the host would say."""

from __future__ import annotations

from typing import Any

from vhost.persona.model import Persona, Segment
from vhost.persona.templates import TemplateError, format_price
from vhost.plays import lines as L

_GOAL_ZH = {"likes": "讚", "kan": "個「{kw}」", "gift_cny": "元禮物", "approval": "連麥同意"}
_GOAL_EN = {"likes": "likes", "kan": '"{kw}"', "gift_cny": "CNY of gifts", "approval": "approval"}


def play_preview(p: Persona, seg: Segment) -> list[tuple[str, str | None]]:
    """(display line, spoken text or None) for the play a segment runs, in the order it happens."""
    en = p.identity.languages[0] == "en"
    base = {"address": p.identity.address, "host": p.identity.name}
    out: list[tuple[str, str | None]] = []

    def say(kind: str, moment: str, custom: Any, values: dict[str, Any]) -> None:
        try:
            texts = L.lines(kind, moment, custom, {**base, **values}, en)
        except TemplateError as e:
            out.append((f"  <{e.message}>", None))
            return
        for t in texts:
            out.append((f"  {kind} {moment}: {t}", t))

    product = p.product(seg.product)
    if seg.lottery is not None:
        c = seg.lottery
        ways, rules = L.ways(c, en), L.rules(c, en)
        out.append((f"  lottery: {c.prize} x{c.winners}, {c.window_s:g} s, join: {', '.join(c.join)}"
                    + (f" ({c.keyword})" if c.keyword else "") + (f", require: {', '.join(c.require)}" if c.require else "")
                    + f"; countdown at {', '.join(str(m) for m in c.countdown)} s", None))  # fmt: skip
        common = {"prize": c.prize, "keyword": c.keyword, "ways": ways, "rules": rules, "seconds": round(c.window_s),
                  "winners_wanted": c.winners}  # fmt: skip
        say("lottery", "open", c.say, common)
        mark = max((m for m in c.countdown if m < c.window_s), default=None)
        if mark is not None:
            say("lottery", "countdown", c.say, {**common, "left_s": mark, "entrants": 152})
        say("lottery", "draw", c.say, {**common, "entrants": 152})
        say("lottery", "winners", c.say, {**common, "names": "、".join(L.sample("lottery", en)["names"] for _ in range(1))})
    elif seg.kind == "bargain" and product is not None and product.bargain is not None:
        lad = product.bargain
        names = _GOAL_EN if en else _GOAL_ZH
        steps = " → ".join(f"{format_price(s.price)} ({s.goal[1]:g} {names[s.goal[0]].format(kw=lad.keyword)})"
                           if s.goal[0] != "approval" else f"{format_price(s.price)} ({names['approval']})" for s in lad.steps)  # fmt: skip
        start = product.price_at(p.now())
        out.append((f"  bargain: {format_price(start)} → {steps}", None))
        out.append(("  (after each unlock, the price variable in this segment's lines is the price unlocked)", None))
        first = lad.steps[0]
        phrase, unit = L.goal(first.goal[0], first.goal[1], lad.keyword, en)
        v = {"product": product, "name": product.name, "price": format_price(start), "list_price": format_price(product.price),
             "next_price": format_price(first.price), "goal": phrase, "unit": unit, "remaining": f"{first.goal[1] * 0.4:g}",
             "target": f"{first.goal[1]:g}"}  # fmt: skip
        say("bargain", "open", lad.say, v)
        if first.goal[0] != "approval":
            say("bargain", "progress", lad.say, v)
        nxt = lad.steps[1] if len(lad.steps) > 1 else None
        after = dict(v, price=format_price(first.price), next_price=format_price(nxt.price) if nxt else "")
        if nxt is not None:
            after["goal"], after["unit"] = L.goal(nxt.goal[0], nxt.goal[1], lad.keyword, en)
        say("bargain", "unlock" if nxt else "bottom", lad.say, after)
        say("bargain", "end", lad.say, dict(v, price=format_price(start)))
    elif seg.kind == "flash" and product is not None and product.flash is not None:
        f = product.flash
        window = f.window_s or seg.duration_s
        out.append((f"  flash: {format_price(f.price)} (list {format_price(product.price)}), {f.stock} units, {window:g} s", None))
        out.append((f"  (while it runs, the price variable in this segment's lines is {format_price(f.price)}, stock the units left)", None))
        v = {"product": product, "name": product.name, "price": format_price(f.price), "list_price": format_price(product.price),
             "left": f.stock, "stock": f.stock, "seconds": round(window), "left_s": 30}  # fmt: skip
        say("flash", "open", f.say, v)
        say("flash", "stock", f.say, dict(v, left=max(1, f.stock // 4)))
        say("flash", "sold_out", f.say, dict(v, left=0))
    return out


def summary_lines(snap: dict[str, Any]) -> list[str]:
    """The plays at the end of a show, for `vhost run`'s summary."""
    out = []
    lot = snap.get("lottery")
    if lot:
        names = "、".join(w["name"] for w in lot.get("winners", []))
        out.append(f"  lottery {lot['draw']}: {lot['state']}, {lot['entrants']} joined"
                   + (f", {lot.get('eligible', 0)} eligible, winners: {names or '-'}" if lot["state"] == "drawn" else ""))  # fmt: skip
    b = snap.get("bargain")
    if b:
        done = sum(1 for s in b["steps"] if s["unlocked"])
        out.append(f"  bargain {b['product']}: {format_price(b['base_price'])} → {format_price(b['price'])}, "
                   f"{done}/{len(b['steps'])} steps unlocked, {b['state']}")  # fmt: skip
    f = snap.get("flash")
    if f:
        out.append(f"  flash {f['product']}: {f['sold']} of {f['stock']} sold at {format_price(f['price'])}, {f['state']}")
    return out
