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
    alerts: Path | None = None  # alert rules and webhooks (YAML)


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


def build_sources(specs: Sequence[str], ctx: SourceContext) -> list[Source]:
    from vhost.sources.registry import build_source

    return [build_source(s, ctx) for s in specs]


def build_outputs(config: ShowConfig, persona: Persona, clock: Clock) -> tuple[list[AudioSink], list[CueSink]]:
    from vhost.sinks.registry import AUDIO_SINKS, CUE_SINKS, split_spec

    ctx = {"persona": persona, "clock": clock, "out_dir": config.out, "fast": not config.realtime}
    audio: list[AudioSink] = []
    cues: list[CueSink] = []
    for spec in config.sinks:
        scheme, target, params = split_spec(spec)
        audio.append(AUDIO_SINKS.get(scheme)(target, params, ctx))
    for spec in config.avatars:
        scheme, target, params = split_spec(spec)
        cues.append(CUE_SINKS.get(scheme)(target, params, ctx))
    return audio, cues
