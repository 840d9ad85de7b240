"""Raw program PCM over WebSocket: one binary message per 20 ms frame, to every client.

A client first gets one text message describing the stream, then frames. A slow client
loses its own oldest frames and never slows the show; in fast mode connected clients get
every frame (the render waits for them).
"""

from __future__ import annotations

import json
import logging
from typing import Any

from websockets.asyncio.server import Server, ServerConnection, serve

from vhost.errors import ConfigError
from vhost.net import parse_hostport
from vhost.net.broadcast import Broadcast
from vhost.sinks.base import AudioFormat

log = logging.getLogger(__name__)


class PcmWsSink:
    def __init__(self, host: str = "127.0.0.1", port: int = 0, *, fast: bool = False, queue_frames: int = 50) -> None:
        self.host = host
        self.port = port
        self.name = f"pcm-ws:{host}:{port}"
        self._bc = Broadcast(queue_frames, lossless=fast)
        self._server: Server | None = None
        self._hello = ""

    async def start(self, fmt: AudioFormat) -> None:
        self._hello = json.dumps(
            {
                "sample_rate": fmt.sample_rate,
                "channels": fmt.channels,
                "sample_format": "s16le",
                "frame_ms": fmt.frame_ms,
            }
        )
        try:
            self._server = await serve(self._serve, self.host, self.port, max_size=2**16, compression=None)
        except OSError as exc:
            raise ConfigError(f"pcm-ws: cannot listen on {self.host}:{self.port}: {exc.strerror}") from None
        self.port = int(next(iter(self._server.sockets)).getsockname()[1])
        self.name = f"pcm-ws:{self.host}:{self.port}"
        log.info("pcm-ws: serving program audio on ws://%s:%d", self.host, self.port)

    async def _serve(self, ws: ServerConnection) -> None:
        peer = ":".join(str(x) for x in ws.remote_address[:2]) if ws.remote_address else "?"
        await self._bc.attach(ws.send, [self._hello], peer=peer, until=ws.wait_closed())

    async def write(self, frame: bytes, t: float) -> None:
        await self._bc.publish(frame)

    async def close(self) -> None:
        if self._server is None:
            return
        await self._bc.drain(1.0)
        self._server.close()
        await self._server.wait_closed()
        self._server = None

    def stats(self) -> dict[str, Any]:
        return {"name": self.name, "port": self.port, **self._bc.stats()}


def from_spec(target: str, params: dict[str, str], ctx: dict[str, Any]) -> PcmWsSink:
    """`pcm-ws:8766` or `pcm-ws:127.0.0.1:8766?queue=50`."""
    host, port = parse_hostport(target, default_port=8766)
    return PcmWsSink(host, port, fast=bool(ctx.get("fast")), queue_frames=int(params.get("queue", "50")))
