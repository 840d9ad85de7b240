"""What every play host shares: the line queue, rendering, records, and the state the plays keep."""

from __future__ import annotations

import collections
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from vhost.clock import Clock
from vhost.errors import VhostError
from vhost.orders import OrderBook, SeenIds
from vhost.persona.model import Persona, Product, Segment
from vhost.plays import lines as L
from vhost.plays.bargain import Bargain
from vhost.plays.flash import Flash
from vhost.plays.lottery import Lottery
from vhost.sinks.jsonl import JsonlWriter

log = logging.getLogger("vhost.plays")


class PlayError(VhostError):
    """An operator control that does not apply now (nothing to extend, already running ...)."""


@dataclass(frozen=True)
class PlayLine:
    kind: str  # lottery | bargain | flash: the utterance kind (a product sold out outside a flash sale: script)
    lines: tuple[str, ...]
    product: str | None = None
    numbers: tuple[float, ...] = ()  # counts and seconds the lines may state (prices and stock are checked)
    names: tuple[str, ...] = ()  # viewers' names the lines say


@dataclass
class _Say:
    kind: str
    slot: str | None  # a newer line for the same slot replaces one not yet said
    make: Callable[[float], PlayLine | None]


class PlayBase:
    persona: Persona
    clock: Clock
    orders: OrderBook
    out: Path | None
    speakable: Callable[[str], bool]
    lottery: Lottery | None
    bargain: Bargain | None
    flash: Flash | None
    segment: Segment | None
    version: int
    history: collections.deque[dict[str, Any]]
    _queue: collections.deque[_Say]
    _blocked: SeenIds
    _follows: SeenIds
    _records: JsonlWriter | None
    _ended_segment: str | None
    _sold_said: set[str]

    @property
    def en(self) -> bool:
        return self.persona.identity.languages[0] == "en"

    def _changed(self) -> None:
        self.version += 1

    def _say(self, kind: str, slot: str | None, make: Callable[[float], PlayLine | None]) -> None:
        if slot is not None:
            for old in [s for s in self._queue if s.slot == slot]:
                self._queue.remove(old)
        self._queue.append(_Say(kind, slot, make))

    def _drop(self, keep: Callable[[_Say], bool]) -> None:
        """Forget lines not said yet that no longer apply."""
        self._queue = collections.deque((s for s in self._queue if keep(s)), maxlen=self._queue.maxlen)

    def _line(self, kind: str, moment: str, say: Mapping[Any, str], product: Product | None, values: dict[str, Any],
              numbers: tuple[float, ...] = (), names: tuple[str, ...] = ()) -> PlayLine | None:  # fmt: skip
        v = {"address": self.persona.identity.address, "host": self.persona.identity.name, **values}
        if product is not None:
            v.setdefault("product", product)
        try:
            texts = L.lines(kind, moment, say, v, self.en)
        except Exception as e:  # a broken template is skipped, never spoken
            log.warning("%s %s line skipped: %s", kind, moment, e)
            return None
        return PlayLine("script" if kind == "sold" else kind, tuple(texts), product.id if product else None, numbers, names)

    def _record(self, row: dict[str, Any]) -> None:
        if self.out is None:
            return
        if self._records is None:
            self._records = JsonlWriter(self.out / "lottery.jsonl")
        self._records.write(row)
        self._records.flush()
