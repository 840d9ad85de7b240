"""/metrics, /healthz and /readyz on the `vhost serve` port (real uvicorn, httpx), and the
Grafana dashboard in the repo against the metric names a running show really exports."""

from __future__ import annotations

import json
import re
from pathlib import Path

import httpx
from prometheus_client.parser import text_string_to_metric_families

from server.settings import Settings
from tests.fakes.fake_llm import FakeLLM, Reply
from tests.server.conftest import Served, serve, wait_until
from tests.tts.engines import ScriptedTTS
from vhost.clock import WallClock
from vhost.show import Show

DASHBOARD = Path("deploy/grafana/vhost.json")
SUFFIXES = {"counter": ("_total",), "gauge": ("",), "histogram": ("_bucket", "_sum", "_count")}


def parse(page: str) -> dict[str, object]:
    return {f.name: f for f in text_string_to_metric_families(page)}


def value(families: dict, name: str, sample: str = "", **labels: str) -> float:
    """One sample of a family (the counter's _total, a gauge's value, or the named histogram sample)."""
    for s in families[name].samples:
        if (s.name == sample or not sample) and all(s.labels.get(k) == v for k, v in labels.items()):
            return s.value
    raise KeyError((name, sample, labels))


async def scrape(live: Served) -> dict:
    async with httpx.AsyncClient(base_url=live.url, timeout=10) as anon:  # no token: scrapers and probes carry none
        r = await anon.get("/metrics")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/plain; version=0.0.4")
    return parse(r.text)


async def test_metrics_health_and_readiness_need_no_token_and_move_with_the_show(live: Served) -> None:
    async def running() -> dict | None:  # the show goes on air a moment after the server answers
        fams = await scrape(live)
        return fams if value(fams, "vhost_show_running") == 1.0 else None

    first = await wait_until(running, timeout=10)
    assert first is not None and value(first, "vhost_show_running") == 1.0
    await wait_until(lambda: live.show.stage.program_s > 1.5, timeout=10)
    r = await live.client.post("/api/events", json={"kind": "danmaku", "user": {"id": "q", "name": "小明"}, "text": "X1 續航多久？"})
    assert r.json()["accepted"] == 1
    await wait_until(lambda: live.show.stage.stats.by_kind.get("reply"), timeout=15)
    second = await scrape(live)
    assert value(second, "vhost_program_seconds") > value(first, "vhost_program_seconds") + 1.0
    assert value(second, "vhost_events") == 1.0
    assert value(second, "vhost_utterances", kind="reply") >= 1.0
    assert value(second, "vhost_event_to_audio_seconds", "vhost_event_to_audio_seconds_count", kind="reply") >= 1.0
    assert value(second, "vhost_llm_up") == 1.0 and value(second, "vhost_voice_up") == 1.0
    assert value(second, "process_resident_memory_bytes") > 10e6
    assert value(second, "vhost_program_lag_seconds") < 1.0  # a live show keeps up with the wall clock
    async with httpx.AsyncClient(base_url=live.url, timeout=10) as anon:
        h, rd = await anon.get("/healthz"), await anon.get("/readyz")
    assert h.status_code == 200 and h.json()["checks"] == {"running": True, "program_advancing": True}
    assert rd.status_code == 200 and rd.json()["checks"] == {"running": True, "program_advancing": True, "voice": True, "llm": True}
    await live.client.post("/api/stop")
    async with httpx.AsyncClient(base_url=live.url, timeout=10) as anon:
        h = await anon.get("/healthz")
    assert h.status_code == 503 and h.json()["checks"]["running"] is False


def failing_llm(settings: Settings) -> Show:
    clock = WallClock()
    llm = FakeLLM(clock, [], default=Reply(deltas=("X1",), error_after=0, error="HTTP 503 Service Unavailable"))
    return Show(settings.show_config(), llm=llm, tts=ScriptedTTS("tone", seconds=0.3), clock=clock, busy_llm=False)


async def test_readyz_says_the_llm_is_not_usable_while_it_fails(tmp_path: Path) -> None:
    async with serve(tmp_path, failing_llm) as live:
        await live.client.post("/api/events", json={"kind": "danmaku", "user": {"id": "q", "name": "小明"}, "text": "這個耳機多少錢？"})

        async def not_ready() -> httpx.Response | None:
            r = await live.client.get("/readyz")  # (503 also while the show is still starting: not that one)
            return r if r.status_code == 503 and r.json()["checks"]["running"] else None

        r = await wait_until(not_ready, timeout=20)
        assert r is not None, "readyz stayed 200 with a failing LLM"
        assert r.json()["checks"]["llm"] is False and r.json()["checks"]["voice"] is True, r.json()
        assert (await live.client.get("/healthz")).status_code == 200  # alive all the same: fallbacks keep talking
        fams = await scrape(live)
        assert value(fams, "vhost_llm_errors", error="LLMError") >= 1.0
        assert sum(s.value for s in fams["vhost_fallback_lines"].samples if s.name.endswith("_total")) >= 1.0


def dashboard_names() -> set[str]:
    dash = json.loads(DASHBOARD.read_text(encoding="utf-8"))
    exprs: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("expr"), str):
                exprs.append(node["expr"])
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(dash)
    assert len(exprs) >= 20
    return {m for e in exprs for m in re.findall(r"\b((?:vhost|process)_[a-z0-9_]+)\b", e)}


async def test_the_dashboard_uses_exactly_the_metrics_the_show_exports(live: Served) -> None:
    fams = await scrape(live)
    exported: dict[str, set[str]] = {
        name: {name + suffix for suffix in SUFFIXES.get(f.type, ("",))} for name, f in fams.items()  # type: ignore[attr-defined]
    }
    samples = set().union(*exported.values())
    used = dashboard_names()
    assert used <= samples, f"the dashboard asks for metrics nobody exports: {sorted(used - samples)}"
    unused = {name for name, names in exported.items() if name.startswith("vhost_") and not names & used}
    assert not unused, f"exported but on no panel: {sorted(unused)}"


async def test_vhost_serve_takes_an_alerts_file(tmp_path: Path) -> None:
    from tests.fakes.webhook_server import FakeReceivers

    async with FakeReceivers() as recv:
        alerts = tmp_path / "alerts.yaml"
        # a disk threshold no disk meets: fires at once
        alerts.write_text(f"rules:\n  disk_low: {{below_mb: 1.0e+12}}\nnotify:\n  - type: slack\n    url: {recv.url('slack')}\n", encoding="utf-8")
        async with serve(tmp_path, alerts=alerts) as live:
            await wait_until(lambda: recv.accepted("slack"), timeout=10)
            fams = await scrape(live)
            assert value(fams, "vhost_alert_firing", alert="disk_low", subject="") == 1.0
        texts = [r.body["text"] for r in recv.accepted("slack")]
    assert len(texts) == 2 and texts[0].startswith("[vhost] FIRING disk_low") and texts[1].startswith("[vhost] RESOLVED disk_low")
    assert "the show ended" in texts[1]
