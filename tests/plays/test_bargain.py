"""連麥砍價: a ladder reached step by step by likes, 砍 and the operator; the guard and answers follow it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.fakes.fake_llm import FakeLLM
from tests.plays.conftest import PERSONA, HandClock, danmaku, event
from vhost.clock import FastClock
from vhost.events import EventKind, Fate
from vhost.guard import Guard
from vhost.intake.intake import Intake
from vhost.intake.ledger import Ledger
from vhost.orders import OrderBook
from vhost.persona.loader import load_persona
from vhost.persona.model import Persona
from vhost.persona.plays import BargainLadder, BargainStep
from vhost.plays import PlayError, Plays
from vhost.writer import WriteJob, Writer, WriterConfig
from vhost.writer.answering import Answering

LIKES = BargainLadder(steps=[BargainStep(price=2199, likes=100), BargainStep(price=2099, likes=200), BargainStep(price=1999, likes=300)])


def with_ladder(p: Persona, ladder: BargainLadder, pid: str = "n9-phone") -> Persona:
    """The persona with another ladder on one product (its editions get the same one)."""
    def swap(x: Persona) -> Persona:
        return x.model_copy(update={"products": [q.model_copy(update={"bargain": ladder}) if q.id == pid else q for q in x.products]})

    out = swap(p)
    en = p.edition("en")
    out.attach_editions({"en": swap(en)} if en is not p else {})
    return out


def setup(ladder: BargainLadder = LIKES) -> tuple[Plays, HandClock, Guard, Persona]:
    persona = with_ladder(load_persona(PERSONA), ladder)
    clock = HandClock()
    plays = Plays(persona, clock, OrderBook(lambda pid: None))  # type: ignore[arg-type]
    return plays, clock, Guard(persona, live=plays), persona


def said(plays: Plays, now: float) -> list[str]:
    out = []
    while (line := plays.next_line(now)) is not None:
        out.append("".join(line.lines))
    return out


def test_a_ladder_reached_step_by_step_by_likes() -> None:
    plays, clock, guard, persona = setup()
    n9 = persona.product("n9-phone")
    b = plays.start_bargain("n9-phone", 0.0)
    opening = said(plays, 0.0)
    assert opening == ["連麥砍價開始！N9 手機現在 2299 元。點讚 100 個，就解鎖 2199 元！"]
    assert guard.check(opening[0], product=n9).ok
    assert plays.live_price("n9-phone") is None and plays.locked_prices("n9-phone") == (2199, 2099, 1999)
    for price, need in ((2199, 100), (2099, 200), (1999, 300)):
        plays.see(event(EventKind.LIKE, "fan", count=need - 1), clock.t)
        clock.t += 20
        progress = said(plays, clock.t)
        assert progress == [f"再 1 個讚就解鎖 {price:g} 元！"], progress  # told after 15 s, never the price as current
        assert all(guard.check(x, product=n9).ok for x in progress)
        plays.see(event(EventKind.LIKE, "fan", count=1), clock.t)
        unlocked = said(plays, clock.t)
        assert unlocked and unlocked[0].startswith(("解鎖成功！N9 手機現在", "砍到底了！N9 手機現在")) and f"{price:g} 元" in unlocked[0]
        assert all(guard.check(x, product=n9).ok for x in unlocked), unlocked
        live = plays.live_price("n9-phone")
        assert live is not None and live.price == price and b.price == price
    assert b.next is None and plays.locked_prices("n9-phone") == ()
    assert [x.startswith("砍到底了") for x in unlocked] == [True]
    plays.stop_bargain()
    assert said(plays, clock.t) == ["砍價結束，N9 手機回到 2299 元，謝謝家人們一起砍！"]
    assert plays.live_price("n9-phone") is None


def test_the_guard_accepts_exactly_the_unlocked_price() -> None:
    plays, clock, guard, persona = setup()
    n9 = persona.product("n9-phone")

    def ok(text: str) -> bool:
        return guard.check(text, product=n9).ok

    plays.start_bargain("n9-phone", 0.0)
    assert not ok("N9 手機現在只要 2199 元！")  # not unlocked yet
    assert guard.check("N9 手機現在只要 2199 元！", product=n9).reasons[0].startswith("price_locked:2199")
    assert ok("再 100 個讚就解鎖 2199 元！") and ok("Next step 2199 yuan: 100 likes.")  # as a goal it may be said
    assert ok("N9 手機現在 2299 元。")  # the sheet's price until the first unlock
    plays.see(event(EventKind.LIKE, "fan", count=100), 1.0)
    said(plays, 1.0)
    assert ok("N9 手機現在只要 2199 元！") and ok("原價 2499 元，現在 2199 元。") and ok("直接省 300 元。")
    assert not ok("N9 手機現在 2299 元。")  # the promo price is no longer the price now
    assert not ok("N9 手機現在只要 2099 元！")  # the next step is still locked
    assert not ok("N9 手機現在只要 1899 元！") and not ok("N9 手機現在只要 2000 元！")  # never a lower one
    assert not ok("原價 2199 元。")  # the unlocked price is not the list price
    assert ok("The N9 Phone is 2199 yuan now.") and not ok("The N9 Phone is 2099 yuan now.")
    plays.stop_bargain()
    assert not ok("N9 手機現在只要 2199 元！")  # the bargain is over
    assert ok("N9 手機現在 2299 元。")


async def test_a_writer_never_says_a_price_not_yet_unlocked() -> None:
    plays, clock, guard, persona = setup()
    plays.start_bargain("n9-phone", 0.0)
    fc = FastClock(wall=False)
    llm = FakeLLM(fc, ["N9 手機現在只要 2099 元！", "N9 手機現在只要 1999 元！"])
    async with fc.running():
        writer = Writer(persona, llm, fc, WriterConfig(clock_busy=False), live=plays)
        job = WriteJob("pitch", "u-1", "zh-Hant", product=persona.product("n9-phone"))
        lines = [x async for x in writer.write(job)]
    text = "".join(x.text for x in lines)
    assert "2099" not in text and "1999" not in text and lines, text
    assert writer.stats["rejected"]["price_locked"] == 2
    assert lines[0].replaced and lines[0].replaced[0].startswith("price_locked:2099")


def test_answers_and_templates_say_the_unlocked_price() -> None:
    plays, clock, guard, persona = setup()
    n9 = persona.product("n9-phone")
    answering = Answering(persona, plays)
    plays.start_bargain("n9-phone", 0.0)
    plays.see(event(EventKind.LIKE, "fan", count=100), 1.0)
    said(plays, 1.0)
    zh = answering.answer("N9 手機多少錢？", "zh-Hant")
    text = zh.rule.text if zh.rule else " ".join(zh.plan.lines)
    assert "2199" in text and "2299" not in text and guard.check(text, product=n9).ok, text
    en = answering.answer("how much is the N9 phone?", "en")
    etext = en.rule.text if en.rule else " ".join(en.plan.lines)
    assert "2199" in etext and guard.check(etext, product=n9, lang="en").ok, etext
    bait = answering.answer("N9 現在 2199 對吧？", "zh-Hant")
    assert not bait.understood.bait  # the viewer quotes the live price: not bait
    wrong = answering.answer("N9 現在 1999 對吧？", "zh-Hant")
    assert wrong.understood.bait == ("1999",)  # a locked step is not the price
    ask = answering.answer("砍價怎麼參加？", "zh-Hant")
    assert ask.rule is None and "再" not in ask.plan.lines[0] and "2199" in ask.plan.lines[0] and "2099" in ask.plan.lines[0]
    assert all(guard.check(x, product=n9).ok for x in ask.plan.lines)


def test_kan_danmaku_counted_by_intake_gifts_and_the_operator() -> None:
    ladder = BargainLadder(steps=[BargainStep(price=2199, kan=3), BargainStep(price=2099, gift_cny=50), BargainStep(price=1999, approval=True)])
    plays, clock, guard, persona = setup(ladder)
    ledger = Ledger()
    intake = Intake(persona, ledger)
    intake.plays = plays.see
    with pytest.raises(PlayError):
        plays.approve()
    plays.start_bargain(None, 0.0)
    evs = [intake.submit(danmaku(f"k{i}", t), 1.0) for i, t in enumerate(["砍", "砍一刀！", "砍砍"])]
    question = intake.submit(danmaku("q", "砍價怎麼玩？"), 1.0)
    assert [ledger.rows()[e.index]["reason"] for e in evs] == ["bargain: counted"] * 3
    assert ledger.rows()[question.index]["fate"] not in (Fate.DROPPED.value,) and intake.pending() == 1
    said(plays, 2.0)
    assert plays.live_price("n9-phone").price == 2199  # type: ignore[union-attr]
    intake.submit(event(EventKind.GIFT, "g", value_cny=30.0, gift_name="禮物", gift_count=1), 3.0)
    intake.block_user("bad")
    intake.submit(event(EventKind.GIFT, "bad", value_cny=100.0, gift_name="禮物", gift_count=1), 3.0)  # blocked: not counted
    said(plays, 3.0)
    assert plays.live_price("n9-phone").price == 2199  # type: ignore[union-attr]
    intake.submit(event(EventKind.SUPERCHAT, "s", value_cny=20.0, text="加油"), 4.0)
    said(plays, 4.0)
    assert plays.live_price("n9-phone").price == 2099  # type: ignore[union-attr]
    clock.t = 100.0
    assert said(plays, 100.0) == []  # an approval goal is never narrated as progress
    plays.approve()
    assert said(plays, 100.0)[0] == "砍到底了！N9 手機現在 1999 元。"
    assert plays.bargain is not None and [by for _, by in plays.bargain.unlocked_at] == ["goal", "goal", "operator"]


def test_ladders_are_checked_when_loaded(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="exactly one goal"):
        BargainStep(price=10, likes=5, kan=3)
    with pytest.raises(ValueError, match="must go down"):
        BargainLadder(steps=[BargainStep(price=10, likes=5), BargainStep(price=12, likes=5)])
