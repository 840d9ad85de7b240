"""Prometheus metrics of a running show, read from the counters its stages already keep.

Nothing here reads a file or walks a list that grows with the show: a scrape costs the
same in the first minute and the eighth hour. Latency histograms are observed as
utterances finish; everything else is read at scrape time by one collector. `sample()`
gives the same numbers to the alert rules and the health checks.
"""

from __future__ import annotations

import asyncio
import shutil
from collections import Counter
from collections.abc import AsyncIterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from prometheus_client import CollectorRegistry, Histogram, ProcessCollector, disable_created_metrics, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.registry import Collector

from vhost.clock import Clock
from vhost.events import ChatEvent
from vhost.llm.base import LLM, ChatMessage, GenParams
from vhost.sources.base import Source, SourceFailed

if TYPE_CHECKING:
    from vhost.show import Show
    from vhost.stage.utterance import Utterance

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
LATENCY_BUCKETS = (0.25, 0.5, 1.0, 1.5, 2.0, 3.0, 5.0, 8.0, 13.0, 21.0, 34.0, 60.0)
SHORT_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 4.0, 8.0)
LLM_TIMEOUTS = ("first_token_timeout", "stall")  # writer causes: the LLM did not answer in time
disable_created_metrics()  # no *_created series: they double the page and no panel uses them

QUEUES = ("intake_clusters", "intake_events", "thanks", "lineup", "ledger_undecided", "ledger_rows")


@dataclass
class SourceWatch:
    """One source as the show saw it: running, ended (a replay ran out) or failed."""

    name: str
    link: Any  # vhost.health.Link for network sources, else None
    since: float
    state: str = "running"
    events: int = 0
    error: str = ""

    def status(self, now: float) -> tuple[str, float]:
        """(up | connecting | down | ended | failed, seconds in that state)."""
        if self.state != "running":
            return self.state, now - self.since
        if self.link is None:
            return "up", now - self.since
        since = self.link.since_s if self.link.since_s is not None else self.since
        state = {"starting": "connecting", "stalled": "down"}.get(self.link.state, self.link.state)
        return state, now - since


@dataclass(frozen=True)
class SourceState:
    name: str
    state: str
    for_s: float
    reconnects: int
    events: int
    error: str


@dataclass
class Outcomes:
    """Last success and failure of a backend on the program clock (LLM streams, TTS sentences)."""

    ok: int = 0
    failed: int = 0
    last_ok: float | None = None
    last_failed: float | None = None

    def success(self, t: float) -> None:
        self.ok, self.last_ok = self.ok + 1, t

    def failure(self, t: float) -> None:
        self.failed, self.last_failed = self.failed + 1, t

    @property
    def usable(self) -> bool:
        """Nothing tried yet, or the latest attempt worked."""
        return self.last_failed is None or (self.last_ok is not None and self.last_ok >= self.last_failed)


class MeteredLLM:
    """The show's LLM as the writer sees it, counting streams, first tokens and errors."""

    def __init__(self, inner: LLM, clock: Clock, metrics: ShowMetrics) -> None:
        self.inner, self.clock, self.metrics, self.name = inner, clock, metrics, inner.name
        self.caches_prefix = bool(getattr(inner, "caches_prefix", False))

    async def stream(self, messages: Sequence[ChatMessage], params: GenParams) -> AsyncIterator[str]:
        m = self.metrics
        m.llm_streams += 1
        t0 = m.last_stream_s = self.clock.now()
        first = True
        agen = self.inner.stream(messages, params)
        try:
            async for delta in agen:
                if first:
                    first = False
                    now = self.clock.now()
                    m.llm.success(now)
                    m.llm_first_token.observe(max(0.0, now - t0))
                yield delta
        except asyncio.CancelledError:
            raise
        except Exception as e:
            m.llm.failure(self.clock.now())
            m.llm_errors[type(e).__name__] += 1
            raise
        finally:
            await agen.aclose()  # type: ignore[attr-defined]

    async def aclose(self) -> None:
        await self.inner.aclose()

    def __getattr__(self, name: str) -> Any:  # anything else a caller asks of the backend
        return getattr(self.inner, name)


@dataclass(frozen=True)
class Sample:
    """The show's vital signs at one instant, for alert rules and health checks."""

    t: float
    running: bool
    held: bool  # an operator took over: silence is intended
    program_s: float
    lag_s: float
    silence_s: float
    voice_engines: tuple[tuple[str, str], ...]  # (engine, ok | down | retrying) in chain order
    voice_ok: bool
    llm_ok: bool
    sources: tuple[SourceState, ...]
    fallbacks: Mapping[str, int]  # by cause
    llm_failures: int  # errors and timeouts
    guard_refusals: int  # sentences the guard refused (LLM lines, not persona templates)
    sink_restarts: int
    disk_free_bytes: int | None
    persona_error: str = ""  # why the persona file on disk was rejected ("" while it is valid)
    crash_resumed_s: float | None = None  # program time this run took over from a crashed one


