"""Spoken Chinese -> the phoneme sequence the Baker FastSpeech2 voice was trained on.

The voice learnt from the Databaker corpus, whose labels give every sentence as
`sil`, an initial and a toned final per character, and a prosody mark between characters:
`#0` inside a prosodic word, `#1` between prosodic words, `#2` between prosodic phrases,
`#3` at an intonation break (before a comma); then `sil`, `eos`. The tones in those labels
are the tones as said (3-3 sandhi, 一 and 不 changed by what follows). A model fed `#0`
everywhere and dictionary tones hears input it never saw in training; this front-end gives
it what it knows:

- words from jieba (a dictionary word segmenter) over the Simplified text, and toned pinyin per word from pypinyin;
- tones as said over the whole clause: 一 (yi2 / yi4 by the next tone, yi1 when it counts:
  第一, 十一, 一點五), 不 (bu2 before a fourth tone), 3-3 sandhi inside a prosodic word and
  between the prosodic words of a phrase; no sandhi across a pause mark;
- prosodic words: a word, with particles (的 了 們 …) joined to the word before, a measure
  word after a number (元 個 件 …) joined to the number, and a spoken code or number
  (vhost.text.speech) kept whole (a space inside one would start a new word);
- `#1` between prosodic words, `#3` at a pause mark inside the clause (、，…).
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pypinyin import Style, lazy_pinyin

from vhost.text.fold import to_simplified

log = logging.getLogger(__name__)

PAUSE_MARKS = set("，。！？、；：,!?;:…")
_PARTICLES = set("的了们着过吗呢吧啊呀哦喔嘛啦")
# measure words and units said with the number before them (199 元, 5 個; not N9 是)
_MEASURES = set("元块个件台款支只瓶盒份天次种位条颗片包套组年岁周把张副对双分秒倍米克升瓦号度斤")
_CJK = re.compile(r"[\u3400-\u9fff]+")
_jieba: Any = None


def _segmenter() -> Any:
    """jieba, loaded once (about a second; the voice's warm-up pays it); False when not installed."""
    global _jieba
    if _jieba is None:
        try:
            import jieba
        except ImportError:
            log.warning("jieba is not installed (pip install jieba): the voice reads without word boundaries")
            _jieba = False
            return _jieba
        jieba.setLogLevel(logging.WARNING)
        jieba.initialize()
        _jieba = jieba
    return _jieba


def _blank(chunk: str) -> Any:
    return [""] * len(chunk)


def _pinyin(words: Sequence[str], sandhi: bool) -> list[str]:
    got = lazy_pinyin(list(words), style=Style.TONE3, neutral_tone_with_five=True, tone_sandhi=sandhi, errors=_blank)
    n = sum(len(w) for w in words)
    if len(got) != n:  # pypinyin merged or split something: fall back to character by character
        got = [(lazy_pinyin(c, style=Style.TONE3, neutral_tone_with_five=True, errors=_blank) or [""])[0] for w in words for c in w]
    return got


_NUMERALS = set("零〇一二三四五六七八九十百千万亿两")
_BIG_AFTER_YI = set("百千万亿")


def _tone(syl: str | None) -> str:
    return syl[-1] if syl else ""


def _with_tone(syl: str, tone: str) -> str:
    return syl[:-1] + tone


def _yi_bu(chars: list[str], syls: list[str | None], word_start: list[bool], pause_after: list[bool]) -> None:
    """一 and 不 as said, over a whole clause (in place).

    一 keeps yi1 when it counts (第一, 十一, 一二三, 一點五, at the end of a phrase) and
    before 百 千 萬 億 is yi4; at the start of a word (一樣, 一 起來) it is yi2 before a fourth
    tone and yi4 before the others; inside a word the dictionary's reading stands (統一,
    買一送一). 不 before a fourth tone is bu2, across word boundaries too (不 對)."""
    n = len(chars)
    for i, c in enumerate(chars):
        syl = syls[i]
        if syl is None or c not in "一不":
            continue
        nxt = syls[i + 1] if i + 1 < n and not pause_after[i] else None
        if c == "不":
            if syl == "bu4" and _tone(nxt) == "4":
                syls[i] = "bu2"
            continue
        prev = chars[i - 1] if i and not pause_after[i - 1] else ""
        after = chars[i + 1] if nxt else ""
        if prev == "第" or prev in _NUMERALS - _BIG_AFTER_YI or nxt is None:
            syls[i] = "yi1"
        elif after in _BIG_AFTER_YI:
            syls[i] = "yi4"
        elif after in _NUMERALS or (after == "点" and i + 2 < n and chars[i + 2] in _NUMERALS):
            syls[i] = "yi1"
        elif word_start[i] or syl != "yi1":
            syls[i] = "yi2" if _tone(nxt) in ("4", "5") else "yi4"


def _three_three(tones: list[str]) -> list[str]:
    """3-3 sandhi inside one prosodic word: a third tone before a third tone is said as a second."""
    out = list(tones)
    for i in range(len(out) - 2, -1, -1):
        if out[i].endswith("3") and out[i + 1].endswith("3"):
            out[i] = out[i][:-1] + "2"
    return out


class BakerFrontEnd:
    """Spoken Chinese text -> Baker phonemes, with the character each phoneme belongs to."""

    def __init__(self, mapper_path: Path, *, words: bool = True, sandhi: bool = True) -> None:
        mapper = json.loads(mapper_path.read_text(encoding="utf-8"))
        self.symbol_to_id: dict[str, int] = mapper["symbol_to_id"]
        self.pinyin: dict[str, list[str]] = mapper["pinyin_dict"]
        self.words = words
        self.sandhi = sandhi

    # -- text -> prosodic words -------------------------------------------------------------
    def prosodic_words(self, text: str, units: Sequence[tuple[int, int]] = ()) -> list[tuple[int, list[str | None]]]:
        """(start index, toned pinyin per character) of every prosodic word of `text`.
        `units` are (start, end) spans that stay one word (a spoken code or number);
        a space inside a unit starts a new word."""
        simp = to_simplified(text)
        if len(simp) != len(text):
            simp = "".join(to_simplified(c)[:1] or c for c in text)
        unit_at = {s: e for s, e in units}
        starts = sorted(unit_at)
        lexical: list[tuple[int, str, bool]] = []  # (start, chars, is_unit)
        i = 0
        while i < len(simp):
            if i in unit_at:
                end = unit_at[i]
                lexical += [(i + m.start(), m.group(0), True) for m in re.finditer(r"\S+", simp[i:end])]
                i = end
                continue
            m = _CJK.match(simp, i, next((s for s in starts if s > i), len(simp)))
            if m is None:
                i += 1
                continue
            pos = i
            seg: Any = _segmenter() if self.words else None
            for piece in seg.lcut(m.group(0), HMM=True) if seg else [m.group(0)]:
                lexical.append((pos, piece, False))
                pos += len(piece)
            i = m.end()
        if not lexical:
            return []
        tones = _pinyin([w for _, w, _ in lexical], self.sandhi)
        # one entry per character of the lexical words, for sandhi over the whole clause
        chars: list[str] = []
        syls: list[str | None] = []
        word_start: list[bool] = []
        pause_after: list[bool] = []
        for n, (start, piece, _) in enumerate(lexical):
            for j, c in enumerate(piece):
                p = tones[len(chars)]
                chars.append(c)
                syls.append(p if p and p[-1].isdigit() else None)
                word_start.append(j == 0)
                pause_after.append(False)
            if n + 1 < len(lexical):
                gap = text[start + len(piece) : lexical[n + 1][0]]
                pause_after[-1] = any(c in PAUSE_MARKS for c in gap)
        if self.sandhi:
            _yi_bu(chars, syls, word_start, pause_after)
        out: list[tuple[int, list[str | None]]] = []
        breaks: list[bool] = []  # a pause mark before the word
        k = 0
        prev_unit = False
        for start, piece, is_unit in lexical:
            syl = syls[k : k + len(piece)]
            k += len(piece)
            joins = bool(out) and out[-1][0] + len(out[-1][1]) == start
            attach = joins and not is_unit and len(piece) == 1 and (piece in _PARTICLES or (prev_unit and piece in _MEASURES))
            if attach:
                out[-1][1].extend(syl)
            else:
                breaks.append(bool(out) and pause_after[k - len(piece) - 1])
                out.append((start, syl))
            prev_unit = is_unit and bool(re.search(r"[零一二三四五六七八九十百千万亿两点]$", piece))
        if self.sandhi:
            for _, syl in out:
                toned = [s for s in syl if s]
                fixed = iter(_three_three(toned))
                syl[:] = [next(fixed) if s else None for s in syl]
            # across prosodic words of one phrase (我 很 好 -> wo3 hen2 hao3), right to left
            for w in range(len(out) - 2, -1, -1):
                left = [j for j, s in enumerate(out[w][1]) if s]
                right = [s for s in out[w + 1][1] if s]
                if left and right and not breaks[w + 1]:
                    last = out[w][1][left[-1]]
                    if last and last.endswith("3") and right[0].endswith("3"):
                        out[w][1][left[-1]] = _with_tone(last, "2")
        return out

    def aligned(self, text: str, units: Sequence[tuple[int, int]] = ()) -> tuple[list[str], list[int]]:
        """Phonemes of one clause and, for each, the index of its character in text (-1 = none)."""
        phones, owner = ["sil"], [-1]
        words = self.prosodic_words(text, units)
        last_end = 0
        for start, syls in words:
            first = True
            gap = text[last_end:start]
            for j, syl in enumerate(syls):
                if syl is None:
                    continue
                i = start + j
                parts = self._phones(syl)
                if parts is None:
                    continue
                if len(phones) > 1:
                    mark = "#0"
                    if first:
                        mark = "#3" if any(c in PAUSE_MARKS for c in gap) else ("#1" if self.words else "#0")
                    phones.append(mark)
                    owner.append(-1)
                first = False
                for p in parts:
                    phones.append(p)
                    owner.append(i)
            last_end = start + len(syls)
        phones += ["sil", "eos"]
        owner += [-1, -1]
        return phones, owner

    def _phones(self, syl: str) -> list[str] | None:
        base, tone = syl[:-1], syl[-1]
        if base in ("n", "ng", "m"):
            base = "en"
        parts = self.pinyin.get(base)
        if parts is not None:
            return [parts[0], parts[1] + tone]
        if base.endswith("r") and base[:-1] in self.pinyin:  # erhua: huar -> hua + er
            parts = self.pinyin[base[:-1]]
            return [parts[0], parts[1] + tone, "er5"]
        return None

    def ids(self, phonemes: list[str]) -> list[int]:
        return [self.symbol_to_id[p] for p in phonemes]
