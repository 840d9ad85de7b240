"""The show journal (SQLite, WAL): batched rows, committed-at-once milestones, reads that stay
cheap however long the show, and a show continued from it after a clean stop."""

from __future__ import annotations

import asyncio
import itertools
import json
import sqlite3
import time
import wave
from pathlib import Path

import pytest

from tests.fakes.fake_llm import FakeLLM, Reply
from tests.test_show import PERSONA, rows, write_replay
from vhost.clock import FastClock, WallClock
from vhost.errors import ConfigError
from vhost.events import ChatEvent, EventKind, User
from vhost.journal import Journal, event_from_row
from vhost.show import Show, ShowConfig


def ev(i: int, kind: EventKind = EventKind.DANMAKU, **kw) -> ChatEvent:
    user = User(f"u{i}", f"viewer{i}", level=3, guard_level=2, masked=i % 2 == 0)
    return ChatEvent("bilibili", kind, user, text=kw.pop("text", f"question {i}?"), index=i, t=i * 0.5, id=f"m{i}", **kw)


def other_reader(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True)


def test_rows_batched_milestones_at_once_and_reads(tmp_path):
    path = tmp_path / "journal.sqlite"
    j = Journal(path, flush_s=0.05)
    assert j.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    j.begin_run(0.0)
    for i in range(5):
        j.event(ev(i, value_cny=1.5 if i == 3 else 0.0))
    j.fate(0, "dropped", "spam", None)
    reader = other_reader(path)
    assert reader.execute("SELECT count(*) FROM events").fetchone()[0] == 0  # still batched
    assert not j.due()
    time.sleep(0.06)
    assert j.due()
    j.utterance_started("u00001", "reply", (1, 2), 0.5, 3.0, "zh-Hant")  # a milestone commits at once, rows with it
    assert reader.execute("SELECT count(*) FROM events").fetchone()[0] == 5
    assert reader.execute("SELECT state FROM utterances").fetchone()[0] == "on air"
    j.line("u00001", 0, "第一句。", 3.0, None)
    j.line("u00001", 0, "第一句。", 3.0, 4.2)
    assert j.lines_of("u00001") == [("第一句。", 3.0, 4.2)]
    # an event comes back exactly as it went in (what a resume hands to intake again)
    back = event_from_row(j.db.execute("SELECT * FROM events WHERE idx=3").fetchone())
    assert back == ev(3, value_cny=1.5)
    page = j.events_after(0, 2)
    assert [r["index"] for r in page] == [1, 2] and page[0]["fate"] is None
    assert j.events_after(-1, 1)[0] == {"index": 0, "kind": "danmaku", "user": {"id": "u0", "name": "viewer0"},
                                        "text": "question 0?", "fate": "dropped", "reason": "spam"}  # fmt: skip
    j.fate(0, "answered", None, "u00009")  # the first fate wins, as in the ledger
    assert j.fate_counts() == {"dropped": 1}
    # state is written only when it changed
    j.set_state("director", {"segment": [1, 20.0, 2]})
    j.commit()
    before = j.commits
    j.set_state("director", {"segment": [1, 20.0, 2]})
    assert j._state == {} and j.commits == before
    j.end_run(9.5, "stopped")
    j.close()
    assert j.events_after(3, 10)[0]["index"] == 4  # reads still work once closed
    assert Journal(path).runs()[0]["how"] == "stopped"


def test_a_newer_journal_is_refused(tmp_path):
    path = tmp_path / "journal.sqlite"
    Journal(path).set_meta("schema", 99)
    with pytest.raises(ConfigError, match="newer vhost"):
        Journal(path)


def test_event_reads_do_not_grow_with_the_show(tmp_path):
    j = Journal(tmp_path / "journal.sqlite")
    for i in range(60_000):
        j.event(ev(i))
        j.fate(i, "dropped", "counted", None)
    j.commit()
    t0 = time.perf_counter()
    for _ in range(20):
        page = j.events_after(59_000, 100)
    per_read = (time.perf_counter() - t0) / 20
    assert [r["index"] for r in page] == list(range(59_001, 59_101))
    assert per_read < 0.02  # an index lookup (the old file re-read took 247 ms at 58k events)


