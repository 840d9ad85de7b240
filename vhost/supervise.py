"""Running under a supervisor: systemd notifications and watchdog, stop signals, quick exit.

- `Notifier` speaks the sd_notify protocol (one datagram per message to $NOTIFY_SOCKET,
  a path or an abstract "@name" socket) with the standard library: READY=1 once the show
  is on air, STATUS= lines, STOPPING=1, and WATCHDOG=1 at half of $WATCHDOG_USEC, but only
  while the program is really advancing, so a stalled show is restarted by systemd (and
  resumed from its journal by `--resume`).
- `stop_on_signals`: the first SIGINT/SIGTERM ends the show cleanly (every file complete);
  a second one exits at once (the journal and the WAV header, kept current, let a resume
  repair the rest).
- `run_until_complete`: an event loop that does not wait for worker threads at the end
  (a model's decode step in native code cannot be interrupted).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import socket
import sys
import time
from collections.abc import Callable, Coroutine, Mapping
from typing import Any, Protocol, TypeVar

log = logging.getLogger(__name__)
T = TypeVar("T")


class Notifier:
    def __init__(self, env: Mapping[str, str] | None = None) -> None:
        env = os.environ if env is None else env
        addr = env.get("NOTIFY_SOCKET", "")
        self.address: str | None = ("\0" + addr[1:]) if addr.startswith("@") else (addr or None)
        usec = env.get("WATCHDOG_USEC", "")
        pid = env.get("WATCHDOG_PID", "")
        mine = not pid or pid == str(os.getpid())
        self.watchdog_s: float | None = int(usec) / 1e6 if usec.isdigit() and int(usec) > 0 and mine else None
        self.sent: list[str] = []

    @property
    def enabled(self) -> bool:
        return self.address is not None

    def send(self, *fields: str) -> bool:
        """One notification ("READY=1", "STATUS=…"); False when not supervised or it failed."""
        if self.address is None:
            return False
        msg = "\n".join(fields)
        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC | socket.SOCK_NONBLOCK) as s:
                s.sendto(msg.encode("utf-8"), self.address)  # never blocks the show: a full queue drops it
        except OSError as e:
            log.warning("sd_notify to %r failed: %s", self.address, e)
            return False
        self.sent.append(msg)
        return True

    def ready(self, status: str = "on air") -> bool:
        return self.send("READY=1", f"STATUS={status}")

    def stopping(self, status: str = "completing the files") -> bool:
        return self.send("STOPPING=1", f"STATUS={status}")

    def status(self, text: str) -> bool:
        return self.send(f"STATUS={text}")

    def watchdog(self) -> bool:
        return self.send("WATCHDOG=1")


class Progress(Protocol):
    """What the watchdog looks at: the program's position (frames rendered)."""

    @property
    def program_s(self) -> float: ...


async def supervise(
    notifier: Notifier, stage: Progress, *, every_s: float | None = None, stalled_after_s: float = 5.0, status_every_s: float = 10.0
) -> None:
    """READY=1 now, then WATCHDOG=1 every `every_s` (half the watchdog interval) as long as
    the program advanced within the last `stalled_after_s`; a STATUS line every
    `status_every_s` and whenever the show stalls or recovers."""
    if not notifier.enabled:
        return
    notifier.ready(f"on air at {stage.program_s:.1f} s of program")
    every = every_s or (notifier.watchdog_s / 2 if notifier.watchdog_s else status_every_s)
    last_s, last_moved, last_status, was_ok = stage.program_s, time.monotonic(), 0.0, True
    while True:
        await asyncio.sleep(every)
        now = time.monotonic()
        if stage.program_s > last_s:
            last_s, last_moved = stage.program_s, now
        ok = now - last_moved <= max(stalled_after_s, every)
        if ok and notifier.watchdog_s is not None:
            notifier.watchdog()
        if not ok and was_ok:
            log.error("the program has not advanced for %.1f s: the watchdog is no longer fed", now - last_moved)
        if ok != was_ok or now - last_status >= status_every_s:
            notifier.status(f"on air: {stage.program_s:.1f} s of program" if ok else f"stalled at {stage.program_s:.1f} s of program")
            last_status = now
        was_ok = ok


def stop_on_signals(stop: Callable[[], None], notifier: Notifier | None = None) -> None:
    """SIGINT/SIGTERM: the first stops the show cleanly, a second exits at once."""
    loop = asyncio.get_running_loop()
    count = 0

    def handler(signum: int) -> None:
        nonlocal count
        count += 1
        if count == 1:
            print(f"\nvhost: {signal.Signals(signum).name}: ending the show, completing the files (again to quit at once)",
                  file=sys.stderr, flush=True)  # fmt: skip
            if notifier is not None:
                notifier.stopping()
            stop()
        else:
            os._exit(128 + signum)

    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):  # no Unix signals on this platform: Ctrl-C raises instead
            loop.add_signal_handler(sig, handler, sig)


def run_until_complete(coro: Coroutine[Any, Any, T]) -> T:
    """asyncio.run without its final wait for executor threads (they end with the process)."""
    loop = asyncio.new_event_loop()
    try:
        asyncio.set_event_loop(loop)
        return loop.run_until_complete(coro)
    finally:
        try:
            pending = [t for t in asyncio.all_tasks(loop) if not t.done()]
            for t in pending:
                t.cancel()
            if pending:
                loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
            loop.run_until_complete(loop.shutdown_asyncgens())
        finally:
            asyncio.set_event_loop(None)
            loop.close()  # shuts the default executor down without waiting


def exit_now(rc: int) -> None:
    """End the process once every file is closed, without unwinding native libraries (the
    model's threads and memory take seconds to tear down and hold nothing of the show)."""
    logging.shutdown()
    with contextlib.suppress(Exception):
        sys.stdout.flush()
    with contextlib.suppress(Exception):
        sys.stderr.flush()
    os._exit(rc)
