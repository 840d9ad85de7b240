"""The grader's numeral normaliser: Chinese numerals, widths, separators and money, one form."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vhost.grading.normalize import NumeralError, chinese_to_int, find_phrase, normalize

DIGITS = "零一二三四五六七八九"


def written(n: int, *, two: str = "二", liang_before_units: bool = False) -> str:
    """n in Chinese numerals, written independently of the code under test (standard reading)."""
    if n == 0:
        return "零"

    def below_10k(x: int, leading: bool) -> str:
        out = ""
        zero = False
        for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
            d = x // value % 10
            if d == 0:
                zero = bool(out)
                continue
            if zero or (not leading and not out and value < 1000):
                out += "零"
            zero = False
            digit = DIGITS[d]
            if d == 2:
                digit = "两" if (liang_before_units and unit in ("千", "百")) else two
            if value == 10 and d == 1 and leading and not out:
                digit = ""  # 十五, not 一十五, at the start
            out += digit + unit
        return out

    parts: list[str] = []
    for big, name in ((10**8, "亿"), (10**4, "万"), (1, "")):
        chunk = n // big % 10**4 if big < 10**8 else n // big
        if chunk:
            parts.append(below_10k(chunk, leading=not parts) + name)
        elif parts and n % big:
            parts.append("")
    text = "".join(parts)
    return text


@given(st.integers(min_value=0, max_value=10**11))
def test_written_integers_read_back(n):
    assert normalize(written(n)) == str(n)


@given(st.integers(min_value=1, max_value=9999))
def test_liang_and_traditional_forms(n):
    simp = written(n, liang_before_units=True)
    trad = simp.replace("两", "兩").replace("万", "萬")
    assert normalize(simp) == str(n)
    assert normalize(trad) == str(n)


@given(st.integers(min_value=0, max_value=999), st.integers(min_value=0, max_value=99))
def test_decimals(whole, frac):
    digits = str(frac).rjust(2, "0").rstrip("0") or ""
    text = written(whole) + ("點" + "".join(DIGITS[int(c)] for c in digits) if digits else "")
    expected = str(whole) + ("." + digits if digits else "")
    assert normalize(text) == expected


@given(st.integers(min_value=0, max_value=100))
def test_percent(n):
    assert normalize("百分之" + written(n)) == f"{n}%"


@given(st.integers(min_value=1000, max_value=10**9))
def test_thousands_separators(n):
    assert normalize(f"{n:,}") == str(n)
    assert normalize(f"¥{n:,}") == f"{n}元"


@given(st.integers(min_value=0, max_value=10**7))
def test_full_width_digits(n):
    full = "".join(chr(ord(c) - ord("0") + ord("０")) for c in str(n))
    assert normalize(full) == str(n)


@given(st.text(alphabet=st.sampled_from(list("一二三四五六七八九十百千万两點点零元块¥, .5a耳機價格X1")), max_size=20))
def test_idempotent(text):
    once = normalize(text)
    assert normalize(once) == once


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("一百九十九", "199"),
        ("兩千兩百九十九", "2299"),
        ("五點三", "5.3"),
        ("百分之二", "2%"),
        ("两千二", "2200"),
        ("一百九", "190"),
        ("三万五", "35000"),
        ("二〇二六", "2026"),
        ("十五", "15"),
        ("一百零五", "105"),
        ("一億二千萬", "120000000"),
    ],
)
def test_known_numerals(text, expected):
    assert normalize(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("¥199", "199元"),
        ("￥199.00元", "199元"),
        ("199塊錢", "199元"),
        ("RMB 199", "199元"),
        ("199 yuan", "199元"),
        ("2,299 元", "2299元"),
        ("5000 萬像素", "50000000像素"),
        ("五千萬像素", "50000000像素"),
        ("ＩＰ６８", "ip68"),
        ("三十個小時", "30个小时"),
        ("X1，199元", "x1,199元"),  # a full-width comma after a code is not a thousands separator
    ],
)
def test_money_units_and_widths(text, expected):
    assert normalize(text) == expected


@pytest.mark.parametrize("text", ["一下", "一起看", "一点点", "万一", "千万不要"])
def test_words_that_only_contain_numerals_stay_words(text):
    assert normalize(text) == text


def test_bad_runs_are_errors_not_numbers():
    with pytest.raises(NumeralError):
        chinese_to_int("百")
    with pytest.raises(NumeralError):
        chinese_to_int("万")
    with pytest.raises(NumeralError):
        chinese_to_int("abc")


@pytest.mark.parametrize(
    ("text", "phrase", "found"),
    [
        ("x1 现在 199元", "199", True),
        ("现在 1199元", "199", False),
        ("现在 199.5元", "199", False),
        ("p65 快充头", "65", False),
        ("65 瓦", "65", True),
        ("防水 ip54", "IP54", True),
        ("防水 ip545", "IP54", False),
        ("不能游泳", "swim", False),
        ("not for swimming", "swim", True),
        ("health questions are not something we can judge", "heal", False),  # not an inflection of heal
        ("it healed my scars", "heal", True),
        ("cures acne", "cure", True),
        ("12gb 运存", "12g", True),
        ("续航 30 小时", "30小時", True),
        ("续航三十小时", "30 小時", False),  # the answer side is normalised by the caller
    ],
)
def test_find_phrase_respects_number_and_word_edges(text, phrase, found):
    assert (find_phrase(text, phrase) is not None) is found


@pytest.mark.parametrize(
    ("said", "read"),
    [
        ("comes in six shades", "comes in 6 shades"),
        ("pat two or three drops", "pat 2 or 3 drops"),
        ("twenty hours", "20 hours"),
        ("which one do you mean", "which one do you mean"),  # "one" is a pronoun too often to be a number
        ("i have two.", "i have two."),  # a number word before no word is left alone
    ],
)
def test_english_number_words_before_a_word_are_digits(said: str, read: str) -> None:
    assert normalize(said) == read
