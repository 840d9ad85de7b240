"""The local LLM on transformers: CUDA (bf16), Hugging Face folders, or by choice on a CPU.

generate() runs in a worker thread; a streamer pushes text deltas into the event loop and
a stop flag ends decoding as soon as the consumer closes the stream (an interrupted
utterance frees the model within one token).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import threading
from collections.abc import AsyncIterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from vhost.errors import VhostError
from vhost.llm.base import ChatMessage, GenParams, LLMError, until_stop

log = logging.getLogger(__name__)
_END = object()


class _Streamer:
    """transformers BaseStreamer protocol: put(ids), end(). Decodes incrementally and keeps
    back a trailing partial UTF-8 character."""

    def __init__(self, tokenizer: Any, loop: asyncio.AbstractEventLoop, queue: asyncio.Queue[Any]) -> None:
        self.tok = tokenizer
        self.loop = loop
        self.queue = queue
        self.ids: list[int] = []
        self.sent = 0
        self.prompt_skipped = False
        self.gone = threading.Event()  # the consumer's loop is closed: stop decoding

    def post(self, item: Any) -> None:
        """Hand an item to the loop; a closed loop (the show ended) only stops decoding."""
        try:
            self.loop.call_soon_threadsafe(self.queue.put_nowait, item)
        except RuntimeError:
            self.gone.set()

    def put(self, value: Any) -> None:
        if not self.prompt_skipped:  # the first put() is the prompt
            self.prompt_skipped = True
            return
        self.ids.extend(int(x) for x in value.reshape(-1).tolist())
        text = self.tok.decode(self.ids, skip_special_tokens=True)
        if text.endswith("\ufffd"):
            return
        delta, self.sent = text[self.sent :], len(text)
        if delta:
            self.post(delta)

    def end(self) -> None:
        text = self.tok.decode(self.ids, skip_special_tokens=True).rstrip("\ufffd")
        if len(text) > self.sent:
            self.post(text[self.sent :])
        self.post(_END)


def pick_device() -> tuple[str, Any]:
    import torch

    if torch.cuda.is_available():
        return "cuda", torch.bfloat16
    torch.set_num_threads(max(1, min(os.cpu_count() or 2, int(os.environ.get("VHOST_THREADS", "2")))))
    return "cpu", torch.bfloat16


class LocalLLM:
    name = "local"
    engine = "transformers"

    def __init__(self, model: Any, tokenizer: Any, device: str = "cpu") -> None:
        self.model = model
        self.tok = tokenizer
        self.device = device
        self._lock = asyncio.Lock()  # one decode at a time: the CPU is the bottleneck
        # one long-lived decode thread: a fresh thread per utterance gets a cold OpenMP team
        self._decoder = ThreadPoolExecutor(max_workers=1, thread_name_prefix="llm-decode")
        self.last_stats: dict[str, float] = {}

    @classmethod
    def load(cls, folder: str | Path) -> LocalLLM:
        try:
            import torch  # noqa: F401
            from transformers import AutoModelForCausalLM, AutoTokenizer
        except ImportError:
            raise VhostError("the local LLM needs torch and transformers", fix="pip install 'vhost[local]'") from None
        device, dtype = pick_device()
        folder = Path(folder)
        try:
            tok = AutoTokenizer.from_pretrained(str(folder))
            model = AutoModelForCausalLM.from_pretrained(str(folder), dtype=dtype)
        except (OSError, ValueError, RuntimeError) as e:
            raise VhostError(
                f"{folder}: cannot load the model ({str(e).splitlines()[0][:160]})",
                fix="delete the folder and run `vhost models prepare` again",
            ) from None
        model.to(device)  # type: ignore[arg-type]
        model.eval()
        llm = cls(model, tok, device)
        llm.name = folder.name
        return llm

    def encode_chat(self, messages: Sequence[ChatMessage]) -> Any:
        chat = [{"role": m.role, "content": m.content} for m in messages]
        text = self.tok.apply_chat_template(chat, add_generation_prompt=True, tokenize=False)
        return self.tok(text, return_tensors="pt").to(self.device)

    def gen_kwargs(self, params: GenParams) -> dict[str, Any]:
        kw: dict[str, Any] = {"max_new_tokens": params.max_tokens, "pad_token_id": self.tok.pad_token_id or self.tok.eos_token_id}
        if params.temperature > 0:
            kw.update(do_sample=True, temperature=params.temperature, top_p=params.top_p)
        else:
            kw.update(do_sample=False)
        return kw

    async def stream(self, messages: Sequence[ChatMessage], params: GenParams) -> AsyncIterator[str]:
        import torch
        from transformers import StoppingCriteria, StoppingCriteriaList

        stop = threading.Event()

        class _Stop(StoppingCriteria):
            def __call__(self, input_ids: Any, scores: Any, **kw: Any) -> Any:
                done = stop.is_set() or streamer.gone.is_set()
                return torch.full((input_ids.shape[0],), done, dtype=torch.bool, device=input_ids.device)

        async with self._lock:
            loop = asyncio.get_running_loop()
            queue: asyncio.Queue[Any] = asyncio.Queue()
            inputs = self.encode_chat(messages)
            streamer = _Streamer(self.tok, loop, queue)
            error: list[BaseException] = []
            if params.seed is not None:
                torch.manual_seed(params.seed)

            def work() -> None:
                try:
                    with torch.inference_mode():
                        self.model.generate(
                            **inputs, streamer=streamer, stopping_criteria=StoppingCriteriaList([_Stop()]), **self.gen_kwargs(params)
                        )
                except BaseException as e:  # surfaced to the consumer as LLMError
                    error.append(e)
                    streamer.post(_END)

            job = self._decoder.submit(work)
            try:
                async for piece in until_stop(queue, _END, params.stop):
                    yield piece
                if error:
                    raise LLMError(f"local model failed: {type(error[0]).__name__}: {error[0]}")
            finally:
                stop.set()
                # wait for the decode to end so none outlives the stream; shielded so a second
                # cancel during teardown cannot abandon the wait
                try:
                    await asyncio.shield(asyncio.wrap_future(job))
                except asyncio.CancelledError:
                    with contextlib.suppress(Exception):
                        job.result(timeout=2.0)  # the stop flag is set: at most one decode step
                    raise
                self.last_stats = {"tokens": float(len(streamer.ids)), "predicted_n": float(len(streamer.ids)), "prompt_n": float(inputs["input_ids"].shape[1])}

    async def aclose(self) -> None:
        await asyncio.to_thread(self._decoder.shutdown, wait=True)


def load_default(model: str | None = None) -> LocalLLM:
    """The transformers engine on a prepared manifest model or a Hugging Face folder."""
    from vhost.llm import models

    return LocalLLM.load(models.resolve(model, engine="transformers"))


def from_spec(spec: str, model: str | None = None) -> Any:
    """`local[:NAME|PATH][?engine=llamacpp|transformers&threads=N&batch_threads=N&ctx=N]`.

    The engine is picked by itself unless asked for (see vhost.llm.engine); the choice and
    the reason are logged and kept on the backend as `engine` / `engine_why`."""
    from vhost.llm.engine import parse_local_spec, pick_engine

    s = parse_local_spec(spec)
    name = s.model or model
    engine, why = pick_engine(name, s.engine)
    llm: Any
    if engine == "llamacpp":
        from vhost.llm import llamacpp

        llm = llamacpp.load(name, threads=s.threads, batch_threads=s.batch_threads, ctx=s.ctx)
        detail = llm.threads.describe()
    else:
        llm = load_default(name)
        detail = llm.device
    llm.engine_why = why
    log.warning("LLM: %s on %s (%s; %s)", llm.name, engine, why, detail)
    return llm