async def test_resume_after_a_clean_stop_continues_everything(tmp_path):
    replay = tmp_path / "chat.jsonl"
    n = write_replay(replay, extra_bad=False)
    out = tmp_path / "out"

    def show(duration: float, resume: bool) -> Show:
        clock = FastClock()
        cfg = ShowConfig(persona=PERSONA, sources=[f"replay:{replay}"], out=out, duration_s=duration, watch=False, resume=resume)
        return Show(cfg, llm=FakeLLM(clock, [], default=Reply.text("X1 單次續航 8 小時。")), clock=clock, busy_llm=False)

    first = show(5.6, False)  # stops before the superchat (t=6) comes: it arrives in the second run
    await first.run()
    said_first = rows(out / "transcript.jsonl")
    events_first = rows(out / "events.jsonl")
    with pytest.raises(ConfigError, match="holds a show already"):
        show(30, False)
    second = show(30.0, True)
    assert second.stage.program_s == pytest.approx(5.6)
    assert second.resumed is not None
    again = second.resumed.paid_again  # the gift (t=2) still waiting for its thanks at the stop
    assert again == 1 and second.intake.counters()["next_index"] == len(events_first) + again
    await second.run()
    with wave.open(str(out / "program.wav")) as w:
        assert w.getnframes() == 30 * 48000  # one timeline across both runs
    said = rows(out / "transcript.jsonl")
    assert said[: len(said_first)] == said_first  # appended, never rewritten
    ids = [u["id"] for u in said]
    assert len(set(ids)) == len(ids) and all(u["start_s"] >= 5.6 for u in said[len(said_first) :])
    events = rows(out / "events.jsonl")
    assert events[: len(events_first)] == events_first
    assert [e["index"] for e in events] == list(range(len(events)))
    # the replay went on where it stopped: every line once, none twice
    texts = [e.get("text") for e in events if e["kind"] == "danmaku" or e["kind"] == "superchat"]
    assert len(texts) == len(set(texts))
    assert len(events) == n + again
    gift = [e for e in events if e["kind"] == "gift"]
    assert [(g["fate"], g.get("reason")) for g in gift] == [("dropped", "show ended"), ("thanked", None)]
    sc = next(e for e in events if e["kind"] == "superchat")
    assert sc["fate"] == "answered"
    cues = rows(out / "cues.jsonl")
    assert all(a["t"] <= b["t"] + 1e-9 for a, b in itertools.pairwise(cues))
    runs = second.journal.runs()
    assert [(r["start_s"], r["end_s"], r["how"]) for r in runs] == [(0.0, pytest.approx(5.6), "duration"), (pytest.approx(5.6), 30.0, "duration")]


async def test_paid_messages_a_stop_left_waiting_are_thanked_after_resume(tmp_path):
    replay = tmp_path / "gifts.jsonl"
    lines = [{"t": 0.5, "kind": "superchat", "user": {"id": "sc", "name": "老王"}, "text": "", "value_cny": 30},
             {"t": 0.6, "kind": "gift", "user": {"id": "g", "name": "Lily"}, "gift": {"name": "小心心", "count": 3}, "value_cny": 3}]  # fmt: skip
    replay.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n", encoding="utf-8")
    out = tmp_path / "out"

    def show(duration: float, resume: bool) -> Show:
        clock = FastClock()
        cfg = ShowConfig(persona=PERSONA, sources=[f"replay:{replay}"], out=out, duration_s=duration, watch=False, resume=resume)
        return Show(cfg, llm=FakeLLM(clock, []), clock=clock, busy_llm=False)

    await show(0.8, False).run()  # stopped before the batch settled: both dropped "show ended"
    assert [e["reason"] for e in rows(out / "events.jsonl")] == ["show ended", "show ended"]
    resumed = show(40.0, True)
    assert resumed.resumed is not None
    await resumed.run()
    assert resumed.resumed.paid_again == 2
    events = rows(out / "events.jsonl")
    assert [(e["index"], e["fate"]) for e in events] == [(0, "dropped"), (1, "dropped"), (2, "thanked"), (3, "thanked")]
    thanks = [u for u in rows(out / "transcript.jsonl") if u["kind"] == "thanks"]
    assert sorted(i for u in thanks for i in u["reply_to"]) == [2, 3]
    # a later resume does not hand them in a third time
    again = show(45.0, True)
    await again.run()
    assert again.resumed is not None and again.resumed.paid_again == 0


