"""Numbers the host says, read the way a viewer hears them, and checked against the sheet.

A number is classified by its neighbours: 折/% off is a discount, 剩/庫存 + 件 is stock,
¥/元/塊/價 is a price, 小時/瓦/克 is a spec. Bare numbers (3號鏈接, 第2個) are not claims.
Chinese numerals are read too (一百九十九, 兩百, 九塊九, 七五折), full-width digits fold by NFKC.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

_CN_DIGIT = {"零": 0, "〇": 0, "一": 1, "二": 2, "兩": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNIT = {"十": 10, "百": 100, "千": 1000}
_CN_BIG = {"萬": 10000, "万": 10000, "億": 100_000_000, "亿": 100_000_000}
_CN_CHARS = "".join(_CN_DIGIT) + "".join(_CN_UNIT) + "".join(_CN_BIG)

_NUM = re.compile(rf"(?P<ar>\d+(?:,\d{{3}})*(?:\.\d+)?)(?P<mult>[萬万千]?)|(?P<cn>[{_CN_CHARS}]+)")

_PRICE_AFTER = re.compile(
    r"^\s*(?:塊錢|块钱|元錢|元钱|人民幣|人民币|塊|块|元|圓|圆|rmb|yuan|cny|dollars?|bucks|usd)(?![a-z])", re.I
)
_DIME_AFTER = re.compile(rf"^([0-9]|[{''.join(_CN_DIGIT)}])(?!\d)")
_PRICE_BEFORE = re.compile(
    r"(?:[¥$]|rmb|cny|價|价|售|賣|卖|只要|(?<![剛刚方])才|僅|仅|到手|特惠|price|costs?|for|just|pay)\s*(?:是|為|为|only|just|is)?\s*$",
    re.I,
)
_DISCOUNT_AFTER = re.compile(r"^\s*(?:折(?![疊叠起])|%\s*off|% discount|percent off)", re.I)
_STOCK_BEFORE = re.compile(r"(?:剩|庫存|库存|還有|还有|限量|只有|僅有|仅有|最後|最后|stock|only)\D{0,4}$", re.I)
_STOCK_UNIT = re.compile(r"^\s*(?:件|個|个|台|套|份|單|单|盒|支|瓶|組|组|副|對|对|units?|pieces?|pcs|sets?)", re.I)
_STOCK_AFTER_EN = re.compile(r"^\s*(?:\w+\s+)?(?:left|in stock|remaining)\b", re.I)
_SPEC_AFTER = re.compile(
    r"^\s*(?:小時|小时|個小時|个小时|分貝|分贝|分鐘|分钟|秒鐘|秒钟|秒|毫安時|毫安时|毫安|毫升|公斤|公克|英寸|吋|寸|瓦|克|"
    r"mah|hours?|hrs?|h(?![a-z])|minutes?|mins?(?![a-z])|seconds?|secs?(?![a-z])|watts?|w(?![a-z])|grams?|g(?![a-z])|kg|db|ml|inch(?:es)?|gb|tb|mb|hz|khz|mm|cm)",
    re.I,
)
_HALF_PRICE = re.compile(r"半價|半价|half price|half off", re.I)
_FREE = re.compile(r"免費|免费|不要錢|不要钱|白送|\bfor free\b|\bfree of charge\b|\bit'?s free\b", re.I)
_ORDINAL_BEFORE = re.compile(r"(?:第|no\.?|#|星期|週|周|禮拜|礼拜)\s*$", re.I)
_LATIN_BEFORE = re.compile(r"[A-Za-z][-_]?$")
_LATIN_AFTER = re.compile(r"^[A-Za-z]")


def cn_to_number(s: str) -> float | None:
    """一百九十九 -> 199, 兩百 -> 200, 一千二 -> 1200, 三百五 -> 350, 一九九 -> 199, 七五 -> 75."""
    if not s:
        return None
    if all(c in _CN_DIGIT for c in s):
        if len(s) == 1:
            return float(_CN_DIGIT[s])
        return float("".join(str(_CN_DIGIT[c]) for c in s))
    total = 0.0
    section = 0.0
    num = 0
    last_unit = 1
    zero_since_unit = False
    for c in s:
        if c in _CN_DIGIT:
            num = _CN_DIGIT[c]
            if num == 0:
                zero_since_unit = True
        elif c in _CN_UNIT:
            u = _CN_UNIT[c]
            if num == 0 and u == 10:
                num = 1
            section += num * u
            num = 0
            last_unit = u
            zero_since_unit = False
        else:
            big = _CN_BIG[c]
            section += num
            total += (section or 1) * big
            section = 0.0
            num = 0
            last_unit = big
            zero_since_unit = False
    if num:
        # colloquial 一千二 = 1200, 三百五 = 350; but 一百零五 = 105
        section += num * (last_unit // 10) if last_unit >= 100 and not zero_since_unit else num
    return total + section


_UNIT_CLASS = {
    "小時": "h", "小时": "h", "個小時": "h", "个小时": "h", "hour": "h", "hours": "h", "hr": "h", "hrs": "h", "h": "h",
    "分鐘": "min", "分钟": "min", "minute": "min", "minutes": "min", "min": "min", "mins": "min",
    "秒": "s", "秒鐘": "s", "秒钟": "s", "second": "s", "seconds": "s", "sec": "s", "secs": "s",
    "分貝": "db", "分贝": "db", "db": "db", "毫安時": "mah", "毫安时": "mah", "毫安": "mah", "mah": "mah",
    "毫升": "ml", "ml": "ml", "公斤": "kg", "kg": "kg", "公克": "g", "克": "g", "gram": "g", "grams": "g", "g": "g",
    "英寸": "in", "吋": "in", "寸": "in", "inch": "in", "inches": "in", "瓦": "w", "watt": "w", "watts": "w", "w": "w",
}  # fmt: skip


def unit_class(unit: str) -> str:
    u = unit.strip().lower()
    return _UNIT_CLASS.get(u, u)


@dataclass(frozen=True, slots=True)
class Claim:
    kind: str  # price | discount | stock | spec
    value: float
    text: str  # as said, for the reason
    unit: str | None = None  # spec unit class: h, w, g, db, mah ...


def _num_value(m: re.Match[str]) -> float | None:
    if m.group("ar") is not None:
        v = float(m.group("ar").replace(",", ""))
        mult = m.group("mult")
        if mult:
            v *= 10000 if mult in "萬万" else 1000
        return v
    return cn_to_number(m.group("cn"))


def extract_claims(text: str) -> list[Claim]:
    t = unicodedata.normalize("NFKC", text)
    out: list[Claim] = []
    for m in _NUM.finditer(t):
        s, e = m.span()
        before = t[max(0, s - 8) : s]
        after = t[e : e + 12]
        is_cn = m.group("cn") is not None
        if _ORDINAL_BEFORE.search(before):
            continue
        if not is_cn and (_LATIN_BEFORE.search(before) or (_LATIN_AFTER.match(after) and not _SPEC_AFTER.match(after)
                                                           and not _PRICE_AFTER.match(after)
                                                           and not _STOCK_AFTER_EN.match(after))):
            continue  # model names: X1, P65, IPX5, 2C1A
        value = _num_value(m)
        if value is None:
            continue
        said = m.group()
        if _DISCOUNT_AFTER.match(after):
            pct = "%" in after[:3] or "percent" in after[:10].lower()
            out.append(Claim("discount", value, said + ("% off" if pct else "折")))
            continue
        if _STOCK_BEFORE.search(before) and (_STOCK_UNIT.match(after) or _STOCK_AFTER_EN.match(after)):
            out.append(Claim("stock", value, said))
            continue
        if not is_cn and _STOCK_AFTER_EN.match(after):
            out.append(Claim("stock", value, said))
            continue
        pa = _PRICE_AFTER.match(after)
        if pa:
            rest = after[pa.end() :]
            dime = _DIME_AFTER.match(rest) if pa.group().strip() in ("塊", "块") else None
            if dime:
                d = dime.group(1)
                value += (int(d) if d.isdigit() else _CN_DIGIT[d]) / 10
            out.append(Claim("price", value, said))
            continue
        unit = _SPEC_AFTER.match(after)
        if unit:
            out.append(Claim("spec", value, said + unit.group().strip(), unit_class(unit.group())))
            continue
        if _PRICE_BEFORE.search(before) and not _STOCK_UNIT.match(after):
            if is_cn and len(said) == 1 and said in "一二兩两":
                continue  # 只要一下: not a price
            out.append(Claim("price", value, said))
    for m in _HALF_PRICE.finditer(t):
        out.append(Claim("discount", 5.0, m.group()))
    for m in _FREE.finditer(t):  # "free" is a price claim of 0: true only of the sheet's gifts
        out.append(Claim("price", 0.0, m.group()))
    return out


def sheet_numbers(texts: Iterable[str]) -> set[float]:
    """Every number written on a product sheet, in any form, as values."""
    vals: set[float] = set()
    for text in texts:
        t = unicodedata.normalize("NFKC", text)
        for m in _NUM.finditer(t):
            v = _num_value(m)
            if v is not None:
                vals.add(round(v, 2))
    return vals


def sheet_specs(texts: Iterable[str]) -> set[tuple[float, str]]:
    """(value, unit class) of every number with a unit on the sheet: 30 小時 -> (30.0, "h")."""
    out: set[tuple[float, str]] = set()
    for text in texts:
        for c in extract_claims(text):
            if c.kind == "spec" and c.unit:
                out.add((round(c.value, 2), c.unit))
    return out


def close(a: float, b: float) -> bool:
    return abs(a - b) <= max(0.005, 0.001 * abs(b))


def discount_value(claim: Claim) -> float:
    """As 折 (tenths paid): 五折 = 5, 75折 = 7.5, 20% off = 8."""
    if claim.text.endswith("% off"):
        return 10 - claim.value / 10
    v = claim.value
    return v / 10 if v >= 10 else v
