"""The soak's summary, read from what the show left behind and what the receiver heard.

- silences over 3 s: from the program audio itself (program.wav, 100 ms windows; a window
  is silent when no sample reaches -60 dBFS);
- superchats: every superchat the show received and its fate (events.jsonl);
- faults: injected at (faults.jsonl; the kill -9 from the parent), alerted at and cleared at
  (the program time each alert notice carries, as the receiver got it);
- RSS: the show process's VmRSS (/proc) at the first eighth of the show (hour 1 of 8) and at
  the end, from the same process;
- the burst: wall-clock time between program frames while it lasted;
- kill -9 and resume: transcript rows, event rows, committed fates and heard sentences from
  before the kill, compared with the files at the end;
- lost events: every event id the show's listener acknowledged (acked-N.txt, written by the
  pusher as each acknowledgement arrives) that the journal does not hold, at the end and right
  after the kill -9 (before the resumed room sends anything again);
- audio against the clock: program.wav's length against the planned program, and how far the
  stage's frames ran behind the program clock (compute time counts on the fast clock);
- cue sync: each utterance's first `speaking` cue against the first audio of its line;
- thanks: every event the show decided to thank was in a line that reached the air.
"""

from __future__ import annotations

import collections
import contextlib
import json
import sqlite3
import wave
from pathlib import Path
from typing import Any

import numpy as np

from vhost.soak.backends import RISKY_EN, RISKY_ZH
from vhost.soak.faults import BROKEN_CATCHPHRASE
from vhost.soak.plan import EXPECTED_ALERT, Plan

SILENCE_OVER_S = 3.0
WINDOW_S = 0.1
FLOOR = 33  # -60 dBFS
ALERT_WITHIN_S = 30.0
FORBIDDEN = (*RISKY_ZH, *RISKY_EN, BROKEN_CATCHPHRASE, "全網最低", "國家級", "微信", "治療")
ACKNOWLEDGED = ("answered", "merged", "thanked")


