"""The soak's plan: how long, how busy the room, which faults when. Written by the parent,
read by the child (plan.json in the soak folder), so both agree on every number.

Faults are placed at fixed fractions of the show, so a half-hour soak has the same faults as
an eight-hour one, closer together. The kill -9 comes early (before the first hour of an
8-hour soak), so the hour-1 and hour-8 memory samples come from the same process.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

FaultKind = Literal["kill9", "chat_drop", "llm_hang", "tts_down", "ffmpeg_kill", "persona_broken", "disk_low", "burst"]

# where each fault falls, as a fraction of the show
AT: dict[str, float] = {
    "kill9": 0.06,
    "chat_drop": 0.15,
    "llm_hang": 0.27,
    "tts_down": 0.39,
    "ffmpeg_kill": 0.51,
    "persona_broken": 0.63,
    "disk_low": 0.75,
    "burst": 0.87,
}
# the alert each fault must raise (kill -9: the resumed show says it restarted after a crash)
EXPECTED_ALERT: dict[str, tuple[str, ...]] = {
    "kill9": ("crash_restart",),
    "chat_drop": ("source_down",),
    "llm_hang": ("llm_errors", "fallbacks"),
    "tts_down": ("voice_last_engine",),
    "ffmpeg_kill": ("encoder_restarts",),
    "persona_broken": ("persona_rejected",),
    "disk_low": ("disk_low",),
}
SIMULATED_FREE_MB = 200.0  # what the free-disk reading says while the disk is "nearly full"


class Fault(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    kind: FaultKind
    at_s: float = Field(ge=0)
    duration_s: float = Field(ge=0)  # how long the outage lasts (0: a single blow, e.g. SIGKILL)


class Plan(BaseModel):
    """Everything the child needs to run its part of the soak."""

    model_config = ConfigDict(extra="forbid")
    hours: float = Field(gt=0)
    seed: int = 7
    rate: float = Field(1.0, gt=0, le=50, description="danmaku per second in the room")
    burst_events: int = Field(60_000, ge=0)
    burst_s: float = Field(60.0, gt=0)
    voice: Literal["tone", "espeak", "real"] = "tone"
    llm: list[str] = Field(default_factory=list)  # empty: the scripted backend
    persona: Path  # the soak's own copy (its broken save must not touch the shipped file)
    out: Path  # the show folder
    alerts: Path
    faults: list[Fault]
    progress_every_s: float = Field(60.0, gt=0)  # program seconds between progress lines (and RSS samples)

    @property
    def seconds(self) -> float:
        return self.hours * 3600.0

    def fault(self, kind: str) -> Fault | None:
        return next((f for f in self.faults if f.kind == kind), None)

    def save(self, path: Path) -> None:
        path.write_text(self.model_dump_json(indent=1), encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> Plan:
        return cls.model_validate(json.loads(path.read_text(encoding="utf-8")))


def outage_s(seconds: float) -> float:
    """How long each outage lasts: 1% of the show (about 5 minutes of an 8-hour one), at most
    five minutes, at least 20 s (longer than the alert rules' 10 s source-down threshold, so a
    few-minute soak still sees every alert fire and clear)."""
    return min(300.0, max(20.0, seconds * 0.01))


def burst_fits(seconds: float) -> float:
    """The longest burst that ends with 10% of the show left to answer what it brought."""
    return round(seconds * (0.90 - AT["burst"]), 1)


def schedule(seconds: float, burst_s: float, skip: frozenset[str] = frozenset()) -> list[Fault]:
    if "burst" not in skip and burst_s > burst_fits(seconds):
        raise ValueError(f"a {burst_s:g} s burst does not fit a {seconds:g} s show (at most {burst_fits(seconds):g} s)")
    out = []
    for kind, frac in AT.items():
        if kind in skip:
            continue
        dur = {"kill9": 0.0, "ffmpeg_kill": 0.0, "burst": burst_s}.get(kind, outage_s(seconds))
        out.append(Fault(kind=kind, at_s=round(seconds * frac, 1), duration_s=dur))  # type: ignore[arg-type]
    return out
