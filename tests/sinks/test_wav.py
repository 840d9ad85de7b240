"""The program recording's tail: where its last sound ends (a resume counts silence from there)."""

from __future__ import annotations

import wave

import numpy as np

from vhost.sinks.wav import last_sound_s


def _wav(path, pcm: np.ndarray) -> None:
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(48000)
        w.writeframes(pcm.astype(np.int16).tobytes())


def test_last_sound_is_the_end_of_the_last_frame_above_the_floor(tmp_path):
    tone = (3000 * np.sin(np.arange(48000 * 3) * 0.05)).astype(np.int16)  # 3 s of sound
    hiss = np.full(48000 * 2, 20, np.int16)  # then 2 s below -60 dBFS
    _wav(tmp_path / "a.wav", np.concatenate([tone, hiss]))
    assert last_sound_s(tmp_path / "a.wav") == 3.0
    # only the last `within_s` seconds are read: a sound before them is not found
    assert last_sound_s(tmp_path / "a.wav", within_s=1.5) is None
    _wav(tmp_path / "b.wav", np.concatenate([hiss, tone[:4800]]))  # ends loud, mid-frame of nothing torn
    assert last_sound_s(tmp_path / "b.wav") == 2.1
    _wav(tmp_path / "c.wav", np.zeros(0, np.int16))
    assert last_sound_s(tmp_path / "c.wav") is None
