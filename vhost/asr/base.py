"""The speech recognition Protocol: 16 kHz mono speech in, text out."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np

ASR_RATE = 16000
UNSURE_LOGPROB = -1.0


@dataclass(frozen=True, slots=True)
class Recognized:
    text: str  # as the engine wrote it (stripped); "" when nothing was understood
    lang: str  # the language it decided on: zh | en | ...
    audio_s: float
    compute_s: float  # wall seconds spent recognising
    logprob: float = 0.0  # mean log probability per token: below about -1 the words are a guess
    dropped: str = ""  # why the engine's words were thrown away (no speech, repetition, echo of the hint)

    @property
    def sure(self) -> bool:
        return self.logprob >= UNSURE_LOGPROB

    @property
    def rtf(self) -> float:
        return self.compute_s / self.audio_s if self.audio_s > 0 else 0.0


class Recognizer(Protocol):
    name: str

    async def warm(self) -> None:
        """Load what recognition needs (called once, before the first utterance)."""
        ...

    async def recognize(self, pcm: np.ndarray, *, lang: str | None = None, prompt: str = "") -> Recognized:
        """pcm: int16 mono at ASR_RATE. lang: zh | en | None (let the engine decide).
        prompt: words likely to be said (product names), to bias spelling."""
        ...
