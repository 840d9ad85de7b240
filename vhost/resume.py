"""Resuming a show after a stop or a crash (`vhost run --resume DIR`).

The program's own audio decides what was on air: program.wav is cut to whole frames and
its header made exact; the show continues at that program time P0. Cues later than P0
are cut from cues.jsonl, a torn last line from every JSONL file. Then, from the journal:
- an utterance that had started before P0 counts as said (the viewer heard it, at least
  in part): its transcript row is written ("interrupted": "show interrupted") and the
  events it answered or thanked get their fates, so nothing is answered or thanked twice;
- one that started at or after P0 was never heard: its events are handed to intake again,
  as is every other event without a fate (a superchat waiting in the queue is still read);
- rows the journal holds but the files lost (a crash between the two) are appended;
- the ledger, intake and director continue their indexes, counters and rundown position,
  and utterance ids continue after the last one used.
"""

from __future__ import annotations

import contextlib
import json
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vhost.errors import ConfigError
from vhost.events import ChatEvent, EventKind, User
from vhost.journal import FILE as JOURNAL_FILE
from vhost.journal import INSERT_EVENT, Journal, event_row
from vhost.sinks.base import AudioFormat
from vhost.sinks.jsonl import repair_jsonl
from vhost.sinks.wav import last_sound_s, repair_wav

if TYPE_CHECKING:
    from vhost.show import Show

log = logging.getLogger(__name__)
SHOW_FILES = (JOURNAL_FILE, "program.wav", "transcript.jsonl", "events.jsonl", "cues.jsonl")
INTERRUPTED = "show interrupted"
ENDED = "show ended"  # the reason a stop gives what it leaves unanswered (intake and ledger)
_UID = re.compile(r"^u(\d+)$")


def _journal_started(path: Path) -> bool:
    import sqlite3

    try:
        with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
            return bool(db.execute("SELECT count(*) FROM runs").fetchone()[0])
    except sqlite3.DatabaseError:
        return True  # unreadable: treat it as a show, never overwrite it


def holds_show(out: Path) -> str | None:
    """The first file of a show found in `out` (a journal that ran, or output with content), or None.
    Empty leftovers of a show that never started (a port already taken) do not count."""
    for name in SHOW_FILES:
        p = out / name
        if not p.exists():
            continue
        if name == JOURNAL_FILE:
            if _journal_started(p):
                return name
        elif p.stat().st_size > (44 if name.endswith(".wav") else 0):
            return name
    return None


def refuse_existing(out: Path) -> None:
    found = holds_show(out)
    if found is not None:
        raise ConfigError(
            f"{out}: holds a show already ({found}); it is never overwritten",
            fix=f"continue it with --resume {out}, or pick another --out",
        )


def saved_config(out: Path) -> dict[str, Any]:
    """The config the show in `out` was started with (for `--resume DIR` without flags)."""
    path = out / JOURNAL_FILE
    if not path.exists():
        raise ConfigError(f"{out}: no show to resume ({JOURNAL_FILE} not found)", fix="start it without --resume")
    j = Journal(path)
    try:
        cfg = j.meta("config")
    finally:
        j.close()
    if not isinstance(cfg, dict):
        raise ConfigError(f"{path}: the journal holds no show config")
    return cfg


