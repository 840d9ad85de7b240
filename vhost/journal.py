"""The show journal: one SQLite file (WAL) next to the outputs, the state a resume needs.

It records every input event and its fate, every utterance as it starts, each sentence
as it is heard and the row it left in the transcript, the operator's actions, and the
show's counters and rundown position. Event rows and fates are written in small batches
(at the latest every `flush_s`); an utterance starting, a sentence heard, an utterance
ending and an operator action are committed at once. With synchronous=NORMAL a commit is
with the OS when it returns: a kill -9 cannot undo it (a power cut may take the last ones).

Writes run on the event loop's thread (sqlite3 from the standard library); WAL checkpoints,
the only part that waits for the disk (fsync), run every few seconds on a thread of their own.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from vhost.errors import ConfigError
from vhost.events import ChatEvent, EventKind, User

FILE = "journal.sqlite"
SCHEMA = 1

_DDL = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS runs (run INTEGER PRIMARY KEY, started REAL NOT NULL, start_s REAL NOT NULL,
  ended REAL, end_s REAL, how TEXT);
CREATE TABLE IF NOT EXISTS events (idx INTEGER PRIMARY KEY, t REAL NOT NULL, kind TEXT NOT NULL, platform TEXT NOT NULL,
  user_id TEXT NOT NULL, user_name TEXT NOT NULL, text TEXT NOT NULL, value_cny REAL NOT NULL,
  currency TEXT, amount REAL, gift_name TEXT, gift_count INTEGER, count INTEGER, lang TEXT, timestamp REAL, msg_id TEXT,
  duration_s REAL, level INTEGER, medal TEXT, medal_level INTEGER, guard_level INTEGER, first_time INTEGER,
  moderator INTEGER, masked INTEGER);
CREATE TABLE IF NOT EXISTS fates (idx INTEGER PRIMARY KEY, fate TEXT NOT NULL, reason TEXT, utterance TEXT);
CREATE TABLE IF NOT EXISTS utterances (id TEXT PRIMARY KEY, kind TEXT NOT NULL, reply_to TEXT NOT NULL, event_s REAL,
  start_s REAL NOT NULL, lang TEXT, state TEXT NOT NULL, row TEXT);
CREATE TABLE IF NOT EXISTS lines (utterance TEXT NOT NULL, seq INTEGER NOT NULL, text TEXT NOT NULL, start_s REAL NOT NULL,
  end_s REAL, PRIMARY KEY (utterance, seq));
CREATE TABLE IF NOT EXISTS operator (seq INTEGER PRIMARY KEY AUTOINCREMENT, program_s REAL NOT NULL, wall REAL NOT NULL,
  action TEXT NOT NULL, detail TEXT);
CREATE TABLE IF NOT EXISTS state (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS requeued (old INTEGER PRIMARY KEY, new INTEGER NOT NULL);
CREATE VIEW IF NOT EXISTS thanks AS
  SELECT f.idx, f.utterance, e.user_id, e.user_name, e.kind, e.value_cny FROM fates f JOIN events e USING (idx)
  WHERE f.fate = 'thanked';
"""

EVENT_COLUMNS = (
    "idx, t, kind, platform, user_id, user_name, text, value_cny, currency, amount, gift_name, gift_count, count, lang, "
    "timestamp, msg_id, duration_s, level, medal, medal_level, guard_level, first_time, moderator, masked"
)
INSERT_EVENT = f"INSERT OR IGNORE INTO events ({EVENT_COLUMNS}) VALUES ({','.join('?' * 24)})"


def _dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def event_row(ev: ChatEvent) -> tuple[Any, ...]:
    """An event as a journal row: everything a resume needs to hand it to intake again."""
    u = ev.user
    return (ev.index, ev.t, ev.kind.value, ev.platform, u.id, u.name, ev.text, ev.value_cny, ev.currency, ev.amount, ev.gift_name,
            ev.gift_count, ev.count, ev.lang, ev.timestamp, ev.id, ev.duration_s, u.level, u.medal, u.medal_level, u.guard_level,
            u.first_time, u.moderator, u.masked)  # fmt: skip


