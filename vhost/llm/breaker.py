"""A circuit breaker for one LLM backend, on the program clock.

closed: calls go through; ``failures`` errors or timeouts within ``window_s`` open it.
open: calls are refused at once (the chain asks the next backend) until ``retry_at``.
half-open: one probe call goes through; success closes the breaker, failure opens it again
for twice as long (up to ``max_open_s``). A probe that ends with no verdict (the caller gave
up before the first token) lets the next call probe instead.
"""

from __future__ import annotations

import logging
from collections import deque
from dataclasses import dataclass

log = logging.getLogger(__name__)

CLOSED, OPEN, HALF_OPEN = "closed", "open", "half-open"


@dataclass(frozen=True)
class BreakerConfig:
    failures: int = 3  # within window_s: open
    window_s: float = 60.0
    open_s: float = 5.0  # the first wait before a probe
    max_open_s: float = 120.0
    factor: float = 2.0  # each failed probe waits this much longer

    def __post_init__(self) -> None:
        if self.failures < 1 or self.window_s <= 0 or self.open_s <= 0 or self.max_open_s < self.open_s or self.factor < 1:
            raise ValueError("breaker needs failures >= 1, window_s > 0, 0 < open_s <= max_open_s, factor >= 1")


class Breaker:
    def __init__(self, name: str, config: BreakerConfig | None = None) -> None:
        self.name = name
        self.config = config or BreakerConfig()
        self.state = CLOSED
        self.changed_s: float | None = None  # program time of the last state change
        self.retry_at = 0.0
        self.opened = 0  # how many times it opened
        self.probes = 0
        self._wait = self.config.open_s
        self._failures: deque[float] = deque()

    def _set(self, state: str, now: float) -> None:
        if state == self.state:
            return
        if state == OPEN:
            log.warning("LLM backend %s: breaker open, next try in %.0f s", self.name, self.retry_at - now)
        else:
            log.info("LLM backend %s: breaker %s", self.name, state)
        self.state = state
        self.changed_s = now

    def ready(self, now: float) -> bool:
        """Would a call be let through now? (No state change.)"""
        return self.state == CLOSED or (self.state == OPEN and now >= self.retry_at)

    def allow(self, now: float) -> bool:
        """Let one call through, or refuse it; an open breaker past its wait becomes the probe."""
        if self.state == CLOSED:
            return True
        if self.state == OPEN and now >= self.retry_at:
            self.probes += 1
            self._set(HALF_OPEN, now)
            return True
        return False

    def success(self, now: float) -> None:
        self._failures.clear()
        self._wait = self.config.open_s
        self._set(CLOSED, now)

    def failure(self, now: float) -> None:
        if self.state == HALF_OPEN:
            self._wait = min(self.config.max_open_s, self._wait * self.config.factor)
            self._open(now)
            return
        if self.state == OPEN:
            return  # a call let through before it opened, failing late
        self._failures.append(now)
        while self._failures and self._failures[0] < now - self.config.window_s:
            self._failures.popleft()
        if len(self._failures) >= self.config.failures:
            self._open(now)

    def release(self, now: float) -> None:
        """The call ended with no verdict: a probe in flight gives its turn to the next call."""
        if self.state == HALF_OPEN:
            self.retry_at = now
            self._set(OPEN, now)

    def _open(self, now: float) -> None:
        self._failures.clear()
        self.retry_at = now + self._wait
        self.opened += 1
        self._set(OPEN, now)
