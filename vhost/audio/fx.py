"""Small program-audio effects: edge fades against clicks and a music bed ducked under speech.

A sentence that starts or stops on a non-zero sample is a step, heard as a click; a 5 ms
raised-cosine ramp at each end removes it. The music bed is decoded once, looped with a
crossfaded seam, and mixed per 20 ms frame by the stage; its gain glides to the ducked level
while the host speaks (attack) and back afterwards (release), sample by sample.
"""

from __future__ import annotations

import math
import subprocess
from pathlib import Path

import numpy as np

from vhost.errors import ConfigError

FADE_MS = 5.0


def _ramp(n: int) -> np.ndarray:
    """0 -> 1 raised cosine over n samples (first sample 0, last just under 1)."""
    return 0.5 - 0.5 * np.cos(np.pi * np.arange(n) / n)


def fade(pcm: np.ndarray, sr: int, in_ms: float = FADE_MS, out_ms: float = FADE_MS) -> np.ndarray:
    """A copy of int16 (or float) mono audio with short fades at both ends."""
    out = np.array(pcm, copy=True).reshape(-1)
    n = len(out)
    if n == 0:
        return out
    work = out.astype(np.float64)
    n_in = min(n // 2, int(sr * in_ms / 1000))
    n_out = min(n - n_in, int(sr * out_ms / 1000))
    if n_in:
        work[:n_in] *= _ramp(n_in)
    if n_out:
        work[n - n_out :] *= _ramp(n_out)[::-1]
    if out.dtype == np.int16:
        return np.clip(np.round(work), -32768, 32767).astype(np.int16)
    return work.astype(out.dtype)


def db_to_gain(db: float) -> float:
    return 10 ** (db / 20)


def decode_audio_file(path: str | Path, sr: int, max_s: float) -> np.ndarray:
    """Any file ffmpeg reads (WAV, MP3, ...) as int16 mono at sr, at most max_s seconds."""
    p = Path(path)
    if not p.is_file():
        raise ConfigError(f"music bed {p}: file not found")
    args = ["ffmpeg", "-hide_banner", "-loglevel", "error", "-i", str(p), "-t", f"{max_s:.3f}"]
    args += ["-f", "s16le", "-ac", "1", "-ar", str(sr), "pipe:1"]
    try:
        res = subprocess.run(args, capture_output=True, timeout=120, check=False)
    except FileNotFoundError:
        raise ConfigError(f"music bed {p}: ffmpeg is not installed", fix="sudo apt-get install ffmpeg") from None
    except subprocess.TimeoutExpired:
        raise ConfigError(f"music bed {p}: decoding took over 120 s") from None
    if res.returncode != 0:
        last = (res.stderr.decode(errors="replace").strip().splitlines() or ["unknown error"])[-1]
        raise ConfigError(f"music bed {p}: cannot decode ({last[:160]})")
    pcm = np.frombuffer(res.stdout[: len(res.stdout) // 2 * 2], dtype="<i2").astype(np.int16)
    if len(pcm) < sr // 10:
        raise ConfigError(f"music bed {p}: no audio (or shorter than 0.1 s)")
    return pcm


def loopable(pcm: np.ndarray, sr: int, seam_ms: float = 50.0) -> np.ndarray:
    """Fold the tail over the head with a crossfade so the loop point is continuous."""
    x = pcm.astype(np.float32)
    n = min(len(x) // 4, int(sr * seam_ms / 1000))
    if n < 2:
        return x
    ramp = _ramp(n).astype(np.float32)
    body = x[:-n].copy()
    body[:n] = x[:n] * ramp + x[-n:] * ramp[::-1]
    return body


class MusicBed:
    """Background music under the host. `mix` is called once per program frame."""

    def __init__(
        self,
        pcm: np.ndarray,
        sr: int,
        *,
        level_db: float = -18.0,
        duck_db: float = -14.0,
        attack_ms: float = 80.0,
        release_ms: float = 600.0,
    ) -> None:
        if len(pcm) == 0:
            raise ConfigError("music bed: no audio")
        self.sr = sr
        self._loop = loopable(np.asarray(pcm).reshape(-1), sr)
        self._pos = 0
        self.level_db = level_db
        self.duck_db = duck_db
        self._a_attack = math.exp(-1.0 / max(1e-6, sr * attack_ms / 1000))
        self._a_release = math.exp(-1.0 / max(1e-6, sr * release_ms / 1000))
        self._gain = db_to_gain(level_db)

    @classmethod
    def load(
        cls,
        path: str | Path,
        sr: int = 48000,
        *,
        max_s: float = 600.0,
        level_db: float = -18.0,
        duck_db: float = -14.0,
        attack_ms: float = 80.0,
        release_ms: float = 600.0,
    ) -> MusicBed:
        """Decode once (bounded to max_s seconds) and keep it in memory."""
        pcm = decode_audio_file(path, sr, max_s)
        return cls(pcm, sr, level_db=level_db, duck_db=duck_db, attack_ms=attack_ms, release_ms=release_ms)

    @property
    def gain_db(self) -> float:
        return 20 * math.log10(max(self._gain, 1e-9))

    def target_gain(self, speaking: bool) -> float:
        return db_to_gain(self.level_db + (self.duck_db if speaking else 0.0))

    def next_chunk(self, n: int) -> np.ndarray:
        idx = (self._pos + np.arange(n)) % len(self._loop)
        self._pos = (self._pos + n) % len(self._loop)
        return self._loop[idx]

    def mix(self, frame: np.ndarray, speaking: bool) -> np.ndarray:
        """frame (int16 mono) plus the bed at its smoothed gain, as int16. The one-pole glide
        toward the target has a closed form per frame: g[k] = t + (g0 - t) * a**(k+1)."""
        n = len(frame)
        if n == 0:
            return np.asarray(frame, dtype=np.int16)
        target = self.target_gain(speaking)
        a = self._a_attack if target < self._gain else self._a_release
        gains = target + (self._gain - target) * a ** np.arange(1, n + 1, dtype=np.float64)
        self._gain = float(gains[-1])
        out = frame.astype(np.float32) + self.next_chunk(n) * gains.astype(np.float32)
        return np.clip(np.round(out), -32768, 32767).astype(np.int16)
