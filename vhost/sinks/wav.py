"""The WAV recorder: every program frame, in order, header fixed up on close."""

from __future__ import annotations

import wave
from pathlib import Path
from typing import Any

from vhost.sinks.base import AudioFormat


class WavSink:
    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.name = f"wav:{self.path}"
        self._w: wave.Wave_write | None = None
        self.frames = 0
        self.samples = 0

    async def start(self, fmt: AudioFormat) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        w = wave.open(str(self.path), "wb")  # noqa: SIM115 - held open for the whole show, closed in close()
        w.setnchannels(fmt.channels)
        w.setsampwidth(2)
        w.setframerate(fmt.sample_rate)
        self._w = w

    async def write(self, frame: bytes, t: float) -> None:
        assert self._w is not None, "start() first"
        self._w.writeframesraw(frame)  # header sizes are patched once, on close
        self.frames += 1
        self.samples += len(frame) // 2

    async def close(self) -> None:
        if self._w is not None:
            self._w.close()
            self._w = None


def from_spec(target: str, params: dict[str, str], ctx: dict[str, Any]) -> WavSink:
    path = Path(target or "program-copy.wav")
    if not path.is_absolute() and "out_dir" in ctx:
        path = Path(ctx["out_dir"]) / path
    return WavSink(path)
