"""The anchor's microphone, listened to: voice activity moves the floor, each turn of speech
is recognised, and what was heard is handed to the show.

source → (16 kHz) voice activity → Floor (the stage yields)
       → (48 kHz) AnchorMix, when the anchor's voice goes into the program
       → turns of speech (with 0.3 s before the onset) → Recognizer → on_heard(Heard)
Recognition runs one turn at a time in a thread; when it falls behind, the oldest waiting
turn is dropped (counted), never the floor's reaction, which needs no recognition.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from vhost.anchor.mix import AnchorMix
from vhost.anchor.sources import AnchorSource, Chunk
from vhost.anchor.vad import VAD_RATE, StreamResampler, VoiceActivity
from vhost.anchor.yielding import Floor
from vhost.asr.base import ASR_RATE, Recognized, Recognizer
from vhost.audio.convert import PROGRAM_RATE, resample
from vhost.clock import Clock

log = logging.getLogger(__name__)
PREROLL_S = 0.3
MAX_TURN_S = 15.0
WAITING_TURNS = 4


@dataclass(frozen=True, slots=True)
class Heard:
    """One turn of the anchor's speech, recognised."""

    start_s: float
    end_s: float
    text: str
    lang: str
    heard_s: float  # program time when the text was known
    asr_s: float  # wall seconds recognition took
    sure: bool = True  # False: the recogniser was guessing (kept on record, never acted on)


@dataclass
class _Turn:
    start_s: float
    rate: int
    parts: list[np.ndarray]
    end_s: float | None = None

    def audio_s(self) -> float:
        return sum(len(p) for p in self.parts) / self.rate


