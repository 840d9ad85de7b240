"""The last gate before speech: every sentence, whoever wrote it, is checked here.

Everything is compiled at construction so a check costs well under a millisecond.
Operator lines warn instead of blocking (unless compliance.operator_lines is "block"):
a human anchor typing a line stays in charge, but sees why it is risky.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Collection
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from vhost.errors import ConfigError
from vhost.guard import patterns as P
from vhost.guard.live import LiveCheck, said_before, spots
from vhost.guard.meaning import UNSTATED, Meaning
from vhost.guard.numbers import Claim, close, discount_value, extract_claims, sheet_numbers, sheet_specs
from vhost.guard.terms import TermList, TermMatcher, load_terms, parse_terms
from vhost.knowledge.many import counted
from vhost.llm.prompt import instruction_text
from vhost.persona.model import Persona, Product
from vhost.plays.lines import GIFT_FLOOR_AFTER, gift_floors
from vhost.plays.live import GOAL_BEFORE, LiveFacts
from vhost.text.fold import fold, has_cjk

_REPO = Path(__file__).resolve().parents[2]
DEFAULT_TERMS = _REPO / "personas" / "common" / "adlaw_banned.txt"
ABUSE_TERMS = _REPO / "personas" / "common" / "chat_blocklist.txt"  # the host never says what chat may not
# used when the shipped file is missing (an installed wheel without personas/)
_BUILTIN = ("最", "第一", "国家级", "全网最低", "顶级", "极品", "100%有效", "永久", "万能", "!最近", "!第一次", "!第一步")
LEAK_NGRAM = 12
LENGTH_TOLERANCE = 1.25
TEMPLATE_LENGTH_TOLERANCE = 2.5
EN_CHARS_PER_ZH = 3


@dataclass(frozen=True, slots=True)
class Verdict:
    ok: bool
    reasons: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Sheet:
    product: Product
    keys: tuple[str, ...]  # folded name + aliases, to see which product a sentence is about
    prices: frozenset[float]
    numbers: frozenset[float]
    specs: frozenset[tuple[float, str]]  # (value, unit class): 4.8 克 is not 4.8 小時
    stock: int | None
    discount: float | None  # in 折 (tenths paid) when a promo is active
    current: float = 0.0  # the price now ("一起是 328 元": the products named, added up)


def _savings(persona: Persona, p: Product, now: datetime) -> frozenset[float]:
    """What the sets the product is sold in save against buying their items one by one ("比分開買省 39 元"), and
    what those items come to ("分開買是兩件精華各 189 元，一共 378 元")."""
    return frozenset(v for b in persona.bundles_with(p) if (x := persona.bundle_saving(b, now)) is not None  # not None: b.price is set
                     for v in (x, round(x + (b.price or 0.0), 2)))


def _resolve(include: str, base: Path | None) -> Path:
    p = Path(include)
    if p.is_absolute():
        return p
    for root in (base, Path.cwd(), _REPO / "personas", _REPO):
        if root is not None and (root / p).exists():
            return root / p
    return (base or Path.cwd()) / p


def _ngrams(text: str, n: int) -> frozenset[str]:
    f = fold(text)
    return frozenset(f[i : i + n] for i in range(max(0, len(f) - n + 1)))


class Guard:
    def __init__(self, persona: Persona, *, base_dir: Path | None = None, at: datetime | None = None,
                 live: LiveFacts | None = None) -> None:  # fmt: skip
        """live: the plays' prices and stock on air now (a bargain step, a flash sale, callbacks)."""
        self.persona = persona
        self.live = live
        self._live = LiveCheck(live) if live is not None else None
        comp = persona.compliance
        lists: list[TermList] = []
        if DEFAULT_TERMS.exists():
            lists.append(load_terms(DEFAULT_TERMS))
        else:
            lists.append(parse_terms(_BUILTIN))
        for inc in comp.include:
            lists.append(load_terms(_resolve(inc, base_dir)))
        lists.append(parse_terms(comp.banned))
        merged = TermList(
            tuple(t for tl in lists for t in tl.banned), tuple(a for tl in lists for a in tl.allowed)
        )
        if not merged.banned:
            raise ConfigError(f"persona {persona.id}: no banned terms loaded")
        self._terms = TermMatcher(merged)
        self._abuse: TermMatcher | None = None
        if ABUSE_TERMS.exists():
            abuse = load_terms(ABUSE_TERMS)
            self._abuse = TermMatcher(TermList(tuple(t.lstrip("~") for t in abuse.banned), abuse.allowed))
        self._taboo = tuple((fold(t), t) for t in persona.identity.taboo_topics if fold(t))
        self._medical = not comp.medical_claims
        self._block_operator = comp.operator_lines == "block"
        self._max_chars = persona.identity.max_sentence_chars
        protected = {fold(c.text) for c in persona.identity.catchphrases} | {fold(persona.identity.address)}
        self._leak = frozenset(g for g in _ngrams(instruction_text(persona), LEAK_NGRAM) if g not in protected)
        now = at or persona.now()
        en = persona.edition("en")
        # a giveaway's own figures ("開始後 150 秒內參加") are the rundown's settings: spec numbers like the sheet's
        play = frozenset((float(seg.lottery.window_s), "s") for seg in persona.rundown.segments if seg.lottery is not None)
        # a giveaway's smallest gift ("送出 1 元以上的禮物就能參加"): a gift's value, in its own words only
        self._gift_floors = gift_floors(persona)
        self._sheets = tuple(replace(s, specs=s.specs | play, prices=s.prices | _savings(persona, s.product, now)) for s in
                             (self._sheet(p, now, en.product(p.id) if en is not persona else None) for p in persona.products))
        self._meaning = Meaning(persona, now, live)

    @staticmethod
    def _sheet(p: Product, now: datetime, other: Product | None = None) -> _Sheet:
        """other: the same product in another edition (its names count as mentions)."""
        current = p.price_at(now)
        prices = {p.price, current, *(b.price for b in p.bundles if b.price is not None)}
        if p.gifts:
            prices.add(0.0)  # 贈品免費送
        if current < p.price:
            prices.add(round(p.price - current, 2))  # 省 50 元
        texts = [p.name, *p.aliases, *p.selling_points, *p.gifts, *p.compliance_notes]
        texts += [f"{k} {v}" for k, v in p.specs.items()]
        texts += [f.a for f in p.faqs] + [b.name for b in p.bundles]
        names = {p.name, *p.aliases, *p.name.split()}
        if other is not None:
            names |= {other.name, *other.aliases, *other.name.split()}
            texts += [other.name, *other.selling_points, *(f"{k} {v}" for k, v in other.specs.items()), *(f.a for f in other.faqs)]
        keys = tuple(k for k in {fold(n) for n in names} if len(k) >= 2)
        disc = round(current / p.price * 10, 2) if p.price and current < p.price else None
        return _Sheet(
            p, keys, frozenset(round(x, 2) for x in prices), frozenset(sheet_numbers(texts)),
            frozenset(sheet_specs(texts)), p.stock, disc, current,
        )  # fmt: skip

    def check(
        self,
        text: str,
        *,
        product: Product | None = None,
        origin: str = "llm",
        extra_numbers: Collection[float] = (),
        lang: str | None = None,
        bait: Collection[str] = (),
        allow_words: Collection[str] = (),
    ) -> Verdict:
        """lang: the language being spoken (a sentence in another, or mixing two, is refused);
        bait: claims of the viewer's that the sheet contradicts (never agreed with);
        allow_words: names that may appear in a Chinese sentence (viewers addressed)."""
        reasons = self._reasons(text, product, extra_numbers, origin)
        reasons += tuple(self._meaning.check(text, product=product, lang=lang, bait=bait, allow_words=allow_words))
        if origin == "operator" and not self._block_operator:
            return Verdict(True, (), reasons)
        return Verdict(not reasons, reasons, ())

    def _reasons(self, text: str, product: Product | None, extra: Collection[float], origin: str) -> tuple[str, ...]:
        out: list[str] = []
        folded = fold(text)
        if not folded or not re.search(r"\w", folded):
            return ("empty",)
        out.extend(f"banned:{t}" for t in dict.fromkeys(self._terms.find(text)))
        if self._abuse is not None:
            out.extend(f"abuse:{t}" for t in dict.fromkeys(self._abuse.find(text)))
        if P.ROLE_MARKER.search(text):
            out.append("leak:role_marker")
        if P.AI_DISCLAIMER.search(text) or P.AI_DISCLAIMER.search(folded):
            out.append("leak:ai")
        if self._leak and len(folded) >= LEAK_NGRAM and any(
            folded[i : i + LEAK_NGRAM] in self._leak for i in range(len(folded) - LEAK_NGRAM + 1)
        ):
            out.append("leak:system_prompt")
        if P.URL.search(text):
            out.append("url")
        if P.CN_MOBILE.search(re.sub(r"[\s-]", "", text)) or any(
            sum(c.isdigit() for c in m.group()) >= 7 for m in P._DIGIT_RUN.finditer(text)
        ):
            out.append("phone")
        m = P.CONTACT.search(folded)
        if m:
            out.append(f"contact:{m.group()}")
        if self._medical:
            mm = P.MEDICAL_ZH_RE.search(folded) or P.MEDICAL_EN.search(text)
            if mm:
                out.append(f"medical:{mm.group()}")
        for f, name in self._taboo:
            if f in folded:
                out.append(f"taboo:{name}")
        out.extend(self._numbers(text, folded, product, extra))
        n = self._length(text)
        # persona and operator lines were written on purpose (a thanks with three names runs long)
        if n > self._max_chars * (LENGTH_TOLERANCE if origin == "llm" else TEMPLATE_LENGTH_TOLERANCE):
            out.append(f"length:{n}>{self._max_chars}")
        return tuple(out)

    def _length(self, text: str) -> int:
        if has_cjk(text):
            return sum(1 for c in text if not c.isspace())
        return -(-len(text.strip()) // EN_CHARS_PER_ZH)

    def _relevant(self, folded: str, product: Product | None) -> tuple[list[_Sheet], list[_Sheet]]:
        """(sheets whose prices may be said, sheets whose spec numbers may be said)."""
        mentioned = [s for s in self._sheets if any(k in folded for k in s.keys)]
        ctx = [s for s in self._sheets if product is not None and s.product.id == product.id]
        if product is not None and not ctx:
            ctx = [self._sheet(product, self.persona.now())]
        base = ctx or (list(self._sheets) if not mentioned else [])
        priced = mentioned or base
        return priced, mentioned + [s for s in base if s not in mentioned]

    def _numbers(self, text: str, folded: str, product: Product | None, extra: Collection[float]) -> list[str]:
        claims = extract_claims(text)
        if not claims:
            return []
        priced, specced = self._relevant(folded, product)
        out: list[str] = []
        for c in claims:
            if any(close(c.value, x) for x in extra):
                continue
            if c.kind == "price" and counted(c.value, text, [p for s in priced for p in s.prices]):
                continue  # "兩台一共 4598 元": a count the line says, times a price of the product
            if c.kind == "price" and any(close(c.value, g) for g in self._gift_floors) and _gift_floor(text, c.text):
                continue  # "送出 1 元以上的禮物", "a gift of 1 yuan or more": the giveaway's rule, not a price
            if c.kind == "spec" and c.unit and _deferred(text, c.text):
                continue  # "資料卡上沒有寫 N9 支不支援 5G": the viewer's term named as not on the sheet, not a claim
            why = self._live.verdict(c, text, [s.product for s in priced]) if self._live is not None else None
            if why is None:
                why = "" if self._claim_ok(c, priced, specced) or _in_play_role(c, text, priced) else f"{c.kind}:{c.text}"
            if why:
                out.append(why)
        return out

    @staticmethod
    def _claim_ok(c: Claim, priced: list[_Sheet], specced: list[_Sheet]) -> bool:
        if c.kind == "price":
            if any(close(c.value, p) for s in priced for p in s.prices):
                return True
            # the products a line names, bought together at today's prices (two or three of them)
            if len(priced) >= 2 and any(close(c.value, sum(s.current for s in combo)) for r in (2, 3) for combo in itertools.combinations(priced, r)):
                return True
            # a set the line names and the other products it names at today's prices ("N9 手機快充組合加C1 編織快充線一共 2438 元")
            return any(close(c.value, b.price + sum(o.current for o in others)) for s in priced for b in s.product.bundles if b.price is not None
                       for r in (1, 2) for others in itertools.combinations([o for o in priced if o is not s], r))  # fmt: skip
        if c.kind == "discount":
            d = discount_value(c)
            return any(s.discount is not None and abs(s.discount - d) <= 0.15 for s in priced)
        if c.kind == "stock":
            return any(s.stock is not None and close(c.value, s.stock) for s in priced)
        if c.unit:
            return any(u == c.unit and close(c.value, x) for s in specced for x, u in s.specs)
        return any(close(c.value, x) for s in specced for x in s.numbers)


def _deferred(text: str, said: str) -> bool:
    """Every time the figure is said, it is inside a deferral's topic ("沒有寫…5G", "don't have the N9's 5G…")."""
    found = spots(text, said)
    return bool(found) and all(UNSTATED.search(fold(text[: m.start()], keep_separators=True)) for m in found)


def _gift_floor(text: str, said: str) -> bool:
    """The figure is said as a giveaway's smallest gift: "送出 1 元以上的禮物" (not the 1 of "150 秒")."""
    return any(GIFT_FLOOR_AFTER.match(text, m.end()) for m in spots(text, said))


_FLASH_WORD = re.compile(r"秒殺|秒杀|flash", re.I)
_OFF_BEFORE = re.compile(r"(?:便宜|省|saves?(?: you)?|cheaper by)\s*$", re.I)
_OFF_AFTER = re.compile(r"\s*(?:元|塊|块|yuan)?\s*(?:less|off|cheaper|below)", re.I)
_GIFTS_BEFORE = re.compile(r"(?:禮物|礼物|gifts?)\s*(?:累計|累计|total(?:ing)?|worth|of)?\s*[¥$]?\s*$", re.I)
_FLASH_UNITS = re.compile(r"(?:限量|秒殺|秒杀|flash)[^。.!?！？]{0,12}$", re.I)
# "限時 2 分鐘" / "for 2 minutes" right before the figure, in the sentence that names the flash sale
_FLASH_WINDOW = re.compile(r"(?:限時|限时|秒殺|秒杀|flash)[^。.!?！？]{0,40}(?:限時|限时|\bfor)\s*$", re.I)
_FLASH_BEFORE = re.compile(r"(?:秒殺|秒杀|flash sale|flash)\S{0,4}\s*(?:價|价|price)?\s*(?:是|為|为|is|at)?\s*[¥$]?\s*$", re.I)


def _in_play_role(c: Claim, text: str, priced: list[_Sheet]) -> bool:
    """A play's figures told in their role, not as the price now: a ladder step's price right after
    解鎖 / unlocks ("點讚 2000 個解鎖 2199 元"), a gift goal after 禮物 ("禮物累計 300 元"), a flash
    sale's price after 秒殺價 / flash price ("秒殺時段開始後，秒殺價 29")."""
    if c.kind == "spec" and c.unit in ("min", "s"):  # "限時 2 分鐘": how long the flash sale runs
        secs = c.value * (60 if c.unit == "min" else 1)
        num = re.match(r"[\d.]+", c.text)  # the claim is "2分鐘"; the line may space it ("2 分鐘"): found by its figure
        heads = [text[max(0, m.start() - 48) : m.start()] for m in spots(text, num.group())] if num else []
        return any(s.product.flash is not None and s.product.flash.window_s is not None and close(secs, s.product.flash.window_s) for s in priced) and any(_FLASH_WINDOW.search(h) for h in heads)
    before = said_before(text, c.text)
    if c.kind == "stock":  # "秒殺價 29，限量 50 件": the flash sale's own units
        return any(s.product.flash is not None and close(c.value, s.product.flash.stock) and _FLASH_UNITS.search(before) for s in priced)
    if c.kind != "price":
        return False
    for s in priced:
        if s.product.flash is not None and close(c.value, s.product.flash.price) and _FLASH_BEFORE.search(before):
            return True
        if s.product.flash is not None and close(c.value, s.current - s.product.flash.price) and _FLASH_WORD.search(text) \
                and (_OFF_BEFORE.search(before) or _OFF_AFTER.match(text, text.find(c.text) + len(c.text))):
            return True  # "平時是 39 元，秒殺價 29，便宜 10 元": what the flash sale takes off the price now
        lad = s.product.bargain
        if lad is None:
            continue
        if GOAL_BEFORE.search(before) and any(close(c.value, st.price) for st in lad.steps):
            return True
        if _GIFTS_BEFORE.search(before) and any(st.gift_cny is not None and close(c.value, st.gift_cny) for st in lad.steps):
            return True
    return False
