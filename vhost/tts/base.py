"""The TTS backend Protocol: one sentence in, mono PCM plus timing marks out."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

import numpy as np


@dataclass(frozen=True, slots=True)
class WordMark:
    """A word or sentence boundary inside the speech, seconds from its start."""

    offset_s: float
    duration_s: float
    text: str
    kind: str = "word"  # word | sentence


@dataclass(frozen=True, slots=True)
class VisemeMark:
    offset_s: float
    viseme: str  # A I U E O or "rest"


@dataclass(frozen=True, slots=True)
class VoiceSpec:
    """Engine-specific voice settings resolved from the persona for one sentence."""

    lang: str = "zh"  # zh | en (language family of the sentence)
    voice: str | None = None  # engine voice name; None = engine default for lang
    rate: str = "+0%"
    pitch: str = "+0Hz"
    volume: str = "+0%"
    speed_wpm: int = 175  # espeak-ng words per minute
    # this sentence said this much quicker (1.1: a tenth shorter), on top of the engine's own rate;
    # a room that keeps asking hears lines a little brisker (vhost.director.pacing.speaking_rate)
    speed: float = 1.0
    model: str | None = None  # piper model path or name


@dataclass(frozen=True, slots=True)
class Speech:
    pcm: np.ndarray  # int16 mono
    sample_rate: int
    engine: str = ""
    words: tuple[WordMark, ...] = field(default_factory=tuple)
    visemes: tuple[VisemeMark, ...] = field(default_factory=tuple)

    @property
    def duration_s(self) -> float:
        return len(self.pcm) / float(self.sample_rate)


class TTSError(Exception):
    """Synthesis failed (engine missing, offline, no audio). The failover chain moves on."""


class TTS(Protocol):
    name: str

    async def synthesize(self, text: str, voice: VoiceSpec) -> Speech: ...

    async def aclose(self) -> None: ...
