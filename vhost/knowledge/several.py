"""Plans for several products at once: sets and what they come to, two of ours compared or chosen
between, and ours set against another brand (never named back)."""

from __future__ import annotations

import re

from vhost.knowledge import lexicon as L
from vhost.knowledge.kb import Fact
from vhost.knowledge.planned import Plan, name_of
from vhost.knowledge.rule import CONFIRM, choosing_for_someone, cue, set_asked
from vhost.knowledge.understand import Understood
from vhost.persona.model import Persona
from vhost.persona.templates import format_price
from vhost.text.fold import fold


def tail_once(texts: tuple[str, ...], en: bool) -> tuple[str, ...]:
    """Two products' lines that end alike ("…199 元，目前沒有折扣。" twice) say the ending once,
    for both: "X1 199 元，P65 129 元，目前都沒有折扣。"."""
    sep = "; " if en else "，"
    split = [t.rstrip("。.").rpartition(sep) for t in texts]
    tails = {tail for _head, _s, tail in split}
    if len(texts) < 2 or len(tails) != 1 or not all(head for head, _s, _t in split):
        return texts
    tail = tails.pop()
    if en:
        heads = [h if i == 0 or not h.startswith("The ") else "the" + h[3:] for i, (h, _s, _t) in enumerate(split)]
        return ("; ".join(heads) + f"; for both, {tail}.",)
    tail = re.sub(r"^(目前|现在|現在)?(沒有|没有|不)", lambda m: (m.group(1) or "") + "都" + m.group(2), tail)
    return ("，".join(head for head, _s, _t in split) + f"，{tail}。",)


def together(facts: list[Fact], persona: Persona, en: bool) -> str:
    """What the products named come to at today's prices, naming them (the guard adds up only what a line names)."""
    priced = [f for f in facts if f.kind == "price" and f.must]
    total = format_price(sum(float(f.must[0]) for f in priced))
    names = [name_of(persona, f.product, en) for f in priced]
    return f"The {' and the '.join(names)} together come to {total} yuan." if en else f"{'和'.join(names)}一起是 {total} 元。"


TOGETHER = re.compile(r"一起|一齐|一共|总共|加起来|合计|结帐|结账|全要|together|intotal|altogether|total|all(?:three|four|3|4)|everything")


# another brand's product set against ours ("比迪奧持久", "vs AirPods", "別家"), not "哪個色比較顯白" nor an iPhone to charge
_RIVAL = re.compile(r"第一(?![次档步])|销量|排名|vs|versus|比(?!较|起来|例)|[跟和同].{1,10}(?:比|差在哪|差别|区别|哪|谁)|别家|其他家|其他牌|某牌|大牌|原厂|业界|全网|全港|全台|全国|全世界|全球|市面上|"
                    rf"best|betterthan|comparedto|{L.RIVALS}")


