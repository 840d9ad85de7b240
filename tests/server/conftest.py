"""A real uvicorn server on 127.0.0.1:0 running the app (lifespan included) with a FakeLLM show."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn

from server.app import create_app
from server.security import uvicorn_config
from server.settings import Settings
from tests.fakes.fake_llm import FakeLLM, Reply
from tests.tts.engines import ScriptedTTS
from vhost.clock import WallClock
from vhost.show import Show

PERSONA = Path(__file__).parent / "data" / "cohost.yaml"
TOKEN = "Tq8vK2xW-mZ4rN7pL1sY9dB3hF6jC0gE"
ANSWER = "X1 單次續航 8 小時。"


@dataclass
class Served:
    url: str
    settings: Settings
    show: Show
    client: httpx.AsyncClient
    app: Any

    @property
    def ws_url(self) -> str:
        return self.url.replace("http://", "ws://")


def fake_show(reply: str = ANSWER, speech_s: float | None = 0.5) -> Callable[[Settings], Show]:
    """A show on the wall clock with a scripted LLM; each sentence speaks `speech_s` seconds
    of tone, or real espeak-ng with speech_s=None."""

    def build(settings: Settings) -> Show:
        clock = WallClock()
        llm = FakeLLM(clock, [], default=Reply.text(reply))
        tts = None if speech_s is None else ScriptedTTS("tone", seconds=speech_s)
        return Show(settings.show_config(), llm=llm, tts=tts, clock=clock, busy_llm=False)

    return build


@contextlib.asynccontextmanager
async def serve(tmp_path: Path, factory: Callable[[Settings], Show] | None = None, **values: Any) -> AsyncIterator[Served]:
    values = {"persona": PERSONA, "out": tmp_path / "out", "control_token": TOKEN, "watch": False, "port": 0, **values}
    settings = Settings(**values)
    built: list[Show] = []
    inner = factory or fake_show()

    def record(s: Settings) -> Show:
        built.append(inner(s))
        return built[-1]

    app = create_app(settings, show_factory=record)
    server = uvicorn.Server(uvicorn_config(app, settings))
    task = asyncio.create_task(server.serve(), name="uvicorn")
    try:
        async with asyncio.timeout(20):
            while not server.started:
                if task.done():
                    task.result()
                await asyncio.sleep(0.02)
        port = server.servers[0].sockets[0].getsockname()[1]
        url = f"http://127.0.0.1:{port}"
        headers = {"Authorization": f"Bearer {TOKEN}"}
        async with httpx.AsyncClient(base_url=url, headers=headers, timeout=20) as client:
            yield Served(url, settings, built[0], client, app)
    finally:
        server.should_exit = True
        async with asyncio.timeout(30):
            await task


@pytest.fixture
async def live(tmp_path: Path) -> AsyncIterator[Served]:
    async with serve(tmp_path) as s:
        yield s


async def wait_until(pred: Callable[[], Any], timeout: float = 10.0, every: float = 0.1) -> Any:
    """Poll an async or plain predicate until it is truthy; returns its last value."""
    value = None
    with contextlib.suppress(TimeoutError):
        async with asyncio.timeout(timeout):
            while True:
                value = pred()
                if asyncio.iscoroutine(value):
                    value = await value
                if value:
                    break
                await asyncio.sleep(every)
    return value
