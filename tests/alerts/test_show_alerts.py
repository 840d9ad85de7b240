"""Alerts from a whole show on the program clock, delivered to a fake receiver that checks
signatures: a dead voice is a silence alert (and its recovery), a failing LLM and a voice
left on its last engine are alerts too, while the fallbacks keep the show talking."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from tests.fakes.fake_llm import FakeLLM, Reply
from tests.fakes.webhook_server import FakeReceivers
from tests.test_show import write_replay
from tests.tts.engines import ScriptedTTS
from vhost.clock import Clock, FastClock
from vhost.show import Show, ShowConfig
from vhost.tts.base import Speech, TTSError, VoiceSpec
from vhost.tts.failover import FailoverTTS

PERSONA = Path("personas/tech_reviewer.yaml")
SECRET = "json-alert-secret-0123"


class DeadUntil:
    """A voice engine that fails every sentence until program time `until`."""

    name = "edge"

    def __init__(self, clock: Clock, until: float) -> None:
        self.clock, self.until, self.failed = clock, until, 0

    async def synthesize(self, text: str, voice: VoiceSpec) -> Speech:
        if self.clock.now() < self.until:
            self.failed += 1
            raise TTSError("edge: connection refused")
        pcm = (np.sin(np.arange(8000) * 0.05) * 8000).astype(np.int16)
        return Speech(pcm=pcm, sample_rate=16000, engine=self.name)

    async def aclose(self) -> None:
        return None


def alerts_file(tmp_path: Path, url: str, rules: str) -> Path:
    p = tmp_path / "alerts.yaml"
    p.write_text(f"show: overnight\nrules:\n{rules}\nnotify:\n  - type: json\n    url: {url}\n    secret: ${{ALERT_SECRET}}\n"
                 "    backoff_s: 0.01\n", encoding="utf-8")  # fmt: skip
    return p


async def show_with(tmp_path: Path, alerts: Path, clock: FastClock, tts, llm, duration: float) -> Show:
    replay = tmp_path / "chat.jsonl"
    write_replay(replay, extra_bad=False)
    cfg = ShowConfig(persona=PERSONA, sources=[f"replay:{replay}"], out=tmp_path / "out", duration_s=duration, watch=False, alerts=alerts)
    return Show(cfg, llm=llm, tts=tts, clock=clock, busy_llm=False)


def notices(recv: FakeReceivers) -> list[tuple[str, str]]:
    return [(r.body["status"], r.body["alert"]) for r in recv.accepted("json")]


async def test_a_dead_voice_raises_a_silence_alert_and_its_recovery(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("ALERT_SECRET", SECRET)
    async with FakeReceivers(secrets={"json": SECRET}) as recv:
        clock = FastClock()
        voice = DeadUntil(clock, until=30.0)
        alerts = alerts_file(tmp_path, recv.url("json"), "  silence: {over_s: 8}\n  disk_low: {enabled: false}")
        show = await show_with(tmp_path, alerts, clock, voice, FakeLLM(clock, [], default=Reply.text("X1 單次續航 8 小時。")), 60.0)
        await show.run()
    assert voice.failed > 0
    assert notices(recv) == [("firing", "silence"), ("resolved", "silence")], [r.body for r in recv.received]
    fired, resolved = (r.body for r in recv.accepted("json"))
    assert 8.0 < fired["program_s"] <= 10.0  # within one evaluation of the threshold
    assert fired["summary"].startswith("the program has been silent for") and fired["show"] == "overnight"
    assert 30.0 <= resolved["program_s"] <= 33.0 and resolved["summary"] == "the voice is speaking again"
    assert len(recv.received) == 2  # delivered once each, signature accepted
    rows = [json.loads(x) for x in (tmp_path / "out" / "transcript.jsonl").read_text(encoding="utf-8").splitlines()]
    assert rows and rows[0]["start_s"] >= 30.0  # the alert told the truth: nothing was heard before


async def test_a_failing_llm_and_a_voice_on_its_last_engine_are_alerts(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("ALERT_SECRET", SECRET)
    async with FakeReceivers(secrets={"json": SECRET}) as recv:
        clock = FastClock()
        chain = FailoverTTS([ScriptedTTS("edge", mode="fail"), ScriptedTTS("espeak", seconds=1.0)], clock)
        llm = FakeLLM(clock, [], default=Reply(deltas=("X1",), error_after=0, error="HTTP 502 Bad Gateway"))
        rules = ("  llm_errors: {at_least: 2, within_s: 60}\n  fallbacks: {at_least: 2, within_s: 120}\n"
                 "  voice_last_engine: {}\n  silence: {over_s: 8}\n  disk_low: {enabled: false}")  # fmt: skip
        show = await show_with(tmp_path, alerts_file(tmp_path, recv.url("json"), rules), clock, chain, llm, 60.0)
        await show.run()
    got = notices(recv)
    fired = {a for s, a in got if s == "firing"}
    assert fired == {"llm_errors", "fallbacks", "voice_last_engine"}, got  # and no silence: fallbacks kept talking
    assert sorted(got) == sorted({(s, a) for s, a in got}), "an alert was sent twice"
    by = {(r.body["status"], r.body["alert"]): r.body for r in recv.accepted("json")}
    assert "edge down" in by[("firing", "voice_last_engine")]["summary"]
    assert by[("resolved", "llm_errors")]["summary"] == "the show ended"  # still failing when the show ended
    page = show.metrics.render().decode()
    assert 'vhost_llm_errors_total{error="LLMError"}' in page and "vhost_llm_up 0.0" in page
    assert 'vhost_voice_engine_up{engine="edge",position="0"} 0.0' in page
    assert 'vhost_alert_notifications_total{notifier="json",result="sent"} 6.0' in page


class CrashingEncoder:
    """An audio output whose encoder 'restarts' once, at program time `at` (as FfmpegSink counts it)."""

    name = "rtmp"

    def __init__(self, at: float) -> None:
        self.at, self.restarts = at, 0

    async def start(self, fmt) -> None:  # type: ignore[no-untyped-def]
        return None

    async def write(self, frame: bytes, t: float) -> None:
        if t >= self.at and self.restarts == 0:
            self.restarts = 1

    async def close(self) -> None:
        return None


async def test_an_encoder_restart_and_a_surge_of_guard_refusals(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("ALERT_SECRET", SECRET)
    async with FakeReceivers(secrets={"json": SECRET}) as recv:
        clock = FastClock()
        llm = FakeLLM(clock, [], default=Reply.text("家人們，這是全網最低價，國家級認證！"))  # refused every time
        rules = ("  encoder_restarts: {at_least: 1, within_s: 20}\n  guard_refusals: {at_least: 3, within_s: 60}\n"
                 "  disk_low: {enabled: false}")  # fmt: skip
        replay = tmp_path / "chat.jsonl"
        write_replay(replay, extra_bad=False)
        cfg = ShowConfig(persona=PERSONA, sources=[f"replay:{replay}"], out=tmp_path / "out", duration_s=60.0, watch=False,
                         alerts=alerts_file(tmp_path, recv.url("json"), rules))  # fmt: skip
        show = Show(cfg, llm=llm, tts=ScriptedTTS("tone", seconds=0.8), clock=clock, busy_llm=False, audio_sinks=[CrashingEncoder(at=15.0)])
        await show.run()
    by = {(r.body["status"], r.body["alert"]): r.body for r in recv.accepted("json")}
    restart, back = by[("firing", "encoder_restarts")], by[("resolved", "encoder_restarts")]
    assert 15.0 <= restart["program_s"] <= 17.0 and restart["summary"].startswith("1 output restarts")
    assert 35.0 <= back["program_s"] <= 37.0  # the restart left the 20 s window
    assert ("firing", "guard_refusals") in by and by[("firing", "guard_refusals")]["value"] >= 3
    rows = [json.loads(x) for x in (tmp_path / "out" / "transcript.jsonl").read_text(encoding="utf-8").splitlines()]
    assert not any("全網最低" in r["text"] for r in rows)  # what the alert counted never went on air
