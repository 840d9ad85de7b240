"""Request/response over one JSON websocket (VTube Studio, obs-websocket).

Each request carries an id; one reader task matches replies to waiting callers in any
order and hands everything else (events) to a callback. When the socket closes, every
waiting caller gets a ConnectionError instead of hanging.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import Callable
from typing import Any

from websockets.asyncio.client import ClientConnection
from websockets.exceptions import ConnectionClosed

from vhost.clock import within

log = logging.getLogger(__name__)

Json = dict[str, Any]


class WsRpc:
    def __init__(
        self,
        ws: ClientConnection,
        id_of: Callable[[Json], str | None],
        on_message: Callable[[Json], None] | None = None,
        *,
        max_pending: int = 64,
        name: str = "ws-rpc",
    ) -> None:
        self.ws = ws
        self.name = name
        self._id_of = id_of
        self._on_message = on_message
        self._max_pending = max_pending
        self._pending: dict[str, asyncio.Future[Json]] = {}
        self._reader: asyncio.Task[None] | None = None
        self.closed = asyncio.Event()
        self.close_code: int | None = None
        self.close_reason = ""

    def start(self) -> None:
        self._reader = asyncio.create_task(self._read(), name=f"{self.name}:reader")

    async def call(self, rid: str, payload: Json, timeout: float) -> Json:
        """Send payload (already carrying `rid`) and wait for the reply with the same id."""
        if self.closed.is_set():
            raise ConnectionError(f"{self.name}: connection closed")
        if len(self._pending) >= self._max_pending:
            raise ConnectionError(f"{self.name}: {len(self._pending)} requests unanswered")
        fut: asyncio.Future[Json] = asyncio.get_running_loop().create_future()
        self._pending[rid] = fut
        try:
            await self.ws.send(json.dumps(payload, ensure_ascii=False))
            return await within(fut, timeout)
        except ConnectionClosed as exc:
            raise ConnectionError(f"{self.name}: connection closed") from exc
        finally:
            self._pending.pop(rid, None)

    async def send(self, payload: Json) -> None:
        """Fire and forget (no reply expected)."""
        try:
            await self.ws.send(json.dumps(payload, ensure_ascii=False))
        except ConnectionClosed as exc:
            raise ConnectionError(f"{self.name}: connection closed") from exc

    async def _read(self) -> None:
        try:
            async for raw in self.ws:
                try:
                    msg = json.loads(raw)
                except ValueError:
                    log.warning("%s: ignoring a message that is not JSON", self.name)
                    continue
                if not isinstance(msg, dict):
                    continue
                rid = self._id_of(msg)
                fut = self._pending.get(rid) if rid is not None else None
                if fut is not None and not fut.done():
                    fut.set_result(msg)
                elif self._on_message is not None:
                    self._on_message(msg)
        except ConnectionClosed:
            pass
        finally:
            self.close_code = self.ws.close_code
            self.close_reason = self.ws.close_reason or ""
            self.closed.set()
            for fut in self._pending.values():
                if not fut.done():
                    fut.set_exception(ConnectionError(f"{self.name}: connection closed ({self.close_code})"))

    async def close(self) -> None:
        with contextlib.suppress(Exception):
            await self.ws.close()
        if self._reader is not None:
            self._reader.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._reader
        self.closed.set()
