"""The faults the show process injects into itself, on the program clock, and what it notes
about each (faults.jsonl: kind, injected at, recovered at, details). The kill -9 is the
parent's (vhost.soak.runner): a process cannot SIGKILL itself and go on.

- chat_drop: the pusher's WebSocket is aborted; it reconnects after the outage.
- llm_hang: every LLM request stalls before its first token for the outage.
- tts_down: every voice engine but the last fails each sentence for the outage.
- ffmpeg_kill: SIGKILL to the encoder process of the `null:` sink (vhost.sinks.ffmpeg restarts it).
- persona_broken: the persona file is saved with a banned claim in a catchphrase, then the
  good text is saved back after the outage (hot reload must reject the first, take the second).
- disk_low: SIMULATED. The free-disk reading the alert rule uses (ShowMetrics.disk_usage) reports
  200 MB free for the outage; nothing is written to fill a real disk.
- burst: the room's 60k-event raid (vhost.soak.room.burst) is already in the pusher's stream;
  this marks its window so the frame timer records wall-clock frame times during it.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import signal
import time
from collections import namedtuple
from pathlib import Path
from typing import Any

from vhost.clock import Clock
from vhost.soak.backends import LLMGate, TTSGate
from vhost.soak.plan import SIMULATED_FREE_MB, Fault, Plan
from vhost.soak.pusher import Pusher

BROKEN_CATCHPHRASE = "全網最低價，錯過再等一年！"
_Usage = namedtuple("_Usage", "total used free")


class FrameTimer:
    """An audio sink that notes the wall-clock time of each program frame inside a window of
    program time, and how far the frame was behind the program clock."""

    name = "frame-timer"

    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self.window: tuple[float, float] | None = None
        self.max_gap_s = 0.0
        self.max_gap_at_s: float | None = None
        self.gaps_over_100ms = 0
        self.frames = 0
        self.max_lag_s = 0.0
        self.first_wall: float | None = None
        self.last_wall: float | None = None

    async def start(self, fmt: Any) -> None:
        return None

    async def write(self, frame: bytes, t: float) -> None:
        w = self.window
        if w is None or not w[0] <= t < w[1]:
            return
        now = time.monotonic()
        if self.last_wall is not None:
            gap = now - self.last_wall
            if gap > self.max_gap_s:
                self.max_gap_s, self.max_gap_at_s = gap, t
            self.gaps_over_100ms += gap > 0.1
        else:
            self.first_wall = now
        self.last_wall = now
        self.frames += 1
        self.max_lag_s = max(self.max_lag_s, self.clock.now() - t)

    async def close(self) -> None:
        return None

    def stats(self) -> dict[str, Any]:
        return {
            "window_s": list(self.window) if self.window else None, "frames": self.frames,
            "wall_s": round((self.last_wall or 0.0) - (self.first_wall or 0.0), 3),
            "max_frame_gap_ms": round(self.max_gap_s * 1000, 1), "max_gap_at_s": self.max_gap_at_s,
            "gaps_over_100ms": self.gaps_over_100ms, "max_lag_s": round(self.max_lag_s, 3),
        }  # fmt: skip


class DiskReading:
    """The free-disk reading of the show's metrics, low while `low_until` is ahead."""

    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self.low_until = -1.0

    def __call__(self, path: Any) -> Any:
        real = shutil.disk_usage(path)
        if self.clock.now() < self.low_until:
            free = int(SIMULATED_FREE_MB * 2**20)
            return _Usage(real.total, real.total - free, free)
        return real


