"""The plays of a show: started by the rundown or the operator, fed by intake and the shop, said by the director.

- Intake hands every viewer event to `see()` (after moderation): keyword entries, follows,
  medals, likes, 砍 danmaku and gift value. A message that is only a keyword or 砍 is
  claimed (its fate: dropped, "lottery: entered", "bargain: counted"), never answered.
- The show hands counted order and stock callbacks to `commerce()`.
- The director calls `segment_started()` on each segment, `next_line()` for what must be
  said now (ahead of chat), and `over()` to end a segment whose flash sale or product sold out.
- The guard, the knowledge base and templates read `live_price()`, `live_stock()` and
  `locked_prices()` (vhost.plays.live.LiveFacts).
"""

from __future__ import annotations

import collections
from collections.abc import Callable
from pathlib import Path
from typing import Any

from vhost.clock import Clock
from vhost.events import ChatEvent, EventKind
from vhost.orders import OrderBook, SeenIds
from vhost.persona.model import Persona, Segment
from vhost.plays import lines as L
from vhost.plays.base import PlayError, PlayLine, log
from vhost.plays.host_lottery import LotteryHost
from vhost.plays.host_sales import SalesHost
from vhost.plays.live import LivePrice, label_for
from vhost.text.fold import fold

__all__ = ["PlayError", "PlayLine", "Plays"]

HELD_AGAINST = frozenset({"user blocklist", "blocklist", "spam"})  # moderation verdicts that cost a viewer the lottery
LATE_S = 300.0  # the keyword sent this long after a draw still counts as a late entry (claimed, not answered)


