"""The knowledge base a persona implies: every fact it may state, as sentences, by language.

Built from the sheets alone, so authors write facts once, not a rule per phrasing: each price
in its role (list, promo with its dates, bundle), stock, every spec, FAQ and selling point,
gifts (and that there are none), and the policies written as reply rules (how to buy,
shipping, returns, warranty...). A fact knows which attributes it answers, the sentence
that states it, and the tokens (numbers, codes) an answer must contain to have stated it.
English facts come from the persona's English edition when it has one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from vhost.knowledge.attributes import attributes_in, value_tokens
from vhost.knowledge.lexicon import INTENTS, POLICY_INTENTS
from vhost.persona.model import Persona, Product, Promo, ReplyRule
from vhost.persona.templates import format_price
from vhost.persona.variables import safe_render
from vhost.text.fold import fold


def rule_intent(rule: ReplyRule) -> str | None:
    if rule.intent:
        return rule.intent
    guess = {"genuine": "authenticity", "buy": "how_to_buy", "delivery": "shipping", "refund": "returns"}.get(rule.id)
    guess = guess or rule.id.replace("-", "_")
    return guess if guess in INTENTS else None


@dataclass(frozen=True)
class Fact:
    id: str
    product: str | None  # None: a policy of the stream, not of one product
    # price | promo | stock | spec | faq | point | bundle | apart (a set's items one by one) | gift | policy | step (of a 砍價 ladder)
    # | total (what several come to, worked out for one question)
    kind: str
    intents: frozenset[str]
    attrs: frozenset[str]
    text: str  # a sentence that states it, in the knowledge base's language
    must: tuple[str, ...] = ()  # folded tokens a sentence must hold to have stated it
    cue: str = ""  # what it is about, for retrieval (key, FAQ keywords, the sentence)
    rule: str | None = None  # the reply rule it came from


SHEET_LINES = ("spec", "faq", "point")  # a product's own lines, that an attribute is asked of


@dataclass
class KnowledgeBase:
    persona: Persona  # the edition the facts are written in
    lang: str  # zh | en
    facts: list[Fact] = field(default_factory=list)

    def of(self, product: str | None) -> list[Fact]:
        return [f for f in self.facts if f.product == product]

    def policies(self) -> list[Fact]:
        return [f for f in self.facts if f.kind == "policy"]

    def find(self, product: str | None, kind: str) -> Fact | None:
        return next((f for f in self.facts if f.product == product and f.kind == kind), None)

    def attrs_of(self, product: str) -> set[str]:
        """What the product's own sheet lines speak to (its spec, FAQ and selling points)."""
        return {a for f in self.facts if f.product == product and f.kind in SHEET_LINES for a in f.attrs}

    def products_with(self, attr: str) -> set[str]:
        return {f.product for f in self.facts if f.product and attr in f.attrs and f.kind in ("spec", "faq", "point", "script")}


_PROPER = {"bluetooth": "Bluetooth", "ram": "RAM", "nfc": "NFC", "spf": "SPF", "pa": "PA", "usb": "USB"}
_CODED = re.compile(r"(?=[0-9A-Za-z]*\d)(?=[0-9A-Za-z]*[A-Za-z])[0-9A-Za-z]{2,6}")  # 2C1A: digits and letters, no unit


def be(name: str) -> str:
    """"The X1 Wireless Earbuds are", "the Clear Sunscreen Lotion is"."""
    last = name.split()[-1] if name.split() else ""
    return "are" if last.endswith("s") and not last.endswith("ss") and last[:1].isupper() else "is"


def _short(p: Product) -> str:
    m = re.match(r"^([A-Za-z]*\d+[A-Za-z0-9]*)\b", p.name)
    return m.group(1) if m else p.name


_N = {2: "兩件", 3: "三件", 4: "四件"}


