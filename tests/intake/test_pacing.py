"""Keeping pace with a busy room: the backlog sets the pace, fresh questions first, thanks never lost."""

from __future__ import annotations

from tests.intake.conftest import chat, gift, superchat
from vhost.director.pacing import BUSY, CALM, PEAK, like_line, like_milestone, pace, thanks_due, welcome_line
from vhost.director.thanks import guard_line, phrase
from vhost.events import ChatEvent, EventKind, User
from vhost.intake.intake import Intake
from vhost.intake.ledger import Ledger


def test_pace_follows_the_backlog() -> None:
    assert [pace(n).level for n in (0, 1, 2, 4, 5, 40)] == [CALM, CALM, BUSY, BUSY, PEAK, PEAK]


def test_a_room_that_keeps_asking_keeps_questions_fresh_as_long_as_a_busy_one() -> None:
    """Freshest first in a room that keeps asking must not leave an older question waiting the calm window."""
    calm, loaded, busy = pace(1), pace(1, asked_recently=10), pace(3)
    assert calm.fresh_s == 20.0 and loaded.fresh_s == busy.fresh_s == 10.0
    assert pace(8, asked_recently=10).fresh_s == pace(8).fresh_s  # a peak is a peak, loaded or not


def test_thanks_spaced_out_while_questions_wait_but_never_held_past_max() -> None:
    busy = pace(3)
    assert not thanks_due(busy, ready=False, waited_s=100, big=True, since_last_s=100, reply_waiting=False)
    assert thanks_due(busy, ready=True, waited_s=2, big=False, since_last_s=1, reply_waiting=False)  # nothing else to say
    assert not thanks_due(busy, ready=True, waited_s=5, big=False, since_last_s=5, reply_waiting=True)
    assert thanks_due(busy, ready=True, waited_s=5, big=False, since_last_s=25, reply_waiting=True)
    assert thanks_due(busy, ready=True, waited_s=31, big=False, since_last_s=1, reply_waiting=True)  # max wait
    assert thanks_due(pace(20), ready=True, waited_s=0, big=True, since_last_s=0, reply_waiting=True)  # a guard


def test_like_milestones_said_once_each() -> None:
    assert like_milestone(999, 0) is None
    assert like_milestone(12_000, 0) == 10_000
    assert like_milestone(12_000, 10_000) is None
    assert like_milestone(60_000, 10_000) == 50_000
    assert like_line(10_000, en=False, address="家人們") == "點讚破 1 萬 了，謝謝家人們！"
    assert "5,000 likes" in like_line(5_000, en=True, address="everyone")
    assert welcome_line(["a", "b", "c", "d"], en=False, address="家人們").startswith("歡迎a、b、c等 4 位")


def test_fresh_questions_first_and_stale_ones_skipped(intake: Intake) -> None:
    intake.submit(chat("耳機多少錢？"), 0.0)
    intake.submit(chat("充電頭支援幾瓦？"), 15.0)
    pick = intake.next_reply(16.0, max_age_s=9.0)
    assert pick is not None and "充電頭" in pick.event.text
    assert intake.next_reply(16.0, max_age_s=9.0) is None  # the older one scrolled away for a busy room
    late = intake.next_reply(16.0)  # ...but a calm room still answers it
    assert late is not None and "耳機" in late.event.text


def test_paid_messages_are_never_too_old(intake: Intake) -> None:
    intake.submit(superchat("主播耳機防水嗎", 50.0), 0.0)
    pick = intake.next_reply(30.0, max_age_s=9.0)
    assert pick is not None and pick.event.paid


def test_group_takes_questions_in_one_language_family(intake: Intake) -> None:
    intake.submit(chat("耳機多少錢？"), 0.0)
    intake.submit(chat("how much is the charger?"), 0.5)
    intake.submit(chat("充電頭幾瓦？"), 1.0)
    assert intake.backlog(1.0) == 3
    second = intake.next_reply(1.5, questions_in="zh")
    third = intake.next_reply(1.5, questions_in="zh")
    assert second is not None and third is not None
    assert {second.event.text, third.event.text} == {"耳機多少錢？", "充電頭幾瓦？"}
    assert intake.next_reply(1.5, questions_in="zh") is None
    assert intake.backlog(1.5) == 1


def test_question_many_viewers_asked_stays_open_longer(persona, ledger: Ledger) -> None:
    intake = Intake(persona, ledger)
    for i in range(3):
        intake.submit(chat("耳機多少錢？", f"v{i}"), float(i))
    intake.submit(chat("充電頭幾瓦？", "lone"), 0.0)
    intake.next_reply(30.0, questions_in="en")  # expires what went stale, answers nothing
    reasons = [r.get("reason") for r in ledger.rows() if r["fate"] == "dropped"]
    assert reasons == ["stale: older than 20 s"]  # the lone ask; the three-way one waits up to 40 s
    pick = intake.next_reply(30.0)
    assert pick is not None and pick.event.text == "耳機多少錢？" and len(pick.merged) == 2


def test_entrants_welcomed_in_a_batch(intake: Intake) -> None:
    for i in range(4):
        intake.submit(ChatEvent("t", EventKind.ENTER, User(f"e{i}", f"新人{i}")), 0)
    intake.submit(ChatEvent("t", EventKind.ENTER, User("s", "加微信abc12345")), 0)  # not read out
    assert intake.entrants_waiting() == 4
    assert intake.take_entrants() == ["新人0", "新人1", "新人2", "新人3"]
    assert intake.take_entrants() == []


