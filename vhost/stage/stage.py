"""The stage: one program clock, continuous 20 ms frames, cues on the same clock.

It plays the lineup's utterances one at a time, silence between them, never a gap in the
timeline. An interruptible utterance (pitch, script, filler) yields at its next sentence
boundary when something more important is ready; one that has not made a sound yet yields
at once. Frames are rendered `cue_lead` seconds ahead so live avatar outputs can receive
cues before the encoder's copy of the sound.
"""

from __future__ import annotations

import collections
import contextlib
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from vhost.clock import Clock
from vhost.events import Cue
from vhost.sinks.base import AudioFormat, AudioSink, CueSink
from vhost.stage.envelope import mouth_value
from vhost.stage.utterance import Lineup, Piece, Utterance

if TYPE_CHECKING:
    from vhost.anchor.yielding import Floor

log = logging.getLogger(__name__)
FADE_MS = 8
PAUSE_MS = 60  # a gap this long inside a sentence (a comma, a breath) is a place to yield
FACT_LINES = frozenset({"pitch", "script"})  # lines that carry facts: they finish their sentence before a reply
FINISH_S = 3.0  # the longest a ready reply waits for that sentence to end
PAUSE_DB = -40.0
YIELD_LOOKAHEAD_S = 1.5  # how far ahead in the sentence on air to look for such a pause


