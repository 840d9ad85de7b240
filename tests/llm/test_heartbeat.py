"""The LLM heartbeat: a hung backend is counted as failing while no viewer asks anything, and a
backend that is asked often is not asked more."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace

from tests.fakes.fake_llm import FakeLLM, Reply
from tests.tts.engines import running
from vhost.clock import FastClock
from vhost.llm.base import ChatMessage, GenParams
from vhost.llm.heartbeat import TIMEOUT_ERROR, heartbeat
from vhost.metrics import ShowMetrics

PROMPT = [ChatMessage("system", "你是主播"), ChatMessage("user", "filler")]


async def beat(replies: list[Reply], until: float, asked_at: tuple[float, ...] = ()) -> tuple[ShowMetrics, FakeLLM]:
    clock = FastClock(wall=False)
    metrics = ShowMetrics(SimpleNamespace(clock=clock))
    llm = FakeLLM(clock, replies, default=Reply.text("好"))
    metered = metrics.meter_llm(llm)
    async with running(clock):
        task = asyncio.create_task(heartbeat(metered, metrics, clock, lambda: PROMPT, every_s=10.0, timeout_s=3.0))
        for t in asked_at:  # the show's own requests
            await clock.sleep_until(t)
            async for _ in metered.stream(PROMPT, GenParams(max_tokens=4)):
                pass
        await clock.sleep_until(until)
        task.cancel()
    return metrics, llm


async def test_a_hung_backend_is_a_failure_without_any_viewer() -> None:
    metrics, llm = await beat([Reply.text("好", first_delay=1e6)], until=12.0)
    assert len(llm.calls) == 1 and llm.params[0].max_tokens == 1
    assert metrics.llm_errors[TIMEOUT_ERROR] == 1 and not metrics.llm.usable


async def test_a_healthy_backend_recovers_and_a_busy_one_is_not_asked() -> None:
    metrics, llm = await beat([Reply.text("好", first_delay=1e6)], until=30.0)
    assert len(llm.calls) >= 2 and metrics.llm.usable  # the next beat got its token: usable again
    _, busy = await beat([], until=30.0, asked_at=(4.0, 12.0, 20.0, 28.0))
    assert len(busy.calls) == 4  # asked every 8 s by the show: no heartbeat needed
