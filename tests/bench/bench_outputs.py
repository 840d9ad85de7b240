"""Program outputs: what they cost per 20 ms frame.

- encoder: seconds of program the ffmpeg sink encodes per wall second in fast mode
  (colour video track, AAC 128k); real-time streaming needs > 1 with room for the rest
  of the show on the same cores. Full run: 1280x720 at 30 fps; quick: 320x180.
- fan-out: µs for one `publish` of a PCM frame to 8 connected clients (bounded queues).
- VMC: µs to build and send one blendshape bundle (mouth at 50 Hz).
"""

from __future__ import annotations

import asyncio
import socket
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

from vhost.avatar.vmc import VmcOutput
from vhost.events import Cue
from vhost.net.broadcast import Broadcast
from vhost.sinks.base import AudioFormat
from vhost.sinks.ffmpeg import file_from_spec

FMT = AudioFormat()


def _frames(n: int) -> list[bytes]:
    t = np.arange(n * FMT.frame_samples) / FMT.sample_rate
    x = (6000 * np.sin(2 * np.pi * 220 * t) * (np.sin(2 * np.pi * 2 * t) > 0)).astype("<i2").tobytes()
    return [x[i * FMT.frame_bytes : (i + 1) * FMT.frame_bytes] for i in range(n)]


async def _encoder(seconds: float, size: str) -> float:
    frames = _frames(int(seconds * 50))
    with tempfile.TemporaryDirectory() as tmp:
        sink = file_from_spec("bench.flv", {"size": size, "fps": "30"}, {"out_dir": Path(tmp), "fast": True})
        t0 = time.perf_counter()
        await sink.start(FMT)
        for i, f in enumerate(frames):
            await sink.write(f, i * 0.02)
        await sink.close()
        return seconds / (time.perf_counter() - t0)


async def _fanout(n_frames: int, clients: int = 8) -> float:
    bc = Broadcast(maxsize=50)

    async def sink(_: str | bytes) -> None:
        return None

    tasks = [asyncio.create_task(bc.attach(sink)) for _ in range(clients)]
    await asyncio.sleep(0)
    frame = bytes(FMT.frame_bytes)
    t0 = time.perf_counter()
    for _ in range(n_frames):
        await bc.publish(frame)
        await asyncio.sleep(0)  # let the senders run, as the stage's frame loop does
    dt = time.perf_counter() - t0
    for t in tasks:
        t.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    return dt / n_frames * 1e6


async def _vmc(n: int) -> float:
    rx = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    rx.bind(("127.0.0.1", 0))
    out = VmcOutput("127.0.0.1", rx.getsockname()[1])
    await out.start()
    t0 = time.perf_counter()
    for i in range(n):
        await out.send(Cue(i * 0.02, "mouth", value=(i % 10) / 9))
    dt = time.perf_counter() - t0
    await out.close()
    rx.close()
    return dt / n * 1e6


def run(quick: bool = False) -> dict[str, Any]:
    seconds, size = (3.0, "320x180") if quick else (20.0, "1280x720")
    speed = asyncio.run(_encoder(seconds, size))
    fan = asyncio.run(_fanout(500 if quick else 5000))
    vmc = asyncio.run(_vmc(500 if quick else 5000))
    return {
        "encoder_x_realtime": round(speed, 2),
        "encoder_size": size,
        "fanout_us_per_frame_8_clients": round(fan, 1),
        "vmc_us_per_bundle": round(vmc, 1),
        "rows": [
            [f"encoder speed, {size} 30 fps + AAC (x real time)", round(speed, 2), ">= 2"],
            ["pcm fan-out to 8 clients (µs per 20 ms frame)", round(fan, 1), "<= 2000"],
            ["VMC bundle build+send (µs)", round(vmc, 1), "<= 1000"],
        ],
    }


if __name__ == "__main__":
    import json

    print(json.dumps(run(quick=False), indent=2))
