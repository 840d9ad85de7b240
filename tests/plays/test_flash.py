"""Flash sales: stock called back by the shop is what the host says, and a sell-out ends the pitch."""

from __future__ import annotations

import re
from pathlib import Path

from tests.plays.conftest import rows, show
from vhost.events import ChatEvent, EventKind, User
from vhost.guard import Guard

FLASH = Path(__file__).parent / "data" / "flash.yaml"
TECH = Path(__file__).resolve().parents[2] / "personas" / "tech_reviewer.yaml"


def order(oid: str, units: int) -> ChatEvent:
    return ChatEvent("shop", EventKind.ORDER, User("buyer", "buyer"), id=oid, product_id="c1-cable", count=units, value_cny=29.0 * units)


def stock(units: int) -> ChatEvent:
    return ChatEvent("shop", EventKind.STOCK, User("", ""), product_id="c1-cable", stock=units)


async def test_stock_from_the_shop_is_said_and_a_sell_out_ends_the_pitch(tmp_path: Path) -> None:
    s = show(tmp_path, None, 120, persona=FLASH)
    pushed: list[tuple[float, int]] = []  # (program time, units left afterwards)

    async def shop() -> None:
        plan = [(12.0, stock(30)), (25.0, order("T1", 18)), (26.0, order("T1", 18)), (40.0, order("T2", 7)), (55.0, order("T3", 5))]
        for t, ev in plan:
            await s.clock.sleep_until(t)
            s.submit(ev)
            pushed.append((t, s.plays.live_stock("c1-cable") or 0))

    import asyncio

    task = asyncio.get_running_loop().create_task(shop())
    await s.run()
    await task
    assert [u for _, u in pushed] == [30, 12, 12, 5, 0]  # a retried order (T1) counts once
    said = rows(tmp_path / "out" / "transcript.jsonl")
    flash = [r for r in said if r["kind"] == "flash"]
    assert flash[0]["text"].startswith("限時秒殺開始！C1 編織快充線只要 29 元。現在只有 50 件")
    told = [(r["start_s"], int(m.group(1))) for r in flash for m in re.finditer(r"只剩 (\d+) 件", r["text"])]
    assert [n for _, n in told][:3] == [30, 12, 5], told
    for t, n in told:  # each figure was the live one when the line was written (before it was heard)
        live_then = [u for pt, u in pushed if pt <= t]
        assert live_then and n in live_then, (t, n, pushed)
    sold = next(r for r in flash if "搶光" in r["text"])
    assert 55.0 <= sold["start_s"] < 62.0
    nxt = next(r for r in said if r["text"].startswith("接下來是答疑時間"))
    assert sold["end_s"] <= nxt["start_s"] < sold["end_s"] + 5.0, "the sell-out did not end the flash segment"
    assert all("guard" not in r for r in flash), [r.get("guard") for r in flash]
    # while it ran, the script said the flash price; once over, the sheet's again
    assert any(r["kind"] == "script" and r["text"].startswith("C1 編織快充線現在 29 元") for r in said)
    # the shop's stock callback is the product's units left: after the sale, the book says 0 too
    assert s.plays.live_price("c1-cable") is None and s.plays.live_stock("c1-cable") == s.orders.stock("c1-cable") == 0
    snap = s.plays.snapshot()["flash"]
    assert (snap["state"], snap["left"], snap["sold"]) == ("sold_out", 0, 30)
    g = Guard(s.persona, live=s.plays)
    assert not g.check("C1 編織快充線只剩 5 件了！").ok and not g.check("C1 編織快充線目前還有 1000 件。").ok
    assert g.check("C1 編織快充線，39 元。").ok


async def test_a_flash_sale_that_runs_out_of_time(tmp_path: Path) -> None:
    s = show(tmp_path, None, 150, persona=FLASH)
    await s.run()
    said = rows(tmp_path / "out" / "transcript.jsonl")
    flash = [r["text"] for r in said if r["kind"] == "flash"]
    # each mark is said with the time really left: a line already on air may delay it by a clause or two
    left = [int(m.group(1)) for t in flash if (m := re.match(r"秒殺還有 (\d+) 秒", t))]
    assert any(55 <= s <= 60 for s in left) and any(6 <= s <= 10 for s in left), left
    assert flash[-1] == "秒殺結束，C1 編織快充線回到 39 元。"
    assert s.plays.flash is not None and s.plays.flash.state == "ended"


def test_price_and_stock_answers_follow_the_sale() -> None:
    from tests.plays.conftest import HandClock
    from vhost.orders import OrderBook
    from vhost.persona.loader import load_persona
    from vhost.plays import Plays
    from vhost.writer.answering import Answering

    persona = load_persona(FLASH)
    book = OrderBook(lambda pid: (p.stock if (p := persona.product(pid)) else None))
    plays = Plays(persona, HandClock(), book)  # type: ignore[arg-type]
    guard, answering = Guard(persona, live=plays), Answering(persona, plays)
    c1 = persona.product("c1-cable")

    def answer(q: str, lang: str = "zh-Hant") -> str:
        a = answering.answer(q, lang)
        text = a.rule.text if a.rule else " ".join(a.plan.lines)
        assert guard.check(text, product=c1, lang=lang).ok, text
        return text

    plays.start_flash("c1-cable", 0.0)
    for i, units in enumerate((30, 8)):
        ev = order(f"A{i}", units)
        assert book.admit(ev)
        plays.commerce(ev)
    assert "現在是限時秒殺價 29 元" in answer("C1 快充線多少錢？")
    assert "12 件" in answer("C1 快充線還有貨嗎？")
    assert "12" in answer("is the C1 cable still in stock?", "en") and "29" in answer("how much is the C1 cable?", "en")
    plays.stop_flash()
    assert "現在是 39 元" in answer("C1 快充線多少錢？") and "962 件" in answer("C1 快充線還有貨嗎？")  # the shop's book: 1000 - 38


async def test_a_product_sold_out_by_the_shop_ends_its_pitch(tmp_path: Path) -> None:
    persona = tmp_path / "pitch.yaml"
    persona.write_text(
        f"id: pitch_test\nextends: [{TECH}]\nrundown:\n  loop: true\n  segments:\n"
        "    - {id: earbuds, kind: pitch, duration_s: 600, product: x1-earbuds, script: ['{{ product.name }}現在 {{ price }} 元。']}\n"
        "    - {id: qa, kind: qa, duration_s: 600, script: [接下來是答疑時間。]}\n",
        encoding="utf-8",
    )
    s = show(tmp_path, None, 60, persona=persona)

    async def shop() -> None:
        await s.clock.sleep_until(20.0)
        s.submit(ChatEvent("shop", EventKind.STOCK, User("", ""), product_id="x1-earbuds", stock=0))

    import asyncio

    task = asyncio.get_running_loop().create_task(shop())
    await s.run()
    await task
    said = rows(tmp_path / "out" / "transcript.jsonl")
    sold = next(r for r in said if r["text"].startswith("X1 無線藍牙耳機已經賣完了"))
    nxt = next(r for r in said if r["text"].startswith("接下來是答疑時間"))
    assert 20.0 <= sold["start_s"] < 25.0 and sold["end_s"] <= nxt["start_s"] < sold["end_s"] + 5.0
    assert not any("X1" in r["text"] for r in said if r["start_s"] > sold["end_s"])  # no more pitching it
