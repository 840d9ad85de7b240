"""Loudness normalisation so every sentence, whichever engine spoke it, sits at one level.

Target: -16 LUFS integrated per sentence (ITU-R BS.1770-4: K-weighting, 400 ms blocks with
75 % overlap, -70 LUFS absolute and -10 LU relative gates), then a look-ahead peak limiter
holding samples under -1 dBFS. Clips shorter than one block are measured as a single block.

The two K-weighting biquads are designed for any sample rate from the standard's analog
prototype and applied as their (cached) impulse response through an FFT convolution, which
keeps it exact to float precision and fast in numpy without scipy.
"""

from __future__ import annotations

import functools
import math

import numpy as np

TARGET_LUFS = -16.0
CEILING_DBFS = -1.0
MAX_GAIN_DB = 30.0  # never lift near-silence into audible noise
_IR_SECONDS = 0.25  # the slower (38 Hz) pole decays below 1e-20 well within this


def kweighting_coefficients(sr: int) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """((b0,b1,b2,a1,a2) shelf, (b0,b1,b2,a1,a2) high-pass), a0 normalised to 1."""
    f0, gain_db, q = 1681.974450955533, 3.999843853973347, 0.7071752369554196
    k = math.tan(math.pi * f0 / sr)
    vh = 10 ** (gain_db / 20)
    vb = vh**0.4996667741545416
    a0 = 1 + k / q + k * k
    shelf = (
        (vh + vb * k / q + k * k) / a0,
        2 * (k * k - vh) / a0,
        (vh - vb * k / q + k * k) / a0,
        2 * (k * k - 1) / a0,
        (1 - k / q + k * k) / a0,
    )
    f0, q = 38.13547087602444, 0.5003270373238773
    k = math.tan(math.pi * f0 / sr)
    a0 = 1 + k / q + k * k
    highpass = (1.0, -2.0, 1.0, 2 * (k * k - 1) / a0, (1 - k / q + k * k) / a0)
    return shelf, highpass


def _biquad(x: list[float], c: tuple[float, ...]) -> list[float]:
    b0, b1, b2, a1, a2 = c
    y: list[float] = []
    x1 = x2 = y1 = y2 = 0.0
    for v in x:
        out = b0 * v + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2
        x2, x1, y2, y1 = x1, v, y1, out
        y.append(out)
    return y


@functools.lru_cache(maxsize=8)
def kweighting_ir(sr: int) -> np.ndarray:
    n = int(sr * _IR_SECONDS)
    shelf, highpass = kweighting_coefficients(sr)
    impulse = [1.0] + [0.0] * (n - 1)
    ir = np.asarray(_biquad(_biquad(impulse, shelf), highpass), dtype=np.float64)
    ir.setflags(write=False)
    return ir


def kweight(x: np.ndarray, sr: int) -> np.ndarray:
    """K-weighted signal (same length), x as float in [-1, 1]."""
    if len(x) == 0:
        return np.zeros(0)
    ir = kweighting_ir(sr)
    n = len(x) + len(ir) - 1
    size = 1 << (n - 1).bit_length()
    y = np.fft.irfft(np.fft.rfft(x, size) * np.fft.rfft(ir, size), size)
    return y[: len(x)]


def to_float(pcm: np.ndarray) -> np.ndarray:
    if pcm.dtype == np.int16:
        return pcm.astype(np.float64) / 32768.0
    return pcm.astype(np.float64, copy=False)


def integrated_loudness(pcm: np.ndarray, sr: int) -> float:
    """BS.1770-4 integrated loudness in LUFS of a mono signal (int16 or float); -inf if silent."""
    y = kweight(to_float(pcm).reshape(-1), sr)
    if len(y) == 0:
        return float("-inf")
    block, step = round(0.4 * sr), round(0.1 * sr)
    energy = np.concatenate([[0.0], np.cumsum(y * y)])
    if len(y) <= block:
        z = np.array([energy[-1] / len(y)])
    else:
        starts = np.arange(0, len(y) - block + 1, step)
        z = (energy[starts + block] - energy[starts]) / block
    with np.errstate(divide="ignore"):
        lj = -0.691 + 10 * np.log10(z)
    gated = z[lj > -70.0]
    if len(gated) == 0:
        return float("-inf")
    relative = -0.691 + 10 * math.log10(float(gated.mean())) - 10.0
    final = z[(lj > -70.0) & (lj > relative)]
    return -0.691 + 10 * math.log10(float(final.mean()))


def _running_min(x: np.ndarray, width: int) -> np.ndarray:
    """out[i] = min(x[i : i + width]) in O(n) (van Herk / Gil-Werman)."""
    n = len(x)
    pad = (-n) % width
    blocks = np.concatenate([x, np.full(pad + width, np.inf)]).reshape(-1, width)
    fwd = np.minimum.accumulate(blocks, axis=1).reshape(-1)
    bwd = np.minimum.accumulate(blocks[:, ::-1], axis=1)[:, ::-1].reshape(-1)
    idx = np.arange(n - width + 1)
    return np.minimum(bwd[idx], fwd[idx + width - 1])


def limit_peaks(x: np.ndarray, sr: int, ceiling_dbfs: float = CEILING_DBFS, lookahead_ms: float = 5.0) -> np.ndarray:
    """Smooth gain reduction so |sample| <= ceiling: the gain at n is the mean over the last
    w samples of a window minimum that already covers n, so it never exceeds what n needs
    and moves over w samples (no clicks, no overshoot)."""
    ceiling = 10 ** (ceiling_dbfs / 20)
    peak = float(np.max(np.abs(x))) if len(x) else 0.0
    if peak <= ceiling:
        return x
    w = max(1, int(sr * lookahead_ms / 1000))
    mag = np.abs(x)
    need = np.where(mag > ceiling, ceiling / np.maximum(mag, 1e-12), 1.0)
    padded = np.concatenate([np.ones(2 * w - 2), need, np.ones(w - 1)])
    m = _running_min(padded, 2 * w - 1)  # m[j] = min(need[j - 2w + 2 .. j]): centred on j - w + 1
    c = np.concatenate([[0.0], np.cumsum(m)])
    gain = (c[w:] - c[:-w]) / w
    out = x * gain[: len(x)]
    return np.clip(out, -ceiling, ceiling)


def normalize(
    pcm: np.ndarray,
    sr: int,
    target_lufs: float = TARGET_LUFS,
    ceiling_dbfs: float = CEILING_DBFS,
    max_gain_db: float = MAX_GAIN_DB,
) -> np.ndarray:
    """int16 mono at target_lufs (gain capped at max_gain_db), peaks limited to ceiling_dbfs."""
    x = to_float(pcm).reshape(-1)
    level = integrated_loudness(x, sr)
    if not math.isfinite(level):
        return np.asarray(pcm, dtype=np.int16).reshape(-1).copy()
    gain_db = min(max_gain_db, target_lufs - level)
    y = limit_peaks(x * 10 ** (gain_db / 20), sr, ceiling_dbfs)
    return np.clip(np.round(y * 32768.0), -32768, 32767).astype(np.int16)
