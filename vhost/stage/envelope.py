"""Mouth-open values from the audio actually played, one per 20 ms frame.

Computed from the very samples written to the sinks, so a mouth cue and its sound share
a timestamp by construction; silence always reads 0.
"""

from __future__ import annotations

import numpy as np

FLOOR_DB = -45.0  # at or below: mouth closed
FULL_DB = -15.0  # at or above: mouth fully open


def frame_rms_db(frame: np.ndarray) -> float:
    if frame.size == 0:
        return -120.0
    x = frame.astype(np.float32) / 32768.0
    rms = float(np.sqrt(np.mean(x * x)))
    return 20.0 * np.log10(rms + 1e-9)


def mouth_value(frame: np.ndarray) -> float:
    db = frame_rms_db(frame)
    if db <= FLOOR_DB:
        return 0.0
    return float(min(1.0, (db - FLOOR_DB) / (FULL_DB - FLOOR_DB)))
