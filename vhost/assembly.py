"""What a show is built from: its validated config and the backends its specs name."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from vhost.clock import Clock
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
    llm: str | None = None  # "local[:NAME]" (default) or "openai:URL?model=..."
    sinks: list[str] = Field(default_factory=list)
    avatars: list[str] = Field(default_factory=list)
    cue_lead_s: float = 0.0
    speed: float = 1.0
    watch: bool = True
    progress: bool = False
    pitch_every_s: float = 30.0
    music: Path | None = None  # background bed, looped and ducked under speech
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
    """Marks the clock busy while the model streams, so FastClock never skips compute time."""

    def __init__(self, inner: LLM, clock: Clock) -> None:
        self.inner, self.clock, self.name = inner, clock, inner.name

    async def stream(self, messages: Sequence[ChatMessage], params: GenParams) -> AsyncIterator[str]:
        with self.clock.busy():
            agen = self.inner.stream(messages, params)
            try:
                async for delta in agen:
                    yield delta
            finally:
                await agen.aclose()  # type: ignore[attr-defined]

    async def aclose(self) -> None:
        await self.inner.aclose()


def build_llm(config: ShowConfig) -> LLM:
    spec = config.llm or "local"
    if spec.startswith("openai:"):
        from vhost.llm.openai_compat import from_spec

        return from_spec(spec)
    from vhost.llm.local import load_default

    name = spec.partition(":")[2] or config.model
    return load_default(name)


def build_sources(specs: Sequence[str], ctx: SourceContext, delivered: dict[str, int] | None = None) -> list[Source]:
    """`delivered`: events each source (by position) delivered before a resume."""
    from dataclasses import replace

    from vhost.sources.registry import build_source

    return [build_source(s, replace(ctx, skip=(delivered or {}).get(str(i), 0))) for i, s in enumerate(specs)]


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
