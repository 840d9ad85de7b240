"""Co-hosting settings: the mode, the review queue, the anchor's microphone. One model for
`vhost run`, `vhost serve` (and VHOST_COHOST as JSON), with the flags that fill it."""

from __future__ import annotations

import argparse
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from vhost.errors import ConfigError

Mode = Literal["auto", "review", "assist"]
MODES: tuple[str, ...] = ("auto", "review", "assist")
DEFAULT_WAKE = ("小助手", "助手", "assistant")


class CohostConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

    mode: Mode = "auto"
    review_timeout_s: float = Field(15.0, gt=0, le=600)  # a line nobody decided on by then gets the default
    review_default: Literal["approve", "reject"] = "approve"
    assist_gap_s: float = Field(20.0, gt=0)  # assist: the AI volunteers only after this much quiet
    anchor_audio: str | None = None  # wav:FILE | pcm-ws:PORT | alsa:DEV | pulse:DEV | console:
    anchor_yield: Literal["fade", "clause"] = "fade"
    anchor_yield_within_s: float = Field(0.2, gt=0, le=2.0)
    anchor_resume_s: float = Field(0.8, ge=0, le=30)
    anchor_mix: bool = False  # the anchor's voice into the program (a mixer usually does this)
    anchor_mix_gain: float = Field(1.0, ge=0, le=4)
    anchor_vad: int = Field(2, ge=0, le=3)  # webrtcvad aggressiveness: 3 is the strictest about noise
    anchor_asr: str | None = "whisper-base"  # None: no recognition (the floor still works)
    anchor_asr_threads: int = Field(1, ge=1, le=16)
    wake: list[str] = Field(default_factory=lambda: list(DEFAULT_WAKE))  # names the anchor calls the AI by

    @field_validator("anchor_asr", mode="before")
    @classmethod
    def _off(cls, v: object) -> object:
        return None if isinstance(v, str) and v.lower() in ("", "off", "none") else v

    @property
    def live_anchor(self) -> bool:
        """The anchor's input arrives in real time (everything but a WAV recording)."""
        return self.anchor_audio is not None and not self.anchor_audio.startswith("wav:")


def add_arguments(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("co-hosting")
    g.add_argument("--mode", choices=MODES, default="auto",
                   help="auto: the AI speaks freely; review: each AI line waits for approve/edit/reject in the console; "
                        "assist: the AI speaks when asked, or after --assist-gap seconds of quiet")  # fmt: skip
    g.add_argument("--review-timeout", type=float, default=15.0, metavar="S", help="review: seconds before an undecided line gets --review-default (15)")
    g.add_argument("--review-default", choices=("approve", "reject"), default="approve", help="review: what an undecided line gets (approve)")
    g.add_argument("--assist-gap", type=float, default=20.0, metavar="S", help="assist: quiet seconds before the AI speaks unasked (20)")
    g.add_argument("--anchor-audio", default=None, metavar="SPEC",
                   help="the anchor's microphone: wav:FILE[?at=S] | pcm-ws:PORT[?rate=16000] | alsa:DEVICE | pulse:DEVICE | console:")
    g.add_argument("--anchor-yield", choices=("fade", "clause"), default="fade",
                   help="when the anchor talks over the AI: fade out at once, or finish the clause if a pause comes in time (fade)")
    g.add_argument("--anchor-resume", type=float, default=0.8, metavar="S", help="quiet after the anchor's last word before the AI speaks again (0.8)")
    g.add_argument("--anchor-mix", action="store_true", help="mix the anchor's voice into the program audio")
    g.add_argument("--anchor-asr", default="whisper-base", metavar="MODEL|off", help="speech recognition of the anchor (whisper-base, or off)")
    g.add_argument("--wake", action="append", default=None, metavar="WORD", help="what the anchor calls the AI (default: 小助手, 助手, assistant); repeatable")


def from_args(args: argparse.Namespace) -> CohostConfig:
    """The flags as a config; --fast with a live anchor input is refused (it cannot skip time)."""
    spec = getattr(args, "anchor_audio", None)
    try:
        cfg = CohostConfig(
            mode=args.mode, review_timeout_s=args.review_timeout, review_default=args.review_default, assist_gap_s=args.assist_gap,
            anchor_audio=spec, anchor_yield=args.anchor_yield, anchor_resume_s=args.anchor_resume, anchor_mix=args.anchor_mix,
            anchor_asr=args.anchor_asr, wake=args.wake or list(DEFAULT_WAKE),
        )  # fmt: skip
    except ValidationError as e:
        flag = {"review_timeout_s": "--review-timeout", "assist_gap_s": "--assist-gap", "anchor_resume_s": "--anchor-resume"}
        first = e.errors()[0]
        name = str(first["loc"][0]) if first["loc"] else "co-hosting"
        raise ConfigError(f"{flag.get(name, name)}: {first['msg']}") from None
    if cfg.live_anchor and getattr(args, "fast", False):
        raise ConfigError(f"--fast skips idle time, which a live anchor input ({spec}) cannot do", fix="drop --fast, or use --anchor-audio wav:FILE")
    return cfg
