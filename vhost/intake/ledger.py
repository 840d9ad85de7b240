"""The event ledger: every input event ends with exactly one fate, written to events.jsonl.

The first fate wins so a late or duplicate call (an utterance replayed after a reconnect)
cannot rewrite history. Rows are kept compact (lists, not dicts). With a `path`, decided
rows are streamed to that file in index order as soon as every earlier row is decided.
With a `reader` as well (the show journal, which holds every row and fate), a row decided
while an earlier one still waits (a gift in the thanks backlog, a question in the pool)
leaves memory at once and is read back from the journal when its turn in the file comes:
memory holds only the rows still waiting for a fate (a burst of 60,000 events behind one
waiting gift held them all).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any, Protocol

from vhost.errors import ConfigError
from vhost.events import ChatEvent, Fate

# per event: kind, user id, user name, text, fate, reason, utterance, program time of arrival, value
_Row = list[Any]
FLUSH_ROWS = 250  # rows written per turn (each a JSON line; 1,000 held the loop 60 ms on a busy machine)
# decided rows with start <= index < end, in index order, from where they are held (the journal)
Reader = Callable[[int, int], list[tuple[int, _Row]]]


class Recorder(Protocol):
    """Where the ledger reports each event and fate as it happens (the show journal)."""

    def event(self, ev: ChatEvent) -> None: ...

    def fate(self, index: int, fate: str, reason: str | None, utterance: str | None) -> None: ...


def _as_dict(index: int, row: _Row) -> dict[str, Any]:
    d: dict[str, Any] = {"index": index, "t": row[7] if len(row) > 7 else None, "kind": row[0], "user": {"id": row[1], "name": row[2]}}
    if len(row) > 8 and row[8]:
        d["value_cny"] = row[8]
    if row[3]:
        d["text"] = row[3]
    d["fate"] = row[4]
    if row[5] is not None:
        d["reason"] = row[5]
    if row[6] is not None:
        d["utterance"] = row[6]
    return d


def _line(index: int, row: _Row) -> str:
    return json.dumps(_as_dict(index, row), ensure_ascii=False) + "\n"


class Ledger:
    """Every input event gets exactly one fate (events.jsonl). Thread-unsafe, asyncio only."""

    def __init__(self, path: str | Path | None = None, recorder: Recorder | None = None, reader: Reader | None = None) -> None:
        self.recorder = recorder
        self._reader = reader if path is not None else None
        self._rows: dict[int, _Row] = {}
        self._spilled = bytearray()  # [i]: row flushed+i is decided and held only by the reader
        self._fates: Counter[str] = Counter()
        self._undecided = 0
        self._path = Path(path) if path is not None else None
        self._fh: IO[str] | None = None
        self._flushed = 0  # rows below this index are on disk (spooling only)
        self._recorded = 0
        self._started = False

    # -- recording ---------------------------------------------------------------
    def record(self, ev: ChatEvent) -> None:
        if ev.index < 0:
            raise ValueError("ledger.record needs an indexed event (intake assigns ev.index)")
        if ev.index in self._rows or ev.index < self._flushed or self._is_spilled(ev.index):
            return
        self._rows[ev.index] = [ev.kind.value, ev.user.id, ev.user.name, ev.text, None, None, None, round(ev.t, 3), ev.value_cny]
        self._undecided += 1
        self._recorded += 1
        if self.recorder is not None:
            self.recorder.event(ev)

    def fate(self, index: int, fate: Fate, reason: str | None = None, utterance: str | None = None) -> bool:
        """Set the fate once; returns False (and changes nothing) if it was already set or unknown."""
        row = self._rows.get(index)
        if row is None or row[4] is not None:
            return False
        value = Fate(fate).value
        row[4] = value
        row[5] = reason
        row[6] = utterance
        self._fates[value] += 1
        self._undecided -= 1
        if self.recorder is not None:
            self.recorder.fate(index, value, reason, utterance)
        if self._path is not None and index == self._flushed:
            self._flush(read=False)
        elif self._reader is not None:
            del self._rows[index]  # the journal holds it; read back when the rows before it are decided
            k = index - self._flushed
            if k >= len(self._spilled):
                self._spilled.extend(bytes(k + 1 - len(self._spilled)))
            self._spilled[k] = 1
        return True

    def _is_spilled(self, index: int) -> bool:
        k = index - self._flushed
        return 0 <= k < len(self._spilled) and self._spilled[k] == 1

    def _open(self) -> IO[str]:
        assert self._path is not None
        if self._fh is None:
            try:
                self._fh = self._path.open("a" if self._started else "w", encoding="utf-8")
            except OSError as e:
                raise ConfigError(f"{self._path}: cannot write the event ledger: {e.strerror}") from None
            self._started = True
        return self._fh

    def _flush(self, read: bool = True) -> None:
        """Rows from the frontier on, while decided; those read back from the reader FLUSH_ROWS at
        a time (the rest with the next call: a burst's 50,000 rows in one go held the loop 250 ms).
        `read=False` (a fate being set, which can be the stage finishing a line) writes only rows
        still in memory: reading rows back from the journal (a commit, a query) is left to flush_file."""
        fh = self._open()
        budget = FLUSH_ROWS
        while budget > 0:
            row = self._rows.get(self._flushed)
            if row is not None:
                if row[4] is None:
                    return
                fh.write(_line(self._flushed, row))
                del self._rows[self._flushed]
                self._advance(1)
                continue
            if not read or not self._is_spilled(self._flushed) or self._reader is None:
                return
            n = self._spilled.find(0)
            n = min(budget, len(self._spilled) if n < 0 else n)
            budget -= n
            for index, kept in self._reader(self._flushed, self._flushed + n):
                fh.write(_line(index, kept))
            self._advance(n)

    def _advance(self, n: int) -> None:
        self._flushed += n
        del self._spilled[:n]

    def flush_file(self) -> None:
        """Write what is due (decided rows read back from the journal, a batch at a time) and
        hand the rows written so far to the OS (called every few tens of ms by the show's journal task)."""
        if self._reader is not None and self._is_spilled(self._flushed):
            self._flush()
        if self._fh is not None:
            self._fh.flush()

    def resume(self, flushed: int, decided: list[tuple[int, _Row]], fates: dict[str, int], recorded: int) -> None:
        """Continue a show: rows below `flushed` are in the file already; `decided` rows
        after them (index, row) wait for the rows before them to be decided."""
        self._started = True  # append from now on
        self._flushed = flushed
        for index, row in decided:
            self._rows[index] = list(row)
        self._fates.update(fates)
        self._recorded = recorded
        if self._path is not None:
            self._flush()

    # -- queries -------------------------------------------------------------------
    def has_fate(self, index: int) -> bool:
        if index < self._flushed or self._is_spilled(index):
            return True
        row = self._rows.get(index)
        return row is not None and row[4] is not None

    def undecided(self) -> list[int]:
        return sorted(i for i, r in self._rows.items() if r[4] is None)

    def close(self, reason: str = "show ended") -> None:
        for i in self.undecided():
            self.fate(i, Fate.DROPPED, reason)
        while self._reader is not None and self._is_spilled(self._flushed):
            self._flush()  # every decided row to the file now (a fate alone leaves journal rows to flush_file)
        if self._fh is not None:
            self._fh.flush()

    def __len__(self) -> int:
        return self._recorded

    def in_memory(self) -> int:
        return len(self._rows)

    def rows(self) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        if self._started and self._path is not None:
            if self._fh is not None:
                self._fh.flush()
            with self._path.open(encoding="utf-8") as fh:
                out = [json.loads(x) for x in fh]
        return out + [_as_dict(i, row) for i, row in self._waiting()]

    def _waiting(self) -> list[tuple[int, _Row]]:
        """Rows not yet in the file, in index order (those held by the reader read back)."""
        spilled = []
        if self._reader is not None and any(self._spilled):
            spilled = [(i, r) for i, r in self._reader(self._flushed, self._flushed + len(self._spilled)) if self._is_spilled(i)]
        return sorted([*spilled, *self._rows.items()], key=lambda x: x[0])

    def counts(self) -> dict[str, int]:
        out = {f.value: self._fates.get(f.value, 0) for f in Fate}
        if self._undecided:
            out["pending"] = self._undecided
        return out

    def write_jsonl(self, path: str | Path) -> None:
        """The whole ledger to `path`. When it is the spool file, rows still without a fate
        are written with fate null (call close() first to give them one)."""
        p = Path(path)
        try:
            if self._path is not None and p.resolve() == self._path.resolve():
                fh = self._open()
                for i, row in self._waiting():
                    fh.write(_line(i, row))
                    self._flushed = i + 1
                self._rows.clear()
                self._spilled.clear()
                self._undecided = 0
                fh.close()
                self._fh = None
                return
            rows = self.rows()
            with p.open("w", encoding="utf-8") as out:
                for r in rows:
                    out.write(json.dumps(r, ensure_ascii=False) + "\n")
        except OSError as e:
            raise ConfigError(f"{p}: cannot write the event ledger: {e.strerror}") from None
