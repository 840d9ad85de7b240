"""The llama.cpp backend on the shipped 0.5B GGUF: streaming, stop, cancel, prefix reuse."""

from __future__ import annotations

import asyncio
import os
import time

import pytest

from vhost.errors import VhostError
from vhost.llm import models
from vhost.llm.base import ChatMessage, GenParams
from vhost.llm.prompt import build_messages
from vhost.persona.loader import load_persona

pytestmark = pytest.mark.model
NAME = "qwen2.5-coder-0.5b"


@pytest.fixture(scope="module")
def llm():
    if not models.is_prepared(NAME, "llamacpp"):
        if os.environ.get("VHOST_REQUIRE_MODEL"):
            pytest.fail(f"{NAME} is not prepared: run `make model`")
        pytest.skip(f"{NAME} is not prepared (`make test` prepares it)")
    from vhost.llm import llamacpp

    backend = llamacpp.load(NAME)
    yield backend
    asyncio.run(backend.aclose())


def persona_messages(persona, question: str) -> list[ChatMessage]:
    return build_messages(persona, "reply", "zh-Hant", product=persona.product("x1-earbuds"), viewer_text=question)


async def collect(agen) -> str:
    return "".join([d async for d in agen])


async def test_streams_chinese_deltas_with_the_chat_template(llm):
    persona = load_persona("personas/tech_reviewer.yaml")
    deltas = [d async for d in llm.stream(persona_messages(persona, "耳機多少錢？"), GenParams(max_tokens=32, temperature=0))]
    text = "".join(deltas)
    assert len(deltas) >= 2 and text.strip()
    assert "<|im_" not in text and "assistant" not in text  # the GGUF's template framed the turns
    assert llm.last_stats["prompt_n"] > 0 and llm.last_stats["predicted_n"] >= len(deltas) - 1


async def test_stop_sequences_end_the_text(llm):
    msgs = [ChatMessage("user", "從 1 數到 20，用逗號分開。")]
    full = await collect(llm.stream(msgs, GenParams(max_tokens=60, temperature=0)))
    assert "5" in full
    cut = await collect(llm.stream(msgs, GenParams(max_tokens=60, temperature=0, stop=("5",))))
    assert "5" not in cut and full.startswith(cut.rstrip()[:3])


async def test_cancel_mid_stream_stops_compute_at_once(llm):
    msgs = [ChatMessage("user", "寫一篇很長的文章，介紹藍牙耳機的歷史。")]
    agen = llm.stream(msgs, GenParams(max_tokens=2000, temperature=0.8, seed=1))
    got = 0
    async for _ in agen:
        got += 1
        if got == 3:
            break
    t0 = time.perf_counter()
    await agen.aclose()
    assert time.perf_counter() - t0 < 1.0  # one decode step, not the remaining ~2000 tokens
    # the slot is free at once and the next request completes normally
    again = await asyncio.wait_for(collect(llm.stream(msgs, GenParams(max_tokens=4, temperature=0))), 30)
    assert again


async def test_task_cancellation_also_stops_the_decode(llm):
    msgs = [ChatMessage("user", "寫一篇很長的文章，介紹快充頭。")]

    async def consume() -> None:
        async for _ in llm.stream(msgs, GenParams(max_tokens=2000, temperature=0.8, seed=2)):
            pass

    task = asyncio.create_task(consume())
    await asyncio.sleep(0.5)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert (await asyncio.wait_for(collect(llm.stream(msgs, GenParams(max_tokens=3, temperature=0))), 30))


async def test_the_stable_prefix_is_reused_and_a_persona_reload_invalidates_it(llm):
    persona = load_persona("personas/tech_reviewer.yaml")
    p = GenParams(max_tokens=8, temperature=0)
    await collect(llm.stream(persona_messages(persona, "耳機防水嗎？"), p))
    first_prompt = llm.last_stats["prompt_n"] + llm.last_stats.get("cache_n", 0)
    await collect(llm.stream(persona_messages(persona, "續航多久？"), p))
    warm = dict(llm.last_stats)
    assert warm["cache_n"] > 0.8 * first_prompt  # persona, rules and the product sheet came from the cache
    assert warm["prompt_n"] < 0.2 * first_prompt  # only the new turn was prefilled
    # a reloaded persona with a new character line: the prompt changes early, the cache no longer fits
    ident = persona.identity.model_copy(update={"character": "你是熱情的主播，喜歡講故事。" + persona.identity.character})
    edited = persona.model_copy(update={"identity": ident})
    await collect(llm.stream(persona_messages(edited, "續航多久？"), p))
    assert llm.last_stats["cache_n"] < 0.2 * first_prompt
    assert llm.last_stats["prompt_n"] > 0.8 * first_prompt


def test_a_damaged_gguf_is_refused_before_loading(tmp_path):
    from vhost.llm.llamacpp import LlamaCppLLM

    src = models.gguf_path(NAME)
    if not src.is_file():
        pytest.skip("model not prepared")
    cut = tmp_path / "cut.gguf"
    with src.open("rb") as f:
        cut.write_bytes(f.read(50_000_000))
    with pytest.raises(VhostError) as e:
        LlamaCppLLM.load(cut)
    assert str(cut) in str(e.value) and "truncated" in str(e.value)
