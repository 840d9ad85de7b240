"""The program clock. Every stage reads time from a Clock so tests and batch renders
can skip idle waiting without lying about compute time.

- WallClock: program time is wall time since start (``--realtime``).
- FastClock: program time is wall time plus every idle stretch skipped. When no work
  is marked busy (LLM decode, TTS synthesis) and the event loop has nothing ready,
  the clock jumps to the earliest sleeper's deadline. Time spent computing still
  passes at wall rate, so latencies in the transcript stay honest (``--fast``).
"""

from __future__ import annotations

import asyncio
import contextlib
import heapq
import itertools
import time
from collections.abc import AsyncIterator, Awaitable, Iterator
from typing import Protocol, TypeVar

T = TypeVar("T")


class Clock(Protocol):
    def now(self) -> float: ...

    async def sleep_until(self, t: float) -> None: ...

    async def sleep(self, dt: float) -> None: ...

    def busy(self) -> contextlib.AbstractContextManager[None]: ...

    def running(self) -> contextlib.AbstractAsyncContextManager[None]: ...

    def start_at(self, t: float) -> None: ...


async def within(aw: Awaitable[T], timeout: float) -> T:
    """Await `aw` for at most `timeout` wall seconds; raises TimeoutError.

    Used in place of asyncio.wait_for, which on Python 3.11 returns the result and drops a
    cancellation that lands in the same loop step as the result: the cancelled task keeps
    running and whoever awaits it (a shutdown, a reconnect) waits forever. asyncio.timeout
    passes the cancellation on.
    """
    async with asyncio.timeout(timeout):
        return await aw


async def wait_for(clock: Clock, aw: Awaitable[T], timeout: float) -> T:
    """asyncio.wait_for on the program clock; raises TimeoutError."""
    task = asyncio.ensure_future(aw)
    timer = asyncio.ensure_future(clock.sleep(timeout))
    try:
        done, _ = await asyncio.wait({task, timer}, return_when=asyncio.FIRST_COMPLETED)
        if task in done:
            return task.result()
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await task
        raise TimeoutError
    finally:
        timer.cancel()
        if not task.done():
            task.cancel()


class WallClock:
    def __init__(self) -> None:
        self._t0 = time.monotonic()
        self._start = 0.0

    def start_at(self, t: float) -> None:
        """Program time when running() begins (a resumed show continues its timeline)."""
        self._start = t
        self._t0 = time.monotonic() - t

    def now(self) -> float:
        return time.monotonic() - self._t0

    async def sleep_until(self, t: float) -> None:
        dt = t - self.now()
        if dt > 0:
            await asyncio.sleep(dt)
        else:
            await asyncio.sleep(0)

    async def sleep(self, dt: float) -> None:
        await self.sleep_until(self.now() + dt)

    @contextlib.contextmanager
    def busy(self) -> Iterator[None]:
        yield

    @contextlib.asynccontextmanager
    async def running(self) -> AsyncIterator[None]:
        self._t0 = time.monotonic() - self._start
        yield


class FastClock:
    def __init__(self, wall: bool = True) -> None:
        # wall=False freezes time except for jumps: a pure virtual clock for unit tests.
        self._wall = wall
        self._t0 = time.monotonic()
        self._offset = 0.0
        self._start = 0.0
        self._busy = 0
        self._sleepers: list[tuple[float, int, asyncio.Future[None]]] = []
        self._seq = itertools.count()
        self._changed: asyncio.Event | None = None
        self._driver: asyncio.Task[None] | None = None
        self.jumped = 0.0  # total idle time skipped, for reports

    def start_at(self, t: float) -> None:
        """Program time when running() begins (a resumed show continues its timeline)."""
        self._start = t
        self._offset = t
        self._t0 = time.monotonic()

    def now(self) -> float:
        real = (time.monotonic() - self._t0) if self._wall else 0.0
        return real + self._offset

    def _poke(self) -> None:
        if self._changed is not None:
            self._changed.set()

    async def sleep_until(self, t: float) -> None:
        if t <= self.now():
            await asyncio.sleep(0)
            return
        fut: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        heapq.heappush(self._sleepers, (t, next(self._seq), fut))
        self._poke()
        await fut

    async def sleep(self, dt: float) -> None:
        await self.sleep_until(self.now() + dt)

    @contextlib.contextmanager
    def busy(self) -> Iterator[None]:
        self._busy += 1
        try:
            yield
        finally:
            self._busy -= 1
            self._poke()

    def _wake_due(self) -> None:
        now = self.now()
        while self._sleepers and self._sleepers[0][0] <= now + 1e-9:
            _, _, fut = heapq.heappop(self._sleepers)
            if not fut.done():
                fut.set_result(None)

    @staticmethod
    def _loop_idle() -> bool:
        ready = getattr(asyncio.get_running_loop(), "_ready", None)
        return ready is None or len(ready) == 0

    async def _drive(self) -> None:
        assert self._changed is not None
        while True:
            self._sleepers = [s for s in self._sleepers if not s[2].done()]
            heapq.heapify(self._sleepers)
            if not self._sleepers:
                self._changed.clear()
                await self._changed.wait()
                continue
            # let every ready callback run before deciding the loop is idle
            for _ in range(4):
                await asyncio.sleep(0)
            self._wake_due()
            if not self._sleepers:
                continue
            deadline = self._sleepers[0][0]
            now = self.now()
            if self._busy == 0:
                if self._loop_idle():
                    if deadline > now:
                        self._offset += deadline - now
                        self.jumped += deadline - now
                    self._wake_due()
                # else: other tasks are still running; look again after they yield
                continue
            self._changed.clear()
            wait = deadline - now if self._wall else None
            # asyncio.timeout, not wait_for: on 3.11 wait_for can swallow a cancel that lands
            # as the wait completes, and leaving running() would then hang
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(wait):
                    await self._changed.wait()

    @contextlib.asynccontextmanager
    async def running(self) -> AsyncIterator[None]:
        self._t0 = time.monotonic()
        self._offset = max(self._offset, self._start)
        self._changed = asyncio.Event()
        self._driver = asyncio.create_task(self._drive(), name="fastclock")
        try:
            yield
        finally:
            self._driver.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._driver
            for _, _, fut in self._sleepers:
                fut.cancel()
