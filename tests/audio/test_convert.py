import numpy as np
import pytest

from vhost.audio.convert import read_wav_bytes, resample, to_program, wav_bytes


def sine(freq: float, sr: int, secs: float) -> np.ndarray:
    t = np.arange(int(sr * secs)) / sr
    return (10000 * np.sin(2 * np.pi * freq * t)).astype(np.int16)


@pytest.mark.parametrize("sr", [16000, 22050, 24000, 44100])
def test_resample_keeps_duration_and_pitch(sr):
    x = sine(440, sr, 1.0)
    y = resample(x, sr, 48000)
    assert abs(len(y) - 48000) <= 1
    spec = np.abs(np.fft.rfft(y.astype(np.float32)))
    peak_hz = np.argmax(spec) * 48000 / len(y)
    assert abs(peak_hz - 440) < 2
    assert 9000 < np.abs(y).max() <= 10500


def test_streaming_espeak_header_with_unknown_sizes():
    data = bytearray(wav_bytes(sine(200, 22050, 0.1), 22050))
    data[4:8] = b"\xff\xff\xff\xff"
    i = data.index(b"data")
    data[i + 4 : i + 8] = b"\xff\xff\xff\xff"
    pcm, sr = read_wav_bytes(bytes(data))
    assert sr == 22050 and len(pcm) == 2205


def test_stereo_to_mono_and_non_wav_refused():
    st = np.stack([sine(300, 48000, 0.1), sine(300, 48000, 0.1)], axis=1)
    assert to_program(st, 48000).shape == (4800,)
    with pytest.raises(ValueError):
        read_wav_bytes(b"ID3\x00junk")
