"""The room's way into the show: a WebSocket client pushing events into the show's real
`push:` listener (vhost.sources.push) on the program clock, as a chat grabber would.

A chat drop is a real one: the connection is aborted (no closing handshake, as when a
network path dies), the events of the outage are lost (a platform does not resend danmaku),
and the pusher reconnects when the outage is over, retrying with backoff until it gets in.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections import deque
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import WebSocketException

from vhost.clock import Clock, within

log = logging.getLogger(__name__)


class Pusher:
    def __init__(self, url: str, clock: Clock, acked_log: Path | None = None) -> None:
        """acked_log: a file that gets the id of every event the listener acknowledged, a line
        each, written through at once (it must survive the show process's SIGKILL)."""
        self.url = url
        self.clock = clock
        self._unacked: deque[str] = deque()  # ids sent on the current connection, oldest first
        self._acked_log: IO[str] | None = acked_log.open("a", encoding="utf-8") if acked_log is not None else None
        self.sent = 0
        self.acked = 0
        self.rejected: list[str] = []  # the listener's error replies (there should be none)
        self.lost = 0  # events of the outage, never delivered
        self.lost_superchats = 0
        self.connects = 0
        self.down_until = -1.0
        self.burst_first_s: float | None = None  # program time the burst's first and last events went out
        self.burst_sent_s: float | None = None
        self._ws: ClientConnection | None = None
        self._reader: asyncio.Task[None] | None = None

    async def _connect(self) -> ClientConnection:
        delay = 0.2
        while True:
            try:
                ws = await connect(self.url, max_size=2**20, ping_interval=None, open_timeout=10)
            except (OSError, WebSocketException, TimeoutError) as e:
                log.warning("pusher: cannot connect to %s: %s; again in %.1f s", self.url, e, delay)
                await self.clock.sleep(delay)
                delay = min(delay * 2, 5.0)
                continue
            self.connects += 1
            self._reader = asyncio.create_task(self._read(ws), name="pusher-acks")
            return ws

    async def _read(self, ws: ClientConnection) -> None:
        with contextlib.suppress(WebSocketException, OSError):
            async for msg in ws:
                reply = json.loads(msg)
                if "accepted" in reply:
                    self.acked += int(reply["accepted"])
                    for _ in range(int(reply["accepted"])):
                        self._note_ack()
                else:
                    if self._unacked:
                        self._unacked.popleft()
                    if len(self.rejected) < 20:
                        self.rejected.append(str(reply.get("error")))

    def _note_ack(self) -> None:
        if not self._unacked:
            return
        i = self._unacked.popleft()
        if self._acked_log is not None:
            self._acked_log.write(i + "\n")
            self._acked_log.flush()

    def drop(self, seconds: float) -> None:
        """Cut the connection now, as a dead network path does; reconnect after `seconds`."""
        self.down_until = self.clock.now() + seconds
        ws = self._ws
        self._ws = None
        self._unacked.clear()  # sent on a dead connection, never acknowledged: not delivered as far as the pusher knows
        if ws is not None:
            ws.transport.abort()
        if self._reader is not None:
            self._reader.cancel()

    async def run(self, events: Iterable[dict[str, Any]]) -> None:
        """Send each event at its program time (at once when the program is past it)."""
        try:
            for ev in events:
                if ev["t"] > self.clock.now():
                    await self.clock.sleep_until(ev["t"])
                if self.clock.now() < self.down_until:
                    self.lost += 1
                    self.lost_superchats += ev["kind"] == "superchat"
                    continue
                await self._send(ev["id"], json.dumps(ev, ensure_ascii=False, separators=(",", ":")))
                if ev["id"].startswith("burst-"):
                    self.burst_first_s = self.burst_first_s if self.burst_first_s is not None else self.clock.now()
                    self.burst_sent_s = self.clock.now()
                await asyncio.sleep(0)  # a pusher with a backlog takes turns with the show, as another process would
        finally:
            await self.close()

    async def _send(self, event_id: str, data: str) -> None:
        while True:
            if self._ws is None:
                self._unacked.clear()
                self._ws = await self._connect()
            try:
                await self._ws.send(data)
                self._unacked.append(event_id)
                self.sent += 1
                return
            except (WebSocketException, OSError) as e:  # the listener went away: connect again and resend
                log.warning("pusher: send failed: %s", e)
                self._ws = None

    async def close(self) -> None:
        ws, self._ws = self._ws, None
        if ws is not None:
            with contextlib.suppress(Exception):
                await within(ws.close(), 2.0)
        if self._reader is not None:
            self._reader.cancel()
        if self._acked_log is not None:
            self._acked_log.close()
            self._acked_log = None

    def stats(self) -> dict[str, Any]:
        return {"sent": self.sent, "acked": self.acked, "rejected": self.rejected, "lost_in_drop": self.lost,
                "superchats_lost_in_drop": self.lost_superchats, "connects": self.connects}  # fmt: skip
