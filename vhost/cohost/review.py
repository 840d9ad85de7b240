"""Review mode: each AI line waits for the operator to approve, edit or reject it.

A line is held after the guard passed it and before it is voiced. Nobody deciding by the
timeout (program time) applies the configured default. An edited line goes through the
guard again, as strictly as a written line (never the operator's warn-only pass): one the
guard refuses is sent back with the reasons and keeps waiting. Every decision is written to
review.jsonl, so what was refused or changed on air is on record.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import itertools
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from vhost.clock import Clock, wait_for
from vhost.sinks.jsonl import JsonlWriter
from vhost.writer.jobs import Line

Recheck = Callable[[Any, str], "tuple[Line | None, tuple[str, ...]]"]  # (job, text) -> (line, refusal reasons)
_ids = itertools.count(1)


class ReviewError(Exception):
    """A decision that cannot be applied (unknown or already decided item, refused edit)."""

    def __init__(self, message: str, reasons: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.reasons = reasons


@dataclass
class Item:
    id: str
    utterance: str
    kind: str
    line: Line
    job: Any
    created_s: float
    deadline_s: float
    decided: asyncio.Future[tuple[str, Line | None]] = field(repr=False, default_factory=lambda: asyncio.get_running_loop().create_future())

    def to_json(self, now: float) -> dict[str, Any]:
        return {
            "id": self.id, "utterance": self.utterance, "kind": self.kind, "text": self.line.text,
            "created_s": round(self.created_s, 3), "left_s": round(max(0.0, self.deadline_s - now), 1),
        }  # fmt: skip


class ReviewQueue:
    def __init__(self, clock: Clock, *, timeout_s: float, default: str, recheck: Recheck, log_path: Path | None = None) -> None:
        self.clock = clock
        self.timeout_s = timeout_s
        self.default = default
        self.recheck = recheck
        self.active = False
        self._pending: dict[str, Item] = {}
        self.recent: collections.deque[dict[str, Any]] = collections.deque(maxlen=50)
        self.counts: collections.Counter[str] = collections.Counter()
        self._log_path = log_path
        self._log: JsonlWriter | None = None  # opened at the first decision

    # -- the show's side ---------------------------------------------------------------------
    async def gate(self, utterance: str, kind: str, job: Any, line: Line) -> Line | None:
        """The line as approved or edited, or None (rejected). Not active: the line as it is."""
        if not self.active:
            return line
        now = self.clock.now()
        item = Item(f"r{next(_ids):05d}", utterance, kind, line, job, now, now + self.timeout_s)
        self._pending[item.id] = item
        try:
            decision, out = await wait_for(self.clock, asyncio.shield(item.decided), self.timeout_s)
            by = "operator"
        except TimeoutError:
            decision, out, by = self.default, (line if self.default == "approve" else None), "timeout"
        except asyncio.CancelledError:  # the utterance was dropped while its line waited
            self._record(item, "withdrawn", None, "show")
            raise
        finally:
            self._pending.pop(item.id, None)
        self._record(item, decision, out, by)
        return out

    def _record(self, item: Item, decision: str, out: Line | None, by: str) -> None:
        self.counts[f"{decision}:{by}"] += 1
        row = {"id": item.id, "utterance": item.utterance, "kind": item.kind, "text": item.line.text, "decision": decision, "by": by,
               "at_s": round(self.clock.now(), 3), "waited_s": round(self.clock.now() - item.created_s, 3)}  # fmt: skip
        if decision == "edit" and out is not None:
            row["edited"] = out.text
        self.recent.append(row)
        if self._log is None and self._log_path is not None:
            self._log = JsonlWriter(self._log_path)
        if self._log is not None:
            self._log.write(row)
            self._log.flush()

    # -- the operator's side -------------------------------------------------------------------
    def pending(self) -> list[dict[str, Any]]:
        now = self.clock.now()
        return [i.to_json(now) for i in sorted(self._pending.values(), key=lambda i: i.created_s)]

    def _item(self, item_id: str) -> Item:
        item = self._pending.get(item_id)
        if item is None or item.decided.done():
            raise ReviewError(f"no line {item_id!r} is waiting for review (decided, timed out or withdrawn)")
        return item

    def approve(self, item_id: str) -> None:
        item = self._item(item_id)
        item.decided.set_result(("approve", item.line))

    def reject(self, item_id: str) -> None:
        self._item(item_id).decided.set_result(("reject", None))

    def edit(self, item_id: str, text: str) -> Line:
        """Guarded again before it is accepted; a refusal leaves the item waiting."""
        item = self._item(item_id)
        line, reasons = self.recheck(item.job, text)
        if line is None:
            raise ReviewError("the guard refused the edited line: " + ", ".join(reasons), reasons)
        line = replace(line, emotion=item.line.emotion)
        item.decided.set_result(("edit", line))
        return line

    def set_active(self, on: bool) -> None:
        """Leaving review approves what waits (the operator chose to let the AI speak)."""
        self.active = on
        if not on:
            for item in list(self._pending.values()):
                if not item.decided.done():
                    item.decided.set_result(("approve", item.line))

    def stats(self) -> dict[str, Any]:
        return {"pending": len(self._pending), **dict(self.counts)}

    def close(self) -> None:
        if self._log is not None:
            with contextlib.suppress(Exception):
                self._log.close()
