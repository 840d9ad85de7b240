"""The order book: each order id counted once, live stock, bounded memory, plain state."""

from __future__ import annotations

from vhost.events import ChatEvent, EventKind, User
from vhost.orders import OrderBook, SeenIds


def order(oid: str, units: int = 1, product: str = "x1", paid: float = 10.0, platform: str = "shop") -> ChatEvent:
    return ChatEvent(platform, EventKind.ORDER, User("b", "b"), value_cny=paid, count=units, id=oid, product_id=product)


def stock(units: int, product: str = "x1", ts: float = 0.0, sid: str = "") -> ChatEvent:
    return ChatEvent("shop", EventKind.STOCK, User("", ""), id=sid, product_id=product, stock=units, timestamp=ts)


def test_orders_once_by_id_and_stock_follows():
    seen: list[tuple[str, int | None]] = []
    book = OrderBook(lambda pid: {"x1": 100}.get(pid))
    book.listeners.append(lambda pid, units: seen.append((pid, units)))
    assert book.admit(ChatEvent("bilibili", EventKind.DANMAKU, User("u", "u"), text="hi"))  # not commerce: passes
    assert book.admit(order("A", 2)) and not book.admit(order("A", 2)) and not book.admit(order("A", 2))
    assert book.admit(order("A", 1, platform="other-shop"))  # ids are per platform
    assert book.stock("x1") == 97 and book.counts["duplicates"] == 2
    assert book.admit(stock(40, ts=100.0)) and book.stock("x1") == 40
    assert book.admit(stock(90, ts=50.0)) and book.stock("x1") == 40  # an older update arrived late: ignored
    assert book.admit(order("B", 50)) and book.stock("x1") == 0  # never below zero
    assert book.admit(order("C", product="unknown")) and book.stock("unknown") is None
    snap = book.snapshot()
    assert (snap["orders"], snap["units"], snap["revenue_cny"], snap["stale_stock_updates"]) == (4, 54, 40.0, 1)
    assert seen == [("x1", 98), ("x1", 97), ("x1", 40), ("x1", 0)]


def test_id_memory_is_bounded_and_carried_over():
    book = OrderBook(max_ids=100)
    for i in range(1000):
        book.admit(order(str(i)))
    assert len(book.ids) == 100 and book.counts["orders"] == 1000
    assert not book.admit(order("999")) and book.admit(order("0"))  # the oldest was forgotten first
    again = OrderBook(max_ids=100)
    again.restore(book.state())
    assert not again.admit(order("999"))
    assert again.snapshot() == book.snapshot() | {"duplicates": book.counts["duplicates"] + 1}
    ids = SeenIds(3)
    ids.load(["a", "b", "c", "d"])
    assert ids.export() == ["b", "c", "d"] and "a" not in ids
