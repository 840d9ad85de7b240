"""The spoken form of Chinese sentences: codes, numbers by role, units, symbols."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vhost.text.speech import cardinal, code, decimal, digits, speech_form, spoken_text


@pytest.mark.parametrize(
    ("n", "said"),
    [
        (0, "零"), (7, "七"), (10, "十"), (15, "十五"), (20, "二十"), (105, "一百零五"), (110, "一百一十"),
        (199, "一百九十九"), (1001, "一千零一"), (1299, "一千二百九十九"), (5000, "五千"), (10086, "一萬零八十六"),
        (110000, "十一萬"), (100000000, "一億"), (120050, "十二萬零五十"),
    ],
)  # fmt: skip
def test_cardinal(n: int, said: str) -> None:
    assert cardinal(n) == said


@pytest.mark.parametrize(
    ("written", "said"),
    [
        # prices
        ("現在是 199 元。", "現在是一百九十九元。"),
        ("到手價 ¥1,299", "到手價一千二百九十九元"),
        ("￥39.9 元", "三十九點九元"),
        ("只要 129 元", "只要一百二十九元"),
        # decimals and versions
        ("藍牙 5.3", "藍牙五點三"),
        ("6.7 吋螢幕", "六點七吋螢幕"),
        ("單耳 4.8 克", "單耳四點八克"),
        # percentages and ranges
        ("含 2% 玻尿酸", "含百分之二玻尿酸"),
        ("30% 的人", "百分之三十的人"),
        ("3-5 天到貨", "三到五天到貨"),
        ("3~5 天", "三到五天"),
        # clock times, years, long numbers
        ("20:00 開播", "二十點開播"),
        ("20:05 開播", "二十點零五分開播"),
        ("2026年", "二零二六年"),
        ("訂單號 20261204889", "訂單號二零二六一二零四八八九"),
        ("客服電話 4008", "客服電話四零零八"),
        # 2 before a measure word
        ("還有 2 件", "還有兩件"),
        ("2 小時充滿", "兩小時充滿"),
        ("第 2 名", "第二名"),
        # product codes: letters by name, digits one by one
        ("X1 無線藍牙耳機", "艾克斯一無線藍牙耳機"),
        ("防水 IPX5", "防水艾批艾克斯五"),
        ("IP68 防塵防水", "艾批六八防塵防水"),
        ("USB-C 接口", "優艾斯比西接口"),
        ("2C1A 輸出", "二西一誒輸出"),
        ("P65 快充頭", "批六五快充頭"),
        ("N9 手機", "恩九手機"),
        ("C1 編織線", "西一編織線"),
        # units after numbers
        ("5000mAh 電池", "五千毫安電池"),
        ("5000 mAh", "五千毫安"),
        ("120Hz 刷新率", "一百二十赫茲刷新率"),
        ("65W 快充", "六十五瓦快充"),
        ("100W", "一百瓦"),
        ("30g", "三十克"),
        ("1.5m 長", "一點五米長"),
        ("256GB 儲存", "二百五十六吉比儲存"),
        ("12GB 記憶體", "十二吉比記憶體"),
        ("30ml", "三十毫升"),
        ("4K 錄影", "四開錄影"),
        # English words said the Chinese way, and symbols
        ("Type-C", "泰普西"),
        ("N9 Pro Max", "恩九普羅麥克斯"),
        ("SPF50+", "艾斯批艾弗五零加"),
        ("買一送一 & 包郵", "買一送一和包郵"),
        ("小心心 x5", "小心心五個"),
        ("火箭 x2！", "火箭兩個！"),
    ],
)
def test_spoken_form(written: str, said: str) -> None:
    assert spoken_text(written, "zh-Hant") == said


def test_simplified_text_is_read_in_simplified() -> None:
    assert spoken_text("蓝牙 5.3，续航 30 小时", "zh-Hans") == "蓝牙五点三，续航三十小时"
    assert speech_form("这款 X1 现在 199 元").text == "这款艾克斯一现在一百九十九元"


def test_segments_keep_the_written_text() -> None:
    s = speech_form("X1 現在 199 元，IPX5 防水。")
    assert "".join(w for w, _ in s.segments) == s.written
    pieces = dict(s.segments)
    assert pieces["X1"] == "艾克斯一"
    assert pieces["199"] == "一百九十九"
    assert pieces["IPX5"] == "艾批艾克斯五"
    assert pieces[" "] == ""  # spaces around codes are not spoken


def test_helpers() -> None:
    assert digits("2026") == "二零二六"
    assert decimal("99.90") == "九十九點九零"
    assert code("USB-A") == "優艾斯比誒"
    assert code("iPhone") == "艾批艾尺歐恩伊"


@given(st.integers(min_value=0, max_value=10**12 - 1))
def test_cardinal_reads_every_digit_group(n: int) -> None:
    said = cardinal(n)
    assert said and set(said) <= set("零一二三四五六七八九十百千萬億")
    assert not said.startswith("零") or n == 0
    assert "零零" not in said


@given(st.text(alphabet="家人們好，。X1IPX5 199元%+-.:USB-Cg", max_size=30))
def test_any_text_keeps_its_written_form(text: str) -> None:
    s = speech_form(text)
    assert "".join(w for w, _ in s.segments) == text
    assert not any(c.isascii() and c.isdigit() for c in s.text)  # no digit left for the voice to guess