class Faults:
    def __init__(self, plan: Plan, show: Any, llm: LLMGate, gates: list[TTSGate], pusher: Pusher, timer: FrameTimer,
                 disk: DiskReading, log_path: Path) -> None:  # fmt: skip
        self.plan, self.show, self.llm, self.gates, self.pusher = plan, show, llm, gates, pusher
        self.timer, self.disk, self.log_path = timer, disk, log_path
        self.clock: Clock = show.clock

    def _note(self, fault: Fault, at: float, until: float | None, **detail: Any) -> None:
        row = {"fault": fault.kind, "at_s": round(at, 3), "until_s": None if until is None else round(until, 3), **detail}
        with self.log_path.open("a", encoding="utf-8") as f:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")

    async def run(self, start_s: float) -> None:
        """Each fault at its planned time (on its own: a long one never delays the next)."""
        async with asyncio.TaskGroup() as tg:
            for fault in self.plan.faults:
                if fault.kind != "kill9" and fault.at_s >= start_s:  # the parent's, or done before a resume
                    tg.create_task(self._at(fault), name=f"fault-{fault.kind}")

    async def _at(self, fault: Fault) -> None:
        await self.clock.sleep_until(fault.at_s)
        await getattr(self, fault.kind)(fault)

    async def chat_drop(self, f: Fault) -> None:
        at = self.clock.now()
        self.pusher.drop(f.duration_s)
        self._note(f, at, at + f.duration_s)

    async def llm_hang(self, f: Fault) -> None:
        at = self.clock.now()
        self.llm.hang_until = at + f.duration_s
        await self.clock.sleep_until(self.llm.hang_until)
        self._note(f, at, self.llm.hang_until, requests_hung=self.llm.hung)

    async def tts_down(self, f: Fault) -> None:
        at = self.clock.now()
        for g in self.gates:
            g.down_until = at + f.duration_s
        await self.clock.sleep_until(at + f.duration_s)
        self._note(f, at, at + f.duration_s, engines=[g.name for g in self.gates], sentences_failed=sum(g.failed for g in self.gates))

    async def ffmpeg_kill(self, f: Fault) -> None:
        from vhost.sinks.ffmpeg import FfmpegSink

        sink = next((s for s in self.show.stage.audio_sinks if isinstance(s, FfmpegSink)), None)
        pid = sink.stats()["pid"] if sink is not None else None
        at = self.clock.now()
        if sink is None or pid is None:
            self._note(f, at, None, error="no running ffmpeg sink")
            return
        before = sink.restarts
        os.kill(pid, signal.SIGKILL)
        until = None
        deadline = at + 120.0
        while self.clock.now() < deadline:
            await self.clock.sleep(0.1)
            st = sink.stats()
            if sink.restarts > before and st["running"] and st["pid"] != pid:
                until = self.clock.now()
                break
        self._note(f, at, until, pid=pid, new_pid=sink.stats()["pid"], restarts=sink.restarts)

    async def persona_broken(self, f: Fault) -> None:
        path = self.plan.persona
        good = path.read_text(encoding="utf-8")
        marker = "  catchphrases:\n"
        if marker not in good:
            raise RuntimeError(f"{path}: no catchphrases to break")
        broken = good.replace(marker, f"{marker}    - {{text: {BROKEN_CATCHPHRASE}, every: 2}}\n", 1)
        reloads = self.show.reloads
        at = self.clock.now()
        path.write_text(broken, encoding="utf-8")
        await self.clock.sleep_until(at + f.duration_s)
        kept = self.show.reloads == reloads and BROKEN_CATCHPHRASE not in str(self.show.persona.identity.catchphrases)
        path.write_text(good, encoding="utf-8")
        self._note(f, at, self.clock.now(), last_good_kept=kept, errors=len(self.show.persona_errors))

    async def disk_low(self, f: Fault) -> None:
        at = self.clock.now()
        self.disk.low_until = at + f.duration_s
        await self.clock.sleep_until(self.disk.low_until)
        self._note(f, at, self.disk.low_until, simulated=True, free_mb=SIMULATED_FREE_MB)

    async def burst(self, f: Fault) -> None:
        """The raid is in the pusher's stream at f.at_s; the frame timer's window covers it and 30 s after."""
        at = self.clock.now()
        end = f.at_s + f.duration_s + 30.0
        await self.clock.sleep_until(end)
        self._note(f, at, f.at_s + f.duration_s, events=self.plan.burst_events, pushed_by_s=self.pusher.burst_sent_s,
                   frames=self.timer.stats())  # fmt: skip
