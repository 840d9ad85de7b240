"""A/V sync and program-clock drift.

- offset: every speech onset in the rendered program audio (found from the WAV's own
  envelope, independently of the stage) against the first open-mouth cue; plus the lag
  of the best cross-correlation between the mouth cue series and the audio envelope.
- drift: one hour of real-time-paced output on a virtual clock whose every wake-up is
  late by a random 0-8 ms (OS scheduling jitter): how far frame writes fall behind.
"""

from __future__ import annotations

import asyncio
import bisect
import random
import statistics
from types import SimpleNamespace
from typing import Any

import numpy as np

from vhost.clock import FastClock
from vhost.events import Cue
from vhost.stage.envelope import frame_rms_db
from vhost.stage.stage import Stage
from vhost.stage.utterance import Lineup, Piece, Utterance


class Mem:
    name = "mem"

    def __init__(self, clock: Any = None) -> None:
        self.frames: list[bytes] = []
        self.cues: list[Cue] = []
        self.clock = clock
        self.lateness: list[float] = []

    async def start(self, *a: Any) -> None: ...

    async def write(self, frame: bytes, t: float) -> None:
        if self.clock is not None:
            self.lateness.append(self.clock.now() - t)
        else:
            self.frames.append(frame)

    async def send(self, cue: Cue) -> None:
        self.cues.append(cue)

    async def close(self) -> None: ...


def speech_like(seconds: float, rng: random.Random) -> np.ndarray:
    """Syllable bursts (amplitude-modulated harmonics) with short inner pauses."""
    n = int(48000 * seconds)
    t = np.arange(n) / 48000
    f0 = rng.uniform(110, 220)
    x = sum(np.sin(2 * np.pi * f0 * k * t) / k for k in range(1, 6))
    env = np.clip(np.sin(2 * np.pi * rng.uniform(3, 5) * t), 0, None) ** 0.5
    return (x * env * 6000).astype(np.int16)


class JitterClock(FastClock):
    def __init__(self, rng: random.Random, max_late: float) -> None:
        super().__init__(wall=False)
        self.rng, self.max_late = rng, max_late

    async def sleep_until(self, t: float) -> None:
        await super().sleep_until(t + self.rng.uniform(0, self.max_late))


async def _offsets(n_utts: int, seed: int) -> dict[str, Any]:
    rng = random.Random(seed)
    lineup = Lineup(lookahead=10**6)
    total = 0.0
    for _ in range(n_utts):
        u = Utterance("script", SimpleNamespace(lang="zh"))
        for _ in range(rng.randint(1, 3)):
            secs = rng.uniform(0.6, 3.0)
            total += secs
            u.pieces.put_nowait(Piece(pcm=speech_like(secs, rng), text="x", lang="zh"))
        u.pieces.put_nowait(None)
        lineup.add(u)
    clock = FastClock(wall=False)
    mem = Mem()
    stage = Stage(clock, lineup, [mem], [mem])
    async with clock.running():
        await stage.run(total + 5)
    pcm = np.frombuffer(b"".join(mem.frames), np.int16)
    fs = 960
    env = np.array([frame_rms_db(pcm[i : i + fs]) for i in range(0, len(pcm), fs)])
    sound = env > -45.0
    onsets = [i * 0.02 for i in range(1, len(sound)) if sound[i] and not sound[i - 1]]
    mouth = [(c.t, c.value or 0.0) for c in mem.cues if c.type == "mouth"]
    open_t = [t for t, v in mouth if v > 0]
    offs = []
    for o in onsets:  # the open-mouth cue nearest to each onset heard in the audio
        i = bisect.bisect_left(open_t, o)
        near = [open_t[j] for j in (i - 1, i) if 0 <= j < len(open_t)]
        if near:
            offs.append((min(near, key=lambda t: abs(t - o)) - o) * 1000)
    series = np.zeros(len(env))
    for t, v in mouth:
        series[min(len(series) - 1, int(round(t / 0.02)))] = v
    lin = np.clip((env + 45) / 30, 0, 1)
    lags = range(-10, 11)
    corr = [float(np.dot(np.roll(series, k), lin)) for k in lags]
    best_lag_ms = list(lags)[int(np.argmax(corr))] * 20
    abs_offs = sorted(abs(x) for x in offs)
    p99 = abs_offs[min(len(abs_offs) - 1, int(0.99 * len(abs_offs)))] if abs_offs else float("nan")
    return {"onsets": len(onsets), "p99_abs_offset_ms": p99, "mean_offset_ms": statistics.fmean(offs) if offs else None, "xcorr_lag_ms": best_lag_ms}


async def _drift(seconds: float, seed: int) -> dict[str, Any]:
    rng = random.Random(seed)
    clock = JitterClock(rng, 0.008)
    lineup = Lineup(lookahead=10**6)
    mem = Mem(clock)
    stage = Stage(clock, lineup, [mem], [])
    async with clock.running():
        await stage.run(seconds)
    late = mem.lateness
    return {
        "frames": len(late),
        "max_lateness_ms": max(late) * 1000,
        "last_frame_lateness_ms": late[-1] * 1000 if late else None,
        "mean_lateness_ms": statistics.fmean(late) * 1000,
    }


def run(quick: bool = False) -> dict[str, Any]:
    off = asyncio.run(_offsets(8 if quick else 120, seed=3))
    dr = asyncio.run(_drift(30.0 if quick else 3600.0, seed=5))
    hours = "30 s" if quick else "1 h"
    return {
        "offset": off,
        "drift": dr,
        "rows": [
            ["mouth cue vs audio onset |offset| p99", f"{off['p99_abs_offset_ms']:.1f} ms over {off['onsets']} onsets", "≤ 20 ms"],
            ["mouth series vs envelope, best lag", f"{off['xcorr_lag_ms']} ms", "0 ms"],
            [f"program clock drift over {hours} (0-8 ms jittered wake-ups)", f"max {dr['max_lateness_ms']:.1f} ms behind", "±20 ms"],
        ],
    }
