"""What each rule looks at: a Sample of the show in, findings per subject out.

A finding says whether the condition holds now, a number for the message, and the text
an operator reads. Counting rules keep a window of (time, running total) samples whose
length is bounded by within_s / every_s, so nothing grows with the length of the show.
"""

from __future__ import annotations

import collections
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from vhost.alerts.config import AlertConfig, Rule, Window
from vhost.metrics import Sample


@dataclass(frozen=True)
class Finding:
    active: bool
    value: float
    text: str  # what is wrong (firing) or how it stands now
    resolved: str = ""  # what the recovery message says; default: derived from the rule


class Counted:
    """A running total sampled over time: how much it grew within the last `within_s`."""

    def __init__(self, within_s: float) -> None:
        self.within_s = within_s
        self._samples: collections.deque[tuple[float, float]] = collections.deque()

    def add(self, t: float, total: float) -> float:
        self._samples.append((t, total))
        # keep one sample at or before the window's start as the baseline
        while len(self._samples) > 1 and self._samples[1][0] <= t - self.within_s:
            self._samples.popleft()
        return total - self._samples[0][1]

    def __len__(self) -> int:
        return len(self._samples)


Check = Callable[[Any, Sample, "Counted | None"], dict[str, Finding]]


def _one(active: bool, value: float, text: str, resolved: str = "") -> dict[str, Finding]:
    return {"": Finding(active, value, text, resolved)}


def silence(rule: Any, s: Sample, _: Counted | None) -> dict[str, Finding]:
    active = s.running and not s.held and s.silence_s > rule.over_s
    return _one(active, s.silence_s, f"the program has been silent for {s.silence_s:.1f} s (limit {rule.over_s:g} s)",
                "the voice is speaking again")  # fmt: skip


def source_down(rule: Any, s: Sample, _: Counted | None) -> dict[str, Finding]:
    out: dict[str, Finding] = {}
    for src in s.sources:
        down = src.state in ("down", "connecting", "failed")
        why = f": {src.error}" if src.error else ""
        verb = {"connecting": "has not connected", "failed": "stopped"}.get(src.state, "is disconnected")
        out[src.name] = Finding(
            s.running and down and src.for_s > rule.over_s, src.for_s,
            f"chat source {src.name} {verb} for {src.for_s:.0f} s (limit {rule.over_s:g} s){why}",
            f"chat source {src.name} is {'connected' if src.state == 'up' else src.state} again",
        )  # fmt: skip
    return out


def program_lag(rule: Any, s: Sample, _: Counted | None) -> dict[str, Finding]:
    return _one(s.running and s.lag_s > rule.over_s, s.lag_s,
                f"the program is {s.lag_s:.1f} s behind its clock (limit {rule.over_s:g} s)", "the program caught up")  # fmt: skip


def _window(total: Callable[[Any, Sample], float], what: str, calm: str) -> Check:
    def check(rule: Any, s: Sample, counted: Counted | None) -> dict[str, Finding]:
        assert counted is not None
        n = counted.add(s.t, total(rule, s))
        return _one(n >= rule.at_least, n, f"{n:g} {what} in the last {rule.within_s:g} s (alert at {rule.at_least})",
                    f"{calm} in the last {rule.within_s:g} s")  # fmt: skip

    return check


fallbacks = _window(lambda r, s: sum(s.fallbacks.get(c, 0) for c in r.causes),
                    "answers fell back to persona lines because the LLM failed", "answers come from the LLM again; fewer fallbacks")  # fmt: skip
llm_errors = _window(lambda r, s: s.llm_failures, "LLM requests failed or timed out", "fewer LLM failures")
encoder_restarts = _window(lambda r, s: s.sink_restarts, "output restarts (encoder or OBS)", "no output restart")
guard_refusals = _window(lambda r, s: s.guard_refusals, "sentences refused by the guard", "fewer guard refusals")


def voice_last_engine(rule: Any, s: Sample, _: Counted | None) -> dict[str, Finding]:
    engines = s.voice_engines
    if len(engines) < 2:
        return _one(False, 0, "")
    up = [name for name, state in engines if state == "ok"]
    down = [name for name, state in engines[:-1] if state != "ok"]
    last = engines[-1][0]
    active = s.running and len(down) == len(engines) - 1
    text = (f"the voice is on its last engine, {last} ({', '.join(down)} down)" if up
            else f"every voice engine is failing ({', '.join(n for n, _ in engines)})")  # fmt: skip
    return _one(active, len(up), text, f"voice engines back in service: {', '.join(up) or 'none'}")


def disk_low(rule: Any, s: Sample, _: Counted | None) -> dict[str, Finding]:
    if s.disk_free_bytes is None:
        return _one(False, 0, "")
    mb = s.disk_free_bytes / 2**20
    return _one(mb < rule.below_mb, mb, f"{mb:.0f} MB free on the output disk (limit {rule.below_mb:g} MB)",
                f"{mb:.0f} MB free on the output disk")  # fmt: skip


def persona_rejected(rule: Any, s: Sample, _: Counted | None) -> dict[str, Finding]:
    return _one(bool(s.persona_error), 1.0 if s.persona_error else 0.0,
                f"a persona edit was rejected; the last good persona keeps running: {s.persona_error}",
                "the persona file is valid again")  # fmt: skip


def crash_restart(rule: Any, s: Sample, _: Counted | None) -> dict[str, Finding]:
    if s.crash_resumed_s is None:
        return _one(False, 0, "")
    up = max(0.0, s.program_s - s.crash_resumed_s)
    return _one(s.running and up < rule.stable_s, up,
                f"the show restarted after a crash and resumed at program {s.crash_resumed_s:.0f} s",
                f"the resumed show has run {up:.0f} s")  # fmt: skip


CHECKS: dict[str, Check] = {
    "silence": silence,
    "source_down": source_down,
    "fallbacks": fallbacks,
    "llm_errors": llm_errors,
    "voice_last_engine": voice_last_engine,
    "encoder_restarts": encoder_restarts,
    "disk_low": disk_low,
    "guard_refusals": guard_refusals,
    "program_lag": program_lag,
    "persona_rejected": persona_rejected,
    "crash_restart": crash_restart,
}


def enabled(cfg: AlertConfig) -> list[tuple[str, Rule, Check, Counted | None]]:
    out = []
    for name, check in CHECKS.items():
        rule: Rule = getattr(cfg.rules, name)
        if rule.enabled:
            out.append((name, rule, check, Counted(rule.within_s) if isinstance(rule, Window) else None))
    return out
