"""The failover chain: same sentence from the next engine, deadlines, backoff probes, health."""

from __future__ import annotations

import asyncio

import edge_tts
import pytest

from tests.fakes.edge_server import FakeEdgeServer
from tests.tts.conftest import free_port_url
from tests.tts.engines import ScriptedTTS, running
from vhost.clock import FastClock, WallClock
from vhost.persona.model import VoiceConfig
from vhost.tts.base import TTSError, VoiceSpec
from vhost.tts.cache import CachedTTS
from vhost.tts.edge import EdgeTTS
from vhost.tts.espeak import EspeakTTS
from vhost.tts.failover import FailoverTTS
from vhost.tts.registry import build_voice, voice_spec

SENTENCE = "家人們好，這款耳機續航三十小時"


async def test_refused_primary_falls_to_real_espeak_within_the_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(edge_tts.communicate, "WSS_URL", free_port_url())
    cfg = VoiceConfig(order=["edge", "espeak"])
    clock = WallClock()
    chain = FailoverTTS(
        [EdgeTTS(), EspeakTTS()], clock, resolve=lambda e, s: voice_spec(cfg, e, s.lang), timeouts={"edge": 2.0}
    )
    async with running(clock):
        t0 = clock.now()
        speech = await chain.synthesize(SENTENCE, VoiceSpec(lang="zh-Hant"))
        elapsed = clock.now() - t0
    assert speech.engine == "espeak" and speech.duration_s > 1.0
    fo = chain.last_failover
    assert fo is not None and fo.failed == ("edge",) and fo.spoke == "espeak"
    # the gap (edge failure -> espeak audio ready) stays under espeak's own deadline
    assert 0 <= fo.gap_s <= fo.total_s <= elapsed
    assert fo.gap_s < chain.timeout_for("espeak", SENTENCE)
    h = chain.health()
    assert h["edge"]["state"] == "down" and h["edge"]["failures"] == 1
    assert "offline" in h["edge"]["last_error"]
    assert 0 < h["edge"]["next_retry_s"] <= 2.0
    assert h["espeak"] == {"state": "ok", "failures": 0, "last_error": "", "next_retry_s": 0.0}
    await chain.aclose()


async def test_hanging_primary_is_abandoned_at_its_deadline(edge_server: FakeEdgeServer) -> None:
    edge_server.mode = "hang"
    clock = FastClock()
    backup = ScriptedTTS("backup")
    chain = FailoverTTS([EdgeTTS(), backup], clock, timeouts={"edge": 0.4}, per_char_s=0.0)
    async with running(clock):
        t0 = clock.now()
        speech = await chain.synthesize("hello there", VoiceSpec(lang="en"))
        waited = clock.now() - t0
        await chain.aclose()
    assert speech.engine == "backup"
    assert backup.calls == [("hello there", VoiceSpec(lang="en"))]  # the same sentence
    # the deadline ran at wall rate (synthesis is busy time): not skipped, not overrun
    assert 0.4 <= waited < 0.4 + 1.0
    assert "no audio within 0.4s" in chain.health()["edge"]["last_error"]


async def test_background_retry_brings_the_primary_back(edge_server: FakeEdgeServer) -> None:
    edge_server.mode = "no_audio"
    clock = FastClock()
    chain = FailoverTTS([EdgeTTS(), ScriptedTTS("espeak")], clock, backoff_s=2.0)
    async with running(clock):
        first = await chain.synthesize("hello", VoiceSpec(lang="en"))
        assert first.engine == "espeak"
        await clock.sleep(2.5)  # first probe at +2 s fails too
        h = chain.health()["edge"]
        assert h["state"] == "down" and h["failures"] == 2 and "no audio" in h["last_error"]
        assert 0 < h["next_retry_s"] <= 4.0
        # while it is down, sentences go straight to the backup without touching the server
        before = edge_server.handshakes
        assert (await chain.synthesize("again", VoiceSpec(lang="en"))).engine == "espeak"
        assert edge_server.handshakes == before
        edge_server.mode = "ok"  # the service recovers
        await clock.sleep(5.0)
        assert chain.health()["edge"] == {"state": "ok", "failures": 0, "last_error": h["last_error"], "next_retry_s": 0.0}
        probe = edge_server.connections[-1]
        assert probe.text == "Hello"
        back = await chain.synthesize("welcome back", VoiceSpec(lang="en"))
        await chain.aclose()
    assert back.engine == "edge"


async def test_backoff_doubles_up_to_the_cap() -> None:
    clock = FastClock(wall=False)
    bad = ScriptedTTS("bad", "fail", clock=clock)
    chain = FailoverTTS([bad, ScriptedTTS("good")], clock, backoff_s=1.0, backoff_max_s=8.0)
    async with running(clock):
        await chain.synthesize("x", VoiceSpec(lang="zh"))
        await clock.sleep(40.0)
        await chain.aclose()
    gaps = [round(b - a, 3) for a, b in zip(bad.times, bad.times[1:], strict=False)]
    assert gaps == [1.0, 2.0, 4.0, 8.0, 8.0, 8.0, 8.0]  # probes at 1, 3, 7, 15, 23, 31, 39
    assert chain.health()["bad"]["failures"] == 8
    assert all(text == "你好" for text, _ in bad.calls[1:])  # probes use the short text in the failing language


async def test_retrying_state_is_reported_during_a_probe() -> None:
    clock = FastClock()
    flaky = ScriptedTTS("flaky", "fail")
    chain = FailoverTTS([flaky, ScriptedTTS("good")], clock, backoff_s=1.0, timeouts={"flaky": 0.3}, per_char_s=0.0)
    async with running(clock):
        await chain.synthesize("x", VoiceSpec(lang="en"))
        flaky.mode = "hang"
        await clock.sleep(1.1)
        assert chain.health()["flaky"]["state"] == "retrying"
        await clock.sleep(0.5)  # the probe hit its deadline
        assert chain.health()["flaky"]["state"] == "down"
        await chain.aclose()