def several(u: Understood, persona: Persona, facts: list[Fact], texts: tuple[str, ...], name: str, en: bool) -> Plan | None:
    """Sets, totals and comparisons (several of our products, or ours against a rival); None when the question is none of these."""
    if u.answered_as == "bundle" and (total := [f for f in u.facts if f.kind == "total"]):
        # "想買兩台N9，一共多少錢", "手機 充電頭 數據線三件一起拍": the prices (or the set and the rest), then what they come to
        lines = tuple(f.text for f in u.facts)
        return Plan("fact", lines, must=total[0].must, facts=lines)
    # "一齊買要幾錢 有冇嘢送": the gift is said after the prices; a word of a name read as an attribute ("VC霜"), or a
    # policy asked beside ("全要 一共多少 包邮不"), leaves the prices to answer
    fact_kinds = {f.kind for f in u.facts} - {"gift", "faq", "spec", "point", "policy"}
    # no set holds these: each price (a set asked for: none, then the set there is), "bundle is phone + earbuds right?" aside
    if u.answered_as == "bundle" and len(u.products) >= 2 and "price" in fact_kinds and (fact_kinds == {"price"} or (
            fact_kinds == {"price", "bundle"} and persona.bundle_holding(u.products) is None and not CONFIRM.search(fold(u.text)))):
        none = ("There's no set of these; each is sold on its own." if en else "這幾款沒有組合價。") if set_asked(u.text) else ""
        there = tuple(f.text for f in u.facts if f.kind == "bundle")[:1]  # the set there is ("the serum duo, 339")
        gifts = tuple(f.text for f in u.facts if f.kind == "gift")
        prices = tuple(t for t in texts if t not in there and t not in gifts) if not gifts and fact_kinds == {f.kind for f in u.facts} else \
            tuple(f.text for f in u.facts if f.kind == "price")[:4]  # each price, whatever the lines cut to two held
        if TOGETHER.search(fold(u.text)) and len(priced := [f for f in u.facts if f.kind == "price"]) >= 2:
            prices = (*prices, together(priced, persona, en))  # what they come to (before the gift): "serum + sunscreen + cream all 3, total?"
        return Plan("fact", tuple(dict.fromkeys((*([none] if none else []), *there, *prices, *gifts))), facts=texts)  # no set of these: each price, then what they come to
    if u.answered_as == "bundle" and len(u.products) >= 2 and persona.bundle_holding(u.products) is None \
            and (CONFIRM.search(fold(u.text)) or cue(fold(u.text), "price") < 0.6):  # a price asked is answered above
        # "the set is the phone and the earbuds, right?": no; the set that holds one of them, as the sheet has it
        sets = dict.fromkeys(f.text for f in u.facts if f.kind == "bundle" and f.product in u.products)
        if sets:  # never a bare "不是。"
            return Plan("correct", ("No." if en else "不是。", *sets))
    if u.answered_as == "bundle" and u.products and not any(f.kind == "bundle" and f.product == u.product for f in u.facts):
        none = f"There's no set price for the {name} on our sheet." if en else f"資料卡上{name}沒有組合價。"
        others = tuple(f.text for f in u.facts if f.kind == "bundle")[:1]
        price = tuple(f.text for f in u.facts if f.kind == "price" and f.product == u.product)[:1]
        return Plan("fact", (none, *price, *others))
    if u.answered_as == "compare" and len(u.products) >= 2:
        # two of our own products: what each one is ("X1 跟 P65 有什麼不一樣", "都是耳機吧"), then a fact of each
        kinds = [(name_of(persona, pid, en), _kind(persona, pid)) for pid in u.products[:2]]
        said = tuple((f"The {n} is {_a(k)}." if en else f"{n} 是{k}。") for n, k in kinds if k)
        if re.search(r"都是|both", u.text):
            return Plan("correct", said)
        if not u.attrs and choosing_for_someone(u.text, u.products):
            # "老婆生日 N9同X1邊個揀", "serum or sunscreen as a gift": what each one is and costs today, then a point of each
            each = []
            for pid in u.products[:2]:
                each.append(_priced_kind(persona, pid, en))  # its point follows its price, so it needs no name again
                each.extend([f.text for f in facts if f.product == pid and f.kind != "price"][:1])
            return Plan("fact", tuple(each), facts=texts)
        if (u.attrs and facts and set(u.attrs) <= set().union(*(f.attrs for f in facts))) or (facts and all(f.kind == "price" for f in facts)):
            return Plan("fact", texts, facts=texts)  # "哪個比較輕": each one's weight, not what each one is (as many as _lines_for keeps)
        return Plan("fact", (*said, *texts[:2]), facts=texts)
    if u.answered_as == "compare" and u.products and _RIVAL.search(fold(u.text)):
        # the rival is not named back: live-commerce platforms do not allow other brands' names on air
        line = ("We only compare our own measurements, not other brands." if en else "我們不比別家，只講自己實測的數據。")
        return Plan("fact", (line, *texts[:2]), facts=texts)  # the model invents rivals' numbers
    return None


def _a(kind: str) -> str:
    """"a charger", "an eye cream", "a pair of earbuds"."""
    if re.search(r"(?:buds|phones)$", kind):
        return f"a pair of {kind}"
    return f"an {kind}" if kind[:1].lower() in "aeiou" else f"a {kind}"


def _priced_kind(persona: Persona, pid: str, en: bool) -> str:
    """"N9 是手機，2299 元。", "The X1 is a pair of earbuds, 199 yuan.": what it is and what it costs now."""
    p = persona.product(pid)
    n, k = name_of(persona, pid, en), _kind(persona, pid)
    price = format_price(p.price_at(persona.now())) if p is not None else ""
    if k and k.lower() in n.lower():
        k = ""  # "玻尿酸保濕精華，189 元", not "玻尿酸保濕精華是精華"
    if en:
        return f"The {n} is {_a(k)}, {price} yuan." if k else f"The {n} is {price} yuan."
    gap = " " if n[-1:].isascii() else ""
    return f"{n}{gap}是{k}，{price} 元。" if k else f"{n}，{price} 元。"


def _kind(persona: Persona, pid: str) -> str:
    """What the product is, in a word its sheet uses (耳機, charger): the first alias with no digits."""
    p = persona.product(pid)
    if p is None:
        return ""
    return next((a for a in p.aliases if not re.search(r"\d", a) and (a.isascii() or len(a) >= 2)), "")
