"""Per-connection parse state: duplicate suppression and once-per-reason skip logging,
both bounded so a long show cannot grow them."""

from __future__ import annotations

import logging
from collections import Counter, OrderedDict
from collections.abc import Hashable

log = logging.getLogger("vhost.sources.bilibili")


class Recent:
    """A bounded set of recently seen keys (oldest evicted first)."""

    def __init__(self, size: int = 512) -> None:
        self._size = size
        self._keys: OrderedDict[Hashable, None] = OrderedDict()

    def seen(self, key: Hashable) -> bool:
        """True if ``key`` was already recorded; records it either way."""
        if key in self._keys:
            self._keys.move_to_end(key)
            return True
        self._keys[key] = None
        if len(self._keys) > self._size:
            self._keys.popitem(last=False)
        return False


class SkipLog:
    """Counts skipped input by reason and logs each reason once, so a flood of one bad
    command cannot flood the log."""

    MAX_REASONS = 256

    def __init__(self, logger: logging.Logger = log) -> None:
        self.counts: Counter[str] = Counter()
        self._log = logger

    def note(self, reason: str, detail: str = "") -> None:
        if reason not in self.counts and len(self.counts) >= self.MAX_REASONS:
            reason = "other"
        self.counts[reason] += 1
        if self.counts[reason] == 1:
            self._log.info("skipped %s%s (logged once; further ones are counted)", reason, f": {detail}" if detail else "")

    @property
    def total(self) -> int:
        return sum(self.counts.values())


class ParseState:
    def __init__(self, skips: SkipLog | None = None) -> None:
        self.guards = Recent(512)  # GUARD_BUY and its USER_TOAST_MSG_V2 describe one purchase
        self.skips = skips or SkipLog()
