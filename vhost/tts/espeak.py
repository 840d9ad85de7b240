"""espeak-ng: the offline default voice. Mandarin through `cmn-latn-pinyin` (correct tones,
either script); `-v cmn` is broken on Debian 12 and is never used."""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

from vhost.audio.convert import read_wav_bytes
from vhost.clock import within
from vhost.errors import require_tool
from vhost.tts.base import Speech, TTSError, VoiceSpec

DEFAULT_VOICES = {"zh": "cmn-latn-pinyin", "en": "en-us"}
FORBIDDEN_VOICES = {"cmn"}


def espeak_binary() -> str:
    return require_tool("espeak-ng")


class EspeakTTS:
    name = "espeak"

    def __init__(self, pitch: int = 50, timeout_s: float = 20.0) -> None:
        self._exe = espeak_binary()
        self.pitch = pitch
        self.timeout_s = timeout_s

    def voice_for(self, spec: VoiceSpec) -> str:
        voice = spec.voice or DEFAULT_VOICES.get(spec.lang, "en-us")
        return DEFAULT_VOICES["zh"] if voice in FORBIDDEN_VOICES else voice

    async def synthesize(self, text: str, voice: VoiceSpec) -> Speech:
        text = text.strip()
        if not text:
            raise TTSError("espeak: empty text")
        if voice.lang == "zh":
            from vhost.text.speech import spoken_text

            text = spoken_text(text, "zh") or text  # codes, prices, units read out, not spelled by espeak's rules
        args = [self._exe, "-v", self.voice_for(voice), "-s", str(round(voice.speed_wpm * voice.speed)), "-p", str(self.pitch), "--stdout"]
        proc = await asyncio.create_subprocess_exec(
            *args, stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE
        )
        try:
            out, err = await within(proc.communicate(text.encode("utf-8")), self.timeout_s)
        except BaseException:
            with contextlib.suppress(ProcessLookupError):
                proc.kill()
            with contextlib.suppress(Exception):
                await proc.wait()
            raise
        if proc.returncode != 0 or not out:
            raise TTSError(f"espeak-ng exited {proc.returncode}: {err.decode(errors='replace').strip()[:200]}")
        try:
            pcm, sr = read_wav_bytes(out)
        except ValueError as e:
            raise TTSError(f"espeak-ng: {e}") from None
        if len(pcm) == 0:
            raise TTSError("espeak-ng produced no audio")
        visemes: tuple[Any, ...] = ()
        try:
            from vhost.tts.visemes import visemes_for

            # English visemes run espeak-ng --ipa: keep the event loop free
            visemes = tuple(await asyncio.to_thread(visemes_for, text, voice.lang, len(pcm) / sr))
        except ImportError:
            pass
        return Speech(pcm=pcm, sample_rate=sr, engine=self.name, visemes=visemes)

    async def aclose(self) -> None:
        return None


def from_config(**options: Any) -> EspeakTTS:
    return EspeakTTS(**options)
