"""A show: sources → intake → director → writer → voice → stage, one TaskGroup, bounded queues.

`run_show(config)` renders a whole show into config.out (program.wav, cues.jsonl,
transcript.jsonl, events.jsonl, and journal.sqlite, what a resume needs) on the program
clock, real time or fast. An --out that holds a show is continued (config.resume) or
refused, never overwritten.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import logging
import sys
import time
from collections.abc import Sequence
from typing import Any

from vhost import resume as resuming
from vhost.alerts import Evaluator, load_alerts
from vhost.assembly import BusyLLM, ShowConfig, ShowResult, build_llm, build_outputs, build_sources
from vhost.clock import Clock, FastClock, WallClock, within
from vhost.cohost.host import Cohost, open_anchor
from vhost.compute import freeze_startup_objects, map_big_buffers, thaw_startup_objects
from vhost.director.director import Director, DirectorConfig
from vhost.director.pacing import SOUND_GRACE_S, pick_lead
from vhost.events import COMMERCE_KINDS, ChatEvent
from vhost.health import Health, Link, gather
from vhost.intake.intake import Intake
from vhost.intake.ledger import Ledger
from vhost.journal import FILE as JOURNAL_FILE
from vhost.journal import Journal
from vhost.llm.base import LLM
from vhost.llm.chain import Attempt
from vhost.metrics import ShowMetrics
from vhost.orders import OrderBook
from vhost.persona.loader import load_persona
from vhost.plays import Plays
from vhost.preparing import Preparing
from vhost.show_loops import ShowLoops, transcript_row
from vhost.sinks.base import AudioFormat, AudioSink, CueSink
from vhost.sinks.jsonl import CueFile, JsonlWriter
from vhost.sinks.wav import WavSink
from vhost.sources.base import Source, SourceContext, SourceFailed
from vhost.stage.heard import Heard
from vhost.stage.stage import Stage
from vhost.stage.utterance import Lineup, Utterance
from vhost.text.controls import clean_event, strip_controls
from vhost.tts.base import TTS
from vhost.voice import Voice
from vhost.writer.writer import Writer

log = logging.getLogger(__name__)
WARM_LIMIT_S = 120.0
INTAKE_SLICE_S = 0.005  # intake work between two turns of the other tasks (a frame is 20 ms)
CLOSE_BACKEND_S = 1.0  # at the end of a show, how long the LLM and voice may take to close


class Show(Preparing, ShowLoops):
    def __init__(
        self,
        config: ShowConfig,
        *,
        llm: LLM | None = None,
        tts: TTS | None = None,
        sources: Sequence[Source] | None = None,
        clock: Clock | None = None,
        audio_sinks: Sequence[AudioSink] | None = None,
        cue_sinks: Sequence[CueSink] | None = None,
        busy_llm: bool = True,
    ) -> None:
        """busy_llm=False for test backends whose delays already run on the program clock."""
        self.config = config
        self.clock: Clock = clock or (WallClock() if config.realtime else FastClock())
        self.metrics = ShowMetrics(self)
        out = config.out
        # cheap checks first (alerts, persona, out folder, sources, outputs, voice), the model load last;
        # a new show's files are created only once all of them passed
        rules = load_alerts(config.alerts) if config.alerts is not None else None
        self.persona = load_persona(config.persona)
        self.alerts = None if rules is None else Evaluator(rules, self.metrics.sample, self.clock, show=self.persona.identity.name)
        self.metrics.alerts = self.alerts
        self.resumed: resuming.Resumed | None = None
        if config.resume:
            resuming.saved_config(out)  # a clear error when there is nothing to resume
            self.journal = Journal(out / JOURNAL_FILE)
            self.resumed = resuming.prepare(out, self.journal, AudioFormat())
        else:
            resuming.refuse_existing(out)
        # events each source delivered (by position), so a resumed replay does not repeat them
        self.delivered: collections.Counter[str] = collections.Counter(self.resumed.delivered if self.resumed else {})
        ctx = SourceContext(clock=self.clock, speed=config.speed)
        self.sources = list(sources) if sources is not None else build_sources(config.sources, ctx, dict(self.delivered))
        self._links = [Link(s.name, self.clock) for s in self.sources]  # started, last event, stopped
        extra_audio, extra_cues = build_outputs(config, self.persona, self.clock)
        anchor = open_anchor(config.cohost, self.clock)  # the anchor's microphone (co-hosting)
        self.voice = Voice(self.persona, self.clock, tts)
        self._stop_asked = asyncio.Event()  # set by stop(): a warm-up still running gives way
        if config.music is not None:
            from vhost.audio.fx import MusicBed

            self.voice.mixer = MusicBed.load(config.music).mix
        self.orders = OrderBook(self._sheet_stock)  # order and stock callbacks, each order counted once
        self.llm = llm or build_llm(config, self.clock)
        if not config.resume:
            out.mkdir(parents=True, exist_ok=True)
            self.journal = Journal(out / JOURNAL_FILE)
            self.journal.set_meta("config", config.saved())
        # a source that can wait (push:) acknowledges an event to its sender once the journal holds it
        self._taken = [0] * len(self.sources)  # events handed to intake in this run, per source
        for src in self.sources:
            if hasattr(src, "durable"):
                setattr(src, "durable_acks", True)  # noqa: B010 - an optional part of the Source protocol
        self.journal.on_commit.append(self._committed)
        # decided fates stream to events.jsonl as they happen: memory stays flat overnight
        self.ledger = Ledger(out / "events.jsonl", recorder=self.journal, reader=self.journal.decided_rows)
        self.intake = Intake(self.persona, self.ledger)
        # lottery, bargain ladder, flash sale: fed by intake and the shop, said by the director, read by the guard
        self.plays = Plays(self.persona, self.clock, self.orders, config.out, speakable=self._speakable)
        self.intake.plays = self.plays.see
        self.busy_llm = BusyLLM(self.llm, self.clock) if busy_llm else None
        self.metered_llm = self.metrics.meter_llm(self.busy_llm or self.llm)
        self.writer = Writer(self.persona, self.metered_llm, self.clock, live=self.plays)
        self.heard = Heard()  # the lines lately on air, as far as they were heard ("剛才說了" of those only)
        self.writer.on_air = lambda within_s: self.heard.within(self.clock.now(), within_s)
        self.director = Director(self.persona, self.intake, self.ledger, self.clock, DirectorConfig(
            pitch_every_s=config.pitch_every_s, repeat_quiet=config.cohost.anchor_audio is None),
                                 plays=self.plays, meaning=self.writer.answer_key)  # fmt: skip
        self.lineup = Lineup(lookahead=1)
        self._prep_s: collections.deque[float] = collections.deque(maxlen=12)  # decision -> first audio ready, recent lines
        self.wav = WavSink(out / "program.wav", append=config.resume)
        self.transcript = JsonlWriter(out / "transcript.jsonl", append=config.resume, flush_every=1)
        self.cue_file = CueFile(out / "cues.jsonl", append=config.resume)
        self.stage = Stage(
            self.clock,
            self.lineup,
            [self.wav, *extra_audio, *(audio_sinks or [])],
            [*extra_cues, *(cue_sinks or [])],
            cue_lead_s=config.cue_lead_s,
            on_finished=self._finished,
            cue_file=self.cue_file,
            mixer=self.voice.mixer,
            on_started=self._on_started,
            on_line=self._on_line,
        )
        self.source_errors: list[str] = []
        self.persona_errors: list[str] = []
        self.persona_error = ""  # the persona file's current problem, while the last good one runs
        self.reloads = 0
        self._llm_trace: dict[str, list[Attempt]] = {}  # utterance id -> which LLM backends it tried
        self.cohost = Cohost(self, anchor)  # modes, review, the anchor's voice, the operator's requests (vhost.cohost)
        if self.resumed is not None:
            resuming.apply(self, self.resumed, self.journal)

    # -- operator controls (co-hosting) -----------------------------------------------------
    def say(self, text: str) -> None:
        """An operator's typed line, spoken next (guarded; warn-only by persona default)."""
        text = strip_controls(text).strip()
        if not text:
            return
        self.director.say(text)
        self._checkpoint()
        self.journal.operator("say", self.stage.program_s, text)
        nxt = self.lineup.peek()
        if nxt is not None and not nxt.started and nxt.kind != "human":
            nxt.interrupt("operator line first")
            self.lineup.remove(nxt)
            self._finished(nxt)

    def take_over(self, reason: str = "operator took over") -> None:
        """The human speaks now: cut the voice at once (with a fade) and hold the AI."""
        self.director.hold(True)
        self.journal.operator("takeover", self.stage.program_s, reason)
        self.stage.cut(reason)
        for u in self.lineup.items():
            if u.kind != "human":
                u.interrupt(reason)

    def resume(self) -> None:
        self.director.hold(False)
        self.journal.operator("resume", self.stage.program_s)

    def withdraw(self, utt: Utterance, reason: str) -> None:
        """Drop an utterance prepared but not yet on air."""
        if utt.started:
            return
        utt.interrupt(reason)
        self.lineup.remove(utt)
        self._finished(utt)

    def skip(self, reason: str = "skipped by operator") -> None:
        """Drop what is on air now (faded out); the next utterance follows."""
        self.stage.cut(reason)
        self.journal.operator("skip", self.stage.program_s, reason)

    def snapshot(self) -> dict[str, Any]:
        cur = self.lineup.current
        return {
            "program_s": round(self.stage.program_s, 3),
            "held": self.director.held,
            "on_air": None if cur is None else {
                "id": cur.id, "kind": cur.kind, "said": list(cur.played), "now": self.stage.now_text, "reply_to": list(cur.reply_to),
            },
            "next": [{"id": u.id, "kind": u.kind, "reply_to": list(u.reply_to), "ready": not u.pieces.empty()} for u in self.lineup.items()],
            "pending": self.intake.pending(),
            "events": len(self.ledger),
            "utterances": self.stage.stats.utterances,
            "voice": self.voice.stats(),
            "health": [h.to_json() for h in self.health()],
            "orders": self.orders.snapshot(),
            "plays": self.plays.snapshot(),
            "cohost": self.cohost.snapshot(),
        }

    def health(self) -> list[Health]:
        """Every source connection, LLM backend and voice engine, as plain data."""
        return gather(zip(self.sources, self._links, strict=True), self.llm, self.voice.stats().get("health") or {})

    def _sheet_stock(self, product_id: str) -> int | None:
        p = self.persona.product(product_id)
        return None if p is None else p.stock

    def _speakable(self, name: str) -> bool:
        """May a viewer's name be said on air (a lottery winner)? Not when the guard would refuse it."""
        return bool(name) and self.writer.guard.check(name, origin="template").ok

    def submit(self, ev: ChatEvent) -> ChatEvent | None:
        """One event from a source or the control API into intake, stamped now, control characters
        out, with its index; None for an order callback already counted (a retry), which gets no
        second ledger row."""
        if not self.orders.admit(ev):
            return None
        if ev.kind in COMMERCE_KINDS:
            self.plays.commerce(ev)
        now = self.clock.now()
        return self.intake.submit(clean_event(ev_at(ev, now)), now)

    # -- stages ----------------------------------------------------------------------------
    async def _run_source(self, i: int, src: Source, link: Link) -> None:
        key = str(i)
        link.frame()  # running
        slice_t0 = time.perf_counter()
        try:
            async for ev in self.metrics.watch(src):
                link.event()
                self.submit(ev)  # its journal row is written with the next commit
                self.delivered[key] += 1
                self._taken[i] += 1
                # a source with a backlog (a raid) hands out events without ever waiting: after
                # INTAKE_SLICE_S of intake work the stage gets its turn, so frames keep their pace
                if time.perf_counter() - slice_t0 >= INTAKE_SLICE_S:
                    await asyncio.sleep(0)
                    slice_t0 = time.perf_counter()
        except SourceFailed as e:
            msg = f"source {src.name} stopped: {e}"
            log.error(msg)
            self.source_errors.append(msg)
            link.failed(str(e))
        else:
            link.ended()

    async def _direct(self) -> None:
        while True:
            now = self.clock.now()
            nxt = self.lineup.peek()
            if not self.lineup.has_room():
                if nxt is None or nxt.started or not nxt.interruptible:
                    await self.clock.sleep(0.1)
                    continue
                # small talk prepared but not yet on air gives way to a reply or thanks
                job = await self.director.next_priority_job(now)
                if job is None:
                    await self.clock.sleep(0.1)
                    continue
                nxt.interrupt(f"replaced by {job.kind}")
                self.lineup.remove(nxt)
                self._finished(nxt)
            else:
                cur = self.lineup.current
                # a line on air still being written (an answer in several sentences) has more to come
                # than its prepared audio says; one that has not made a sound yet may let the next go first
                writing = cur is not None and cur.first_audio_s is not None and not cur.prepared
                lead = pick_lead(self._prep_s)
                # one just taken on air, its first audio still being made: the next is decided once it
                # sounds (else a question is taken now and waits behind all of it); only one silent for
                # longer than that (a slow LLM line) lets a ready one be decided and go first
                starting = False
                if cur is not None and cur.first_audio_s is None:
                    silent_since = max(cur.created_s, cur.taken_s if cur.taken_s is not None else cur.created_s)
                    starting = now - silent_since < min(lead, SOUND_GRACE_S)
                if writing or starting or self.stage.remaining_s() > lead:
                    # pick what to say next just before it is needed: the freshest questions, and
                    # the backlog as it is then (a pick made early would air stale); a lesser line
                    # on air (small talk, script, pitch) gives way to a question at its next pause
                    # ... and thanks to a paid message (a superchat is decided at once, not after them)
                    cuts = cur is not None and (cur.interruptible or (cur.kind == "thanks" and self.intake.paid_waiting()))
                    job = await self.director.next_priority_job(now, thanks=False) if cuts else None
                    if job is None:
                        await self.clock.sleep(0.1)
                        continue
                else:
                    job = await self.director.next_job(now)
            if job is None or not self.cohost.admit(job, now):
                await self.clock.sleep(0.25)
                continue
            utt = self._utterance(job, now)
            self.lineup.add(utt)
            utt.attach(asyncio.create_task(self._prepare(utt), name=f"prepare-{utt.id}"))
            await asyncio.sleep(0)  # never a loop that cannot yield

    def _on_started(self, utt: Utterance) -> None:
        assert utt.start_s is not None
        self.journal.utterance_started(utt.id, utt.kind, utt.reply_to, utt.event_s, utt.start_s, utt.job.lang)

    def _on_line(self, utt: Utterance, seq: int, text: str, start_s: float, end_s: float | None) -> None:
        self.journal.line(utt.id, seq, text, start_s, end_s)
        if end_s is None:  # begun: the stage finishes a sentence before a ready reply (FINISH_S), so a reply
            self.heard.began(start_s, text)  # written while it plays hears it as said ("剛才說了")

    def _finished(self, utt: Utterance) -> None:
        # a sentence cut at a pause was heard in part: it counts as said
        heard_lines = [*utt.played, *([utt.partial] if utt.partial else [])]
        if utt.partial:  # and a reply written from now on hears only that part ("剛才說了" no more)
            self.heard.cut(utt.played, utt.partial)
        self.director.on_played(utt.job, heard_lines, utt.start_s, utt.end_s, utt.interrupted)
        llm_tried = self._llm_trace.pop(utt.id, None)
        self.metrics.finished(utt)
        if utt.start_s is None:
            return
        row = transcript_row(utt, heard_lines, llm_tried)
        # journal first (with the fates just decided), then the file: a crash between the
        # two is repaired on resume from the journal
        self._checkpoint(commit=False)
        self.journal.utterance_done(row)
        self.transcript.write(row)

    def stop(self) -> None:
        """End the show at the next frame; run() then completes every file (Ctrl-C, SIGTERM, API)."""
        self._stop_asked.set()
        self.stage.stop()

    async def run(self) -> ShowResult:
        t0 = time.monotonic()
        map_big_buffers()  # clause and FFT buffers never settle in the heaps (vhost.compute)
        warming = asyncio.ensure_future(self._warm())
        asked = asyncio.ensure_future(self._stop_asked.wait())
        try:  # a stop during the warm-up (SIGTERM while a voice model loads) ends the show at once
            await asyncio.wait({warming, asked}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for t in (warming, asked):
                t.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await t
        frozen = freeze_startup_objects()  # a full collection during a burst walks only what came since
        log.debug("on air; %d startup objects left out of garbage collection", frozen)
        try:
            return await self._on_air(t0)
        finally:
            thaw_startup_objects()

    async def _warm(self) -> None:
        # before going on air: the understanding is built and the LLM's stable prompt prefilled
        # once per language, so the first questions do not wait behind a cold prompt
        try:
            await within(self.writer.warm(self.llm), WARM_LIMIT_S)
        except TimeoutError:
            log.warning("warm-up took over %.0f s; going on air anyway", WARM_LIMIT_S)

    async def _warm_voice(self) -> None:
        """Every voice engine, the standbys too, speaks once as the show goes on air (a hot
        standby): a failover mid-show finds its engine loaded. Beside the first lines, not before
        them: loading the neural voices takes 1.4 s here, and a stop must not wait for it."""
        try:
            await within(self.voice.warm(self.persona.identity.languages), WARM_LIMIT_S)
        except TimeoutError:
            log.warning("voice warm-up took over %.0f s", WARM_LIMIT_S)

    async def _on_air(self, t0: float) -> ShowResult:
        self.journal.begin_run(self.stage.program_s)
        async with self.clock.running(), asyncio.TaskGroup() as tg:
            helpers = [tg.create_task(self._run_source(i, s, k), name=f"source-{i}") for i, (s, k) in enumerate(zip(self.sources, self._links, strict=True))]
            helpers.append(tg.create_task(self._direct(), name="director"))
            helpers.append(tg.create_task(self._warm_voice(), name="voice-warm"))
            helpers.append(tg.create_task(self._keep_journal(), name="journal"))
            helpers.append(tg.create_task(self._play_cards(), name="play-cards"))
            helpers.append(tg.create_task(self._promo_clock(), name="promo-clock"))
            if self.config.watch:
                helpers.append(tg.create_task(self._watch(), name="persona-watch"))
            if self.config.progress:
                helpers.append(tg.create_task(self._progress(t0), name="progress"))
            if self.alerts is not None:
                helpers.append(tg.create_task(self.alerts.run(), name="alerts"))
                helpers.append(tg.create_task(self._heartbeat(), name="llm-heartbeat"))
            self.metrics.running = True
            helpers.extend(tg.create_task(c, name=n) for n, c in self.cohost.tasks())
            try:
                await self.stage.run(self.config.duration_s)
            finally:
                self.metrics.running = False
                for h in helpers:
                    h.cancel()
                for u in self.lineup.items():
                    u.interrupt("show ended")
        return await self._close(time.monotonic() - t0)

    async def _close(self, wall: float) -> ShowResult:
        for u in self.lineup.items():
            self.lineup.remove(u)
            self._finished(u)
        end = self.stage.program_s
        self.intake.close(end)
        self.ledger.close("show ended")
        self.ledger.write_jsonl(self.config.out / "events.jsonl")
        self.transcript.close()
        self.plays.close()
        self._checkpoint()
        reached = self.config.duration_s is not None and end >= self.config.duration_s - 1e-9
        self.journal.end_run(end, "duration" if reached else "stopped")
        self.journal.close()
        if self.alerts is not None:
            await self.alerts.close()
        # every file is complete: the backends are closed last and briefly (a decode step in a
        # native thread or a TTS process must not hold up the exit)
        for closing in (self.llm.aclose(), self.voice.aclose(), self.cohost.aclose()):
            with contextlib.suppress(Exception):
                await within(closing, CLOSE_BACKEND_S)
        if self.config.progress:
            print(file=sys.stderr)
        local = getattr(self.llm, "local", None) or self.llm
        return ShowResult(
            out=self.config.out,
            program_s=end,
            wall_s=wall,
            utterances=self.stage.stats.utterances,
            counts=self.ledger.counts(),
            stats={
                "stage": self.stage.stats.__dict__,
                "intake": self.intake.stats(),
                "writer": getattr(self.writer, "stats", {}),
                "llm": {
                    "name": self.llm.name,
                    "engine": getattr(local, "engine", None),
                    "why": getattr(local, "engine_why", None),
                    "threads": getattr(getattr(local, "threads", None), "describe", lambda: None)(),
                    **(self.busy_llm.summary() if self.busy_llm else {}),
                },
                "voice": self.voice.stats(),
                "source_errors": self.source_errors,
                "health": [h.to_json() for h in self.health()],
                "orders": self.orders.snapshot(),
                "plays": self.plays.snapshot(),
                "persona_errors": self.persona_errors,
                "reloads": self.reloads,
                "resumed": self.resumed.summary() if self.resumed else None,
                "cohost": self.cohost.stats(),
            },
        )


def ev_at(ev: ChatEvent, now: float) -> ChatEvent:
    from dataclasses import replace

    return replace(ev, t=now)


async def run_show(config: ShowConfig, **overrides: Any) -> ShowResult:
    return await Show(config, **overrides).run()


