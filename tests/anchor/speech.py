"""Anchor recordings for tests: real synthesised speech placed at known program times, and
where the speech really is (by energy), to check the show against."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import wave
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from vhost.audio.convert import resample

ESPEAK = shutil.which("espeak-ng")
RATE = 16000


def espeak(text: str, voice: str = "en-us", speed: int = 160) -> np.ndarray:
    """espeak-ng speech at RATE, mono int16."""
    assert ESPEAK is not None
    with tempfile.NamedTemporaryFile(suffix=".wav") as f:
        subprocess.run([ESPEAK, "-v", voice, "-s", str(speed), "-w", f.name, text], check=True, timeout=30)
        with wave.open(f.name) as w:
            pcm, sr = np.frombuffer(w.readframes(w.getnframes()), np.int16), w.getframerate()
    return resample(pcm, sr, RATE)


def voiced(pcm: np.ndarray, rate: int = RATE, frame_s: float = 0.01, db: float = -40.0) -> np.ndarray:
    """Per 10 ms frame: True where the audio is louder than `db` dBFS."""
    n = int(rate * frame_s)
    frames = pcm[: len(pcm) // n * n].astype(np.float32).reshape(-1, n)
    return np.sqrt((frames**2).mean(axis=1)) > 32768 * 10 ** (db / 20)


def runs(mask: np.ndarray, frame_s: float = 0.01, merge_s: float = 0.0) -> list[tuple[float, float]]:
    """(start, end) seconds of True runs, joining runs closer than merge_s."""
    out: list[list[float]] = []
    edges = np.flatnonzero(np.diff(np.concatenate([[0], mask.astype(np.int8), [0]])))
    for a, b in zip(edges[::2], edges[1::2], strict=True):
        s, e = a * frame_s, b * frame_s
        if out and s - out[-1][1] < merge_s:
            out[-1][1] = e
        else:
            out.append([s, e])
    return [(s, e) for s, e in out]


def anchor_wav(
    path: Path, turns: Sequence[tuple[float, np.ndarray]], duration_s: float, noise_db: float = -65.0, seed: int = 7, db: float = -40.0
) -> list[tuple[float, float]]:
    """Write a RATE mono WAV with each (start, speech) placed at its start over faint noise;
    returns where the speech is (runs louder than `db` dBFS joined across gaps under 0.5 s)."""
    pcm = np.zeros(int(duration_s * RATE), np.float32)
    for start, speech in turns:
        i = int(start * RATE)
        part = speech[: max(0, len(pcm) - i)]
        pcm[i : i + len(part)] += part
    truth = runs(voiced(pcm.astype(np.int16), db=db), merge_s=0.5)
    pcm += np.random.default_rng(seed).normal(0, 32768 * 10 ** (noise_db / 20), len(pcm)).astype(np.float32)
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(np.clip(pcm, -32768, 32767).astype("<i2").tobytes())
    return truth
