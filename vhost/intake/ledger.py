"""The event ledger: every input event ends with exactly one fate, written to events.jsonl.

The first fate wins so a late or duplicate call (an utterance replayed after a reconnect)
cannot rewrite history. Rows are kept compact (tuples, not dicts) because a long show
records every danmaku, gift and like batch it saw.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

from vhost.errors import ConfigError
from vhost.events import ChatEvent, Fate

# per event: kind, user id, user name, text, fate, reason, utterance
_Row = list[Any]


class Ledger:
    """Every input event gets exactly one fate (events.jsonl). Thread-unsafe, asyncio only."""

    def __init__(self) -> None:
        self._rows: dict[int, _Row] = {}
        self._fates: Counter[str] = Counter()
        self._undecided = 0

    def record(self, ev: ChatEvent) -> None:
        if ev.index < 0:
            raise ValueError("ledger.record needs an indexed event (intake assigns ev.index)")
        if ev.index in self._rows:
            return
        self._rows[ev.index] = [ev.kind.value, ev.user.id, ev.user.name, ev.text, None, None, None]
        self._undecided += 1

    def fate(self, index: int, fate: Fate, reason: str | None = None, utterance: str | None = None) -> bool:
        """Set the fate once; returns False (and changes nothing) if it was already set or unknown."""
        row = self._rows.get(index)
        if row is None or row[4] is not None:
            return False
        row[4] = Fate(fate).value
        row[5] = reason
        row[6] = utterance
        self._fates[row[4]] += 1
        self._undecided -= 1
        return True

    def has_fate(self, index: int) -> bool:
        row = self._rows.get(index)
        return row is not None and row[4] is not None

    def fate_of(self, index: int) -> Fate | None:
        row = self._rows.get(index)
        return None if row is None or row[4] is None else Fate(row[4])

    def undecided(self) -> list[int]:
        return sorted(i for i, r in self._rows.items() if r[4] is None)

    def close(self, reason: str = "show ended") -> None:
        for i in self.undecided():
            self.fate(i, Fate.DROPPED, reason)

    def __len__(self) -> int:
        return len(self._rows)

    @staticmethod
    def _as_dict(index: int, row: _Row) -> dict[str, Any]:
        d: dict[str, Any] = {"index": index, "kind": row[0], "user": {"id": row[1], "name": row[2]}}
        if row[3]:
            d["text"] = row[3]
        d["fate"] = row[4]
        if row[5] is not None:
            d["reason"] = row[5]
        if row[6] is not None:
            d["utterance"] = row[6]
        return d

    def rows(self) -> list[dict[str, Any]]:
        return [self._as_dict(i, self._rows[i]) for i in sorted(self._rows)]

    def counts(self) -> dict[str, int]:
        out = {f.value: self._fates.get(f.value, 0) for f in Fate}
        if self._undecided:
            out["pending"] = self._undecided
        return out

    def write_jsonl(self, path: str | Path) -> None:
        p = Path(path)
        try:
            with p.open("w", encoding="utf-8") as fh:
                for i in sorted(self._rows):
                    fh.write(json.dumps(self._as_dict(i, self._rows[i]), ensure_ascii=False) + "\n")
        except OSError as e:
            raise ConfigError(f"{p}: cannot write the event ledger: {e.strerror}") from None