def _items(items: list[str] | tuple[str, ...], en: bool) -> str:
    """A set's contents with counts: "兩件絲絨霧面脣膏", not "絲絨霧面脣膏和絲絨霧面脣膏"."""
    counts: dict[str, int] = {}
    for it in items:
        counts[it] = counts.get(it, 0) + 1
    parts = [(f"{n} x {it}" if en else f"{_N.get(n, f'{n} 件')}{it}") if n > 1 else it for it, n in counts.items()]
    return (" and ".join(parts) if en else "和".join(parts)) if parts else ""


def _date(d: datetime, en: bool) -> str:
    return d.strftime("%B %-d") if en else f"{d.month} 月 {d.day} 日"


class _Builder:
    def __init__(self, persona: Persona, lang: str, at: datetime) -> None:
        self.p, self.lang, self.at, self.en = persona, lang, at, lang == "en"
        self.out: list[Fact] = []
        # product codes and names are not facts: an answer need not repeat them
        self.names = {fold(x) for pr in persona.products for x in (pr.id, pr.name, _short(pr), *pr.aliases)}

    def add(self, fid: str, product: Product | None, kind: str, intents: set[str], text: str, *,
            attrs: set[str] | None = None, must: tuple[str, ...] = (), cue: str = "", rule: str | None = None) -> None:  # fmt: skip
        text = text.strip()
        if not text:
            return
        found = attributes_in(f"{cue} {text}") if attrs is None else attrs
        pid = product.id if product else None
        must = tuple(m for m in must if m not in self.names)
        self.out.append(Fact(f"{pid or 'policy'}:{fid}", pid, kind, frozenset(intents), frozenset(found), text, must, f"{cue} {text}".strip(), rule))

    def product(self, prod: Product) -> None:
        en, name, short = self.en, self.p_name(prod), _short(prod)
        now = prod.price_at(self.at)
        promo = prod.promo if prod.promo is not None and prod.promo.active(self.at) else None
        cur, lst = format_price(now), format_price(prod.price)
        if promo is not None:
            label = promo.label if promo.label and (not en or promo.label.isascii()) else ("promo price" if en else "活動價")
            until = f" until {_date(promo.ends, True)}" if en and promo.ends else (f"，活動到 {_date(promo.ends, False)}" if promo.ends else "")
            price = (f"The {name} {be(name)} {cur} yuan now with the {label}, down from {lst}." if en
                     else f"{name}現在是{label} {cur} 元，原價 {lst} 元。")  # fmt: skip
            saved = format_price(prod.price - now) if prod.price > now else ""
            save = (f", {saved} yuan off" if en else f"，省 {saved} 元") if saved else ""
            promo_text = (f"The {name} {be(name)} {cur} yuan with the {label}{until}, down from {lst}{save}." if en
                          else f"{name}的{label}是 {cur} 元{until}，原價 {lst} 元{save}。")  # fmt: skip
            self.add("price", prod, "price", {"price"}, price, attrs=set(), must=(cur,), cue="price 價格 多少錢")
            end_token = (fold(_date(promo.ends, en)),) if promo.ends else ()
            self.add(
                "promo",
                prod,
                "promo",
                {"promo"},
                promo_text,
                attrs=set(),
                must=(cur, *end_token),
                cue="promo 優惠 折扣 活動",
            )
        else:
            price = f"The {name} {be(name)} {cur} yuan." if en else f"{name}現在是 {cur} 元。"
            self.add("price", prod, "price", {"price"}, price, attrs=set(), must=(cur,), cue="price 價格 多少錢")
            none = (f"The {name} {be(name)} {cur} yuan in this stream; there is no discount right now." if en
                    else f"{name}直播間價格是 {cur} 元，目前沒有折扣。")  # fmt: skip
            self.add("promo", prod, "promo", {"promo"}, none, attrs=set(), must=(cur,), cue="promo 優惠 折扣")
        if prod.flash is not None:
            self.flash(prod, name, promo, cur)
        if prod.bargain is not None:
            self.ladder(prod, name)
        if prod.stock == 0:
            stock = f"The {name} {be(name)} sold out." if en else f"{name}已經賣完了。"
            self.add("stock", prod, "stock", {"stock"}, stock, attrs=set(), cue="stock 庫存 有貨 賣完")
        elif prod.stock is not None:
            stock = f"We have {prod.stock} units of the {name} left." if en else f"{name}目前還有 {prod.stock} 件。"
            self.add("stock", prod, "stock", {"stock"}, stock, attrs=set(), must=(str(prod.stock),), cue="stock 庫存 有貨")
        else:
            stock = "Stock is shown in the cart." if en else "庫存以購物車顯示為準。"
            self.add("stock", prod, "stock", {"stock"}, stock, attrs=set(), cue="stock 庫存")
        for i, b in enumerate(prod.bundles):
            bp = format_price(b.price) if b.price is not None else cur
            items = _items(b.items, en)
            off = self.p.bundle_saving(b, self.at)
            less = (f", {format_price(off)} yuan less than buying them one by one" if en else f"，比分開買省 {format_price(off)} 元") if off else ""
            text = (f"The {b.name} is {bp} yuan" + (f", with {items}" if items else "") + less + "." if en
                    else f"{b.name} {bp} 元" + (f"，包含{items}" if items else "") + less + "。")  # fmt: skip
            self.add(f"bundle{i}", prod, "bundle", {"bundle", "price"}, text, attrs=set(), must=(bp,), cue=f"bundle 組合 套裝 {b.name}")
            parts = self.p.bundle_items(b)
            if off and parts and all(parts):  # "單買呢": what its items come to bought one by one, each at today's price
                counts: dict[str, tuple[Product, int]] = {}
                for q in parts:
                    assert q is not None
                    counts[q.id] = (q, counts.get(q.id, (q, 0))[1] + 1)
                total = format_price(sum(q.price_at(self.at) * n for q, n in counts.values()))
                each = [(self.p_name(q), format_price(q.price_at(self.at)), n) for q, n in counts.values()]
                text = ("Bought one by one: " + " plus ".join(f"{n} x {w} at {v} yuan each" if n > 1 else f"the {w} at {v} yuan" for w, v, n in each)
                        + f", {total} yuan in all." if en else "分開買是" + "加".join(f"{_N.get(n, f'{n} 件')}{w}各 {v} 元" if n > 1 else f"{w} {v} 元"
                                                                             for w, v, n in each) + f"，一共 {total} 元。")  # fmt: skip
                self.add(f"apart{i}", prod, "apart", {"bundle"}, text, attrs=set(), must=(total,), cue=f"bundle 單買 分開買 {b.name}")
        if prod.gifts:
            gifts = (", ".join(prod.gifts) if en else "、".join(prod.gifts))
            text = f"The free gift with the {name} is {gifts}." if en else f"{name}的贈品是{gifts}。"
            core = re.sub(r"^(?:an?|the)\s+", "", prod.gifts[0], flags=re.I)
            self.add("gift", prod, "gift", {"gift"}, text, attrs=set(), must=(fold(core),), cue="gift 贈品 送")
        else:
            # no gift on the sheet: said as none (viewers ask "送線嗎" to hear yes or no), and where the final word is
            text = (f"No free gift is listed with the {name}; please check the cart page for the final details." if en
                    else f"{name}這次沒有贈品，資料卡上沒有列，以購物車頁面為準。")  # fmt: skip
            self.add("gift", prod, "gift", {"gift"}, text, attrs=set(), cue="gift 贈品 送")
        faq_texts: list[str] = []
        for i, f in enumerate(prod.faqs):
            ans = safe_render(f.a, self.p, prod)
            if not ans:
                continue
            faq_texts.append(ans)
            cue = " ".join(f.q)
            self.add(f"faq{i}", prod, "faq", {"spec", "usage", "suitability"}, ans, attrs=attributes_in(cue) | attributes_in(ans, strict=True),
                     must=value_tokens(ans), cue=cue)  # fmt: skip
        for i, sp in enumerate(prod.selling_points):
            text = f"The {short}: {sp}." if en else f"{short}{' ' if short.isascii() else '，'}{sp}。"
            if en and not sp[:1].islower():
                text = f"{sp.rstrip('.')}, on the {short}." if len(sp) < 60 else sp.rstrip(".") + "."
            self.add(f"point{i}", prod, "point", {"spec", "usage", "suitability", "recommend"}, text,
                     attrs=attributes_in(sp), must=value_tokens(sp), cue=sp)  # fmt: skip
        for key, val in prod.specs.items():
            # an authored sentence that says this value beats a generated one
            said = next((t for t in faq_texts if fold(val) in fold(t)), None)
            said = said or next((f"{short}{' ' if short.isascii() else '，'}{sp}。" for sp in prod.selling_points if fold(val) in fold(sp) and not en), None)
            if said is None and _CODED.fullmatch(val.strip()):
                # "接口: 2C1A" is shorthand; the selling point on the same thing says it ("三個接口，兩個 USB-C 一個 USB-A")
                point = next((sp for sp in prod.selling_points if attributes_in(key) & attributes_in(sp)), None)
                if point is not None:
                    said = f"The {short}: {point.rstrip('.')}." if en else f"{short}{' ' if short.isascii() else '，'}{point}。"
            if fold(val).strip() in ("none", "no", "无", "没有", "不含"):  # "酒精: 無": what it leaves out
                text = said or (f"The {short} is {key}-free, no {key} in it." if en else f"{short}不含{key}。")
            else:
                shown = _PROPER.get(key.lower(), key) if en else key  # "The X1's Bluetooth is 5.3", not "bluetooth"
                text = said or (f"The {short}'s {shown} is {val}." if en else f"{short}的{key}是 {val}。")
            must = (value_tokens(val) or (fold(val),)) if fold(val) in fold(text) else value_tokens(text)  # what the line says
            self.add(f"spec:{key}", prod, "spec", {"spec"}, text, attrs=attributes_in(f"{key} {val}"), must=must, cue=f"{key} {val}")

    def flash(self, prod: Product, name: str, promo: Promo | None, cur: str) -> None:
        """The flash sale asked of ("秒殺有幾支"): its figures while it runs (the view's promo is the flash
        price, its stock the flash units), else when and where they are given, with no number."""
        from vhost.plays.live import label_for

        label = label_for(prod, "flash")
        running = promo is not None and promo.label == label
        if self.en and not label.isascii():
            label = "flash sale price"
        if running:
            left = f", {prod.stock} left" if self.en and prod.stock is not None else (f"，還剩 {prod.stock} 件" if prod.stock is not None else "")
            text = f"The {name} {be(name)} {cur} yuan at the {label} now{left}." if self.en else f"{name}現在是{label} {cur} 元{left}。"
            must: tuple[str, ...] = (cur,)
        else:  # told ahead as the flash price, bare, with its units: never as the price now
            f = prod.flash
            assert f is not None
            fp = format_price(f.price)
            span = _window(int(f.window_s or 0), self.en)  # how long it runs: 限時 2 分鐘, for 90 seconds
            text = (f"The {name}'s {label} opens in its own segment: flash price {fp}, {f.stock} units{span}; the cart shows it then." if self.en
                    else f"{name}的秒殺在秒殺時段開始：秒殺價 {fp}，限量 {f.stock} 件{span}，到時在購物車搶。")  # fmt: skip
            must = (fp,)
            # when it opens, with no figure: said beside the price now to a viewer who took the flash price for today's
            when = (f"The {name}'s {label} opens in its own segment; the cart shows it then." if self.en
                    else f"{name}的秒殺要等秒殺時段開始，到時在購物車搶。")  # fmt: skip
            self.add("flash_ahead", prod, "flash_ahead", set(), when, attrs=set(), must=(), cue="")
            if f.price < float(cur):  # "秒殺價比平時便宜多少", "過了就回39了": the usual price beside it, and the difference
                off = format_price(float(cur) - f.price)
                vs = (f"The {name} {be(name)} usually {cur} yuan; the flash price is {fp}, {off} yuan less." if self.en
                      else f"{name}平時是 {cur} 元，秒殺價 {fp}，便宜 {off} 元。")  # fmt: skip
                self.add("flash_saving", prod, "flash_saving", set(), vs, attrs=set(), must=(fp, off), cue="")
        self.add("flash", prod, "flash", {"promo", "stock", "price"}, text, attrs=set(), must=must, cue=f"flash 秒殺 限時 {label}")

    def ladder(self, prod: Product, name: str) -> None:
        """What each step of the product's bargain ladder asks of the room and what it unlocks ("點讚 2000
        個解鎖 2199"): a step's price is said as a goal, bare, never as the price now in 元 (the guard holds a
        price said as one to that)."""
        from vhost.plays.lines import goal

        lad = prod.bargain
        assert lad is not None
        steps = []
        for st in lad.steps:
            kind, target = st.goal
            if kind == "approval":
                what = "last, a call-in the host approves" if self.en else "最後一檔等主播連麥同意，"
            elif kind == "gift_cny":  # the gift total bare: "300 元" on its own reads as a price
                what = f"gifts worth {target:g}" if self.en else f"禮物累計 {target:g} "
            else:
                what = goal(kind, target, lad.keyword, self.en)[0]
            steps.append(f"{what}: {format_price(st.price)}" if self.en else f"{what}解鎖 {format_price(st.price)}")
            # each step alone too, for a viewer who has one of them wrong ("點讚1000就能砍到179吧")
            if kind == "approval":
                one = (f"The last step, {format_price(st.price)}, takes a call-in the host approves." if self.en
                       else f"最後一檔 {format_price(st.price)} 要等主播連麥同意。")  # fmt: skip
            else:
                one = f"It takes {what} to unlock {format_price(st.price)}." if self.en else f"{what}解鎖 {format_price(st.price)}。"
            self.add(f"step:{kind}", prod, "step", {"bargain"}, one, attrs=set(), cue=f"bargain {kind}", must=(format_price(st.price),))
        n = len(steps)
        text = (f"The {name} bargain has {n} steps; while it runs it unlocks: " + "; ".join(steps) + "." if self.en
                else f"{name}的砍價一共 {n} 檔，開始後，" + "，".join(steps) + "。")  # fmt: skip
        self.add("ladder", prod, "policy", {"bargain"}, text, attrs=set(), cue=f"bargain 砍價 {lad.keyword} 點讚 幾檔",
                 must=tuple(format_price(st.price) for st in lad.steps))

    def pitch_lines(self) -> None:
        """What the persona's own pitch says of a product beyond its sheet ("上妝前擦也不搓泥", "洗臉後兩到三
        滴就夠"): the author's words, so the host may answer with them. Lines that state a price are left to
        the price facts (they change with promos and plays)."""
        said = " ".join(fold(f.text) for f in self.out)
        for seg in self.p.rundown.segments:
            prod = self.p.product(seg.product) if seg.product else None
            if seg.kind not in ("pitch", "theme") or (prod is None and seg.kind == "pitch"):
                continue
            for i, line in enumerate(seg.script):
                # a theme's line is about the products it names ("先用精華，再用面霜"): each of them
                for p in [prod] if prod is not None else self._named(line):
                    text = safe_render(line, self.p, p)
                    if not text or re.search(r"元|yuan|[¥$]|\{", text) or fold(text) in said or any(fold(g) in fold(text) for g in p.gifts):
                        continue  # a price or a gift: their own facts say it
                    self.add(f"script:{seg.id}:{i}", p, "script", {"spec", "usage", "suitability"}, text, cue=text,
                             attrs=attributes_in(text, strict=True))

    def _named(self, line: str) -> list[Product]:
        f = fold(line)
        return [p for p in self.p.products if any(len(fold(a)) >= 2 and fold(a) in f for a in (p.name, *p.aliases))]

    def p_name(self, prod: Product) -> str:
        return prod.name

    def plays(self) -> set[str]:
        """How to join the rundown's lottery and what it gives, from its own config (the intents stated)."""
        from vhost.plays.lines import rules, ways

        for seg in self.p.rundown.segments:
            c = seg.lottery
            if c is None:
                continue
            name = seg.title or ("the giveaway" if self.en else "抽獎")
            how = ways(c, self.en)  # "送出 1 元以上的禮物": the guard knows a giveaway's smallest gift in these words
            window = f"{c.window_s:g}"
            text = (f"{name}: the prize is {c.prize}, {c.winners} winner{'s' if c.winners != 1 else ''}; to join, {how[:1].lower() + how[1:]} "
                    f"in the {window} seconds it is open; {rules(c, True)}the countdown and the draw's verification code are on screen."
                    if self.en else
                    f"{name}送的是{c.prize}，抽 {c.winners} 位，開始後 {window} 秒內{how}就能參加，{rules(c, False)}倒數和開獎驗證碼都在畫面上。")  # fmt: skip
            self.add(f"play:{seg.id}", None, "policy", {"lottery"}, text, attrs=set(), must=(fold(c.prize),),
                     cue=f"lottery 抽獎 福袋 盲盒 {name}")  # fmt: skip
            return {"lottery"}
        return set()

    def policies(self, stated: frozenset[str] | set[str] = frozenset()) -> None:
        for rule in self.p.replies:
            intent = rule_intent(rule)
            if intent is None and rule.product is None and (about := attributes_in(" ".join(rule.keywords))):
                # the persona's general advice on a concern ("敏感肌": a patch test first): who a product suits
                text = safe_render(rule.reply, self.p, None)
                if text:
                    self.add(f"advice:{rule.id}", None, "advice", {"suitability"}, text, attrs=about, cue=" ".join(rule.keywords), rule=rule.id)
                continue
            if intent not in POLICY_INTENTS or rule.product is not None or intent in stated:
                continue
            # a template that names the product ("{{ product.name }}"), not a line that says "the product page"
            if re.search(r"\{[{%][^}]*\b(?:product|price|list_price|promo|stock)\b", rule.reply):
                for prod in self.p.products:  # a product template: one fact per product
                    text = safe_render(rule.reply, self.p, prod)
                    if text:
                        self.add(f"policy:{rule.id}", prod, "policy", {intent}, text, attrs=set(), cue=" ".join(rule.keywords), rule=rule.id)
                continue
            text = safe_render(rule.reply, self.p, None)
            if text:
                self.add(f"policy:{rule.id}", None, "policy", {intent}, text, attrs=set(), cue=" ".join(rule.keywords), rule=rule.id)