def test_cut_thanks_requeued_not_lost(intake: Intake) -> None:
    intake.submit(gift("小心心", 1, 0.1, user=User("a", "小雨")), 0)
    batch = intake.take_thanks(5)
    assert batch is not None and intake.take_thanks(10) is None
    intake.requeue_thanks(batch.events, 10)  # the line was cut before it was heard
    again = intake.take_thanks(15)
    assert again is not None and [e.index for e in again.events] == [e.index for e in batch.events]


def test_thanks_name_guards_as_the_platform_does(intake: Intake) -> None:
    intake.submit(ChatEvent("bilibili", EventKind.GUARD, User("g", "阿傑", guard_level=3), value_cny=198), 0)
    intake.submit(gift("小心心", 3, 0.3, user=User("a", "小雨")), 0)
    batch = intake.take_thanks(0.1)
    assert batch is not None
    said = phrase(batch, en=False, address="家人們")
    line = guard_line(said, en=False)
    assert line == "謝謝阿傑開通艦長，也謝謝大家的小心心！"
    assert "guard" not in line.lower()


def test_thanks_names_at_most_n_then_counts_the_rest(intake: Intake) -> None:
    for i in range(6):
        intake.submit(gift("小心心", 1, 0.1, user=User(f"u{i}", f"觀眾{i}")), i * 0.1)
    batch = intake.take_thanks(10)
    assert batch is not None
    said = phrase(batch, en=False, address="家人們", names=1)
    assert said.viewer == "觀眾等 6 位家人們"  # 觀眾0 is said 觀眾; all six counted
    assert said.gift == "小心心"
    en = phrase(batch, en=True, address="everyone", names=2)
    assert en.viewer == "everyone"  # the English voice does not read Chinese names: nobody named, all thanked



def test_at_a_busy_pace_the_answer_is_for_the_recent_asks(intake: Intake, ledger: Ledger) -> None:
    evs = [intake.submit(chat("耳機多少錢？", f"v{t}"), float(t)) for t in (0, 5, 12)]
    pick = intake.next_reply(13.0, max_age_s=9.0)
    assert pick is not None and {e.index for e in (pick.event, *pick.merged)} == {evs[1].index, evs[2].index}
    assert ledger.rows()[evs[0].index]["reason"] == "stale: older than 9 s at this pace"


def test_thanks_say_the_name_part_once_and_count_everyone(intake: Intake) -> None:
    for i, name in enumerate(("小明240", "小明12", "user_8823", "Lily86")):
        intake.submit(gift("小心心", 1, 0.1, user=User(f"u{i}", name)), i * 0.1)
    batch = intake.take_thanks(10)
    assert batch is not None
    said = phrase(batch, en=False, address="家人們", names=3)
    assert said.viewer == "小明、user等 4 位家人們"  # 小明240 and 小明12 are one name said, two people counted
    assert not any(c.isdigit() for c in said.viewer.replace("4", ""))
    en = phrase(batch, en=True, address="everyone", names=1)
    assert en.viewer == "user and 3 others"  # the English voice does not read a Chinese name


def test_small_talk_goes_stale_sooner_than_a_question(intake: Intake, ledger: Ledger) -> None:
    hello = intake.submit(chat("主播晚上好"), 0)
    q = intake.submit(chat("續航多久"), 0)
    pick = intake.next_reply(9.0)
    assert pick is not None and pick.event.index == q.index
    assert intake.next_reply(9.0) is None
    assert ledger.rows()[hello.index]["fate"] == "dropped"
    assert ledger.rows()[hello.index]["reason"].startswith("stale")


def test_a_room_that_keeps_asking_gets_short_answers_with_no_backlog(intake: Intake) -> None:
    from vhost.director.pacing import thanks_size

    for i, q in enumerate(("續航多久", "防水嗎", "多少錢", "有貨嗎", "保修多久")):
        intake.submit(chat(q, user=User(f"u{i}", f"v{i}")), i * 4.0)
    while intake.next_reply(20.0) is not None:
        pass
    assert intake.backlog(20.0) == 0
    busy_room = pace(intake.backlog(20.0), intake.asked_recently(20.0))
    assert busy_room.level == CALM and busy_room.brief == 1  # one sentence, no catchphrase, no model phrasing
    assert pace(0, intake.asked_recently(80.0)).brief == 0  # a minute later the room is calm again
    assert thanks_size(pace(2)) == (1, 1) and thanks_size(pace(0)) == (2, 2)


def test_a_room_that_keeps_asking_takes_the_freshest_question(persona) -> None:
    """Of a question about the product on stage asked 6 s ago and one about nothing in particular
    asked just now, a calm room answers the first (worth more); a room that keeps asking the fresh one
    (`fresh_first`: age weighs Weights.age_loaded a second), which is still on its viewer's screen."""
    picks = []
    for fresh_first in (False, True):
        intake = Intake(persona, Ledger())
        intake.submit(chat("耳機多少錢？", "early"), 0.0)
        intake.submit(chat("能開發票嗎？", "now"), 5.5)
        pick = intake.next_reply(6.0, product_id="x1-earbuds", fresh_first=fresh_first)
        assert pick is not None
        picks.append(pick.event.text)
    assert picks == ["耳機多少錢？", "能開發票嗎？"]
