"""Reconnect delays: exponential with jitter, so a room full of clients does not
hammer a recovering server in lockstep."""

from __future__ import annotations

import random

from vhost.clock import Clock


class Backoff:
    """Delay n is ``base * factor**n`` capped at ``cap``, spread by ±``jitter`` (a fraction).

    ``reset()`` after a connection proved healthy, so a long good session starts over at
    ``base`` when it finally drops.
    """

    def __init__(
        self,
        base: float = 1.0,
        factor: float = 1.5,
        cap: float = 60.0,
        jitter: float = 0.2,
        rng: random.Random | None = None,
    ) -> None:
        if base <= 0 or factor < 1 or cap < base or not 0 <= jitter < 1:
            raise ValueError("backoff needs base > 0, factor >= 1, cap >= base, 0 <= jitter < 1")
        self.base = base
        self.factor = factor
        self.cap = cap
        self.jitter = jitter
        self._rng = rng or random.Random()
        self.attempt = 0

    def peek(self) -> float:
        """The un-jittered delay the next call to ``next()`` is centred on."""
        return min(self.cap, self.base * self.factor**self.attempt)

    def next(self) -> float:
        centre = self.peek()
        self.attempt = min(self.attempt + 1, 64)  # 1.5**64 overflows nothing, and caps anyway
        spread = centre * self.jitter
        return max(0.0, centre + self._rng.uniform(-spread, spread))

    def reset(self) -> None:
        self.attempt = 0

    async def sleep(self, clock: Clock) -> float:
        delay = self.next()
        await clock.sleep(delay)
        return delay
