"""An ordered chain of LLM backends behind the one LLM Protocol (`--llm` repeated).

Each request goes to the first backend whose circuit breaker lets it through. A backend
that errs before its first token, answers nothing, or has no first token within
``first_token_s`` is abandoned and the next one is asked, in the same request: a failing
remote costs one deadline, not an answer. The chain's deadline is shorter than the
writer's (`WriterConfig.first_token_s`), so the last backend still has time to answer
before the writer falls back to a persona line. The last backend that can be asked gets
no deadline of its own: the writer's applies.

Once a backend has spoken, a failure is final for that request (going on with another
backend would put two half-answers on air); it counts against that backend's breaker.

Which backend spoke is recorded per request (`trace()`), for the transcript.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import Counter
from collections.abc import AsyncIterator, Iterator, Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from vhost.clock import Clock, wait_for
from vhost.health import Health
from vhost.llm.base import LLM, ChatMessage, GenParams, LLMError
from vhost.llm.breaker import CLOSED, HALF_OPEN, OPEN, Breaker, BreakerConfig

log = logging.getLogger(__name__)

DEFAULT_FIRST_TOKEN_S = 1.2
_STATES = {CLOSED: "up", OPEN: "down", HALF_OPEN: "probing"}


@dataclass(frozen=True, slots=True)
class Attempt:
    backend: str
    outcome: str  # spoke | error | timeout | empty | skipped (breaker open)
    detail: str = ""

    def __str__(self) -> str:
        return f"{self.backend}: {self.outcome}" + (f" ({self.detail})" if self.detail else "")


_TRACE: ContextVar[list[Attempt] | None] = ContextVar("vhost_llm_trace", default=None)


@contextlib.contextmanager
def trace() -> Iterator[list[Attempt]]:
    """Collects the attempts of every chain request started in this context (tasks created
    inside inherit it), e.g. around the preparation of one utterance."""
    attempts: list[Attempt] = []
    token = _TRACE.set(attempts)
    try:
        yield attempts
    finally:
        _TRACE.reset(token)


def start_trace() -> list[Attempt]:
    """Like trace(), for the whole of the current task (a task's context is its own copy)."""
    attempts: list[Attempt] = []
    _TRACE.set(attempts)
    return attempts


def transcript_fields(attempts: Sequence[Attempt] | None) -> dict[str, Any]:
    """{"llm": the backend that answered, "llm_failed": what was tried before it}, as present."""
    if not attempts:
        return {}
    out: dict[str, Any] = {}
    spoke = list(dict.fromkeys(a.backend for a in attempts if a.outcome == "spoke"))
    if spoke:
        out["llm"] = spoke[0] if len(spoke) == 1 else spoke
    failed = [str(a) for a in attempts if a.outcome != "spoke"]
    if failed:
        out["llm_failed"] = failed[:8]
    return out


def _note(attempt: Attempt) -> None:
    got = _TRACE.get()
    if got is not None and len(got) < 64:
        got.append(attempt)


class _Backend:
    def __init__(self, llm: LLM, name: str, config: BreakerConfig) -> None:
        self.llm = llm
        self.name = name
        self.breaker = Breaker(name, config)
        self.counts: Counter[str] = Counter()  # requests, answered, errors, timeouts, empty, skipped
        self.last_error: str | None = None
        self.last_answer_s: float | None = None

    def health(self) -> Health:
        b = self.breaker
        state = _STATES[b.state] if self.counts["requests"] or b.state != CLOSED else "standby"
        return Health(
            self.name, "llm", state, since_s=b.changed_s, last_event_s=self.last_answer_s, last_seen_s=self.last_answer_s,
            error=self.last_error, breaker=b.state, counts={**self.counts, "opened": b.opened, "probes": b.probes},
        )  # fmt: skip


_Item = tuple[str, Any]  # ("delta", str) | ("end", None) | ("error", exception)


async def _pump(llm: LLM, messages: Sequence[ChatMessage], params: GenParams, queue: asyncio.Queue[_Item]) -> None:
    """Owns one backend stream: iterated and closed by this task alone."""
    stream = llm.stream(messages, params)
    try:
        async for delta in stream:
            await queue.put(("delta", delta))
        await queue.put(("end", None))
    except asyncio.CancelledError:
        raise
    except Exception as e:  # whatever a backend raises is its failure, never the show's
        await queue.put(("error", e))
    finally:
        with contextlib.suppress(Exception, asyncio.CancelledError):
            await stream.aclose()  # type: ignore[attr-defined]


class ChainLLM:
    def __init__(
        self,
        llms: Sequence[LLM],
        clock: Clock,
        *,
        first_token_s: float = DEFAULT_FIRST_TOKEN_S,
        breaker: BreakerConfig | None = None,
    ) -> None:
        if not llms:
            raise ValueError("an LLM chain needs at least one backend")
        if first_token_s <= 0:
            raise ValueError("first_token_s must be > 0")
        self.clock = clock
        self.first_token_s = first_token_s
        names: list[str] = []
        for llm in llms:  # two backends may share a name (two vLLM hosts serving one model)
            base = str(getattr(llm, "name", "llm"))
            names.append(base if base not in names else f"{base}#{len(names) + 1}")
        config = breaker or BreakerConfig()
        self.backends = [_Backend(llm, n, config) for llm, n in zip(llms, names, strict=True)]
        self.name = " > ".join(names)
        self._spoke: _Backend | None = None

    @property
    def last_stats(self) -> dict[str, float]:
        """The engine timings of the backend that answered last (prefill, cache reuse, decode)."""
        return dict(getattr(self._spoke.llm, "last_stats", {}) or {}) if self._spoke is not None else {}

    @property
    def caches_prefix(self) -> bool:
        return any(getattr(b.llm, "caches_prefix", False) for b in self.backends)

    @property
    def local(self) -> LLM | None:
        """The first backend that runs on this machine (its engine and threads are reported)."""
        return next((b.llm for b in self.backends if getattr(b.llm, "engine", None)), None)

    def health(self) -> list[Health]:
        return [b.health() for b in self.backends]

    def _fail(self, b: _Backend, outcome: str, detail: str) -> Attempt:
        now = self.clock.now()
        b.counts["errors" if outcome == "error" else "timeouts" if outcome == "timeout" else outcome] += 1
        b.last_error = f"{outcome}: {detail}" if detail else outcome
        b.breaker.failure(now)
        attempt = Attempt(b.name, outcome, detail)
        _note(attempt)
        log.warning("LLM %s", attempt)
        return attempt

    async def stream(self, messages: Sequence[ChatMessage], params: GenParams) -> AsyncIterator[str]:
        failed: list[Attempt] = []
        for i, b in enumerate(self.backends):
            now = self.clock.now()
            if not b.breaker.allow(now):
                b.counts["skipped"] += 1
                _note(Attempt(b.name, "skipped", "breaker open"))
                continue
            b.counts["requests"] += 1
            later = any(o.breaker.ready(now) for o in self.backends[i + 1 :])
            deadline = self.first_token_s if later else None
            queue: asyncio.Queue[_Item] = asyncio.Queue(maxsize=64)
            pump = asyncio.create_task(_pump(b.llm, messages, params, queue), name=f"llm-{b.name}")
            verdict: str | None = None  # ok | failed; None: the caller stopped listening first
            spoke = False
            try:
                try:
                    get = queue.get()
                    kind, value = await (wait_for(self.clock, get, deadline) if deadline is not None else get)
                except TimeoutError:
                    verdict = "failed"
                    failed.append(self._fail(b, "timeout", f"no first token in {deadline:g} s"))
                    continue
                if kind != "delta":
                    verdict = "failed"
                    outcome, detail = ("empty", "") if kind == "end" else ("error", str(value).removeprefix(f"{b.llm.name}: ")[:200])
                    failed.append(self._fail(b, outcome, detail))
                    continue
                spoke = True
                self._spoke = b
                b.counts["answered"] += 1
                b.last_answer_s = self.clock.now()
                _note(Attempt(b.name, "spoke"))
                yield value
                while True:
                    kind, value = await queue.get()
                    if kind == "delta":
                        yield value
                    elif kind == "end":
                        verdict = "ok"
                        b.breaker.success(self.clock.now())
                        return
                    else:
                        verdict = "failed"
                        self._fail(b, "error", f"mid-stream: {str(value).removeprefix(f'{b.llm.name}: ')}"[:200])
                        raise LLMError(f"{b.name}: failed mid-stream: {value}")
            finally:
                pump.cancel()
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await pump
                if verdict is None:
                    self._abandoned(b, now, spoke=spoke)
        raise LLMError("no LLM backend answered: " + ("; ".join(map(str, failed)) or "every breaker is open"))

    def _abandoned(self, b: _Backend, started: float, *, spoke: bool) -> None:
        """The caller closed the stream before it ended (an interrupted utterance, enough
        sentences, or the writer's own deadline)."""
        now = self.clock.now()
        if spoke:
            b.breaker.success(now)  # it was answering: healthy
        elif now - started >= self.first_token_s:
            self._fail(b, "timeout", f"no first token in {now - started:.1f} s")
        else:
            b.breaker.release(now)

    async def aclose(self) -> None:
        for b in self.backends:
            with contextlib.suppress(Exception):
                await b.llm.aclose()
