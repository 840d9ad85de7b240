"""One danmaku WebSocket session: auth first, heartbeat after auth OK, receive timeout.

Shared by the web and open-platform clients; they differ only in how they find the
URL and the auth body, and in which commands they understand.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncGenerator, Callable
from dataclasses import dataclass

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import InvalidHandshake, InvalidURI, WebSocketException

from vhost.clock import Clock, wait_for, within
from vhost.events import ChatEvent
from vhost.sources.bilibili.commands import WEB_COMMANDS, Handler
from vhost.sources.bilibili.frame import decode_frame
from vhost.sources.bilibili.packet import MAX_FRAME, OP_AUTH, encode, heartbeat
from vhost.sources.bilibili.state import ParseState

log = logging.getLogger("vhost.sources.bilibili")

USER_AGENT = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/143.0.0.0 Safari/537.36"
)
# what a session can fail with and the caller should answer with a reconnect
RECOVERABLE: tuple[type[BaseException], ...] = (OSError, TimeoutError, WebSocketException, InvalidHandshake, InvalidURI)


class TokenRejected(Exception):
    """Auth reply -101: the token is stale, fetch a new one before reconnecting."""


class AuthRejected(Exception):
    """Auth reply with another non-zero code."""

    def __init__(self, code: int) -> None:
        super().__init__(f"auth rejected with code {code}")
        self.code = code


@dataclass(frozen=True)
class SessionConfig:
    heartbeat_s: float = 30.0
    grace_s: float = 5.0  # receive timeout = heartbeat + grace
    connect_timeout_s: float = 10.0
    commands: dict[str, Handler] | None = None
    on_frame: Callable[[], None] | None = None  # every frame received (auth and heartbeat replies too)


async def _beat(ws: ClientConnection, clock: Clock, every: float) -> None:
    """One heartbeat at once, then one per interval. A failed send ends the task quietly:
    the receive loop sees the close and still drains what the server sent before it."""
    with contextlib.suppress(WebSocketException, OSError):
        while True:
            await ws.send(heartbeat())
            await clock.sleep(every)


async def _close_on(ws: ClientConnection, stop: asyncio.Event) -> None:
    await stop.wait()
    await ws.close(code=1000, reason="restart")


async def session(
    url: str,
    auth_body: bytes,
    clock: Clock,
    cfg: SessionConfig,
    state: ParseState,
    on_auth_ok: asyncio.Event | None = None,
    stop: asyncio.Event | None = None,
) -> AsyncGenerator[ChatEvent, None]:
    """Yield the events of one connection until it closes, times out or is rejected.

    Raises one of RECOVERABLE, TokenRejected or AuthRejected; never returns normally
    unless the server closed cleanly (the caller reconnects either way). Setting
    ``stop`` closes the socket from outside (the open platform's game died).
    """
    commands = cfg.commands or WEB_COMMANDS
    ws = await wait_for(
        clock,
        connect(url, max_size=MAX_FRAME, ping_interval=None, user_agent_header=USER_AGENT, open_timeout=None),
        cfg.connect_timeout_s,
    )
    beat: asyncio.Task[None] | None = None
    closer = asyncio.create_task(_close_on(ws, stop), name="bilibili-stop") if stop is not None else None
    try:
        await ws.send(encode(OP_AUTH, auth_body))
        while True:
            data = await wait_for(clock, ws.recv(), cfg.heartbeat_s + cfg.grace_s)
            if cfg.on_frame is not None:
                cfg.on_frame()
            frame = decode_frame(data.encode() if isinstance(data, str) else data, state, commands)
            if frame.auth_code is not None:
                if frame.auth_code == -101:
                    raise TokenRejected
                if frame.auth_code != 0:
                    raise AuthRejected(frame.auth_code)
                if beat is None:
                    beat = asyncio.create_task(_beat(ws, clock, cfg.heartbeat_s), name="bilibili-heartbeat")
                    if on_auth_ok is not None:
                        on_auth_ok.set()
            for ev in frame.events:
                yield ev
    finally:
        for task in (beat, closer):
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError, WebSocketException, OSError):
                    await task
        with contextlib.suppress(Exception):
            await within(ws.close(), 2.0)
