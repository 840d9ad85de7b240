"""The LLM chain: fall through on errors and late first tokens, circuit breakers that open,
probe and close on the program clock, and which backend spoke."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Sequence

import pytest

from tests.fakes.fake_llm import FakeLLM, Reply
from tests.fakes.openai_server import Behaviour, FakeOpenAIServer
from tests.llm.test_openai_compat import job, persona
from vhost.assembly import BusyLLM
from vhost.clock import FastClock, WallClock
from vhost.llm.base import ChatMessage, GenParams, LLMError
from vhost.llm.breaker import Breaker, BreakerConfig
from vhost.llm.chain import ChainLLM, trace, transcript_fields
from vhost.llm.openai_compat import OpenAICompatLLM
from vhost.writer import Writer, WriterConfig

MSGS = [ChatMessage("system", "你是主播。"), ChatMessage("user", "觀眾說：「你好」")]


def named(llm: FakeLLM, name: str) -> FakeLLM:
    llm.name = name  # type: ignore[misc]
    return llm


class Switch:
    """A responder whose behaviour the test changes as the show goes on."""

    def __init__(self, reply: Reply) -> None:
        self.reply = reply

    def __call__(self, messages: Sequence[ChatMessage]) -> Reply:
        return self.reply


async def ask(chain: ChainLLM) -> tuple[str, list[str]]:
    with trace() as attempts:
        text = "".join([d async for d in chain.stream(MSGS, GenParams())])
    return text, [str(a) for a in attempts]


def test_breaker_opens_probes_with_backoff_and_closes():
    b = Breaker("remote", BreakerConfig(failures=3, window_s=10.0, open_s=5.0, max_open_s=15.0))
    for t in (0.0, 20.0, 40.0):  # failures farther apart than the window never open it
        b.failure(t)
    assert b.state == "closed"
    b.failure(41.0)
    b.failure(42.0)
    assert b.state == "open" and b.opened == 1 and b.retry_at == 47.0
    assert not b.allow(46.9) and b.ready(47.0)
    assert b.allow(47.0) and b.state == "half-open"
    assert not b.allow(47.1)  # one probe at a time
    b.failure(48.0)  # failed probe: twice as long
    assert b.state == "open" and b.retry_at == 58.0
    assert b.allow(58.0)
    b.failure(58.5)
    assert b.retry_at == 58.5 + 15.0  # capped
    assert b.allow(73.5)
    b.release(74.0)  # the probe ended with no verdict: the next call probes
    assert b.state == "open" and b.allow(74.0)
    b.success(75.0)
    assert b.state == "closed" and b.changed_s == 75.0
    b.failure(76.0)
    b.failure(77.0)
    b.failure(78.0)
    assert b.retry_at == 83.0  # success reset the wait


async def test_chain_falls_through_and_breaker_opens_and_closes_on_the_program_clock():
    clock = FastClock(wall=False)  # virtual time: only jumps
    remote_mode = Switch(Reply(("太", "晚了。"), first_delay=60.0))  # hangs: no first token
    remote = named(FakeLLM(clock, remote_mode), "remote")
    local = named(FakeLLM(clock, [], default=Reply.text("本地回答。", first_delay=0.2)), "local")
    cfg = BreakerConfig(failures=2, window_s=60.0, open_s=30.0, max_open_s=120.0)
    chain = ChainLLM([remote, local], clock, first_token_s=1.0, breaker=cfg)
    async with clock.running():
        t0 = clock.now()
        assert await ask(chain) == ("本地回答。", ["remote: timeout (no first token in 1 s)", "local: spoke"])
        assert clock.now() - t0 == pytest.approx(1.2)  # one deadline, then the local answer
        assert (await ask(chain))[0] == "本地回答。"
        assert chain.backends[0].breaker.state == "open"
        # open: the remote is not asked at all
        t0 = clock.now()
        text, tried = await ask(chain)
        assert (text, tried) == ("本地回答。", ["remote: skipped (breaker open)", "local: spoke"])
        assert clock.now() - t0 == pytest.approx(0.2) and len(remote.calls) == 2
        # after open_s a probe goes out; it fails, so the breaker waits twice as long
        await clock.sleep(30.0)
        assert (await ask(chain))[1][0] == "remote: timeout (no first token in 1 s)"
        assert len(remote.calls) == 3 and chain.backends[0].breaker.state == "open"
        await clock.sleep(30.0)
        assert (await ask(chain))[1][0] == "remote: skipped (breaker open)"
        # the remote recovers; the next probe (60 s after the last) closes the breaker
        remote_mode.reply = Reply.text("遠端回答。")
        await clock.sleep(30.0)
        assert await ask(chain) == ("遠端回答。", ["remote: spoke"])
        assert chain.backends[0].breaker.state == "closed"
        assert (await ask(chain))[0] == "遠端回答。"
    h = {x.name: x for x in chain.health()}
    assert (h["remote"].state, h["remote"].breaker) == ("up", "closed")
    assert h["remote"].counts["timeouts"] == 3 and h["remote"].counts["opened"] == 2 and h["remote"].counts["skipped"] == 2
    assert h["local"].counts["answered"] == 5 and h["local"].state == "up"


async def test_errors_before_the_first_token_fall_through_at_once_but_not_mid_stream():
    clock = FastClock(wall=False)
    remote = named(
        FakeLLM(clock, [Reply(("x",), error_after=0), Reply(()), Reply(("說到", "一半"), error_after=1), Reply.text("好。")]),
        "remote",
    )
    local = named(FakeLLM(clock, [], default=Reply.text("本地。")), "local")
    chain = ChainLLM([remote, local], clock, first_token_s=1.0, breaker=BreakerConfig(failures=5))
    async with clock.running():
        t0 = clock.now()
        text, tried = await ask(chain)
        assert text == "本地。" and tried[0].startswith("remote: error (backend exploded") and clock.now() == t0
        assert (await ask(chain))[1] == ["remote: empty", "local: spoke"]
        # once the remote has spoken, another backend would be a second half-answer: the error goes up
        got: list[str] = []
        with trace() as attempts, pytest.raises(LLMError, match="mid-stream"):
            async for d in chain.stream(MSGS, GenParams()):
                got.append(d)
        assert got == ["說到"] and [a.outcome for a in attempts] == ["spoke", "error"]
        assert len(local.calls) == 2
        assert transcript_fields(attempts) == {"llm": "remote", "llm_failed": ["remote: error (mid-stream: backend exploded: HTTP 500 Internal Server Error)"]}
        assert (await ask(chain))[0] == "好。"
    assert chain.backends[0].counts["errors"] == 2 and chain.backends[0].counts["empty"] == 1


async def test_the_last_backend_has_the_writers_deadline_and_a_closed_stream_is_not_an_error():
    clock = FastClock(wall=False)
    slow = named(FakeLLM(clock, [], default=Reply.text("慢慢說。", first_delay=2.0)), "slow")
    chain = ChainLLM([slow], clock, first_token_s=1.0)
    async with clock.running():
        assert (await ask(chain))[0] == "慢慢說。"  # alone: no chain deadline
        agen = chain.stream(MSGS, GenParams())
        assert await anext(agen) == "慢慢說"  # Reply.text steps three characters
        await agen.aclose()  # enough said: the backend is healthy
        assert slow.closed == 2 and chain.backends[0].counts["errors"] == 0
        # the writer gave up waiting (longer than the chain deadline): that counts as a timeout
        task = asyncio.ensure_future(anext(chain.stream(MSGS, GenParams())))
        await clock.sleep(1.5)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
    assert chain.backends[0].counts["timeouts"] == 1


async def test_remote_over_http_times_out_errs_and_drops_while_the_local_model_answers():
    """A real OpenAI-compatible server misbehaving; the writer still says LLM answers. The
    show's clock: real time while a backend is asked (BusyLLM), jumps while idle."""
    p = persona()
    bad = [Behaviour("太晚了。", first_delay=3.0), Behaviour(status=500), Behaviour("斷", disconnect_after=0)]
    async with FakeOpenAIServer(bad, default=Behaviour("X1 的降噪深度是 35 分貝。", chunk=3)) as srv, contextlib.AsyncExitStack() as stack:
        clock = FastClock()
        await stack.enter_async_context(clock.running())
        remote = OpenAICompatLLM(srv.base_url, "remote-model", retries=0, clock=clock)
        local = named(FakeLLM(clock, [], default=Reply.text("X1 單次續航 8 小時。", first_delay=0.05)), "local")
        chain = ChainLLM([remote, local], clock, first_token_s=0.5, breaker=BreakerConfig(failures=3, open_s=30.0))
        writer = Writer(p, BusyLLM(chain, clock), clock, WriterConfig(first_token_s=2.0))
        said: list[tuple[str, str, object]] = []
        for _ in range(5):
            with trace() as attempts:
                lines = [x async for x in writer.write(job(p))]
            said.append((lines[0].text, lines[0].origin, transcript_fields(attempts).get("llm")))
        assert srv.requests and len(srv.requests) == 3  # open after three failures: not asked again
        assert chain.backends[0].breaker.state == "open"
        t0 = asyncio.get_running_loop().time()
        await clock.sleep(30.0)  # past open_s (program time: no wall time passes): one probe, and the server is healthy again
        assert asyncio.get_running_loop().time() - t0 < 1.0
        with trace() as attempts:
            lines = [x async for x in writer.write(job(p))]
        said.append((lines[0].text, lines[0].origin, transcript_fields(attempts).get("llm")))
        await chain.aclose()
    local_line = ("X1 單次續航 8 小時。", "llm", "local")
    assert said[:5] == [local_line] * 5
    assert said[5] == ("X1 的降噪深度是 35 分貝。", "llm", "openai:remote-model")
    assert chain.backends[0].breaker.state == "closed"
    assert writer.stats["fallbacks"].total() == 0
    errors = chain.backends[0].counts
    assert (errors["timeouts"], errors["errors"]) == (1, 2)


async def test_remote_closing_mid_stream_opens_its_breaker():
    p = persona()
    async with FakeOpenAIServer(default=Behaviour("X1 的降噪深度是 35 分貝。後面這句沒說完就斷線了", chunk=4, disconnect_after=6)) as srv:
        clock = WallClock()
        remote = OpenAICompatLLM(srv.base_url, "remote-model", retries=0, clock=clock)
        local = named(FakeLLM(clock, [], default=Reply.text("X1 單次續航 8 小時。")), "local")
        chain = ChainLLM([remote, local], clock, first_token_s=0.5, breaker=BreakerConfig(failures=2, open_s=60.0))
        writer = Writer(p, chain, clock, WriterConfig(first_token_s=2.0))
        texts = []
        for _ in range(4):
            lines = [x async for x in writer.write(job(p))]
            texts.append(lines[0].text)
        await chain.aclose()
    # what was complete before the drop was said; then the local model answers
    assert texts == ["X1 的降噪深度是 35 分貝。"] * 2 + ["X1 單次續航 8 小時。"] * 2
    assert len(srv.requests) == 2 and chain.backends[0].breaker.state == "open"
