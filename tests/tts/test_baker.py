"""The Baker front-end: words, tones as said (sandhi) and prosody marks, checked by hand."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from vhost.text.speech import speech_form
from vhost.tts.baker import BakerFrontEnd
from vhost.tts.fastspeech2 import split_clauses

# initial and final of every syllable these tests say, as the Baker phoneme set writes them
# (zero initial "^", 是 -> iii, 斯 -> ii, 元 -> van, 九 -> iou)
SYLLABLES = {
    "jia": ("j", "ia"), "ren": ("r", "en"), "men": ("m", "en"), "hao": ("h", "ao"), "wan": ("^", "uan"),
    "shang": ("sh", "ang"), "ai": ("^", "ai"), "ke": ("k", "e"), "si": ("s", "ii"), "yi": ("^", "i"),
    "wu": ("^", "u"), "xian": ("x", "ian"), "lan": ("l", "an"), "ya": ("^", "ia"), "er": ("^", "er"),
    "ji": ("j", "i"), "zai": ("z", "ai"), "shi": ("sh", "iii"), "bai": ("b", "ai"), "jiu": ("j", "iou"),
    "yuan": ("^", "van"), "ge": ("g", "e"), "bu": ("b", "u"), "dui": ("d", "uei"), "wo": ("^", "uo"),
    "hen": ("h", "en"), "ma": ("m", "a"), "pi": ("p", "i"), "fang": ("f", "ang"), "shui": ("sh", "uei"),
}  # fmt: skip


@pytest.fixture
def front(tmp_path: Path) -> BakerFrontEnd:
    symbols = ["pad", "sil", "#0", "#1", "#2", "#3", "eos", "er5"]
    for initial, final in SYLLABLES.values():
        symbols += [initial] + [f"{final}{t}" for t in "12345"]
    symbol_to_id = {s: i for i, s in enumerate(dict.fromkeys(symbols))}
    path = tmp_path / "baker_mapper.json"
    mapper = {"symbol_to_id": symbol_to_id, "pinyin_dict": {k: list(v) for k, v in SYLLABLES.items()}}
    path.write_text(json.dumps(mapper), encoding="utf-8")
    return BakerFrontEnd(path)


def seq(phones: str) -> list[str]:
    return phones.split()


def said(fe: BakerFrontEnd, text: str) -> list[list[str | None]]:
    return [syl for _, syl in fe.prosodic_words(text)]


def phonemes(fe: BakerFrontEnd, text: str) -> list[list[str]]:
    """Every clause of a sentence as the show says it, phoneme by phoneme."""
    return [fe.aligned(c.spoken, c.units)[0] for c in split_clauses(speech_form(text))]


def test_a_show_line_phoneme_by_phoneme(front: BakerFrontEnd) -> None:
    first, second = phonemes(front, "我們晚上好，X1 無線藍牙耳機現在是 199 元。")
    # 我們 and 晚上 are words (#0 inside, #1 between); 們's neutral tone stops 3-3 sandhi with 晚
    assert first == seq("sil ^ uo3 #0 m en5 #1 ^ uan3 #0 sh ang4 #1 h ao3 sil eos")
    # X1 is one word, letter names then the digit (yi1: a digit keeps its tone); 199 元 is one
    # word with 元 joined to the number, and 百 before 九 is said bai2 (3-3 sandhi)
    assert second == seq(
        "sil ^ ai4 #0 k e4 #0 s ii1 #0 ^ i1 #1 ^ u2 #0 x ian4 #1 l an2 #0 ^ ia2 #1 ^ er3 #0 j i1"
        " #1 x ian4 #0 z ai4 #1 sh iii4 #1 ^ i4 #0 b ai2 #0 j iou3 #0 sh iii2 #0 j iou3 #0 ^ van2 sil eos"
    )


def test_a_pause_mark_inside_a_clause_is_an_intonation_break(front: BakerFrontEnd) -> None:
    phones, owner = front.aligned("我們，好嗎")
    # 嗎 joins the word before it; the comma inside the clause is #3
    assert phones == seq("sil ^ uo3 #0 m en5 #3 h ao3 #0 m a5 sil eos")
    assert owner == [-1, 0, 0, -1, 1, 1, -1, 3, 3, -1, 4, 4, -1, -1]  # the comma (2) says nothing


def test_a_product_code_is_one_prosodic_word(front: BakerFrontEnd) -> None:
    [phones] = phonemes(front, "防水是 IPX5。")
    assert phones == seq("sil f ang2 #0 sh uei3 #1 sh iii4 #1 ^ ai4 #0 p i1 #0 ^ ai4 #0 k e4 #0 s ii1 #0 ^ u3 sil eos")


@pytest.mark.parametrize(
    ("text", "tones"),
    [
        ("一個不對", ["yi2", "ge4", "bu2", "dui4"]),  # 一 before a 4th tone; 不 before a 4th tone across words
        ("一起來", ["yi4", "qi3", "lai2"]),  # 一 before a 3rd tone
        ("一樣", ["yi2", "yang4"]),
        ("第一名", ["di4", "yi1", "ming2"]),  # an ordinal keeps yi1
        ("統一", ["tong3", "yi1"]),  # at a word's end
        ("買一送一", ["mai3", "yi1", "song4", "yi1"]),  # inside a word the dictionary reading stands
        ("一百一十一", ["yi4", "bai3", "yi1", "shi2", "yi1"]),  # 一 before 百, digits inside a number
        ("不好", ["bu4", "hao3"]),  # 不 changes only before a 4th tone
        ("不要", ["bu2", "yao4"]),
        ("你好", ["ni2", "hao3"]),  # 3-3 inside a word
        ("我很好", ["wo3", "hen2", "hao3"]),  # 3-3 across words, from the right
    ],
)
def test_tones_as_said(front: BakerFrontEnd, text: str, tones: list[str]) -> None:
    assert [s for syl in said(front, text) for s in syl] == tones


def test_sandhi_stops_at_a_pause(front: BakerFrontEnd) -> None:
    assert said(front, "不，對") == [["bu4"], ["dui4"]]
    assert said(front, "好，好") == [["hao3"], ["hao3"]]


def test_traditional_and_simplified_read_alike(front: BakerFrontEnd) -> None:
    assert phonemes(front, "無線藍牙耳機") == phonemes(front, "无线蓝牙耳机")


def test_decimals_in_a_code_keep_the_digit_tone(front: BakerFrontEnd) -> None:
    c = split_clauses(speech_form("長度 1.5 米"))[0]
    words = front.prosodic_words(c.spoken, c.units)
    assert words[0] == (0, ["chang2", "du4"])
    assert words[1][1][0] == "yi1"  # 一點五, not yi4 as in 一點 (a little)


def test_without_words_every_mark_is_zero(tmp_path: Path, front: BakerFrontEnd) -> None:
    path = tmp_path / "baker_mapper.json"
    flat = BakerFrontEnd(path, words=False)
    phones, _ = flat.aligned("家人們晚上好")
    assert {p for p in phones if p.startswith("#")} == {"#0"}


def test_only_a_measure_word_joins_the_number_before_it(front: BakerFrontEnd) -> None:
    c = split_clauses(speech_form("N9 是 5 個"))[0]
    words = front.prosodic_words(c.spoken, c.units)
    assert [len(syl) for _, syl in words] == [2, 1, 2]  # 恩九 | 是 | 五個
