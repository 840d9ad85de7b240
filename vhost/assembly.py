"""What a show is built from: its validated config and the backends its specs name."""

from __future__ import annotations

import collections
import statistics
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from vhost.clock import Clock, WallClock
from vhost.cohost.config import CohostConfig
from vhost.errors import ConfigError
from vhost.llm.base import LLM, ChatMessage, GenParams
from vhost.persona.model import Persona
from vhost.sinks.base import AudioSink, CueSink
from vhost.sources.base import Source, SourceContext


class ShowConfig(BaseModel):
    """Everything `vhost run` takes; validated at the edge."""

    model_config = ConfigDict(extra="forbid", arbitrary_types_allowed=True)
    persona: Path
    sources: list[str] = Field(default_factory=list)
    out: Path = Path("out/show")
    duration_s: float | None = Field(90.0, gt=0)
    realtime: bool = False
    model: str | None = None
    llm: list[str] = Field(default_factory=list)  # in order: "openai:URL?model=...", "local[:NAME]" (default)
    llm_first_token_s: float = Field(1.2, gt=0)  # each backend but the last in a chain: then the next one
    sinks: list[str] = Field(default_factory=list)
    avatars: list[str] = Field(default_factory=list)
    cue_lead_s: float = 0.0
    speed: float = 1.0
    watch: bool = True
    progress: bool = False
    pitch_every_s: float = 30.0
    music: Path | None = None  # background bed, looped and ducked under speech
    alerts: Path | None = None  # alert rules and webhooks (YAML)
    cohost: CohostConfig = Field(default_factory=CohostConfig)  # mode, review, the anchor's microphone

    @field_validator("llm", mode="before")
    @classmethod
    def _llm_list(cls, v: object) -> object:
        return [] if v is None else [v] if isinstance(v, str) else v
    resume: bool = False  # continue the show in `out` (its journal) instead of starting one

    def saved(self) -> dict[str, Any]:
        """What the journal keeps so `--resume DIR` needs no other flag (paths made absolute)."""
        d = self.model_dump(mode="json", exclude={"resume", "progress", "out"})
        d["persona"] = str(self.persona.resolve())
        d["sources"] = [_absolute_replay(s) for s in self.sources]
        if self.music is not None:
            d["music"] = str(self.music.resolve())
        return d


def _absolute_replay(spec: str) -> str:
    scheme, sep, rest = spec.partition(":")
    if scheme != "replay" or not sep:
        return spec
    target, q, query = rest.partition("?")
    return f"replay:{Path(target).resolve()}{q}{query}"


@dataclass
class ShowResult:
    out: Path
    program_s: float
    wall_s: float
    utterances: int
    counts: dict[str, int]
    stats: dict[str, Any] = field(default_factory=dict)


class BusyLLM:
    """Marks the clock busy while the model streams, so FastClock never skips compute time;
    keeps the engine's own timings of recent requests (prefill, cache reuse, decode)."""

    def __init__(self, inner: LLM, clock: Clock) -> None:
        self.inner, self.clock, self.name = inner, clock, inner.name
        self.caches_prefix = bool(getattr(inner, "caches_prefix", False))
        self.timings: collections.deque[dict[str, float]] = collections.deque(maxlen=256)

    async def stream(self, messages: Sequence[ChatMessage], params: GenParams) -> AsyncIterator[str]:
        with self.clock.busy():
            agen = self.inner.stream(messages, params)
            try:
                async for delta in agen:
                    yield delta
            finally:
                await agen.aclose()  # type: ignore[attr-defined]
                stats = getattr(self.inner, "last_stats", None)
                if stats and stats.get("predicted_ms"):
                    self.timings.append(dict(stats))

    def summary(self) -> dict[str, Any]:
        """Medians over recent requests that decoded at least 8 tokens."""
        rows = [t for t in self.timings if t.get("predicted_n", 0) >= 8]
        if not rows:
            return {"requests": len(self.timings)}
        med = lambda xs: round(statistics.median(xs), 3)  # noqa: E731
        return {
            "requests": len(self.timings),
            "decode_tok_s": med([t["predicted_n"] / t["predicted_ms"] * 1000 for t in rows]),
            "prefill_ms": med([t.get("prompt_ms", 0.0) for t in rows]),
            "prefilled_tokens": med([t.get("prompt_n", 0.0) for t in rows]),
            "cached_tokens": med([t.get("cache_n", 0.0) for t in rows]),
        }

    async def aclose(self) -> None:
        await self.inner.aclose()


def build_llm(config: ShowConfig, clock: Clock | None = None) -> LLM:
    """The `--llm` specs in order as one chain (see vhost.llm.chain); each spec is built by
    its own backend's builder."""
    from vhost.llm.chain import ChainLLM
    from vhost.writer.jobs import WriterConfig

    writer_s = WriterConfig().first_token_s
    if config.llm_first_token_s >= writer_s:
        raise ConfigError(
            f"--llm-first-token {config.llm_first_token_s:g} s must be shorter than the writer's {writer_s:g} s",
            fix="the next backend needs time to answer before a holding line is said",
        )
    llms = [_build_one(spec, config) for spec in config.llm or ["local"]]
    return ChainLLM(llms, clock or WallClock(), first_token_s=config.llm_first_token_s)


def _build_one(spec: str, config: ShowConfig) -> LLM:
    if spec.startswith("openai:"):
        from vhost.llm.openai_compat import from_spec

        return from_spec(spec)
    from vhost.llm.local import from_spec as local_from_spec

    return local_from_spec(spec, config.model)


def build_sources(specs: Sequence[str], ctx: SourceContext, delivered: dict[str, int] | None = None) -> list[Source]:
    """`delivered`: events each source (by position) delivered before a resume."""
    from vhost.sources.registry import build_sources as build

    return build(specs, ctx, delivered)


def build_outputs(config: ShowConfig, persona: Persona, clock: Clock) -> tuple[list[AudioSink], list[CueSink]]:
    from vhost.sinks.registry import AUDIO_SINKS, CUE_SINKS, split_spec

    ctx = {"persona": persona, "clock": clock, "out_dir": config.out, "fast": not config.realtime, "resume": config.resume}
    audio: list[AudioSink] = []
    cues: list[CueSink] = []
    for spec in config.sinks:
        scheme, target, params = split_spec(spec)
        audio.append(AUDIO_SINKS.get(scheme)(target, params, ctx))
    for spec in config.avatars:
        scheme, target, params = split_spec(spec)
        cues.append(CUE_SINKS.get(scheme)(target, params, ctx))
    return audio, cues
