"""What a question was understood to ask: the intent, the product(s), the facts a correct answer
states, what the sheet lacks and what the viewer claimed (vhost.knowledge.understand builds it)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from vhost.knowledge import attrwords as A
from vhost.knowledge.kb import Fact
from vhost.knowledge.phrased import DAY, INSTALMENTS_COUNTED
from vhost.knowledge.reading import ATTR_NAMES
from vhost.text.fold import fold, to_simplified, to_traditional

_REMOTE = re.compile("|".join(fold(w) for w in A.ATTRIBUTES["remote"] if not w.isascii()))
_PAY_BRANDS = {"alipay": "Alipay", "wechat pay": "WeChat Pay", "apple pay": "Apple Pay", "paypal": "PayPal", "payme": "PayMe", "fps": "FPS"}


@dataclass(frozen=True)
class Understood:
    text: str
    lang: str  # the answer language: zh-Hant | zh-Hans | en
    intent: str
    confidence: float  # 0..1
    products: tuple[str, ...]
    product_from: str  # words | attribute | context | none
    attrs: tuple[str, ...] = ()
    facts: tuple[Fact, ...] = ()  # what a correct answer states, in the answer language
    missing: tuple[str, ...] = ()  # attributes asked for that the sheet does not have
    lacking: tuple[str, ...] = ()  # the products whose own sheet lacks one of them (the deferral names these)
    bait: tuple[str, ...] = ()  # claims in the question that the sheet contradicts
    ambiguous: tuple[str, ...] = ()  # products the question could be about (ask which)
    unsaid: tuple[str, ...] = ()  # the viewer's words for a thing the sheet never mentions ("物理", "a醇")
    # the intent whose facts and plan answer the question, where it differs from what the viewer asked
    # (README: Intent labels): "充電頭有3C認證嗎" asks authenticity and is answered from the spec sheet
    route: str = ""
    scores: dict[str, float] = field(default_factory=dict, compare=False)

    @property
    def answered_as(self) -> str:
        return self.route or self.intent

    @property
    def product(self) -> str | None:
        return self.products[0] if self.products else None

    @property
    def answerable(self) -> bool:
        return bool(self.facts) and not self.missing

    def topic(self) -> str:
        """What an honest deferral names: the missing attribute, in the answer language."""
        en = self.lang == "en"
        names = [self.viewers_word(a) or ATTR_NAMES[a][1 if en else 0] for a in self.missing if a in ATTR_NAMES][:2]  # "寄台灣嗎 運費多少": both
        if names:
            return (" and " if en else "、").join(names)
        return "that detail" if en else "這一項"

    def viewers_word(self, attr: str) -> str:
        """The viewer's own word for a missing attribute when it names one thing ("5G", "分期",
        "fragrance"), so the deferral says what they asked; "" for a word of asking ("多久")."""
        if attr == "return_terms" and (self.lang == "en" or "无理由" not in fold(self.text)):
            # "opened", "拆封" do not read as a thing in "I don't have the X's ... in my notes"; 七天無理由 does.
            # Said as the condition asked about: "拆封後的退貨條件", "returns on opened items"
            f = fold(self.text)
            for pat, zh, en in _RETURN_STATES:
                if pat.search(f):
                    return en if self.lang == "en" else self._scripted(zh)
            return ""
        if attr == "payment" and self.lang != "en" and INSTALMENTS_COUNTED.search(fold(self.text)):
            return self._scripted("分期付款")  # "可以刷卡分三期嗎": instalments, by the word shops use
        if attr == "battery" and self.lang != "en" and (used := re.search(r"(?:可以|能)?用多久", fold(self.text))):
            # "這罐可以用多久": how long it lasts in the viewer's words, not 續航 (a battery's word) of a jar of cream
            return self._scripted(used.group())
        if attr == "remote" and self.lang != "en" and (spot := _REMOTE.search(fold(self.text))):
            return self._scripted("寄到" + spot.group())  # "我住金門 離島有寄嗎": 寄到離島, the place as the viewer said it
        if attr == "delivery_time" and (day := DAY.search(f := fold(self.text))):
            # "聖誕節前能到嗎": the day asked, by its name ("聖誕節前到貨", "delivery before Christmas", "delivery by the 20th")
            if self.lang == "en":
                date = re.fullmatch(r"(?:the)?(\d+\w\w)", day.group())
                return f"delivery by the {date.group(1)}" if date else f"delivery before {_HOLIDAYS_EN.get(day.group(), 'the holiday')}"
            shipped = re.search(r"出货|发货", f) and "前" not in f[day.end() : day.end() + 3]  # "過年還出貨嗎": shipping over it
            return self._scripted(day.group() + ("期間出貨" if shipped else "前到貨"))
        if attr == "future_sale" and not any(fold(w) in fold(self.text) for w in A.ATTRIBUTES[attr]) and (day := DAY.search(fold(self.text))):
            # "聖誕節有冇福袋": the day's own plans, by its name ("聖誕節活動", "Christmas plans")
            if self.lang == "en":
                return f"{_HOLIDAYS_EN[day.group()]} plans" if day.group() in _HOLIDAYS_EN else ""
            return self._scripted(day.group() + "活动")
        if attr == "goods_channel":
            # "是公司貨還是水貨": asked as a question ("是不是公司貨"), never the channel's name alone, which would read as the
            # host saying which it is; in English the sourcing, not "official" or "global"
            if self.lang == "en":
                return ""  # the attribute's name: "our sourcing and version"
            f = fold(self.text)
            word = next((w for w in _CHANNELS if w in f), _CHANNELS[0])  # the channel the viewer named, else 公司貨
            return self._scripted("是不是" + word)
        if attr == "certification":  # "BSMI 認證", "3C 認證": the mark the viewer named
            code = re.search(r"([A-Za-z0-9]{1,5})\s*(?:認證|认证|certif)|(?<![A-Za-z0-9])(BSMI|CCC|NCC|FCC|PSE|3C|CE|UL|KC)(?![A-Za-z0-9])", self.text, flags=re.I)
            mark = (code.group(1) or code.group(2)).upper() if code else ""  # "有過BSMI嗎": the mark, with no 認證 after it
            return (f"{mark} certification" if self.lang == "en" else f"{mark} 認證") if mark else ""
        if attr == "payment" and re.search(r"分\d{1,2}期|免息|零利率", fold(self.text)):
            return "installments" if self.lang == "en" else self._scripted("分期付款")  # "分12期": instalments, by their name
        if attr not in _NAMED_OPTIONS:
            return ""
        if self.lang == "en" and attr == "overseas":
            low = self.text.lower()
            place = next((w for w in A.ATTRIBUTES[attr] if w.isascii() and not _ASKY.search(w) and re.search(rf"\b{re.escape(w)}\b", low)), "")
            if not place:
                return ""
            the, _, name = place.rpartition("the ")  # "the us" -> "the US", "the states" -> "the States"
            return f"shipping to {'the ' if the or place.startswith('the ') else ''}{name.title() if len(name) > 3 else name.upper()}"
        f = fold(self.text)
        words = [fold(w).rstrip("了") for w in A.ATTRIBUTES.get(attr, ())]
        # a word with a figure ("5g") is named too: the guard takes a figure inside "沒有寫…" as the topic, not a claim
        hits = sorted((w for w in words if len(w) >= 2 and w in f and not _ASKY.search(w)), key=len, reverse=True)
        if not hits:
            return ""
        w = hits[0]
        if w.isascii():  # the English words as the viewer wrote them ("fragrance", "NFC", "dual sim"), not a folded phrase
            said = next(a for a in A.ATTRIBUTES[attr] if fold(a).rstrip("了") == w)
            if attr == "payment" and self.lang == "en" and re.search(r"cash|deliver|arriv|door|comes|get it|receive", said):
                return "cash on delivery"  # "I don't have cash on delivery in my notes yet": what was asked, by its name
            if attr == "payment" and self.lang == "en" and said.lower() in _PAY_BRANDS:
                return _PAY_BRANDS[said.lower()]  # "I don't have Apple Pay in my notes yet", as the brand writes itself
            if attr == "coupon" and (kind := re.search(r"student|first order", said, re.I)):
                return f"a {kind.group().lower()} discount"  # "student discount?": "I don't have a student discount in my notes"
            if " " in said and attr in A.POLICY_ATTRS:
                return ""  # "I don't have our cash on delivery": a policy reads better by its general name
            if self.lang != "en" and len(w) > 4:
                return ""  # "N9 support wireless charging 嗎" is answered in Chinese: 無線充電, not the English words (NFC stays)
            m = re.search(r"(?<![A-Za-z])" + r"\s*".join(re.escape(part) for part in said.split()) + r"(?![A-Za-z])", self.text, flags=re.I)
            if m is None:
                return ""
            said = m.group().upper() if len(m.group()) <= 4 else m.group()  # "nfc" is NFC
            if attr == "coupon" and self.lang == "en":
                return "coupon codes" if "code" in self.text.lower() else "coupons"  # "I don't have coupons in my notes", not "coupon"
            if attr == "future_sale":
                return f"{said.title()} sale"  # "I don't have our Black Friday sale in my notes"
            return f"{said} support" if self.lang == "en" and re.fullmatch(r"\dG", said) else said  # "the N9's 5G support"
        w = "货到付款" if attr == "payment" and w in _ON_DELIVERY else w  # "收到貨再付": cash on delivery, by the name shops use
        w = ("寄" + w) if attr == "overseas" and not w.startswith("寄") else w  # "沒有寫寄臺灣", not "沒有寫臺灣"
        w = (w + "快递") if attr == "courier" and not w.endswith(("快递", "物流")) else w  # "沒有寫順豐快遞": the courier, by name
        w = (w + "活动") if attr == "future_sale" else w  # "沒有寫雙十二活動", "N9的雙十二活動"
        return self._scripted(w)

    def _scripted(self, zh: str) -> str:
        """A Chinese word in the answer's script."""
        return to_traditional(zh) if self.lang == "zh-Hant" else to_simplified(zh)