def build(persona: Persona, lang: str, at: datetime | None = None) -> KnowledgeBase:
    """The facts of `persona` (already the edition for `lang`), stated in `lang` (zh | en)."""
    b = _Builder(persona, lang, at or persona.now())
    for prod in persona.products:
        b.product(prod)
    b.pitch_lines()
    b.policies(b.plays())  # the play's own config says how to join, not a rule written beside it
    return KnowledgeBase(persona, lang, b.out)


LIVE_KINDS = ("price", "promo", "stock", "flash")


def restate(facts: tuple[Fact, ...], persona: Persona, lang: str, live: object, at: datetime | None = None) -> tuple[Fact, ...]:
    """Price, promo and stock facts of a product a play touches (a bargain step, a flash sale,
    stock called back by the shop), stated as they stand on air now (vhost.plays.live)."""
    from vhost.plays.live import live_product

    out: list[Fact] = []
    fresh: dict[str, dict[str, Fact]] = {}
    for f in facts:
        prod = persona.product(f.product) if f.kind in LIVE_KINDS else None
        if prod is None:
            out.append(f)
            continue
        if prod.id not in fresh:
            view = live_product(prod, live)  # type: ignore[arg-type]
            b = _Builder(persona, lang, at or persona.now())
            if view is not prod:
                b.product(view)
            fresh[prod.id] = {x.id: x for x in b.out}
        out.append(fresh[prod.id].get(f.id, f))
    return tuple(out)


def _window(secs: int, en: bool) -> str:
    """A flash sale's window as said after its units: "，限時 2 分鐘", ", for 90 seconds"; "" with none."""
    if not secs:
        return ""
    if secs % 60:
        return f", for {secs} seconds" if en else f"，限時 {secs} 秒"
    mins = secs // 60
    return f", for {mins} minute{'s' if mins > 1 else ''}" if en else f"，限時 {mins} 分鐘"
