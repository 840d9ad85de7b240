"""Sample-format conversion to the program format (48 kHz mono s16)."""

from __future__ import annotations

import io
import struct
import wave

import numpy as np

PROGRAM_RATE = 48000


def resample(pcm: np.ndarray, sr: int, target_sr: int = PROGRAM_RATE) -> np.ndarray:
    """Band-limited resampling through the spectrum (exact for a sentence-length buffer).
    Zero padding keeps the FFT's wrap-around away from the ends."""
    if sr == target_sr or len(pcm) == 0:
        return pcm.astype(np.int16, copy=False)
    x = pcm.astype(np.float32)
    pad = min(len(x), 1024)
    x = np.concatenate([x, np.zeros(pad, np.float32)])
    n_out = int(round(len(x) * target_sr / sr))
    spec = np.fft.rfft(x)
    out_bins = n_out // 2 + 1
    if out_bins > len(spec):
        spec = np.concatenate([spec, np.zeros(out_bins - len(spec), spec.dtype)])
    else:
        spec = spec[:out_bins]
    y = np.fft.irfft(spec, n_out) * (n_out / len(x))
    y = y[: int(round((len(x) - pad) * target_sr / sr))]
    return np.clip(np.round(y), -32768, 32767).astype(np.int16)


def to_program(pcm: np.ndarray, sr: int, target_sr: int = PROGRAM_RATE) -> np.ndarray:
    if pcm.ndim == 2:  # interleaved channels -> mono
        pcm = pcm.mean(axis=1).astype(np.int16)
    return resample(pcm, sr, target_sr)


def read_wav_bytes(data: bytes) -> tuple[np.ndarray, int]:
    """Parse a WAV, tolerating the streaming header espeak-ng writes to stdout
    (RIFF/data sizes of 0xFFFFFFFF): take every byte after the data chunk header."""
    if data[:4] != b"RIFF" or data[8:12] != b"WAVE":
        raise ValueError("not a WAV stream")
    pos = 12
    sr, channels, width = 22050, 1, 2
    while pos + 8 <= len(data):
        cid, size = data[pos : pos + 4], struct.unpack("<I", data[pos + 4 : pos + 8])[0]
        body = pos + 8
        if cid == b"fmt ":
            _, channels, sr, _, _, bits = struct.unpack("<HHIIHH", data[body : body + 16])
            width = bits // 8
        elif cid == b"data":
            end = len(data) if size in (0, 0xFFFFFFFF) or body + size > len(data) else body + size
            raw = data[body:end]
            raw = raw[: len(raw) - len(raw) % (width * channels)]
            if width != 2:
                raise ValueError(f"unsupported sample width {width}")
            pcm = np.frombuffer(raw, dtype="<i2").astype(np.int16)
            if channels > 1:
                pcm = pcm.reshape(-1, channels)
            return pcm, sr
        pos = body + size + (size & 1)
    raise ValueError("WAV stream has no data chunk")


def wav_bytes(pcm: np.ndarray, sr: int) -> bytes:
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(sr)
        w.writeframes(pcm.astype("<i2").tobytes())
    return buf.getvalue()
