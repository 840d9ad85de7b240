"""`vhost serve` shows the health of every connection and backend, and counts a retried
order callback once."""

from __future__ import annotations

from tests.fakes.fake_llm import FakeLLM, Reply
from tests.server.conftest import ANSWER, serve, wait_until
from tests.tts.engines import ScriptedTTS
from vhost.clock import WallClock
from vhost.llm.breaker import BreakerConfig
from vhost.llm.chain import ChainLLM
from vhost.show import Show

ORDER = {"kind": "order", "id": "T-1", "user": {"id": "buyer", "name": "買家"}, "product": "x1-earbuds", "count": 1, "value_cny": 199}


def chain_show(settings):
    clock = WallClock()
    remote = FakeLLM(clock, [], default=Reply(("x",), error_after=0))
    remote.name = "openai:remote"
    local = FakeLLM(clock, [], default=Reply.text(ANSWER))
    local.name = "local:stand-in"
    chain = ChainLLM([remote, local], clock, first_token_s=0.5, breaker=BreakerConfig(failures=1, open_s=60.0))
    return Show(settings.show_config(), llm=chain, tts=ScriptedTTS("tone", seconds=0.3), clock=clock, busy_llm=False)


async def test_status_health_and_order_retries(tmp_path):
    async with serve(tmp_path, chain_show, sources=["push:?port=0"]) as s:
        first = await s.client.post("/api/events", json=ORDER)
        retry = await s.client.post("/api/events", json=[ORDER, {**ORDER, "id": "T-2"}])
        assert first.status_code == retry.status_code == 200
        assert first.json()["accepted"] == 1 and retry.json()["accepted"] == 1 and retry.json()["duplicates"] == 1
        await s.client.post("/api/events", json={"kind": "danmaku", "user": {"id": "v"}, "text": "你覺得這款好看嗎？"})
        status = await wait_until(lambda: _llm_answered(s), timeout=15)
        assert status, "no LLM answer within the time"
        # the listener starts beside the show: on a loaded machine it may still be starting here
        status = await wait_until(lambda: _source_up(s), timeout=15)
        assert status, "the push listener never came up"
        health = {h["name"]: h for h in status["health"]}
        assert health["push:127.0.0.1:0"]["kind"] == "source" and health["push:127.0.0.1:0"]["state"] == "up"
        assert health["openai:remote"]["breaker"] == "open" and health["openai:remote"]["state"] == "down"
        assert "backend exploded" in health["openai:remote"]["error"]
        assert health["local:stand-in"]["state"] == "up"
        assert status["orders"]["orders"] == 2 and status["orders"]["duplicates"] == 1
        rows = (await s.client.get("/api/events")).json()["rows"]
        assert [r["kind"] for r in rows].count("order") == 2


async def _source_up(s):
    status = (await s.client.get("/api/status")).json()
    h = {x["name"]: x for x in status["health"]}
    return status if h.get("push:127.0.0.1:0", {}).get("state") == "up" else None


async def _llm_answered(s):
    status = (await s.client.get("/api/status")).json()
    h = {x["name"]: x for x in status["health"]}
    return status if h.get("local:stand-in", {}).get("counts", {}).get("answered") else None


async def test_console_shows_health_and_orders(tmp_path):
    import pytest

    from tests.avatar.browser import CHROMIUM, Browser
    from tests.server.conftest import TOKEN

    if CHROMIUM is None:
        pytest.skip("chromium not installed")
    async with serve(tmp_path, chain_show, sources=["push:?port=0"]) as s, Browser(tmp_path / "profile", f"{s.url}/#token={TOKEN}") as b:
        await s.client.post("/api/events", json=[ORDER, ORDER])
        await s.client.post("/api/events", json={"kind": "danmaku", "user": {"id": "v"}, "text": "你覺得這款好看嗎？"})
        assert await wait_until(lambda: _llm_answered(s), timeout=15)
        remote = "[...document.querySelectorAll('#health li')].find(li => li.dataset.name === 'openai:remote')"
        assert await b.wait_for(f"(({remote} || {{}}).textContent || '').includes('down')", True, timeout=10) is True
        shown = await b.eval(f"{remote}.textContent")
        assert "breaker open" in shown and "backend exploded" in shown
        assert "bad" in await b.eval(f"{remote}.querySelector('.pill').className")
        local = await b.eval("[...document.querySelectorAll('#health li')].find(li => li.dataset.name === 'local:stand-in').textContent")
        assert "up" in local and "answered" in local
        orders = await b.eval("document.getElementById('orders').textContent")
        assert "orders1" in orders.replace(" ", "") and "repeats ignored1" in orders


def test_llm_chain_from_flags_and_environment(monkeypatch, tmp_path):
    from server.settings import load_settings
    from tests.server.conftest import PERSONA
    from vhost.cli import build_parser

    args = build_parser().parse_args(["run", "--persona", "p.yaml", "--llm", "openai:http://a/v1?model=x", "--llm", "local", "--llm-first-token", "0.8"])
    assert (args.llm, args.llm_first_token) == (["openai:http://a/v1?model=x", "local"], 0.8)
    monkeypatch.setenv("VHOST_LLM", "openai:http://a/v1?model=x&retries=1 local:qwen2.5-coder-0.5b")
    s = load_settings(persona=PERSONA, out=tmp_path)
    assert s.llm == ["openai:http://a/v1?model=x&retries=1", "local:qwen2.5-coder-0.5b"]
    assert s.show_config().llm == s.llm and s.show_config().llm_first_token_s == 1.2
