"""The real default model end to end through the CLI, on a few events (slow: ~1 minute)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import wave
from pathlib import Path

import numpy as np
import pytest

from vhost.llm import models
from vhost.text.fold import has_cjk

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def prepared() -> None:
    if not models.is_prepared(models.default_name(), "llamacpp"):
        if os.environ.get("VHOST_REQUIRE_MODEL"):
            pytest.fail("the default model is not prepared: run `make model`")
        pytest.skip("the default model is not prepared (run `make model`; `make test` always does)")


@pytest.mark.timeout(600)
def test_real_model_show(prepared, tmp_path):
    chat = tmp_path / "chat.jsonl"
    events = [
        {"t": 2, "kind": "danmaku", "user": {"id": "1", "name": "小明"}, "text": "X1 的藍牙是什麼版本？"},
        {"t": 8, "kind": "danmaku", "user": {"id": "2", "name": "阿傑"}, "text": "主播，這個充電頭多重？"},
        {"t": 14, "kind": "gift", "user": {"id": "3", "name": "Lily"}, "gift": {"name": "小心心", "count": 2}, "value_cny": 2},
        {"t": 20, "kind": "danmaku", "user": {"id": "4", "name": "老王"}, "text": "耳機音質怎麼樣？"},
    ]
    chat.write_text("\n".join(json.dumps(e, ensure_ascii=False) for e in events) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    p = subprocess.run(
        [sys.executable, "-m", "vhost", "run", "--persona", "personas/tech_reviewer.yaml", "--source", f"replay:{chat}",
         "--out", str(out), "--duration", "45", "--fast", "--json", "--no-watch"],
        capture_output=True, text=True, cwd=ROOT, timeout=600,
    )
    assert p.returncode == 0, p.stderr[-2000:]
    summary = json.loads(p.stdout[p.stdout.index("{"):])
    rows = [json.loads(x) for x in (out / "transcript.jsonl").read_text(encoding="utf-8").splitlines()]
    text = "".join(r["text"] for r in rows)
    assert rows and has_cjk(text)
    assert any(r["kind"] == "reply" for r in rows)
    with wave.open(str(out / "program.wav")) as w:
        n = w.getnframes()
        assert w.getframerate() == 48000 and n == round(summary["program_s"] * 48000) == 45 * 48000
        pcm = np.frombuffer(w.readframes(n), np.int16)
    cues = [json.loads(x) for x in (out / "cues.jsonl").read_text(encoding="utf-8").splitlines()]
    opened = [c for c in cues if c["type"] == "mouth" and c["value"] > 0]
    assert opened
    for c in opened:
        i = int(round(c["t"] * 48000))
        assert np.abs(pcm[i : i + 960]).max() > 0
    fates = [json.loads(x)["fate"] for x in (out / "events.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(fates) == len(events)
