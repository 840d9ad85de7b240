from __future__ import annotations

import json
from dataclasses import replace

import pytest

from tests.intake.conftest import chat
from vhost.events import EventKind, Fate, User
from vhost.intake.ledger import FLUSH_ROWS, Ledger


def _indexed(i: int, text: str = "hi") -> object:
    return replace(chat(text, user=User(f"u{i}", f"名{i}")), index=i)


def test_first_fate_wins_and_counts() -> None:
    led = Ledger()
    for i in range(3):
        led.record(_indexed(i))  # type: ignore[arg-type]
    assert led.fate(1, Fate.ANSWERED, utterance="u-1") is True
    assert led.fate(1, Fate.DROPPED, "late") is False
    assert led.fate(99, Fate.ANSWERED) is False  # unknown index changes nothing
    assert led.has_fate(1) and not led.has_fate(0)
    assert led.counts() == {"answered": 1, "merged": 0, "thanked": 0, "dropped": 0, "blocked": 0, "pending": 2}
    led.close()
    assert led.counts()["dropped"] == 2 and "pending" not in led.counts()
    assert [r["fate"] for r in led.rows()] == ["dropped", "answered", "dropped"]
    assert led.rows()[0]["reason"] == "show ended"
    assert led.rows()[1] == {
        "index": 1,
        "t": 0.0,  # program time of arrival
        "kind": "danmaku",
        "user": {"id": "u1", "name": "名1"},
        "text": "hi",
        "fate": "answered",
        "utterance": "u-1",
    }


def test_unindexed_event_is_refused() -> None:
    with pytest.raises(ValueError):
        Ledger().record(chat("x"))


def test_write_jsonl_in_index_order(tmp_path) -> None:
    led = Ledger()
    for i in (2, 0, 1):
        led.record(_indexed(i, f"第{i}"))  # type: ignore[arg-type]
    like = replace(chat("", kind=EventKind.LIKE, user=User("u9", "x")), index=3)
    led.record(like)
    led.close()
    out = tmp_path / "events.jsonl"
    led.write_jsonl(out)
    rows = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert [r["index"] for r in rows] == [0, 1, 2, 3]
    assert rows[0]["text"] == "第0" and "text" not in rows[3]


def test_spooled_ledger_keeps_only_undecided_rows(tmp_path) -> None:
    path = tmp_path / "events.jsonl"
    led = Ledger(path)
    for i in range(1000):
        led.record(_indexed(i))  # type: ignore[arg-type]
    led.fate(0, Fate.ANSWERED, utterance="u0")
    for i in range(2, 1000):
        led.fate(i, Fate.DROPPED, "counted")
    assert led.in_memory() == 999  # row 1 holds back everything after it
    led.fate(1, Fate.MERGED, utterance="u0")
    assert led.in_memory() == 0 and led.has_fate(500) and not led.fate(500, Fate.ANSWERED)
    led.record(_indexed(1000))  # type: ignore[arg-type]
    assert led.counts() == {"answered": 1, "merged": 1, "thanked": 0, "dropped": 998, "blocked": 0, "pending": 1}
    led.close()
    led.write_jsonl(path)
    rows = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()]
    assert [r["index"] for r in rows] == list(range(1001))
    assert rows[1]["fate"] == "merged" and rows[1000]["reason"] == "show ended"
    assert led.rows() == rows and len(led) == 1001


def test_spooled_ledger_copy_elsewhere(tmp_path) -> None:
    led = Ledger(tmp_path / "spool.jsonl")
    for i in range(3):
        led.record(_indexed(i))  # type: ignore[arg-type]
    led.fate(0, Fate.BLOCKED, "spam: url")
    led.write_jsonl(tmp_path / "copy.jsonl")
    rows = [json.loads(x) for x in (tmp_path / "copy.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [r["fate"] for r in rows] == ["blocked", None, None]
    led.close()
    led.write_jsonl(tmp_path / "spool.jsonl")


def test_unwritable_path_is_one_line_error(tmp_path) -> None:
    from vhost.errors import ConfigError

    led = Ledger()
    with pytest.raises(ConfigError, match="cannot write the event ledger"):
        led.write_jsonl(tmp_path / "no" / "such" / "dir.jsonl")


def test_with_the_journal_a_waiting_row_holds_nothing_back_in_memory(tmp_path) -> None:
    """A burst behind one waiting gift: the decided rows leave memory (the journal holds them) and
    events.jsonl still gets every row once, in index order, the same as without the journal."""
    from vhost.journal import Journal

    j = Journal(tmp_path / "journal.sqlite")
    led = Ledger(tmp_path / "events.jsonl", recorder=j, reader=j.decided_rows)
    plain = Ledger(tmp_path / "plain.jsonl")
    for ledger in (led, plain):
        for i in range(20_000):
            ledger.record(_indexed(i, f"第{i}句"))  # type: ignore[arg-type]
            if i:
                ledger.fate(i, Fate.DROPPED if i % 3 else Fate.BLOCKED, f"reason {i % 7}")
    assert plain.in_memory() == 20_000  # the row-0 gift holds back everything after it
    assert led.in_memory() == 1 and led.has_fate(19_999) and not led.has_fate(0)
    led.record(_indexed(5))  # type: ignore[arg-type]  # recorded already (a replay): no second row
    assert not led.fate(7, Fate.ANSWERED) and led.in_memory() == 1
    assert [r["index"] for r in led.rows()] == list(range(20_000))
    led.fate(0, Fate.THANKED, utterance="u1")
    # the rows behind it go to the file a batch at a time, read back from the journal by the
    # show's checkpoints (flush_file), never by the fate call (the stage finishing a line)
    assert led._flushed == 1  # rows in the file
    led.flush_file()
    assert led._flushed == 1 + FLUSH_ROWS
    led.flush_file()
    assert led._flushed == 1 + 2 * FLUSH_ROWS
    while led._flushed < 20_000:
        led.flush_file()
    plain.fate(0, Fate.THANKED, utterance="u1")
    for ledger in (led, plain):
        assert ledger.in_memory() == 0
        ledger.record(_indexed(20_000))  # type: ignore[arg-type]
        ledger.close()
        ledger.write_jsonl(tmp_path / ("events.jsonl" if ledger is led else "plain.jsonl"))
    assert (tmp_path / "events.jsonl").read_text(encoding="utf-8") == (tmp_path / "plain.jsonl").read_text(encoding="utf-8")
    assert led.counts() == plain.counts()
    j.close()
