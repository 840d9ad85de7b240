"""Fan-out to many websocket clients without letting one slow client hold up the show.

Each client has its own bounded queue and sender task. In real time a full queue drops
that client's oldest message (counted); in lossless mode `publish` waits for room, but
a client that goes away never keeps it waiting.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import deque
from collections.abc import Awaitable, Callable
from typing import Any

from vhost.clock import within

log = logging.getLogger(__name__)

Message = str | bytes
Send = Callable[[Message], Awaitable[Any]]


class _Client:
    def __init__(self, send: Send, maxsize: int, peer: str) -> None:
        self.send = send
        self.peer = peer
        self.maxsize = maxsize
        self.buf: deque[Message] = deque()
        self.has_data = asyncio.Event()
        self.has_room = asyncio.Event()
        self.has_room.set()
        self.gone = asyncio.Event()
        self.idle = asyncio.Event()
        self.sent = 0
        self.dropped = 0

    def offer(self, msg: Message) -> None:
        """Real-time enqueue: drop the oldest when full."""
        if len(self.buf) >= self.maxsize:
            self.buf.popleft()
            self.dropped += 1
        self._push(msg)

    async def put(self, msg: Message) -> None:
        """Lossless enqueue: wait for room, unless the client leaves first."""
        while len(self.buf) >= self.maxsize and not self.gone.is_set():
            self.has_room.clear()
            room = asyncio.ensure_future(self.has_room.wait())
            gone = asyncio.ensure_future(self.gone.wait())
            try:
                await asyncio.wait({room, gone}, return_when=asyncio.FIRST_COMPLETED)
            finally:
                room.cancel()
                gone.cancel()
        if not self.gone.is_set():
            self._push(msg)

    def _push(self, msg: Message) -> None:
        self.buf.append(msg)
        self.idle.clear()
        self.has_data.set()

    async def run(self) -> None:
        try:
            while True:
                while not self.buf:
                    self.idle.set()
                    self.has_data.clear()
                    await self.has_data.wait()
                self.idle.clear()
                msg = self.buf.popleft()
                self.has_room.set()
                await self.send(msg)
                self.sent += 1
        finally:
            self.gone.set()
            self.idle.set()
            self.has_room.set()


class Broadcast:
    """`await bc.attach(ws.send, greeting)` per connection; `await bc.publish(msg)` from the show."""

    def __init__(self, maxsize: int = 100, *, lossless: bool = False, max_clients: int = 32) -> None:
        self.maxsize = maxsize
        self.lossless = lossless
        self.max_clients = max_clients
        self._clients: set[_Client] = set()
        self.published = 0
        self.dropped_total = 0  # drops of clients that already left
        self.refused = 0

    @property
    def clients(self) -> int:
        return len(self._clients)

    async def attach(
        self, send: Send, greeting: list[Message] | None = None, peer: str = "?", until: Awaitable[Any] | None = None
    ) -> None:
        """Serve one client until its connection fails, `until` (the peer closing) completes, or cancel."""
        if len(self._clients) >= self.max_clients:
            self.refused += 1
            log.warning("broadcast: refusing client %s, %d already connected", peer, len(self._clients))
            return
        client = _Client(send, self.maxsize, peer)
        for msg in greeting or []:
            client.buf.append(msg)  # greetings never count against the queue
        client.has_data.set()
        self._clients.add(client)
        try:
            await self._run(client, until)
        except Exception as exc:  # a closed socket ends this client only
            log.debug("broadcast: client %s left: %s", peer, exc)
        finally:
            self._clients.discard(client)
            self.dropped_total += client.dropped

    @staticmethod
    async def _run(client: _Client, until: Awaitable[Any] | None) -> None:
        if until is None:
            await client.run()
            return
        sender = asyncio.ensure_future(client.run())
        closed = asyncio.ensure_future(until)
        try:
            await asyncio.wait({sender, closed}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for t in (sender, closed):
                t.cancel()
            await asyncio.gather(sender, closed, return_exceptions=True)
        if sender.done() and not sender.cancelled() and sender.exception() is not None:
            raise sender.exception()  # type: ignore[misc]

    async def publish(self, msg: Message) -> None:
        self.published += 1
        if not self.lossless:
            for c in self._clients:
                c.offer(msg)
            return
        await asyncio.gather(*(c.put(msg) for c in list(self._clients)))

    def stats(self) -> dict[str, Any]:
        live = list(self._clients)
        return {
            "clients": len(live),
            "published": self.published,
            "dropped": self.dropped_total + sum(c.dropped for c in live),
            "refused": self.refused,
            "queued_max": max((len(c.buf) for c in live), default=0),
        }

    async def drain(self, timeout: float = 2.0) -> None:
        """Give clients a moment to receive what is queued (used on close)."""
        waits = [c.idle.wait() for c in self._clients]
        if waits:
            with contextlib.suppress(TimeoutError):
                await within(asyncio.gather(*waits), timeout)
