"""The persona on air in the writer, and its hot reload: what a new persona needs before it can answer (its guard,
templates and the embeddings of its facts) is built on a worker thread (`OnAir.prepare`) while the one on air keeps
answering, then swapped in at the next job; an LLM that keeps its KV cache prefills the new prompt. A mixin of
Writer, which declares what it reads here."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import Any

from vhost.errors import VhostError
from vhost.guard import Guard
from vhost.llm.base import LLM, GenParams
from vhost.llm.prompt import build_messages, own_words
from vhost.persona.model import Persona
from vhost.plays.live import LiveFacts
from vhost.writer.answering import Answering
from vhost.writer.templates import Templates

log = logging.getLogger("vhost.writer.writer")


@dataclass(frozen=True)
class Prepared:
    """A persona ready to go on air in the writer (Writer.prepare): its guard, templates and answering built."""

    persona: Persona
    guard: Guard
    templates: Templates
    answering: Answering
    keep: tuple[tuple[str, str], ...]



class OnAir:
    llm: LLM
    live: LiveFacts | None
    persona: Persona
    guard: Guard
    templates: Templates
    answering: Answering
    _own_guard: bool
    _keep: tuple[tuple[str, str], ...]
    _pending: Persona | Prepared | None
    _rewarm: asyncio.Task[Any] | None

    async def warm(self, llm: LLM | None = None) -> None:
        """Before the first question: build the understanding (embeddings) and have an LLM that
        keeps its KV cache prefill each language's stable system prompt, so replies only prefill
        their new turn. `llm`: the backend itself, outside any clock accounting."""
        self._apply_pending(rewarm=False)
        await asyncio.to_thread(lambda: self.answering.understander)
        llm = llm or self.llm
        if not getattr(llm, "caches_prefix", False):
            return
        fams = dict.fromkeys("en" if x == "en" else "zh" for x in self.persona.identity.languages)
        for fam in fams:
            lang = next(x for x in self.persona.identity.languages if ("en" if x == "en" else "zh") == fam)
            msgs = build_messages(self.answering.edition(lang), "filler", lang)
            stream = llm.stream(msgs, GenParams(max_tokens=1, temperature=0.0))
            try:
                async for _ in stream:
                    pass
            except Exception as e:  # a backend that is down now may be up by the first question
                log.warning("LLM warm-up failed: %s", e)
                return
            finally:
                await stream.aclose()  # type: ignore[attr-defined]

    def set_persona(self, persona: Persona | Prepared) -> None:
        """Hot reload: applied when the next job starts. A persona from `prepare` is swapped in as it is;
        a bare one is built then (its understanding later, on first use)."""
        self._pending = persona

    def _build(self, persona: Persona, understand: bool) -> Prepared:
        guard = Guard(persona, live=self.live) if self._own_guard else self.guard
        answering = Answering(persona, self.live)
        if understand:
            answering.understander  # noqa: B018 - the embeddings of the persona's facts, seconds of CPU
        return Prepared(persona, guard, Templates(persona, self.live), answering, own_words(persona))

    async def prepare(self, persona: Persona) -> Prepared:
        """Everything a reload needs, built on a worker thread (seconds on a small machine) while the
        persona on air keeps answering; raises VhostError for a persona the guard refuses."""
        return await asyncio.to_thread(self._build, persona, True)

    def _apply_pending(self, rewarm: bool = True) -> None:
        if self._pending is None:
            return
        pending, self._pending = self._pending, None
        if isinstance(pending, Prepared):
            ready = pending
        else:
            try:
                ready = self._build(pending, understand=False)
            except VhostError as e:
                log.error("persona reload refused, keeping %s: %s", self.persona.id, e.one_line())
                return
        self.persona, self.guard, self.templates, self.answering, self._keep = (
            ready.persona, ready.guard, ready.templates, ready.answering, ready.keep)  # fmt: skip
        if rewarm:  # the new persona is a new prefix: prefill it now, not on the next question
            self._rewarm = asyncio.get_running_loop().create_task(self.warm(), name="writer-rewarm")
