"""Vowel visemes (VRM0 A I U E O) for lip-sync when an engine gives no phoneme timing.

Chinese: the pinyin final of each character decides the mouth shape; syllables share the
speech duration equally, punctuation counts as a pause of one syllable. English: espeak-ng
(`-q --ipa`) gives the vowels; a letter heuristic stands in when espeak-ng is missing.
Each syllable gets a mark at its start, pauses and the end get "rest".
"""

from __future__ import annotations

import functools
import re
import shutil
import subprocess

from pypinyin import Style, lazy_pinyin

from vhost.tts.base import VisemeMark, WordMark

REST = "rest"
VOWELS = ("A", "I", "U", "E", "O")

# nucleus of each standard (strict) pinyin final -> VRM0 vowel
_FINALS = {
    "A": "a ai ao an ang ia iao iang ua uai uan uang",
    "E": "e ei en eng ie ve uei uen ueng ian van er ê",
    "I": "i in ing",
    "O": "o ou uo iou io",
    "U": "u v vn ong iong",
}
FINAL_VISEME = {f: v for v, finals in _FINALS.items() for f in finals.split()}
# Arabic digits inside Chinese text are read as Chinese numerals
_DIGIT_ZH = dict(zip("0123456789", "〇一二三四五六七八九", strict=True))
_PAUSE = set("，。！？、；：,.!?;:…—\n")
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff〇]")

# IPA vowel letters -> viseme; length marks and stress are skipped
_IPA = {
    **dict.fromkeys("aɑæʌɐɒ", "A"),
    **dict.fromkeys("eɛəɜɚɝ", "E"),
    **dict.fromkeys("iɪyʏ", "I"),
    **dict.fromkeys("oɔøœ", "O"),
    **dict.fromkeys("uʊɯɵ", "U"),
}
_IPA_GLUE = set("ːˑ\u0361\u035c\u0303")
_LETTERS = {**dict.fromkeys("a", "A"), **dict.fromkeys("ey", "E"), "i": "I", "o": "O", "u": "U"}


def final_viseme(final: str) -> str:
    return FINAL_VISEME.get(final, "U" if not final else _first_vowel(final))


def _first_vowel(s: str) -> str:
    for ch in s:
        if ch in _LETTERS:
            return _LETTERS[ch]
    return "U"


def zh_units(text: str) -> list[str]:
    """One entry per spoken syllable (a viseme) or pause (REST), in order."""
    units: list[str] = []
    text = "".join(_DIGIT_ZH.get(c, c) for c in text)
    for token in re.findall(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff〇]|[A-Za-z]+|\S", text):
        if _CJK.match(token):
            final = lazy_pinyin(token, style=Style.FINALS, strict=True, errors="ignore")
            units.append(final_viseme(final[0]) if final else "U")
        elif token.isascii() and token.isalpha():
            # spelled-out Latin words (brand names) keep their written vowels
            units.extend(_english_units_from_letters(token))
        elif token in _PAUSE and units and units[-1] != REST:
            units.append(REST)
    while units and units[-1] == REST:
        units.pop()
    return units


def _english_units_from_letters(word: str) -> list[str]:
    groups = re.findall(r"[aeiouy]+", word.lower())
    return [_first_vowel(g) for g in groups] or ["E"]


@functools.lru_cache(maxsize=1)
def _espeak() -> str | None:
    return shutil.which("espeak-ng")


def _espeak_ipa(text: str) -> str | None:
    exe = _espeak()
    if exe is None:
        return None
    try:
        out = subprocess.run(
            [exe, "-q", "--ipa", "-v", "en-us"], input=text.encode("utf-8"), capture_output=True, timeout=5, check=True
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.decode("utf-8", errors="replace")


def _ipa_line_units(line: str) -> list[str]:
    units: list[str] = []
    prev_vowel = False
    for ch in line:
        if ch in _IPA:
            if not prev_vowel:
                units.append(_IPA[ch])
            prev_vowel = True
        elif ch not in _IPA_GLUE:
            prev_vowel = False
    return units


@functools.lru_cache(maxsize=2048)
def en_units(text: str) -> tuple[str, ...]:
    """Vowel nuclei from espeak-ng's IPA; each output line is a clause, so a pause follows it."""
    ipa = _espeak_ipa(text)
    units: list[str] = []
    if ipa is None:
        for clause in re.split(r"[,.!?;:]+", text):
            for word in re.findall(r"[A-Za-z]+", clause):
                units.extend(_english_units_from_letters(word))
            if units and units[-1] != REST:
                units.append(REST)
    else:
        for line in ipa.splitlines():
            units.extend(_ipa_line_units(line))
            if units and units[-1] != REST:
                units.append(REST)
    while units and units[-1] == REST:
        units.pop()
    return tuple(units)


def en_word_units(words: list[str]) -> list[list[str]]:
    """Units per word from one espeak-ng call (one word a line, one IPA line back each)."""
    clean = [re.sub(r"\s+", " ", w).strip() or "." for w in words]
    ipa = _espeak_ipa("\n".join(clean))
    lines = [ln for ln in (ipa or "").splitlines() if ln.strip()]
    if len(lines) == len(clean):
        return [_ipa_line_units(ln) for ln in lines]
    return [_english_units_from_letters(w) if re.search("[A-Za-z]", w) else [] for w in clean]


def units_for(text: str, lang: str) -> list[str]:
    return zh_units(text) if lang.startswith("zh") or _CJK.search(text) else list(en_units(text))


def spread(units: list[str], start_s: float, duration_s: float) -> list[VisemeMark]:
    if not units or duration_s <= 0:
        return []
    step = duration_s / len(units)
    return [VisemeMark(offset_s=round(start_s + i * step, 4), viseme=u) for i, u in enumerate(units)]


def visemes_for(text: str, lang: str, duration_s: float) -> tuple[VisemeMark, ...]:
    """Syllable-proportional vowel marks over `duration_s`, closed with a final rest."""
    marks = spread(units_for(text, lang), 0.0, duration_s)
    if not marks:
        return ()
    return (*marks, VisemeMark(offset_s=round(duration_s, 4), viseme=REST))


def visemes_from_words(
    words: tuple[WordMark, ...], lang: str, duration_s: float, text: str = ""
) -> tuple[VisemeMark, ...]:
    """Use engine word timing where there is some: each word's syllables fill its own span,
    silence between words is rest. Without word marks, fall back to the whole text."""
    spans = [w for w in words if w.kind == "word" and w.duration_s > 0]
    if not spans:
        return visemes_for(text, lang, duration_s) if text else ()
    if lang.startswith("zh") or _CJK.search(text):
        per_word = [zh_units(w.text) for w in spans]
    else:
        per_word = en_word_units([w.text for w in spans])
    marks: list[VisemeMark] = []
    for i, w in enumerate(spans):
        marks.extend(spread(per_word[i], w.offset_s, w.duration_s))
        end = w.offset_s + w.duration_s
        nxt = spans[i + 1].offset_s if i + 1 < len(spans) else duration_s
        if nxt - end > 0.05:
            marks.append(VisemeMark(offset_s=round(end, 4), viseme=REST))
    if not marks or marks[-1].viseme != REST:
        last_end = spans[-1].offset_s + spans[-1].duration_s
        marks.append(VisemeMark(offset_s=round(min(last_end, duration_s), 4), viseme=REST))
    return tuple(marks)
