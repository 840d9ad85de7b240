"""The program encoder: ffmpeg as a supervised subprocess pushing to RTMP, SRT, a file or null.

The stage must never wait on the network, so frames go through a bounded queue to a
writer task. In real time a stalled or restarting encoder loses the oldest frames (and
counts them); in fast (batch) mode `write` awaits instead, so a render is lossless.
A crashed ffmpeg is restarted with backoff and the show goes on; a file sink restarts
into out.1.flv, out.2.flv, ... so nothing already written is overwritten.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections import deque
from pathlib import Path
from typing import Any

from vhost.clock import within
from vhost.errors import require_tool
from vhost.sinks.base import AudioFormat
from vhost.sinks.ffmpeg_cmd import EncoderOptions, Output, build_command, make_output, parse_options, split_url_options

log = logging.getLogger(__name__)

_EOF = b""
STABLE_S = 10.0  # a process that ran this long resets the backoff


def find_ffmpeg() -> str:
    return require_tool("ffmpeg")


class FfmpegSink:
    """AudioSink feeding one ffmpeg process at a time."""

    def __init__(
        self,
        out: Output,
        opts: EncoderOptions | None = None,
        *,
        fast: bool = False,
        queue_frames: int = 50,
        backoff: tuple[float, float] = (0.5, 10.0),
        close_timeout: float = 20.0,
        clock: Any = None,
    ) -> None:
        """clock: the program clock (vhost.clock.Clock) of a fast render; waiting for the encoder
        is marked as work on it, so idle-skipping never runs the clock ahead of the audio."""
        self.out = out
        self.clock = clock
        self.opts = opts or EncoderOptions()
        self.fast = fast
        self.name = f"{out.kind}:{out.url}"
        self._q: asyncio.Queue[bytes] = asyncio.Queue(maxsize=max(2, queue_frames))
        self._backoff = backoff
        self._close_timeout = close_timeout
        self._fmt: AudioFormat | None = None
        self._ffmpeg = ""
        self._proc: asyncio.subprocess.Process | None = None
        self._task: asyncio.Task[None] | None = None
        self._closing = asyncio.Event()
        self._stderr: deque[str] = deque(maxlen=20)
        self.files: list[str] = []
        self.frames_in = 0
        self.frames_out = 0
        self.dropped = 0
        self.restarts = 0
        self.last_exit: int | None = None
        self._started_at = 0.0
        self._file_n = 0

    # -- AudioSink -------------------------------------------------------------------------

    async def start(self, fmt: AudioFormat) -> None:
        self._ffmpeg = find_ffmpeg()
        self._fmt = fmt
        if self.out.kind == "file":
            Path(self.out.url).parent.mkdir(parents=True, exist_ok=True)
        self._task = asyncio.create_task(self._supervise(), name=f"sink:{self.out.kind}")

    async def write(self, frame: bytes, t: float) -> None:
        self.frames_in += 1
        await self._enqueue(frame)

    async def close(self) -> None:
        if self._task is None or self._closing.is_set():
            return
        self._closing.set()
        try:
            await within(self._enqueue(_EOF), self._close_timeout)
            await within(asyncio.shield(self._task), self._close_timeout)
        except TimeoutError:
            log.warning("%s: ffmpeg did not finish within %.0f s; killed", self.name, self._close_timeout)
            self._kill()
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    def stats(self) -> dict[str, Any]:
        proc = self._proc
        running = proc is not None and proc.returncode is None
        return {
            "name": self.name,
            "running": running,
            "pid": proc.pid if running and proc is not None else None,
            "restarts": self.restarts,
            "frames_in": self.frames_in,
            "frames_out": self.frames_out,
            "dropped": self.dropped,
            "queued": self._q.qsize(),
            "seconds_out": round(self.frames_out * (self._fmt.frame_ms if self._fmt else 20) / 1000, 3),
            "last_exit": self.last_exit,
            "last_error": self._stderr[-1] if self._stderr else None,
            "files": list(self.files),
            "healthy": running and self._q.qsize() < self._q.maxsize,
        }

    # -- internals ---------------------------------------------------------------------------

    async def _enqueue(self, frame: bytes) -> None:
        if self.fast:
            if self._q.full() and self.clock is not None:
                with self.clock.busy():  # an encoder catching up (or restarting) is work, not idle time
                    await self._q.put(frame)
            else:
                await self._q.put(frame)
            return
        while self._q.full():
            old = self._q.get_nowait()
            if old is not _EOF:
                self.dropped += 1
        self._q.put_nowait(frame)

    def _kill(self) -> None:
        if self._proc is not None and self._proc.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                self._proc.kill()

    async def _supervise(self) -> None:
        """Run ffmpeg until close(); restart it on any exit. Backoff is wall time: it paces a real process."""
        delay = self._backoff[0]
        while True:
            began = time.monotonic()
            finished = await self._run_once()
            if finished or (self._closing.is_set() and self._only_eof_left()):
                return
            self.restarts += 1
            if time.monotonic() - began > STABLE_S:
                delay = self._backoff[0]
            level = logging.WARNING if self.restarts == 1 or self.restarts % 10 == 0 else logging.DEBUG
            log.log(
                level, "%s: ffmpeg exited (%s: %s); restart %d in %.1f s",
                self.name, self.last_exit, self._stderr[-1] if self._stderr else "no message", self.restarts, delay,
            )  # fmt: skip
            with contextlib.suppress(TimeoutError):
                await within(self._closing.wait(), delay)
            if self._closing.is_set() and self._only_eof_left():
                return
            delay = min(delay * 2, self._backoff[1])

    def _only_eof_left(self) -> bool:
        return all(f is _EOF for f in list(self._q._queue))  # type: ignore[attr-defined]

    async def _run_once(self) -> bool:
        """One process lifetime. True when it ended because the show closed."""
        assert self._fmt is not None
        out = self._next_output()
        if out.kind == "file":
            self.files.append(out.url)
        cmd = build_command(self._ffmpeg, self._fmt, self.opts, out)
        log.debug("%s: %s", self.name, " ".join(cmd))
        try:
            self._proc = proc = await asyncio.create_subprocess_exec(
                *cmd, stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE
            )
        except OSError as exc:  # e.g. out of processes: count it as a crash and back off
            self._stderr.append(f"cannot start ffmpeg: {exc}")
            self.last_exit = None
            return False
        self._started_at = time.monotonic()
        errs = asyncio.create_task(self._read_stderr(proc), name=f"{self.name}:stderr")
        pump = asyncio.create_task(self._pump(proc), name=f"{self.name}:pump")
        exited = asyncio.create_task(proc.wait(), name=f"{self.name}:wait")
        try:
            await asyncio.wait({pump, exited}, return_when=asyncio.FIRST_COMPLETED)
            finished = pump.done() and not pump.cancelled() and pump.exception() is None and pump.result()
            if finished:
                with contextlib.suppress(TimeoutError):
                    await within(asyncio.shield(exited), self._close_timeout)
            return bool(finished)
        finally:
            pump.cancel()
            if not exited.done():
                self._kill()
            with contextlib.suppress(Exception):
                await exited
            self.last_exit = proc.returncode
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await pump
            with contextlib.suppress(TimeoutError):
                await within(errs, 2.0)

    async def _pump(self, proc: asyncio.subprocess.Process) -> bool:
        """Queue -> stdin. True at the end-of-show marker (stdin closed), False if the pipe broke."""
        assert proc.stdin is not None
        while True:
            frame = await self._q.get()
            if frame is _EOF:
                proc.stdin.close()
                return True
            try:
                proc.stdin.write(frame)
                await proc.stdin.drain()
            except (BrokenPipeError, ConnectionResetError):
                self.dropped += 1
                return False
            self.frames_out += 1

    async def _read_stderr(self, proc: asyncio.subprocess.Process) -> None:
        assert proc.stderr is not None
        async for raw in proc.stderr:
            line = raw.decode("utf-8", "replace").strip()
            if line:
                self._stderr.append(line)
                log.debug("%s: ffmpeg: %s", self.name, line)

    def _next_output(self) -> Output:
        """First run writes out.flv; each restart (or a resumed show) the next free out.N.flv,
        never overwriting."""
        if self.out.kind != "file" or (not self.files and not Path(self.out.url).exists()):
            return self.out
        n = self._file_n + 1
        while Path(self.out.numbered(n).url).exists():
            n += 1
        self._file_n = n
        return self.out.numbered(n)


def _build(scheme: str, target: str, params: dict[str, str], ctx: dict[str, Any]) -> FfmpegSink:
    find_ffmpeg()
    out_dir = ctx.get("out_dir")
    out = make_output(scheme, target, Path(out_dir) if out_dir else None)
    queue = int(params.get("queue", "50"))
    return FfmpegSink(out, parse_options(params), fast=bool(ctx.get("fast")), queue_frames=queue, clock=ctx.get("clock"))


def from_spec(target: str, params: dict[str, str], ctx: dict[str, Any]) -> FfmpegSink:
    """`rtmp://h/app/key?size=1280x720&video=color:navy`, `rtmps://...`, `srt://h:p?streamid=..`."""
    scheme = target.split("://", 1)[0].lower()
    url, mine = split_url_options(target)
    return _build(scheme, url, {**params, **mine}, ctx)


def file_from_spec(target: str, params: dict[str, str], ctx: dict[str, Any]) -> FfmpegSink:
    """`file:out.flv` (or .mp4/.mkv/.ts), relative to the run's out_dir."""
    return _build("file", target, params, ctx)


def null_from_spec(target: str, params: dict[str, str], ctx: dict[str, Any]) -> FfmpegSink:
    """`null:` encodes and throws the result away: a load test of the encoder."""
    return _build("null", "", params, ctx)
