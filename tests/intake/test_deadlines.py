from __future__ import annotations

from tests.intake.conftest import chat, superchat
from vhost.events import ChatEvent, EventKind, Fate, User
from vhost.intake.intake import Intake
from vhost.intake.ledger import Ledger


def test_stale_question_dropped_with_reason(intake: Intake, ledger: Ledger) -> None:
    old = intake.submit(chat("續航多久"), 0)
    fresh = intake.submit(chat("防水嗎"), 40)
    pick = intake.next_reply(50.0)
    assert pick is not None and pick.event.index == fresh.index
    assert ledger.rows()[old.index]["fate"] == "dropped"
    assert ledger.rows()[old.index]["reason"] == "stale: older than 20 s"


def test_each_ask_goes_stale_on_its_own(intake: Intake, ledger: Ledger) -> None:
    evs = [intake.submit(chat("多少錢"), float(t)) for t in range(0, 100, 10)]
    pick = intake.next_reply(100.0)
    assert pick is not None and len(pick.merged) == 3  # asked at 60, 70, 80, 90: many asked, open 40 s
    assert {e.index for e in (pick.event, *pick.merged)} == {e.index for e in evs[6:]}
    assert {ledger.rows()[e.index]["reason"] for e in evs[:6]} == {"stale: older than 40 s"}


def test_superchat_honoured_within_window_under_flood(intake: Intake, ledger: Ledger) -> None:
    """A director answering one item every 4 s reaches the superchat before its window ends."""
    sc = None
    answered_at: float | None = None
    t = 0.0
    n = 0
    while t < 120:
        for k in range(5):  # 5 questions a second, all different and on stage
            intake.submit(chat(f"問題{n}：{'甲乙丙丁戊己庚辛壬癸'[n % 10]}{n}號怎麼用？"), t + k * 0.2)
            n += 1
        if t == 30:
            sc = intake.submit(superchat("主播能講講降噪嗎", 30, duration_s=60), t)
        if int(t) % 4 == 0:
            p = intake.next_reply(t, product_id="x1")
            if p is not None and sc is not None and p.event.index == sc.index:
                answered_at = t
        t += 1
    assert sc is not None and answered_at is not None
    assert 30 <= answered_at <= 30 + 60


def test_urgent_near_deadline(intake: Intake) -> None:
    intake.submit(superchat("主播好", 30, duration_s=60), 0)
    assert not intake.urgent(10)
    assert intake.urgent(45)  # 15 s left
    intake.next_reply(45)
    assert not intake.urgent(46)


def test_urgent_high_score_question(intake: Intake) -> None:
    for _ in range(10):
        intake.submit(chat("耳機防水嗎"), 0)
    assert intake.urgent(1)


def test_superchat_not_stale_in_its_window_and_dropped_after(intake: Intake, ledger: Ledger) -> None:
    sc = intake.submit(superchat("主播好", 30, duration_s=120), 0)
    assert intake.next_reply(100, chat_mode="paid") is not None  # older than stale_after_s, still there
    late = intake.submit(superchat("還在嗎", 30, duration_s=60), 200)
    assert intake.next_reply(200 + 60 + 31, chat_mode="none") is None
    row = ledger.rows()[late.index]
    assert row["fate"] == "dropped" and row["reason"] == "superchat deadline missed: not acknowledged within 60 s"
    assert not ledger.has_fate(sc.index)  # the director sets its fate


def test_chat_mode_none_still_offers_a_superchat_near_deadline(intake: Intake) -> None:
    sc = intake.submit(superchat("主播好", 30, duration_s=60), 0)
    assert intake.next_reply(10, chat_mode="none") is None
    p = intake.next_reply(45, chat_mode="none")
    assert p is not None and p.event.index == sc.index


def test_superchat_delete(intake: Intake, ledger: Ledger) -> None:
    a = intake.submit(superchat("錯字了", 30, id="9001"), 0)
    b = intake.submit(superchat("主播好", 30, id="9002"), 0)
    delete = ChatEvent("bilibili", EventKind.SYSTEM, User("", ""), text="superchat_delete", id="9001,777")
    intake.submit(delete, 1)
    assert ledger.rows()[a.index]["reason"] == "superchat deleted"
    p = intake.next_reply(2)
    assert p is not None and p.event.index == b.index and intake.next_reply(2) is None


def test_close_drops_everything_pending(intake: Intake, ledger: Ledger) -> None:
    intake.submit(chat("續航多久"), 0)
    intake.submit(superchat("主播好"), 0)
    intake.submit(ChatEvent("t", EventKind.GIFT, User("g", "送禮"), gift_name="小心心", gift_count=1, value_cny=0.1), 0)
    p = intake.next_reply(1)
    assert p is not None
    intake.close(2)
    ledger.fate(p.event.index, Fate.ANSWERED, utterance="u1")
    rows = ledger.rows()
    assert [r["fate"] for r in rows] == ["dropped", "answered", "dropped"]
    assert {r.get("reason") for r in rows if r["fate"] == "dropped"} == {"show ended"}


def test_deleting_a_textless_superchat_waiting_for_thanks(intake: Intake, ledger: Ledger) -> None:
    sc = intake.submit(superchat("", 30, id="42"), 0)
    assert intake.retract("42", 1)
    assert ledger.rows()[sc.index]["reason"] == "superchat deleted"
    assert intake.take_thanks(10) is None
