"""The LLM backend Protocol: a stream of text deltas for a chat."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from typing import Protocol


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
