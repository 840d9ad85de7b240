"""Edge fades and the ducked music bed."""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np
import pytest

from vhost.audio.fx import MusicBed, fade
from vhost.errors import ConfigError

SR = 48000


def rms_db(x: np.ndarray) -> float:
    return 20 * np.log10(np.sqrt(np.mean(x.astype(np.float64) ** 2)) / 32768)


def test_fades_remove_the_step_at_both_ends() -> None:
    dc = np.full(SR // 2, 12000, np.int16)  # a sentence that starts and stops mid-waveform
    out = fade(dc, SR)
    assert out[0] == 0 and abs(int(out[-1])) < 10
    assert np.max(np.abs(np.diff(out.astype(np.int32)))) < 12000 * 0.01  # no click-sized jump anywhere
    n = int(SR * 0.005)
    np.testing.assert_array_equal(out[n : len(out) - n], dc[n : len(dc) - n])  # only 5 ms touched each side
    assert len(fade(np.zeros(0, np.int16), SR)) == 0
    assert len(fade(np.array([5, 5, 5], np.int16), SR)) == 3


def tone(seconds: float, amp: float = 0.5, freq: float = 330.0) -> np.ndarray:
    t = np.arange(int(seconds * SR)) / SR
    return np.round(amp * 32767 * np.sin(2 * np.pi * freq * t)).astype(np.int16)


def run_frames(bed: MusicBed, speaking: list[bool]) -> np.ndarray:
    silence = np.zeros(SR // 50, np.int16)  # 20 ms frames
    return np.concatenate([bed.mix(silence, s) for s in speaking])


def test_bed_level_and_ducking() -> None:
    bed = MusicBed(tone(3.0), SR, level_db=-20.0, duck_db=-12.0, attack_ms=50, release_ms=300)
    full = rms_db(tone(1.0))
    idle = run_frames(bed, [False] * 50)
    assert rms_db(idle[-SR // 2 :]) == pytest.approx(full - 20, abs=0.3)
    ducked = run_frames(bed, [True] * 50)  # 1 s of speech: attack done well within it
    assert bed.gain_db == pytest.approx(-32.0, abs=0.1)
    assert rms_db(ducked[-SR // 2 :]) == pytest.approx(full - 32, abs=0.3)
    # the gain glides (attack), it does not jump: the first frame is still near the idle level
    assert rms_db(ducked[: SR // 50]) > full - 26
    back = run_frames(bed, [False] * 150)
    assert bed.gain_db == pytest.approx(-20.0, abs=0.1)
    assert rms_db(back[-SR // 2 :]) == pytest.approx(full - 20, abs=0.3)


def test_bed_mixes_under_speech_and_loops_without_a_seam() -> None:
    bed = MusicBed(tone(0.5, 0.4), SR, level_db=0.0, duck_db=0.0)
    voice = tone(0.02, 0.2, 1000.0)
    out = bed.mix(voice, True)
    assert out.dtype == np.int16 and len(out) == len(voice)
    np.testing.assert_allclose(out.astype(np.float64) - voice, bed._loop[: len(voice)], atol=1.0)
    long = run_frames(bed, [False] * 100)  # 2 s through a 0.45 s loop: several wraps
    assert np.max(np.abs(np.diff(long.astype(np.int32)))) < 0.4 * 32767 * 2 * np.pi * 330 / SR * 1.5


def test_bed_file_is_decoded_once_from_mp3(tmp_path: Path) -> None:
    path = tmp_path / "bed.mp3"
    subprocess.run(
        ["ffmpeg", "-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i", "sine=frequency=220:duration=1.5", str(path)],
        check=True,
        timeout=30,
    )
    bed = MusicBed.load(path, SR, level_db=-10.0)
    assert bed.sr == SR and abs(len(bed._loop) / SR - 1.45) < 0.05
    assert rms_db(run_frames(bed, [False] * 10)) < -10


def test_bad_bed_files_are_one_line_config_errors(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"music bed .*nope\.wav: file not found"):
        MusicBed.load(tmp_path / "nope.wav")
    junk = tmp_path / "junk.mp3"
    junk.write_bytes(b"not audio at all" * 10)
    with pytest.raises(ConfigError, match=r"cannot decode|no audio") as info:
        MusicBed.load(junk)
    assert "\n" not in str(info.value)
