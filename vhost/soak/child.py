"""The show process of a soak: `python -m vhost.soak.child PLAN [--resume]`.

Builds the show as `vhost run` would (the real director, writer, guard, voice chain, stage,
journal, alerts, persona hot reload, a real ffmpeg `null:` encoder), with the soak's room
pushed into a real `push:` listener, the scripted LLM unless the plan names `--llm` specs,
and the faults of vhost.soak.faults. On the fast clock. Prints one JSON progress line every
`progress_every_s` program seconds (program time, RSS from /proc, wall time) and at the end
writes run-N.json next to the plan.
"""

from __future__ import annotations

import asyncio
import contextlib
import heapq
import json
import logging
import sqlite3
import sys
import time
from pathlib import Path
from typing import Any

from vhost.assembly import ShowConfig, build_llm
from vhost.clock import FastClock
from vhost.persona.loader import load_persona
from vhost.show import Show
from vhost.soak import room
from vhost.soak.backends import LLMGate, ScriptedLLM, voice_chain
from vhost.soak.faults import DiskReading, Faults, FrameTimer
from vhost.soak.plan import Plan
from vhost.soak.pusher import Pusher
from vhost.sources.push import PushOptions, PushSource

log = logging.getLogger("vhost.soak")
SINK = "null:?video=none"
REPLAY_S = 120.0  # what the room's grabber sends again after the show process died  # a real ffmpeg encoding the program (AAC), output thrown away


def rss_bytes() -> int:
    """Resident set size of this process, from /proc/self/status (VmRSS)."""
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    return 0


def _seen_ids(journal: Path, since_s: float) -> set[str]:
    """Message ids the journal already holds from the replay window (not pushed again)."""
    with contextlib.closing(sqlite3.connect(f"file:{journal}?mode=ro", uri=True)) as db:
        return {r[0] for r in db.execute("SELECT msg_id FROM events WHERE t >= ? AND msg_id != ''", (since_s - 5.0,))}


def build(plan: Plan, resume: bool) -> tuple[Show, dict[str, Any]]:
    clock = FastClock()
    config = ShowConfig(
        persona=plan.persona, sources=["push:?port=0"], out=plan.out, duration_s=plan.seconds, realtime=False,
        llm=plan.llm, sinks=[SINK], watch=True, alerts=plan.alerts, resume=resume,
    )  # fmt: skip
    persona = load_persona(plan.persona)
    tts, gates, voice = voice_chain(plan.voice, persona, clock)
    inner = build_llm(config, clock) if plan.llm else ScriptedLLM(clock, plan.seed)
    llm = LLMGate(inner, clock)
    push = PushSource(PushOptions(port=0), clock)
    timer = FrameTimer(clock)
    if (b := plan.fault("burst")) is not None:
        timer.window = (b.at_s - 5.0, b.at_s + b.duration_s + 30.0)
    # the scripted backend's delays are program time already; a real model's compute is marked busy
    show = Show(config, llm=llm, tts=tts, sources=[push], clock=clock, audio_sinks=[timer], busy_llm=bool(plan.llm))
    disk = DiskReading(clock)
    show.metrics.disk_usage = disk
    parts = {"push": push, "llm": llm, "gates": gates, "timer": timer, "disk": disk, "voice": voice}
    return show, parts


async def run(plan_path: Path, resume: bool) -> int:
    plan = Plan.load(plan_path)
    folder = plan_path.parent
    show, p = build(plan, resume)
    clock = show.clock
    start = show.resumed.start_s if show.resumed is not None else 0.0
    push: PushSource = p["push"]
    n = 2 if resume else 1
    pusher = Pusher("", clock, acked_log=folder / f"acked-{n}.txt")
    faults = Faults(plan, show, p["llm"], p["gates"], pusher, p["timer"], p["disk"], folder / "faults.jsonl")
    t0 = time.monotonic()

    def progress() -> None:
        line = {"program_s": round(show.stage.program_s, 1), "rss_bytes": rss_bytes(), "wall_s": round(time.monotonic() - t0, 2),
                "events": len(show.ledger), "utterances": show.stage.stats.utterances}  # fmt: skip
        print(json.dumps(line), flush=True)

    async def feed() -> None:
        await push.started.wait()
        pusher.url = f"ws://127.0.0.1:{push.port}/ws"
        # The listener acknowledges an event once the journal holds it; what was sent but not
        # acknowledged when the show died may or may not be held. After a crash the grabber sends
        # its last REPLAY_S again, skipping the ids the journal has (a grabber that resends only
        # what was not acknowledged gets the same).
        since = max(0.0, start - REPLAY_S) if resume else 0.0
        skip = _seen_ids(plan.out / "journal.sqlite", since) if resume else set()
        streams = [room.room(plan.seed, plan.rate, since, plan.seconds)]
        if (b := plan.fault("burst")) is not None and b.at_s + b.duration_s >= since:
            streams.append(room.burst(plan.seed, plan.burst_events, b.at_s, b.duration_s))
        events = (e for e in heapq.merge(*streams, key=lambda e: e["t"]) if e["id"] not in skip and e["t"] >= since)
        await pusher.run(events)

    async def report() -> None:
        while True:
            progress()
            nxt = (int(show.stage.program_s // plan.progress_every_s) + 1) * plan.progress_every_s
            while show.stage.program_s < nxt:
                await clock.sleep(min(1.0, max(0.02, nxt - show.stage.program_s)))

    async def helpers() -> None:
        while not show.metrics.running:  # noqa: ASYNC110 - a plain flag the show sets once on air (the clock runs from then)
            await asyncio.sleep(0.01)
        async with asyncio.TaskGroup() as tg:
            tg.create_task(feed(), name="soak-feed")
            tg.create_task(report(), name="soak-progress")
            tg.create_task(faults.run(start), name="soak-faults")

    task = asyncio.create_task(helpers(), name="soak")
    try:
        result = await show.run()
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        await pusher.close()
    progress()
    summary = {
        "run": n, "resumed": result.stats.get("resumed"), "program_s": result.program_s, "wall_s": round(result.wall_s, 2),
        "counts": result.counts, "voice": p["voice"], "voice_stats": result.stats.get("voice"),
        "llm": "scripted" if not plan.llm else plan.llm, "llm_requests_hung": p["llm"].hung,
        "pusher": pusher.stats(), "reloads": result.stats.get("reloads"), "persona_errors": len(result.stats.get("persona_errors") or []),
        "stage": {k: v for k, v in result.stats.get("stage", {}).items() if k != "by_kind"},
        "writer": result.stats.get("writer"), "health": result.stats.get("health"),
        "sink": [s.stats() for s in show.stage.audio_sinks if hasattr(s, "stats") and s is not p["timer"]],
        "burst_frames": p["timer"].stats(),
    }  # fmt: skip
    (folder / f"run-{n}.json").write_text(json.dumps(summary, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    if not args:
        print("usage: python -m vhost.soak.child PLAN [--resume]", file=sys.stderr)
        return 2
    from vhost.supervise import run_until_complete

    return int(run_until_complete(run(Path(args[0]), "--resume" in args[1:])) or 0)  # type: ignore[arg-type]


if __name__ == "__main__":
    sys.exit(main())
