"""`vhost run --fast --metrics PORT` as an operator runs it: a real process with a replay source,
espeak-ng and an LLM that refuses every connection. The scrape, the probes and an alert
delivered to a fake DingTalk robot all tell that story; Ctrl-C ends it cleanly."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import sys
from pathlib import Path

import httpx
from prometheus_client.parser import text_string_to_metric_families

from tests.fakes.webhook_server import FakeReceivers
from tests.test_cli_errors import assert_one_line_error, vhost
from tests.test_show import write_replay

ROOT = Path(__file__).resolve().parents[2]
DEAD_LLM = "openai:http://127.0.0.1:9/v1?model=none"


def value(page: str, name: str, **labels: str) -> float:
    for fam in text_string_to_metric_families(page):
        for s in fam.samples:
            if s.name == name and all(s.labels.get(k) == v for k, v in labels.items()):
                return s.value
    raise KeyError(name)


async def test_run_fast_serves_metrics_probes_and_alerts(tmp_path: Path) -> None:
    replay = tmp_path / "chat.jsonl"
    write_replay(replay, extra_bad=False)
    async with FakeReceivers(secrets={"dingtalk": "SECsecret"}) as recv:
        alerts = tmp_path / "alerts.yaml"
        alerts.write_text("rules:\n  llm_errors: {at_least: 2, within_s: 600}\n  disk_low: {enabled: false}\nnotify:\n"
                          f"  - type: dingtalk\n    url: {recv.url('dingtalk')}\n    secret: ${{DT_SECRET}}\n", encoding="utf-8")  # fmt: skip
        argv = [sys.executable, "-m", "vhost", "run", "--persona", "personas/tech_reviewer.yaml", "--source", f"replay:{replay}",
                "--out", str(tmp_path / "out"), "--fast", "--duration", "3600", "--llm", DEAD_LLM, "--no-watch",
                "--metrics", "0", "--alerts", str(alerts)]  # fmt: skip
        env = {**os.environ, "DT_SECRET": "SECsecret"}
        proc = await asyncio.create_subprocess_exec(*argv, cwd=ROOT, env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
        try:
            async with asyncio.timeout(60):
                while not (m := re.search(rb"metrics at (http://127\.0\.0\.1:\d+)/metrics", await proc.stderr.readline())):
                    assert proc.returncode is None
            base = m.group(1).decode()
            async with httpx.AsyncClient(base_url=base, timeout=10) as c:
                async with asyncio.timeout(60):
                    while True:  # until the dead LLM has failed a few answers
                        page = (await c.get("/metrics")).text
                        if value(page, "vhost_llm_up") == 0.0 and recv.accepted("dingtalk"):
                            break
                        await asyncio.sleep(0.2)
                health, ready = await c.get("/healthz"), await c.get("/readyz")
            proc.send_signal(signal.SIGINT)
            async with asyncio.timeout(60):
                out, err = await proc.communicate()
        finally:
            if proc.returncode is None:
                proc.kill()
                await proc.wait()
    assert proc.returncode == 0, err.decode()[-2000:]
    assert value(page, "vhost_show_running") == 1.0 and value(page, "vhost_program_seconds") > 0
    failed = [s.value for f in text_string_to_metric_families(page) for s in f.samples
              if s.name in ("vhost_llm_errors_total", "vhost_llm_timeouts_total")]  # fmt: skip
    assert sum(failed) >= 2  # refused connections, retried by the client until the first-token deadline
    assert value(page, "vhost_voice_up") == 1.0  # espeak-ng speaks the fallbacks
    assert value(page, "process_resident_memory_bytes") > 10e6
    assert health.status_code == 200
    assert ready.status_code == 503 and ready.json()["checks"]["llm"] is False and ready.json()["checks"]["voice"] is True
    fired = recv.accepted("dingtalk")[0].body["text"]["content"]
    assert fired.startswith("[vhost] FIRING llm_errors") and "LLM requests failed" in fired


def test_a_bad_metrics_address_is_one_line(tmp_path: Path) -> None:
    p = vhost("run", "--persona", "personas/tech_reviewer.yaml", "--source", "replay:personas/samples/tech_chat.jsonl",
              "--out", str(tmp_path / "o"), "--metrics", "localhost:http")  # fmt: skip
    assert_one_line_error(p, "--metrics", "PORT or HOST:PORT")
    assert not (tmp_path / "o").exists()


def test_a_bad_alerts_file_is_one_line_before_anything_starts(tmp_path: Path) -> None:
    bad = tmp_path / "alerts.yaml"
    bad.write_text("rules:\n  silence: {over_s: ten}\n", encoding="utf-8")
    p = vhost("run", "--persona", "personas/tech_reviewer.yaml", "--source", "replay:personas/samples/tech_chat.jsonl",
              "--out", str(tmp_path / "o"), "--alerts", str(bad))  # fmt: skip
    assert_one_line_error(p, "alerts.yaml:2: rules.silence.over_s")
    assert not (tmp_path / "o").exists()
