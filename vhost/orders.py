"""Orders and stock called back by a shop's backend: each order counted once, live stock.

A shop sends a callback when an order is paid and when stock changes; one that timed out on
its side is sent again, so an order id may arrive twice or more, through the push source or
the control API. The first arrival counts; a repeat is acknowledged like the first (200) and
changes nothing. Stock callbacks set the level outright; an order lowers the level known
(from a stock callback, else the persona's sheet). A stock callback older than the last one
applied for its product (by its ``timestamp``) is ignored.

Memory is bounded: the order ids remembered (oldest forgotten first) and the products
tracked. `state()` / `restore()` hand the whole book as plain JSON data to whoever keeps it
across a restart.
"""

from __future__ import annotations

import logging
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from vhost.events import COMMERCE_KINDS, ChatEvent, EventKind

log = logging.getLogger(__name__)

MAX_IDS = 100_000
MAX_PRODUCTS = 1_000
OTHER = "(other)"  # products past MAX_PRODUCTS are counted together


class SeenIds:
    """A bounded set of ids in arrival order (the oldest is forgotten first)."""

    def __init__(self, limit: int = MAX_IDS) -> None:
        if limit < 1:
            raise ValueError("limit must be >= 1")
        self.limit = limit
        self._ids: OrderedDict[str, None] = OrderedDict()

    def add(self, key: str) -> bool:
        """True the first time ``key`` is seen (and remembers it), False for a repeat."""
        if key in self._ids:
            return False
        self._ids[key] = None
        if len(self._ids) > self.limit:
            self._ids.popitem(last=False)
        return True

    def __contains__(self, key: object) -> bool:
        return key in self._ids

    def __len__(self) -> int:
        return len(self._ids)

    def export(self) -> list[str]:
        return list(self._ids)

    def load(self, ids: Iterable[str]) -> None:
        for key in ids:
            self.add(str(key))


@dataclass
class Sales:
    orders: int = 0
    units: int = 0
    revenue_cny: float = 0.0


class OrderBook:
    def __init__(self, sheet_stock: Callable[[str], int | None] = lambda pid: None, *, max_ids: int = MAX_IDS) -> None:
        self.sheet_stock = sheet_stock  # the persona's figure, used until a callback says otherwise
        self.ids = SeenIds(max_ids)
        self.sales: dict[str, Sales] = {}
        self.live: dict[str, int] = {}  # product -> units left, as last called back
        self._stock_ts: dict[str, float] = {}
        self.counts: Counter[str] = Counter()  # orders, duplicates, stock_updates, stale, no_id
        self.listeners: list[Callable[[str, int | None], None]] = []  # (product, units left) on each change

    # -- callbacks -------------------------------------------------------------------------
    def admit(self, ev: ChatEvent) -> bool:
        """Apply an order or stock callback; False for a repeat already counted. Other events pass."""
        if ev.kind not in COMMERCE_KINDS:
            return True
        if ev.id and not self.ids.add(f"{ev.kind.value}:{ev.platform}:{ev.id}"):
            self.counts["duplicates"] += 1
            return False
        if not ev.id:
            self.counts["no_id"] += 1
        pid = self._product(ev.product_id or "")
        if ev.kind is EventKind.ORDER:
            self._order(ev, pid)
        else:
            self._stock(ev, pid)
        return True

    def _product(self, pid: str) -> str:
        if pid in self.sales or len(self.sales) < MAX_PRODUCTS:
            return pid
        return OTHER

    def _order(self, ev: ChatEvent, pid: str) -> None:
        units = max(1, ev.count)
        s = self.sales.setdefault(pid, Sales())
        s.orders += 1
        s.units += units
        s.revenue_cny = round(s.revenue_cny + ev.value_cny, 2)
        self.counts["orders"] += 1
        left = self.stock(pid)
        if left is not None and pid != OTHER:
            self._set(pid, max(0, left - units))

    def _stock(self, ev: ChatEvent, pid: str) -> None:
        self.counts["stock_updates"] += 1
        if ev.stock is None or pid == OTHER:
            return
        if ev.timestamp and ev.timestamp < self._stock_ts.get(pid, 0.0):
            self.counts["stale"] += 1
            log.info("stock update for %s older than the last one applied: ignored", pid)
            return
        if ev.timestamp:
            self._stock_ts[pid] = ev.timestamp
        self.sales.setdefault(pid, Sales())
        self._set(pid, ev.stock)

    def _set(self, pid: str, units: int) -> None:
        if self.live.get(pid) == units:
            return
        self.live[pid] = units
        for listener in list(self.listeners):
            try:
                listener(pid, units)
            except Exception:  # a listener's bug must not lose the callback
                log.exception("stock listener failed")

    # -- reads ------------------------------------------------------------------------------
    def stock(self, product_id: str) -> int | None:
        """Units left: the last callback's figure, else the persona's sheet, else None."""
        if product_id in self.live:
            return self.live[product_id]
        return self.sheet_stock(product_id)

    def snapshot(self) -> dict[str, Any]:
        return {
            "orders": self.counts["orders"],
            "units": sum(s.units for s in self.sales.values()),
            "revenue_cny": round(sum(s.revenue_cny for s in self.sales.values()), 2),
            "duplicates": self.counts["duplicates"],
            "stock_updates": self.counts["stock_updates"],
            "stale_stock_updates": self.counts["stale"],
            "products": {
                pid: {"orders": s.orders, "units": s.units, "revenue_cny": s.revenue_cny, "stock": self.stock(pid)}
                for pid, s in self.sales.items()
            },
        }

    # -- persistence -------------------------------------------------------------------------
    def state(self) -> dict[str, Any]:
        """Everything needed to carry on after a restart, as plain JSON data."""
        return {
            "ids": self.ids.export(),
            "sales": {pid: [s.orders, s.units, s.revenue_cny] for pid, s in self.sales.items()},
            "live": dict(self.live),
            "stock_ts": dict(self._stock_ts),
            "counts": dict(self.counts),
        }

    def restore(self, state: dict[str, Any]) -> None:
        self.ids.load(state.get("ids", ()))
        for pid, (orders, units, revenue) in (state.get("sales") or {}).items():
            self.sales[str(pid)] = Sales(int(orders), int(units), float(revenue))
        self.live.update({str(k): int(v) for k, v in (state.get("live") or {}).items()})
        self._stock_ts.update({str(k): float(v) for k, v in (state.get("stock_ts") or {}).items()})
        self.counts.update({str(k): int(v) for k, v in (state.get("counts") or {}).items()})
