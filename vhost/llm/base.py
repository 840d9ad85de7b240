"""The LLM backend Protocol: a stream of text deltas for a chat."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol


@dataclass(frozen=True, slots=True)
class ChatMessage:
    role: str  # system | user | assistant
    content: str


@dataclass(frozen=True, slots=True)
class GenParams:
    max_tokens: int = 96
    temperature: float = 0.7
    top_p: float = 0.9
    stop: tuple[str, ...] = field(default_factory=tuple)
    seed: int | None = None


class LLMError(Exception):
    """The backend failed (connection, HTTP status, decode). Never spoken; the writer falls back."""


class LLM(Protocol):
    name: str

    def stream(self, messages: Sequence[ChatMessage], params: GenParams) -> AsyncIterator[str]:
        """Yield text deltas. Cancelling the iterator (aclose) must stop generation promptly."""
        ...

    async def aclose(self) -> None: ...


async def until_stop(queue: asyncio.Queue[Any], end: object, stops: Sequence[str] | None) -> AsyncIterator[str]:
    """Pieces from a decoder's queue until `end`, cut where a stop sequence begins (the stop
    itself is never yielded, even when it arrives split across pieces)."""
    text = ""
    while True:
        item = await queue.get()
        if item is end:
            return
        text += item
        if stops and any(s in text for s in stops):
            cut = min(text.find(s) for s in stops if s in text)
            tail = item[: max(0, len(item) - (len(text) - cut))]
            if tail:
                yield tail
            return
        yield item
