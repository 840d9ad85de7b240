"""A real HTTP server on 127.0.0.1 speaking OpenAI chat-completions streaming (SSE).

Each request takes the next scripted Behaviour (or the default): a normal stream, an
HTTP error with Retry-After, a late first token, a mid-stream stall, or a disconnect.
"""

from __future__ import annotations

import asyncio
import json
import time
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from tests.fakes.loopback import serve_loopback


@dataclass(frozen=True)
class Behaviour:
    text: str = "好的。"
    chunk: int = 2  # characters per delta
    status: int = 200
    retry_after: str | None = None
    first_delay: float = 0.0  # seconds before the first event (wall time)
    delay: float = 0.0  # between events
    stall_after: int | None = None  # stop sending (keep the socket open) after N deltas
    disconnect_after: int | None = None  # drop the connection after N deltas
    done: bool = True  # send data: [DONE]
    as_json: bool = False  # ignore stream=true and answer with one JSON body


@dataclass
class Request:
    body: dict[str, Any]
    headers: dict[str, str]
    t: float = field(default_factory=time.monotonic)


class FakeOpenAIServer:
    def __init__(self, behaviours: list[Behaviour] | None = None, default: Behaviour | None = None) -> None:
        self.behaviours = list(behaviours or [])
        self.default = default or Behaviour()
        self.requests: list[Request] = []
        self._runner: web.AppRunner | None = None
        self.port = 0
        self.stalls: list[asyncio.Event] = []

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    async def __aenter__(self) -> FakeOpenAIServer:
        app = web.Application()
        app.router.add_post("/v1/chat/completions", self._chat)
        self._runner, self.port = await serve_loopback(app)
        return self

    async def __aexit__(self, *exc: object) -> None:
        for ev in self.stalls:
            ev.set()
        if self._runner is not None:
            await self._runner.cleanup()

    def _event(self, content: str | None, finish: str | None = None) -> bytes:
        delta: dict[str, Any] = {} if content is None else {"content": content}
        obj = {
            "id": "chatcmpl-fake",
            "object": "chat.completion.chunk",
            "created": int(time.time()),
            "model": "fake",
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
        }
        return f"data: {json.dumps(obj, ensure_ascii=False)}\n\n".encode()

    async def _chat(self, request: web.Request) -> web.StreamResponse:
        body = await request.json()
        self.requests.append(Request(body, dict(request.headers)))
        b = self.behaviours.pop(0) if self.behaviours else self.default
        if b.status != 200:
            headers = {"Retry-After": b.retry_after} if b.retry_after is not None else None
            err = {"error": {"message": f"fake error {b.status}", "type": "server_error"}}
            return web.json_response(err, status=b.status, headers=headers)
        if b.first_delay:
            await asyncio.sleep(b.first_delay)
        pieces = [b.text[i : i + b.chunk] for i in range(0, len(b.text), b.chunk)]
        if b.as_json:
            msg = {"choices": [{"index": 0, "message": {"role": "assistant", "content": b.text}}]}
            return web.json_response(msg)
        resp = web.StreamResponse(headers={"Content-Type": "text/event-stream", "Cache-Control": "no-cache"})
        await resp.prepare(request)
        await resp.write(b": keep-alive\n\n")
        await resp.write(self._event(None) .replace(b'"delta": {}', b'"delta": {"role": "assistant"}'))
        for i, piece in enumerate(pieces):
            if b.stall_after is not None and i >= b.stall_after:
                ev = asyncio.Event()
                self.stalls.append(ev)
                await ev.wait()
                return resp
            if b.disconnect_after is not None and i >= b.disconnect_after:
                assert request.transport is not None
                request.transport.close()
                return resp
            if i and b.delay:
                await asyncio.sleep(b.delay)
            await resp.write(self._event(piece))
        await resp.write(self._event(None, "stop"))
        if b.done:
            await resp.write(b"data: [DONE]\n\n")
        await resp.write_eof()
        return resp