def event_from_row(row: sqlite3.Row | tuple[Any, ...]) -> ChatEvent:
    (idx, t, kind, platform, uid, uname, text, value, currency, amount, gift_name, gift_count, count, lang, timestamp, msg_id,
     duration_s, level, medal, medal_level, guard_level, first_time, moderator, masked) = row  # fmt: skip
    user = User(uid, uname, level=level, medal=medal, medal_level=medal_level, guard_level=guard_level,
                first_time=bool(first_time), moderator=bool(moderator), masked=bool(masked))  # fmt: skip
    return ChatEvent(
        platform=platform, kind=EventKind(kind), user=user, text=text, value_cny=value, currency=currency, amount=amount,
        gift_name=gift_name, gift_count=gift_count, count=count, lang=lang, timestamp=timestamp, id=msg_id,
        duration_s=duration_s, index=idx, t=t,
    )  # fmt: skip


def _cols(alias: str) -> str:
    return ", ".join(f"{alias}.{c.strip()}" for c in EVENT_COLUMNS.split(","))


class Journal:
    def __init__(self, path: str | Path, *, flush_s: float = 0.05, batch: int = 500) -> None:
        self.path = Path(path)
        self.flush_s = flush_s
        self.batch = batch
        try:
            self.db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.execute("PRAGMA wal_autocheckpoint=0")  # checkpoints run on their own thread
            self.db.executescript(_DDL)
        except sqlite3.DatabaseError as e:
            raise ConfigError(f"{self.path}: cannot open the show journal ({e})") from None
        self._events: list[tuple[Any, ...]] = []
        self._fates: list[tuple[Any, ...]] = []
        self._state: dict[str, str] = {}
        self._written: dict[str, str] = {}
        self._oldest = 0.0
        self.commits = 0
        self.on_commit: list[Callable[[], None]] = []  # called after each commit (what was written is now held)
        self.run = 0
        self.closed = False
        self._stop = threading.Event()
        self._checkpointer = threading.Thread(target=self._checkpoints, name="journal-checkpoint", daemon=True)
        self._checkpointer.start()
        schema = self.meta("schema")
        if schema is None:
            self.set_meta("schema", SCHEMA)
        elif int(schema) > SCHEMA:
            raise ConfigError(f"{self.path}: written by a newer vhost (journal schema {schema})")

    def _checkpoints(self, every_s: float = 5.0) -> None:
        """Copy the WAL into the database now and then, off the event loop (it fsyncs)."""
        db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        try:
            while not self._stop.wait(every_s):
                with contextlib.suppress(sqlite3.Error):
                    db.execute("PRAGMA wal_checkpoint(PASSIVE)")
        finally:
            db.close()

    # -- meta and runs -----------------------------------------------------------------
    def meta(self, key: str) -> Any:
        row = self.db.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return None if row is None else json.loads(row[0])

    def set_meta(self, key: str, value: Any) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, _dumps(value)))

    def begin_run(self, start_s: float) -> int:
        cur = self.db.execute("INSERT INTO runs (started, start_s) VALUES (?, ?)", (time.time(), start_s))
        self.run = int(cur.lastrowid or 0)
        return self.run

    def end_run(self, end_s: float, how: str) -> None:
        self.commit()
        self.db.execute("UPDATE runs SET ended=?, end_s=?, how=? WHERE run=?", (time.time(), end_s, how, self.run))

    def runs(self) -> list[dict[str, Any]]:
        cur = self.db.execute("SELECT run, started, start_s, ended, end_s, how FROM runs ORDER BY run")
        return [dict(zip(("run", "started", "start_s", "ended", "end_s", "how"), r)) for r in cur]

    # -- batched rows ------------------------------------------------------------------
    def _pending(self) -> None:
        if not self._events and not self._fates:
            self._oldest = time.monotonic()
        elif len(self._events) + len(self._fates) >= self.batch:
            self.commit()

    def event(self, ev: ChatEvent) -> None:
        self._pending()
        self._events.append(event_row(ev))

    def fate(self, index: int, fate: str, reason: str | None, utterance: str | None) -> None:
        self._pending()
        self._fates.append((index, fate, reason, utterance))

    def set_state(self, key: str, value: Any) -> None:
        """Written with the next commit, and only if it changed."""
        text = _dumps(value)
        if self._written.get(key) != text:
            self._state[key] = text

    def due(self) -> bool:
        """Rows have waited `flush_s` or more."""
        return bool(self._events or self._fates) and time.monotonic() - self._oldest >= self.flush_s

    def commit(self) -> None:
        if self.closed:
            return
        db = self.db
        db.execute("BEGIN")
        try:
            if self._events:
                db.executemany(INSERT_EVENT, self._events)
            if self._fates:
                db.executemany("INSERT OR IGNORE INTO fates VALUES (?,?,?,?)", self._fates)
            if self._state:
                db.executemany("INSERT OR REPLACE INTO state VALUES (?, ?)", self._state.items())
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        self._written.update(self._state)
        self._events, self._fates, self._state = [], [], {}
        self.commits += 1
        for call in self.on_commit:
            call()

    # -- committed at once ---------------------------------------------------------------
    def utterance_started(self, uid: str, kind: str, reply_to: tuple[int, ...], event_s: float | None, start_s: float, lang: str) -> None:
        if self.closed:
            return
        self.db.execute(
            "INSERT OR REPLACE INTO utterances VALUES (?,?,?,?,?,?,'on air',NULL)", (uid, kind, _dumps(list(reply_to)), event_s, start_s, lang)
        )
        self.commit()

    def line(self, uid: str, seq: int, text: str, start_s: float, end_s: float | None) -> None:
        """A sentence on air (end_s None) or heard to its end."""
        if self.closed:
            return
        self.db.execute("INSERT OR REPLACE INTO lines VALUES (?,?,?,?,?)", (uid, seq, text, start_s, end_s))
        self.commit()

    def utterance_done(self, row: dict[str, Any], state: str = "done") -> None:
        if self.closed:
            return
        self.db.execute(
            "INSERT INTO utterances VALUES (?,?,?,?,?,?,?,?) ON CONFLICT(id) DO UPDATE SET state=excluded.state, row=excluded.row",
            (row["id"], row["kind"], _dumps(row.get("reply_to", [])), row.get("event_s"), row.get("start_s", 0.0), row.get("lang"), state, _dumps(row)),
        )  # fmt: skip
        self.commit()

    def operator(self, action: str, program_s: float, detail: str | None = None) -> None:
        if self.closed:
            return
        self.db.execute("INSERT INTO operator (program_s, wall, action, detail) VALUES (?,?,?,?)", (program_s, time.time(), action, detail))
        self.commit()

    def close(self) -> None:
        """Commit and close; reads still work afterwards (a read-only connection, opened on demand)."""
        if not self.closed:
            self.commit()
            self.closed = True
            self._stop.set()
            self._checkpointer.join(timeout=5)
            with contextlib.suppress(sqlite3.Error):
                self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            self.db.close()
            self.db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, isolation_level=None, check_same_thread=False)

    # -- reads ---------------------------------------------------------------------------
    def state(self, key: str) -> Any:
        row = self.db.execute("SELECT value FROM state WHERE key=?", (key,)).fetchone()
        return None if row is None else json.loads(row[0])

    def events_after(self, after: int, limit: int) -> list[dict[str, Any]]:
        """Events with index > after, oldest first, each with its fate (null while undecided)."""
        self.commit()
        cur = self.db.execute(
            "SELECT e.idx, e.kind, e.user_id, e.user_name, e.text, f.fate, f.reason, f.utterance "
            "FROM events e LEFT JOIN fates f USING (idx) WHERE e.idx > ? ORDER BY e.idx LIMIT ?",
            (after, limit),
        )
        out = []
        for idx, kind, uid, name, text, fate, reason, utt in cur:
            d: dict[str, Any] = {"index": idx, "kind": kind, "user": {"id": uid, "name": name}}
            if text:
                d["text"] = text
            d["fate"] = fate
            if reason is not None:
                d["reason"] = reason
            if utt is not None:
                d["utterance"] = utt
            out.append(d)
        return out

    def fate_counts(self) -> dict[str, int]:
        self.commit()
        return dict(self.db.execute("SELECT fate, count(*) FROM fates GROUP BY fate").fetchall())

    def max_index(self) -> int:
        self.commit()
        return int(self.db.execute("SELECT coalesce(max(idx), -1) FROM events").fetchone()[0])

    def event_count(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM events").fetchone()[0])

    def undecided(self, from_index: int = 0) -> Iterator[ChatEvent]:
        cur = self.db.execute(
            f"SELECT {_cols('e')} FROM events e LEFT JOIN fates f USING (idx) WHERE f.idx IS NULL AND e.idx >= ? ORDER BY e.idx",
            (from_index,),
        )
        for row in cur.fetchall():
            yield event_from_row(row)

    def decided_from(self, from_index: int) -> list[tuple[Any, ...]]:
        """(index, kind, user id, user name, text, fate, reason, utterance, t, value) of decided events from an index on."""
        return self.db.execute(
            "SELECT e.idx, e.kind, e.user_id, e.user_name, e.text, f.fate, f.reason, f.utterance, e.t, e.value_cny FROM events e "
            "JOIN fates f USING (idx) WHERE e.idx >= ? ORDER BY e.idx",
            (from_index,),
        ).fetchall()

    def decided_rows(self, start: int, end: int) -> list[tuple[int, list[Any]]]:
        """Decided events with start <= index < end as event-ledger rows (vhost.intake.ledger)."""
        self.commit()
        return [(idx, [kind, uid, name, text, fate, reason, utt, round(t, 3), value]) for idx, kind, uid, name, text, fate, reason, utt, t, value in
                self.db.execute("SELECT e.idx, e.kind, e.user_id, e.user_name, e.text, f.fate, f.reason, f.utterance, e.t, e.value_cny FROM events e "
                                "JOIN fates f USING (idx) WHERE e.idx >= ? AND e.idx < ? ORDER BY e.idx", (start, end))]  # fmt: skip

    def paid_left(self, reason: str) -> list[ChatEvent]:
        """Paid events a stop dropped with `reason` and no resume has handed in again."""
        cur = self.db.execute(
            f"SELECT {_cols('e')} FROM events e "
            "JOIN fates f USING (idx) LEFT JOIN requeued r ON r.old = e.idx WHERE f.fate = 'dropped' AND f.reason = ? "
            "AND e.value_cny > 0 AND e.kind IN ('gift', 'superchat', 'guard') AND r.old IS NULL ORDER BY e.idx",
            (reason,),
        )
        return [event_from_row(r) for r in cur.fetchall()]

    def requeue(self, old: int, new: int) -> None:
        self.db.execute("INSERT OR REPLACE INTO requeued VALUES (?, ?)", (old, new))

    def utterances(self, state: str) -> list[dict[str, Any]]:
        cur = self.db.execute("SELECT id, kind, reply_to, event_s, start_s, lang, row FROM utterances WHERE state=? ORDER BY start_s", (state,))
        keys = ("id", "kind", "reply_to", "event_s", "start_s", "lang", "row")
        out = []
        for r in cur:
            d = dict(zip(keys, r))
            d["reply_to"] = json.loads(d["reply_to"])
            d["row"] = json.loads(d["row"]) if d["row"] else None
            out.append(d)
        return out

    def lines_of(self, uid: str) -> list[tuple[str, float, float | None]]:
        return self.db.execute("SELECT text, start_s, end_s FROM lines WHERE utterance=? ORDER BY seq", (uid,)).fetchall()

    def operator_actions(self) -> list[dict[str, Any]]:
        cur = self.db.execute("SELECT seq, program_s, wall, action, detail FROM operator ORDER BY seq")
        return [dict(zip(("seq", "program_s", "wall", "action", "detail"), r)) for r in cur]

