"""A whole show in --fast next to an anchor recording with speech at known times (real
espeak-ng speech, the real VAD, stage, director and writer, a scripted LLM): the program
never speaks over the anchor for more than 200 ms, and speaks again after the gap."""

from __future__ import annotations

import json
import wave
from pathlib import Path

import numpy as np
import pytest

from tests.anchor.speech import ESPEAK, anchor_wav, espeak, voiced
from tests.fakes.fake_llm import FakeLLM, Reply
from vhost.clock import FastClock
from vhost.cohost.config import CohostConfig
from vhost.show import Show, ShowConfig

pytestmark = pytest.mark.skipif(ESPEAK is None, reason="espeak-ng not installed")
PERSONA = Path("personas/tech_reviewer.yaml")
CHAT = Path("personas/samples/tech_chat.jsonl")
TURNS = (6.0, 14.3, 23.7, 31.1, 38.5)  # the anchor starts talking at these program times
LINE = "Hello everyone, let me jump in here for a moment, thanks."


def program(out: Path) -> np.ndarray:
    with wave.open(str(out / "program.wav")) as w:
        return np.frombuffer(w.readframes(w.getnframes()), np.int16)


async def show_with_anchor(tmp_path: Path, duration: float = 45.0, **cohost):
    speech = espeak(LINE)
    truth = anchor_wav(tmp_path / "anchor.wav", [(t, speech) for t in TURNS], duration)
    clock = FastClock()
    cfg = ShowConfig(persona=PERSONA, sources=[f"replay:{CHAT}"], out=tmp_path / "out", duration_s=duration, watch=False,
                     cohost=CohostConfig(anchor_audio=f"wav:{tmp_path / 'anchor.wav'}", anchor_asr=None, **cohost))  # fmt: skip
    show = Show(cfg, llm=FakeLLM(clock, [], default=Reply.text("X1 單次續航 8 小時。")), clock=clock, busy_llm=False)
    result = await show.run()
    rows = [json.loads(x) for x in (tmp_path / "out" / "transcript.jsonl").read_text(encoding="utf-8").splitlines()]
    return show, result, truth, rows


@pytest.mark.parametrize("mode", ["fade", "clause"])
async def test_program_never_talks_over_the_anchor(tmp_path, mode):
    show, result, truth, rows = await show_with_anchor(tmp_path, anchor_yield=mode)
    assert len(truth) == len(TURNS)
    ai = voiced(program(tmp_path / "out"), 48000)  # the anchor is not mixed in: this is the AI alone
    for start, end in truth:
        a, b = int(start * 100), int(end * 100)
        over = ai[a + 20 : b].sum() * 10
        assert over == 0, f"the AI spoke {over} ms over the anchor's turn {start:.2f}-{end:.2f} s after the first 200 ms"
        assert ai[a : a + 20].sum() * 10 <= 200
    yielded = [r for r in rows if r.get("interrupted") == "yielded to the anchor"]
    assert yielded, "the anchor never started over the AI: the check above proved nothing"
    for r in yielded:
        assert any(s <= r["end_s"] <= s + 0.2 + 0.03 for s, _ in truth), f"{r['id']} ended at {r['end_s']}, not within 200 ms of a turn"
    # after each turn the AI waits the resume gap, and then it does speak again
    for _start, end in truth[:-1]:
        a, b = int(end * 100), int((end + 0.8) * 100) - 2
        assert ai[a:b].sum() == 0, f"the AI came back before the 0.8 s gap after {end:.2f} s"
    assert ai[int(truth[0][1] * 100) : int(truth[1][0] * 100)].any(), "the AI never spoke again between turns"
    stats = result.stats["cohost"]["anchor"]
    assert stats["turns"] == len(TURNS) and stats["yield_ms_max"] <= 200


async def test_anchor_voice_mixed_into_the_program_only_when_asked(tmp_path):
    show, result, truth, rows = await show_with_anchor(tmp_path, duration=20.0, anchor_mix=True)
    mixed = voiced(program(tmp_path / "out"), 48000)
    start, end = truth[0]
    inside = mixed[int(start * 100) + 10 : int(end * 100) - 10]
    assert inside.mean() > 0.6, "the anchor's speech is missing from the program"
    # the voice is placed where it was said, a jitter buffer's length late at most: the lag
    # that best lines up the program's loudness with the recording's
    env = lambda pcm, rate: np.sqrt((pcm[: len(pcm) // (rate // 100) * (rate // 100)].astype(np.float32).reshape(-1, rate // 100) ** 2).mean(axis=1))  # noqa: E731
    prog = env(program(tmp_path / "out"), 48000)
    with wave.open(str(tmp_path / "anchor.wav")) as w:
        rec = env(np.frombuffer(w.readframes(w.getnframes()), np.int16), 16000)
    a, b = int(start * 100) + 25, int(end * 100)  # past the first 200 ms: the AI is silent here
    lags = range(0, 20)
    score = [float(np.corrcoef(prog[a + k : b + k], rec[a:b])[0, 1]) for k in lags]
    best = int(np.argmax(score))
    assert score[best] > 0.8 and best * 10 <= 120, f"best lag {best * 10} ms (correlation {score[best]:.2f})"
