"""How well a voice is understood: speak persona sentences, transcribe them, count character errors.

Sentences come from the shipped Chinese personas as a viewer would hear them (rendered
scripts and quiet lines, FAQ answers, canned replies, thanks, catchphrases, holding lines,
prices and specs). Reference and transcript are normalised the same way before the
character error rate (CER) is taken: full/half width, Traditional -> Simplified, lower case,
punctuation and spaces removed, Chinese numerals -> Arabic digits (一百九十九 -> 199,
五點三 -> 53 once the point is dropped, 二零二六 -> 2026).
"""

from __future__ import annotations

import asyncio
import re
import time
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from vhost.asr.base import ASR_RATE
from vhost.text.fold import to_simplified

REPO = Path(__file__).resolve().parents[2]
ZH_PERSONAS = (REPO / "personas" / "tech_reviewer.yaml", REPO / "personas" / "beauty_lab.yaml")

_DIGIT = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNIT = {"十": 10, "百": 100, "千": 1000}
_BIG = {"万": 10_000, "萬": 10_000, "亿": 100_000_000, "億": 100_000_000}
_NUMERAL_RUN = re.compile(r"[零〇一二两兩三四五六七八九十百千万萬亿億]+(?:[点點][零〇一二三四五六七八九]+)?")
_KEEP = re.compile(r"[0-9a-z\u3400-\u4dbf\u4e00-\u9fff]")


def _numeral_value(run: str) -> str:
    whole, sep, frac = run.replace("點", "点").partition("点")
    if sep:  # 五点三 -> 53 (the written 5.3 loses its point with the punctuation)
        return _numeral_value(whole) + "".join(str(_DIGIT[c]) for c in frac)
    if not any(c in _UNIT or c in _BIG for c in run):
        return "".join(str(_DIGIT[c]) for c in run)  # 二零二六 -> 2026, 一 -> 1
    total = section = digit = 0
    for c in run:
        if c in _DIGIT:
            digit = _DIGIT[c]
        elif c in _UNIT:
            section += (digit or 1) * _UNIT[c]
            digit = 0
        else:
            total += (section + digit) * _BIG[c]
            section = digit = 0
    return str(total + section + digit)


# Latin letters said by their Chinese names count as the letters (only names of two or more
# characters: one-character names such as 比 or 西 are ordinary words too)
_LETTER_NAMES = {"艾克斯": "x", "埃克斯": "x", "艾斯": "s", "艾弗": "f", "艾尺": "h", "艾乐": "l", "艾姆": "m", "阿尔": "r", "达布留": "w"}
_LETTER_RE = re.compile("|".join(sorted(_LETTER_NAMES, key=len, reverse=True)))


def normalize(text: str) -> str:
    t = to_simplified(unicodedata.normalize("NFKC", text)).lower()
    t = _LETTER_RE.sub(lambda m: _LETTER_NAMES[m.group(0)], t)
    t = t.replace("+", "加").replace("百分之", "")  # 2% and 百分之二 both become 2
    t = _NUMERAL_RUN.sub(lambda m: _numeral_value(m.group(0)), t)
    return "".join(_KEEP.findall(t))


def edit_distance(a: Sequence[str], b: Sequence[str]) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def cer(reference: str, hypothesis: str) -> float:
    ref, hyp = normalize(reference), normalize(hypothesis)
    return edit_distance(ref, hyp) / max(1, len(ref))


def _sentences(text: str) -> list[str]:
    parts = re.split(r"(?<=[。！？!?])", text)
    return [p.strip() for p in parts if re.search(r"[\u4e00-\u9fff]", p)]


def persona_sentences(paths: Iterable[Path] = ZH_PERSONAS) -> list[str]:
    """Every distinct Chinese sentence the shipped personas can say, rendered with sample values."""
    from vhost.persona.loader import load_persona
    from vhost.persona.preview import _render, preview_lines

    out: list[str] = []
    for path in paths:
        p = load_persona(path)
        texts = [t for _, t in preview_lines(p) if t]
        for prod in p.products:
            texts.append(f"{prod.name}現在是 {prod.price:g} 元。")
            texts += [f"{k}是 {v}。" for k, v in prod.specs.items()]
            texts += [_render(p, f.a, "reply", prod, None) for f in prod.faqs]
            texts += list(prod.selling_points)
        texts += [_render(p, c.text, "segment", None, None) for c in p.identity.catchphrases]
        texts += [_render(p, x, "segment", None, None) for x in (*p.holding, *p.fillers)]
        for t in texts:
            out += [s for s in _sentences(t) if not s.startswith("<")]
    return list(dict.fromkeys(out))


@dataclass
class Report:
    engine: str
    sentences: int = 0
    errors: int = 0
    ref_chars: int = 0
    audio_s: float = 0.0
    synth_s: float = 0.0
    worst: list[dict[str, Any]] = field(default_factory=list)

    @property
    def cer(self) -> float:
        return self.errors / max(1, self.ref_chars)

    @property
    def rtf(self) -> float:
        return self.synth_s / max(1e-9, self.audio_s)

    def as_dict(self, keep_worst: int = 8) -> dict[str, Any]:
        worst = sorted(self.worst, key=lambda r: -r["cer"])[:keep_worst]
        return {
            "engine": self.engine,
            "sentences": self.sentences,
            "cer": round(self.cer, 4),
            "rtf": round(self.rtf, 4),
            "audio_s": round(self.audio_s, 1),
            "worst": worst,
        }


def resample(pcm: np.ndarray, sr: int, to: int = ASR_RATE) -> np.ndarray:
    """int16 mono -> int16 at `to` Hz by linear interpolation (plenty for recognition)."""
    if sr == to or len(pcm) == 0:
        return pcm
    n = int(round(len(pcm) * to / sr))
    x = np.interp(np.linspace(0, len(pcm) - 1, n), np.arange(len(pcm)), pcm.astype(np.float32))
    return x.astype(np.int16)


def transcribe(recognizer: Any, pcm: np.ndarray, sr: int, lang: str = "zh") -> str:
    return str(recognizer.recognize_sync(resample(pcm, sr), lang=lang).text)


async def measure(engine: Any, sentences: Sequence[str], recognizer: Any, lang: str = "zh") -> Report:
    """Speak every sentence with `engine` (a TTS), transcribe it with `recognizer` (a
    vhost.asr Recognizer), and total the character errors."""
    from vhost.tts.base import VoiceSpec

    rep = Report(engine=engine.name)
    spec = VoiceSpec(lang=lang)
    for text in sentences:
        t0 = time.perf_counter()
        speech = await engine.synthesize(text, spec)
        rep.synth_s += time.perf_counter() - t0
        rep.audio_s += speech.duration_s
        heard = await asyncio.to_thread(transcribe, recognizer, speech.pcm, speech.sample_rate, lang)
        ref, hyp = normalize(text), normalize(heard)
        errs = edit_distance(ref, hyp)
        rep.sentences += 1
        rep.errors += errs
        rep.ref_chars += len(ref)
        rep.worst.append({"text": text, "heard": heard, "cer": round(errs / max(1, len(ref)), 3)})
    return rep
