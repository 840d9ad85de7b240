"""The local LLM on llama.cpp through the xllamacpp binding: GGUF weights as they are.

xllamacpp ships prebuilt CPU wheels (no compiler at install time) and embeds llama.cpp's own
server engine, so the chat template stored in the GGUF is applied by llama.cpp itself and
the KV cache of the last prompt is kept in its one slot: the next request reuses the longest
common token prefix (persona, rules, product facts) and prefills only the new turn. A
persona reload changes the prefix, so the cache is invalidated by construction.

The binding's streaming call blocks, so it runs on one long-lived worker thread; each chunk
is handed to the event loop, and the callback's return value stops decoding as soon as the
consumer closes the stream (within one token). The embedded server also listens on a
loopback port; it gets a random API key so no other local process can use it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
import threading
from collections.abc import AsyncIterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from vhost.errors import VhostError
from vhost.llm.base import ChatMessage, GenParams, LLMError, until_stop
from vhost.llm.engine import ThreadPlan, plan_threads
from vhost.llm.gguf_file import check_gguf

log = logging.getLogger(__name__)
_END = object()


class LlamaCppLLM:
    engine = "llamacpp"
    caches_prefix = True  # a warm-up prefill of the stable system prompt pays off

    def __init__(self, server: Any, path: Path, threads: ThreadPlan, ctx: int, name: str) -> None:
        self._server = server
        self.path = path
        self.threads = threads
        self.ctx = ctx
        self.name = name
        self._lock = asyncio.Lock()  # one generation at a time: the CPU is the bottleneck
        self._decoder = ThreadPoolExecutor(max_workers=1, thread_name_prefix="llm-llamacpp")
        self.last_stats: dict[str, float] = {}

    @classmethod
    def load(cls, path: Path, *, name: str | None = None, threads: ThreadPlan | None = None, ctx: int = 4096) -> LlamaCppLLM:
        try:
            import xllamacpp
        except ImportError:
            raise VhostError("the llama.cpp engine needs the xllamacpp binding", fix="pip install 'vhost[local]'") from None
        check_gguf(path)  # a truncated or foreign file is named here, not in a generic init error
        plan = threads or plan_threads()
        p = xllamacpp.CommonParams()
        p.model.path = str(path)
        # two slots, one prefix each (the Chinese and the English system prompt stay cached
        # side by side); llama.cpp gives a request the slot whose cache shares most of its prompt
        p.n_ctx = ctx * 2
        p.n_parallel = 2
        p.cpuparams.n_threads = plan.decode
        p.cpuparams_batch.n_threads = plan.batch
        # idle threads sleep instead of spinning: the spare core belongs to the audio path
        p.cpuparams.poll = 0
        p.cpuparams_batch.poll = 0
        p.cache_prompt = True
        p.warmup = True
        p.verbosity = -1
        p.api_keys = [secrets.token_urlsafe(24)]
        p.endpoint_metrics = False
        p.endpoint_slots = False
        p.endpoint_props = False
        try:
            server = xllamacpp.Server(p)
        except RuntimeError as e:
            raise VhostError(
                f"{path}: llama.cpp could not load the model ({e})",
                fix="check the file with `vhost models prepare NAME`, or use --llm local:NAME?engine=transformers",
            ) from None
        return cls(server, path, plan, ctx, name or path.stem)

    def _request(self, messages: Sequence[ChatMessage], params: GenParams) -> dict[str, Any]:
        req: dict[str, Any] = {
            "messages": [{"role": m.role, "content": m.content} for m in messages],
            "max_tokens": params.max_tokens,
            "temperature": params.temperature,
            "top_p": params.top_p,
            "stream": True,
            "cache_prompt": True,
        }
        if params.stop:
            req["stop"] = list(params.stop)
        if params.seed is not None:
            req["seed"] = params.seed
        return req

    async def stream(self, messages: Sequence[ChatMessage], params: GenParams) -> AsyncIterator[str]:
        async with self._lock:
            loop = asyncio.get_running_loop()
            queue: asyncio.Queue[Any] = asyncio.Queue()
            stop = threading.Event()
            timings: dict[str, float] = {}
            error: list[str] = []

            def post(item: Any) -> None:
                try:
                    loop.call_soon_threadsafe(queue.put_nowait, item)
                except RuntimeError:  # the loop is closed (the show ended): stop decoding
                    stop.set()

            def on_chunk(chunk: Any) -> bool:
                if isinstance(chunk, dict):
                    if "error" in chunk:
                        err = chunk["error"]
                        error.append(str(err.get("message", err) if isinstance(err, dict) else err))
                        return True
                    if chunk.get("timings"):
                        timings.update({k: float(v) for k, v in chunk["timings"].items() if isinstance(v, (int, float))})
                    for choice in chunk.get("choices") or ():
                        delta = (choice.get("delta") or {}).get("content")
                        if delta:
                            post(delta)
                return stop.is_set()

            def work() -> None:
                try:
                    out = self._server.handle_chat_completions(self._request(messages, params), on_chunk)
                    if isinstance(out, dict) and "error" in out:
                        err = out["error"]
                        error.append(str(err.get("message", err) if isinstance(err, dict) else err))
                except BaseException as e:  # surfaced to the consumer as LLMError
                    error.append(f"{type(e).__name__}: {e}")
                finally:
                    post(_END)

            job = self._decoder.submit(work)
            try:
                async for piece in until_stop(queue, _END, params.stop):
                    yield piece
                if error and not stop.is_set():
                    raise LLMError(f"llama.cpp failed: {error[0][:200]}")
            finally:
                stop.set()
                # the decode ends within one token of the stop flag; shielded so a second cancel
                # during teardown cannot abandon the wait and leave a decode running
                try:
                    await asyncio.shield(asyncio.wrap_future(job))
                except asyncio.CancelledError:
                    with contextlib.suppress(Exception):
                        job.result(timeout=5.0)
                    raise
                self.last_stats = dict(timings)

    async def aclose(self) -> None:
        await asyncio.to_thread(self._decoder.shutdown, wait=True)
        server, self._server = self._server, None
        del server  # the binding stops its loop and frees the model


def load(model: str | None = None, *, threads: int | None = None, batch_threads: int | None = None, ctx: int | None = None) -> LlamaCppLLM:
    """The named manifest model (verified GGUF) or a .gguf path."""
    from vhost.llm import models

    name = model or models.default_name()
    path = models.resolve(name, engine="llamacpp")
    plan = plan_threads(decode=threads, batch=batch_threads)
    label = path.stem if name.endswith(".gguf") else name
    return LlamaCppLLM.load(path, name=label, threads=plan, ctx=ctx or 4096)
