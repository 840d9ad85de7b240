"""The LLM's heartbeat: when no request has gone to the LLM for `every_s` program seconds, ask
it for one token of the show's stable prompt (the prefix a caching backend keeps, so nothing is
evicted). A backend that hangs or fails is then noticed — and alerted — before the next viewer's
question meets it, not only when one does. Counted on the show's metrics like any request; a
heartbeat with no first token within `timeout_s` is an LLM failure too.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from typing import Any

from vhost.clock import Clock, wait_for
from vhost.llm.base import ChatMessage, GenParams

TIMEOUT_ERROR = "HeartbeatTimeout"


async def heartbeat(llm: Any, metrics: Any, clock: Clock, messages: Callable[[], Sequence[ChatMessage]], *,
                    every_s: float = 10.0, timeout_s: float = 3.0) -> None:  # fmt: skip
    """llm: the show's metered LLM (vhost.metrics.MeteredLLM); runs until cancelled."""
    while True:
        await clock.sleep(every_s / 2)
        last = metrics.last_stream_s
        if last is not None and clock.now() - last < every_s:
            continue
        stream = llm.stream(messages(), GenParams(max_tokens=1, temperature=0.0))
        try:
            await wait_for(clock, anext(stream), timeout_s)  # type: ignore[arg-type]
        except TimeoutError:
            metrics.llm_errors[TIMEOUT_ERROR] += 1
            metrics.llm.failure(clock.now())
        except Exception:  # an error is counted by the metered stream itself
            pass
        finally:
            with contextlib.suppress(Exception):
                await stream.aclose()
