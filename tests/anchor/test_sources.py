"""Anchor inputs: a WAV on the program clock, PCM over a WebSocket, a device through
ffmpeg, and the listener joining them to the floor and a recogniser."""

from __future__ import annotations

import asyncio
import shutil
import wave

import numpy as np
import pytest
from websockets.asyncio.client import connect

from tests.anchor.speech import ESPEAK, RATE, espeak, runs, voiced
from vhost.anchor.listener import AnchorInput, Heard
from vhost.anchor.sources import FfmpegSource, PcmWebSocketSource, WavSource, from_spec
from vhost.anchor.yielding import Floor
from vhost.asr.base import ASR_RATE, Recognized
from vhost.clock import FastClock, WallClock
from vhost.errors import ConfigError


def write_wav(path, pcm: np.ndarray, rate: int = RATE, width: int = 2) -> None:
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(width)
        w.setframerate(rate)
        w.writeframes(pcm.astype("<i2").tobytes() if width == 2 else pcm.astype(np.uint8).tobytes())


async def test_wav_chunks_arrive_on_the_program_clock(tmp_path):
    write_wav(tmp_path / "a.wav", np.arange(RATE, dtype=np.int16))  # one second
    clock = FastClock(wall=False)
    src = WavSource(tmp_path / "a.wav", clock, at=5.0)
    seen = []
    async with clock.running():
        async for chunk in src.chunks():
            seen.append((chunk.t, clock.now(), len(chunk.pcm)))
    assert len(seen) == 50
    assert seen[0][0] == pytest.approx(5.0) and seen[-1][0] == pytest.approx(5.98)
    assert all(now == pytest.approx(t + 0.02) for t, now, _ in seen), "a chunk is handed over when the clock reaches its end"
    assert sum(n for *_, n in seen) == RATE


@pytest.mark.parametrize(
    ("spec", "words"),
    [
        ("wav:{tmp}/missing.wav", "does not exist"),
        ("wav:{tmp}/bytes.wav", "8-bit"),
        ("wav:{tmp}/junk.wav", "not a readable WAV"),
        ("pcm-ws:99999", "out of range"),
        ("alsa:", "no device"),
        ("mic:0", "unknown kind 'mic'"),
        ("wav:{tmp}/ok.wav?at=soon", "at='soon' is not a number"),
    ],
)
def test_bad_specs_are_one_line(tmp_path, spec, words):
    write_wav(tmp_path / "bytes.wav", np.zeros(100), width=1)
    write_wav(tmp_path / "ok.wav", np.zeros(100))
    (tmp_path / "junk.wav").write_bytes(b"RIFF nonsense")
    with pytest.raises(ConfigError) as e:
        from_spec(spec.format(tmp=tmp_path), FastClock())
    assert words in str(e.value) and "\n" not in str(e.value)


async def test_pcm_over_websocket_is_stamped_on_arrival():
    clock = WallClock()
    src = PcmWebSocketSource(0, clock, rate=16000)
    got = []

    async def read():
        async for chunk in src.chunks():
            got.append((chunk, clock.now()))

    reader = asyncio.create_task(read())
    try:
        await asyncio.wait_for(src.ready.wait(), 5)
        async with connect(f"ws://127.0.0.1:{src.port}") as ws:
            await ws.send(np.full(1601, 1000, "<i2").tobytes()[:-1])  # an odd byte waits for the next message
            await ws.send(b"\x03" + np.full(799, 1000, "<i2").tobytes())  # 1000 = e8 03
            for _ in range(50):
                if len(got) == 2:
                    break
                await asyncio.sleep(0.02)
    finally:
        reader.cancel()
        await src.aclose()
    assert [len(c.pcm) for c, _ in got] == [1600, 800]
    assert got[0][0].pcm[-1] == 1000 and got[1][0].pcm[0] == 1000, "the split sample was joined"
    chunk, at = got[0]
    assert chunk.rate == 16000 and at - chunk.t == pytest.approx(0.1, abs=0.05)


@pytest.mark.system
@pytest.mark.skipif(shutil.which("ffmpeg") is None, reason="ffmpeg not installed")
async def test_a_device_through_ffmpeg():
    src = FfmpegSource("lavfi", "sine=frequency=300:sample_rate=48000", WallClock())
    chunks = []
    try:
        async with asyncio.timeout(10):
            async for chunk in src.chunks():
                chunks.append(chunk)
                if len(chunks) == 10:
                    break
    finally:
        await src.aclose()
    assert all(c.rate == 48000 and len(c.pcm) == 960 for c in chunks)
    assert int(np.abs(np.concatenate([c.pcm for c in chunks])).max()) > 1000


class Recorder:
    """A recogniser that says what it was told to, and keeps what it heard."""

    name = "recorder"

    def __init__(self, text: str) -> None:
        self.text = text
        self.got: list[np.ndarray] = []

    async def warm(self) -> None:
        return None

    async def recognize(self, pcm, *, lang=None, prompt=""):
        self.got.append(pcm)
        return Recognized(self.text, lang or "zh", len(pcm) / ASR_RATE, 0.01)


@pytest.mark.skipif(ESPEAK is None, reason="espeak-ng not installed")
async def test_live_speech_moves_the_floor_and_is_recognised_once_per_turn():
    speech = espeak("Let me take this one myself, thanks.")
    clock = WallClock()
    src = PcmWebSocketSource(0, clock, rate=RATE)
    floor = Floor()
    rec = Recorder("我來回答這個")
    heard: list[Heard] = []
    anchor = AnchorInput(src, clock, floor, recognizer=rec, on_heard=heard.append)
    task = asyncio.create_task(anchor.run())
    try:
        await asyncio.wait_for(src.ready.wait(), 5)
        async with connect(f"ws://127.0.0.1:{src.port}") as ws:
            pcm = np.concatenate([np.zeros(RATE // 2, np.int16), speech, np.zeros(RATE, np.int16)])
            step = RATE // 50
            t0 = clock.now()
            for i in range(0, len(pcm), step):  # in real time, as a microphone would
                await ws.send(pcm[i : i + step].astype("<i2").tobytes())
                if i == len(pcm) // 2:
                    assert floor.speaking, "half-way through the speech the anchor has the floor"
                await asyncio.sleep(max(0.0, t0 + (i + step) / RATE - clock.now()))
            for _ in range(100):
                if heard:
                    break
                await asyncio.sleep(0.05)
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
    assert not floor.speaking and floor.turns == 1
    assert [h.text for h in heard] == ["我來回答這個"]
    audio_s = len(rec.got[0]) / ASR_RATE
    assert len(speech) / RATE <= audio_s <= len(speech) / RATE + 0.3 + 0.45, "the turn, with 0.3 s before it and the end gap after"
    (s, e), = runs(voiced(speech), merge_s=0.5)
    assert heard[0].end_s - heard[0].start_s == pytest.approx(e - s, abs=0.15)