def next_pause(pcm: np.ndarray, start: int, sr: int, lookahead_s: float = YIELD_LOOKAHEAD_S) -> int | None:
    """Sample index of the first pause of PAUSE_MS after `start` within the lookahead."""
    hop = sr // 100  # 10 ms blocks
    need = max(1, PAUSE_MS // 10)
    end = min(len(pcm), start + int(lookahead_s * sr))
    quiet = 0
    thr = 32768.0 * 10 ** (PAUSE_DB / 20)
    for i in range(start, end - hop + 1, hop):
        block = pcm[i : i + hop].astype(np.float32)
        if float(np.sqrt(np.mean(block * block))) < thr:
            quiet += 1
            if quiet >= need:
                return i + hop - (need // 2) * hop  # cut in the middle of the pause
        else:
            quiet = 0
    return None


@dataclass
class StageStats:
    frames: int = 0
    utterances: int = 0
    interrupted: int = 0
    speaking_frames: int = 0
    late_frames: int = 0  # real-time mode: frames rendered after their deadline
    max_lag_s: float = 0.0  # real-time mode: the furthest a frame was behind the wall clock
    cues: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)
    voiced_until_s: float = 0.0  # program time at the end of the last frame with speech in it


class Stage:
    def __init__(
        self,
        clock: Clock,
        lineup: Lineup,
        audio_sinks: Sequence[AudioSink],
        cue_sinks: Sequence[CueSink],
        *,
        fmt: AudioFormat | None = None,
        cue_lead_s: float = 0.0,
        on_finished: Callable[[Utterance], None] | None = None,
        mixer: Callable[[np.ndarray, bool], np.ndarray] | None = None,
        cue_file: CueSink | None = None,
        on_started: Callable[[Utterance], None] | None = None,
        on_line: Callable[[Utterance, int, str, float, float | None], None] | None = None,
    ) -> None:
        self.clock = clock
        self.lineup = lineup
        self.audio_sinks = list(audio_sinks)
        self.cue_sinks = list(cue_sinks)
        self.cue_file = cue_file
        self.fmt = fmt or AudioFormat()
        self.cue_lead_s = cue_lead_s
        self.on_finished = on_finished
        self.on_started = on_started  # an utterance's first sound (the journal records it)
        self.on_line = on_line  # a sentence on air (end None), then heard: (utterance, seq, text, start, end)
        self.mixer = mixer
        self.stats = StageStats()
        self.frame_s = self.fmt.frame_ms / 1000.0
        self._n = 0
        self.cur: Utterance | None = None
        self._piece: Piece | None = None
        self._pos = 0
        self._cut_at: int | None = None
        self._piece_t0 = 0.0
        self._visemes: collections.deque[tuple[float, str]] = collections.deque()
        self._words: collections.deque[tuple[float, float, str]] = collections.deque()
        self._was_open = False
        self._open_sentence: str | None = None  # a sentence whose later clauses have not played yet
        self._heard: list[str] = []  # the clauses of the open sentence played so far
        self._wanted_s: float | None = None  # when a more important line became ready to play
        self._sentence_t0 = 0.0  # program time the sentence on air began (its first clause)
        self._cut_reason: str | None = None
        self._stopping = False
        self._audio_out: collections.deque[tuple[float, bytes]] = collections.deque()
        self._late_cues: collections.deque[Cue] = collections.deque()
        self._silence = np.zeros(self.fmt.frame_samples, np.int16)
        self.floor: Floor | None = None  # co-hosting: the anchor's voice takes the floor (vhost.anchor.yielding)
        self._pause_reason: str | None = None

    @property
    def now_text(self) -> str | None:
        """The sentence on air right now (for the operator console)."""
        return self._piece.text if self._piece is not None else None

    def remaining_s(self) -> float:
        """Audio of the utterance on air still to play, as far as it is prepared."""
        if self.cur is None:
            return 0.0
        left = (len(self._piece.pcm) - self._pos) / self.fmt.sample_rate if self._piece is not None else 0.0
        return left + self.cur.queued_s

    @property
    def program_s(self) -> float:
        return self._n * self.frame_s

    def resume_at(self, frames: int) -> None:
        """Continue a program that already holds `frames` frames (a resumed show)."""
        self._n = self.stats.frames = frames

    def stop(self) -> None:
        """End the show at the next frame (Ctrl-C, SIGTERM, API)."""
        self._stopping = True

    def cut(self, reason: str = "operator took over") -> None:
        """Stop the current utterance at the next frame with a short fade (takeover)."""
        self._cut_reason = reason

    # -- cues -----------------------------------------------------------------------------
    async def _cue(self, cue: Cue) -> None:
        self.stats.cues += 1
        if self.cue_file is not None:
            await self.cue_file.send(cue)
        if self.cue_lead_s < 0:
            self._late_cues.append(cue)
            return
        for s in self.cue_sinks:
            try:
                await s.send(cue)
            except Exception as e:  # an avatar output never stops the show
                log.warning("cue sink %s failed: %s", getattr(s, "name", s), e)

    async def emit(self, cue: Cue) -> None:
        """A cue from outside the program audio (a play's card for the overlay), on the same outputs."""
        await self._cue(cue)

    async def _flush_late_cues(self, now: float) -> None:
        while self._late_cues and self._late_cues[0].t - self.cue_lead_s <= now:
            cue = self._late_cues.popleft()
            for s in self.cue_sinks:
                with contextlib.suppress(Exception):
                    await s.send(cue)

    # -- utterance bookkeeping -----------------------------------------------------------
    def _next_utterance(self) -> Utterance | None:
        while True:
            utt = self.lineup.pop()
            if utt is None:
                return None
            if utt.interrupted:
                self._finish(utt, None)
                continue
            utt.started = True
            utt.taken_s = self.program_s
            self.lineup.current = utt
            return utt

    def _finish(self, utt: Utterance, t: float | None) -> None:
        if utt.start_s is not None and utt.end_s is None:
            utt.end_s = t
        self.stats.utterances += 1 if utt.start_s is not None else 0
        self.stats.by_kind[utt.kind] = self.stats.by_kind.get(utt.kind, 0) + (1 if utt.start_s is not None else 0)
        if utt.interrupted:
            self.stats.interrupted += 1
        utt.cancel_tasks()  # nothing left to prepare for it
        utt.finished.set()
        if self.lineup.current is utt:
            self.lineup.current = None
        self.lineup.poke()
        if self.on_finished is not None:
            self.on_finished(utt)

    def _should_yield(self, utt: Utterance, at_boundary: bool) -> bool:
        nxt = self.lineup.peek()
        if nxt is None or nxt.priority <= utt.priority:
            return False
        if utt.first_audio_s is None:
            return True  # has not made a sound yet: give way at once
        return at_boundary and utt.gives_way_to(nxt)

    def _ready_first(self, utt: Utterance) -> bool:
        """A line that has not made a sound yet (a slow LLM line) lets the next one go first when
        that one is ready and no less important; it keeps preparing and plays after it."""
        nxt = self.lineup.peek()
        if utt.first_audio_s is not None or nxt is None or nxt.interrupted or nxt.priority < utt.priority or nxt.pieces.empty():
            return False
        self.lineup.pop()
        utt.started = False
        self.lineup.add(utt)
        nxt.started = True
        nxt.taken_s = self.program_s
        self.cur = self.lineup.current = nxt
        return True

    def _finishing(self, utt: Utterance, t: float) -> bool:
        """A pitch or script line finishes the sentence on air before a reply that is ready (never half a fact:
        "單次續航 8 小時，" without "加充電盒一共 30 小時"), for at most FINISH_S; then it yields at the next pause. Any
        line finishes the sentence that the next reply says was just said ("剛才說了"), however long it waits, and a fact
        line goes on with its sentence while the reply that waits has no audio yet."""
        sentence = self._piece.text if self._piece is not None else self._open_sentence
        if sentence is not None and (nxt := self.lineup.peek()) is not None and sentence in nxt.leans_on:
            return True  # the reply begins "as I just said" of this very sentence: it is heard to its end
        if sentence is None or not self._reply_ready():
            self._wanted_s = None
            # nothing ready to say instead: a fact line's sentence goes on ("降噪我們實測過，" alone is half a fact)
            return sentence is not None and utt.kind in FACT_LINES
        if self._wanted_s is None:
            self._wanted_s = t
        return utt.kind in FACT_LINES and t - self._wanted_s < FINISH_S

    def _reply_ready(self) -> bool:
        """A higher-priority utterance waits with audio already made."""
        nxt = self.lineup.peek()
        return nxt is not None and self.cur is not None and nxt.priority > self.cur.priority and not nxt.pieces.empty()

    # -- co-hosting: the anchor's voice ----------------------------------------------------
    def _floor_free(self, t: float) -> bool:
        if self.floor is None or self.floor.free(t):
            return True
        if self.lineup.peek() is not None or self.cur is not None:
            self.floor.hold_back(self.frame_s)
        return False

    def _yield_to_anchor(self, t: float) -> None:
        """The anchor began talking over the sentence on air: cut at a pause before the
        floor's deadline (clause mode) or fade out now."""
        assert self.floor is not None and self.cur is not None and self._piece is not None
        by = self.floor.yield_by(t)
        if by is None:
            return
        sr = self.fmt.sample_rate
        if self._pause_reason is None and by > t + self.frame_s:
            # a pause whose quiet begins before the deadline (its cut point is PAUSE_MS/2 into it)
            pause = next_pause(self._piece.pcm, self._pos, sr, lookahead_s=by - t + PAUSE_MS / 1000)
            in_time = pause is not None and pause - sr * PAUSE_MS // 2000 <= self._pos + (by - t) * sr
            self._cut_at, self._pause_reason = (pause if in_time else -1), "yielded to the anchor"
        if self._pause_reason is not None and self._cut_at is not None and self._cut_at >= 0:
            return  # the pause branch below cuts there
        if t + self.frame_s < by - 1e-6:  # the next frame still fades out before the deadline
            return
        self.cur.interrupt("yielded to the anchor")
        self.floor.yielded(t + FADE_MS / 1000)

    # -- rendering ------------------------------------------------------------------------
    async def _start_piece(self, piece: Piece, t: float) -> None:
        assert self.cur is not None
        utt = self.cur
        self._piece, self._pos, self._piece_t0, self._cut_at, self._pause_reason = piece, 0, t, None, None
        utt.queued_s = max(0.0, utt.queued_s - len(piece.pcm) / self.fmt.sample_rate)
        self._visemes = collections.deque((t + v.offset_s, v.viseme) for v in piece.visemes)
        # word timing from the engine (edge-tts boundaries): karaoke-style subtitle cues
        self._words = collections.deque((t + w.offset_s, w.duration_s, w.text) for w in piece.words if w.kind == "word")
        if utt.first_audio_s is None:
            utt.first_audio_s = utt.start_s = t
            if self.on_started is not None:
                self.on_started(utt)
            await self._cue(Cue(t, "speaking", value=1.0, utterance=utt.id))
            if utt.emotion:
                await self._cue(Cue(t, "expression", name=utt.emotion, utterance=utt.id))
            if utt.motion:
                await self._cue(Cue(t, "motion", name=utt.motion, utterance=utt.id))
        if piece.emotion and piece.emotion != utt.emotion:
            await self._cue(Cue(t, "expression", name=piece.emotion, utterance=utt.id))
        if piece.opens:
            await self._cue(Cue(t, "subtitle", text=piece.text, utterance=utt.id, extra={"lang": piece.lang}))
            self._sentence_t0 = t
            if self.on_line is not None:
                self.on_line(utt, len(utt.played), piece.text, t, None)

    async def _end_piece(self, t: float) -> None:
        if self.cur is not None and self._piece is not None:
            if self._piece.closes:
                self.cur.played.append(self._piece.text)
                self.cur.replaced.extend(self._piece.replaced)
                self._open_sentence = None
                self._heard = []
                if self.on_line is not None:
                    self.on_line(self.cur, len(self.cur.played) - 1, self._piece.text, self._sentence_t0, t)
            else:
                self._open_sentence = self._piece.text
                self._heard.append(self._piece.clause or self._piece.text)
        self._piece = None
        if self._was_open:
            await self._cue(Cue(t, "mouth", value=0.0, utterance=self.cur.id if self.cur else None))
            self._was_open = False

    async def _end_utterance(self, t: float) -> None:
        utt = self.cur
        if utt is None:
            return
        if self._piece is not None:
            await self._end_piece(t)
        if self._open_sentence is not None:
            utt.partial = utt.partial or "".join(self._heard) or self._open_sentence  # cut between two clauses: its first ones heard
            self._open_sentence = None
        self._heard = []
        if utt.first_audio_s is not None:
            await self._cue(Cue(t, "speaking", value=0.0, utterance=utt.id))
        self.cur = None
        self._finish(utt, t)

    async def _render(self, t: float) -> np.ndarray:
        fs = self.fmt.frame_samples
        for _ in range(8):  # settle utterance/piece transitions within this frame
            if self._cut_reason and self.cur is not None:
                self.cur.interrupt(self._cut_reason)
            self._cut_reason = None if self.cur is None else self._cut_reason
            if self.cur is None:
                if not self._floor_free(t):
                    break
                self.cur = self._next_utterance()
                if self.cur is None:
                    break
            utt = self.cur
            if utt.interrupted:
                await self._end_utterance(t)
                continue
            if self._piece is None:
                if self._should_yield(utt, at_boundary=True) and not self._finishing(utt, t):
                    utt.interrupt("yielded to " + (nxt.kind if (nxt := self.lineup.peek()) else "?"))
                    await self._end_utterance(t)
                    continue
                if not utt.pieces.empty() and not self._floor_free(t):
                    break
                try:
                    piece = utt.pieces.get_nowait()
                except Exception:
                    if self._ready_first(utt):
                        continue
                    break  # audio not ready yet: silence while it is prepared
                if piece is None:
                    await self._end_utterance(t)
                    continue
                await self._start_piece(piece, t)
            break
        self._cut_reason = None
        if self._piece is None or self.cur is None:
            return self._silence
        if self.floor is not None and not self.cur.interrupted:
            self._yield_to_anchor(t)
        if self._cut_at is None and self.cur.interruptible and self._reply_ready() and not self._finishing(self.cur, t):
            # something more important is ready: leave at the next pause in this sentence
            self._cut_at = next_pause(self._piece.pcm, self._pos, self.fmt.sample_rate) or -1
        if self._cut_at is not None and 0 <= self._cut_at <= self._pos + fs:
            self.cur.interrupt(self._pause_reason or "yielded at a pause to " + (nxt.kind if (nxt := self.lineup.peek()) else "?"))
            if self._pause_reason and self.floor is not None:
                # silent from where the pause's quiet begins (the cut is PAUSE_MS/2 into it)
                self.floor.yielded(t + max(0.0, (self._cut_at - self._pos) / self.fmt.sample_rate - PAUSE_MS / 2000))
            self._piece = self._piece if self._cut_at > self._pos else None
            if self._piece is None:
                await self._end_utterance(t)
                return self._silence
            chunk = self._piece.pcm[self._pos : self._cut_at]
            self._pos += fs
            frame = np.concatenate([chunk, np.zeros(fs - len(chunk), np.int16)])
            value = mouth_value(frame)
            if value > 0 or self._was_open:
                await self._cue(Cue(t, "mouth", value=value, utterance=self.cur.id))
                self._was_open = value > 0
            self.cur.partial = "".join([*self._heard, self._piece.clause or self._piece.text])  # heard in part: in the transcript, not in memory
            self._piece = None
            await self._end_utterance(t + self.frame_s)
            return frame
        chunk = self._piece.pcm[self._pos : self._pos + fs]
        self._pos += fs
        frame = chunk if len(chunk) == fs else np.concatenate([chunk, np.zeros(fs - len(chunk), np.int16)])
        if self.cur.interrupted:  # cut inside a sentence: fade out, never click
            n = min(fs, int(self.fmt.sample_rate * FADE_MS / 1000))
            frame = frame.copy()
            frame[:n] = (frame[:n] * np.linspace(1.0, 0.0, n)).astype(np.int16)
            frame[n:] = 0
        value = mouth_value(frame)
        if value > 0 or self._was_open:
            await self._cue(Cue(t, "mouth", value=value, utterance=self.cur.id))
            self._was_open = value > 0
        due: list[Cue] = []  # visemes and words of this frame, sent in time order
        while self._visemes and self._visemes[0][0] < t + self.frame_s:
            vt, name = self._visemes.popleft()
            due.append(Cue(max(t, vt), "viseme", name=name, value=1.0 if name != "rest" else 0.0, utterance=self.cur.id))
        while self._words and self._words[0][0] < t + self.frame_s:
            wt, dur, text = self._words.popleft()
            due.append(Cue(max(t, wt), "word", text=text, utterance=self.cur.id, extra={"duration": round(dur, 3)}))
        for cue in sorted(due, key=lambda c: c.t):
            await self._cue(cue)
        self.stats.speaking_frames += 1
        self.stats.voiced_until_s = t + self.frame_s
        if self._pos >= len(self._piece.pcm) or self.cur.interrupted:
            await self._end_piece(t + self.frame_s)
        return frame

    async def _write_audio(self, upto: float) -> None:
        while self._audio_out and self._audio_out[0][0] <= upto + 1e-9:
            ft, data = self._audio_out.popleft()
            for s in self.audio_sinks:
                await s.write(data, ft)

    async def run(self, duration_s: float | None = None) -> None:
        for s in self.audio_sinks:
            await s.start(self.fmt)
        for c in self.cue_sinks:
            with contextlib.suppress(Exception):
                await c.start()
        lead = max(0.0, self.cue_lead_s)
        try:
            while not self._stopping and (duration_s is None or self.program_s < duration_s - 1e-9):
                t = self.program_s
                await self.clock.sleep_until(t - lead)
                lag = self.clock.now() - (t - lead)
                if lag > self.stats.max_lag_s:
                    self.stats.max_lag_s = lag
                if lag > 0.1:
                    self.stats.late_frames += 1
                frame = await self._render(t)
                if self.mixer is not None:
                    frame = self.mixer(frame, self._piece is not None)
                self._audio_out.append((t, frame.astype("<i2").tobytes()))
                self._n += 1
                self.stats.frames += 1
                await self._write_audio(self.clock.now() if lead > 0 else t)
                if self._late_cues:
                    await self._flush_late_cues(self.clock.now())
        finally:
            await self._write_audio(float("inf"))
            end = self.program_s
            if self.cur is not None:
                self.cur.interrupt("show ended")
                await self._end_utterance(end)
            with self.clock.busy():  # an encoder finishing its file is work: a fast clock does not skip it
                for s in self.audio_sinks:
                    with contextlib.suppress(Exception):
                        await s.close()
                for c in [*self.cue_sinks, *([self.cue_file] if self.cue_file else [])]:
                    with contextlib.suppress(Exception):
                        await c.close()
