"""Several of one product ("想買兩台N9，一共多少錢", "buy 2 serums do i save anything"): the set of that many when the
sheet sells one, else today's price and what that many come to. The guard accepts a count times a price only where the
line says the count (`counted`)."""

from __future__ import annotations

import re

from vhost.knowledge.kb import Fact, KnowledgeBase
from vhost.persona.model import Persona
from vhost.persona.templates import format_price
from vhost.text.fold import to_traditional

_ZH_COUNT = "兩两二三四五六七八九十"
_NUMBER = {"两": 2, "兩": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10,
           "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}
_MEASURE = "台|支|瓶|罐|根|条|條|对|對|副|件|个|個|盒|份|只|隻|部"
# a count before a measure word, not a spec ("三個口", "兩米"), on folded text
_COUNT = re.compile(rf"(?<![\d.a-z{_ZH_COUNT}百千万萬])([2-9]|10|[{_ZH_COUNT}])({_MEASURE})(?!口(?![红紅])|孔|色|档|格|小时|米|插|头|位|瓦|赞|吧|吗|嗎|不|啊|呀|么|嘛)")
_COUNT_EN = re.compile(r"\b(?:buy|buying|get|getting|order|take|grab)\s+(2|3|4|5|6|two|three|four|five|six)\b(?!\s*(?:hours?|ports?|colou?rs?|shades?|m\b))", re.I)
# "two serums for 299", "3 cables": a count before a plural noun that is not a measure or a time
_COUNT_EN_NOUN = re.compile(r"\b(2|3|4|5|6|two|three|four|five|six)\s+(?!(?:hours?|hrs?|ports?|colou?rs?|shades?|days?|weeks?|months?|years?|mins?|minutes?|"
                            r"times?|drops?|pumps?|layers?|sides?|ways?|people|kids|friends|steps?|levels?|sizes?|m|meters?|metres?|w|watts?)\b)(?:[a-z]{3,}|[a-z]\d{1,3})s\b", re.I)  # "3 cables", "2 N9s"
# what the viewer asks of them: the total, the price, whether it saves anything
_TOTAL = re.compile(r"一共|总共|總共|合共|加起来|多少钱|多少|几钱|幾錢|几多钱|几多|價|价|save|total|howmuch|cost|cheaper|discount|deal")
# the count as a line says it back, for the guard: "兩台一共 4598 元", "2 of them come to 398 yuan"
_SAID = re.compile(rf"([2-9]|10|[{_ZH_COUNT}])\s*(?:{_MEASURE})|\b([2-9]|10|two|three|four|five|six|seven|eight|nine|ten) (?:of them|\w+s)\b", re.I)


def count_of(folded: str, text: str) -> int:
    """How many of one product the viewer would buy, 0 when no count is said."""
    m = _COUNT.search(folded)
    if m is not None and _TOTAL.search(folded):
        g = m.group(1)
        return int(g) if g.isdigit() else _NUMBER[g]
    e = _COUNT_EN.search(text) or _COUNT_EN_NOUN.search(text)
    if e is not None:
        g = e.group(1).lower()
        return int(g) if g.isdigit() else _NUMBER[g]
    return 0


def measure_of(folded: str) -> str:
    m = _COUNT.search(folded)
    return m.group(2) if m is not None else ""


def many(persona: Persona, kb: KnowledgeBase, pid: str, n: int, measure: str, found: list[Fact]) -> list[Fact]:
    """The facts for n of one product: its set of n (as `found` has it, when it does), or today's price and the total."""
    prod = persona.product(pid)
    if prod is None:
        return []
    if any(len(b.items) == n and len(set(b.items)) == 1 for b in prod.bundles):
        fact = kb.find(pid, "bundle")
        if fact is None:
            return []
        if any(x.kind == "apart" and x.product == pid for x in found):  # "雙瓶組跟買兩瓶單的差多少": as found, with the set
            return found if fact in found else [*found, fact]
        return [fact]  # "買兩支口紅": the duo, with its saving
    price = kb.find(pid, "price")
    if price is None or not price.must:
        return []
    total = format_price(float(price.must[0]) * n)
    en = kb.lang == "en"
    count = "兩" + to_traditional(measure or "件") if n == 2 else f"{n} {to_traditional(measure or '件')}"
    text = f"{n} of them come to {total} yuan." if en else f"{count}一共 {total} 元。"
    return [price, Fact(f"{pid}:times{n}", pid, "total", frozenset({"bundle", "price"}), frozenset(), text, must=(total,))]


def counted(value: float, text: str, prices: list[float]) -> bool:
    """A figure that is a count the line says times one of these prices ("兩台一共 4598 元")."""
    for m in _SAID.finditer(text):
        g = (m.group(1) or m.group(2)).lower()
        n = int(g) if g.isdigit() else _NUMBER.get(g, 0)
        if n >= 2 and any(abs(value - n * p) < 0.01 for p in prices):
            return True
    return False


def set_and_rest(persona: Persona, kb: KnowledgeBase, pids: tuple[str, ...]) -> list[Fact]:
    """Three or more products where a set holds some of them ("手機 充電頭 數據線三件一起拍，總共多少錢"): the set, the
    others at today's price, and what they come to; [] when no set holds two or more of them."""
    from itertools import combinations

    for r in range(len(pids) - 1, 1, -1):
        for sub in combinations(pids, r):
            held = persona.bundle_holding(sub)
            owner = next((p.id for p in persona.products if held is not None and held in p.bundles), None)
            if held is None or held.price is None or owner is None or (fact := kb.find(owner, "bundle")) is None:
                continue
            rest = [f for pid in pids if pid not in sub and (f := kb.find(pid, "price")) is not None and f.must]
            if len(rest) != len(pids) - len(sub):
                return []
            total = format_price(held.price + sum(float(f.must[0]) for f in rest))
            names = [q.name for f in rest if f.product and (q := persona.product(f.product)) is not None]
            en = kb.lang == "en"
            line = (f"The {held.name} plus the {' and the '.join(names)} come to {total} yuan." if en
                    else f"{held.name}加{'和'.join(names)}一共 {total} 元。")  # fmt: skip
            return [fact, *rest, Fact(f"{owner}:set_and_rest", owner, "total", frozenset({"bundle", "price"}), frozenset(), line, must=(total,))]
    return []
