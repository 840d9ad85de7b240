"""Metrics read from a running show: they agree with what the show wrote, they follow a chat
source through a reconnect, and a scrape (or a health check, or an alert round) never opens
a file: nothing on the audio path grows with the length of the show."""

from __future__ import annotations

import asyncio
import builtins
import json
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.fakes.bilibili_server import FakeDanmakuServer, command
from tests.fakes.fake_llm import FakeLLM, Reply
from tests.sources import bili_samples as bs
from tests.sources.util import eventually
from tests.test_show import write_replay
from tests.tts.engines import ScriptedTTS
from vhost.alerts import AlertConfig, Evaluator
from vhost.clock import FastClock, WallClock
from vhost.intake.ledger import Ledger
from vhost.probes import health, readiness
from vhost.show import Show, ShowConfig

PERSONA = Path("personas/tech_reviewer.yaml")


def samples(page: bytes) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    out = {}
    for fam in text_string_to_metric_families(page.decode()):
        for s in fam.samples:
            out[(s.name, tuple(sorted(s.labels.items())))] = s.value
    return out


def total(page: dict, name: str, **match: str) -> float:
    return sum(v for (n, labels), v in page.items() if n == name and all(dict(labels).get(k) == x for k, x in match.items()))


async def test_a_scrape_agrees_with_the_files_the_show_wrote(tmp_path: Path) -> None:
    replay = tmp_path / "chat.jsonl"
    n_events = write_replay(replay, extra_bad=False)
    clock = FastClock()
    cfg = ShowConfig(persona=PERSONA, sources=[f"replay:{replay}"], out=tmp_path / "out", duration_s=40.0, watch=False)
    show = Show(cfg, llm=FakeLLM(clock, [], default=Reply.text("X1 單次續航 8 小時。")), tts=ScriptedTTS("tone", seconds=0.8),
                clock=clock, busy_llm=False)  # fmt: skip
    result = await show.run()
    page = samples(show.metrics.render())
    rows = [json.loads(x) for x in (tmp_path / "out" / "transcript.jsonl").read_text(encoding="utf-8").splitlines()]
    events = [json.loads(x) for x in (tmp_path / "out" / "events.jsonl").read_text(encoding="utf-8").splitlines()]
    assert total(page, "vhost_program_seconds") == result.program_s == 40.0
    assert total(page, "vhost_utterances_total") == result.utterances == len(rows)
    for kind in {r["kind"] for r in rows}:
        assert total(page, "vhost_utterances_total", kind=kind) == sum(r["kind"] == kind for r in rows)
    assert total(page, "vhost_events_total") == len(events) == n_events
    for fate in {e["fate"] for e in events}:
        assert total(page, "vhost_event_fates_total", fate=fate) == sum(e["fate"] == fate for e in events)
    replied = [r for r in rows if r["kind"] in ("reply", "thanks") and r["event_s"] is not None]
    assert total(page, "vhost_event_to_audio_seconds_count") == len(replied) > 0
    lat = sum(r["first_audio_s"] - r["event_s"] for r in replied)
    assert total(page, "vhost_event_to_audio_seconds_sum") == pytest.approx(lat, abs=0.01 * len(replied))
    assert total(page, "vhost_tts_seconds_count") == show.voice.spoken + show.voice.skipped
    speaking = total(page, "vhost_speaking_seconds_total")
    assert speaking + total(page, "vhost_silence_seconds_total") == pytest.approx(40.0)
    assert speaking == pytest.approx(sum(r["end_s"] - r["start_s"] for r in rows), abs=0.5)
    assert total(page, "vhost_source_events_total", source=f"replay:{replay}") == n_events
    assert total(page, "vhost_source_state", source=f"replay:{replay}", state="ended") == 1.0
    assert total(page, "vhost_show_running") == 0.0


async def test_no_file_is_opened_to_scrape_probe_or_evaluate(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Checked many times while a show runs: only /proc (the process collector's RSS) is read."""
    replay = tmp_path / "chat.jsonl"
    write_replay(replay, extra_bad=False)
    clock = FastClock()
    cfg = ShowConfig(persona=PERSONA, sources=[f"replay:{replay}"], out=tmp_path / "out", duration_s=120.0, watch=False)
    show = Show(cfg, llm=FakeLLM(clock, [], default=Reply.text("X1 單次續航 8 小時。")), tts=ScriptedTTS("tone", seconds=0.8),
                clock=clock, busy_llm=False)  # fmt: skip
    evaluator = Evaluator(AlertConfig(), show.metrics.sample, clock)

    def no_rows(self: Ledger) -> list:
        raise AssertionError("the ledger's rows were read (a file that grows with the show)")

    monkeypatch.setattr(Ledger, "rows", no_rows)
    opened: list[str] = []
    real_open = builtins.open
    checks = 0

    def spy(file, *a, **kw):  # type: ignore[no-untyped-def]
        opened.append(str(file))
        return real_open(file, *a, **kw)

    async def watch() -> None:
        nonlocal checks
        while True:
            await clock.sleep(2.0)
            monkeypatch.setattr(builtins, "open", spy)
            try:
                show.metrics.render()
                health(show.metrics)
                readiness(show.metrics)
                evaluator.step()
            finally:
                monkeypatch.setattr(builtins, "open", real_open)
            checks += 1

    task = asyncio.create_task(watch())
    try:
        await show.run()
    finally:
        task.cancel()
    assert checks > 20
    assert opened and all(p.startswith("/proc/") for p in opened), sorted(set(opened))


async def test_a_chat_source_is_followed_through_a_reconnect(tmp_path: Path) -> None:
    async with FakeDanmakuServer([command(bs.danmu("在嗎"))]) as srv:
        clock = WallClock()
        spec = f"bilibili:5050?ws={srv.url}&token=TOK&heartbeat=30"
        cfg = ShowConfig(persona=PERSONA, sources=[spec], out=tmp_path / "out", duration_s=20.0, realtime=True, watch=False)
        show = Show(cfg, llm=FakeLLM(clock, [], default=Reply.text("在的。")), tts=ScriptedTTS("tone", seconds=0.3),
                    clock=clock, busy_llm=False)  # fmt: skip
        task = asyncio.create_task(show.run())
        name = "bilibili:5050"

        def state() -> tuple[str, int]:
            src = next((s for s in show.metrics.source_states() if s.name == name), None)
            return (src.state, src.reconnects) if src else ("", 0)

        await eventually(lambda: state() == ("up", 0))
        page = samples(show.metrics.render())
        assert total(page, "vhost_source_up", source=name) == 1.0
        for ws in list(srv._live):  # the server drops us
            await ws.close()
        await eventually(lambda: state()[0] == "down")
        assert total(samples(show.metrics.render()), "vhost_source_up", source=name) == 0.0
        await eventually(lambda: state() == ("up", 1))  # back after the backoff
        page = samples(show.metrics.render())
        show.stage.stop()
        await task
    assert total(page, "vhost_source_reconnects_total", source=name) == 1.0
    assert total(page, "vhost_source_events_total", source=name) >= 2.0  # the danmaku once per connection
    assert total(page, "vhost_source_state", source=name, state="up") == 1.0
