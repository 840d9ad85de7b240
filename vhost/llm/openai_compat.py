"""An OpenAI-compatible chat-completions backend (vLLM, llama.cpp server, Ollama, LM Studio...).

Streams `data: {...}` server-sent events until `data: [DONE]`. Connect errors, 429 and
5xx are retried with exponential backoff (Retry-After honoured) only before the first
token: once text was yielded a retry would repeat it on air, so a failure then is final.
"""

from __future__ import annotations

import asyncio
import email.utils
import json
import logging
import os
import time
from collections.abc import AsyncIterator, Sequence
from typing import Any
from urllib.parse import parse_qsl, urlsplit, urlunsplit

import httpx

from vhost.clock import Clock
from vhost.errors import ConfigError
from vhost.llm.base import ChatMessage, GenParams, LLMError

log = logging.getLogger(__name__)
KEY_ENVS = ("VHOST_OPENAI_API_KEY", "OPENAI_API_KEY")
RETRY_STATUS = frozenset({408, 409, 425, 429, 500, 502, 503, 504})


def _retry_after(value: str | None, cap: float) -> float | None:
    if not value:
        return None
    try:
        return min(cap, max(0.0, float(value)))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return min(cap, max(0.0, when.timestamp() - time.time()))


def _error_text(body: bytes) -> str:
    try:
        data = json.loads(body)
        err = data.get("error", data)
        msg = err.get("message") if isinstance(err, dict) else str(err)
        return str(msg)[:200]
    except (ValueError, AttributeError):
        return body[:200].decode("utf-8", "replace")