async def test_all_down_still_tries_every_engine_in_order() -> None:
    clock = FastClock(wall=False)
    a, b = ScriptedTTS("a", "fail"), ScriptedTTS("b", "fail")
    chain = FailoverTTS([a, b], clock, backoff_s=100.0)
    async with running(clock):
        with pytest.raises(TTSError, match="every voice engine failed: a is down; b is down"):
            await chain.synthesize("one", VoiceSpec())
        b.mode = "ok"
        speech = await chain.synthesize("two", VoiceSpec())  # both marked down, tried anyway
        assert speech.engine == "b"
        assert chain.health()["b"]["state"] == "ok"
        assert a.calls[-1][0] == "two"
        await chain.aclose()


async def test_a_crashing_backend_does_not_take_the_show_down() -> None:
    clock = FastClock(wall=False)
    chain = FailoverTTS([ScriptedTTS("buggy", "crash"), ScriptedTTS("ok")], clock)
    async with running(clock):
        assert (await chain.synthesize("x", VoiceSpec())).engine == "ok"
        assert "unexpected RuntimeError" in chain.health()["buggy"]["last_error"]
        await chain.aclose()


async def test_engines_that_do_not_speak_the_language_are_skipped() -> None:
    clock = FastClock(wall=False)
    en_only = ScriptedTTS("piper", langs=frozenset({"en"}))
    zh = ScriptedTTS("espeak")
    chain = FailoverTTS([en_only, zh], clock)
    async with running(clock):
        assert (await chain.synthesize("你好", VoiceSpec(lang="zh"))).engine == "espeak"
        assert (await chain.synthesize("hi", VoiceSpec(lang="en"))).engine == "piper"
        assert chain.health()["piper"]["state"] == "ok"  # skipping is not a failure
        assert chain.last_failover is None
        with pytest.raises(TTSError, match="no voice engine speaks 'ja'"):
            await FailoverTTS([en_only], clock).synthesize("x", VoiceSpec(lang="ja"))
        await chain.aclose()


async def test_interrupting_a_sentence_is_not_an_engine_failure() -> None:
    clock = FastClock()
    slow = ScriptedTTS("slow", "hang")
    chain = FailoverTTS([slow, ScriptedTTS("b")], clock, timeouts={"slow": 30.0})
    async with running(clock):
        task = asyncio.create_task(chain.synthesize("x", VoiceSpec()))
        await asyncio.sleep(0.05)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        assert chain.health()["slow"]["state"] == "ok"
        await chain.aclose()


async def test_probes_bypass_the_cache() -> None:
    clock = FastClock(wall=False)
    inner = ScriptedTTS("edge")
    cached = CachedTTS(inner)
    chain = FailoverTTS([cached, ScriptedTTS("espeak")], clock, backoff_s=1.0)
    async with running(clock):
        await chain.synthesize("Hello", VoiceSpec(lang="en"))  # "Hello" is now cached
        inner.mode = "fail"
        assert (await chain.synthesize("new line", VoiceSpec(lang="en"))).engine == "espeak"
        await clock.sleep(1.5)
        # the probe asked the real engine (and failed) instead of replaying cached "Hello"
        assert chain.health()["edge"]["state"] == "down"
        assert [t for t, _ in inner.calls] == ["Hello", "new line", "Hello"]
        await chain.aclose()
    assert inner.closed


async def test_warm_up_loads_every_standby_before_the_first_line() -> None:
    clock = FastClock(wall=False)
    primary, standby, en_only = ScriptedTTS("edge"), ScriptedTTS("espeak"), ScriptedTTS("piper", langs=frozenset({"en"}))
    chain = FailoverTTS([primary, en_only, standby], clock)
    speeches = await chain.warm("zh")  # before the show is on air: the program clock is not running
    assert set(speeches) == {"edge", "espeak"} and all(s is not None for s in speeches.values())
    assert len(primary.calls) == len(standby.calls) == 1 and en_only.calls == []  # the standby spoke once already
    assert chain.health()["espeak"]["state"] == "ok" and chain.failovers == 0
    await chain.aclose()


async def test_a_standby_that_fails_its_warm_up_is_down_before_the_first_line() -> None:
    clock = FastClock(wall=False)
    dead, backup = ScriptedTTS("edge", "fail"), ScriptedTTS("espeak")
    chain = FailoverTTS([dead, backup], clock, backoff_s=100.0)
    speeches = await chain.warm("zh")
    assert speeches["edge"] is None and speeches["espeak"] is not None
    assert chain.health()["edge"]["state"] == "down" and "edge is down" in chain.health()["edge"]["last_error"]
    async with running(clock):
        assert (await chain.synthesize("第一句", VoiceSpec())).engine == "espeak"
        assert len(dead.calls) == 1  # the first line did not wait for the dead engine again
        await chain.aclose()


async def test_build_voice_follows_the_persona_order_with_espeak_last() -> None:
    clock = FastClock(wall=False)
    chain = build_voice(VoiceConfig(order=["edge", "piper"]), clock)
    assert isinstance(chain, FailoverTTS)
    assert [e.name for e in chain.engines] == ["edge", "piper", "espeak"]
    assert all(isinstance(e, CachedTTS) for e in chain.engines)
    await chain.aclose()
    only = build_voice(VoiceConfig(order=["espeak", "espeak"]), clock, cache_bytes=0)
    assert isinstance(only, FailoverTTS) and [e.name for e in only.engines] == ["espeak"]
    await only.aclose()