async def test_operator_lines_waiting_at_a_checkpoint_survive(tmp_path):
    replay = tmp_path / "chat.jsonl"
    write_replay(replay, extra_bad=False)
    out = tmp_path / "out"
    clock = FastClock()
    cfg = ShowConfig(persona=PERSONA, sources=[f"replay:{replay}"], out=out, duration_s=10, watch=False)
    s = Show(cfg, llm=FakeLLM(clock, []), clock=clock, busy_llm=False)
    task = asyncio.create_task(s.run())
    await clock.sleep_until(3.0)
    s.take_over()
    s.say("主播\x1b[31m本人\u202e回來了\r\n")  # control characters never reach air or the files
    await task
    actions = [(a["action"], a["detail"]) for a in s.journal.operator_actions()]
    assert actions[0][0] == "takeover" and actions[1] == ("say", "主播本人回來了")
    human = [u for u in rows(out / "transcript.jsonl") if u["kind"] == "human"]
    assert human and human[0]["text"] == "主播本人回來了"


def test_prepare_settles_what_a_crash_left_open(tmp_path):
    """A hand-made crash: the audio stops at 10.0 s; a thanks was on air (heard in part), a reply
    had been queued to start at 10.3 s (never heard), a finished reply lost its transcript row,
    and events.jsonl got one row further than the journal's last batch."""
    from vhost.resume import prepare
    from vhost.sinks.base import AudioFormat

    out = tmp_path / "show"
    out.mkdir()
    fmt = AudioFormat()
    with wave.open(str(out / "program.wav"), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(48000)
        w.writeframes(b"\1\0" * (48000 * 10 + 500))  # 10 s and a torn partial frame
    (out / "cues.jsonl").write_text("".join(json.dumps({"t": t / 10, "type": "mouth", "value": 0.2}) + "\n" for t in range(0, 105)) + '{"t": 10.6')
    (out / "transcript.jsonl").write_text(json.dumps({"id": "u00001", "kind": "script", "start_s": 0.1, "end_s": 3.0, "text": "開場。"}) + "\n")
    fated = [{"index": 0, "kind": "danmaku", "user": {"id": "u0", "name": "a"}, "text": "x", "fate": "dropped", "reason": "spam"},
             {"index": 1, "kind": "danmaku", "user": {"id": "u1", "name": "b"}, "text": "y", "fate": "dropped", "reason": "spam"}]  # fmt: skip
    (out / "events.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in fated))
    j = Journal(out / "journal.sqlite")
    j.begin_run(0.0)
    for i in range(6):
        j.event(ev(i, EventKind.GIFT if i in (3, 4) else EventKind.DANMAKU, value_cny=1.0 if i in (3, 4) else 0.0))
    j.fate(0, "dropped", "spam", None)  # index 1's fate made the file but not the journal
    j.utterance_done({"id": "u00002", "kind": "reply", "reply_to": [2], "start_s": 4.0, "end_s": 7.0, "text": "八小時。"})
    j.fate(2, "answered", None, "u00002")
    j.utterance_started("u00003", "thanks", (3, 4), 7.5, 8.0, "zh-Hant")
    j.line("u00003", 0, "謝謝小明的小心心！", 8.0, 9.6)
    j.line("u00003", 1, "也謝謝阿傑！", 9.6, None)  # on air at the crash
    j.utterance_started("u00004", "reply", (5,), 9.0, 10.3, "zh-Hant")  # later than the audio kept
    j.commit()
    res = prepare(out, j, fmt)
    assert (res.start_s, res.frames, res.crashed) == (10.0, 500, True)
    with wave.open(str(out / "program.wav")) as w:
        assert w.getnframes() == 480_000 and (out / "program.wav").stat().st_size == 44 + 960_000
    cues = rows(out / "cues.jsonl")
    assert cues[-1]["t"] == 9.9 and len(cues) == 100
    said = rows(out / "transcript.jsonl")
    assert [u["id"] for u in said] == ["u00001", "u00002", "u00003"]
    thanks = said[2]
    assert thanks["text"] == "謝謝小明的小心心！也謝謝阿傑！" and thanks["cut"] == "也謝謝阿傑！"
    assert thanks["interrupted"] == "show interrupted" and thanks["end_s"] == 10.0
    fates = dict((i, (f, u)) for i, f, _r, u in j.db.execute("SELECT idx, fate, reason, utterance FROM fates"))
    assert fates[1] == ("dropped", None) and fates[3] == ("thanked", "u00003") and fates[4] == ("thanked", "u00003")
    assert 5 not in fates  # the reply that never sounded: its question goes back to intake
    assert [e.index for e in j.undecided(2)] == [5]
    assert res.closed == ["u00003"] and res.unheard == ["u00004"] and res.appended == 1


async def test_silence_after_a_crash_counts_from_the_last_sound_in_the_program(tmp_path):
    """The journal's checkpoint can be seconds behind the audio when the process dies: the silence
    figure (and its alert) after the resume starts from the last sound program.wav holds."""
    import numpy as np

    replay = tmp_path / "chat.jsonl"
    write_replay(replay, extra_bad=False)
    out = tmp_path / "out"

    def show(duration: float, resume: bool) -> Show:
        clock = FastClock()
        cfg = ShowConfig(persona=PERSONA, sources=[f"replay:{replay}"], out=out, duration_s=duration, watch=False, resume=resume)
        return Show(cfg, llm=FakeLLM(clock, [], default=Reply.text("X1 單次續航 8 小時。")), clock=clock, busy_llm=False)

    await show(8.0, False).run()
    with wave.open(str(out / "program.wav")) as w:
        pcm = np.frombuffer(w.readframes(w.getnframes()), np.int16).reshape(-1, 960)
    loud = np.flatnonzero(np.abs(pcm.astype(np.int32)).max(axis=1) >= 33)
    last_sound = (int(loud[-1]) + 1) * 0.02
    assert last_sound > 3.0  # the first run spoke
    # what a crash leaves: the run never ended, the last checkpoint far behind the audio
    db = sqlite3.connect(out / "journal.sqlite")
    stage = json.loads(db.execute("SELECT value FROM state WHERE key='stage'").fetchone()[0])
    stage["voiced_until_s"] = 1.0
    db.execute("UPDATE state SET value=? WHERE key='stage'", (json.dumps(stage),))
    db.execute("UPDATE runs SET ended=NULL, end_s=NULL, how=NULL")
    db.commit()
    db.close()
    again = show(20.0, True)
    assert again.resumed is not None and again.resumed.crashed
    assert again.stage.stats.voiced_until_s == pytest.approx(last_sound)
    assert again.metrics.sample().silence_s == pytest.approx(8.0 - last_sound)  # not 7 s from the stale checkpoint


async def test_push_events_are_acknowledged_only_once_the_journal_holds_them(tmp_path):
    """What a chat grabber was told it delivered survives a kill -9: at each acknowledgement, a
    second reader of journal.sqlite already finds the event."""
    import aiohttp

    from vhost.sources.push import PushOptions, PushSource

    out = tmp_path / "out"
    push = PushSource(PushOptions(port=0))
    cfg = ShowConfig(persona=PERSONA, sources=["push:?port=0"], out=out, duration_s=4.0, watch=False, realtime=True)
    clock = WallClock()
    show = Show(cfg, llm=FakeLLM(clock, []), sources=[push], clock=clock, busy_llm=False)
    assert push.durable_acks
    task = asyncio.create_task(show.run())
    await asyncio.wait_for(push.started.wait(), 10)
    ids = [f"m{i}" for i in range(60)]
    reader = other_reader(out / "journal.sqlite")
    held_at_ack: list[int] = []
    async with aiohttp.ClientSession() as http, http.ws_connect(f"http://127.0.0.1:{push.port}/ws") as ws:
        for i in ids:
            await ws.send_str(json.dumps({"kind": "danmaku", "id": i, "user": {"id": f"v{i}", "name": "小明"}, "text": f"第{i}句"}))
        for n in range(1, len(ids) + 1):
            assert await asyncio.wait_for(ws.receive_json(), 5) == {"accepted": 1}
            have = {r[0] for r in reader.execute("SELECT msg_id FROM events")}
            held_at_ack.append(sum(1 for i in ids[:n] if i in have))
    await task
    assert held_at_ack == list(range(1, len(ids) + 1))
