"""ffprobe/ffmpeg read-backs for encoder tests: what is actually in the recorded file."""

from __future__ import annotations

import itertools
import json
import subprocess
from pathlib import Path

import numpy as np

RATE = 8000  # decode rate for loudness checks


def streams(path: Path) -> list[str]:
    out = subprocess.run(
        ["ffprobe", "-v", "error", "-show_entries", "stream=codec_type", "-of", "json", str(path)],
        capture_output=True,
        check=True,
        text=True,
    ).stdout
    return [s["codec_type"] for s in json.loads(out)["streams"]]


def packet_times(path: Path, kind: str = "a") -> list[tuple[float, float]]:
    """(pts, duration) of every packet of the first audio ("a") or video ("v") stream."""
    out = subprocess.run(
        [
            "ffprobe",
            "-v",
            "error",
            "-select_streams",
            f"{kind}:0",
            "-show_entries",
            "packet=pts_time,duration_time",
            "-of",
            "csv=p=0",
            str(path),
        ],
        capture_output=True,
        check=True,
        text=True,
    ).stdout
    rows = []
    for line in out.splitlines():
        parts = line.strip().strip(",").split(",")
        if len(parts) >= 2 and parts[0] not in ("", "N/A"):
            rows.append((float(parts[0]), float(parts[1]) if parts[1] not in ("", "N/A") else 0.0))
    return rows


def audio_duration(path: Path) -> float:
    pk = packet_times(path, "a")
    return pk[-1][0] + pk[-1][1] - pk[0][0]


def max_gap(path: Path, kind: str = "a") -> float:
    pts = [p for p, _ in packet_times(path, kind)]
    return max(b - a for a, b in itertools.pairwise(pts))


def decode(path: Path) -> np.ndarray:
    raw = subprocess.run(
        ["ffmpeg", "-v", "error", "-i", str(path), "-map", "0:a:0", "-f", "s16le", "-ac", "1", "-ar", str(RATE), "-"],
        capture_output=True,
        check=True,
    ).stdout
    return np.frombuffer(raw, dtype="<i2").astype(np.float64)


def rms(samples: np.ndarray, t0: float, t1: float) -> float:
    seg = samples[int(t0 * RATE) : int(t1 * RATE)]
    return float(np.sqrt(np.mean(seg**2))) if len(seg) else 0.0
