"""BS.1770 loudness, normalisation to -16 LUFS and the peak limiter."""

from __future__ import annotations

import numpy as np
import pytest

from vhost.audio.loudness import (
    MAX_GAIN_DB,
    TARGET_LUFS,
    integrated_loudness,
    kweighting_coefficients,
    limit_peaks,
    normalize,
)


def sine(freq: float, seconds: float, sr: int, amp: float = 1.0) -> np.ndarray:
    return amp * np.sin(2 * np.pi * freq * np.arange(int(seconds * sr)) / sr)


def test_kweighting_matches_the_standard_at_48k() -> None:
    shelf, highpass = kweighting_coefficients(48000)
    # ITU-R BS.1770-4, tables 1 and 2
    assert shelf == pytest.approx((1.53512485958697, -2.69169618940638, 1.19839281085285, -1.69065929318241, 0.73248077421585), abs=1e-12)
    assert highpass == pytest.approx((1.0, -2.0, 1.0, -1.99004745483398, 0.99007225036621), abs=1e-12)


@pytest.mark.parametrize("sr", [22050, 24000, 44100, 48000])
def test_full_scale_997hz_sine_reads_minus_3_lufs(sr: int) -> None:
    assert integrated_loudness(sine(997, 3.0, sr), sr) == pytest.approx(-3.01, abs=0.05)


def test_gates_ignore_silence() -> None:
    sr = 48000
    tone = sine(997, 2.0, sr, 0.1)
    padded = np.concatenate([np.zeros(sr * 4), tone, np.zeros(sr * 4)])
    # blocks straddling the edges pass the relative gate and pull it down a little; the
    # ungated mean square would read 7 dB lower (-30 LUFS)
    assert integrated_loudness(padded, sr) == pytest.approx(integrated_loudness(tone, sr), abs=1.0)
    assert integrated_loudness(np.zeros(sr), sr) == float("-inf")


@pytest.mark.parametrize(("sr", "amp"), [(48000, 0.02), (24000, 0.3), (22050, 0.9), (48000, 0.06)])
def test_normalised_speechlike_signal_is_within_1_lu_of_target(sr: int, amp: float) -> None:
    pcm = speechlike(sr, amp)
    out = normalize(pcm, sr)
    assert out.dtype == np.int16 and len(out) == len(pcm)
    assert abs(integrated_loudness(out, sr) - TARGET_LUFS) <= 1.0
    assert np.max(np.abs(out.astype(np.int32))) <= 32768 * 10 ** (-1 / 20) + 1


def test_gain_is_capped_for_near_silence() -> None:
    pcm = speechlike(48000, 0.0005)
    before = integrated_loudness(pcm, 48000)
    assert integrated_loudness(normalize(pcm, 48000), 48000) == pytest.approx(before + MAX_GAIN_DB, abs=0.1)


def speechlike(sr: int, amp: float) -> np.ndarray:
    rng = np.random.default_rng(7)
    t = np.arange(int(2.5 * sr)) / sr
    # syllable-rate amplitude modulation over a harmonic buzz, like voiced speech
    env = 0.5 + 0.5 * np.sin(2 * np.pi * 4 * t) ** 2
    buzz = sum(np.sin(2 * np.pi * 140 * k * t) / k for k in range(1, 12)) + 0.05 * rng.standard_normal(len(t))
    x = amp * env * buzz / np.max(np.abs(buzz))
    return np.round(x * 32767).astype(np.int16)


def test_limiter_holds_the_ceiling_without_touching_quiet_parts() -> None:
    sr = 48000
    x = sine(200, 1.0, sr, 0.3)
    x[24000:24480] *= 3.0  # a 10 ms burst to 0.9
    y = limit_peaks(x, sr, ceiling_dbfs=-6.0)
    assert np.max(np.abs(y)) <= 10 ** (-6 / 20) + 1e-9
    np.testing.assert_allclose(y[:20000], x[:20000])  # far from the burst: untouched
    # smooth gain: no sample-to-sample jump larger than the signal's own slope allows
    assert np.max(np.abs(np.diff(y))) <= np.max(np.abs(np.diff(x))) + 1e-9


def test_silence_and_empty_input() -> None:
    assert len(normalize(np.zeros(0, np.int16), 48000)) == 0
    quiet = np.zeros(4800, np.int16)
    assert np.array_equal(normalize(quiet, 48000), quiet)
