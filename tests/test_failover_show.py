"""A whole show that loses its remote LLM and gets order callbacks twice: answers keep
coming from the local stand-in, each order is counted once, and the health of every
connection and backend is in the status and the summary."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Sequence
from pathlib import Path

from tests.fakes.fake_llm import FakeLLM, Reply
from tests.tts.engines import ScriptedTTS
from vhost.assembly import build_llm
from vhost.clock import Clock, FastClock
from vhost.commands.run import print_summary, summarize
from vhost.events import ChatEvent, EventKind, User
from vhost.llm.breaker import BreakerConfig
from vhost.llm.chain import ChainLLM
from vhost.show import Show, ShowConfig

PERSONA = Path("personas/tech_reviewer.yaml")
ANSWER = "X1 單次續航 8 小時。"


class Scripted:
    """A source that yields fixed events at fixed program times."""

    def __init__(self, clock: Clock, script: Sequence[tuple[float, ChatEvent]], name: str = "scripted") -> None:
        self.clock, self.script, self.name = clock, script, name

    async def events(self) -> AsyncIterator[ChatEvent]:
        for t, ev in self.script:
            await self.clock.sleep_until(t)
            yield ev


def order(oid: str, units: int, paid: float) -> ChatEvent:
    return ChatEvent("shop", EventKind.ORDER, User("buyer", "買家"), value_cny=paid, count=units, id=oid, product_id="x1-earbuds")


def ask(uid: str, text: str) -> ChatEvent:
    return ChatEvent("push", EventKind.DANMAKU, User(uid, f"觀眾{uid}"), text=text)


def rows(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


async def test_remote_down_orders_retried_health_everywhere(tmp_path, capsys):
    clock = FastClock()
    stock = ChatEvent("shop", EventKind.STOCK, User("", ""), id="s-1", product_id="x1-earbuds", stock=50)
    script = [
        (1.0, ask("a", "你覺得這款好看嗎？")),
        (2.0, order("o-1", 1, 199.0)),
        (2.5, order("o-1", 1, 199.0)),  # the shop retried: same order id
        (3.0, stock),
        (4.0, order("o-2", 2, 398.0)),
        (4.2, order("o-2", 2, 398.0)),
        (9.0, ask("b", "主播平常自己用哪一款？")),
        (16.0, ask("c", "送朋友的話選哪個顏色好？")),
    ]
    remote = FakeLLM(clock, [], default=Reply(("太晚",), first_delay=60.0))
    remote.name = "openai:remote"  # type: ignore[misc]
    local = FakeLLM(clock, [], default=Reply.text(ANSWER, first_delay=0.3))
    local.name = "local:stand-in"  # type: ignore[misc]
    chain = ChainLLM([remote, local], clock, first_token_s=1.0, breaker=BreakerConfig(failures=2, open_s=600.0, max_open_s=600.0))
    cfg = ShowConfig(persona=PERSONA, out=tmp_path / "out", duration_s=30.0, watch=False, pitch_every_s=600.0)
    show = Show(cfg, llm=chain, tts=ScriptedTTS("tone", seconds=1.0), sources=[Scripted(clock, script)], clock=clock, busy_llm=False)
    result = await show.run()
    out = tmp_path / "out"

    events = rows(out / "events.jsonl")
    assert [e["kind"] for e in events].count("order") == 2, "a retried order callback got a second row"
    assert [e["index"] for e in events] == list(range(len(script) - 2))
    assert all(e["fate"] == "dropped" and e["reason"] == "counted" for e in events if e["kind"] in ("order", "stock"))
    o = result.stats["orders"]
    assert (o["orders"], o["units"], o["revenue_cny"], o["duplicates"]) == (2, 3, 597.0, 2)
    assert o["products"]["x1-earbuds"]["stock"] == 48  # set to 50, then two sold

    transcript = rows(out / "transcript.jsonl")
    replies = [u for u in transcript if u["kind"] == "reply"]
    assert replies and all(u.get("llm") == "local:stand-in" and ANSWER in u["text"] for u in replies)
    assert "openai:remote: timeout" in replies[0]["llm_failed"][0]
    assert any("openai:remote: skipped (breaker open)" in f for u in replies for f in u.get("llm_failed", []))

    health = {h["name"]: h for h in result.stats["health"]}
    assert health["scripted"]["kind"] == "source" and health["scripted"]["state"] == "ended"
    assert health["scripted"]["counts"]["events"] == len(script)
    assert (health["openai:remote"]["state"], health["openai:remote"]["breaker"]) == ("down", "open")
    assert health["local:stand-in"]["state"] == "up" and health["local:stand-in"]["counts"]["answered"] >= 3

    print_summary(summarize(result))
    printed = capsys.readouterr().out
    assert "openai:remote" in printed and "breaker open" in printed
    assert "pace:   question → first audio p50" in printed and "0 thanks lost" in printed
    assert "orders: 2 (3 units, ¥597); 2 repeated callbacks counted once" in printed


def test_build_llm_chains_the_specs_in_order(monkeypatch):
    built: list[str] = []

    def fake_from_spec(spec: str) -> FakeLLM:
        built.append(spec)
        llm = FakeLLM(FastClock(wall=False))
        llm.name = spec  # type: ignore[misc]
        return llm

    monkeypatch.setattr("vhost.llm.openai_compat.from_spec", fake_from_spec)
    cfg = ShowConfig(persona=PERSONA, llm=["openai:http://a/v1?model=x", "openai:http://b/v1?model=y"], llm_first_token_s=0.8)
    chain = build_llm(cfg, FastClock(wall=False))
    assert isinstance(chain, ChainLLM) and chain.first_token_s == 0.8
    assert built == ["openai:http://a/v1?model=x", "openai:http://b/v1?model=y"]
    assert chain.name == "openai:http://a/v1?model=x > openai:http://b/v1?model=y"
    assert ShowConfig(persona=PERSONA, llm="openai:http://a/v1").llm == ["openai:http://a/v1"]  # one spec as before


def test_chain_deadline_must_leave_the_writer_time():
    import pytest

    from vhost.errors import ConfigError

    with pytest.raises(ConfigError, match="shorter than the writer"):
        build_llm(ShowConfig(persona=PERSONA, llm=["openai:http://a/v1"], llm_first_token_s=3.0))


async def test_the_standby_voice_is_warmed_as_the_show_goes_on_air(tmp_path):
    """Hot standby: the show's failover chain has every engine speak once as it goes on air, so a
    failover hours later finds its engine loaded; the lines on air are still the primary's."""
    from vhost.tts.failover import WARM_TEXTS, FailoverTTS

    clock = FastClock()
    primary, standby = ScriptedTTS("tone", clock=clock), ScriptedTTS("espeak", clock=clock)
    cfg = ShowConfig(persona=PERSONA, out=tmp_path / "out", duration_s=8.0, watch=False)
    show = Show(cfg, llm=FakeLLM(clock, [], default=Reply.text(ANSWER)), tts=FailoverTTS([primary, standby], clock), clock=clock, busy_llm=False)
    result = await show.run()
    langs = sorted({"en" if x == "en" else "zh" for x in show.persona.identity.languages})
    warm = [WARM_TEXTS[x] for x in langs]
    assert sorted(s.lang for _, s in standby.calls) == langs  # once a language
    assert sorted(t for t, _ in standby.calls) == sorted(warm)  # the warm-up only: no line went to it
    assert max(standby.times) < 5.0  # in the show's first seconds
    assert [t for t, _ in primary.calls if t not in warm]  # the primary spoke the show
    assert result.stats["voice"]["health"]["espeak"]["state"] == "ok"
    aired = [r["text"] for r in rows(tmp_path / "out" / "transcript.jsonl")]
    assert aired and not any(w in aired for w in warm)  # the warm-up never reached the air
