"""The pacing figures the show summary, `make demo` and the pacing benchmark print."""

from __future__ import annotations

from vhost.commands.run import pacing_lines
from vhost.pacing import report


def _u(uid: str, kind: str, start: float, end: float) -> dict:
    return {"id": uid, "kind": kind, "start_s": start, "end_s": end, "first_audio_s": start}


def test_report_counts_waits_staleness_and_lost_thanks() -> None:
    transcript = [_u("r1", "reply", 4.0, 7.0), _u("r2", "reply", 20.0, 22.0), _u("t1", "thanks", 30.0, 33.0), _u("p1", "pitch", 40.0, 50.0)]
    events = [
        {"kind": "danmaku", "text": "耳機多少錢？", "t": 1.0, "fate": "answered", "utterance": "r1"},
        {"kind": "danmaku", "text": "耳機多少錢？", "t": 5.0, "fate": "merged", "utterance": "r1"},  # joined an answer on air
        {"kind": "superchat", "text": "防水嗎", "t": 10.0, "fate": "answered", "utterance": "r2"},
        {"kind": "danmaku", "text": "續航多久？", "t": 2.0, "fate": "dropped", "reason": "stale: older than 20 s"},
        {"kind": "gift", "text": "", "t": 25.0, "fate": "thanked", "utterance": "t1"},
        {"kind": "gift", "text": "", "t": 26.0, "fate": "dropped", "reason": "pool overflow: thanks backlog full"},
        {"kind": "gift", "text": "", "t": 59.0, "fate": "dropped", "reason": "show ended"},
        {"kind": "danmaku", "text": "哈哈哈", "t": 3.0, "fate": "dropped", "reason": "not a question"},
    ]
    r = report(transcript, events, program_s=60.0)
    assert r["question_to_audio_p50_s"] == 3.0 and r["question_to_audio_p95_s"] == 10.0
    assert r["questions_answered"] == 2 and r["joined_a_just_given_answer"] == 1
    assert r["distinct_questions_per_min"] == 2.0  # 耳機多少錢 once, 防水嗎
    assert r["stale_drops"] == 1 and r["superchat_wait_max_s"] == 10.0 and r["superchats_unacknowledged"] == 0
    assert r["thanks_wait_p50_s"] == 5.0 and r["thanks_lost"] == 1  # the show's end is not a loss
    assert r["air_share"] == {"pitch": 0.556, "reply": 0.278, "thanks": 0.167}
    assert r["silence_share"] == 0.7

    lines = pacing_lines(r)
    assert lines[0].startswith("  pace:   question → first audio p50 3.0 s, p95 10.0 s (2 answered)")
    assert "superchats acknowledged within 10.0 s" in lines[1] and "1 thanks lost" in lines[1]
    assert lines[2] == "  air:    pitch 56%, reply 28%, thanks 17%; silence 70%"


def test_a_superchat_never_heard_is_reported() -> None:
    r = report([], [{"kind": "superchat", "text": "在嗎", "t": 1.0, "fate": "dropped", "reason": "superchat deadline missed"}], 30.0)
    assert r["superchats_unacknowledged"] == 1 and r["question_to_audio_p50_s"] is None
    assert "1 superchats not acknowledged" in pacing_lines(r)[0]
