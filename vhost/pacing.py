"""How well a show kept pace with its room, from its own output files.

The same figures for the show summary, `make demo` and the pacing benchmark:
- question -> first audio, per asked event (a merged ask counts from its own arrival);
- distinct questions answered or merged per minute of program;
- stale drops; superchat and thanks waits; thanks lost; air time by kind;
- where an answered question's wait went (`decompose`): waiting to be picked, the writer's
  first line, the voice's first audio, then waiting for the stage (the line on air).
"""

from __future__ import annotations

import json
import math
from collections import Counter
from pathlib import Path
from typing import Any

from vhost.intake.classify import is_question
from vhost.text.fold import fold

_PAID_THANKED = ("gift", "guard", "follow")


def _pct(xs: list[float], q: float) -> float | None:
    if not xs:
        return None
    xs = sorted(xs)
    return round(xs[min(len(xs) - 1, max(0, math.ceil(q * len(xs)) - 1))], 2)


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return []
    out = []
    for x in lines:
        if x.strip():
            try:
                out.append(json.loads(x))
            except ValueError:
                continue  # a line cut by a crash
    return out


def report(transcript: list[dict[str, Any]], events: list[dict[str, Any]], program_s: float) -> dict[str, Any]:
    utt = {r["id"]: r for r in transcript}
    q_lat: list[float] = []
    distinct: set[tuple[int, str]] = set()  # (minute of the answer, question): distinct within each minute
    sc_wait: list[float] = []
    thanks_wait: list[float] = []
    stale = lost_thanks = unanswered_sc = late_merge = 0
    for e in events:
        t = e.get("t")
        u = utt.get(e.get("utterance") or "")
        heard = u is not None and u.get("first_audio_s") is not None
        if e["kind"] in ("danmaku", "superchat") and e.get("text") and (e["kind"] == "superchat" or is_question(e["text"])):
            if e["fate"] in ("answered", "merged") and heard and t is not None:
                distinct.add((int(u["first_audio_s"] // 60), fold(e["text"])))  # type: ignore[index]
                if u["first_audio_s"] < t:  # type: ignore[index]
                    late_merge += 1  # asked again just after the answer: joined it, not waited for it
                else:
                    q_lat.append(u["first_audio_s"] - t)  # type: ignore[index]
            if (e.get("reason") or "").startswith("stale"):
                stale += 1
        if e["kind"] == "superchat":
            if heard and t is not None:
                sc_wait.append(max(0.0, u["first_audio_s"] - t))  # type: ignore[index]
            elif e["fate"] not in ("blocked",):
                unanswered_sc += 1
        if e["kind"] in _PAID_THANKED:
            if e["fate"] == "thanked" and heard and t is not None:
                thanks_wait.append(max(0.0, u["first_audio_s"] - t))  # type: ignore[index]
            elif e["fate"] == "dropped" and (e.get("reason") or "") != "show ended":
                lost_thanks += 1
    air: Counter[str] = Counter()
    for r in transcript:
        air[r["kind"]] += max(0.0, r["end_s"] - r["start_s"])
    spoken = sum(air.values()) or 1.0
    minutes = max(program_s / 60.0, 1e-9)
    return {
        "question_to_audio_p50_s": _pct(q_lat, 0.5),
        "question_to_audio_p95_s": _pct(q_lat, 0.95),
        "questions_answered": len(q_lat),
        "joined_a_just_given_answer": late_merge,
        "distinct_questions_per_min": round(len(distinct) / minutes, 2),
        "stale_drops": stale,
        "superchat_wait_max_s": max(sc_wait) if sc_wait else None,
        "superchats_unacknowledged": unanswered_sc,
        "thanks_wait_p50_s": _pct(thanks_wait, 0.5),
        "thanks_wait_max_s": round(max(thanks_wait), 2) if thanks_wait else None,
        "thanks_lost": lost_thanks,
        "air_share": {k: round(v / spoken, 3) for k, v in sorted(air.items())},
        "silence_share": round(max(0.0, 1.0 - spoken / max(program_s, 1e-9)), 3),
    }


def decompose(transcript: list[dict[str, Any]], events: list[dict[str, Any]]) -> dict[str, Any]:
    """p50 / p95 of each part of question -> first audio, over answered questions:
    picked (asked -> the director decided its line), written (-> the writer's first guarded
    line), voiced (-> its first audio ready), on_air_wait (-> on air: the line before it)."""
    utt = {r["id"]: r for r in transcript}
    parts: dict[str, list[float]] = {"picked": [], "written": [], "voiced": [], "on_air_wait": []}
    llm_first: list[float] = []
    for e in events:
        t = e.get("t")
        u = utt.get(e.get("utterance") or "")
        if t is None or u is None or u.get("first_audio_s") is None or e["fate"] not in ("answered", "merged"):
            continue
        if not (e.get("text") and (e["kind"] == "superchat" or (e["kind"] == "danmaku" and is_question(e["text"])))):
            continue
        if u["first_audio_s"] < t or "ready_s" not in u or "written_s" not in u:
            continue
        d, w, r, a = u["decided_s"], u["written_s"], u["ready_s"], u["first_audio_s"]
        parts["picked"].append(max(0.0, d - t))
        parts["written"].append(w - d)
        parts["voiced"].append(r - w)
        parts["on_air_wait"].append(max(0.0, a - r))
        if u.get("first_token_s") is not None:
            llm_first.append(u["first_token_s"] - d)
    out: dict[str, Any] = {k: [_pct(v, 0.5), _pct(v, 0.95)] for k, v in parts.items()}
    out["llm_first_token"] = [_pct(llm_first, 0.5), _pct(llm_first, 0.95), len(llm_first)]
    return out


def report_dir(out: Path, program_s: float) -> dict[str, Any]:
    return report(read_jsonl(out / "transcript.jsonl"), read_jsonl(out / "events.jsonl"), program_s)


def decompose_dir(out: Path) -> dict[str, Any]:
    return decompose(read_jsonl(out / "transcript.jsonl"), read_jsonl(out / "events.jsonl"))
