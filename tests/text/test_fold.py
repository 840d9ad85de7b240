"""Traditional characters as a Taiwanese viewer writes them: 干 of dry skin is 乾, 干 of doing stays 幹."""

from __future__ import annotations

import pytest

from vhost.text.fold import detect_lang, key_in, to_simplified, to_traditional


@pytest.mark.parametrize(
    ("simplified", "traditional"),
    [
        ("干皮可以用吗", "乾皮可以用嗎"),
        ("混干皮用了会不会干", "混乾皮用了會不會乾"),
        ("冬天皮肤偏干", "冬天皮膚偏乾"),
        ("干燥的季节", "乾燥的季節"),
        ("你在干什么", "你在幹什麼"),
        ("干嘛不买", "幹嘛不買"),
        ("主播好能干", "主播好能幹"),
        ("不会干扰耳机", "不會干擾耳機"),
        ("唇膏里面", "唇膏裡面"),
    ],
)
def test_traditional_reads_as_written_in_taiwan(simplified: str, traditional: str) -> None:
    assert to_traditional(simplified) == traditional
    assert to_simplified(traditional) == simplified


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("what unlocks the last 砍价 step?", "en"),  # English around a Chinese stream term
        ("do u ship to Malaysia? 大马可以寄吗", "en"),  # asked in English, then again in Chinese
        ("is the 秒杀 live yet", "en"),
        ("X1 續航 how many hours 啊", "zh-Hant"),  # Chinese with English words in it
        ("这个 earbuds 的 battery life 怎么样", "zh-Hans"),
        ("X1 有 ANC 吗", "zh-Hans"),
    ],
)
def test_an_english_message_with_a_chinese_term_is_english(text, lang) -> None:
    assert detect_lang(text) == lang


@pytest.mark.parametrize(
    ("key", "text", "found"),
    [
        ("ram", "anyone know a good ramen place near Mong Kok?", False),  # an English keyword is a whole word
        ("ram", "how much RAM does it have", True),
        ("type c", "is it Type-C?", True),  # separators aside
        ("earbud", "are the earbuds waterproof", True),  # or its plural
        ("續航", "X1续航多久", True),  # Chinese: a substring, either script
        ("ip", "防水ip等级多少", True),
    ],
)
def test_an_authors_keyword_in_a_viewers_words(key, text, found) -> None:
    assert key_in(key, text) is found
