"""The running show as the server sees it: one Show task, its transcript tail and the feed pump."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

from server.feed import Hub, TranscriptTail
from server.settings import Settings
from vhost.clock import within
from vhost.events import ChatEvent
from vhost.plays import Plays
from vhost.show import Show, ShowResult

log = logging.getLogger("server.control")
TAIL_EVERY_S = 0.2


class ShowNotRunning(Exception):
    """A control call after the show ended (stopped, or its duration ran out)."""


class Control:
    def __init__(self, show: Show, settings: Settings) -> None:
        self.show = show
        self.settings = settings
        self.tail = TranscriptTail(show.config.out / "transcript.jsonl")
        self.hub = Hub(settings.feed_queue, settings.max_clients)
        self.task: asyncio.Task[ShowResult] | None = None
        self.failed: str | None = None
        self._pump: asyncio.Task[None] | None = None

    # -- lifecycle --------------------------------------------------------------------------
    async def start(self) -> None:
        self.task = asyncio.create_task(self.show.run(), name="show")
        self.task.add_done_callback(self._ended)
        self._pump = asyncio.create_task(self._feed(), name="feed-pump")

    def _ended(self, task: asyncio.Task[ShowResult]) -> None:
        if not task.cancelled() and (e := task.exception()) is not None:
            self.failed = f"{type(e).__name__}: {e}"
            log.error("show failed: %s", self.failed)

    @property
    def running(self) -> bool:
        return self.task is not None and not self.task.done()

    async def stop(self) -> bool:
        """End the show and wait until its files are complete; False if it had to be cancelled."""
        if self.task is None:
            return True
        self.show.stage.stop()
        clean = True
        try:
            await within(asyncio.shield(self.task), self.settings.stop_timeout_s)
        except TimeoutError:
            log.error("show did not stop within %.0f s: cancelled", self.settings.stop_timeout_s)
            self.task.cancel()
            clean = False
            with contextlib.suppress(BaseException):
                await self.task
        except Exception:
            pass  # already recorded by _ended
        self._publish_rows()
        self.hub.publish(self.status_message())
        return clean

    async def close(self) -> None:
        await self.stop()
        if self._pump is not None:
            self._pump.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._pump
        self.hub.close()

    async def _feed(self) -> None:
        ticks_per_status = max(1, round(self.settings.feed_interval_s / TAIL_EVERY_S))
        tick = 0
        while True:
            self._publish_rows()
            if tick % ticks_per_status == 0 and self.hub.clients:
                self.hub.publish(self.status_message())
            tick += 1
            await asyncio.sleep(min(TAIL_EVERY_S, self.settings.feed_interval_s))

    def _publish_rows(self) -> None:
        for row in self.tail.poll():
            self.hub.publish({"type": "transcript", "row": row})

    # -- reads ------------------------------------------------------------------------------
    def status(self) -> dict[str, Any]:
        snap = self.show.snapshot()
        snap["running"] = self.running
        snap["failed"] = self.failed
        snap["counts"] = self.show.ledger.counts()
        return snap

    def status_message(self) -> dict[str, Any]:
        return {"type": "status", "data": self.status()}

    # -- controls ---------------------------------------------------------------------------
    def _live(self) -> Show:
        if not self.running:
            raise ShowNotRunning
        return self.show

    def say(self, text: str) -> None:
        self._live().say(text)

    def take_over(self) -> None:
        self._live().take_over("operator took over")

    def resume(self) -> None:
        self._live().resume()

    def skip(self) -> None:
        self._live().skip("skipped by operator")

    def plays(self) -> Plays:
        """The show's plays, for the operator's controls (a 409 once the show ended)."""
        return self._live().plays

    def push(self, events: list[ChatEvent]) -> tuple[list[int], int]:
        """Indexes of the events taken, and how many were order callbacks already counted."""
        show = self._live()
        taken = [show.submit(ev) for ev in events]
        return [ev.index for ev in taken if ev is not None], sum(ev is None for ev in taken)
