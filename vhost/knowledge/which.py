"""Which product(s) a question is about, once its intent is known: the ones it names, the set that holds
them, the one the sheet counts in the measure asked, the one on stage, the one the attribute implies
(a mixin of the understander: it reads `persona`, `at`, `_sheet_text`)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime

from vhost.knowledge import attrwords as A
from vhost.knowledge import lexicon as L
from vhost.knowledge.attributes import attributes_in
from vhost.knowledge.bait import SAME_UNIT_BEFORE
from vhost.knowledge.kb import KnowledgeBase
from vhost.knowledge.rule import cue
from vhost.persona.model import Persona
from vhost.text.fold import fold

# where a product goes on: a question about the face or the skin is not about a lip product ("dry skin, what do
# u recommend" is not the lipstick that "does not dry the lips"), folded text
_SKIN = re.compile(r"脸|皮肤|肤|肌|干皮|油皮|混干|混油|skin|face")
_LISTEN = re.compile(r"听(?!说|到)|listen")  # 聽說 is hearsay
_EARS = re.compile(r"耳机|耳塞|earbud|earphone|headphone")
_LIPS = re.compile(r"唇|嘴|口红|lip")
# a bare figure, not a count, a date or a spec: "still 2499?", "89 elsewhere"
_BUDGET_BEFORE = re.compile(r"(?:under|below|less than|within|up to|max|budget(?: of| is)?|預算|预算)\s*\$?\s*$", re.I)
_BUDGET_AFTER = re.compile(r"\s*(?:元|塊|块|蚊)?\s*(?:以內|以内|以下|之內|之内|內|内)")
_MODEL_BEFORE = re.compile(r"(?:iphone|ipad|pixel|galaxy|note|mate|nova|redmi|oppo|vivo|小米|華為|华为|榮耀|荣耀|三星|紅米|红米|蘋果|苹果)\s*$", re.I)
_BARE_FIGURE = re.compile(r"(?<![0-9A-Za-z.+])(\d{2,5}(?:\.\d+)?)(?![0-9A-Za-z.%+]|\s*(?:[個个支瓶罐件條条台天年月號号歲岁次米克瓦吋寸小分秒]|hours?|mins?|days?|pack))")


# what any product of its kind may be asked about, whichever sheets happen to say it (not a refresh rate or an SPF)
_BUY = re.compile(r"(?:买|購買|购买|buy(?:ing)?(?:the|a|an)?)(?:一[台部支个副条根瓶罐])?")
_ANY_PRODUCT = frozenset({"fragrance", "texture", "shelf_life", "weight", "capacity", "material", "origin", "alcohol", "sensitive"})
_UNITS = {"w": "w|瓦", "瓦": "w|瓦", "mah": "mah|毫安", "毫安": "mah|毫安", "hz": "hz", "ml": "ml|毫升", "毫升": "ml|毫升"}
# what only one kind of product does, for a question that names none: worn in the ears, watched on a screen, counted in
# 條/根, plugged into the wall, put on the lips, against the sun (kind: the product's name and aliases; cue: Chinese
# on the folded text, English words on the lowered text)
_CHARGER = re.compile(r"充电头|charger")
_KIND_CUES = (
    (_EARS, re.compile(r"戴|耳朵|[单双左右]耳|耳塞|耳道"), re.compile(r"\b(?:wear(?:ing)?|ears?|fall(?:s|ing)? out)\b")),
    (re.compile(r"手机|phone"), re.compile(r"屏幕|萤幕|荧幕|刷视频|看视频|追剧|刷抖音|拍照|拍视频|摄像头|镜头|[这那呢嗰][部台](?!电脑|笔电|笔记本|电视|平板|主机|mac|ipad)"), re.compile(r"\b(?:screen|camera|selfies?)\b")),
    (re.compile(r"(?<!无)线|cable"), re.compile(r"[这那呢嗰一两几每][条根]"), re.compile(r"\bcords?\b")),
    (_CHARGER, re.compile(r"插头|插脚"), re.compile(r"\b(?:plug|brick)\b")),
    (_LIPS, re.compile(r"[涂擦抹]嘴|嘴唇|掉色|沾杯"), re.compile(r"\blips?\b")),
    (re.compile(r"防晒|sunscreen"), re.compile(r"[晒]黑|晒伤|晒后|紫外线"), re.compile(r"\b(?:uv|sunburn|tan(?:ning)?)\b")),
    # how it is held: a dropper (the serum, put on in drops), a jar (the cream, scooped)
    (re.compile(r"精华|serum"), re.compile(r"滴管|用滴的|滴的那|滴着用"), re.compile(r"\bdropper\b")),
    (re.compile(r"面霜|cream"), re.compile(r"[那这嗰呢]罐|罐装|用挖的|挖着用"), re.compile(r"\b(?:jar|tub)\b")),
)
_THAT_ONE = re.compile(r"(?<![这那])[那嗰](?:个|款|支|只|瓶|罐|条|根|台|部|副)")  # "降噪那個": the one with it
_DESCRIBED = re.compile(r"(?:[那这嗰呢][瓶罐支个款条根台部副只])([\u4e00-\u9fff]{2})的|([\u4e00-\u9fff]{2})的?[那这嗰][瓶罐支个款条根台部副只]")  # "那瓶保濕的", "丝绒那支"
_FIGURE_UNIT = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)(w|瓦|mah|毫安|hz|ml|毫升)(?![a-z])")


# which one to charge with ("要帶哪個充電的就好", "which charger should i bring"): a charger is asked for
_WHICH_CHARGES = re.compile(r"哪(?:个|颗|一个|款)(?:充电的|充电头|头|来充)|(?:which|what)(?:one)?(?:charger|tocharge|chargesboth|forcharging)|(?:one|some)thingtocharge|chargeboth")
# the viewer's own one is to be replaced ("旧手机卡爆了想换", "time to upgrade my old buds")
_REPLACING = re.compile(r"想换|要换|该换|换个|换台|换部|换支|换副|换一[台部个支副]|换新|升级|upgrade|replac")


class WhichProduct:
    persona: Persona
    at: datetime
    _sheet_text: dict[str, str]

    def _together(self, pids: tuple[str, ...]) -> tuple[str, tuple[str, ...]]:
        """"X 和 Y 一起買多少": the set that holds them all when the sheet has one, else each price."""
        held = self.persona.bundle_holding(pids)
        owner = next((q.id for q in self.persona.products if held is not None and held in q.bundles), None)
        return ("bundle", (owner,)) if owner is not None else ("price", pids)

    def _set_by_items(self, pid: str, mentioned: tuple[str, ...], text: str) -> tuple[str, ...]:
        """A set asked for by its items names them all ("手機加充電頭一起多少", "手機連叉電頭個套裝幾錢": the N9 and the P65,
        the set's owner first), by name or by kind; else the product alone ("組合比單買省多少" is asked of the N9's set)."""
        p = self.persona.product(pid)
        named = set(mentioned) | self._kinds_said(text)
        for b in self.persona.bundles_with(p) if p is not None else ():
            said = list(dict.fromkeys(x.id for x in self.persona.bundle_items(b) if x is not None and x.id in named))
            if len(said) >= 2:
                return (pid, *(x for x in said if x != pid))
        return (pid,)

    def _price_said(self, text: str, pids: tuple[str | None, ...]) -> bool:
        """A bare figure near the product's prices (a third to three times them), not a count or a spec."""
        prices = [p.price for pid in pids if pid and (p := self.persona.product(pid)) is not None]
        if not prices:
            return False
        for m in _BARE_FIGURE.finditer(text):
            if _BUDGET_BEFORE.search(text[: m.start()]) or _BUDGET_AFTER.match(text, m.end()):
                continue  # "the best phone under 2500", "預算兩百以內": a budget, not a price said back
            if re.search(r"[满滿][\s$]*$|[折减減][\s$]*$", text[: m.start()]):
                continue  # "滿2000折300": what to spend and what comes off, not a price said back
            if _MODEL_BEFORE.search(text[: m.start()]) or SAME_UNIT_BEFORE.search(text[: m.start()]):
                continue  # "iPhone 15用唔用到條線", "小米 14": the viewer's phone model; "100W or just 60": 60 W; not a price
            v = float(m.group(1))
            if min(prices) / 3 <= v <= max(prices) * 3:
                return True
        return False

    def _figure_owner(self, pids: set[str], text: str) -> str | None:
        """The one product whose sheet has a figure the viewer typed with its unit (65w, 5000mAh, 120hz)."""
        owners = {pid for m in _FIGURE_UNIT.finditer(fold(text)) for pid in pids
                  if re.search(rf"(?<![\d.]){re.escape(m.group(1))}(?:{_UNITS[m.group(2)]})", self._sheet_text.get(pid, ""))}  # fmt: skip
        return next(iter(owners)) if len(owners) == 1 else None

    def _needs_product(self, intent: str, attrs: set[str]) -> bool:
        if intent == "promo" and "future_sale" in attrs:
            return False  # "雙十二還會再降嗎": a sale to come is the shop's, whichever product
        if intent == "how_to_buy":  # "優惠券結帳時怎麼用": paying is the shop's, whichever product
            return bool(attrs - A.POLICY_ATTRS - {"how_to_use", "operation"})
        # "SPF50+是不是擦了就曬不黑": a health question on a rating only one product has is about that product
        return intent in L.PRODUCT_INTENTS or (intent in ("compare", "recommend", "medical") and bool(attrs - {"ingredients"}))

    def _implied(self, attrs: set[str], kb: KnowledgeBase, text: str = "") -> set[str]:
        if not attrs:
            return set()
        has = {a: kb.products_with(a) | self._named_with(a) for a in attrs}
        both = set.intersection(*has.values())
        out = both or set.union(*has.values())
        f = fold(text)
        skin, lips = bool(_SKIN.search(f)), bool(_LIPS.search(f))
        if skin != lips:  # the skin: not the lipstick; the lips: the lipstick, when it has the attribute
            out = {pid for pid in out if self._worn_on_lips(pid) == lips} or (set() if skin else out)
        if _LISTEN.search(f):  # "坐高鐵五個鐘頭 能聽一路嗎": what is listened to, not the phone's battery
            out = {pid for pid in out if self._in_ears(pid)} or out
        return out

    def _bought(self, text: str, pids: tuple[str, ...]) -> str | None:
        """The one of `pids` named right after 買 / buy ("買 N9 送耳機是真的嗎": the phone is bought, the earbuds asked of)."""
        f = fold(text)
        after = [m.end() for m in _BUY.finditer(f)]
        hit = {pid for pid in pids if (p := self.persona.product(pid)) is not None
               for w in {fold(x) for x in (p.name, *p.aliases)} if w for i in after if f.startswith(w, i)}
        return next(iter(hit)) if len(hit) == 1 else None

    def _shelf_order(self, pids: Iterable[str]) -> tuple[str, ...]:
        """The products in the order the persona lists them."""
        order = [p.id for p in self.persona.products]
        return tuple(sorted(set(pids), key=order.index))

    def _kind_said(self, text: str) -> str | None:
        """The one product of the kind the words imply ("跑步戴會掉嗎": worn, the earbuds; "收到屏幕碎了": the phone)."""
        kinds = self._kinds_said(text)
        return next(iter(kinds)) if len(kinds) == 1 else None

    def _kinds_said(self, text: str) -> set[str]:
        """The products of every kind the words name ("手機連叉電頭": the phone and the charger)."""
        f, low = fold(text), text.lower()
        return {pid for kind, zh, en in _KIND_CUES if zh.search(f) or en.search(low) for pid in self._of_kind(kind)}

    def _kinds_named(self, text: str) -> set[str]:
        """The products of every kind named by its own word ("旧手机": the phone), the viewer's or ours."""
        f = fold(text)
        return {pid for kind, _, _ in _KIND_CUES if kind.search(f) for pid in self._of_kind(kind)}

    def _of_kind(self, kind: re.Pattern[str]) -> set[str]:
        """Our products whose name or alias is of that kind."""
        return {p.id for p in self.persona.products if any(kind.search(fold(w)) for w in (p.name, *p.aliases))}

    def _in_ears(self, pid: str) -> bool:
        p = self.persona.product(pid)
        return p is not None and any(_EARS.search(fold(w)) for w in (p.name, *p.aliases))

    def _pointed_at(self, text: str) -> str | None:
        """The one product whose name holds the word a "那瓶X的" / "X那支" points with ("那瓶保濕的": the hydrating serum)."""
        f = fold(text)
        for m in _DESCRIBED.finditer(f):
            word = m.group(1) or m.group(2)
            owners = {p.id for ed in (self.persona, self.persona.edition("en")) for p in ed.products if any(word in fold(w) for w in (p.name, *p.aliases))}
            if len(owners) == 1:
                return next(iter(owners))
        return None

    def _named_with(self, attr: str) -> set[str]:
        """The products whose name says the attribute ("Hyaluronic Hydrating Serum": moisture)."""
        return {p.id for ed in (self.persona, self.persona.edition("en")) for p in ed.products if attr in attributes_in(p.name)}

    def _worn_on_lips(self, pid: str) -> bool:
        p = self.persona.product(pid)
        return p is not None and any(_LIPS.search(fold(w)) for w in (p.name, *p.aliases))

    def _products(self, intent: str, mentioned: tuple[str, ...], attrs: set[str], kb: KnowledgeBase,
                  stage: str | None, last: str | None, *, flash: bool = False, measure: str = "", this: bool = False, each: bool = False, text: str = "") -> tuple[str, ...]:  # fmt: skip
        if intent == "recommend" and mentioned and _WHICH_CHARGES.search(fold(text)) and len(chargers := self._of_kind(_CHARGER)) == 1:
            return (next(iter(chargers)),)  # "出差只帶一台筆電一支手機 要帶哪個充電的": the charger, for the viewer's own laptop and phone
        if intent == "bargain" and not mentioned and (ladders := [p.id for p in self.persona.products if p.bargain is not None]):
            return (stage,) if stage in ladders else tuple(ladders[:1])  # "砍到底多少": the product whose ladder runs
        if intent == "how_to_buy" and not mentioned and cue(fold(text), "bundle") >= 1.0 and len(sets := [p.id for p in self.persona.products if p.bundles]) == 1:
            return (sets[0],)  # "組合的 link 在哪": the one product sold as a set
        if intent in L.POLICY_INTENTS and not mentioned:
            if stage:
                return (stage,)  # "是正品嗎" asks about what is shown; no need to ask which
            kind = self._kind_said(text)  # "收到屏幕碎了 能換嗎": the phone
            # "降噪那個在哪下單": the one with noise cancelling; "色號買錯了能換嗎": the one with shades (not 過敏: any may cause it)
            named = attrs - A.POLICY_ATTRS if _THAT_ONE.search(fold(text)) else attrs & {"shades"}
            implied = self._implied(named, kb, text)
            return (kind,) if kind else (next(iter(implied)),) if len(implied) == 1 else ()
        if mentioned:
            if intent == "bundle":  # "手機快充組合": the product whose sheet has the bundle
                own = tuple(p for p in mentioned if kb.find(p, "bundle"))
                return own[:1] or mentioned
            if intent == "gift":  # "買耳機送充電頭嗎": the gift is asked of the product bought ("各送啥": of each)
                return mentioned if each else ((bought,) if len(mentioned) > 1 and (bought := self._bought(text, mentioned)) else mentioned[:1])
            return mentioned
        if intent == "compare" and len(kinds := self._kinds_said(text)) >= 2:
            return self._shelf_order(kinds)  # "the dropper bottle or the jar": each one named by its kind
        if (described := self._pointed_at(text)) is not None:
            return (described,)  # "那瓶保濕的", "絲絨那支": a word of one product's name says which
        if intent == "recommend" and _REPLACING.search(fold(text)) and len(kinds := self._kinds_named(text)) == 1:
            return (next(iter(kinds)),)  # "旧手机卡爆了想换 预算就1500": a new one of the kind the old one is, whatever the budget reaches
        if not self._needs_product(intent, attrs):
            return ()
        if stage and this:
            return (stage,)  # "這個水水的還是稠稠的", "呢支仲有幾多 幾錢一支": the one shown, even when another sheet has the word or the measure
        if this and not stage and (kind := self._kind_said(text)):
            return (kind,)  # "这根我华为Mate能用不": nothing shown, the one counted in 根 (the cable), not the phone the viewer owns
        implied = self._implied(attrs, kb, text)
        if measure:
            counted = [p.id for p in self.persona.products if re.search(rf"[一每单]{measure}", self._sheet_text.get(p.id, ""))]
            if len(counted) == 1 and not (len(implied) == 1 and counted[0] not in implied):
                # "一支幾克": the one product the sheet counts in 支 (the lipstick), not the cream in 罐; unless a fact only
                # one sheet has says which ("想找一支擦了不會假白的": the sunscreen)
                return (counted[0],)
        if intent in ("price", "promo", "stock") and flash:
            sale = [p.id for p in self.persona.products if p.flash is not None]
            if len(sale) == 1:
                return (sale[0],)  # "秒殺有幾支": the product with the flash sale, not the one with a promo
        if intent == "bundle" and not stage:
            sets = [p.id for p in self.persona.products if p.bundles]
            if len(sets) == 1:
                return (sets[0],)  # "組合比單買省多少": only one product is sold as a set
        if intent == "promo" and not attrs:
            live = [p.id for p in self.persona.products if p.promo is not None and p.promo.active(self.at)]
            if len(live) == 1 and not stage:
                return (live[0],)  # "冬季限定價到什麼時候": only one product has a promo running
        if stage and intent == "suitability":
            return (stage,)  # "敏感肌能用嗎" asks about what is shown
        # "学生党预算一百出头 想要个天天能用的": the ones the budget reaches that fit the need, or the one it reaches
        # (several it reaches and no need named: the shelf within the budget)
        within = [p.id for p in self.persona.products if p.price_at(self.at) <= budget] if intent == "recommend" and (budget := L.budget_of(text)) is not None else []
        if within and ((fit := set(within) & implied) or len(within) == 1):
            return self._shelf_order(fit or within)[:2]
        if intent == "recommend" and len(implied) > 1:
            if (kind := self._kind_said(text)) in implied:
                return (kind,)  # "健身房戴哪個好": what is worn, of the ones that fit
            return self._shelf_order(implied)[:2]  # "筆電黨買啥": the ones that fit, not "which one?"
        if len(implied) > 1 and (owner := self._figure_owner(implied, text)):
            return (owner,)  # "65w夠唔夠我macbook用": the one product whose sheet has that figure
        if stage and stage not in implied and attrs and attrs <= _ANY_PRODUCT:
            return (stage,)  # "有味道嗎" of the cream on stage: any cream may smell; the serum's sheet saying so does not make it the serum
        if len(implied) == 1:
            return (next(iter(implied)),)
        if not stage and (kind := self._kind_said(text)) and (not implied or kind in implied):
            return (kind,)  # "跑步戴會掉嗎": worn, the earbuds; "那條最高幾W": the one counted in 條, the cable
        for ctx in (stage, last):
            if ctx and (not implied or ctx in implied):
                return (ctx,)
        return ()

    def _ambiguous(self, intent: str, products: tuple[str, ...], attrs: set[str], kb: KnowledgeBase, text: str = "") -> tuple[str, ...]:
        if products or not self._needs_product(intent, attrs):
            return ()
        implied = self._shelf_order(self._implied(attrs, kb, text))
        return implied if len(implied) >= 2 else ()  # "which one? X1?" is no question: one is not a choice