def _iter_rows(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as f:
        for line in f:
            yield json.loads(line)


def _uid_number(uid: str) -> int:
    m = _UID.match(uid)
    return int(m.group(1)) if m else 0


@dataclass
class Resumed:
    """What `prepare` found; `apply` hands it to a built show."""

    start_s: float
    frames: int
    events_in_file: int
    crashed: bool
    closed: list[str] = field(default_factory=list)  # utterances closed as heard in part
    unheard: list[str] = field(default_factory=list)  # utterances that never reached the program
    appended: int = 0  # transcript rows restored from the journal (the closed ones are written too)
    requeued: int = 0
    paid_again: int = 0  # paid events a clean stop had dropped, handed in again as new events
    delivered: dict[str, int] = field(default_factory=dict)  # events each source had delivered
    voiced_until_s: float | None = None  # the end of the last sound in the program's last minute (None: silent or no audio)

    def summary(self) -> dict[str, Any]:
        return {"from_s": round(self.start_s, 3), "crashed": self.crashed, "closed": self.closed, "unheard": self.unheard,
                "transcript_rows_restored": self.appended, "events_requeued": self.requeued,
                "paid_again": self.paid_again}  # fmt: skip


def prepare(out: Path, journal: Journal, fmt: AudioFormat) -> Resumed:
    """Repair the files in `out` and settle what the journal left open. Before the show's
    outputs are opened; the show is continued with `apply`."""
    wav = out / "program.wav"
    frames = 0
    if wav.exists() and wav.stat().st_size > 0:
        samples = repair_wav(wav, fmt.frame_bytes)
        frames = samples // fmt.frame_samples
    start_s = frames * fmt.frame_ms / 1000.0
    voiced = last_sound_s(wav) if frames else None
    repair_jsonl(out / "cues.jsonl", drop=lambda r: float(r.get("t", 0.0)) >= start_s)
    repair_jsonl(out / "transcript.jsonl", drop=lambda r: float(r.get("start_s", 0.0)) >= start_s)
    in_file = repair_jsonl(out / "events.jsonl")
    runs = journal.runs()
    res = Resumed(start_s=start_s, frames=frames, events_in_file=in_file, crashed=bool(runs) and runs[-1]["ended"] is None,
                  voiced_until_s=voiced)  # fmt: skip
    _backfill(out / "events.jsonl", journal, in_file)
    said = {r["id"] for r in _iter_rows(out / "transcript.jsonl")}
    _close_open_utterances(journal, res, start_s)
    rows = [u["row"] for u in journal.utterances("done") if u["id"] not in said and u["row"] and u["start_s"] < start_s]
    if rows:
        with (out / "transcript.jsonl").open("a", encoding="utf-8") as f:
            for row in sorted(rows, key=lambda r: r["start_s"]):
                f.write(json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n")
        res.appended = sum(1 for r in rows if r["id"] not in res.closed)
    res.delivered = dict(journal.state("sources") or {})
    return res


def _backfill(events_jsonl: Path, journal: Journal, in_file: int) -> None:
    """Rows events.jsonl holds but the journal lost (its last batch): copy their fates."""
    known = journal.db.execute("SELECT count(*) FROM fates WHERE idx < ?", (in_file,)).fetchone()[0]
    if known >= in_file:
        return
    for r in _iter_rows(events_jsonl):
        u = r.get("user", {})
        ev = ChatEvent("unknown", EventKind(r["kind"]), User(str(u.get("id", "")), str(u.get("name", ""))), text=r.get("text", ""), index=r["index"])
        journal.db.execute(INSERT_EVENT, event_row(ev))
        journal.fate(r["index"], r["fate"], r.get("reason"), r.get("utterance"))
    journal.commit()


def _close_open_utterances(journal: Journal, res: Resumed, start_s: float) -> None:
    for u in journal.utterances("on air"):
        lines = [(text, s, e) for text, s, e in journal.lines_of(u["id"]) if s < start_s]
        whole = [text for text, _s, e in lines if e is not None and e <= start_s + 1e-6]
        cut = next((text for text, _s, e in lines if e is None or e > start_s + 1e-6), None)
        heard = [*whole, *([cut] if cut else [])]
        if u["start_s"] >= start_s or not heard:  # none of its sound is in the program
            journal.utterance_done({"id": u["id"], "kind": u["kind"], "reply_to": u["reply_to"], "start_s": u["start_s"]}, state="unheard")
            res.unheard.append(u["id"])
            continue
        zh = str(u["lang"] or "").startswith("zh")
        row: dict[str, Any] = {
            "id": u["id"], "kind": u["kind"], "text": ("" if zh else " ").join(heard), "reply_to": u["reply_to"],
            "event_s": u["event_s"], "start_s": round(u["start_s"], 3), "end_s": round(start_s, 3),
            "first_audio_s": round(u["start_s"], 3), "lang": u["lang"], "interrupted": INTERRUPTED,
        }  # fmt: skip
        if cut:
            row["cut"] = cut
        reply_to = [int(i) for i in u["reply_to"]]
        if u["kind"] == "reply" and reply_to:
            journal.fate(reply_to[0], "answered", None, u["id"])
            for i in reply_to[1:]:
                journal.fate(i, "merged", f"answered together with #{reply_to[0]}", u["id"])
        elif u["kind"] == "thanks":
            for i in reply_to:
                journal.fate(i, "thanked", None, u["id"])
        journal.utterance_done(row)  # commits the fates with it
        res.closed.append(u["id"])


def apply(show: Show, res: Resumed, journal: Journal) -> None:
    """Continue `show` where the journal left off (ledger, intake, director, stage, ids)."""
    decided = [
        (idx, [kind, uid, name, text, fate, reason, utt, round(t, 3), value])
        for idx, kind, uid, name, text, fate, reason, utt, t, value in journal.decided_from(res.events_in_file)
    ]
    again = list(journal.undecided(res.events_in_file))
    show.ledger.resume(res.events_in_file, decided, journal.fate_counts(), journal.event_count() - len(again))
    counters = journal.state("intake") or show.intake.counters()
    counters["next_index"] = max(int(counters.get("next_index", 0)), journal.max_index() + 1)
    show.intake.restore_counters(counters)
    if (p := journal.state("director")) is not None:
        show.director.restore_position(p)
    if (st := journal.state("stage")) is not None:
        for k, v in st.items():
            if hasattr(show.stage.stats, k) and k != "frames":
                setattr(show.stage.stats, k, v)
    # silence is counted from the last sound the program holds: the journal's figure is from its
    # last checkpoint, which a crash can leave seconds behind the audio (a false silence alert)
    stats = show.stage.stats
    stats.voiced_until_s = min(res.start_s, max(stats.voiced_until_s, res.voiced_until_s or 0.0))
    show.stage.resume_at(res.frames)
    show.clock.start_at(res.start_s)
    from vhost.stage.utterance import ids_after

    used = [_uid_number(r[0]) for r in journal.db.execute("SELECT id FROM utterances")]
    used += [_uid_number(uid) for uid, _text in (p or {}).get("operator", [])]
    ids_after(max(used, default=0))
    for ev in again:
        show.intake.submit(ev, res.start_s, again=True)
    res.requeued = len(again)
    # paid messages a clean stop left unanswered ("show ended") come back as new events,
    # so the payer is still acknowledged; each index keeps its one fate
    for ev in journal.paid_left(ENDED):
        new = show.intake.submit(replace(ev, index=-1, t=res.start_s), res.start_s)
        journal.requeue(ev.index, new.index)
        res.paid_again += 1
    journal.commit()
    if res.crashed:
        log.warning("resuming a show that did not stop cleanly, at %.2f s of program", res.start_s)

