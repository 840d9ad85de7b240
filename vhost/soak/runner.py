"""The soak's parent process: plans it, receives its alerts, runs the show process, kills it
with SIGKILL at the planned time and resumes it (`--resume`, as a supervisor would), then
reads everything back into the summary (vhost.soak.report)."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import secrets
import shutil
import sqlite3
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vhost.errors import ConfigError
from vhost.soak.plan import Plan, schedule
from vhost.soak.receiver import Receiver

ALERTS = """\
# the soak's alert rules: thresholds an operator of an unattended show would set
show: soak
every_s: 1
rules:
  silence:           {over_s: 3}
  source_down:       {over_s: 10}
  fallbacks:         {at_least: 3, within_s: 120}
  llm_errors:        {at_least: 1, within_s: 60}
  voice_last_engine: {}
  encoder_restarts:  {at_least: 1, within_s: 120}
  disk_low:          {below_mb: 1024}
  guard_refusals:    {at_least: 20, within_s: 60}
  program_lag:       {over_s: 5}
  persona_rejected:  {}
  crash_restart:     {stable_s: 60}
notify:
  - type: json
    url: ${VHOST_SOAK_WEBHOOK}
    secret: ${VHOST_SOAK_SECRET}
    backoff_s: 0.2
"""


@dataclass
class Options:
    hours: float
    out: Path
    persona: Path = Path("personas/tech_reviewer.yaml")
    seed: int = 7
    rate: float = 1.0
    burst_events: int = 60_000
    burst_s: float = 60.0
    voice: str = "tone"
    llm: list[str] = field(default_factory=list)
    skip: frozenset[str] = frozenset()
    summary: Path | None = None  # a copy of the summary (bench/results/soak.json)
    quiet: bool = False


@dataclass
class Run:
    n: int
    rc: int | None = None
    progress: list[dict[str, Any]] = field(default_factory=list)
    wall_s: float = 0.0
    killed_at_s: float | None = None


def prepare(opts: Options) -> Plan:
    out = opts.out
    if out.exists() and any(out.iterdir()):
        raise ConfigError(f"{out}: not empty; a soak starts in a new folder", fix="pick another --out or remove it")
    if not opts.persona.is_file():
        raise ConfigError(f"{opts.persona}: no such persona file")
    seconds = opts.hours * 3600.0
    try:
        faults = schedule(seconds, opts.burst_s, opts.skip)
    except ValueError as e:
        raise ConfigError(f"--burst-seconds: {e}", fix="give a shorter burst or a longer soak") from None
    out.mkdir(parents=True, exist_ok=True)
    # the soak edits its persona (a broken save): a copy of the persona's folder, never the original
    shutil.copytree(opts.persona.resolve().parent, out / "persona", ignore=shutil.ignore_patterns("corpora", "samples", "*.jsonl"))
    (out / "alerts.yaml").write_text(ALERTS, encoding="utf-8")
    plan = Plan(
        hours=opts.hours, seed=opts.seed, rate=opts.rate, burst_events=opts.burst_events, burst_s=opts.burst_s,
        voice=opts.voice, llm=opts.llm, persona=(out / "persona" / opts.persona.name).resolve(), out=(out / "show").resolve(),
        alerts=(out / "alerts.yaml").resolve(), faults=faults,
        progress_every_s=min(60.0, max(5.0, seconds / 240)),
    )  # type: ignore[arg-type]  # fmt: skip
    plan.save(out / "plan.json")
    return plan


def _wav_seconds(path: Path) -> float:
    return max(0, path.stat().st_size - 44) // 2 / 48000 if path.exists() else 0.0


def _lines(path: Path) -> list[dict[str, Any]]:
    """Complete JSONL rows only (a crash can leave a torn last one)."""
    if not path.exists():
        return []
    out = []
    with path.open("rb") as f:
        for raw in f:
            if raw.endswith(b"\n"):
                out.append(json.loads(raw))
    return out


def snapshot(show: Path, acked: Path | None = None) -> dict[str, Any]:
    """What a crash left, read as any other program would before the resume repairs it; with
    `acked` (the pusher's acked-N.txt), the acknowledged event ids the journal does not hold."""
    with contextlib.closing(sqlite3.connect(f"file:{show / 'journal.sqlite'}?mode=ro", uri=True, timeout=10)) as db:
        fates = {int(i): [f, u] for i, f, u in db.execute("SELECT idx, fate, utterance FROM fates")}
        heard = [[u, s, text, st, en] for u, s, text, st, en in db.execute("SELECT utterance, seq, text, start_s, end_s FROM lines WHERE end_s IS NOT NULL")]
        held = {r[0] for r in db.execute("SELECT msg_id FROM events WHERE msg_id != ''")}
    told = [x.strip() for x in acked.read_text(encoding="utf-8").splitlines() if x.strip()] if acked is not None and acked.exists() else []
    return {"transcript": _lines(show / "transcript.jsonl"), "events": _lines(show / "events.jsonl"), "fates": fates,
            "heard": heard, "program_s": _wav_seconds(show / "program.wav"), "acked": len(told),
            "acked_not_held": [i for i in told if i not in held]}  # fmt: skip


class Soak:
    def __init__(self, opts: Options) -> None:
        self.opts = opts
        self.runs: list[Run] = []
        self.before: dict[str, Any] | None = None

    def say(self, text: str) -> None:
        if not self.opts.quiet:
            print(text, file=sys.stderr, flush=True)

    async def _child(self, plan: Plan, n: int, env: dict[str, str], kill_at: float | None) -> Run:
        folder = self.opts.out
        cmd = [sys.executable, "-m", "vhost.soak.child", str(folder / "plan.json"), *(["--resume"] if n > 1 else [])]
        run = Run(n)
        t0 = time.monotonic()
        with (folder / f"child-{n}.log").open("wb") as err:
            proc = await asyncio.create_subprocess_exec(*cmd, stdout=asyncio.subprocess.PIPE, stderr=err, env=env)
            try:
                assert proc.stdout is not None
                async for raw in proc.stdout:
                    try:
                        line = json.loads(raw)
                    except ValueError:
                        continue
                    line["run"] = n
                    run.progress.append(line)
                    with (folder / "progress.jsonl").open("a", encoding="utf-8") as f:
                        f.write(json.dumps(line) + "\n")
                    self.say(f"[soak run {n}] program {line['program_s']:8.0f} s | wall {line['wall_s']:7.1f} s | "
                             f"RSS {line['rss_bytes'] / 2**20:6.1f} MiB | events {line['events']}")  # fmt: skip
                    if kill_at is not None and line["program_s"] >= kill_at:
                        proc.kill()  # SIGKILL: no handler runs, nothing is closed
                        await proc.wait()
                        run.killed_at_s = _wav_seconds(plan.out / "program.wav")
                        self.say(f"[soak] kill -9 at program {run.killed_at_s:.1f} s")
                        break
                run.rc = await proc.wait()
            finally:
                if proc.returncode is None:
                    proc.kill()
                    await proc.wait()
        run.wall_s = time.monotonic() - t0
        return run

    async def run(self) -> dict[str, Any]:
        from vhost.soak.report import build_report

        t0 = time.monotonic()
        plan = prepare(self.opts)
        secret = secrets.token_urlsafe(24)
        receiver = Receiver(secret, self.opts.out / "alerts.jsonl")
        url = await receiver.start()
        env = {**os.environ, "VHOST_SOAK_WEBHOOK": url, "VHOST_SOAK_SECRET": secret, "PYTHONUNBUFFERED": "1"}
        kill = plan.fault("kill9")
        try:
            first = await self._child(plan, 1, env, kill.at_s if kill else None)
            self.runs.append(first)
            if first.killed_at_s is not None:
                self.before = snapshot(plan.out, self.opts.out / "acked-1.txt")
                self.runs.append(await self._child(plan, 2, env, None))
            await asyncio.sleep(0.5)  # the last notices are delivered before the show process exits; a moment for the log
        finally:
            await receiver.close()
        report = build_report(plan, self.opts.out, self.runs, self.before, receiver, time.monotonic() - t0)
        text = json.dumps(report, ensure_ascii=False, indent=1)
        (self.opts.out / "soak.json").write_text(text + "\n", encoding="utf-8")
        if self.opts.summary is not None:
            self.opts.summary.parent.mkdir(parents=True, exist_ok=True)
            self.opts.summary.write_text(text + "\n", encoding="utf-8")
        return report
