"""Keeping pace: the next line decided just in time, a ready line before one still being written,
short grouped answers, thanks due early enough to be said within their cap, and where a wait went."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from tests.fakes.picks import FakePick, ask
from tests.stage.test_stage import run_stage, utt
from tests.writer.test_writer import VIRTUAL
from vhost.clock import FastClock
from vhost.director.director import Director
from vhost.director.pacing import MIN_LEAD_S, PICK_LEAD_S, THANKS_DUE_S, THANKS_MAX_WAIT_S, pace, pick_lead, thanks_due
from vhost.director.thanks import phrase
from vhost.events import ChatEvent, EventKind, User
from vhost.intake.gifts import ThanksBatch
from vhost.intake.intake import Intake
from vhost.intake.ledger import Ledger
from vhost.pacing import decompose
from vhost.persona.loader import load_persona
from vhost.stage.utterance import Lineup, Utterance
from vhost.writer import WriteJob, Writer

ROOT = Path(__file__).resolve().parents[2]


def test_next_line_decided_as_late_as_its_preparation_allows() -> None:
    assert pick_lead([]) == PICK_LEAD_S  # nothing measured yet: the safe lead
    assert pick_lead([0.1, 0.15, 0.12, 0.2]) == MIN_LEAD_S  # template lines: decided half a second ahead
    assert abs(pick_lead([0.2, 0.2, 1.2, 1.4, 1.5]) - 1.7) < 1e-9  # slower lines: their 80th percentile + margin
    assert pick_lead([3.0, 4.0, 5.0]) == PICK_LEAD_S  # an LLM line: never earlier than before


def test_thanks_due_early_enough_to_be_heard_within_the_cap() -> None:
    assert THANKS_DUE_S < THANKS_MAX_WAIT_S - 5  # the line on air and the next one decided come first
    peak = pace(10)
    assert not thanks_due(peak, ready=True, waited_s=THANKS_DUE_S - 1, big=False, since_last_s=5, reply_waiting=True)
    assert thanks_due(peak, ready=True, waited_s=THANKS_DUE_S + 0.5, big=False, since_last_s=5, reply_waiting=True)


def _gift(name: str, gift: str, value: float) -> ChatEvent:
    return ChatEvent("test", EventKind.GIFT, User(name, name), gift_name=gift, gift_count=1, value_cny=value)


def test_busy_thanks_name_one_gift_and_count_the_rest() -> None:
    evs = (_gift("小明", "小心心", 0.1), _gift("阿傑", "辣條", 0.1), _gift("小雨", "牛哇牛哇", 1.0))
    batch = ThanksBatch(evs, ("小明", "阿傑", "小雨"), 1.2, "", 1.0)
    calm = phrase(batch, en=False, address="家人們", names=3, gifts=2)
    busy = phrase(batch, en=False, address="家人們", names=1, gifts=1)
    assert calm.gift == "牛哇牛哇和小心心等禮物"  # the two worth most, then "and more"
    assert busy.gift == "牛哇牛哇等禮物" and busy.viewer == "小明等 3 位家人們"
    assert phrase(batch, en=True, address="everyone", names=1, gifts=1).gift == "牛哇牛哇 and more"


async def _say(pick: FakePick, *group: FakePick) -> list[str]:
    """What the writer says for one brief (busy-room) reply job about the X1, with no model."""
    persona = load_persona(ROOT / "personas" / "tech_reviewer.yaml")
    clock = FastClock(wall=False)
    async with clock.running():
        writer = Writer(persona, _NoLLM(), clock, VIRTUAL)
        job = WriteJob("reply", "u-1", "zh-Hant", pick=pick, product=persona.product("x1-earbuds"), group=group, brief=1)
        return [x.text async for x in writer.write(job)]


async def test_grouped_answers_are_short_and_the_same_question_is_answered_once() -> None:
    lines = await _say(ask("耳機多少錢", "a"), ask("X1現在多少", "b"), ask("充電頭幾瓦", "c"))
    said = "".join(lines)
    assert said.count("199") == 1, lines  # two viewers asked the X1's price in other words: said once
    assert "65" in said and "P65" in said  # the charger's answer names its product
    assert "一起說" not in said and len(lines) == 2  # no preamble: the answers are the line


async def test_small_talk_in_a_grouped_answer_is_left_out() -> None:
    lines = await _say(ask("耳機多少錢", "小明240"), ask("主播聲音好聽", "阿傑7"))
    assert len(lines) == 1 and "199" in lines[0], lines  # the price, not "謝謝阿傑的留言" after it
    assert "阿傑" not in "".join(lines)


async def test_a_grouped_answer_says_what_it_knows_first() -> None:
    lines = await _say(ask("線有幾種顏色", "a"), ask("耳機多少錢", "b"))  # the colours are not on the sheet
    assert len(lines) == 2 and "199" in lines[0] and "199" not in lines[1], lines


async def test_a_viewer_is_greeted_by_the_name_part() -> None:
    lines = await _say(ask("主播晚上好", "小雨113"))
    said = "".join(lines)
    assert "小雨" in said and "113" not in said, lines


class _NoLLM:
    name = "none"

    def stream(self, messages, params):  # pragma: no cover - a planned answer never asks the model
        raise AssertionError("the LLM was asked")


async def test_a_ready_line_goes_before_one_still_being_written() -> None:
    lineup = Lineup(lookahead=4)
    slow = Utterance("reply", SimpleNamespace(lang="zh-Hant"))  # an LLM line: no audio yet
    lineup.add(slow)

    async def during(clock, stage):
        await clock.sleep_until(0.3)
        lineup.add(utt("reply", ("X1 現在 199 元。", 0.4)))  # a template answer, ready at once
        await clock.sleep_until(1.0)
        await slow.pieces.put(utt("reply", ("慢的那句。", 0.3)).pieces.get_nowait())
        await slow.pieces.put(None)

    _, _, _, done = await run_stage(lineup, 2.5, during=during)
    ready, late = done[0], done[1]
    assert ready.played == ["X1 現在 199 元。"] and ready.start_s < 0.35
    assert late is slow and late.played == ["慢的那句。"] and not late.interrupted and late.start_s >= ready.end_s


def test_wait_decomposed_into_its_parts() -> None:
    transcript = [{"id": "r1", "kind": "reply", "start_s": 10.0, "end_s": 13.0, "first_audio_s": 10.0, "decided_s": 8.0,
                   "written_s": 8.25, "ready_s": 8.5}]  # fmt: skip
    events = [{"kind": "danmaku", "text": "耳機多少錢？", "t": 5.0, "fate": "answered", "utterance": "r1"},
              {"kind": "danmaku", "text": "哈哈哈", "t": 6.0, "fate": "answered", "utterance": "r1"}]  # fmt: skip
    d = decompose(transcript, events)
    assert d["picked"] == [3.0, 3.0] and d["written"] == [0.25, 0.25]
    assert d["voiced"] == [0.25, 0.25] and d["on_air_wait"] == [1.5, 1.5]


async def test_thanks_with_a_question_waiting_count_without_the_address() -> None:
    """A thank-you line said while a question waits in front of it leaves out "家人們": the count is
    enough ("謝謝小明等 3 位的小心心！"), and the question is a breath sooner; with nothing waiting it stays."""
    persona = load_persona(ROOT / "personas" / "tech_reviewer.yaml")

    def director_with_gifts(question: bool) -> Director:
        ledger = Ledger()
        intake = Intake(persona, ledger)
        for i, name in enumerate(("小明240", "阿傑7", "小雨3")):
            intake.submit(_gift(name, "小心心", 0.1), i * 0.1)
        if question:
            intake.submit(ChatEvent("test", EventKind.DANMAKU, User("q", "路人"), text="充電頭幾瓦？"), 15.5)
        return Director(persona, intake, ledger, FastClock())

    busy = await director_with_gifts(True).next_priority_job(16.0)
    calm = await director_with_gifts(False).next_priority_job(16.0)
    assert busy is not None and busy.kind == "thanks" and calm is not None and calm.kind == "thanks"
    assert busy.lines == ("謝謝小明等 3 位的小心心！",), busy.lines
    assert "家人們" in calm.lines[0], calm.lines


async def test_a_busy_room_gets_one_answer_a_line_and_a_peak_two() -> None:
    """At a busy pace (2-4 waiting) each question is its own short line, so the next decision comes
    sooner and a fresh question can be the one taken; only at a peak (5+) do two share a breath."""
    persona = load_persona(ROOT / "personas" / "tech_reviewer.yaml")
    asks = ("耳機多少錢？", "充電頭幾瓦？", "手機幾吋？", "線多長？", "X1 防水嗎？", "手機電池多大？")

    async def first_job(n: int) -> WriteJob | None:
        ledger = Ledger()
        intake = Intake(persona, ledger)
        for i, q in enumerate(asks[:n]):
            intake.submit(ChatEvent("test", EventKind.DANMAKU, User(f"v{i}", f"觀眾{i}"), text=q), 1.0 + 0.1 * i)
        return await Director(persona, intake, ledger, FastClock()).next_priority_job(2.0)

    busy, peak = await first_job(3), await first_job(6)
    assert busy is not None and busy.pick is not None and busy.group == () and busy.brief == 1
    assert peak is not None and peak.pick is not None and len(peak.group) == 1 and peak.brief == 2


async def test_a_busy_room_answers_the_freshest_question_first() -> None:
    """Two waiting (a busy pace): the one asked just now goes before one about a product asked 5 s
    earlier, which a calm room would take first for its worth."""
    persona = load_persona(ROOT / "personas" / "tech_reviewer.yaml")
    ledger = Ledger()
    intake = Intake(persona, ledger)
    intake.submit(ChatEvent("test", EventKind.DANMAKU, User("a", "早"), text="耳機多少錢？"), 0.5)
    intake.submit(ChatEvent("test", EventKind.DANMAKU, User("b", "晚"), text="能開發票嗎？"), 5.5)
    job = await Director(persona, intake, ledger, FastClock()).next_priority_job(6.0)
    assert job is not None and job.pick is not None and job.pick.event.text == "能開發票嗎？", job


async def test_a_question_joins_a_grouped_line_only_if_still_fresh_when_its_part_is_heard() -> None:
    """At a peak two questions share a line; the second is heard one short answer later, so questions
    asked 6 s ago (8 s old by then, past the peak's freshness) are not grouped, ones asked 2 s ago are."""
    persona = load_persona(ROOT / "personas" / "tech_reviewer.yaml")

    async def group_of(others_at: float) -> tuple[str, ...]:
        ledger = Ledger()
        intake = Intake(persona, ledger)
        for i, q in enumerate(("耳機多少錢？", "充電頭幾瓦？", "手機幾吋？", "線多長？", "手機電池多大？")):
            intake.submit(ChatEvent("test", EventKind.DANMAKU, User(f"v{i}", f"觀眾{i}"), text=q), others_at)
        intake.submit(ChatEvent("test", EventKind.DANMAKU, User("new", "晚"), text="X1 防水嗎？"), 9.9)
        job = await Director(persona, intake, ledger, FastClock()).next_priority_job(10.0)
        assert job is not None and job.pick is not None and job.pick.event.text == "X1 防水嗎？"
        return tuple(g.event.text for g in (job.pick, *job.group))

    assert len(await group_of(4.0)) == 1  # the line is the fresh question alone
    assert len(await group_of(8.0)) == 2


async def test_the_same_answer_asked_in_other_words_is_merged_into_the_one_just_given() -> None:
    """"X1現在多少" answered at 2 s: "耳機多少錢" at 10 s joins that answer (the X1's price is not said twice
    in a few seconds), "充電頭幾瓦" is answered; the same ask 40 s later is answered again (new viewers arrive),
    and a paid message never joins. The key is the writer's understanding of what answers the question."""
    persona = load_persona(ROOT / "personas" / "tech_reviewer.yaml")
    ledger = Ledger()
    intake = Intake(persona, ledger)
    writer = Writer(persona, _NoLLM(), FastClock(), VIRTUAL)
    assert writer.answer_key("耳機多少錢", "zh-Hant") == writer.answer_key("X1現在多少", "zh-Hant") is not None
    assert writer.answer_key("耳機防水嗎", "zh-Hant") != writer.answer_key("耳機多少錢", "zh-Hant")
    assert writer.answer_key("X1 不是 99 嗎", "zh-Hant") is None  # a correction is always said
    assert writer.answer_key("how much are the X1", "en") != writer.answer_key("X1現在多少", "zh-Hant")  # answered in English
    # a question that names no product is keyed by the product the answer will be about: the one last talked about
    assert writer.answering.answer_key("防水嗎", "zh-Hant", None, "x1-earbuds") == writer.answer_key("X1防水嗎", "zh-Hant") is not None
    assert writer.answering.answer_key("防水嗎", "zh-Hant", None, "n9-phone") != writer.answer_key("X1防水嗎", "zh-Hant")
    director = Director(persona, intake, ledger, FastClock(), meaning=writer.answer_key)

    def ask_at(text: str, t: float, who: str, paid: float = 0.0) -> None:
        kind = EventKind.SUPERCHAT if paid else EventKind.DANMAKU
        intake.submit(ChatEvent("test", kind, User(who, who), text=text, value_cny=paid), t)

    ask_at("X1現在多少", 1.0, "a")
    first = await director.next_priority_job(2.0)
    assert first is not None and first.pick is not None and first.pick.event.text == "X1現在多少"
    ask_at("耳機多少錢", 9.0, "b")
    ask_at("充電頭幾瓦", 9.5, "c")
    taken = []
    for t in (10.0, 11.0, 12.0):
        job = await director.next_priority_job(t)
        taken += [job.pick.event.text] if job is not None and job.pick is not None else []
    assert taken == ["充電頭幾瓦"], taken
    merged = [r for r in ledger.rows() if r["fate"] == "merged"]
    assert [r["text"] for r in merged] == ["耳機多少錢"] and merged[0]["utterance"] == first.utterance_id, merged
    ask_at("耳機幾錢", 45.0, "d")
    later = await director.next_priority_job(46.0)
    assert later is not None and later.pick is not None and later.pick.event.text == "耳機幾錢"
    ask_at("X1 多少錢", 47.0, "e", paid=30.0)
    paid = await director.next_priority_job(48.0)
    assert paid is not None and paid.pick is not None and paid.pick.event.paid
