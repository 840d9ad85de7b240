from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from tests.fakes.openai_server import Behaviour, FakeOpenAIServer
from vhost.clock import WallClock
from vhost.errors import ConfigError
from vhost.llm.base import ChatMessage, GenParams, LLMError
from vhost.llm.openai_compat import OpenAICompatLLM, from_spec
from vhost.persona.loader import load_persona
from vhost.writer import WriteJob, Writer, WriterConfig

MSGS = [ChatMessage("system", "你是主播。"), ChatMessage("user", "觀眾說：「你好」")]
ROOT = Path(__file__).resolve().parents[2]


def llm_for(server: FakeOpenAIServer, **kw) -> OpenAICompatLLM:
    kw.setdefault("backoff_s", 0.01)
    return OpenAICompatLLM(server.base_url, "fake-model", api_key="sk-test", **kw)


async def collect(llm: OpenAICompatLLM, params: GenParams | None = None) -> list[str]:
    return [d async for d in llm.stream(MSGS, params or GenParams())]


async def test_streams_sse_deltas() -> None:
    async with FakeOpenAIServer([Behaviour("X1 續航 30 小時。", chunk=3)]) as srv:
        llm = llm_for(srv)
        deltas = await collect(llm, GenParams(max_tokens=50, stop=("\n",), seed=7))
        await llm.aclose()
    assert "".join(deltas) == "X1 續航 30 小時。" and len(deltas) > 1
    req = srv.requests[0]
    assert req.body["stream"] is True and req.body["model"] == "fake-model" and req.body["max_tokens"] == 50
    assert req.body["stop"] == ["\n"] and req.body["seed"] == 7
    assert req.body["messages"][1] == {"role": "user", "content": "觀眾說：「你好」"}
    assert req.headers["Authorization"] == "Bearer sk-test"


async def test_api_key_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("VHOST_OPENAI_API_KEY", raising=False)
    monkeypatch.setenv("OPENAI_API_KEY", "sk-env")
    async with FakeOpenAIServer() as srv:
        llm = OpenAICompatLLM(srv.base_url, "m")
        await collect(llm)
        monkeypatch.setenv("VHOST_OPENAI_API_KEY", "sk-vhost")
        llm2 = OpenAICompatLLM(srv.base_url, "m")
        await collect(llm2)
        await llm.aclose()
        await llm2.aclose()
    assert srv.requests[0].headers["Authorization"] == "Bearer sk-env"
    assert srv.requests[1].headers["Authorization"] == "Bearer sk-vhost"


@pytest.mark.parametrize("status", [429, 500, 503])
async def test_retries_before_first_token(status: int) -> None:
    async with FakeOpenAIServer([Behaviour(status=status), Behaviour(status=status), Behaviour("好的。")]) as srv:
        llm = llm_for(srv)
        assert "".join(await collect(llm)) == "好的。"
        await llm.aclose()
    assert len(srv.requests) == 3


async def test_retry_after_is_honoured() -> None:
    async with FakeOpenAIServer([Behaviour(status=429, retry_after="0.3"), Behaviour("好。")]) as srv:
        llm = llm_for(srv, backoff_s=0.0)
        assert "".join(await collect(llm)) == "好。"
        await llm.aclose()
    assert srv.requests[1].t - srv.requests[0].t >= 0.29


async def test_gives_up_after_retries_with_one_line_error() -> None:
    async with FakeOpenAIServer(default=Behaviour(status=500)) as srv:
        llm = llm_for(srv, retries=2)
        with pytest.raises(LLMError) as e:
            await collect(llm)
        await llm.aclose()
    assert len(srv.requests) == 3 and "HTTP 500" in str(e.value) and "\n" not in str(e.value)


async def test_client_error_is_not_retried() -> None:
    async with FakeOpenAIServer(default=Behaviour(status=401)) as srv:
        llm = llm_for(srv)
        with pytest.raises(LLMError, match="HTTP 401"):
            await collect(llm)
        await llm.aclose()
    assert len(srv.requests) == 1


async def test_connect_refused_retries_then_fails() -> None:
    async with FakeOpenAIServer() as srv:
        url = srv.base_url
    llm = OpenAICompatLLM(url, "m", retries=2, backoff_s=0.01)
    with pytest.raises(LLMError, match="cannot reach"):
        await collect(llm)
    await llm.aclose()


