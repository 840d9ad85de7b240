from __future__ import annotations

import pytest

from tests.intake.conftest import chat, superchat
from vhost.events import User
from vhost.intake.intake import Intake
from vhost.intake.ledger import Ledger

_VARIANTS = ["多少錢", "多少钱", "多少钱？", "多少錢啊", "請問多少錢", "主播多少钱呀", "多少钱多少钱", "多少 錢 ?", "多少錢！！", "多少錢呢"]


def test_fifty_price_questions_become_one_pick(intake: Intake) -> None:
    evs = [intake.submit(chat(_VARIANTS[i % len(_VARIANTS)]), i * 0.5) for i in range(50)]
    intake.submit(chat("防水嗎"), 25.0)
    pick = intake.next_reply(26.0)
    assert pick is not None and len(pick.merged) == 49
    assert {e.index for e in (pick.event, *pick.merged)} == {e.index for e in evs}
    assert "50 asked" in pick.reason
    nxt = intake.next_reply(26.0)
    assert nxt is not None and nxt.event.text == "防水嗎" and nxt.merged == ()
    assert intake.next_reply(26.0) is None


def test_different_products_are_not_merged(intake: Intake) -> None:
    intake.submit(chat("耳機多少錢"), 0)
    intake.submit(chat("充電頭多少錢"), 1)
    intake.submit(chat("耳机多少钱啊"), 2)
    a = intake.next_reply(3, product_id="x1")
    b = intake.next_reply(3, product_id="x1")
    assert a is not None and b is not None
    assert (a.product_id, len(a.merged)) == ("x1", 1)
    assert (b.product_id, b.merged) == ("p65", ())


def test_representative_is_the_best_of_its_cluster(intake: Intake) -> None:
    intake.submit(chat("耳機多少錢"), 0)
    guard = intake.submit(chat("耳機多少錢呀", user=User("g", "艦長", guard_level=3)), 1)
    pick = intake.next_reply(2)
    assert pick is not None and pick.event.index == guard.index and len(pick.merged) == 1


def test_scoring_order(intake: Intake) -> None:
    hello = intake.submit(chat("主播晚上好"), 0)
    plain = intake.submit(chat("好看"), 0)
    q = intake.submit(chat("這個怎麼用"), 0)
    first = intake.submit(chat("第二個顏色有嗎", user=User("f", "新人", first_time=True)), 0)
    prod = intake.submit(chat("充電頭能充筆電嗎"), 0)
    stage = intake.submit(chat("耳機防水嗎"), 0)
    sc = intake.submit(superchat("主播加油", 30), 0)
    order = []
    while (p := intake.next_reply(1.0, product_id="x1")) is not None:
        order.append(p.event.index)
    assert order == [sc.index, stage.index, prod.index, first.index, q.index, plain.index, hello.index]


def test_recency_breaks_ties(intake: Intake) -> None:
    old = intake.submit(chat("續航多久"), 0)
    new = intake.submit(chat("防水嗎"), 15)
    assert [intake.next_reply(16).event.index, intake.next_reply(16).event.index] == [new.index, old.index]


def test_more_askers_win(intake: Intake) -> None:
    intake.submit(chat("續航多久"), 0)
    for i in range(5):
        intake.submit(chat("防水嗎"), i)
    p = intake.next_reply(5)
    assert p is not None and p.event.text == "防水嗎"


@pytest.mark.parametrize(
    ("mode", "expected"),
    [("all", ["sc", "q", "hi"]), ("questions", ["sc", "q"]), ("paid", ["sc"]), ("none", [])],
)
def test_chat_modes(intake: Intake, mode: str, expected: list[str]) -> None:
    ids = {
        intake.submit(superchat("主播加油", 50), 0).index: "sc",
        intake.submit(chat("這個怎麼用"), 0).index: "q",
        intake.submit(chat("主播晚上好"), 0).index: "hi",
    }
    got = []
    while (p := intake.next_reply(1, chat_mode=mode)) is not None:
        got.append(ids[p.event.index])
    assert got == expected


def test_language_of_pick(intake: Intake) -> None:
    intake.submit(chat("how long does the battery last?"), 0)
    intake.submit(chat("续航多久"), 0)
    intake.submit(chat("防水嗎"), 0)
    langs = set()
    while (p := intake.next_reply(1)) is not None:
        langs.add((p.event.text, p.lang))
    assert langs == {("how long does the battery last?", "en"), ("续航多久", "zh-Hans"), ("防水嗎", "zh-Hant")}


def test_bad_chat_mode(intake: Intake) -> None:
    with pytest.raises(ValueError, match="chat_mode"):
        intake.next_reply(0, chat_mode="loud")


def test_pool_overflow_drops_lowest(persona, ledger: Ledger) -> None:
    from vhost.intake.config import IntakeConfig

    intake = Intake(persona, ledger, IntakeConfig(max_pending=20))
    good = intake.submit(chat("耳機防水嗎"), 0)
    words = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥天地玄黃宇宙洪荒日月盈昃辰宿列張寒來暑往秋收冬藏閏餘成歲律呂調陽雲騰致雨露結為霜金生麗水玉出"
    for i in range(60):
        intake.submit(chat(words[i] + words[-1 - i], f"v{i}"), 0.1 * i)
    assert intake.pending() <= 20
    reasons = [r.get("reason", "") for r in ledger.rows() if r["fate"] == "dropped"]
    assert reasons and all(r.startswith("pool overflow") for r in reasons)
    assert not ledger.has_fate(good.index)


def test_tiny_cheer_does_not_jump_a_popular_question(intake: Intake) -> None:
    for _ in range(6):
        intake.submit(chat("耳機防水嗎"), 0)
    cheer = intake.submit(superchat("Cheer1 hi", 0.07), 0)
    big = intake.submit(superchat("主播好", 50), 0)
    order = [intake.next_reply(1, product_id="x1").event.index for _ in range(3)]
    assert order[0] == big.index and order[2] == cheer.index
