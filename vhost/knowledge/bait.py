"""Claims in a question that the sheet contradicts ("99 對吧", "充電頭一百瓦的吧", "IP68", "可以游泳吧"):
kept as bait, so that the answer corrects them instead of agreeing."""

from __future__ import annotations

import re
from datetime import datetime

from vhost.guard.numbers import close, cn_to_number, extract_claims
from vhost.knowledge import claims as C
from vhost.knowledge import lexicon as L
from vhost.knowledge.many import count_of
from vhost.knowledge.phrased import HOLDS_UP
from vhost.knowledge.rule import CONFIRM
from vhost.persona.model import Product
from vhost.text.fold import fold

RATING = re.compile(r"(?<![a-z])(ip[x0-9]\d|spf\s?\d+\+?|pa\+{1,4})", re.I)
_CN_QTY = re.compile(r"([零一二兩两三四五六七八九十百千萬万]+)\s*(?=瓦|毫安|小時|小时|克|分貝|分贝|吋|米|毫升)")
_NETWORK_G = re.compile(r"^[2345]g$", re.I)  # 5G is a network, not five grams
_CAPS = {k: tuple(fold(w) for w in ws) for k, ws in C.CAPABILITIES.items()}


# a coupon's figures: what to spend and what comes off ("滿2000減100的券", "a 10 yuan off coupon"), not a price said back
_COUPON_BEFORE = re.compile(r"(?:[满滿减減折]|\boff|minus)\s*$", re.I)
_COUPON_AFTER = re.compile(r"\s*(?:元|块|塊|蚊|yuan|rmb|bucks?)?\s*(?:off\b|的?(?:优惠|優惠)?券|coupon|voucher|[减減])", re.I)
_CURRENCY_AFTER = re.compile(r"\s*(?:元|块|塊|蚊|yuan|rmb|bucks?|¥)", re.I)


_VERSION_BEFORE = re.compile(r"(?:蓝牙|藍牙|藍芽|蓝芽|bluetooth|\bbt|安卓|android|ios|usb|版本|version|系統|系统|\bv)\s*(?:才|是|只有|只|得|就|係|is|only)?\s*$", re.I)


SAME_UNIT_BEFORE = re.compile(r"\d\s*(?:w|瓦|watts?|mah|毫安|hz|ml|毫升|gb|g|克|m|米)\s*(?:or|还是|還是|或者?|定係|定系)\s*(?:just|only|是|得|只有)?\s*$", re.I)


def _coupon_figure(text: str, start: int, end: int) -> bool:
    return bool(_COUPON_BEFORE.search(text[:start]) or _COUPON_AFTER.match(text, end))


