"""The WAV recorder: every program frame, in order, and a header that is always nearly right.

Frames go straight to the OS (no user-space buffer), so a kill -9 loses nothing the stage
had written. The header's sizes are patched every `header_every_s` of audio and on close:
after a crash the file plays up to the last patch everywhere and `repair_wav` (run on
resume, or whenever a WavSink opens an existing file to append) makes it exact.
"""

from __future__ import annotations

import os
import struct
from pathlib import Path
from typing import Any

from vhost.errors import ConfigError
from vhost.sinks.base import AudioFormat

HEADER = 44  # RIFF + fmt (16) + data chunk header: what this sink writes
MAX_DATA = 0xFFFFFFFF - 36  # the RIFF size field is 32-bit: about 12.4 h of 48 kHz mono s16


def _header(fmt: AudioFormat, data_bytes: int) -> bytes:
    block = 2 * fmt.channels
    return (
        b"RIFF" + struct.pack("<I", min(36 + data_bytes, 0xFFFFFFFF)) + b"WAVE"
        + b"fmt " + struct.pack("<IHHIIHH", 16, 1, fmt.channels, fmt.sample_rate, fmt.sample_rate * block, block, 16)
        + b"data" + struct.pack("<I", min(data_bytes, 0xFFFFFFFF))
    )  # fmt: skip


def _data_chunk(path: Path, head: bytes) -> tuple[int, int, int]:
    """(offset of the data bytes, channels, sample rate) of a PCM s16 WAV header."""
    if len(head) < 12 or head[:4] != b"RIFF" or head[8:12] != b"WAVE":
        raise ConfigError(f"{path}: not a WAV file (cannot append to it)")
    pos, channels, rate = 12, 0, 0
    while pos + 8 <= len(head):
        cid, size = head[pos : pos + 4], struct.unpack_from("<I", head, pos + 4)[0]
        if cid == b"fmt ":
            tag, channels, rate = struct.unpack_from("<HHI", head, pos + 8)
            bits = struct.unpack_from("<H", head, pos + 22)[0]
            if tag != 1 or bits != 16:
                raise ConfigError(f"{path}: not 16-bit PCM (format {tag}, {bits} bits)")
        elif cid == b"data":
            if not channels:
                break
            return pos + 8, channels, rate
        pos += 8 + size + (size & 1)
    raise ConfigError(f"{path}: WAV header has no fmt/data chunk (cannot append to it)")


def repair_wav(path: str | Path, frame_bytes: int | None = None) -> int:
    """Make the header match the audio on disk, dropping a torn last sample (or frame when
    `frame_bytes` is given). Returns the number of sample frames (samples per channel)."""
    p = Path(path)
    with p.open("r+b") as f:
        head = f.read(4096)
        off, channels, _rate = _data_chunk(p, head)
        size = os.fstat(f.fileno()).st_size
        unit = frame_bytes or 2 * channels
        data = max(0, size - off) // unit * unit
        data = min(data, MAX_DATA // unit * unit)
        if off + data != size:
            f.truncate(off + data)
        f.seek(4)
        f.write(struct.pack("<I", off - 8 + data))
        f.seek(off - 4)
        f.write(struct.pack("<I", data))
    return data // (2 * channels)


def last_sound_s(path: str | Path, within_s: float = 60.0, floor: int = 33) -> float | None:
    """Program time at the end of the last 20 ms frame with a sample at or above `floor`
    (33: -60 dBFS) among the last `within_s` seconds of audio; None when they are all silent."""
    import numpy as np

    p = Path(path)
    with p.open("rb") as f:
        off, channels, rate = _data_chunk(p, f.read(4096))
        block = 2 * channels
        total = max(0, os.fstat(f.fileno()).st_size - off) // block
        frame = max(1, rate // 50)
        first = max(0, total - int(within_s * rate)) // frame * frame
        f.seek(off + first * block)
        pcm = np.frombuffer(f.read((total - first) * block), np.int16)
    whole = len(pcm) // (frame * channels) * frame * channels
    if not whole:
        return None
    loud = np.flatnonzero(np.abs(pcm[:whole].reshape(-1, frame * channels).astype(np.int32)).max(axis=1) >= floor)
    if len(loud) == 0:
        return None
    return (first + (int(loud[-1]) + 1) * frame) / rate


def wav_frames(path: str | Path) -> int:
    """Sample frames of audio actually on disk (whatever the header says)."""
    p = Path(path)
    with p.open("rb") as f:
        off, channels, _ = _data_chunk(p, f.read(4096))
        return max(0, os.fstat(f.fileno()).st_size - off) // (2 * channels)


class WavSink:
    def __init__(self, path: str | Path, *, append: bool = False, header_every_s: float = 1.0) -> None:
        self.path = Path(path)
        self.name = f"wav:{self.path}"
        self.append = append
        self.header_every_s = header_every_s
        self._fd: int | None = None
        self._fmt = AudioFormat()
        self._data_off = HEADER
        self._data = 0  # bytes of audio in the file
        self._patched = 0
        self._patch_every = 0
        self.frames = 0  # frames written by this sink in this run
        self.samples = 0
        self.full = False  # the 32-bit size limit was reached: further audio is not recorded

    async def start(self, fmt: AudioFormat) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._fmt = fmt
        self._patch_every = max(1, int(self.header_every_s * fmt.sample_rate)) * 2 * fmt.channels
        if self.append and self.path.exists() and self.path.stat().st_size > 0:
            repair_wav(self.path, fmt.frame_bytes)
            fd = os.open(self.path, os.O_RDWR)
            self._data_off, channels, rate = _data_chunk(self.path, os.pread(fd, 4096, 0))
            if (channels, rate) != (fmt.channels, fmt.sample_rate):
                os.close(fd)
                raise ConfigError(f"{self.path}: {rate} Hz × {channels} channels, the program is {fmt.sample_rate} × {fmt.channels}")
            self._data = os.fstat(fd).st_size - self._data_off
            os.lseek(fd, 0, os.SEEK_END)
        else:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_TRUNC, 0o644)
            os.write(fd, _header(fmt, 0))
            self._data_off, self._data = HEADER, 0
        self._fd = fd
        self._patched = self._data

    async def write(self, frame: bytes, t: float) -> None:
        assert self._fd is not None, "start() first"
        if self._data + len(frame) > MAX_DATA:
            self.full = True
            return
        os.write(self._fd, frame)
        self._data += len(frame)
        self.frames += 1
        self.samples += len(frame) // 2
        if self._data - self._patched >= self._patch_every:
            self._patch()

    def flush(self) -> None:
        """Patch the header now (frames themselves are already with the OS)."""
        if self._fd is not None:
            self._patch()

    def _patch(self) -> None:
        assert self._fd is not None
        os.pwrite(self._fd, struct.pack("<I", self._data_off - 8 + self._data), 4)
        os.pwrite(self._fd, struct.pack("<I", self._data), self._data_off - 4)
        self._patched = self._data

    @property
    def seconds(self) -> float:
        return self._data / (2 * self._fmt.channels * self._fmt.sample_rate)

    async def close(self) -> None:
        if self._fd is not None:
            self._patch()
            os.close(self._fd)
            self._fd = None


def from_spec(target: str, params: dict[str, str], ctx: dict[str, Any]) -> WavSink:
    path = Path(target or "program-copy.wav")
    if not path.is_absolute() and "out_dir" in ctx:
        path = Path(ctx["out_dir"]) / path
    return WavSink(path, append=bool(ctx.get("resume")))
