"""OBS as an audio sink, through obs-websocket v5 and a Media Source.

The simple, documented way: the program is cut into utterances at silences (`gap_ms`),
each is written to a WAV file, and the Media Source named `input` is pointed at it
(SetInputSettings local_file) and restarted (TriggerMediaInputAction RESTART). The next
utterance waits for MediaInputPlaybackEnded, so lines never cut each other off. The cost
is latency: OBS hears a line once it has been fully spoken on the program clock. For
continuous low-latency audio use pcm-ws or an rtmp/srt sink with an OBS Media Source URL.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import wave
from collections import deque
from pathlib import Path
from typing import Any

import numpy as np
from websockets.exceptions import InvalidHandshake, InvalidURI

from vhost.clock import within
from vhost.errors import ConfigError
from vhost.net.ws_rpc import Json
from vhost.secrets import secret
from vhost.sinks.base import AudioFormat
from vhost.sinks.obs_client import ObsAuthError, ObsClient, ObsError, ObsRequestError

log = logging.getLogger(__name__)

RESTART = "OBS_WEBSOCKET_MEDIA_INPUT_ACTION_RESTART"
RETRYABLE = (OSError, TimeoutError, ConnectionError, InvalidHandshake, ObsError)


class ObsSink:
    def __init__(
        self,
        url: str = "ws://127.0.0.1:4455",
        password: str = "",
        input_name: str = "vhost",
        out_dir: Path = Path("."),
        *,
        gap_ms: int = 300,
        threshold: int = 64,
        keep: int = 64,
        max_utterance_s: float = 30.0,
        backoff: tuple[float, float] = (1.0, 30.0),
        mute_on_close: bool = True,
    ) -> None:
        self.url = url
        self.input = input_name
        self.name = f"obs:{url}#{input_name}"
        self.dir = Path(out_dir)
        self.gap_ms = gap_ms
        self.threshold = threshold
        self.keep = keep
        self.max_utterance_s = max_utterance_s
        self.backoff = backoff
        self.mute_on_close = mute_on_close
        self._password = password
        self.status = "idle"  # idle | connecting | connected | offline | auth-failed | closed
        self._fmt = AudioFormat()
        self._buf = bytearray()
        self._silent = 0  # silent frames since the last voiced one
        self._pending: deque[bytes] = deque(maxlen=8)
        self._ready = asyncio.Event()
        self._ended = asyncio.Event()
        self._idle = asyncio.Event()
        self._idle.set()
        self._client: ObsClient | None = None
        self._task: asyncio.Task[None] | None = None
        self._files: deque[Path] = deque()
        self._n = 0
        self._warned: set[str] = set()
        self.utterances = 0
        self.played = 0
        self.dropped = 0
        self.connections = 0

    # -- AudioSink ---------------------------------------------------------------------------

    async def start(self, fmt: AudioFormat) -> None:
        self._fmt = fmt
        self.dir.mkdir(parents=True, exist_ok=True)
        self._task = asyncio.create_task(self._supervise(), name="sink:obs")

    async def write(self, frame: bytes, t: float) -> None:
        if _peak(frame) > self.threshold:
            self._buf += frame
            self._silent = 0
        elif self._buf:
            self._buf += frame  # pauses inside a line stay in it
            self._silent += 1
            if self._silent * self._fmt.frame_ms >= self.gap_ms:
                self._cut()
        if len(self._buf) >= self.max_utterance_s * self._fmt.sample_rate * 2 * self._fmt.channels:
            self._cut()

    async def close(self) -> None:
        if self._buf:
            self._cut()
        if self._task is not None:
            if self._client is not None and self.status == "connected":
                with contextlib.suppress(TimeoutError):
                    await within(self._idle.wait(), 10.0)  # let queued lines reach OBS
                if self.mute_on_close:
                    with contextlib.suppress(*RETRYABLE):
                        await self._client.request("SetInputMute", {"inputName": self.input, "inputMuted": True})
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        if self.status != "auth-failed":
            self.status = "closed"

    def stats(self) -> dict[str, Any]:
        return {
            "name": self.name, "status": self.status, "utterances": self.utterances, "played": self.played,
            "dropped": self.dropped, "pending": len(self._pending), "connections": self.connections,
        }  # fmt: skip

    # -- utterances ----------------------------------------------------------------------------

    def _cut(self) -> None:
        voiced = len(self._buf) - self._silent * self._fmt.frame_bytes
        tail = min(self._silent, 5) * self._fmt.frame_bytes  # keep 100 ms of natural decay
        pcm = bytes(self._buf[: voiced + tail])
        self._buf.clear()
        self._silent = 0
        if len(self._pending) == self._pending.maxlen:
            self.dropped += 1
        self._pending.append(pcm)
        self.utterances += 1
        self._idle.clear()
        self._ready.set()

    def _write_wav(self, pcm: bytes) -> Path:
        self._n += 1
        path = (self.dir / f"utt_{self._n:04d}.wav").resolve()
        with wave.open(str(path), "wb") as w:
            w.setnchannels(self._fmt.channels)
            w.setsampwidth(2)
            w.setframerate(self._fmt.sample_rate)
            w.writeframes(pcm)
        self._files.append(path)
        while len(self._files) > self.keep:  # bounded on disk too
            with contextlib.suppress(OSError):
                self._files.popleft().unlink()
        return path

    # -- connection ------------------------------------------------------------------------------

    async def _supervise(self) -> None:
        delay = self.backoff[0]
        while True:
            client = ObsClient(self.url, self._password, on_event=self._on_event)
            self.status = "connecting"
            try:
                self.connections += 1
                await client.connect()
                self._client, self.status, delay = client, "connected", self.backoff[0]
                self._warned.discard("offline")
                await self._prepare(client)
                await self._play_until_closed(client)
            except ObsAuthError as exc:
                self.status = "auth-failed"
                log.error("obs: %s; not retrying", exc.one_line())
                return
            except InvalidURI:
                self.status = "offline"
                log.error("obs: %r is not a websocket URL; OBS output off", self.url)
                return
            except RETRYABLE as exc:
                self.status = "offline"
                self._warn_once("offline", "obs: OBS not reachable at %s (%s); retrying quietly", self.url, exc)
            finally:
                self._client = None
                await client.close()
            await asyncio.sleep(delay)  # wall time: it paces a real reconnect
            delay = min(delay * 2, self.backoff[1])

    async def _prepare(self, client: ObsClient) -> None:
        try:
            await client.request("SetInputMute", {"inputName": self.input, "inputMuted": False})
        except ObsRequestError as exc:
            self._warn_once("input", "obs: %s; create a Media Source named %r in OBS", exc, self.input)

    async def _play_until_closed(self, client: ObsClient) -> None:
        player = asyncio.create_task(self._player(client), name="obs:player")
        closed = asyncio.create_task(client.closed.wait(), name="obs:closed")
        try:
            await asyncio.wait({player, closed}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for t in (player, closed):
                t.cancel()
            await asyncio.gather(player, closed, return_exceptions=True)
        if player.done() and not player.cancelled() and player.exception() is not None:
            raise player.exception()  # type: ignore[misc]
        raise ConnectionError("OBS closed the connection")

    async def _player(self, client: ObsClient) -> None:
        while True:
            while not self._pending:
                self._ready.clear()
                await self._ready.wait()
            pcm = self._pending[0]
            path = await asyncio.to_thread(self._write_wav, pcm)
            self._ended.clear()
            try:
                settings = {
                    "is_local_file": True,
                    "local_file": str(path),
                    "looping": False,
                    "restart_on_activate": True,
                }
                await client.request("SetInputSettings", {"inputName": self.input, "inputSettings": settings})
                await client.request("TriggerMediaInputAction", {"inputName": self.input, "mediaAction": RESTART})
                self.played += 1
            except ObsRequestError as exc:
                self._warn_once(f"play:{exc.code}", "obs: %s; create a Media Source named %r in OBS", exc, self.input)
            else:
                seconds = len(pcm) / (self._fmt.sample_rate * 2 * self._fmt.channels)
                with contextlib.suppress(TimeoutError):
                    await within(self._ended.wait(), seconds + 2.0)  # lines never cut each other off
            finally:
                if self._pending and self._pending[0] is pcm:
                    self._pending.popleft()
                if not self._pending:
                    self._idle.set()

    def _on_event(self, event: str, data: Json) -> None:
        if event == "MediaInputPlaybackEnded" and data.get("inputName") == self.input:
            self._ended.set()

    def _warn_once(self, key: str, fmt: str, *args: object) -> None:
        if key not in self._warned:
            self._warned.add(key)
            log.warning(fmt, *args)


def _peak(frame: bytes) -> int:
    x = np.frombuffer(frame, dtype="<i2", count=len(frame) // 2)
    return int(np.abs(x.astype(np.int32)).max()) if len(x) else 0


def from_spec(target: str, params: dict[str, str], ctx: dict[str, Any]) -> ObsSink:
    """`obs:ws://127.0.0.1:4455?password=...&input=TTS&gap_ms=300`."""
    url = target or "ws://127.0.0.1:4455"
    if not url.startswith(("ws://", "wss://")):
        raise ConfigError(
            f"obs sink target {target!r} is not a ws:// URL", fix="e.g. obs:ws://127.0.0.1:4455?input=TTS"
        )
    try:
        gap = int(params.get("gap_ms", "300"))
    except ValueError:
        raise ConfigError(f"obs option gap_ms={params['gap_ms']!r} is not a whole number of ms") from None
    out_dir = Path(ctx.get("out_dir") or ".") / "obs"
    password = secret(params, "password", "VHOST_OBS_PASSWORD", spec=f"obs:{target}")
    return ObsSink(url, password, params.get("input", "vhost"), out_dir, gap_ms=gap)
