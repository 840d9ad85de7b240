"""The voice stage: a guarded line in, a program-format Piece out.

Builds the persona's engine chain (failover when available, espeak-ng otherwise), picks
the voice per sentence language, converts to 48 kHz, evens loudness and fades the edges.
A sentence that no engine can speak is skipped, never replaced by an error message.
"""

from __future__ import annotations

import logging
import re
from collections.abc import AsyncIterator, Sequence
from dataclasses import replace
from typing import Any

import numpy as np

from vhost.audio.convert import to_program
from vhost.clock import Clock
from vhost.compute import off_loop
from vhost.persona.model import Persona, VoiceConfig
from vhost.stage.utterance import Piece
from vhost.tts.base import TTS, TTSError, VoiceSpec

log = logging.getLogger(__name__)


def espeak_spec(cfg: VoiceConfig, lang: str) -> VoiceSpec:
    fam = "en" if lang.startswith("en") else "zh"
    return VoiceSpec(lang=fam, voice=cfg.espeak.en if fam == "en" else cfg.espeak.zh, speed_wpm=cfg.espeak.speed)


def build_tts(persona: Persona, clock: Clock) -> TTS:
    from vhost.tts.registry import build_voice

    return build_voice(persona.voice, clock)


_CLAUSE_END = re.compile(r"(?<=[，、；：,;:])")
_SAID = re.compile(r"[\u3400-\u9fff0-9A-Za-z]")  # characters that take time to say


def clauses(text: str, lang: str, min_chars: int = 4) -> list[str]:
    """A Chinese sentence cut after its clause marks, so the first clause can be spoken while
    the rest is synthesized; a clause of fewer than min_chars characters (Chinese, digits, letters) joins the next.
    Other languages stay whole."""
    if not lang.startswith("zh"):
        return [text]
    out: list[str] = []
    buf = ""
    for part in _CLAUSE_END.split(text):
        buf += part
        if len(_SAID.findall(buf)) >= min_chars:
            out.append(buf)
            buf = ""
    if buf:
        if out and len(_SAID.findall(buf)) < min_chars:
            out[-1] += buf
        else:
            out.append(buf)
    return [c for c in out if c.strip()] or [text]


def _fade(pcm: np.ndarray, sr: int, ms: float = 5.0) -> np.ndarray:
    n = min(len(pcm) // 2, int(sr * ms / 1000))
    if n <= 1:
        return pcm
    out = pcm.astype(np.float32)
    ramp = np.linspace(0.0, 1.0, n, dtype=np.float32)
    out[:n] *= ramp
    out[-n:] *= ramp[::-1]
    return out.astype(np.int16)


class Voice:
    def __init__(self, persona: Persona, clock: Clock, tts: TTS | None = None) -> None:
        self.persona = persona
        self.clock = clock
        self._fixed = tts is not None
        self.tts = tts or build_tts(persona, clock)
        self.mixer: Any = None
        self.skipped = 0
        self.spoken = 0
        self.audio_s = 0.0
        self.synth_s = 0.0
        self._normalize = self._load_normalizer()

    @staticmethod
    def _load_normalizer() -> Any:
        try:
            from vhost.audio.loudness import normalize  # type: ignore[attr-defined]
        except ImportError:
            return None
        return normalize

    def set_persona(self, persona: Persona) -> None:
        changed = persona.voice != self.persona.voice
        self.persona = persona
        if changed and not self._fixed:
            self.tts = build_tts(persona, self.clock)

    async def warm(self, langs: Sequence[str]) -> dict[str, bool]:
        """Every engine of the chain speaks once per language family as the show goes on air
        (a hot standby: vhost.tts.failover.FailoverTTS.warm) and its audio goes through the
        conversion to program audio, so a failover mid-show does not pay for a cold engine.
        Which engines answered."""
        ready: dict[str, bool] = {}
        for fam in dict.fromkeys("en" if x.startswith("en") else "zh" for x in langs):
            spec = self.spec(fam)
            warm = getattr(self.tts, "warm", None)
            if callable(warm):
                speeches = await warm(fam)
            else:
                try:
                    speeches = {self.tts.name: await self.tts.synthesize("你好。" if fam == "zh" else "Hello.", spec)}
                except Exception as e:  # the show goes on air; its lines meet the error again
                    log.warning("voice: %s failed its warm-up: %s", self.tts.name, e)
                    speeches = {self.tts.name: None}
            for name, speech in speeches.items():
                ready[name] = ready.get(name, True) and speech is not None
                if speech is not None:
                    await off_loop(self._to_program, speech.pcm, speech.sample_rate)
        return ready

    def spec(self, lang: str) -> VoiceSpec:
        return espeak_spec(self.persona.voice, lang)

    async def pieces(self, line: Any, speed: float = 1.0) -> AsyncIterator[Piece]:
        """The line clause by clause (Chinese) or whole: each piece as soon as it is made.
        Cancelling stops between clauses. A clause no engine can speak is left out.
        speed: said this much quicker (vhost.director.pacing.speaking_rate)."""
        parts = clauses(line.text, line.lang)
        for i, part in enumerate(parts):
            piece = await self._synth(line, part, i, len(parts), speed)
            if piece is not None:
                yield piece

    async def piece(self, line: Any) -> Piece | None:
        """The whole line as one piece."""
        return await self._synth(line, line.text, 0, 1)

    async def _synth(self, line: Any, text: str, part: int, parts: int, speed: float = 1.0) -> Piece | None:
        spec = self.spec(line.lang)
        if speed != 1.0:
            spec = replace(spec, speed=speed)
        t0 = self.clock.now()
        try:
            with self.clock.busy():
                speech = await self.tts.synthesize(text, spec)
        except TTSError as e:
            self.skipped += 1
            log.warning("no engine could speak %r: %s", text[:40], e)
            return None
        self.synth_s += self.clock.now() - t0
        # resampling and loudness are FFTs over the whole clause (30-150 ms on a busy machine):
        # on the compute thread (numpy lets go of the GIL), so the stage's frames keep their time
        with self.clock.busy():
            pcm = await off_loop(self._to_program, speech.pcm, speech.sample_rate)
        self.spoken += 1 if part == parts - 1 else 0
        self.audio_s += len(pcm) / 48000
        return Piece(
            pcm=pcm,
            text=line.text,
            lang=line.lang,
            origin=getattr(line, "origin", "llm"),
            emotion=getattr(line, "emotion", None),
            replaced=tuple(getattr(line, "replaced", ()) or ()),
            words=speech.words,
            visemes=speech.visemes,
            engine=speech.engine,
            part=part,
            parts=parts,
            clause=text,
        )

    def _to_program(self, pcm: np.ndarray, sr: int) -> np.ndarray:
        """Engine audio -> program audio: 48 kHz, loudness-normalised, faded in and out."""
        pcm = to_program(pcm, sr)
        if self._normalize is not None:
            pcm = self._normalize(pcm, 48000)
        return _fade(pcm, 48000)

    def stats(self) -> dict[str, Any]:
        health = getattr(self.tts, "health", None)
        return {
            "spoken": self.spoken,
            "skipped": self.skipped,
            "audio_s": round(self.audio_s, 2),
            "synth_s": round(self.synth_s, 3),
            "health": health() if callable(health) else {},
        }

    async def aclose(self) -> None:
        await self.tts.aclose()
