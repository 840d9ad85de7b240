"""The spoken form of a Chinese sentence: what a voice should say for what is written.

Subtitles keep the written text; only the voice gets the spoken form. Each written piece
keeps its spoken reading beside it (`Spoken.segments`), so word cues can be shown in the
written text while the timing comes from the speech.

- product codes and Latin letters: X1 -> 艾克斯一, IPX5 -> 艾批艾克斯五, USB-C, 2C1A
  (letters by their Chinese letter names, the digits of a code one by one);
- numbers by role: prices (199 元, ¥199 -> 一百九十九元), decimals and versions
  (5.3 -> 五點三), percentages (30% -> 百分之三十), ranges (3-5 天 -> 三到五天), clock times,
  years and long numbers digit by digit, 2 before a measure word -> 兩;
- units after a number: mAh -> 毫安, Hz -> 赫茲, W -> 瓦, g -> 克, m -> 米, GB, 吋 ...;
- a few English words said the Chinese way (Pro, Max, Type); others spelled;
- symbols (+ & = / ~ ° ×).

Output is in Traditional characters for Traditional text and Simplified otherwise.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from vhost.text.fold import to_simplified

DIGITS = "零一二三四五六七八九"
_SMALL_UNITS = ("", "十", "百", "千")
_BIG_UNITS = ("", "萬", "億", "兆")

# Chinese names of the Latin letters (the way a host on a Mandarin stream reads a model code)
LETTERS = {
    "A": "誒", "B": "比", "C": "西", "D": "迪", "E": "伊", "F": "艾弗", "G": "吉", "H": "艾尺",
    "I": "艾", "J": "傑", "K": "開", "L": "艾樂", "M": "艾姆", "N": "恩", "O": "歐", "P": "批",
    "Q": "扣", "R": "阿爾", "S": "艾斯", "T": "提", "U": "優", "V": "維", "W": "達布留",
    "X": "艾克斯", "Y": "歪", "Z": "賊",
}  # fmt: skip

# units written after a number (longest first when matching); the spoken word follows the number
UNITS = {
    "mAh": "毫安", "mah": "毫安", "kHz": "千赫茲", "Hz": "赫茲", "kW": "千瓦", "W": "瓦",
    "kg": "公斤", "mg": "毫克", "g": "克", "km": "公里", "cm": "公分", "mm": "毫米", "m": "米",
    "ml": "毫升", "mL": "毫升", "L": "升", "TB": "T B", "GB": "G B", "MB": "M B", "Gbps": "G B P S",
    "Mbps": "M B P S", "h": "小時", "min": "分鐘", "s": "秒", "ms": "毫秒", "V": "伏", "A": "安",
    "K": "K", "nits": "尼特", "nit": "尼特", "dB": "分貝", "fps": "幀每秒", "MP": "百萬像素",
    "°C": "度", "℃": "度", "°": "度", '"': "吋", "″": "吋", "x": "倍", "X": "倍", "×": "倍",
}  # fmt: skip

# English words that Mandarin hosts say as words, not letter by letter
WORDS = {
    "pro": "普羅", "max": "麥克斯", "plus": "普拉斯", "mini": "迷你", "ultra": "奧特拉", "lite": "萊特",
    "type": "泰普", "ok": "歐開", "wifi": "歪法伊", "wi-fi": "歪法伊", "app": "誒批批", "logo": "摟夠",
    "vip": "維艾批", "hi": "嗨", "hello": "哈囉", "bye": "拜", "air": "誒爾", "note": "諾特",
    "cream": "克林姆", "spf": "艾斯批艾弗", "pa": "批誒",
}  # fmt: skip

# measure words after which 2 is read 兩
_MEASURE = set("個个件台臺款支隻只瓶盒份天小次種种位條条顆颗片包套組组年周週把張张副對对雙双塊块分秒")
_PRICE_AFTER = ("元", "塊", "块", "圓")
_VERSION_BEFORE = ("藍牙", "蓝牙", "版本", "系統", "系统", "iOS", "Android", "v", "V")
_DIGITS_BEFORE = ("No.", "NO.", "#", "編號", "编号", "型號", "型号", "號碼", "号码", "尾號", "尾号", "電話", "电话", "單號", "单号")
_SYMBOLS = {"+": "加", "＋": "加", "&": "和", "＆": "和", "=": "等於", "@": "艾特", "#": "號", "＃": "號", "×": "乘", "%": "百分", "％": "百分"}

_UNIT_RE = "|".join(re.escape(u) for u in sorted(UNITS, key=len, reverse=True))
_NUM = r"\d+(?:,\d{3})*(?:\.\d+)?"
_TOKEN = re.compile(
    rf"(?P<price>[¥￥]\s*(?P<pnum>{_NUM}))"
    rf"|(?P<pct>(?P<pctnum>{_NUM})\s*[%％])"
    rf"|(?P<range>(?P<r1>{_NUM})\s*(?P<rsep>[-~～–—])\s*(?P<r2>{_NUM}))"
    r"|(?P<time>(?<!\d)(?P<hh>[01]?\d|2[0-3])[:：](?P<mm>[0-5]\d)(?!\d))"
    r"|(?P<times>[x×](?P<tnum>\d+)(?![A-Za-z0-9.]))"
    rf"|(?P<unit>(?P<unum>{_NUM})\s*(?P<uname>{_UNIT_RE})(?![A-Za-z0-9]))"
    r"|(?P<code>[A-Za-z0-9]*[A-Za-z][A-Za-z0-9]*(?:[-+][A-Za-z0-9]+)*|\d+(?:[-+]?[A-Za-z][A-Za-z0-9]*)+)"
    rf"|(?P<num>{_NUM})"
    r"|(?P<sym>[+＋&＆=@#＃×%％])"
)


@dataclass(frozen=True, slots=True)
class Spoken:
    """A sentence as written and as it should be said, piece by piece."""

    written: str
    segments: tuple[tuple[str, str], ...]  # (written, spoken); concatenated they give both texts

    @property
    def text(self) -> str:
        return "".join(s for _, s in self.segments)


def _four(n: int) -> str:
    """0 < n < 10000 -> 一千二百三十四 (inner zeros as a single 零)."""
    out: list[str] = []
    zero = False
    for pos in range(3, -1, -1):
        d = n // 10**pos % 10
        if d == 0:
            zero = bool(out)
            continue
        if zero:
            out.append("零")
            zero = False
        out.append(DIGITS[d] + _SMALL_UNITS[pos])
    return "".join(out)


def cardinal(n: int) -> str:
    """An integer read as a quantity: 199 -> 一百九十九, 10 -> 十, 5000 -> 五千, 10086 -> 一萬零八十六."""
    if n == 0:
        return "零"
    if n < 0:
        return "負" + cardinal(-n)
    groups: list[int] = []
    while n:
        groups.append(n % 10000)
        n //= 10000
    if len(groups) > len(_BIG_UNITS):
        return digits(str(n))
    out: list[str] = []
    need_zero = False
    for i in range(len(groups) - 1, -1, -1):
        g = groups[i]
        if g == 0:
            need_zero = bool(out)
            continue
        if out and (need_zero or g < 1000):
            out.append("零")
        out.append(_four(g) + _BIG_UNITS[i])
        need_zero = False
    s = "".join(out)
    return s[1:] if s.startswith("一十") else s  # 十五, not 一十五


def digits(s: str) -> str:
    """Digit by digit: 2026 -> 二零二六."""
    return "".join(DIGITS[int(c)] if c.isdigit() else "" for c in s)


def decimal(s: str) -> str:
    """A written number: 5.3 -> 五點三, 1,299 -> 一千二百九十九, 99.90 -> 九十九點九零."""
    s = s.replace(",", "")
    whole, _, frac = s.partition(".")
    head = cardinal(int(whole)) if whole else "零"
    return head + ("點" + digits(frac) if frac else "")


def version(s: str) -> str:
    """5.3 -> 五點三, 14.2.1 -> 十四點二點一."""
    parts = s.split(".")
    return "點".join(cardinal(int(p)) if len(p) < 3 or not p.startswith("0") else digits(p) for p in parts if p.isdigit())


def letters(s: str) -> str:
    return "".join(LETTERS.get(c.upper(), "") for c in s)


def code(token: str) -> str:
    """A product code or Latin word: letters by name, digits one by one, - silent, + 加."""
    low = token.lower()
    if low in WORDS:
        return WORDS[low]
    out: list[str] = []
    for part in re.findall(r"[A-Za-z]+|\d+|[-+]", token):
        if part == "+":
            out.append("加")
        elif part == "-":
            continue
        elif part.isdigit():
            out.append(digits(part))
        elif part.lower() in WORDS and len(part) > 2:
            out.append(WORDS[part.lower()])
        else:
            out.append(letters(part))
    return "".join(out)


def _number_by_context(num: str, before: str, after: str) -> str:
    plain = num.replace(",", "")
    if "." in plain:
        return version(plain) if before.endswith(_VERSION_BEFORE) and plain.count(".") > 1 else decimal(plain)
    if after.startswith("年") and len(plain) == 4:
        return digits(plain)  # 2026年
    if before.rstrip().endswith(_DIGITS_BEFORE):
        return digits(plain)
    if (plain.startswith("0") and len(plain) > 1) or (len(plain) >= 7 and "," not in num):
        return digits(plain)  # phone numbers, order numbers, 007
    if plain == "2" and after.lstrip()[:1] in _MEASURE and not after.lstrip().startswith("分之"):
        return "兩"
    return cardinal(int(plain))


def _segments(text: str) -> list[tuple[str, str]]:
    segs: list[tuple[str, str]] = []
    pos = 0
    for m in _TOKEN.finditer(text):
        if m.start() > pos:
            segs.extend((c, c) for c in text[pos : m.start()])
        before, after = text[max(0, m.start() - 8) : m.start()], text[m.end() : m.end() + 4]
        tok = m.group(0)
        if m.group("price"):
            spoken = decimal(m.group("pnum")) + ("" if after.lstrip().startswith(_PRICE_AFTER) else "元")
        elif m.group("pct"):
            spoken = "百分之" + decimal(m.group("pctnum"))
        elif m.group("range"):
            spoken = decimal(m.group("r1")) + "到" + decimal(m.group("r2"))
        elif m.group("time"):
            hh, mm = int(m.group("hh")), int(m.group("mm"))
            spoken = cardinal(hh) + "點" + ("" if mm == 0 else ("零" if mm < 10 else "") + cardinal(mm) + "分")
        elif m.group("times"):
            n = int(m.group("tnum"))
            spoken = ("兩" if n == 2 else cardinal(n)) + "個"  # 小心心 x5: five of them
        elif m.group("unit"):
            unit = m.group("uname")
            num = m.group("unum")
            said = UNITS[unit]
            said = letters(said.replace(" ", "")) if said.replace(" ", "").isascii() else said
            amount = "兩" if num == "2" and said[:1] in ("小", "分", "秒", "公", "克", "瓦", "米") else decimal(num)
            spoken = amount + said
        elif m.group("code"):
            spoken = code(tok)
        elif m.group("num"):
            spoken = _number_by_context(tok, before, after)
        else:
            spoken = _SYMBOLS.get(tok, "")
        segs.append((tok, spoken))
        pos = m.end()
    segs.extend((c, c) for c in text[pos:])
    return segs


_SPACE_BETWEEN_CJK = re.compile(r"(?<=[^\x00-\x7f])\s+|\s+(?=[^\x00-\x7f])")


@functools.lru_cache(maxsize=4096)
def speech_form(text: str, script: str = "auto") -> Spoken:
    """The spoken form of a Chinese sentence. script: 'hant', 'hans' or 'auto' (Traditional
    output unless the sentence reads as Simplified)."""
    segs = _segments(text)
    simplified = script == "hans" or (script == "auto" and to_simplified(text) == text and not _has_hant_marker(text))
    out: list[tuple[str, str]] = []
    for w, s in segs:
        if s == w:
            if w.isspace():
                s = ""  # spaces around Latin/digits in Chinese text are not pauses
            elif w in "/／":
                s = ""
            elif w in "~～":
                s = "到"
        elif simplified:
            s = to_simplified(s)
        out.append((w, s))
    return Spoken(written=text, segments=tuple(out))


def _has_hant_marker(text: str) -> bool:
    # text with no Chinese characters at all (pure codes) is read in Traditional by default
    return not re.search(r"[\u4e00-\u9fff]", text)


def spoken_text(text: str, lang: str = "zh-Hant") -> str:
    """Only the spoken string (for engines that do not need the alignment)."""
    script = "hans" if lang == "zh-Hans" else ("hant" if lang == "zh-Hant" else "auto")
    return speech_form(text, script).text
