"""The byte-bounded LRU in front of an engine."""

from __future__ import annotations

import asyncio

import numpy as np
import pytest

from tests.tts.engines import ScriptedTTS
from vhost.tts.base import TTSError, VoiceSpec
from vhost.tts.cache import CachedTTS, speech_bytes

ZH = VoiceSpec(lang="zh", voice="cmn-latn-pinyin")


async def test_repeat_lines_are_served_from_memory() -> None:
    inner = ScriptedTTS("espeak")
    cache = CachedTTS(inner, max_bytes=1 << 20)
    a = await cache.synthesize("歡迎來到直播間", ZH)
    b = await cache.synthesize("  歡迎來到直播間 ", ZH)  # same line, stray spaces
    assert b is a and len(inner.calls) == 1
    assert cache.stats().hits == 1 and cache.stats().misses == 1
    with pytest.raises(ValueError):
        a.pcm[0] = 1  # shared audio is read-only


async def test_key_includes_engine_and_voice_spec() -> None:
    inner = ScriptedTTS("espeak")
    cache = CachedTTS(inner)
    await cache.synthesize("hi", ZH)
    await cache.synthesize("hi", VoiceSpec(lang="zh", voice="cmn-latn-pinyin", speed_wpm=200))
    await cache.synthesize("hi", VoiceSpec(lang="en"))
    assert len(inner.calls) == 3
    assert cache.key("hi", ZH) == ("espeak", ZH, "hi")


async def test_bounded_in_bytes_and_evicts_least_recently_used() -> None:
    inner = ScriptedTTS("espeak", seconds=0.25, sr=16000)  # 4000 samples = 8000 bytes of pcm
    one = speech_bytes(await ScriptedTTS("x", seconds=0.25).synthesize("probe", ZH))
    cache = CachedTTS(inner, max_bytes=3 * one)
    for line in ("a", "b", "c"):
        await cache.synthesize(line, ZH)
    assert cache.stats().bytes == 3 * one
    await cache.synthesize("a", ZH)  # a is now the most recent
    await cache.synthesize("d", ZH)  # evicts b
    st = cache.stats()
    assert st.entries == 3 and st.bytes <= cache.max_bytes and st.evictions == 1
    assert cache.get("b", ZH) is None
    assert all(cache.get(x, ZH) is not None for x in ("a", "c", "d"))
    for _ in range(50):
        await cache.synthesize(f"line {_}", ZH)
        assert cache.stats().bytes <= cache.max_bytes


async def test_an_item_bigger_than_the_bound_is_not_kept() -> None:
    cache = CachedTTS(ScriptedTTS("espeak", seconds=1.0), max_bytes=1000)
    speech = await cache.synthesize("long", ZH)
    assert len(speech.pcm) == 16000
    assert cache.stats().entries == 0 and cache.stats().bytes == 0


async def test_failures_are_not_cached() -> None:
    inner = ScriptedTTS("edge", "fail")
    cache = CachedTTS(inner)
    with pytest.raises(TTSError):
        await cache.synthesize("x", ZH)
    inner.mode = "ok"
    assert len((await cache.synthesize("x", ZH)).pcm) > 0
    assert len(inner.calls) == 2


async def test_concurrent_misses_share_one_synthesis() -> None:
    inner = ScriptedTTS("espeak")
    cache = CachedTTS(inner)
    results = await asyncio.gather(*(cache.synthesize("same", ZH) for _ in range(5)))
    assert len(inner.calls) == 1
    assert all(np.array_equal(r.pcm, results[0].pcm) for r in results)


async def test_an_interrupted_first_caller_does_not_cancel_the_others() -> None:
    inner = ScriptedTTS("espeak", "hang")
    cache = CachedTTS(inner)
    first = asyncio.create_task(cache.synthesize("same", ZH))
    await asyncio.sleep(0.01)
    second = asyncio.create_task(cache.synthesize("same", ZH))
    await asyncio.sleep(0.01)
    inner.mode = "ok"
    first.cancel()
    speech = await asyncio.wait_for(second, 2)
    assert speech.engine == "espeak"
    assert first.cancelled()
