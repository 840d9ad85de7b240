"""One LLM stream as sentences, with the first-token deadline and the stall limit on the clock.

A pump task owns the backend's iterator (so it is iterated and closed by one task) and
hands deltas over a bounded queue; closing the sentence iterator cancels the pump, which
acloses the backend stream, so an interrupted utterance stops generation promptly.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncGenerator, Callable, Sequence
from typing import Any

from vhost.clock import Clock, wait_for
from vhost.errors import VhostError
from vhost.llm.base import LLM, ChatMessage, GenParams, LLMError
from vhost.text.chunker import SentenceChunker
from vhost.writer.clean import split_emotion

log = logging.getLogger(__name__)

try:  # backend errors that must never escape into speech
    import httpx

    _HTTP_ERRORS: tuple[type[BaseException], ...] = (httpx.HTTPError,)
except ImportError:  # pragma: no cover
    _HTTP_ERRORS = ()
try:
    import aiohttp

    _HTTP_ERRORS += (aiohttp.ClientError,)
except ImportError:  # pragma: no cover
    pass
BACKEND_ERRORS: tuple[type[BaseException], ...] = (LLMError, OSError, TimeoutError, VhostError, ValueError, RuntimeError, *_HTTP_ERRORS)


class StreamFailed(Exception):
    """The stream gave no usable text: first_token_timeout | stall | llm_error. Never spoken."""

    def __init__(self, cause: str, error: BaseException | None = None) -> None:
        super().__init__(cause)
        self.cause = cause
        self.error = error


async def sentences(
    llm: LLM,
    clock: Clock,
    messages: Sequence[ChatMessage],
    params: GenParams,
    chunker: SentenceChunker,
    *,
    first_token_s: float,
    stall_s: float,
    clock_busy: bool = False,
    on_first_token: Callable[[float], None] | None = None,
    name: str = "llm",
) -> AsyncGenerator[tuple[str, str | None], None]:
    """Yield (sentence, emotion tag) as the backend writes; raise StreamFailed."""
    queue: asyncio.Queue[tuple[str, Any]] = asyncio.Queue(maxsize=64)
    stream = llm.stream(messages, params)

    async def pump() -> None:
        try:
            async for delta in stream:
                await queue.put(("delta", delta))
            await queue.put(("end", None))
        except asyncio.CancelledError:
            raise
        except BACKEND_ERRORS as e:
            await queue.put(("error", e))
        except Exception as e:  # a backend bug must not take the show down either
            log.exception("LLM backend %s crashed", getattr(llm, "name", "?"))
            await queue.put(("error", e))
        finally:
            with contextlib.suppress(Exception, asyncio.CancelledError):
                await stream.aclose()  # type: ignore[attr-defined]

    task = asyncio.create_task(pump(), name=name)
    first = True
    try:
        while True:
            busy = clock.busy() if clock_busy else contextlib.nullcontext()
            try:
                with busy:
                    kind, value = await wait_for(clock, queue.get(), first_token_s if first else stall_s)
            except TimeoutError:
                raise StreamFailed("first_token_timeout" if first else "stall") from None
            if kind == "end":
                break
            if kind == "error":
                log.warning("LLM stream failed: %s", value)
                raise StreamFailed("llm_error", value)
            if first:
                first = False
                if on_first_token is not None:
                    on_first_token(clock.now())
            for s in chunker.feed(str(value)):
                text, emotion = split_emotion(s)
                if text:
                    yield text, emotion
        for s in chunker.flush():
            text, emotion = split_emotion(s)
            if text:
                yield text, emotion
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await task
