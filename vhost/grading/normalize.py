"""Text normalisation for grading: one canonical form for answers, facts and term lists alike.

normalize(): NFKC (full width -> half width), lower case, Traditional -> Simplified (OpenCC t2s),
Chinese numerals -> digits (一百九十九 -> 199, 兩千兩百九十九 -> 2299, 五點三 -> 5.3, 两千二 -> 2200,
百分之二 -> 2%), thousands separators dropped (2,299 -> 2299), 萬/亿 multiplied out on digits too
(5000 萬 -> 50000000), trailing decimal zeros dropped (199.00 -> 199) and money written one way
(¥199, 199 塊, 199 yuan, RMB 199 -> 199元), and English number words from two to twelve and the tens
before a word or a figure (six shades -> 6 shades, two or three drops -> 2 or 3 drops; "one" is too often
a pronoun to be read as a number).
Both sides of every comparison go through it, so a fact written 「30 小時」 matches 「三十小时」.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from vhost.text.fold import to_simplified

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}
_BIG = {"万": 10_000, "亿": 100_000_000}
_NUM_CHARS = "".join(_DIGITS) + "".join(_UNITS) + "".join(_BIG)
# a run of numerals, with an optional decimal part read digit by digit (五点三 -> 5.3)
_RUN = re.compile(f"(?<![0-9])[{_NUM_CHARS}]+(?:点[{''.join(_DIGITS)}]+)?")
# a lone 一 that is a word, not a quantity: 一下, 一起, 一样 ...
_LONE_YI_WORDS = set("下起样直定般些切共边方面点会旦致律再如同向半")
_PERCENT = re.compile(r"百分之\s*([0-9]+(?:\.[0-9]+)?)")
# only an ASCII comma between digit groups (before width folding: 「X1，199」 is not 1,199)
_THOUSANDS = re.compile(r"(?<![0-9.A-Za-z])([0-9]{1,3})((?:,[0-9]{3})+)(?![0-9])")
_BIG_AFTER_DIGITS = re.compile(r"([0-9]+(?:\.[0-9]+)?)\s*([万亿]+)")
_MONEY_BEFORE = re.compile(r"(?:¥|rmb|cny)\s*([0-9]+(?:\.[0-9]+)?)(?:\s*(?:块钱|块|元钱|元|蚊|yuan|rmb|cny)(?![a-z]))?")
_MONEY_AFTER = re.compile(r"([0-9]+(?:\.[0-9]+)?)\s*(?:块钱|块|元钱|元|蚊|yuan|rmb|cny)(?![a-z])")
_TRAILING_ZEROS = re.compile(r"(?<![0-9.])([0-9]+)(?:\.0+|(\.[0-9]*?[1-9])0+)(?![0-9])")
_SPACES = re.compile(r"\s+")
_EN_NUMBERS = {w: str(i) for i, w in enumerate(["two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"], start=2)} | {
    w: str(10 * i) for i, w in enumerate(["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"], start=2)}
_EN_NUMBER = re.compile(r"(?<![a-z-])(" + "|".join(_EN_NUMBERS) + r")(?![a-z-])(?=\s+[a-z0-9])")


class NumeralError(ValueError):
    """A run of Chinese numerals that is not a number (e.g. 十十)."""


def chinese_to_int(run: str) -> int:
    """Value of an integer written in Chinese numerals (Simplified): 两千二百九十九 -> 2299.

    Runs without unit characters are read digit by digit (一九九 -> 199, 二〇二六 -> 2026);
    a digit right after a unit is the next place down (两千二 -> 2200, 一百九 -> 190, 三万五 -> 35000).
    """
    if not run or any(c not in _NUM_CHARS for c in run):
        raise NumeralError(run)
    if not any(c in _UNITS or c in _BIG for c in run):
        return int("".join(str(_DIGITS[c]) for c in run))
    total = section = number = 0
    last_unit = 0  # the unit just before a trailing digit (0: none, or a 零 came between)
    have_number = False
    for c in run:
        if c in _DIGITS:
            if have_number and _DIGITS[c] and number:
                raise NumeralError(run)
            number = _DIGITS[c]
            have_number = True
            if c in "零〇":
                last_unit = 0
        elif c in _UNITS:
            unit = _UNITS[c]
            if not have_number:
                if unit != 10:
                    raise NumeralError(run)
                number = 1  # 十五 = 15
            section += number * unit
            number, have_number, last_unit = 0, False, unit
        else:
            big = _BIG[c]
            if not have_number and section == 0 and total == 0:
                raise NumeralError(run)
            if big == 100_000_000:
                total = (total + section + number) * big
            else:
                total += (section + number) * big
            section = number = 0
            have_number = False
            last_unit = big
    if have_number and number and last_unit >= 100:
        number *= last_unit // 10  # 两千二 -> 2200
    return total + section + number


def _numeral_run(m: re.Match[str]) -> str:
    run = m.group(0)
    int_part, _, frac = run.partition("点")
    if run == "一" and m.end() < len(m.string) and m.string[m.end()] in _LONE_YI_WORDS:
        return run
    if int_part == "点" or not int_part:
        return run
    try:
        value = str(chinese_to_int(int_part))
    except NumeralError:
        return run
    if frac:
        value += "." + "".join(str(_DIGITS[c]) for c in frac)
    return value


def _big(m: re.Match[str]) -> str:
    whole, _, frac = m.group(1).partition(".")
    zeros = sum(4 if c == "万" else 8 for c in m.group(2))
    digits = (whole + (frac + "0" * zeros)[:zeros]).lstrip("0") or "0"
    rest = frac[zeros:]
    return digits + ("." + rest if rest else "")


@functools.lru_cache(maxsize=65536)
def normalize(text: str) -> str:
    """The canonical form; applied until it no longer changes (1万 万 -> 10000 万 -> 100000000)."""
    t = _normalize_once(text)
    for _ in range(4):
        again = _normalize_once(t)
        if again == t:
            break
        t = again
    return t


def _normalize_once(text: str) -> str:
    t = _THOUSANDS.sub(lambda m: m.group(1) + m.group(2).replace(",", ""), text)
    t = unicodedata.normalize("NFKC", t).lower()
    t = to_simplified(t)
    t = t.replace("兩", "两").replace("點", "点").replace("萬", "万").replace("億", "亿")
    t = _RUN.sub(_numeral_run, t)
    t = _EN_NUMBER.sub(lambda m: _EN_NUMBERS[m.group(1)], t)
    t = _PERCENT.sub(r"\1%", t)
    t = _BIG_AFTER_DIGITS.sub(_big, t)
    t = _MONEY_BEFORE.sub(r"\1元", t)
    t = _MONEY_AFTER.sub(r"\1元", t)
    t = re.sub(r"([0-9])\s+%", r"\1%", t)
    t = _TRAILING_ZEROS.sub(lambda m: m.group(1) + (m.group(2) or ""), t)
    return _SPACES.sub(" ", t).strip()


_INFLECTED = r"(?:[a-z]?(?:s|es|ed|d|ing|er|ers|est|ly|y))?(?![a-z])"


@functools.lru_cache(maxsize=16384)
def phrase_pattern(phrase: str) -> re.Pattern[str]:
    """A regex for a normalised phrase: spaces optional between characters, numbers whole.

    「199」 does not match inside 1199, 199.5 or P199 (「50+」 does inside SPF50+); 「ip54」 does not match inside zip54; an
    English phrase matches at a word start and may take an inflection (swim -> swimming), not run
    on into another word (heal is not in health); a code such as 12g may run on (12gb). A phrase
    written `re:...` is a regular expression over the normalised text.
    """
    if phrase.startswith("re:"):
        return re.compile(phrase[3:])
    p = normalize(phrase).replace(" ", "")
    body = r"\s*".join(re.escape(c) for c in p)
    head = p[:1]
    tail = p[-1:]
    # a figure glued to letters is a code (P199), except a sun protection factor: SPF50+ says 50+
    before = r"(?:(?<![0-9.a-z])|(?<=spf))" if head.isdigit() else r"(?<![a-z])" if head.isascii() and head.isalpha() else ""
    # an English word may take an inflection (swim -> swimming, cure -> cured), not become another word (heal -> health)
    after = r"(?![0-9]|\.[0-9])" if tail.isdigit() else _INFLECTED if re.search(r"(?<![0-9])[a-z]{3,}$", p) else ""
    return re.compile(before + body + after)


def find_phrase(text_norm: str, phrase: str) -> re.Match[str] | None:
    """First match of `phrase` in an already normalised text."""
    return phrase_pattern(phrase).search(text_norm)
