"""The event ledger: every input event ends with exactly one fate, written to events.jsonl.

The first fate wins so a late or duplicate call (an utterance replayed after a reconnect)
cannot rewrite history. Rows are kept compact (lists, not dicts). With a `path`, decided
rows are streamed to that file in index order as soon as every earlier row is decided,
so an overnight show keeps in memory only the rows still waiting for a fate.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import IO, Any, Protocol

from vhost.errors import ConfigError
from vhost.events import ChatEvent, Fate

# per event: kind, user id, user name, text, fate, reason, utterance, program time of arrival, value
_Row = list[Any]


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

    def __init__(self, path: str | Path | None = None, recorder: Recorder | None = None) -> None:
        self.recorder = recorder
        self._rows: dict[int, _Row] = {}
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
        if ev.index in self._rows or ev.index < self._flushed:
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
            self._flush()
        return True

    def _open(self) -> IO[str]:
        assert self._path is not None
        if self._fh is None:
            try:
                self._fh = self._path.open("a" if self._started else "w", encoding="utf-8")
            except OSError as e:
                raise ConfigError(f"{self._path}: cannot write the event ledger: {e.strerror}") from None
            self._started = True
        return self._fh

    def _flush(self) -> None:
        fh = self._open()
        while (row := self._rows.get(self._flushed)) is not None and row[4] is not None:
            fh.write(_line(self._flushed, row))
            del self._rows[self._flushed]
            self._flushed += 1

    def flush_file(self) -> None:
        """Hand the rows written so far to the OS (called in small batches by the show)."""
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
        if index < self._flushed:
            return True
        row = self._rows.get(index)
        return row is not None and row[4] is not None

    def undecided(self) -> list[int]:
        return sorted(i for i, r in self._rows.items() if r[4] is None)

    def close(self, reason: str = "show ended") -> None:
        for i in self.undecided():
            self.fate(i, Fate.DROPPED, reason)
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
        return out + [_as_dict(i, self._rows[i]) for i in sorted(self._rows)]

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
                for i in sorted(self._rows):
                    fh.write(_line(i, self._rows[i]))
                    self._flushed = i + 1
                self._rows.clear()
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