class OpenAICompatLLM:
    def __init__(
        self,
        base_url: str,
        model: str,
        *,
        api_key: str | None = None,
        connect_timeout: float = 5.0,
        read_timeout: float = 30.0,
        retries: int = 3,
        backoff_s: float = 0.5,
        max_backoff_s: float = 8.0,
        clock: Clock | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        query: dict[str, str] | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self._query = dict(query or {})
        self.model = model
        self.name = f"openai:{model}"
        self.retries = retries
        self.backoff_s = backoff_s
        self.max_backoff_s = max_backoff_s
        self.clock = clock
        self._key = api_key if api_key is not None else next((os.environ[k] for k in KEY_ENVS if os.environ.get(k)), None)
        timeout = httpx.Timeout(connect=connect_timeout, read=read_timeout, write=connect_timeout, pool=connect_timeout)
        self._client = httpx.AsyncClient(timeout=timeout, transport=transport, trust_env=False)

    def _headers(self) -> dict[str, str]:
        h = {"Accept": "text/event-stream", "Content-Type": "application/json"}
        if self._key:
            h["Authorization"] = f"Bearer {self._key}"
        return h

    def _body(self, messages: Sequence[ChatMessage], params: GenParams) -> dict[str, Any]:
        body: dict[str, Any] = {
            "model": self.model,
            "messages": [{"role": m.role, "content": m.content} for m in messages],
            "stream": True,
            "max_tokens": params.max_tokens,
            "temperature": params.temperature,
            "top_p": params.top_p,
        }
        if params.stop:
            body["stop"] = list(params.stop)
        if params.seed is not None:
            body["seed"] = params.seed
        return body

    async def _sleep(self, dt: float) -> None:
        if self.clock is not None:
            await self.clock.sleep(dt)
        else:
            await asyncio.sleep(dt)

    def _backoff(self, attempt: int) -> float:
        return min(self.max_backoff_s, self.backoff_s * (2**attempt))

    async def stream(self, messages: Sequence[ChatMessage], params: GenParams) -> AsyncIterator[str]:
        url = f"{self.base_url}/chat/completions"
        body = self._body(messages, params)
        attempt = 0
        yielded = False
        while True:
            retry_in: float | None = None
            try:
                async with self._client.stream(
                    "POST", url, json=body, headers=self._headers(), params=self._query
                ) as resp:
                    if resp.status_code != 200:
                        text = _error_text(await resp.aread())
                        if resp.status_code in RETRY_STATUS and attempt < self.retries:
                            retry_in = _retry_after(resp.headers.get("retry-after"), self.max_backoff_s * 4)
                            retry_in = self._backoff(attempt) if retry_in is None else retry_in
                            log.warning("%s: HTTP %d, retry in %.1f s", self.name, resp.status_code, retry_in)
                        else:
                            raise LLMError(f"{self.name}: HTTP {resp.status_code}: {text}")
                    else:
                        async for delta in self._deltas(resp):
                            yielded = True
                            yield delta
                        return
            except (httpx.ConnectError, httpx.ConnectTimeout, httpx.RemoteProtocolError, httpx.ReadError) as e:
                if yielded:
                    raise LLMError(f"{self.name}: connection lost mid-stream: {type(e).__name__}") from None
                if attempt >= self.retries:
                    raise LLMError(f"{self.name}: cannot reach {self.base_url}: {type(e).__name__}") from None
                retry_in = self._backoff(attempt)
                log.warning("%s: %s, retry in %.1f s", self.name, type(e).__name__, retry_in)
            except httpx.TimeoutException as e:
                raise LLMError(f"{self.name}: timed out ({type(e).__name__})") from None
            except httpx.HTTPError as e:
                raise LLMError(f"{self.name}: {type(e).__name__}: {e}") from None
            attempt += 1
            await self._sleep(retry_in or 0.0)

    async def _deltas(self, resp: httpx.Response) -> AsyncIterator[str]:
        if "text/event-stream" not in resp.headers.get("content-type", "text/event-stream"):
            # a server that ignored stream=true: one JSON body
            data = json.loads(await resp.aread())
            content = (data.get("choices") or [{}])[0].get("message", {}).get("content")
            if content:
                yield str(content)
            return
        async for line in resp.aiter_lines():
            if not line.startswith("data:"):
                continue  # comments (": keep-alive"), event:, id:, blank separators
            data = line[5:].strip()
            if data == "[DONE]":
                return
            try:
                obj = json.loads(data)
            except ValueError:
                raise LLMError(f"{self.name}: malformed event: {data[:80]}") from None
            if isinstance(obj, dict) and obj.get("error"):
                raise LLMError(f"{self.name}: {_error_text(data.encode())}")
            for choice in obj.get("choices") or ():
                content = (choice.get("delta") or {}).get("content")
                if content:
                    yield str(content)
        raise httpx.RemoteProtocolError("stream ended before [DONE]")

    async def aclose(self) -> None:
        await self._client.aclose()


_FLOATS = ("connect_timeout", "read_timeout", "backoff_s", "max_backoff_s")


def from_spec(spec: str, clock: Clock | None = None) -> OpenAICompatLLM:
    """`openai:http://127.0.0.1:8000/v1?model=NAME[&read_timeout=30&retries=3&key_env=VAR]`."""
    scheme, _, rest = spec.partition(":")
    if scheme.strip().lower() != "openai" or not rest:
        raise ConfigError(f"bad LLM spec '{spec}'", fix="use openai:http://HOST:PORT/v1?model=NAME")
    parts = urlsplit(rest)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ConfigError(f"bad LLM spec '{spec}': base URL must be http(s)://host[:port]/path")
    query = dict(parse_qsl(parts.query, keep_blank_values=True))
    model = query.pop("model", "") or "default"
    kw: dict[str, Any] = {}
    try:
        for k in _FLOATS:
            if k in query:
                kw[k] = float(query.pop(k))
        if "retries" in query:
            kw["retries"] = int(query.pop("retries"))
    except ValueError as e:
        raise ConfigError(f"bad LLM spec '{spec}': {e}") from None
    key_env = query.pop("key_env", None)
    if key_env:
        kw["api_key"] = os.environ.get(key_env) or None
    base = urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))
    return OpenAICompatLLM(base, model, clock=clock, query=query, **kw)
