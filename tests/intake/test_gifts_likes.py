from __future__ import annotations

from tests.intake.conftest import chat, gift
from vhost.events import ChatEvent, EventKind, User
from vhost.intake.config import IntakeConfig
from vhost.intake.intake import Intake
from vhost.intake.ledger import Ledger


def test_gifts_batched_after_settling(intake: Intake, ledger: Ledger) -> None:
    evs = [intake.submit(gift("小心心", 1, 0.1, f"u{i % 4}"), i * 0.5) for i in range(12)]
    evs.append(intake.submit(gift("嘉年華", 1, 20.0, "rich", user=User("rich", "土豪")), 5.0))
    assert intake.take_thanks(6.0) is None  # still coming in
    batch = intake.take_thanks(8.5)
    assert batch is not None
    assert [e.index for e in batch.events] == [e.index for e in evs]
    assert batch.gift_summary == "嘉年華×1, 小心心×12"
    assert batch.names[0] == "土豪" and len(batch.names) == 3 and batch.others == 2
    assert batch.total_cny == 21.2 and batch.top_value_cny == 20.0
    assert intake.take_thanks(20.0) is None
    assert not any(ledger.has_fate(e.index) for e in evs)  # the director thanks them


def test_continuous_gifts_still_thanked_every_max_wait(intake: Intake) -> None:
    batches = []
    for i in range(60):
        intake.submit(gift("小心心", 1, 0.1), i * 1.0)
        b = intake.take_thanks(i * 1.0)
        if b is not None:
            batches.append(b)
    assert len(batches) >= 5 and all(len(b.events) <= 11 for b in batches)


def test_big_gift_thanked_at_once(intake: Intake) -> None:
    intake.submit(gift("小心心", 1, 0.1), 0)
    intake.submit(gift("小電視", 1, 1245.0), 0.5)
    b = intake.take_thanks(0.6)
    assert b is not None and len(b.events) == 2 and b.top_value_cny == 1245.0


def test_follows_and_guards_join_the_batch(intake: Intake) -> None:
    intake.submit(ChatEvent("t", EventKind.FOLLOW, User("f1", "新粉")), 0)
    intake.submit(ChatEvent("t", EventKind.GUARD, User("g1", "艦長大人", guard_level=3), value_cny=198), 0)
    b = intake.take_thanks(0.1)
    assert b is not None and b.follows == 1 and b.gift_summary == "舰长×1" and b.names == ("艦長大人", "新粉")


def test_unspeakable_names_are_not_read_out(intake: Intake) -> None:
    intake.submit(gift("小心心", 1, 0.1, user=User("s", "加微信abc12345")), 0)
    intake.submit(gift("小心心", 1, 0.1, user=User("m", "提***", masked=True)), 0)
    intake.submit(gift("小心心", 1, 0.1, user=User("ok", "小雨")), 0)
    b = intake.take_thanks(5)
    assert b is not None and b.names == ("小雨",) and b.others == 2


def test_thanks_backlog_is_bounded(persona, ledger: Ledger) -> None:
    intake = Intake(persona, ledger, IntakeConfig(max_gift_batch=10))
    for i in range(80):
        intake.submit(gift("小心心", 1, 0.1), i * 0.01)
    reasons = [r.get("reason") for r in ledger.rows() if r["fate"] == "dropped"]
    assert len(reasons) == 30 and set(reasons) == {"pool overflow: thanks backlog full"}
    sizes = []
    while (b := intake.take_thanks(100)) is not None:
        sizes.append(len(b.events))
    assert sizes == [10] * 5


def test_likes_counted_not_answered(intake: Intake, ledger: Ledger) -> None:
    for i in range(100):
        intake.submit(ChatEvent("t", EventKind.LIKE, User(f"l{i}", "x"), count=1000), i)
    intake.submit(ChatEvent("t", EventKind.ENTER, User("e", "進場")), 0)
    assert intake.stats()["likes"] == 100_000 and intake.stats()["enters"] == 1
    assert ledger.counts()["dropped"] == 101
    assert {r["reason"] for r in ledger.rows()} == {"counted", "not answered"}
    assert intake.next_reply(200) is None and intake.take_thanks(200) is None


def test_emoticon_only_danmaku_dropped(intake: Intake, ledger: Ledger) -> None:
    ev = intake.submit(chat("  "), 0)
    assert ledger.rows()[ev.index]["reason"] == "empty: nothing to answer"


def test_emoticon_only_danmaku_dropped_but_text_with_emoticon_kept(intake: Intake, ledger: Ledger) -> None:
    a = intake.submit(chat("[dog][热]"), 0)
    b = intake.submit(chat("[dog] 耳機多少錢"), 0)
    assert ledger.rows()[a.index]["reason"] == "empty: emoticon only"
    assert not ledger.has_fate(b.index)


def test_platform_like_total_is_not_a_delta(intake: Intake) -> None:
    for total in (100, 250, 240):  # running totals, one arriving late
        intake.submit(ChatEvent("bilibili", EventKind.LIKE, User("", ""), text="like_total", count=total), 0)
    intake.submit(ChatEvent("bilibili", EventKind.LIKE, User("u1", "x"), count=1), 0)
    st = intake.stats()
    assert st["likes"] == 1 and st["likes_room_total"] == 250
    intake.submit(ChatEvent("bilibili", EventKind.SYSTEM, User("", ""), text="watched:1.7万人看过", count=17903), 0)
    assert intake.stats()["watched"] == 17903