# a return asked about in a state the sheet's policy does not speak to: opened, or used
_RETURN_STATES = (
    (re.compile(r"拆封|开封|拆了|拆开(?![给俾分])|开过|开了封|opened|unbox|open(?:the|it)"), "拆封後的退貨條件", "returns on opened items"),
    (re.compile(r"用过|用了|试用过|试过|usedit|triedit|afterusing"), "用過後的退貨條件", "returns after use"),
)
_HOLIDAYS_EN = {"christmas": "Christmas", "xmas": "Christmas", "newyear": "New Year", "newyears": "New Year", "valentine": "Valentine's Day",
                "valentines": "Valentine's Day"}  # the folded day as a deferral names it
_ON_DELIVERY = frozenset({"收到货再付", "收货再付", "收到再付", "收到了再付", "到了再付", "货到再付", "到付"})  # folded: paying when the parcel comes
_ASKY = re.compile(r"多|几|幾|啥|什么|怎|吗|嗎|哪|how|what|much|long|many|能|会|會|可以|有没有|是不是|出国|abroad|overseas|([\u4e00-\u9fff])不\1")  # "香不香" asks (香味 names it)
# attributes whose words name one option among many (分期, 顺丰, 七天無理由, a place, a scent; not 5G,
# which the guard hears as a figure):
# a deferral says the option the viewer asked about, not the attribute's general name
_CHANNELS = tuple(fold(w) for w in A.ATTRIBUTES["goods_channel"] if not w.isascii())  # 公司貨, 國行, 平行輸入 …
_NAMED_OPTIONS = frozenset({"payment", "courier", "return_terms", "overseas", "wireless_charging", "fragrance", "network", "nfc", "gift_box", "coupon",
                            "future_sale", "material"})  # a material: "後蓋", "gorilla"
