"""A scripted LLM that implements the real Protocol: deltas, delays on the clock, errors, stalls."""

from __future__ import annotations

import random
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass

from vhost.clock import Clock
from vhost.llm.base import ChatMessage, GenParams, LLMError
from vhost.soak.backends import scripted_reply


@dataclass(frozen=True)
class Reply:
    deltas: tuple[str, ...] = ()
    first_delay: float = 0.0  # program seconds before the first delta
    delay: float = 0.0  # between deltas
    error_after: int | None = None  # raise after this many deltas
    error: str = "backend exploded: HTTP 500 Internal Server Error"
    stall_after: int | None = None  # hang forever after this many deltas

    @classmethod
    def text(cls, text: str, step: int = 3, **kw: float | int | None) -> Reply:
        return cls(tuple(text[i : i + step] for i in range(0, len(text), step)), **kw)  # type: ignore[arg-type]


Responder = Callable[[Sequence[ChatMessage]], Reply]


class FakeLLM:
    name = "fake"

    def __init__(self, clock: Clock, replies: Sequence[Reply | str] | Responder = (), default: Reply | None = None) -> None:
        self.clock = clock
        self._responder = replies if callable(replies) else None
        self._queue = [] if callable(replies) else [r if isinstance(r, Reply) else Reply.text(r) for r in replies]
        self._default = default or Reply()
        self.calls: list[list[ChatMessage]] = []
        self.params: list[GenParams] = []
        self.closed = 0  # streams that ended early (aclose/cancel) or finished
        self.yielded = 0

    def _next(self, messages: Sequence[ChatMessage]) -> Reply:
        if self._responder is not None:
            return self._responder(messages)
        return self._queue.pop(0) if self._queue else self._default

    async def stream(self, messages: Sequence[ChatMessage], params: GenParams) -> AsyncIterator[str]:
        self.calls.append(list(messages))
        self.params.append(params)
        reply = self._next(messages)
        try:
            if reply.first_delay:
                await self.clock.sleep(reply.first_delay)
            for i, d in enumerate(reply.deltas):
                if reply.error_after is not None and i >= reply.error_after:
                    raise LLMError(reply.error)
                if reply.stall_after is not None and i >= reply.stall_after:
                    await self.clock.sleep(1e9)
                if i and reply.delay:
                    await self.clock.sleep(reply.delay)
                self.yielded += 1
                yield d
            if reply.error_after is not None and reply.error_after >= len(reply.deltas):
                raise LLMError(reply.error)
        finally:
            self.closed += 1

    async def aclose(self) -> None:
        return None


RISKY_ZH = ("這是全網最低價！", "只要 99 元就能帶走！", "加我微信 abc123 領券。", "作為AI，我只能這樣說。", "這款可以治療失眠。")
RISKY_EN = ("This is the best one in the world!", "It's only 9 yuan today!", "As an AI, I cannot say more.")


def facts_responder(seed: int = 7, risky: float = 0.2, first_delay: float = 0.3, delay: float = 0.04) -> Responder:
    """A stand-in host model (the soak's scripted one) that also obeys quoted instructions, as a small model does."""
    rng = random.Random(seed)

    def respond(messages: Sequence[ChatMessage]) -> Reply:
        text = scripted_reply(messages, rng, risky, risky_lines=(RISKY_ZH, RISKY_EN), echo=True)
        return Reply.text(text, step=3, first_delay=first_delay, delay=delay)

    return respond
