"""program.wav and the JSONL files survive a crash: what reached the OS is kept, the header
is never far behind, and the repair on resume makes both exact."""

from __future__ import annotations

import json
import os
import struct
import time
import wave
from pathlib import Path

import numpy as np
import pytest

from vhost.errors import ConfigError
from vhost.sinks.base import AudioFormat
from vhost.sinks.jsonl import JsonlWriter, repair_jsonl
from vhost.sinks.wav import WavSink, repair_wav, wav_frames

FMT = AudioFormat()


def frame(i: int) -> bytes:
    return np.full(FMT.frame_samples, i % 3000, np.int16).tobytes()


def header_frames(path: Path) -> int:
    raw = path.read_bytes()[:44]
    return struct.unpack_from("<I", raw, 40)[0] // 2


async def test_frames_reach_the_os_and_the_header_lags_at_most_a_second(tmp_path):
    path = tmp_path / "program.wav"
    sink = WavSink(path, header_every_s=1.0)
    await sink.start(FMT)
    for i in range(173):  # 3.46 s, never closed: as after a kill -9
        await sink.write(frame(i), i * 0.02)
    on_disk = wav_frames(path)
    assert on_disk == 173 * FMT.frame_samples  # nothing held back in a user-space buffer
    behind = on_disk - header_frames(path)
    assert 0 <= behind <= FMT.sample_rate  # a player sees all but the last second
    with wave.open(str(path)) as w:  # and it is a valid WAV as it stands
        assert w.getnframes() == header_frames(path)
    # a torn last frame (the process died inside write) is cut by the repair
    with path.open("ab") as f:
        f.write(b"\x01\x02\x03")
    assert repair_wav(path, FMT.frame_bytes) == on_disk
    with wave.open(str(path)) as w:
        assert w.getnframes() == on_disk
        assert w.readframes(w.getnframes())[-FMT.frame_bytes :] == frame(172)


async def test_append_continues_after_repair_and_refuses_a_foreign_format(tmp_path):
    path = tmp_path / "program.wav"
    first = WavSink(path)
    await first.start(FMT)
    for i in range(60):
        await first.write(frame(i), i * 0.02)
    os.close(first._fd)  # no close(): the header was never finalised  # type: ignore[arg-type]
    again = WavSink(path, append=True)
    await again.start(FMT)  # repairs, then appends
    for i in range(60, 100):
        await again.write(frame(i), i * 0.02)
    await again.close()
    with wave.open(str(path)) as w:
        assert w.getnframes() == 100 * FMT.frame_samples
        pcm = np.frombuffer(w.readframes(w.getnframes()), np.int16).reshape(100, -1)
    assert [int(row[0]) for row in pcm] == list(range(100))  # in order, nothing lost or doubled
    other = tmp_path / "other.wav"
    with wave.open(str(other), "wb") as w:
        w.setnchannels(2)
        w.setsampwidth(2)
        w.setframerate(44100)
        w.writeframes(b"\0" * 400)
    with pytest.raises(ConfigError, match="44100 Hz"):
        await WavSink(other, append=True).start(FMT)
    (tmp_path / "junk.wav").write_bytes(b"not a wav at all")
    with pytest.raises(ConfigError, match="not a WAV"):
        repair_wav(tmp_path / "junk.wav")


def test_jsonl_rows_reach_the_os_in_small_batches(tmp_path):
    path = tmp_path / "rows.jsonl"
    w = JsonlWriter(path, flush_every=8, flush_s=0.2)
    for i in range(8):
        w.write({"i": i})
    assert len(path.read_text().splitlines()) == 8  # a batch full: flushed
    w.write({"i": 8})
    assert len(path.read_text().splitlines()) == 8
    time.sleep(0.25)
    w.write({"i": 9})  # the oldest waited flush_s: flushed with it
    assert len(path.read_text().splitlines()) == 10
    w.close()


def test_repair_cuts_a_torn_line_and_rows_past_the_audio(tmp_path):
    path = tmp_path / "cues.jsonl"
    rows = [{"t": round(i * 0.02, 2), "type": "mouth", "value": 0.5} for i in range(5000)]
    text = "".join(json.dumps(r) + "\n" for r in rows)
    path.write_text(text + '{"t": 100.0, "ty')
    assert repair_jsonl(path) == 5000
    assert path.read_text() == text
    kept = repair_jsonl(path, drop=lambda r: r["t"] >= 60.0)  # audio kept up to 60 s
    assert kept == 3000 and json.loads(path.read_text().splitlines()[-1])["t"] == 59.98
    assert repair_jsonl(tmp_path / "missing.jsonl") == 0 and (tmp_path / "missing.jsonl").exists()
