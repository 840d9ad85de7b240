"""pcm-ws: a real websockets server on 127.0.0.1, real clients."""

from __future__ import annotations

import asyncio
import json

import pytest
from websockets.asyncio.client import connect

from vhost.errors import ConfigError
from vhost.sinks.base import AudioFormat
from vhost.sinks.pcm_ws import PcmWsSink, from_spec

FMT = AudioFormat()


def frame(i: int) -> bytes:
    return i.to_bytes(2, "little") * (FMT.frame_bytes // 2)


async def read_frames(ws, n: int) -> list[bytes]:
    return [await ws.recv() for _ in range(n)]


async def test_every_client_gets_format_then_frames_in_order() -> None:
    sink = PcmWsSink(port=0)
    await sink.start(FMT)
    try:
        url = f"ws://127.0.0.1:{sink.port}"
        async with connect(url) as a, connect(url) as b:
            ha, hb = json.loads(await a.recv()), json.loads(await b.recv())  # both registered now
            for i in range(100):
                await sink.write(frame(i), i * 0.02)
                await asyncio.sleep(0)
            fa, fb = await asyncio.gather(read_frames(a, 100), read_frames(b, 100))
        assert ha == hb == {"sample_rate": 48000, "channels": 1, "sample_format": "s16le", "frame_ms": 20}
        assert fa == fb == [frame(i) for i in range(100)]
        assert all(isinstance(f, bytes) and len(f) == FMT.frame_bytes for f in fa)
    finally:
        await sink.close()
    assert sink.stats()["dropped"] == 0


async def test_client_that_leaves_does_not_disturb_the_show() -> None:
    sink = from_spec("0", {"queue": "8"}, {"fast": True})
    await sink.start(FMT)
    try:
        async with connect(f"ws://127.0.0.1:{sink.port}") as ws:
            await ws.recv()
            assert sink.stats()["clients"] == 1
        for i in range(50):  # lossless mode, but nobody is listening any more: never blocks
            await asyncio.wait_for(sink.write(frame(i), i * 0.02), 2)
    finally:
        await sink.close()


async def test_port_in_use_is_a_config_error() -> None:
    first = PcmWsSink(port=0)
    await first.start(FMT)
    try:
        with pytest.raises(ConfigError, match="cannot listen"):
            await PcmWsSink(port=first.port).start(FMT)
    finally:
        await first.close()