class Plays(LotteryHost, SalesHost):
    def __init__(self, persona: Persona, clock: Clock, orders: OrderBook, out: Path | None = None, *,
                 speakable: Callable[[str], bool] | None = None) -> None:  # fmt: skip
        self.persona = persona
        self.clock = clock
        self.orders = orders
        self.out = out
        self.speakable = speakable or (lambda name: bool(name))
        self.lottery = None
        self.bargain = None
        self.flash = None
        self.segment = None
        self.version = 0  # bumped on every change the overlay and console show
        self.history = collections.deque(maxlen=20)
        self._queue = collections.deque(maxlen=64)
        self._blocked = SeenIds(100_000)
        self._follows = SeenIds(100_000)
        self._draws = 0
        self._records = None
        self._ended_segment: str | None = None  # a segment whose play is over (sold out): the director moves on
        self._sold_said: set[str] = set()
        orders.listeners.append(self._stock_changed)

    def set_persona(self, persona: Persona) -> None:
        self.persona = persona

    # -- the room (intake) ----------------------------------------------------------------------
    def see(self, ev: ChatEvent, now: float, blocked: str | None = None) -> str | None:
        """One viewer event after moderation (blocked: its verdict's reason). Returns a reason
        when the message is claimed by a play (it is then not answered)."""
        key = f"{ev.platform}:{ev.user.id}"
        if blocked is not None:
            if ev.user.id and blocked.split(":", 1)[0] in HELD_AGAINST:
                self._blocked.add(key)
                self._changed()
            return None
        if ev.kind is EventKind.FOLLOW and ev.user.id:
            self._follows.add(key)
        claim = None
        lot = self.lottery
        if lot is not None and (lot.state == "open" or (lot.closed is not None and now - lot.closed < LATE_S)):
            how = lot.way(ev)
            if how is not None:
                result = lot.enter(ev, how, now)
                self._changed()
                if how == "keyword" and fold(ev.text) == fold(lot.config.keyword):
                    claim = f"lottery: {result}"
        b = self.bargain
        if b is not None and b.state == "running":
            if ev.kind is EventKind.LIKE:
                if ev.text == "like_total" and not ev.user.id:
                    b.likes(0, room_total=ev.count)
                else:
                    b.likes(max(ev.count, 1))
                self._changed()
            elif ev.kind is EventKind.DANMAKU and b.is_kan(ev.text):
                b.kan()
                claim = "bargain: counted"
                self._changed()
            elif ev.paid:
                b.gift(ev.value_cny)
                self._changed()
        return claim

    def commerce(self, ev: ChatEvent) -> None:
        """An order or stock callback, counted once by the order book."""
        f = self.flash
        if f is None or not f.running or ev.product_id != f.product.id:
            return
        if ev.kind is EventKind.ORDER:
            f.order(ev.count)
        elif ev.stock is not None:
            f.stock(ev.stock)
        self._changed()

    def _stock_changed(self, pid: str, units: int | None) -> None:
        seg = self.segment
        self._changed()
        if units != 0 or seg is None or seg.product != pid or pid in self._sold_said:
            return
        if self.flash is not None and self.flash.running and self.flash.product.id == pid:
            return  # the flash sale's own units decide
        product = self.persona.product(pid)
        if product is None or seg.kind not in ("pitch", "bargain", "flash"):
            return
        self._sold_said.add(pid)
        self._ended_segment = seg.id
        if self.bargain is not None and self.bargain.product.id == pid:
            self.bargain.end()
        self._say("sold", None, lambda now: self._line("sold", "sold_out", {}, product, {"name": product.name}))

    # -- the rundown (director) -----------------------------------------------------------------
    def segment_started(self, seg: Segment, now: float) -> None:
        prev, self.segment = self.segment, seg
        self._ended_segment = None
        if prev is not None and prev.id != seg.id:
            if self.bargain is not None and self.bargain.segment == prev.id and self.bargain.state == "running":
                self._end_bargain(now)
            if self.flash is not None and self.flash.running and self.flash.segment == prev.id:
                self.flash.state = "ended"
                self._flash_over(self.flash, "ended")
        if seg.product is not None:
            self._sold_said.discard(seg.product)
        product = self.persona.product(seg.product)
        try:
            if seg.kind == "lottery" and seg.lottery is not None:
                self.start_lottery(seg.id, now)
            elif seg.kind == "bargain" and product is not None and product.bargain is not None:
                self.start_bargain(product.id, now, segment=seg.id)
            elif seg.kind == "flash" and product is not None and product.flash is not None:
                self.start_flash(product.id, now, segment=seg.id, window_s=product.flash.window_s or seg.duration_s)
        except PlayError as e:
            log.warning("segment %s: %s", seg.id, e)

    def over(self, seg: Segment, now: float) -> bool:
        """True once when `seg` should end early (its flash sale or its product sold out)."""
        if self._ended_segment == seg.id and not self._queue:
            self._ended_segment = None
            return True
        return False

    # -- what the host says now -------------------------------------------------------------------
    def next_line(self, now: float) -> PlayLine | None:
        self.tick(now)
        while self._queue:
            say = self._queue.popleft()
            line = say.make(now)
            if line is not None and line.lines:
                return line
        return None

    def tick(self, now: float) -> None:
        """Time moves the plays on (countdown marks, the draw, unlocks, a sale's end); the show calls
        this every quarter second, so a draw never waits for the director."""
        if self.lottery is not None and self.lottery.state == "open":
            self._tick_lottery(self.lottery, now)
        if self.bargain is not None and self.bargain.state == "running":
            self._tick_bargain(self.bargain, now)
        if self.flash is not None and self.flash.running:
            self._tick_flash(self.flash, now)

    # -- live facts (vhost.plays.live.LiveFacts) --------------------------------------------------------
    def live_price(self, product_id: str) -> LivePrice | None:
        f = self.flash
        if f is not None and f.running and f.product.id == product_id:
            return LivePrice(f.sale.price, "flash", label_for(f.product, "flash"))
        b = self.bargain
        if b is not None and b.state == "running" and b.product.id == product_id and b.unlocked is not None:
            return LivePrice(b.unlocked, "bargain", label_for(b.product, "bargain"))
        return None

    def live_stock(self, product_id: str) -> int | None:
        f = self.flash
        if f is not None and f.running and f.product.id == product_id:
            return f.left
        return self.orders.stock(product_id)

    def locked_prices(self, product_id: str) -> tuple[float, ...]:
        b = self.bargain
        return b.locked() if b is not None and b.product.id == product_id else ()

    def play_answer(self, intent: str, lang: str) -> tuple[str, ...]:
        en = lang == "en"
        lot, b = self.lottery, self.bargain
        if intent == "lottery" and lot is not None and lot.state == "open":
            ways = L.ways(lot.config, en, figures=False)
            return ((f"{ways} to join the {lot.config.prize} giveaway; the countdown is on screen.",) if en
                    else (f"{ways}就能參加{lot.config.prize}抽獎，開獎時間看畫面上的倒數。",))  # fmt: skip
        if intent == "bargain" and b is not None and b.state == "running" and b.next is not None:
            v, _ = self._bargain_values(b)
            return ((f"The {v['name']} is {v['price']} yuan now; {v['goal']} unlocks {v['next_price']} yuan.",) if en
                    else (f"{v['name']}現在 {v['price']} 元，{v['goal']}就解鎖 {v['next_price']} 元。",))  # fmt: skip
        return ()

    # -- the overlay and the console --------------------------------------------------------------------
    def cards(self, now: float) -> list[tuple[str, dict[str, Any]]]:
        out: list[tuple[str, dict[str, Any]]] = []
        if self.lottery is not None:
            out.append(("lottery", self.lottery.snapshot(now)))
        if self.bargain is not None:
            out.append(("bargain", self.bargain.snapshot()))
        if self.flash is not None:
            out.append(("flash", self.flash.snapshot(now)))
        return out

    def snapshot(self) -> dict[str, Any]:
        now = self.clock.now()
        return {
            **dict(self.cards(now)),
            "available": {
                "lottery": [s.id for s in self.lotteries()],
                "bargain": [p.id for p in self.persona.products if p.bargain is not None],
                "flash": [p.id for p in self.persona.products if p.flash is not None],
            },
            "history": list(self.history)[-5:],
        }

    def close(self) -> None:
        if self._records is not None:
            self._records.close()

