"""Vowel visemes from pinyin finals (Chinese) and espeak-ng IPA (English)."""

from __future__ import annotations

import pytest

from vhost.tts.base import WordMark
from vhost.tts.visemes import REST, en_units, final_viseme, visemes_for, visemes_from_words, zh_units


@pytest.mark.parametrize(
    ("final", "viseme"),
    [("a", "A"), ("ang", "A"), ("iao", "A"), ("i", "I"), ("ing", "I"), ("u", "U"), ("v", "U"), ("ong", "U"),
     ("e", "E"), ("ei", "E"), ("ian", "E"), ("uei", "E"), ("o", "O"), ("ou", "O"), ("uo", "O"), ("iou", "O")],
)
def test_pinyin_finals(final: str, viseme: str) -> None:
    assert final_viseme(final) == viseme


def test_chinese_syllables_both_scripts_and_digits() -> None:
    # 大(a) 家(ia) 好(ao) ， 我(uo) 愛(ai) 你(i)
    assert zh_units("大家好，我愛你！") == ["A", "A", "A", REST, "O", "A", "I"]
    assert zh_units("我爱你") == zh_units("我愛你")
    # 299 is read 二九九: er, jiu, jiu
    assert zh_units("只要299") == ["I", "A", "E", "O", "O"]


def test_marks_are_spread_in_proportion_to_syllables() -> None:
    marks = visemes_for("你好嗎", "zh", 1.5)
    assert [(m.offset_s, m.viseme) for m in marks] == [(0.0, "I"), (0.5, "A"), (1.0, "A"), (1.5, REST)]
    assert visemes_for("", "zh", 1.0) == ()
    assert visemes_for("。！", "zh", 1.0) == ()


def test_english_vowels_from_espeak() -> None:
    # hello /həlˈoʊ/ world /wˈɜːld/ , buy /bˈaɪ/ it /ɪt/ now /nˈaʊ/
    assert en_units("Hello world, buy it now!") == ("E", "O", "E", REST, "A", "I", "A")
    marks = visemes_for("Buy it now", "en", 0.9)
    assert [m.viseme for m in marks] == ["A", "I", "A", REST]
    assert marks[1].offset_s == pytest.approx(0.3)


def test_word_timing_places_visemes_inside_each_word() -> None:
    words = (WordMark(0.1, 0.3, "Hello"), WordMark(0.8, 0.2, "now"))
    marks = visemes_from_words(words, "en", 1.2)
    assert [(m.offset_s, m.viseme) for m in marks] == [(0.1, "E"), (0.25, "O"), (0.4, REST), (0.8, "A"), (1.0, REST)]
    zh = visemes_from_words((WordMark(0.0, 0.4, "你好"),), "zh", 0.5)
    assert [(m.offset_s, m.viseme) for m in zh] == [(0.0, "I"), (0.2, "A"), (0.4, REST)]
    # sentence marks only: fall back to the text over the whole duration
    assert visemes_from_words((WordMark(0.0, 1.0, "你好", "sentence"),), "zh", 1.0, "你好") == visemes_for("你好", "zh", 1.0)
