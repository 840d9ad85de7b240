"""The anchor's microphone as an input: chunks of mono s16 PCM stamped with program time.

    wav:FILE[?at=S]            a recording played on the program clock from program time S (tests, replays)
    pcm-ws:PORT[?rate=16000]   raw s16le mono frames sent as binary WebSocket messages to 127.0.0.1:PORT
    alsa:DEVICE | pulse:DEVICE a capture device read through ffmpeg (alsa:hw:1,0, pulse:default)
    lavfi:GRAPH                an ffmpeg test source, paced in real time (lavfi:sine=frequency=300)
    console:                   the operator console page's microphone (over the control API's WebSocket)

Every source but wav: is live: it arrives in real time and cannot run under --fast.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import shutil
import wave
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import parse_qsl

import numpy as np

from vhost.clock import Clock, within
from vhost.errors import ConfigError, MissingTool

log = logging.getLogger(__name__)
CHUNK_S = 0.02
DEVICE_RATE = 48000
QUEUE_CHUNKS = 250  # about 5 s of 20 ms chunks; older audio is dropped when the reader falls behind


@dataclass(frozen=True, slots=True)
class Chunk:
    t: float  # program time of the first sample
    pcm: np.ndarray  # int16 mono
    rate: int

    @property
    def duration_s(self) -> float:
        return len(self.pcm) / self.rate


class AnchorSource(Protocol):
    name: str
    live: bool

    def chunks(self) -> AsyncIterator[Chunk]: ...

    def stats(self) -> dict[str, Any]: ...

    async def aclose(self) -> None: ...


def _mono16(data: bytes, channels: int) -> np.ndarray:
    pcm = np.frombuffer(data, "<i2")
    if channels > 1:
        pcm = pcm[: len(pcm) // channels * channels].reshape(-1, channels).mean(axis=1).astype(np.int16)
    return pcm


class WavSource:
    """A 16-bit PCM WAV file, chunk by chunk as the program clock reaches each chunk's end."""

    live = False

    def __init__(self, path: Path, clock: Clock, at: float = 0.0) -> None:
        self.path, self.clock, self.at = path, clock, at
        self.name = f"wav:{path}"
        try:
            with wave.open(str(path), "rb") as w:
                if w.getsampwidth() != 2:
                    raise ConfigError(f"{path}: {8 * w.getsampwidth()}-bit samples; the anchor WAV must be 16-bit PCM", fix="convert it: ffmpeg -i IN -ac 1 -c:a pcm_s16le OUT.wav")
                self.rate = w.getframerate()
                self.pcm = _mono16(w.readframes(w.getnframes()), w.getnchannels())
        except (OSError, EOFError, wave.Error) as e:
            raise ConfigError(f"{path}: not a readable WAV file ({e})", fix="--anchor-audio wav:FILE needs a 16-bit PCM WAV") from None
        self.sent_s = 0.0

    async def chunks(self) -> AsyncIterator[Chunk]:
        n = max(1, int(self.rate * CHUNK_S))
        for i in range(0, len(self.pcm), n):
            t = self.at + i / self.rate
            pcm = self.pcm[i : i + n]
            await self.clock.sleep_until(t + len(pcm) / self.rate)
            self.sent_s += len(pcm) / self.rate
            yield Chunk(t, pcm, self.rate)

    def stats(self) -> dict[str, Any]:
        return {"audio_s": round(self.sent_s, 2)}

    async def aclose(self) -> None:
        return None


class PushSource:
    """Audio handed in by someone else (a WebSocket peer), stamped on arrival: the chunk ends now."""

    live = True

    def __init__(self, name: str, clock: Clock, rate: int = 16000) -> None:
        self.name, self.clock, self.rate = name, clock, rate
        self._queue: asyncio.Queue[Chunk] = asyncio.Queue(maxsize=QUEUE_CHUNKS)
        self._odd: dict[int, bytes] = {}
        self.received_s = 0.0
        self.dropped = 0
        self.peers = 0

    def feed(self, data: bytes, rate: int | None = None, peer: int = 0) -> None:
        """Raw s16le mono bytes; an odd trailing byte waits for the next message of that peer."""
        rate = rate or self.rate
        data = self._odd.pop(peer, b"") + data
        if len(data) % 2:
            self._odd[peer], data = data[-1:], data[:-1]
        if not data:
            return
        pcm = np.frombuffer(data, "<i2").copy()
        chunk = Chunk(self.clock.now() - len(pcm) / rate, pcm, rate)
        self.received_s += chunk.duration_s
        if self._queue.full():  # the reader fell behind: the oldest audio goes
            self._queue.get_nowait()
            self.dropped += 1
        self._queue.put_nowait(chunk)

    async def chunks(self) -> AsyncIterator[Chunk]:
        while True:
            yield await self._queue.get()

    def stats(self) -> dict[str, Any]:
        return {"audio_s": round(self.received_s, 2), "dropped_chunks": self.dropped, "peers": self.peers}

    async def aclose(self) -> None:
        return None