class ShowMetrics:
    def __init__(self, show: Show) -> None:
        self.show = show
        self.running = False
        self.registry = CollectorRegistry(auto_describe=True)
        r = self.registry
        self.event_to_audio = Histogram("vhost_event_to_audio_seconds", "Viewer event to the first sound of its reply or thanks",
                                        ["kind"], buckets=LATENCY_BUCKETS, registry=r)  # fmt: skip
        self.event_to_token = Histogram("vhost_event_to_first_token_seconds", "Viewer event to the first LLM token of its reply",
                                        ["kind"], buckets=LATENCY_BUCKETS, registry=r)  # fmt: skip
        self.tts_seconds = Histogram("vhost_tts_seconds", "Time to synthesize one sentence (all engines tried)",
                                     buckets=SHORT_BUCKETS, registry=r)  # fmt: skip
        self.llm_first_token = Histogram("vhost_llm_first_token_seconds", "LLM request to its first token",
                                         buckets=LATENCY_BUCKETS, registry=r)  # fmt: skip
        self.llm = Outcomes()
        self.voice = Outcomes()
        self.llm_streams = 0
        self.last_stream_s: float | None = None  # program time the latest LLM request began
        self.llm_errors: Counter[str] = Counter()
        self._timeouts_seen = 0
        self.sources: list[SourceWatch] = []
        self.alerts: Any = None  # vhost.alerts.evaluator.Evaluator once rules are loaded
        self.disk_usage = shutil.disk_usage  # the free-disk reading (a test or the soak may stand in for it)
        r.register(_Collector(self))
        ProcessCollector(registry=r)  # process_resident_memory_bytes and friends (/proc, constant size)

    # -- hooks the show calls ---------------------------------------------------------------------
    def meter_llm(self, llm: LLM) -> MeteredLLM:
        return MeteredLLM(llm, self.show.clock, self)

    async def watch(self, src: Source) -> AsyncIterator[ChatEvent]:
        """The source's events, counted; its end or failure recorded (then re-raised)."""
        clock = self.show.clock
        w = SourceWatch(getattr(src, "name", type(src).__name__), getattr(src, "link", None), clock.now())
        self.sources.append(w)
        try:
            async for ev in src.events():
                w.events += 1
                yield ev
        except SourceFailed as e:
            w.state, w.since, w.error = "failed", clock.now(), str(e)
            raise
        else:
            w.state, w.since = "ended", clock.now()

    def tts_done(self, seconds: float, ok: bool) -> None:
        self.tts_seconds.observe(max(0.0, seconds))
        (self.voice.success if ok else self.voice.failure)(self.show.clock.now())

    def finished(self, utt: Utterance) -> None:
        if utt.event_s is None:
            return
        if utt.first_audio_s is not None:
            self.event_to_audio.labels(utt.kind).observe(max(0.0, utt.first_audio_s - utt.event_s))
        if utt.first_token_s is not None:
            self.event_to_token.labels(utt.kind).observe(max(0.0, utt.first_token_s - utt.event_s))

    # -- reading ------------------------------------------------------------------------------------
    def writer_stats(self) -> Mapping[str, Any]:
        return getattr(self.show.writer, "stats", None) or {}

    def _llm_failures(self) -> int:
        """Errors seen on the stream plus deadlines the writer gave up on (a hanging backend)."""
        ws = self.writer_stats()
        timeouts = sum(int(ws.get(k, {}).get(c, 0)) for k in ("fallbacks", "ended_early") for c in LLM_TIMEOUTS)
        if timeouts > self._timeouts_seen:  # a timeout is a failure at the moment it is noticed
            self._timeouts_seen = timeouts
            self.llm.failure(self.show.clock.now())
        return sum(self.llm_errors.values()) + timeouts

    def lag_s(self) -> float:
        if not self.running:
            return 0.0
        stage = self.show.stage
        return max(0.0, self.show.clock.now() - (stage.program_s - max(0.0, stage.cue_lead_s)))

    def voice_engines(self) -> tuple[tuple[str, str], ...]:
        health = getattr(self.show.voice.tts, "health", None)
        info = health() if callable(health) else {}
        return tuple((name, str(h.get("state", "ok"))) for name, h in info.items())

    def disk_free(self) -> int | None:
        try:
            return int(self.disk_usage(self.show.config.out).free)
        except OSError:
            return None

    def source_states(self) -> tuple[SourceState, ...]:
        now = self.show.clock.now()
        out = []
        for w in self.sources:
            state, for_s = w.status(now)
            link = w.link
            reconnects = max(0, link.counts["connects"] - 1) if link else 0
            out.append(SourceState(w.name, state, max(0.0, for_s), reconnects, w.events,
                                   w.error or (link.error or "" if link and state != "up" else "")))  # fmt: skip
        return tuple(out)

    def sink_restarts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for s in [*self.show.stage.audio_sinks, *self.show.stage.cue_sinks]:
            n = getattr(s, "restarts", None)
            if isinstance(n, int):
                out[str(getattr(s, "name", type(s).__name__))] = n
        return out

    def sample(self) -> Sample:
        show = self.show
        stage = show.stage
        ws = self.writer_stats()
        engines = self.voice_engines()
        voice_ok = any(state == "ok" for _, state in engines) if engines else self.voice.usable
        llm_failures = self._llm_failures()
        refusals = sum(n for k, n in dict(ws.get("rejected", {})).items() if not str(k).startswith("template:"))
        return Sample(
            t=show.clock.now(), running=self.running, held=bool(getattr(show.director, "held", False)),
            program_s=stage.program_s, lag_s=self.lag_s(), silence_s=max(0.0, stage.program_s - stage.stats.voiced_until_s),
            voice_engines=engines, voice_ok=voice_ok, llm_ok=self.llm.usable, sources=self.source_states(),
            fallbacks=dict(ws.get("fallbacks", {})), llm_failures=llm_failures, guard_refusals=int(refusals),
            sink_restarts=sum(self.sink_restarts().values()), disk_free_bytes=self.disk_free(),
            persona_error=getattr(show, "persona_error", ""), crash_resumed_s=self._crash_resumed(),
        )  # fmt: skip

    def _crash_resumed(self) -> float | None:
        r = getattr(self.show, "resumed", None)
        return r.start_s if r is not None and r.crashed else None

    def render(self) -> bytes:
        return generate_latest(self.registry)


