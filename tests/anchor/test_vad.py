"""Voice activity on real synthesised speech: turns start near the true onset, a click or
room noise starts nothing, and the resampler joins chunks without seams."""

from __future__ import annotations

import numpy as np
import pytest

from tests.anchor.speech import ESPEAK, RATE, espeak, runs, voiced
from vhost.anchor.vad import FRAME_S, StreamResampler, VoiceActivity

pytestmark = pytest.mark.skipif(ESPEAK is None, reason="espeak-ng not installed")


def feed(vad: VoiceActivity, pcm: np.ndarray, chunk_s: float = 0.02, t0: float = 0.0):
    n = int(RATE * chunk_s)
    turns = []
    for i in range(0, len(pcm), n):
        turns += vad.feed(pcm[i : i + n], t0 + i / RATE)
    return turns


def test_turns_follow_the_speech():
    speech = espeak("Hello everyone, I will take this question myself.")
    pcm = np.concatenate([np.zeros(RATE), speech, np.zeros(RATE)])
    truth = runs(voiced(pcm), merge_s=0.5)
    assert len(truth) == 1
    onset, end = truth[0]
    turns = feed(VoiceActivity(end_s=0.4), pcm, t0=10.0)
    assert [t.kind for t in turns] == ["start", "end"]
    start, stop = turns
    assert abs(start.t - (10.0 + onset)) <= 0.04, "the onset is the first speech frame, not when it was decided"
    assert start.detected_s - start.t <= 0.1, "three speech frames decide a turn"
    assert abs(stop.t - (10.0 + end)) <= 0.15  # the speech fades under -40 dBFS before the detector gives up at -50
    assert stop.detected_s - stop.t == pytest.approx(0.4, abs=0.05)


def test_a_click_and_room_noise_start_nothing():
    rng = np.random.default_rng(1)
    noise = rng.normal(0, 30, 3 * RATE).astype(np.int16)  # about -60 dBFS
    click = noise.copy()
    click[RATE : RATE + 160] = 20000  # 10 ms
    assert feed(VoiceActivity(), noise) == []
    assert feed(VoiceActivity(), click) == []


def test_speech_split_across_odd_chunks_gives_the_same_turns():
    speech = espeak("Quick question for the chat.")
    pcm = np.concatenate([np.zeros(RATE // 2), speech, np.zeros(RATE)])
    a = feed(VoiceActivity(), pcm, chunk_s=0.02)
    b = feed(VoiceActivity(), pcm, chunk_s=0.0137)
    assert [(t.kind, round(t.t, 2)) for t in a] == [(t.kind, round(t.t, 2)) for t in b]
    assert a and a[0].t == pytest.approx(round(a[0].t / FRAME_S) * FRAME_S, abs=1e-6)


@pytest.mark.parametrize(("src", "dst"), [(48000, 16000), (16000, 48000), (44100, 16000)])
def test_stream_resampler_is_seamless(src, dst):
    t = np.arange(src) / src
    tone = (np.sin(2 * np.pi * 440 * t) * 10000).astype(np.int16)
    r = StreamResampler(src, dst)
    parts = [r(tone[i : i + 777]) for i in range(0, len(tone), 777)]
    out = np.concatenate(parts).astype(np.float32)
    assert abs(len(out) - dst) <= 2
    want = np.sin(2 * np.pi * 440 * np.arange(len(out)) / dst) * 10000
    assert np.max(np.abs(out - want)) < 0.05 * 10000 * (2 if dst < src else 1), "a seam or a phase error between chunks"