# a bare number ("是 2299 對吧"), not a count of the set ("2-pack", "兩支裝")
_BARE_FIGURE = re.compile(r"(?<![0-9A-Za-z.])(\d+(?:\.\d+)?)(?![0-9A-Za-z.%]|\s*-?\s*pack|\s*[支瓶罐件個个盒入]?[裝装])")
_DATE = re.compile(r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s*\d{1,2}(?!\d)|\d{1,2}\s*[月/.]\s*\d{1,2}(?!\d)\s*[日號号]?|\d{1,2}\s*[號号日](?![a-z])", re.I)


_CHARGE_LEVEL = re.compile(r"(?i)unplug|charg|充到|充电到|充電到|充满|充滿|拔|电量|電量|battery|电池|電池")


def contradicted(text: str, prods: list[Product], sheet: str, intent: str, at: datetime) -> tuple[str, ...]:
    """The claims of `text` about `prods` that their (folded) `sheet` text does not support."""
    out: list[str] = []
    if not prods:
        return ()
    prices = {v for p in prods for v in _prices(p, at)}
    f = fold(text)
    if L.FLASH.search(f):
        prices |= {float(p.flash.price) for p in prods if p.flash is not None}  # "秒杀价29不会只有两分钟吧": the flash price, said right
    if _PLAY.search(f):
        # "刷300块礼物就能砍到1999": a step of the ladder and what unlocks it, said right (a step said wrong is the ladder's to correct)
        prices |= {float(x) for p in prods if p.bargain is not None for st in p.bargain.steps
                   for x in (st.price, st.likes, st.kan, st.gift_cny) if x is not None}
    count = count_of(f, text)  # "how much for 2 N9s": how many, not a price
    for c in extract_claims(text):
        if c.kind == "price" and count and c.value == count:
            continue
        at_ = text.find(c.text)
        if c.kind == "price" and at_ >= 0 and _coupon_figure(text, at_, at_ + len(c.text)):
            continue  # "if i use a 10 yuan off coupon": what comes off, not the price
        if c.kind == "price" and c.value <= 3 and at_ >= 0 and not _CURRENCY_AFTER.match(text, at_ + len(c.text)) \
                and c.value < min(prices, default=0.0) / 3:
            continue  # "2 travel sizes or just 1?": a count, not a price
        if c.kind == "price" and at_ >= 0 and (_VERSION_BEFORE.search(text[:at_]) or SAME_UNIT_BEFORE.search(text[:at_])):
            continue  # "蓝牙才4.0", "android 10": a version of the viewer's own device; "100W or just 60": 60 W, not a price
        asks_off = re.search(rf"(?:便宜|少|减|減|砍|抹|优惠|優惠)\s*{re.escape(c.text)}", text)  # "能便宜十塊嗎" asks for a discount
        if c.kind == "price" and not asks_off and not any(close(c.value, v) for v in prices):
            out.append(c.text)
    if intent in ("price", "promo", "bundle") and not out:
        # a bare number said about a price is a price claimed, but a count of the set ("2-pack", "兩支裝") is not
        dates = [d.span() for d in _DATE.finditer(text)]
        for m in _BARE_FIGURE.finditer(text):
            if any(a <= m.start() < b for a, b in dates):
                continue  # "after dec 31", "12月31號": a date, not a price
            if _coupon_figure(text, m.start(), m.end()):
                continue  # "有張滿2000減100的券": the coupon's threshold and what comes off
            v = float(m.group(1))
            if not any(close(v, x) for x in prices) and v >= max(1.0, min(prices) / 3):  # "a 2 lipstick deal": a count
                out.append(m.group(1))
    if intent == "bundle" and not out and CONFIRM.search(f):
        # "手機加快充頭綁一起 是 2299 對吧": the set's price claimed, and 2299 is the phone's alone (the set is 2399)
        sets = {float(b.price) for p in prods for b in p.bundles if b.price is not None} | ({float(sum(p.price_at(at) for p in prods))} if len(prods) > 1 else set())
        for m in _BARE_FIGURE.finditer(text):
            if (v := float(m.group(1))) >= max(1.0, min(prices) / 3) and not any(close(v, x) for x in sets):
                out.append(m.group(1))
    text = _CN_QTY.sub(lambda m: f" {v:g}" if (v := cn_to_number(m.group(1))) is not None else m.group(1), text)  # "C1一米": not "C11米"
    for m in re.finditer(r"(\d+(?:\.\d+)?)\s*(%|％|趴|分貝|分贝|db|小時|小时|hours?|毫安|mah|瓦|w(?![a-z])|克|g(?![a-z])|毫升|ml|gb|hz|吋|米)", text, re.I):
        if _NETWORK_G.match(m.group(0).replace(" ", "")):
            continue
        if m.group(1) == "1" and L.PER_UNIT.search(text.lower()):
            continue  # "C1一米合幾塊": the unit a price is asked by, not a length claimed
        if _A_LIMIT.search(text[max(0, m.start() - 16) : m.start()]):
            continue  # "tsa max is 100ml", "飛機限制100ml": a rule's figure the viewer quotes, not a claim about ours
        if m.group(2).lower() in ("小時", "小时", "hour", "hours") and (_MY_SPAN_AFTER.match(text, m.end()) or _MY_SPAN_BEFORE.search(text[max(0, m.start() - 6) : m.start()])):
            continue  # "a 13 hour flight of netflix", "坐12小時飛機": the viewer's trip, not a figure of ours
        if m.group(2) in ("%", "％", "趴") and _CHARGE_LEVEL.search(text[max(0, m.start() - 24) : m.end() + 16]):
            continue  # "unplug the N9 at 80%", "充到80%就拔": a charge level the viewer stops at, not a figure of ours
        if intent not in ("price", "promo", "bundle", "stock") and fold(m.group(1)) not in sheet:
            out.append(m.group(0).strip())
    for m in RATING.finditer(text):
        if fold(m.group()) not in sheet:
            out.append(m.group().upper())
    # "he watches videos on his phone all day, what should i get": the viewer's day, not a claim about ours
    for cap, words in ({} if intent == "recommend" else _CAPS).items():
        if cap == "all_day" and (HOLDS_UP.search(f) or _MY_DAY.search(f)):
            continue  # "海邊曬一整天夠不夠力", "我上班一整天都在冷氣房": a day asked about or the viewer's own, not promised
        for w in words:
            # "能游泳嗎" of a product rated IPX5 / IP54 is answered "not for swimming"; of one with no water rating at all
            # (a sunscreen) it is what the sheet does not say, not a claim to correct
            if w in f and w not in sheet and not (cap == "immersion" and (any(r in sheet for r in C.IMMERSION_RATINGS) or not _WATER_RATED.search(sheet))):
                out.append(w)
                break
    return tuple(dict.fromkeys(out))


_MY_SPAN_AFTER = re.compile(r"\s*-?\s*(?:long\s+)?(?:flights?|trips?|drives?|rides?|shifts?|journeys?|commutes?|train|bus)\b|\s*(?:的)?\s*(?:飛機|飞机|航班|班機|班机|車程|车程|火車|火车|高鐵|高铁|長途|长途|夜班|班)", re.I)
_MY_SPAN_BEFORE = re.compile(r"(?:坐|搭|飛|飞|開|开|上班|值班|轉機|转机)\s*$")
_A_LIMIT = re.compile(r"(?:tsa|limit|max(?:imum)?|allowed|上限|限制|規定|规定|不能超過|不能超过|最多)\W{0,3}(?:is|of|=|是|為|为)?\s*$", re.I)
# the viewer's own day ("我上班一整天都在冷氣房", "im outside all day"): what they do, not a claim about ours
_MY_DAY = re.compile(r"(?:我|上班|在|待|坐|工作|上课|出门).{0,4}一整天|一整天都(?:在|待|坐|要)|(?:im|iam|iwork|atwork|outside|inside|indoors)\w{0,12}allday|allday(?:atwork|inthe|outside|inside|indoors)")
_PLAY = re.compile(r"砍|连麦|点赞|礼物|kan(?![a-z])|likes|gifts?(?![a-z])|bargain")
_WATER_RATED = re.compile(r"ip[x0-9]\d")


def _prices(p: Product, at: datetime) -> set[float]:
    out = {p.price, p.price_at(at), *(b.price for b in p.bundles if b.price is not None)}
    return {float(x) for x in out}
