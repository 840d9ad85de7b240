"""Checks on what a sentence means, not only which words or numbers it has.

Each check refuses a sentence that would put something false or harmful on air even though
every number in it is on the sheet: running down our own product, agreeing with a viewer's
wrong claim, a price in the wrong role (the list price called the promo price), a rating the
sheet does not give (IP68 for IPX5), a capability it does not state (swimming), an invented
policy or gift, one product called another's kind of thing, a sentence in the wrong language
or mixing two. Evidence comes from the persona's own texts, in every edition.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import datetime

from vhost.guard.numbers import close, extract_claims
from vhost.knowledge import claims as C
from vhost.persona.model import Persona, Product
from vhost.plays.live import LiveFacts
from vhost.text.fold import fold, has_cjk

_RATING = re.compile(r"(?<![a-z])(ip[x0-9]\d|spf\s?\d+\+?|pa\+{1,4})", re.I)
_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9'+-]*")
_CURRENT_ROLE = re.compile(r"(?:活動|活动|優惠|优惠|現在|现在|現價|现价|到手|特價|特价|促銷|促销|限定|換機價|换机价|直播間價|直播间价|now|promo|sale|deal|special)[^，。,.;；]{0,8}$", re.I)
_LIST_ROLE = re.compile(r"(?:原價|原价|(?<!限)定價|(?<!限)定价|原本|平時|平时|regular|original|list price|was|down from|usually)[^，。,.;；]{0,6}$", re.I)
# "發送口令「福袋」", "寄送": a message or a parcel sent, not a gift
_GIFT_ZH = re.compile(r"(?:加送|再送|附贈|附赠|贈送|赠送|附送|還送|还送|(?<![發发傳传寄運运])送(?![達达到貨货出給给您你去的了來来上完光])|贈(?!品)|赠(?!品))\s*(?:一[個个份支瓶]|[個个])?([\u4e00-\u9fffA-Za-z0-9 ]{1,12})")
_GIFT_EN = re.compile(r"(?:comes with a free|get a free|free gift of|free gift is|gift is)\s+(?:an?\s+|the\s+)?([a-z0-9 -]{2,40})", re.I)
_COPULA = r"(?:是|為|为|屬於|属于|算是|也是|is an?|is the|are)"
_BOTH = re.compile(r"都是|都屬於|都属于|兩款都|两款都|both are|are both", re.I)
# a clock time said in a reply ("所以晚上十點才回家手機撐得到", "the draw is at 9pm"): no sheet times a viewer's day, and
# the plays and sales are timed only where the sheet says so ("23:59")
_CLOCK = re.compile(r"(?:早上|上午|中午|下午|傍晚|晚上|夜裡|夜里|半夜|凌晨|今晚|明晚|今早|明早)\s*([0-9]{1,2}|[一二兩两三四五六七八九十]{1,3})\s*[點点]|"
                    r"(?<![0-9:])((?:[01]?[0-9]|2[0-3]):[0-5][0-9])(?![0-9])|(?<![0-9])([0-9]{1,2})\s*(?:am|pm|a\.m\.|p\.m\.)(?![a-z])", re.I)


# "資料卡上沒有寫運費和包郵": a policy named as not stated is a deferral, not a claim ("不包郵" still is)
_UNSTATED = re.compile(r"(?:没有写|没写|没有提到|没提到|没有标|没有列|don'?t have (?:the |our )?|do not have (?:the |our )?|don'?t cover |not (?:on|in) )"
                       r"[^，。,.;；!?！？]{0,12}$", re.I)

# the same, on folded text with no spaces or apostrophes ("idonthavethen9s"): derived, so the two never drift
_UNSTATED_FOLDED = re.compile(_UNSTATED.pattern.replace("'?", "").replace(" ", ""))
UNSTATED = _UNSTATED  # the guard's number check asks it too

def _negated(folded: str, pos: int) -> bool:
    before = folded[max(0, pos - 8) : pos]
    return any(n in before for n in ("不", "没", "别", "勿", "无", "非", "未", "not", "no", "never", "dont", "isnt", "avoid"))


@dataclass(frozen=True)
class _Prod:
    product: Product
    keys: tuple[str, ...]  # folded names, aliases and codes in every edition
    kinds: tuple[str, ...]  # folded generic nouns for what it is (耳機, charger)
    codes: tuple[str, ...]  # folded names and codes that name this product alone (X1, X1 無線藍牙耳機)
    text: str  # folded sheet text in every edition
    current: float
    listed: float
    prices: frozenset[float]
    gifts: tuple[str, ...]  # folded


class Meaning:
    def __init__(self, persona: Persona, at: datetime | None = None, live: LiveFacts | None = None) -> None:
        """live: while a play sets a product's price, its price roles are checked by the guard's LiveCheck."""
        now = at or persona.now()
        self.live = live
        eds = [persona] + [e for e in (persona.edition("en"),) if e is not persona]
        self.prods: list[_Prod] = []
        for p in persona.products:
            versions = [e.product(p.id) or p for e in eds]
            names = {n for v in versions for n in (v.id, v.name, *v.aliases, *v.name.split())}
            keys = tuple(sorted({fold(n) for n in names if len(fold(n)) >= 2}, key=len, reverse=True))
            kinds = tuple(fold(a) for v in versions for a in v.aliases if not re.search(r"\d", a) and len(fold(a)) >= 2)
            codes = tuple(k for k in keys if k not in kinds)
            text = fold(" ".join(_texts(v) for v in versions))
            prices = frozenset({p.price, p.price_at(now), *(b.price for b in p.bundles if b.price is not None)})
            gifts = tuple(fold(re.sub(r"^(?:an?|the)\s+", "", g, flags=re.I)) for v in versions for g in v.gifts)
            self.prods.append(_Prod(p, keys, kinds, codes, text, p.price_at(now), p.price, prices, gifts))
        policy = [r.reply for e in eds for r in e.replies] + [x for e in eds for x in (*e.holding, *e.fillers)]
        self.policy_text = fold(" ".join(policy) + " " + " ".join(pp.text for pp in self.prods))
        # the clock times the sheet does give: when a promotion starts and ends ("到 12 月 31 日 23:59")
        self._times = {f"{t:%H:%M}" for p in persona.products if p.promo is not None for t in (p.promo.starts, p.promo.ends) if t is not None}
        latin = set(C.LATIN_OK)
        for pp in self.prods:
            for v in [persona.product(pp.product.id)]:
                if v is not None:
                    latin |= {w.lower() for w in _LATIN_WORD.findall(_texts(v))}
        latin |= {w.lower() for w in _LATIN_WORD.findall(" ".join(persona.identity.catchphrases[i].text for i in range(len(persona.identity.catchphrases))))}
        self.latin_zh = frozenset(latin)
        self._disparage = tuple(fold(w) for w in C.DISPARAGE)
        self._agree = tuple(fold(w) for w in C.AGREE)
        self._caps = {k: tuple(fold(w) for w in ws) for k, ws in C.CAPABILITIES.items()}
        self._policy = re.compile(C.POLICY_CLAIMS, re.I)

    def mentioned(self, folded: str) -> list[_Prod]:
        return [pp for pp in self.prods if any(k in folded for k in pp.keys)]

    def check(
        self,
        text: str,
        *,
        product: Product | None = None,
        lang: str | None = None,
        bait: Collection[str] = (),
        allow_words: Iterable[str] = (),
    ) -> list[str]:
        folded = fold(text)
        spaced = fold(text, keep_separators=True)
        out: list[str] = []
        named = self.mentioned(folded)
        ctx = named or [pp for pp in self.prods if product is not None and pp.product.id == product.id]
        if lang is not None:
            out.extend(self._language(text, lang, allow_words))
        out.extend(self._disparaging(folded, named, product))
        out.extend(self._bait(folded, bait))
        out.extend(self._roles(text, ctx))
        out.extend(self._ratings(text, ctx or self.prods))
        out.extend(self._capabilities(folded, ctx))
        m = self._policy.search(spaced) or self._policy.search(folded)
        if m and fold(m.group()) not in self.policy_text and not _UNSTATED.search(m.string[: m.start()]):
            out.append(f"policy:{m.group().strip()}")
        out.extend(self._gifts(text, ctx))
        out.extend(self._category(folded, named))
        out.extend(self._clock(text))
        return out

    # -- the checks --------------------------------------------------------------------------
    def _language(self, text: str, lang: str, allow: Iterable[str]) -> list[str]:
        if lang == "en":  # viewers' names (a thanks, a lottery's winners) may be written in Chinese
            bare = text
            for name in sorted((a for a in allow if a), key=len, reverse=True):
                bare = bare.replace(name, "")
            return ["language:chinese in an English reply"] if has_cjk(bare) else []
        if not has_cjk(text):
            return ["language:no Chinese in a Chinese reply"]
        ok = self.latin_zh | {w.lower() for a in allow for w in _LATIN_WORD.findall(a)}
        # a code (X1, 5000mAh) or an acronym as Chinese text writes it (NFC, BSMI) is not English drifting in
        bad = [w for w in _LATIN_WORD.findall(text) if w.lower() not in ok and not re.fullmatch(r"[A-Za-z]?\d+[A-Za-z+]*|[A-Z]{2,5}", w)]
        return [f"mixed:{bad[0]}"] if bad else []

    def _disparaging(self, folded: str, named: list[_Prod], product: Product | None) -> list[str]:
        if not (named or product is not None):
            return []
        for w in self._disparage:
            i = folded.find(w)
            if i < 0:
                continue
            if w.startswith("不") and i > 0 and len(w) > 1 and folded[i - 1] == w[1]:
                continue  # 能不能用: a question, not a verdict
            if w.startswith("不") or not _negated(folded, i):
                return [f"disparage:{w}"]
        return []

    def _bait(self, folded: str, bait: Collection[str]) -> list[str]:
        if not bait:
            return []
        out = []
        for b in bait:
            fb = fold(b)
            if not fb:
                continue
            for m in re.finditer(re.escape(fb), folded):
                digit_edge = fb[0].isdigit() and m.start() > 0 and folded[m.start() - 1].isdigit()
                if not digit_edge and not (m.end() < len(folded) and fb[-1].isdigit() and folded[m.end()].isdigit()) and not _negated(folded, m.start()) \
                        and not _UNSTATED_FOLDED.search(folded[: m.start()]):  # named as not on the sheet: no agreement
                    out.append(f"bait:{b}")
                    break
        head = folded[:4]
        if any(head.startswith(a) for a in self._agree):
            out.append("bait:agrees")
        return out

    def _roles(self, text: str, ctx: list[_Prod]) -> list[str]:
        theirs: set[float] = set()  # figures of products whose price a play sets: the guard's LiveCheck judges those
        if self.live is not None:
            for pp in ctx:
                if (lp := self.live.live_price(pp.product.id)) is not None:
                    theirs |= {lp.price, *pp.prices}
            ctx = [pp for pp in ctx if self.live.live_price(pp.product.id) is None]
        if not ctx:
            return []
        out = []
        for c in extract_claims(text):
            if c.kind != "price" or c.value == 0 or any(close(c.value, x) for x in theirs):
                continue
            i = text.find(c.text)
            before = text[max(0, i - 12) : max(0, i)]
            if _LIST_ROLE.search(before):
                if not any(close(c.value, pp.listed) for pp in ctx):
                    out.append(f"price_role:{c.text} is not the list price")
            elif _CURRENT_ROLE.search(before) and not any(
                close(c.value, x) for pp in ctx for x in pp.prices if x != pp.listed or pp.listed == pp.current
            ):  # "活動價 2499": the list price (or another product's) said as the price now
                out.append(f"price_role:{c.text} is not the current price")
        return out

    def _ratings(self, text: str, ctx: list[_Prod]) -> list[str]:
        out = []
        for m in _RATING.finditer(text):
            code = fold(m.group())
            if not any(code in pp.text for pp in ctx):
                out.append(f"rating:{m.group().upper()}")
        return out

    def _capabilities(self, folded: str, ctx: list[_Prod]) -> list[str]:
        if not ctx:
            return []
        for cap, words in self._caps.items():
            for w in words:
                i = folded.find(w)
                if i < 0 or _negated(folded, i) or _UNSTATED_FOLDED.search(folded[:i]):
                    continue  # "I don't have the N9's NFC in my notes": a deferral, not a claim
                if any(w in pp.text for pp in ctx):
                    continue
                if cap == "immersion" and any(r in pp.text for pp in ctx for r in C.IMMERSION_RATINGS):
                    continue
                return [f"unsupported:{w}"]
        return []

    def _gifts(self, text: str, ctx: list[_Prod]) -> list[str]:
        pool = ctx or self.prods
        gifts = [g for pp in pool for g in pp.gifts]
        for m in [*_GIFT_ZH.finditer(text), *_GIFT_EN.finditer(text)]:
            start = m.start()
            if _negated(fold(text[max(0, start - 6) : start]), 6):
                continue
            phrase = fold(m.group(1))
            if not any(phrase.startswith(g) or (len(phrase) >= 3 and g.startswith(phrase) and len(phrase) >= len(g) - 1) for g in gifts):
                return [f"gift:{m.group(1).strip()}"]
        return []

    def _clock(self, text: str) -> list[str]:
        for m in _CLOCK.finditer(text):
            if m.group(2) not in self._times and fold(m.group()) not in self.policy_text and not _UNSTATED.search(fold(text[: m.start()], keep_separators=True)):
                return [f"clock:{m.group().strip()}"]  # a time the sheet does not give
        return []

    def _category(self, folded: str, named: list[_Prod]) -> list[str]:
        if len(named) >= 2 and _BOTH.search(folded):
            return ["category:two products called one kind"]
        by_code = [pp for pp in named if any(c in folded for c in pp.codes)]
        for pp in by_code:
            others = [k for q in self.prods if q is not pp and q not in by_code for k in q.kinds if k not in pp.kinds]
            for key in pp.codes:
                for k in others:
                    if re.search(rf"{re.escape(key)}.{{0,3}}{_COPULA}.{{0,10}}{re.escape(k)}", folded):
                        return [f"category:{key} is not a {k}"]
        return []


def _texts(p: Product) -> str:
    parts = [p.name, *p.aliases, *p.selling_points, *p.gifts, *p.compliance_notes]
    parts += [f"{k} {v}" for k, v in p.specs.items()] + [f.a for f in p.faqs] + [b.name for b in p.bundles]
    return " ".join(parts)
