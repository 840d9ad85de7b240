"""The bargain ladder and the flash sale as the host runs them: announce, narrate progress, unlock, sell out."""

from __future__ import annotations

from typing import Any

from vhost.persona.templates import format_price
from vhost.plays import lines as L
from vhost.plays.bargain import Bargain
from vhost.plays.base import PlayBase, PlayError, PlayLine
from vhost.plays.flash import Flash

PROGRESS_EVERY_S = 15.0  # the host tells the ladder's progress at most this often
STOCK_EVERY_S = 8.0  # and a flash sale's units left (every change once 10 or fewer are left, at most every 3 s)
FLASH_MARKS = (60, 30, 10)  # seconds before a flash sale ends at which the host says the time left


class SalesHost(PlayBase):
    def start_bargain(self, pid: str | None = None, now: float | None = None, segment: str | None = None) -> Bargain:
        now = self.clock.now() if now is None else now
        if self.bargain is not None and self.bargain.state == "running":
            raise PlayError(f"the bargain on {self.bargain.product.id} is still running")
        product = next((p for p in self.persona.products if p.bargain is not None and pid in (None, p.id)), None)
        if product is None or product.bargain is None:
            raise PlayError(f"product '{pid}' has no bargain ladder" if pid else "no product has a bargain ladder")
        base = product.price_at(self.persona.now())
        b = Bargain(product, product.bargain, base, now, segment, last_told_t=now)
        while b.next is not None and b.next.price >= base:
            b.step += 1  # a step at or above today's price is no bargain
        self.bargain = b
        self._say("bargain", None, lambda t: self._bargain_line(b, "open"))
        self._changed()
        return b

    def _bargain_values(self, b: Bargain) -> tuple[dict[str, Any], tuple[float, ...]]:
        nxt = b.next
        kind, target = nxt.goal if nxt else ("approval", 0.0)
        phrase, unit = L.goal(kind, target, b.ladder.keyword, self.en)
        remaining = round(b.remaining()) if kind != "gift_cny" else round(b.remaining(), 1)
        v = {"name": b.product.name, "price": format_price(b.price if b.state == "running" else b.product.price_at(self.persona.now())),
             "list_price": format_price(b.product.price), "next_price": format_price(nxt.price) if nxt else "",
             "goal": phrase, "unit": unit, "remaining": f"{remaining:g}", "target": f"{target:g}"}  # fmt: skip
        return v, (remaining, target)

    def _bargain_line(self, b: Bargain, moment: str) -> PlayLine | None:
        if moment in ("open", "progress") and b.state != "running":
            return None
        if moment == "progress" and (b.next is None or b.next.goal[0] == "approval"):
            return None
        v, nums = self._bargain_values(b)
        if moment == "open" and b.next is None:
            moment = "bottom"
        return self._line("bargain", moment, b.ladder.say, b.product, v, nums)

    def _tick_bargain(self, b: Bargain, now: float) -> None:
        if b.due():
            self._unlock(b, now, "goal")
        elif b.next is not None and b.progress > b.last_told and now - b.last_told_t >= PROGRESS_EVERY_S:
            b.last_told, b.last_told_t = b.progress, now
            self._say("bargain", "bargain-progress", lambda t: self._bargain_line(b, "progress"))

    def _unlock(self, b: Bargain, now: float, by: str) -> None:
        if b.unlock(now, by) is None:
            return
        self._say("bargain", "bargain-progress", lambda t: None)  # an unlock says the progress itself
        self._say("bargain", None, lambda t: self._bargain_line(b, "unlock" if b.next is not None else "bottom"))
        self._changed()

    def approve(self) -> Bargain:
        """The operator unlocks the next step (an approval goal after a 連麥 call, or any goal)."""
        b = self.bargain
        if b is None or b.state != "running" or b.next is None:
            raise PlayError("no bargain step waits to be unlocked")
        self._unlock(b, self.clock.now(), "operator")
        return b

    def stop_bargain(self) -> Bargain:
        b = self.bargain
        if b is None or b.state != "running":
            raise PlayError("no bargain is running")
        self._end_bargain(self.clock.now())
        return b

    def _end_bargain(self, now: float) -> None:
        b = self.bargain
        if b is None:
            return
        b.end()
        self.history.append(b.snapshot())
        self._drop(lambda s: s.kind != "bargain")
        self._say("bargain", None, lambda t: self._bargain_line(b, "end"))
        self._changed()

    # -- flash sale ----------------------------------------------------------------------------------
    def start_flash(self, pid: str | None = None, now: float | None = None, segment: str | None = None,
                    window_s: float | None = None) -> Flash:  # fmt: skip
        now = self.clock.now() if now is None else now
        if self.flash is not None and self.flash.running:
            raise PlayError(f"the flash sale on {self.flash.product.id} is still running")
        product = next((p for p in self.persona.products if p.flash is not None and pid in (None, p.id)), None)
        if product is None or product.flash is None:
            raise PlayError(f"product '{pid}' has no flash sale" if pid else "no product has a flash sale")
        window = window_s or product.flash.window_s or 300.0
        f = Flash.start(product, product.flash, now, window, self.orders.stock(product.id), segment)
        self.flash = f
        self._sold_said.discard(product.id)
        self._say("flash", None, lambda t: self._flash_open(f, window, t))
        self._changed()
        return f

    def _flash_open(self, f: Flash, window: float, now: float) -> PlayLine | None:
        if not f.running:
            return None
        f.told_left, f.told_t, f.announced = f.left, now, True  # the opening says the units left
        v = {"name": f.product.name, "price": format_price(f.sale.price), "left": f.left, "stock": f.sale.stock,
             "seconds": round(window), "list_price": format_price(f.product.price)}  # fmt: skip
        return self._line("flash", "open", f.sale.say, f.product, v, (round(window),))

    def stop_flash(self) -> Flash:
        f = self.flash
        if f is None or not f.running:
            raise PlayError("no flash sale is running")
        f.state = "ended"
        self._flash_over(f, "ended")
        return f

    def _tick_flash(self, f: Flash, now: float) -> None:
        done = f.settle(now)
        if done is not None:
            self._flash_over(f, done)
            return
        if not f.announced:
            return  # the opening line tells the units and the time first
        marks = [m for m in FLASH_MARKS if now >= f.ends - m and m not in f.marks and f.ends - f.started > m]
        if marks:
            f.marks = f.marks | set(marks)
            self._say("flash", "flash-time", lambda t: self._flash_line(f, "time", t))
        elif f.left != f.told_left and now - f.told_t >= (3.0 if f.left <= 10 else STOCK_EVERY_S):
            f.told_left, f.told_t = f.left, now
            self._say("flash", "flash-stock", lambda t: self._flash_line(f, "stock", t))

    def _flash_line(self, f: Flash, moment: str, now: float) -> PlayLine | None:
        if not f.running and moment in ("time", "stock"):
            return None
        left_s = round(f.left_s(now))
        if moment == "time" and left_s < 3:
            return None
        price = f.sale.price if f.running else f.product.price_at(self.persona.now())
        v = {"name": f.product.name, "price": format_price(price), "list_price": format_price(f.product.price), "left": f.left,
             "stock": f.sale.stock, "left_s": left_s, "seconds": round(f.ends - f.started)}  # fmt: skip
        return self._line("flash", moment, f.sale.say, f.product, v, (left_s, round(f.ends - f.started)))

    def _flash_over(self, f: Flash, how: str) -> None:
        self.history.append(f.snapshot(self.clock.now()))
        self._drop(lambda s: s.slot not in ("flash-time", "flash-stock"))
        if how == "sold_out" and self.segment is not None and self.segment.id == f.segment:
            self._ended_segment = f.segment
        self._say("flash", None, lambda t: self._flash_line(f, "sold_out" if how == "sold_out" else "end", t))
        self._changed()