def _gauge(name: str, doc: str, value: float | None = None, labels: Sequence[str] = ()) -> GaugeMetricFamily:
    if labels:
        return GaugeMetricFamily(name, doc, labels=list(labels))
    return GaugeMetricFamily(name, doc, value=0.0 if value is None else float(value))


def _counter(name: str, doc: str, value: float | None = None, labels: Sequence[str] = ()) -> CounterMetricFamily:
    if labels:
        return CounterMetricFamily(name, doc, labels=list(labels))
    return CounterMetricFamily(name, doc, value=0.0 if value is None else float(value))


class _Collector(Collector):
    """Reads the show's counters at scrape time."""

    def __init__(self, m: ShowMetrics) -> None:
        self.m = m

    def describe(self) -> list[Any]:
        return []  # families are only known at scrape time; nothing to check for duplicates

    def collect(self) -> Any:
        m = self.m
        show = m.show
        s = m.sample()
        st = show.stage.stats
        frame_s = show.stage.frame_s
        yield _gauge("vhost_show_running", "1 while the show runs", s.running)
        yield _gauge("vhost_program_seconds", "Program time rendered so far", s.program_s)
        yield _gauge("vhost_program_lag_seconds", "How far the program is behind its clock", s.lag_s)
        yield _counter("vhost_program_underruns", "Frames rendered more than 100 ms after their deadline", st.late_frames)
        yield _gauge("vhost_silence_current_seconds", "Program seconds since the voice last spoke", s.silence_s)
        yield _counter("vhost_silence_seconds", "Program seconds without speech", (st.frames - st.speaking_frames) * frame_s)
        yield _counter("vhost_speaking_seconds", "Program seconds with speech", st.speaking_frames * frame_s)
        utt = _counter("vhost_utterances", "Utterances heard on air, by kind", labels=["kind"])
        for kind, n in sorted(st.by_kind.items()):
            utt.add_metric([kind], n)
        yield utt
        yield _counter("vhost_utterances_interrupted", "Utterances cut or skipped", st.interrupted)
        yield from self._events()
        yield from self._writer()
        yield from self._backends(s)
        yield from self._sources(s)
        yield from self._alerts()
        yield _gauge("vhost_disk_free_bytes", "Free bytes on the output folder's disk", s.disk_free_bytes or 0)

    def _events(self) -> Any:
        show = self.m.show
        intake = show.intake.stats()
        counts = show.ledger.counts()
        depth = _gauge("vhost_queue_depth", "Items waiting, by queue", labels=["queue"])
        values = (intake.get("pending", 0), intake.get("pending_events", 0), intake.get("thanks_waiting", 0),
                  len(show.lineup), counts.get("pending", 0), show.ledger.in_memory())  # fmt: skip
        for q, v in zip(QUEUES, values):
            depth.add_metric([q], float(v))  # type: ignore[arg-type]
        yield depth
        yield _counter("vhost_events", "Viewer events received", len(show.ledger))
        fates = _counter("vhost_event_fates", "Events by decided fate", labels=["fate"])
        for fate, n in sorted(counts.items()):
            if fate != "pending":
                fates.add_metric([fate], n)
        yield fates
        reasons = _counter("vhost_event_drops", "Events dropped or blocked at intake, by reason", labels=["fate", "reason"])
        for fate in ("blocked", "dropped"):
            for reason, n in sorted(dict(intake.get(fate, {})).items()):  # type: ignore[call-overload]
                reasons.add_metric([fate, str(reason)], n)
        yield reasons

    def _writer(self) -> Any:
        ws = self.m.writer_stats()
        refusals = _counter("vhost_guard_refusals", "Sentences the guard refused, by reason and origin", labels=["reason", "origin"])
        for key, n in sorted(dict(ws.get("rejected", {})).items()):
            origin, _, reason = str(key).rpartition(":") if str(key).startswith("template:") else ("llm", "", str(key))
            refusals.add_metric([reason, origin], n)
        yield refusals
        fb = _counter("vhost_fallback_lines", "Persona lines spoken instead of the LLM's, by cause", labels=["cause"])
        for cause, n in sorted(dict(ws.get("fallbacks", {})).items()):
            fb.add_metric([str(cause)], n)
        yield fb

    def _backends(self, s: Sample) -> Any:
        m = self.m
        yield _gauge("vhost_llm_up", "1 if the LLM's latest stream worked (or none was tried)", s.llm_ok)
        yield _counter("vhost_llm_streams", "LLM streams started", m.llm_streams)
        errs = _counter("vhost_llm_errors", "LLM streams that failed, by error", labels=["error"])
        for name, n in sorted(m.llm_errors.items()):
            errs.add_metric([name], n)
        yield errs
        ws = m.writer_stats()
        tmo = _counter("vhost_llm_timeouts", "LLM streams abandoned at a deadline, by cause", labels=["cause"])
        for cause in LLM_TIMEOUTS:
            tmo.add_metric([cause], sum(int(ws.get(k, {}).get(cause, 0)) for k in ("fallbacks", "ended_early")))
        yield tmo
        yield _gauge("vhost_voice_up", "1 if the voice can speak (an engine is up)", s.voice_ok)
        eng = _gauge("vhost_voice_engine_up", "1 per voice engine in service, in chain order", labels=["engine", "position"])
        for i, (name, state) in enumerate(s.voice_engines):
            eng.add_metric([name, str(i)], 1.0 if state == "ok" else 0.0)
        yield eng
        voice = m.show.voice
        sent = _counter("vhost_voice_sentences", "Sentences sent to the voice, by result", labels=["result"])
        sent.add_metric(["spoken"], voice.spoken)
        sent.add_metric(["skipped"], voice.skipped)
        yield sent
        yield _counter("vhost_voice_failovers", "Sentences a later engine had to speak", getattr(voice.tts, "failovers", 0))
        restarts = _counter("vhost_sink_restarts", "Output restarts (ffmpeg, OBS), by sink", labels=["sink"])
        for name, n in sorted(m.sink_restarts().items()):
            restarts.add_metric([name], n)
        yield restarts

    def _sources(self, s: Sample) -> Any:
        up = _gauge("vhost_source_up", "1 while a source is connected and running", labels=["source"])
        state = _gauge("vhost_source_state", "1 for the state each source is in", labels=["source", "state"])
        for_s = _gauge("vhost_source_state_seconds", "Seconds each source has been in its state", labels=["source"])
        rec = _counter("vhost_source_reconnects", "Reconnections, by source", labels=["source"])
        evs = _counter("vhost_source_events", "Events received, by source", labels=["source"])
        for src in s.sources:
            up.add_metric([src.name], 1.0 if src.state == "up" else 0.0)
            state.add_metric([src.name, src.state], 1.0)
            for_s.add_metric([src.name], src.for_s)
            rec.add_metric([src.name], src.reconnects)
            evs.add_metric([src.name], src.events)
        yield from (up, state, for_s, rec, evs)

    def _alerts(self) -> Any:
        ev = self.m.alerts
        firing = _gauge("vhost_alert_firing", "1 while an alert fires", labels=["alert", "subject"])
        sent = _counter("vhost_alert_notifications", "Alert notifications, by notifier and result", labels=["notifier", "result"])
        if ev is not None:
            for (rule, subject), on in sorted(ev.states()):
                firing.add_metric([rule, subject], 1.0 if on else 0.0)
            for (name, result), n in sorted(ev.dispatcher.results.items()):
                sent.add_metric([name, result], n)
        yield from (firing, sent)