async def test_disconnect_before_tokens_is_retried() -> None:
    async with FakeOpenAIServer([Behaviour("好的。", disconnect_after=0), Behaviour("好的。")]) as srv:
        llm = llm_for(srv)
        assert "".join(await collect(llm)) == "好的。"
        await llm.aclose()
    assert len(srv.requests) == 2


async def test_disconnect_mid_stream_is_final() -> None:
    async with FakeOpenAIServer([Behaviour("一二三四五六", chunk=2, disconnect_after=2), Behaviour("不該重送")]) as srv:
        llm = llm_for(srv)
        got: list[str] = []
        with pytest.raises(LLMError, match="mid-stream"):
            async for d in llm.stream(MSGS, GenParams()):
                got.append(d)
        await llm.aclose()
    assert "".join(got) == "一二三四" and len(srv.requests) == 1


async def test_missing_done_is_a_disconnect() -> None:
    async with FakeOpenAIServer([Behaviour("一二三四", done=False)]) as srv:
        llm = llm_for(srv, retries=0)
        with pytest.raises(LLMError):
            await collect(llm)
        await llm.aclose()


async def test_read_timeout_on_stall() -> None:
    async with FakeOpenAIServer([Behaviour("一二三四", stall_after=1)]) as srv:
        llm = llm_for(srv, read_timeout=0.3)
        with pytest.raises(LLMError, match="timed out"):
            await collect(llm)
        await llm.aclose()


async def test_non_streaming_answer_is_accepted() -> None:
    async with FakeOpenAIServer([Behaviour("整段回答。", as_json=True)]) as srv:
        llm = llm_for(srv)
        assert await collect(llm) == ["整段回答。"]
        await llm.aclose()


async def test_closing_the_stream_early() -> None:
    async with FakeOpenAIServer([Behaviour("一二三四五六七八", chunk=1, delay=0.05)]) as srv:
        llm = llm_for(srv)
        gen = llm.stream(MSGS, GenParams())
        assert await gen.__anext__() == "一"
        await gen.aclose()
        await llm.aclose()


def test_from_spec() -> None:
    llm = from_spec("openai:http://127.0.0.1:8000/v1?model=qwen&read_timeout=12&retries=1&api-version=2")
    assert llm.base_url == "http://127.0.0.1:8000/v1" and llm.model == "qwen" and llm.retries == 1
    assert llm._query == {"api-version": "2"}
    for bad in ("openai:", "openai:ftp://x", "local:x", "openai:http://h/v1?retries=x"):
        with pytest.raises(ConfigError):
            from_spec(bad)


# -- through the writer ------------------------------------------------------------------------
def persona():
    return load_persona(ROOT / "personas" / "tech_reviewer.yaml")


def job(p) -> WriteJob:
    from tests.writer.test_writer import pick

    return WriteJob("reply", "r1", "zh-Hant", pick=pick("你覺得這款好看嗎"), product=p.product("x1-earbuds"))


async def test_writer_over_http_mid_stream_disconnect_ends_gracefully() -> None:
    text = "X1 的降噪深度是 35 分貝。後面這句沒說完就斷線了"
    p = persona()
    async with FakeOpenAIServer([Behaviour(text, chunk=4, disconnect_after=6)]) as srv:
        llm = llm_for(srv)
        clock = WallClock()
        writer = Writer(p, llm, clock, WriterConfig(first_token_s=5.0))
        lines = [x async for x in writer.write(job(p))]
        await llm.aclose()
    assert [x.text for x in lines] == ["X1 的降噪深度是 35 分貝。"]
    assert writer.stats["llm_errors"]["LLMError"] == 1


async def test_writer_over_http_late_first_token_falls_back() -> None:
    p = persona()
    async with FakeOpenAIServer([Behaviour("太晚了。", first_delay=2.0)]) as srv:
        llm = llm_for(srv)
        writer = Writer(p, llm, WallClock(), WriterConfig(first_token_s=0.3))
        writer.answering.understander.understand("耳機多少錢", "zh-Hant")  # the embedder loaded before the clock starts
        t0 = asyncio.get_running_loop().time()
        lines = [x async for x in writer.write(job(p))]
        took = asyncio.get_running_loop().time() - t0
        await llm.aclose()
    assert [x.origin for x in lines] == ["fallback"] and took < 1.5
    assert writer.stats["fallbacks"]["first_token_timeout"] == 1
