"""The stage and the floor on a virtual clock: the AI is silent within the deadline after the
anchor starts (fade at once, or at a pause in time), starts nothing while the anchor talks,
and speaks again after the resume gap."""

from __future__ import annotations

import numpy as np
import pytest

from tests.stage.test_stage import run_stage, tone, utt
from vhost.anchor.yielding import Floor, YieldPolicy
from vhost.stage.stage import Stage
from vhost.stage.utterance import Lineup, Piece, Utterance


def loud_until(audio, db: float = -40.0) -> float:
    """Program time of the end of the last frame with sound."""
    pcm = np.frombuffer(b"".join(f for _, f in audio.frames), np.int16).astype(np.float32)
    n = 480  # 10 ms
    rms = np.sqrt((pcm[: len(pcm) // n * n].reshape(-1, n) ** 2).mean(axis=1))
    loud = np.flatnonzero(rms > 32768 * 10 ** (db / 20))
    return (loud[-1] + 1) * 0.01 if len(loud) else 0.0


def voiced_between(audio, a: float, b: float) -> float:
    pcm = np.frombuffer(b"".join(f for _, f in audio.frames), np.int16).astype(np.float32)
    seg = pcm[int(a * 48000) : int(b * 48000)]
    n = 480
    rms = np.sqrt((seg[: len(seg) // n * n].reshape(-1, n) ** 2).mean(axis=1))
    return float((rms > 32768 * 10**-2).sum() * 0.01)


def with_floor(floor: Floor, events):
    """A `during` for run_stage: floor changes at program times [(t, 'start'|'end')]."""

    async def during(clock, stage: Stage) -> None:
        stage.floor = floor
        for t, kind in events:
            await clock.sleep_until(t)
            if kind == "start":
                floor.anchor_started(t - 0.06, t)  # decided three frames after the onset
            else:
                floor.anchor_stopped(t)

    return during


async def test_fade_yields_at_once():
    lineup = Lineup(lookahead=2)
    lineup.add(utt("pitch", ("長句", 5.0)))
    floor = Floor(YieldPolicy("fade"))
    stage, audio, cues, done = await run_stage(lineup, 4.0, during=with_floor(floor, [(1.0, "start")]))
    silent = loud_until(audio)
    assert 0.94 < silent <= 0.94 + 0.2, f"still speaking at {silent} s, the anchor began at 0.94 s"
    assert done[0].interrupt_reason == "yielded to the anchor"
    assert floor.stats()["yields"] == 1 and floor.stats()["yield_ms_max"] <= 200


async def test_clause_waits_for_a_pause_that_comes_in_time():
    pcm = np.concatenate([tone(1.1), np.zeros(int(48000 * 0.12), np.int16), tone(2.0)])
    u = Utterance("pitch", utt("pitch").job)
    u.pieces.put_nowait(Piece(pcm=pcm, text="第一句，第二句", lang="zh"))
    u.pieces.put_nowait(None)
    lineup = Lineup(lookahead=2)
    lineup.add(u)
    floor = Floor(YieldPolicy("clause", within_s=0.2))
    stage, audio, cues, done = await run_stage(lineup, 4.0, during=with_floor(floor, [(1.0, "start")]))
    silent = loud_until(audio)
    assert silent == pytest.approx(1.1, abs=0.011), "the clause ends at 1.1 s, inside the 0.2 s the anchor allows"
    assert u.interrupt_reason == "yielded to the anchor" and u.partial == "第一句，第二句"


async def test_clause_without_a_pause_fades_at_the_deadline():
    lineup = Lineup(lookahead=2)
    lineup.add(utt("pitch", ("長句", 5.0)))
    floor = Floor(YieldPolicy("clause", within_s=0.2))
    stage, audio, cues, done = await run_stage(lineup, 4.0, during=with_floor(floor, [(1.0, "start")]))
    silent = loud_until(audio)
    assert 0.94 + 0.1 < silent <= 0.94 + 0.2 + 0.01


async def test_nothing_starts_while_the_anchor_talks_and_speech_resumes_after_the_gap():
    lineup = Lineup(lookahead=4)
    floor = Floor(YieldPolicy("fade", resume_s=0.8))

    async def during(clock, stage):
        stage.floor = floor
        floor.anchor_started(0.5, 0.56)
        await clock.sleep_until(1.0)
        lineup.add(utt("reply", ("回覆", 1.0)))  # ready while the anchor talks
        await clock.sleep_until(2.0)
        floor.anchor_stopped(2.0)

    stage, audio, cues, done = await run_stage(lineup, 5.0, during=during)
    assert voiced_between(audio, 0.0, 2.8) == 0.0, "the AI spoke over the anchor or inside the resume gap"
    assert done and done[0].start_s == pytest.approx(2.8, abs=0.021)
    assert voiced_between(audio, 2.8, 3.8) > 0.9
    assert floor.stats()["held_back_s"] >= 1.7
