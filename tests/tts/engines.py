"""Scripted engines implementing the TTS Protocol, for chain and cache tests."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

import numpy as np

from vhost.clock import FastClock
from vhost.tts.base import Speech, TTSError, VoiceSpec
from vhost.tts.voices import VoiceManifest


class ScriptedTTS:
    """mode: ok | fail | hang | crash. Records every (text, spec) it was asked for."""

    def __init__(
        self,
        name: str,
        mode: str = "ok",
        *,
        seconds: float = 0.5,
        sr: int = 16000,
        langs: frozenset[str] | None = None,
        clock: FastClock | None = None,
    ) -> None:
        self.name = name
        self.mode = mode
        self.seconds = seconds
        self.sr = sr
        self.calls: list[tuple[str, VoiceSpec]] = []
        self.closed = False
        self.clock = clock
        self.times: list[float] = []  # program time of each call, when a clock is given
        if langs is not None:
            self.langs = langs

    async def synthesize(self, text: str, voice: VoiceSpec) -> Speech:
        self.calls.append((text, voice))
        if self.clock is not None:
            self.times.append(self.clock.now())
        await asyncio.sleep(0)
        if self.mode == "fail":
            raise TTSError(f"{self.name} is down")
        if self.mode == "hang":
            await asyncio.Event().wait()
        if self.mode == "crash":
            raise RuntimeError("bug in backend")
        n = int(self.seconds * self.sr)
        pcm = (np.sin(np.arange(n) * 0.05) * 8000).astype(np.int16)
        return Speech(pcm=pcm, sample_rate=self.sr, engine=self.name)

    async def aclose(self) -> None:
        self.closed = True


@contextlib.asynccontextmanager
async def running(clock: FastClock) -> AsyncIterator[FastClock]:
    """clock.running() that lets the driver settle before it is cancelled: on Python 3.11
    asyncio.wait_for can swallow a cancel that lands as its inner wait completes, which
    leaves FastClock.running() waiting on its driver forever."""
    async with clock.running():
        try:
            yield clock
        finally:
            for _ in range(20):
                await asyncio.sleep(0)


def prepared_neural_voice() -> VoiceManifest:
    """The default neural voice's manifest once prepared. `make test` prepares it, so there
    (VHOST_REQUIRE_MODEL) an unprepared voice fails; a bare checkout skips."""
    import os

    import pytest

    from vhost.tts import voices

    m = voices.default_voice("fastspeech2")
    if not voices.is_prepared(m):
        if os.environ.get("VHOST_REQUIRE_MODEL"):
            pytest.fail("the neural voice is not prepared: run `make model`")
        pytest.skip("the neural voice is not prepared (run `vhost voices prepare`; `make test` does)")
    return m