class AnchorInput:
    def __init__(
        self,
        source: AnchorSource,
        clock: Clock,
        floor: Floor,
        *,
        vad: VoiceActivity | None = None,
        mix: AnchorMix | None = None,
        recognizer: Recognizer | None = None,
        on_heard: Callable[[Heard], None] | None = None,
        lang: str | None = None,
        prompt: str = "",
    ) -> None:
        self.source, self.clock, self.floor = source, clock, floor
        self.vad = vad or VoiceActivity()
        self.mix = mix
        self.recognizer = recognizer
        self.on_heard = on_heard
        self.lang, self.prompt = lang, prompt
        self._to_vad: StreamResampler | None = None
        self._to_mix: StreamResampler | None = None
        self._rate = 0
        self._preroll: collections.deque[np.ndarray] = collections.deque()
        self._turn: _Turn | None = None
        self._waiting: asyncio.Queue[_Turn] = asyncio.Queue(maxsize=WAITING_TURNS)
        self.heard: collections.deque[Heard] = collections.deque(maxlen=20)
        self.dropped_turns = 0
        self.failed_turns = 0
        self.unclear_turns = 0  # speech the recogniser could make nothing reliable of
        self.error: str | None = None
        self._asr: list[Recognized] = []

    # -- listening --------------------------------------------------------------------------
    async def run(self) -> None:
        """Until cancelled (the show ended); a source that stops leaves the floor to the AI."""
        tasks = [asyncio.create_task(self._listen(), name="anchor-listen")]
        if self.recognizer is not None and self.on_heard is not None:
            tasks.append(asyncio.create_task(self._recognize(), name="anchor-recognize"))
        try:
            await asyncio.gather(*tasks)
        finally:
            for t in tasks:
                t.cancel()
            for t in tasks:
                with contextlib.suppress(BaseException):
                    await t
            await self.source.aclose()

    async def _listen(self) -> None:
        try:
            async for chunk in self.source.chunks():
                self.take(chunk)
        except Exception as e:  # a broken input never stops the show
            self.error = f"{type(e).__name__}: {e}"
            log.error("anchor audio %s failed: %s", self.source.name, self.error)
        if self.floor.speaking:
            self.floor.anchor_stopped(self.clock.now())
        if self._turn is not None:
            self._close_turn(self.clock.now())

    def take(self, chunk: Chunk) -> None:
        if chunk.rate != self._rate:
            self._rate = chunk.rate
            self._to_vad, self._to_mix = StreamResampler(chunk.rate, VAD_RATE), StreamResampler(chunk.rate, PROGRAM_RATE)
            self._preroll.clear()
        assert self._to_vad is not None and self._to_mix is not None
        if self.mix is not None:
            self.mix.push(self._to_mix(chunk.pcm))
        turns = self.vad.feed(self._to_vad(chunk.pcm), chunk.t)
        if self._turn is not None:
            self._turn.parts.append(chunk.pcm)
        for turn in turns:
            if turn.kind == "start":
                self.floor.anchor_started(turn.t, turn.detected_s)
                self._open_turn(turn.t, chunk)
            else:
                self.floor.anchor_stopped(turn.t)
                self._close_turn(turn.t)
        if self._turn is None:
            self._preroll.append(chunk.pcm)
            while sum(len(p) for p in self._preroll) > PREROLL_S * chunk.rate:
                self._preroll.popleft()
        elif self._turn.audio_s() >= MAX_TURN_S:  # a long monologue is recognised in pieces
            t = self.clock.now()
            self._close_turn(t)
            self._turn = _Turn(t - PREROLL_S, chunk.rate, [])

    def _open_turn(self, onset_s: float, chunk: Chunk) -> None:
        if self._turn is not None:
            return
        self._turn = _Turn(onset_s - PREROLL_S, chunk.rate, [*self._preroll, chunk.pcm])
        self._preroll.clear()

    def _close_turn(self, end_s: float) -> None:
        turn, self._turn = self._turn, None
        if turn is None or self.recognizer is None:
            return
        turn.end_s = end_s
        if self._waiting.full():
            self._waiting.get_nowait()
            self.dropped_turns += 1
            log.warning("anchor speech recognition fell behind: the oldest turn was not recognised")
        self._waiting.put_nowait(turn)

    # -- recognising ------------------------------------------------------------------------
    async def _recognize(self) -> None:
        assert self.recognizer is not None and self.on_heard is not None
        try:
            with self.clock.busy():  # loading is real time too: --fast does not skip it
                await self.recognizer.warm()
        except Exception as e:
            self.error = f"speech recognition unavailable: {e}"
            log.error("anchor: %s", self.error)
            return
        while True:
            turn = await self._waiting.get()
            pcm = resample(np.concatenate(turn.parts), turn.rate, ASR_RATE)
            try:
                with self.clock.busy():  # recognition is real work: --fast does not skip it
                    rec = await self.recognizer.recognize(pcm, lang=self.lang, prompt=self.prompt)
            except Exception as e:
                self.failed_turns += 1
                log.warning("anchor speech not recognised: %s", e)
                continue
            self._asr.append(rec)
            del self._asr[:-200]
            if not rec.text:
                self.unclear_turns += 1
                log.info("anchor turn not recognised (%s)", rec.dropped or "no words")
                continue
            heard = Heard(turn.start_s + PREROLL_S, turn.end_s or turn.start_s, rec.text, rec.lang, self.clock.now(), rec.compute_s, rec.sure)
            self.heard.append(heard)
            self.on_heard(heard)

    def stats(self) -> dict[str, Any]:
        audio = sum(r.audio_s for r in self._asr)
        return {
            "source": self.source.name, "speaking": self.floor.speaking, **self.source.stats(), **self.floor.stats(),
            "recognised": len(self._asr) - self.unclear_turns, "unclear_turns": self.unclear_turns,
            "dropped_turns": self.dropped_turns, "failed_turns": self.failed_turns, "unrecognised_at_end": self._waiting.qsize(),
            "asr_rtf": round(sum(r.compute_s for r in self._asr) / audio, 3) if audio else None,
            "recognizer": getattr(self.recognizer, "name", None), "error": self.error,
        }  # fmt: skip
