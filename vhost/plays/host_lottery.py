"""The lottery as the host runs it: open with a commitment, count down aloud, draw, name, redraw."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import partial
from typing import Any

from vhost.persona.model import Segment
from vhost.plays import lines as L
from vhost.plays.base import PlayBase, PlayError, PlayLine
from vhost.plays.lottery import Lottery


class LotteryHost(PlayBase):
    _draws: int

    def lotteries(self) -> list[Segment]:
        return [s for s in self.persona.rundown.segments if s.lottery is not None]

    def start_lottery(self, segment: str | None = None, now: float | None = None) -> Lottery:
        now = self.clock.now() if now is None else now
        if self.lottery is not None and self.lottery.state == "open":
            raise PlayError(f"lottery {self.lottery.draw_id} is still open")
        segs = self.lotteries()
        seg = next((s for s in segs if segment in (None, s.id)), None)
        if seg is None or seg.lottery is None:
            raise PlayError(f"no lottery configured in segment '{segment}'" if segment else "no lottery in this persona's rundown")
        self._draws += 1
        wall = datetime.now(UTC)
        draw_id = f"{wall:%Y%m%dT%H%M%SZ}-{self._draws}"
        lot = Lottery(draw_id, seg.lottery, seg.id, now, now + seg.lottery.window_s)
        lot.marks = {m for m in seg.lottery.countdown if m >= seg.lottery.window_s}
        self.lottery = lot
        self._record(lot.open_record(wall.isoformat(timespec="seconds")))
        c, en = lot.config, self.en
        base = {"prize": c.prize, "keyword": c.keyword, "ways": L.ways(c, en), "rules": L.rules(c, en),
                "seconds": round(c.window_s), "winners_wanted": c.winners}  # fmt: skip
        self._say("lottery", None, lambda t: self._said(lot, "open", base, (round(c.window_s), c.winners, *L.way_numbers(c))))
        self._changed()
        return lot

    def _tick_lottery(self, lot: Lottery, now: float) -> None:
        if now >= lot.closes:
            self._draw(lot, now)
            return
        due = [m for m in lot.config.countdown if now >= lot.closes - m and m not in lot.marks]
        if due:
            lot.marks |= set(due)
            self._say("lottery", "lottery-countdown", lambda t: self._countdown(lot, t))

    def _countdown(self, lot: Lottery, now: float) -> PlayLine | None:
        left = round(lot.left_s(now))
        if lot.state != "open" or left < 3:
            return None
        c = lot.config
        v = {"prize": c.prize, "keyword": c.keyword, "ways": L.ways(c, self.en), "rules": L.rules(c, self.en),
             "left_s": left, "entrants": len(lot.entries), "seconds": round(c.window_s), "winners_wanted": c.winners}  # fmt: skip
        return self._said(lot, "countdown", v, (left, len(lot.entries), *L.way_numbers(c)))

    def _said(self, lot: Lottery, moment: str, values: dict[str, Any], numbers: tuple[float, ...] = (),
              names: tuple[str, ...] = ()) -> PlayLine | None:  # fmt: skip
        """A lottery line, about the product whose gift is the prize (its name and the gift are its sheet's)."""
        prize_of = self.persona.product(lot.config.product) if lot.config.product else None
        return self._line("lottery", moment, lot.config.say, prize_of, {"prize": lot.config.prize, **values}, numbers, names)

    def _draw(self, lot: Lottery, now: float) -> None:
        winners = lot.close(now, set(self._blocked.export()), set(self._follows.export()))
        self._record(lot.draw_record(datetime.now(UTC).isoformat(timespec="seconds")))
        self.history.append(lot.snapshot(now))
        n = len(lot.eligible)
        self._say("lottery", None, lambda t: self._said(lot, "draw", {"entrants": n}, (n,)))
        if not winners:
            self._say("lottery", None, lambda t: self._said(lot, "nobody", {}))
        sep = ", " if self.en else "、"
        for i in range(0, len(winners), 3):  # three names a sentence
            names = tuple(self._name(lot, k) for k in winners[i : i + 3])
            self._say("lottery", None, partial(self._winners, lot, names, sep))
        self._changed()

    def _winners(self, lot: Lottery, names: tuple[str, ...], sep: str, now: float) -> PlayLine | None:
        return self._said(lot, "winners", {"names": sep.join(names)}, names=names)

    def _name(self, lot: Lottery, key: str) -> str:
        e = lot.entries[key]
        if e.name and self.speakable(e.name):
            return e.name
        tail = e.user_id[-4:]
        return f"the viewer whose ID ends in {tail}" if self.en else f"ID 尾號 {tail} 的朋友"

    def extend_lottery(self, seconds: float) -> Lottery:
        lot = self.lottery
        if lot is None or lot.state != "open":
            raise PlayError("no lottery is open")
        lot.closes += seconds
        now = self.clock.now()
        lot.marks = {m for m in lot.marks if now >= lot.closes - m}
        self._record({"event": "extend", "draw": lot.draw_id, "seconds": seconds, "closes": round(lot.closes, 3)})
        self._changed()
        return lot

    def cancel_lottery(self) -> Lottery:
        lot = self.lottery
        if lot is None or lot.state != "open":
            raise PlayError("no lottery is open")
        lot.state = "cancelled"
        lot.closed = self.clock.now()
        self._record({"event": "cancel", "draw": lot.draw_id, "closed": round(lot.closed, 3), "entrants": len(lot.entries),
                      "commitment": lot.commitment, "seed": lot.seed.hex()})  # fmt: skip
        self._drop(lambda s: s.kind != "lottery")
        self._say("lottery", None, lambda t: self._said(lot, "cancel", {}))
        self.history.append(lot.snapshot(lot.closed))
        self._changed()
        return lot

    def redraw(self, who: str) -> str | None:
        lot = self.lottery
        if lot is None or lot.state != "drawn":
            raise PlayError("no drawn lottery to redraw")
        try:
            key = lot.redraw(who)
        except ValueError as e:
            raise PlayError(str(e)) from None
        absent = lot.absent[-1]
        self._record({"event": "redraw", "draw": lot.draw_id, "absent": lot._who([absent])[0],
                      "winner": lot._who([key])[0] if key else None, "picks": lot._who(lot.picked), "seed": lot.seed.hex(),
                      "winners": lot._who(lot.winners)})  # fmt: skip
        if key is not None:
            a, w = self._name(lot, absent), self._name(lot, key)
            self._say("lottery", None, lambda t: self._said(lot, "redraw", {"absent": a, "name": w}, names=(a, w)))
        self._changed()
        return key