class PcmWebSocketSource(PushSource):
    """A WebSocket server on host:port; every binary message is s16le mono at `rate`."""

    def __init__(self, port: int, clock: Clock, rate: int = 16000, host: str = "127.0.0.1") -> None:
        super().__init__(f"pcm-ws:{host}:{port}", clock, rate)
        self.host, self.port = host, port
        self.ready = asyncio.Event()
        self._server: Any = None

    async def _handler(self, ws: Any) -> None:
        self.peers += 1
        peer = id(ws)
        try:
            async for msg in ws:
                if isinstance(msg, bytes):
                    self.feed(msg, peer=peer)
        finally:
            self.peers -= 1
            self._odd.pop(peer, None)

    async def chunks(self) -> AsyncIterator[Chunk]:
        from websockets.asyncio.server import serve

        try:
            self._server = await serve(self._handler, self.host, self.port, max_size=1 << 20)
        except OSError as e:
            raise ConfigError(f"--anchor-audio pcm-ws:{self.port}: cannot listen on {self.host}:{self.port} ({e.strerror})", fix="pick another port") from None
        self.port = self._server.sockets[0].getsockname()[1]
        self.ready.set()
        async for chunk in super().chunks():
            yield chunk

    async def aclose(self) -> None:
        if self._server is not None:
            self._server.close()
            with contextlib.suppress(Exception):
                await self._server.wait_closed()


class FfmpegSource:
    """A capture device (or test graph) through ffmpeg at 48 kHz mono s16; restarted with
    backoff when ffmpeg exits, so an unplugged microphone comes back by itself."""

    live = True

    def __init__(self, fmt: str, device: str, clock: Clock) -> None:
        if shutil.which("ffmpeg") is None:
            raise MissingTool("ffmpeg is not installed (needed for --anchor-audio " + fmt + ":)", fix="run: sudo apt-get install ffmpeg")
        self.fmt, self.device, self.clock = fmt, device, clock
        self.name = f"{fmt}:{device}"
        self.rate = DEVICE_RATE
        self.received_s = 0.0
        self.restarts = 0
        self.error: str | None = None
        self._proc: asyncio.subprocess.Process | None = None

    def command(self) -> list[str]:
        pace = ["-re"] if self.fmt == "lavfi" else []
        return ["ffmpeg", "-hide_banner", "-loglevel", "error", "-nostdin", *pace, "-f", self.fmt, "-i", self.device,
                "-ac", "1", "-ar", str(self.rate), "-f", "s16le", "pipe:1"]  # fmt: skip

    async def chunks(self) -> AsyncIterator[Chunk]:
        n = int(self.rate * CHUNK_S) * 2
        backoff = 1.0
        while True:
            self._proc = await asyncio.create_subprocess_exec(
                *self.command(), stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE
            )
            assert self._proc.stdout is not None
            try:
                while True:
                    data = await self._proc.stdout.readexactly(n)
                    backoff = 1.0
                    pcm = np.frombuffer(data, "<i2").copy()
                    self.received_s += len(pcm) / self.rate
                    yield Chunk(self.clock.now() - len(pcm) / self.rate, pcm, self.rate)
            except asyncio.IncompleteReadError:
                err = (await self._proc.stderr.read()).decode(errors="replace").strip() if self._proc.stderr else ""
                self.error = err.splitlines()[-1] if err else f"ffmpeg exited ({self._proc.returncode})"
                log.warning("anchor audio %s stopped: %s; again in %.0f s", self.name, self.error, backoff)
            finally:
                await self._stop()
            self.restarts += 1
            await asyncio.sleep(backoff)
            backoff = min(backoff * 2, 10.0)

    async def _stop(self) -> None:
        proc, self._proc = self._proc, None
        if proc is not None and proc.returncode is None:
            proc.terminate()
            try:
                await within(proc.wait(), 5)
            except TimeoutError:
                proc.kill()
                await proc.wait()

    def stats(self) -> dict[str, Any]:
        return {"audio_s": round(self.received_s, 2), "restarts": self.restarts, "error": self.error}

    async def aclose(self) -> None:
        await self._stop()


def split(spec: str) -> tuple[str, str, dict[str, str]]:
    scheme, _, rest = spec.partition(":")
    target, _, query = rest.partition("?")
    return scheme, target, dict(parse_qsl(query))


def _number(spec: str, key: str, value: str) -> float:
    try:
        return float(value)
    except ValueError:
        raise ConfigError(f"--anchor-audio {spec}: {key}={value!r} is not a number") from None


def from_spec(spec: str, clock: Clock) -> AnchorSource:
    scheme, target, params = split(spec)
    if scheme == "wav":
        path = Path(target)
        if not path.is_file():
            raise ConfigError(f"--anchor-audio {spec}: {path} does not exist", fix="give a 16-bit PCM WAV file")
        return WavSource(path, clock, at=_number(spec, "at", params.get("at", "0")))
    if scheme == "pcm-ws":
        port = int(_number(spec, "port", target or "0"))
        if not 0 <= port <= 65535:
            raise ConfigError(f"--anchor-audio {spec}: port {port} is out of range")
        return PcmWebSocketSource(port, clock, rate=int(_number(spec, "rate", params.get("rate", "16000"))), host=params.get("host", "127.0.0.1"))
    if scheme in ("alsa", "pulse", "lavfi"):
        if not target:
            raise ConfigError(f"--anchor-audio {spec}: no device", fix=f"e.g. {scheme}:{'hw:1,0' if scheme == 'alsa' else 'default'}")
        return FfmpegSource(scheme, target, clock)
    if scheme == "console":
        return PushSource("console", clock, rate=int(_number(spec, "rate", params.get("rate", "48000"))))
    raise ConfigError(f"--anchor-audio {spec}: unknown kind '{scheme}'", fix="use wav:FILE, pcm-ws:PORT, alsa:DEVICE, pulse:DEVICE or console:")
