"""The local backend's real generate() path on a tiny random model."""

import asyncio

import pytest

from tests.fakes.tiny_model import tiny_llm
from vhost.llm.base import ChatMessage, GenParams


@pytest.fixture(scope="module")
def llm():
    return tiny_llm(seed=1)


async def test_streams_deltas_that_join_to_the_generated_text(llm):
    msgs = [ChatMessage("system", "你是主播"), ChatMessage("user", "多少錢？")]
    deltas = [d async for d in llm.stream(msgs, GenParams(max_tokens=24, temperature=0.9, seed=3))]
    assert deltas and all(isinstance(d, str) and d for d in deltas)
    ids = llm.encode_chat(msgs)["input_ids"]
    assert ids.shape[1] > 10  # the chat template was applied
    assert "\ufffd" not in "".join(deltas)[-1:]  # a partial UTF-8 byte is never emitted as the tail


async def test_closing_the_stream_stops_decoding_and_frees_the_model(llm):
    msgs = [ChatMessage("user", "x")]
    agen = llm.stream(msgs, GenParams(max_tokens=4000, temperature=1.0, seed=1))
    got = 0
    async for _ in agen:
        got += 1
        if got == 3:
            break
    await agen.aclose()
    # the lock is free again at once: a second stream starts and finishes
    out = await asyncio.wait_for(_collect(llm.stream(msgs, GenParams(max_tokens=5, temperature=0))), 30)
    assert out is not None


async def test_stop_strings_end_the_stream(llm):
    class Scripted:
        pass

    deltas = [d async for d in llm.stream([ChatMessage("user", "y")], GenParams(max_tokens=30, temperature=0.9, seed=5))]
    text = "".join(deltas)
    if len(text) > 4:
        stop = text[2:4]
        cut = [d async for d in llm.stream([ChatMessage("user", "y")], GenParams(max_tokens=30, temperature=0.9, seed=5, stop=(stop,)))]
        assert stop not in "".join(cut) and text.startswith("".join(cut))


async def _collect(agen):
    return "".join([d async for d in agen])
