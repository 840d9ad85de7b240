"""Who has the floor: the anchor or the AI. The stage asks before every sentence it starts
and on every frame while one is on air.

- While the anchor talks (and until `resume_s` after their last word) the AI starts nothing.
- When the anchor starts talking over the AI, the AI is silent by onset + `within_s`:
  `fade` cuts the sentence on air at once (an 8 ms fade); `clause` lets it run to the next
  pause in the sentence if one comes before that deadline, and fades at the deadline if not.
"""

from __future__ import annotations

import collections
from dataclasses import dataclass
from typing import Any, Literal

YieldMode = Literal["fade", "clause"]


@dataclass(frozen=True)
class YieldPolicy:
    mode: YieldMode = "fade"
    within_s: float = 0.2  # from the anchor's first word to the AI's silence, program time
    resume_s: float = 0.8  # quiet after the anchor's last word before the AI may start again


class Floor:
    def __init__(self, policy: YieldPolicy | None = None) -> None:
        self.policy = policy or YieldPolicy()
        self.speaking = False
        self.onset_s: float | None = None
        self.detected_s: float | None = None
        self.last_end_s: float | None = None
        self.turns = 0
        self.held_back_s = 0.0  # program time the stage waited with a sentence ready because the anchor had the floor
        self.latencies: collections.deque[float] = collections.deque(maxlen=1000)  # onset -> AI silent, s

    # -- the anchor's side (voice activity) -------------------------------------------------
    def anchor_started(self, onset_s: float, detected_s: float) -> None:
        self.speaking, self.onset_s, self.detected_s = True, onset_s, detected_s
        self.turns += 1

    def anchor_stopped(self, end_s: float) -> None:
        self.speaking = False
        self.last_end_s = end_s

    # -- the stage's side -----------------------------------------------------------------------
    def free(self, t: float) -> bool:
        """May the AI start a sentence at program time t?"""
        if self.speaking:
            return False
        return self.last_end_s is None or t >= self.last_end_s + self.policy.resume_s

    def hold_back(self, seconds: float) -> None:
        self.held_back_s += seconds

    def yield_by(self, t: float) -> float | None:
        """Program time by which a sentence on air must be silent; None when the AI may go on."""
        if not self.speaking or self.onset_s is None:
            return None
        if self.policy.mode == "fade":
            return t
        return self.onset_s + self.policy.within_s

    def yielded(self, silent_s: float) -> None:
        """The stage silenced the AI for this turn at program time silent_s."""
        if self.onset_s is not None:
            self.latencies.append(max(0.0, silent_s - self.onset_s))

    def stats(self) -> dict[str, Any]:
        lat = sorted(self.latencies)
        pct = lambda q: round(lat[min(len(lat) - 1, int(q * len(lat)))] * 1000, 1) if lat else None  # noqa: E731
        return {
            "mode": self.policy.mode, "turns": self.turns, "yields": len(lat), "held_back_s": round(self.held_back_s, 2),
            "yield_ms_p50": pct(0.5), "yield_ms_p95": pct(0.95), "yield_ms_max": round(lat[-1] * 1000, 1) if lat else None,
        }  # fmt: skip
