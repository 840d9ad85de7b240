"""Pacing: generated rooms at 0.2, 1, 3 and 10 danmaku/s in --fast (compute time counts), and one
--realtime room, through the real show (default model, default voice); figures from vhost.pacing."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from tests.bench.rooms import write_room
from vhost.pacing import decompose_dir, report_dir

ROOT = Path(__file__).resolve().parents[2]
RATES = (0.2, 1.0, 3.0, 10.0)


def show(rate: float, seconds: float, realtime: bool = False) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        chat = write_room(Path(tmp) / "room.jsonl", rate, seconds)
        out = Path(tmp) / "out"
        cmd = [sys.executable, "-m", "vhost", "run", "--persona", "personas/tech_reviewer.yaml", "--source", f"replay:{chat}",
               "--out", str(out), "--duration", str(seconds), "--realtime" if realtime else "--fast", "--no-watch", "--json"]  # fmt: skip
        p = subprocess.run(cmd, check=True, cwd=ROOT, capture_output=True, text=True, timeout=3600)
        summary = json.loads(p.stdout[p.stdout.index("{") :])
        rep = report_dir(out, summary["program_s"])
        parts = decompose_dir(out)
    return {"rate": rate, "seconds": seconds, "realtime": realtime, "wall_s": summary["wall_s"], **rep, "wait_parts_p50_p95_s": parts}


def run(quick: bool = False) -> dict[str, Any]:
    seconds = 60.0 if quick else 300.0
    rooms = [show(r, seconds) for r in ((1.0,) if quick else RATES)]
    if not quick:
        rooms.append(show(1.0, 120.0, realtime=True))
    rows = []
    for r in rooms:
        mode = "realtime" if r["realtime"] else "fast"
        tgt = r["rate"] == 1.0
        rows.append([f"{r['rate']:g}/s {mode}: question → first audio p50 / p95", f"{r['question_to_audio_p50_s']} / {r['question_to_audio_p95_s']} s", "≤ 3 / ≤ 8 s" if tgt or r["rate"] == 10 else ""])
        rows.append([f"{r['rate']:g}/s {mode}: distinct questions answered or merged /min, stale drops", f"{r['distinct_questions_per_min']}, {r['stale_drops']}", "≥ 8" if tgt else ""])
        rows.append([f"{r['rate']:g}/s {mode}: superchat wait max, thanks wait p50 / max, thanks lost", f"{r['superchat_wait_max_s']} s, {r['thanks_wait_p50_s']} / {r['thanks_wait_max_s']} s, {r['thanks_lost']}", "≤ 15 s, 0 lost"])
        parts = r["wait_parts_p50_p95_s"]
        rows.append([f"{r['rate']:g}/s {mode}: wait p50/p95: picked, written, voiced, on-air wait", ", ".join(f"{parts[k][0]}/{parts[k][1]}" for k in ("picked", "written", "voiced", "on_air_wait")) + " s", ""])
        rows.append([f"{r['rate']:g}/s {mode}: air share", ", ".join(f"{k} {v:.0%}" for k, v in r["air_share"].items()) + f"; silence {r['silence_share']:.0%}", ""])
    return {"rooms": rooms, "rows": rows}