def _rows(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as f:
        return [json.loads(x) for x in f if x.strip()]


def silences(path: Path, over_s: float = SILENCE_OVER_S) -> dict[str, Any]:
    """Stretches of program audio with no sound longer than `over_s`, read in one-minute chunks."""
    with wave.open(str(path)) as w:
        sr, n = w.getframerate(), w.getnframes()
        win = int(sr * WINDOW_S)
        found: list[dict[str, float]] = []
        run_start, run_len, longest, silent_windows, i = 0, 0, 0, 0, 0
        while True:
            data = w.readframes(win * 600)
            if not data:
                break
            pcm = np.frombuffer(data, "<i2")
            whole = len(pcm) // win
            loud = np.abs(pcm[: whole * win].reshape(-1, win).astype(np.int32)).max(axis=1) >= FLOOR if whole else np.zeros(0, bool)
            for on in loud.tolist():
                if on:
                    if run_len * WINDOW_S > over_s:
                        found.append({"at_s": round(run_start * WINDOW_S, 1), "seconds": round(run_len * WINDOW_S, 1)})
                    run_len = 0
                else:
                    if run_len == 0:
                        run_start = i
                    run_len += 1
                    silent_windows += 1
                    longest = max(longest, run_len)
                i += 1
    if run_len * WINDOW_S > over_s:
        found.append({"at_s": round(run_start * WINDOW_S, 1), "seconds": round(run_len * WINDOW_S, 1), "at_end": True})
    return {"over_s": over_s, "count": len(found), "longest_s": round(longest * WINDOW_S, 1), "list": found[:50],
            "program_s": round(n / sr, 2), "silent_share": round(silent_windows / max(1, i), 4)}  # fmt: skip


def superchats(events: list[dict[str, Any]], said: list[dict[str, Any]]) -> dict[str, Any]:
    """Acknowledged: answered, merged into an answer or thanked, in a line that reached the air."""
    aired = {r["id"] for r in said if r.get("first_audio_s") is not None}
    sc = [e for e in events if e["kind"] == "superchat"]
    fates = collections.Counter(e["fate"] for e in sc)
    ok = [e for e in sc if e["fate"] in ACKNOWLEDGED and e.get("utterance") in aired]
    missed = [{"index": e["index"], "t": e.get("t"), "fate": e["fate"], "reason": e.get("reason")} for e in sc if e not in ok]
    return {"received": len(sc), "acknowledged": len(ok), "fates": dict(fates), "not_acknowledged": missed[:20]}


def faults(plan: Plan, injected: list[dict[str, Any]], notices: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Each fault with its alert, and the firing notices no fault explains."""
    firing = [n for n in notices if n["status"] == "firing"]
    resolved = [n for n in notices if n["status"] == "resolved"]
    used: set[int] = set()
    out = []
    for row in sorted(injected, key=lambda r: r["at_s"]):
        kind, at = row["fault"], row["at_s"]
        item: dict[str, Any] = {"fault": kind, "injected_at_s": at, "recovered_at_s": row.get("until_s")}
        item.update({k: v for k, v in row.items() if k not in ("fault", "at_s", "until_s")})
        rules = EXPECTED_ALERT.get(kind, ())
        if not rules:
            out.append(item)
            continue
        cand = [(i, n) for i, n in enumerate(firing) if n["alert"] in rules and n["since_program_s"] >= at - 2.0 and i not in used]
        if not cand:
            item.update({"alert": None, "alerted_at_s": None, "cleared_at_s": None, "alerted_within_s": None, "ok": False})
            out.append(item)
            continue
        i, fire = min(cand, key=lambda c: c[1]["since_program_s"])
        used.add(i)
        # the same fault may raise more than one of its rules (an LLM hang: errors and fallbacks)
        for j, n in enumerate(firing):
            if j not in used and n["alert"] in rules and at - 2.0 <= n["since_program_s"] <= (row.get("until_s") or at) + 180.0:
                used.add(j)
        back = next((r for r in resolved if r["alert"] == fire["alert"] and r["subject"] == fire["subject"]
                     and abs(r["since_program_s"] - fire["since_program_s"]) < 1e-3), None)  # fmt: skip
        cleared = back is not None and back["summary"] != "the show ended"
        delay = round(fire["since_program_s"] - at, 1)  # the program clock's time when it fired (the faults' clock)
        item.update({
            "alert": fire["alert"], "alerted_at_s": fire["since_program_s"], "alerted_within_s": delay, "alert_text": fire["summary"],
            "cleared_at_s": back["program_s"] if back else None, "cleared_text": back["summary"] if back else None,
            "ok": delay <= ALERT_WITHIN_S and cleared,
        })  # fmt: skip
        out.append(item)
    other = [{"alert": n["alert"], "subject": n["subject"], "program_s": n["program_s"], "summary": n["summary"]}
             for i, n in enumerate(firing) if i not in used]  # fmt: skip
    return out, other


def rss(plan: Plan, runs: list[Any]) -> dict[str, Any]:
    last = runs[-1]
    rows = [p for p in last.progress if p.get("rss_bytes")]
    if not rows:
        return {}
    early_at = plan.seconds / 8  # hour 1 of 8
    early = next((p for p in rows if p["program_s"] >= early_at), rows[0])
    late = rows[-1]
    growth = (late["rss_bytes"] - early["rss_bytes"]) / early["rss_bytes"] * 100
    mib = lambda b: round(b / 2**20, 1)  # noqa: E731
    out = {"process": f"run {last.n}", "early_at_s": early["program_s"], "early_mib": mib(early["rss_bytes"]),
           "end_at_s": late["program_s"], "end_mib": mib(late["rss_bytes"]), "growth_pct": round(growth, 2),
           "max_mib": mib(max(p["rss_bytes"] for p in rows))}  # fmt: skip
    b = plan.fault("burst")
    before = [p for p in rows if b is not None and early["program_s"] <= p["program_s"] < b.at_s]
    if before:  # the same measure up to the burst: growth with show length, apart from the burst's events
        out["before_burst_at_s"] = before[-1]["program_s"]
        out["before_burst_mib"] = mib(before[-1]["rss_bytes"])
        out["growth_to_burst_pct"] = round((before[-1]["rss_bytes"] - early["rss_bytes"]) / early["rss_bytes"] * 100, 2)
    return out


def kill_and_resume(before: dict[str, Any] | None, show: Path) -> dict[str, Any] | None:
    if before is None:
        return None
    said = _rows(show / "transcript.jsonl")
    events = _rows(show / "events.jsonl")
    by_id = {r["id"]: r for r in said}
    final = {e["index"]: [e["fate"], e.get("utterance")] for e in events}
    fates_changed = [i for i, f in before["fates"].items() if final.get(int(i)) != list(f)]
    n = len(before["transcript"])
    resumed_at = next((r["start_s"] for r in _journal_runs(show)[1:2]), None)
    lost_heard = []
    for utt, _seq, text, _st, end in before["heard"]:
        if resumed_at is not None and end > resumed_at + 1e-6:
            continue  # its end was not in the program audio the crash left
        row = by_id.get(utt)
        if row is None or text not in row.get("text", "") + row.get("cut", ""):
            lost_heard.append({"utterance": utt, "text": text})
    ids = [r["id"] for r in said]
    thanked = collections.Counter(i for r in said if r["kind"] == "thanks" for i in r["reply_to"])
    answered = collections.Counter(r["reply_to"][0] for r in said if r["kind"] == "reply" and r["reply_to"])
    return {
        "killed_at_s": round(before["program_s"], 2), "resumed_at_s": resumed_at,
        "transcript_rows_before": n, "transcript_rows_kept": n if said[:n] == before["transcript"] else sum(a == b for a, b in zip(said, before["transcript"])),
        "event_rows_before": len(before["events"]), "event_rows_kept": events[: len(before["events"])] == before["events"],
        "fates_before": len(before["fates"]), "fates_changed": fates_changed[:20],
        "heard_sentences_before": len(before["heard"]), "heard_sentences_lost": lost_heard[:20],
        "duplicate_ids": len(ids) - len(set(ids)), "thanked_twice": sum(1 for v in thanked.values() if v > 1),
        "answered_twice": sum(1 for v in answered.values() if v > 1),
        "events_in_order": [e["index"] for e in events] == list(range(len(events))),
    }  # fmt: skip


def _journal_runs(show: Path) -> list[dict[str, Any]]:
    with contextlib.closing(sqlite3.connect(f"file:{show / 'journal.sqlite'}?mode=ro", uri=True)) as db:
        return [{"start_s": s, "end_s": e, "how": h} for s, e, h in db.execute("SELECT start_s, end_s, how FROM runs ORDER BY run")]


def lost_events(folder: Path, show: Path, before: dict[str, Any] | None = None) -> dict[str, Any]:
    """Events the listener acknowledged that the journal never got. An acknowledgement follows
    the journal's commit, so none may be missing even right after the kill -9 (`before`); the
    resumed show's room sends again what the journal does not hold, as a grabber resends what
    was never acknowledged."""
    acked: set[str] = set()
    for f in sorted(folder.glob("acked-*.txt")):
        with f.open(encoding="utf-8") as lines:
            acked.update(x.strip() for x in lines if x.strip())
    with contextlib.closing(sqlite3.connect(f"file:{show / 'journal.sqlite'}?mode=ro", uri=True)) as db:
        kept = {r[0] for r in db.execute("SELECT msg_id FROM events WHERE msg_id != ''")}
    lost = sorted(acked - kept)
    at_kill = list((before or {}).get("acked_not_held", []))
    return {"acknowledged": len(acked), "journaled": len(kept), "lost": len(lost) + len(at_kill), "lost_ids": lost[:20],
            "acked_before_kill": (before or {}).get("acked"), "missing_at_kill": len(at_kill), "missing_at_kill_ids": at_kill[:20]}  # fmt: skip


def audio_clock(plan: Plan, program_s: float, child: list[dict[str, Any]]) -> dict[str, Any]:
    """The program audio's length against the plan (a gap or an overlap at the resume would show),
    and the furthest a frame fell behind the program clock in each run."""
    stages = [c.get("stage") or {} for c in child]
    return {
        "planned_s": plan.seconds, "audio_s": program_s, "drift_s": round(program_s - plan.seconds, 4),
        "max_frame_lag_s": round(max((st.get("max_lag_s", 0.0) for st in stages), default=0.0), 3),
        "late_frames": sum(int(st.get("late_frames", 0)) for st in stages),
        "frames": sum(int(st.get("frames", 0)) for st in stages),
    }  # fmt: skip


def cue_sync(show: Path, said: list[dict[str, Any]]) -> dict[str, Any]:
    """|first speaking cue - first audio| per utterance that reached the air."""
    first: dict[str, float] = {}
    path = show / "cues.jsonl"
    if path.exists():
        with path.open(encoding="utf-8") as f:
            for raw in f:
                if '"speaking"' not in raw:
                    continue
                c = json.loads(raw)
                u = c.get("utterance")
                if u and c.get("value", 0) > 0 and u not in first:
                    first[u] = c["t"]
    offs: list[float] = []
    missing: list[str] = []
    at_kill: list[str] = []
    for r in said:
        if r.get("first_audio_s") is None:
            continue
        if r["id"] not in first:
            # the line on air when the process was killed: its cues were sent, but the last
            # batch of cues.jsonl may not have reached the file before the kill
            (at_kill if r.get("interrupted") == "show interrupted" else missing).append(r["id"])
            continue
        offs.append(abs(first[r["id"]] - r["first_audio_s"]))
    return {"utterances": len(offs) + len(missing), "without_cues": len(missing), "without_cues_ids": missing[:20],
            "on_air_at_kill_without_cues": at_kill,
            "max_offset_ms": round(max(offs, default=0.0) * 1000, 1),
            "mean_offset_ms": round(sum(offs) / len(offs) * 1000, 2) if offs else None}  # fmt: skip


def thanks(events: list[dict[str, Any]], said: list[dict[str, Any]]) -> dict[str, Any]:
    """Events decided 'thanked' whose thanks line never reached the air, and what became of gifts."""
    aired = {r["id"] for r in said if r.get("first_audio_s") is not None}
    thanked = [e for e in events if e["fate"] == "thanked"]
    unsaid = [e["index"] for e in thanked if e.get("utterance") not in aired]
    paid = [e for e in events if e["kind"] in ("gift", "guard")]
    return {"thanked": len(thanked), "thanked_not_aired": len(unsaid), "not_aired_indexes": unsaid[:20],
            "gifts": len(paid), "gift_fates": dict(collections.Counter(f"{e['fate']}: {e.get('reason')}" if e.get("reason") else e["fate"] for e in paid)),
            "guards": sum(e["kind"] == "guard" for e in paid),
            "guards_thanked": sum(e["kind"] == "guard" and e["fate"] == "thanked" for e in paid)}  # fmt: skip


def build_report(plan: Plan, folder: Path, runs: list[Any], before: dict[str, Any] | None, receiver: Any, wall_s: float) -> dict[str, Any]:
    show = plan.out
    events = _rows(show / "events.jsonl")
    said = _rows(show / "transcript.jsonl")
    injected = _rows(folder / "faults.jsonl")
    killed = next((r.killed_at_s for r in runs if r.killed_at_s is not None), None)
    if killed is not None:
        injected.append({"fault": "kill9", "at_s": killed, "until_s": _journal_runs(show)[-1]["start_s"], "how": "SIGKILL to the show process, then --resume"})
    fault_rows, other = faults(plan, injected, receiver.notices)
    child = [json.loads((folder / f"run-{r.n}.json").read_text(encoding="utf-8")) for r in runs if (folder / f"run-{r.n}.json").exists()]
    sil = silences(show / "program.wav")
    sc = superchats(events, said)
    mem = rss(plan, runs)
    kr = kill_and_resume(before, show)
    burst = next((r.get("frames") for r in injected if r["fault"] == "burst"), None)
    text = "".join(r.get("text", "") + r.get("cut", "") for r in said)
    said_forbidden = sorted({w for w in FORBIDDEN if w in text})
    lost = lost_events(folder, show, before)
    clock = audio_clock(plan, sil["program_s"], child)
    cues = cue_sync(show, said)
    thx = thanks(events, said)
    kinds = collections.Counter(r["kind"] for r in said)
    fates = collections.Counter(e["fate"] for e in events)
    last = child[-1] if child else {}
    targets = {
        "silences_over_3s": {"target": 0, "got": sil["count"], "ok": sil["count"] == 0},
        "superchats_acknowledged": {"target": "all", "got": f"{sc['acknowledged']}/{sc['received']}", "ok": sc["acknowledged"] == sc["received"]},
        "faults_alerted_within_30s_and_cleared": {
            "target": "all", "got": f"{sum(1 for f in fault_rows if f.get('ok'))}/{sum(1 for f in fault_rows if 'ok' in f)}",
            "ok": all(f.get("ok", True) for f in fault_rows)},
        "rss_growth_pct_hour1_to_end": {"target": "< 5", "got": mem.get("growth_pct"), "ok": mem.get("growth_pct") is not None and mem["growth_pct"] < 5.0},
        "max_frame_gap_ms_in_burst": {"target": "<= 100", "got": (burst or {}).get("max_frame_gap_ms"),
                                      "ok": burst is not None and burst["max_frame_gap_ms"] <= 100.0},
        "events_lost": {"target": 0, "got": lost["lost"], "ok": lost["lost"] == 0 and lost["acknowledged"] > 0},
        "audio_drift_s": {"target": 0, "got": clock["drift_s"], "ok": abs(clock["drift_s"]) < 1 / 48000 * 2},
        "cue_sync_max_ms": {"target": "<= 20, every aired line", "got": cues["max_offset_ms"],
                            "ok": cues["max_offset_ms"] <= 20.0 and cues["without_cues"] == 0 and cues["utterances"] > 0},
        "thanks_aired": {"target": "all", "got": f"{thx['thanked'] - thx['thanked_not_aired']}/{thx['thanked']}", "ok": thx["thanked_not_aired"] == 0},
        "kill9_resume_lost": {
            "target": "no played line, no decided fate",
            "got": None if kr is None else {"lines": len(kr["heard_sentences_lost"]) + (kr["transcript_rows_before"] - kr["transcript_rows_kept"]),
                                            "fates": len(kr["fates_changed"])},
            "ok": kr is not None and not kr["heard_sentences_lost"] and not kr["fates_changed"]
                  and kr["transcript_rows_kept"] == kr["transcript_rows_before"] and kr["event_rows_kept"]},
    }  # fmt: skip
    return {
        "soak": {"hours": plan.hours, "program_s": sil["program_s"], "wall_s": round(wall_s, 1),
                 "runs": [{"run": r.n, "wall_s": round(r.wall_s, 1), "rc": r.rc, "killed_at_s": r.killed_at_s} for r in runs],
                 "clock": "fast (FastClock: idle time skipped, compute time counted)", "seed": plan.seed, "rate_danmaku_per_s": plan.rate,
                 "voice": last.get("voice"), "llm": last.get("llm"), "persona": plan.persona.name},
        "targets": targets,
        "silences": sil,
        "superchats": sc,
        "faults": fault_rows,
        "other_alerts": other,
        "alerts_received": len(receiver.notices), "alerts_refused": receiver.refused,
        "rss": mem,
        "events_lost": lost,
        "audio_clock": clock,
        "cue_sync": cues,
        "thanks": thx,
        "burst": burst,
        "kill_resume": kr,
        "said": dict(kinds), "event_fates": dict(fates), "events": len(events),
        "forbidden_said": said_forbidden,
        "pusher": [c.get("pusher") for c in child],
        "sink": last.get("sink"),
        "writer": last.get("writer"),
    }  # fmt: skip
