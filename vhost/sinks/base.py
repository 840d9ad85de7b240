"""Program outputs. Audio sinks get every 20 ms frame of the program, in order;
cue sinks get every cue. Neither may block the stage: a slow sink drops or buffers
on its own side and reports it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from vhost.events import Cue


@dataclass(frozen=True, slots=True)
class AudioFormat:
    sample_rate: int = 48000
    channels: int = 1
    frame_ms: int = 20

    @property
    def frame_samples(self) -> int:
        return self.sample_rate * self.frame_ms // 1000

    @property
    def frame_bytes(self) -> int:
        return self.frame_samples * 2 * self.channels


class AudioSink(Protocol):
    name: str

    async def start(self, fmt: AudioFormat) -> None: ...

    async def write(self, frame: bytes, t: float) -> None:
        """One s16le frame of program audio starting at program time t."""
        ...

    async def close(self) -> None: ...


class CueSink(Protocol):
    name: str

    async def start(self) -> None: ...

    async def send(self, cue: Cue) -> None: ...

    async def close(self) -> None: ...
