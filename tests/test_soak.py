"""An unmanned half hour on the program clock: a seeded 3,000-event flood (spam, abuse,
injections, gifts, likes) against a backend that misbehaves on purpose (forbidden claims,
errors, stalls). Nothing forbidden is said, nothing is lost, the timeline never breaks and
the host never falls silent for long."""

from __future__ import annotations

import itertools
import json
import wave
from pathlib import Path

import numpy as np
import pytest

from tests.fakes.fake_llm import FakeLLM, Reply
from tests.intake.flood import flood_lines
from tests.tts.engines import ScriptedTTS
from vhost.clock import FastClock
from vhost.show import Show, ShowConfig

FORBIDDEN = ("全網最低", "國家級", "99元", "微信", "Traceback", "HTTP 500")


@pytest.mark.timeout(300)
async def test_half_hour_unmanned_flood(tmp_path: Path) -> None:
    seconds, n = 1800.0, 3000
    chat = tmp_path / "flood.jsonl"
    chat.write_text("\n".join(flood_lines(seed=7, n=n, seconds=seconds - 60)) + "\n", encoding="utf-8")
    clock = FastClock()
    behaviours = itertools.cycle([
        Reply.text("X1 單次續航 8 小時，加充電盒一共 30 小時。"),
        Reply.text("家人們，全網最低價只要99元！加微信 vx888888。"),
        Reply(deltas=("X1",), error_after=1, error="Traceback: HTTP 500 Internal Server Error"),
        Reply.text("國家級認證，第一品牌！"),
        Reply.text("P65 是 65 瓦。", first_delay=30.0),  # stalls past the first-token deadline
    ])
    llm = FakeLLM(clock, lambda _messages: next(behaviours))
    cfg = ShowConfig(persona=Path("personas/tech_reviewer.yaml"), sources=[f"replay:{chat}"], out=tmp_path / "out",
                     duration_s=seconds, watch=False, pitch_every_s=20.0)  # fmt: skip
    show = Show(cfg, llm=llm, tts=ScriptedTTS("tone", seconds=1.2), clock=clock, busy_llm=False)
    result = await show.run()
    out = tmp_path / "out"

    with wave.open(str(out / "program.wav")) as w:
        assert w.getnframes() == int(seconds * 48000)  # one continuous timeline, to the sample
    events = [json.loads(x) for x in (out / "events.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [e["index"] for e in events] == list(range(len(events))) and len(events) >= n
    assert all(e["fate"] in {"answered", "merged", "thanked", "dropped", "blocked"} for e in events)
    counts = result.counts
    assert counts["answered"] > 50 and counts["blocked"] > 50 and counts["thanked"] > 20

    rows = [json.loads(x) for x in (out / "transcript.jsonl").read_text(encoding="utf-8").splitlines()]
    said = "".join(r["text"] for r in rows)
    subs = "".join(json.loads(x).get("text", "") for x in (out / "cues.jsonl").read_text(encoding="utf-8").splitlines())
    for bad in FORBIDDEN:
        assert bad not in said and bad not in subs, bad
    assert any(r.get("guard") for r in rows)  # the forbidden path was really exercised
    gaps = [b["start_s"] - a["end_s"] for a, b in itertools.pairwise(rows)]
    assert max(gaps) < 15.0  # never silent for long while the room is busy
    assert rows[-1]["end_s"] > seconds - 30
    # and the sound itself: an utterance "on air" that never gets its audio is silence too
    with wave.open(str(out / "program.wav")) as w:
        pcm = np.frombuffer(w.readframes(w.getnframes()), np.int16)
    loud = np.abs(pcm.reshape(-1, 4800)).max(axis=1) > 0  # 100 ms windows with any sound
    quiet = longest = 0
    for on in loud:
        quiet = 0 if on else quiet + 1
        longest = max(longest, quiet)
    assert longest * 0.1 < 15.0, f"{longest * 0.1:.1f} s of silence"
    assert counts["thanked"] > 150  # every batch of gifts thanked (none dropped at the end)
    assert not [e for e in events if e["kind"] == "superchat" and e["fate"] == "dropped"]
