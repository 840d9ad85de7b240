"""obs-websocket v5: the client and the Media Source sink against a fake OBS server."""

from __future__ import annotations

import asyncio
import wave
from pathlib import Path

import numpy as np
import pytest

from tests.fakes.obs_server import CHALLENGE, SALT, FakeObs
from tests.fakes.vts_server import wait_until
from vhost.errors import ConfigError
from vhost.sinks.base import AudioFormat
from vhost.sinks.obs import ObsSink, from_spec
from vhost.sinks.obs_client import ObsAuthError, ObsClient, ObsRequestError, auth_string

FMT = AudioFormat()


def test_auth_string_matches_the_protocol_vector() -> None:
    assert auth_string("supersecretpassword", SALT, CHALLENGE) == "1Ct943GAT+6YQUUX47Ia/ncufilbe6+oD6lY+5kaCu4="


async def test_identify_with_password_and_media_input_events() -> None:
    async with FakeObs(password="supersecretpassword") as obs:
        client = ObsClient(obs.url, "supersecretpassword")
        await client.connect()
        version = await client.request("GetVersion")
        await client.close()
    assert version["obsWebSocketVersion"] == "5.5.2"
    (ident,) = obs.identifies
    assert ident["authentication"] == "1Ct943GAT+6YQUUX47Ia/ncufilbe6+oD6lY+5kaCu4="
    assert ident["rpcVersion"] == 1 and ident["eventSubscriptions"] & 256
    assert obs.subprotocols == ["obswebsocket.json"]


async def test_identify_without_auth_when_hello_has_none() -> None:
    async with FakeObs(password=None) as obs:
        client = ObsClient(obs.url, "ignored")
        await client.connect()
        await client.close()
    assert "authentication" not in obs.identifies[0]


async def test_wrong_password_is_an_auth_error() -> None:
    async with FakeObs(password="right") as obs:
        with pytest.raises(ObsAuthError, match="4009"):
            await ObsClient(obs.url, "wrong").connect()
        with pytest.raises(ObsAuthError, match="password"):
            await ObsClient(obs.url, "").connect()  # asked for one, none given: never identify
    assert obs.closes == [4009]


async def test_out_of_order_replies_are_matched_by_request_id() -> None:
    async with FakeObs(delays={"GetVersion": 0.3}) as obs:
        client = ObsClient(obs.url)
        await client.connect()
        slow = asyncio.create_task(client.request("GetVersion"))
        await asyncio.sleep(0.05)
        fast = await client.request("GetStats")
        assert not slow.done()  # the later request was answered first
        assert fast == {"cpuUsage": 1.0} and (await slow)["rpcVersion"] == 1
        with pytest.raises(ObsRequestError) as err:
            await client.request("SetInputSettings", {"inputName": "Nope", "inputSettings": {}})
        assert err.value.code == 600 and "Nope" in err.value.comment
        with pytest.raises(ObsRequestError, match="204"):
            await client.request("NoSuchRequest")
        await client.close()
    ids = [r["requestId"] for r in obs.requests]
    assert len(set(ids)) == len(ids)


def tone(frames: int, start: int = 0) -> bytes:
    n = np.arange(frames * FMT.frame_samples) + start * FMT.frame_samples
    return (5000 * np.sin(2 * np.pi * 200 * n / FMT.sample_rate)).astype("<i2").tobytes()


async def program(sink: ObsSink, parts: list[tuple[str, int]]) -> list[bytes]:
    """Write speech/silence parts frame by frame; return the speech PCM of each part."""
    lines, i = [], 0
    for kind, frames in parts:
        pcm = tone(frames, i) if kind == "speech" else bytes(frames * FMT.frame_bytes)
        for k in range(frames):
            await sink.write(pcm[k * FMT.frame_bytes : (k + 1) * FMT.frame_bytes], i * 0.02)
            i += 1
        if kind == "speech":
            lines.append(pcm)
    return lines


async def test_sink_plays_each_utterance_through_the_media_source(tmp_path: Path) -> None:
    async with FakeObs(password="pw", play_s=0.4) as obs:
        sink = ObsSink(obs.url, "pw", "TTS", tmp_path, gap_ms=300)
        await sink.start(FMT)
        assert await wait_until(lambda: sink.status == "connected")
        lines = await program(sink, [("silence", 10), ("speech", 50), ("silence", 25), ("speech", 40), ("silence", 30)])
        assert await wait_until(lambda: sink.played == 2)
        await sink.close()
    sets = obs.of("SetInputSettings")
    files = [Path(r["requestData"]["inputSettings"]["local_file"]) for r in sets]
    assert [f.name for f in files] == ["utt_0001.wav", "utt_0002.wav"] and all(f.is_absolute() for f in files)
    assert all(r["requestData"]["inputSettings"]["is_local_file"] is True for r in sets)
    actions = [r["requestData"]["mediaAction"] for r in obs.of("TriggerMediaInputAction")]
    assert actions == ["OBS_WEBSOCKET_MEDIA_INPUT_ACTION_RESTART"] * 2
    for f, line in zip(files, lines, strict=True):
        with wave.open(str(f)) as w:
            assert (w.getframerate(), w.getnchannels(), w.getsampwidth()) == (48000, 1, 2)
            pcm = w.readframes(w.getnframes())
        assert pcm[: len(line)] == line  # the spoken line, untouched
        assert len(pcm) - len(line) <= 5 * FMT.frame_bytes and not any(pcm[len(line) :])  # ≤ 100 ms silent tail
    assert obs.muted["TTS"] is True  # unmuted on start, muted on close
    assert [r["requestData"]["inputMuted"] for r in obs.of("SetInputMute")] == [False, True]
    order = [r["requestType"] for r in obs.requests if r["requestType"] != "SetInputMute"]
    assert order == ["SetInputSettings", "TriggerMediaInputAction"] * 2
    # the second line waited for MediaInputPlaybackEnded of the first instead of cutting it off
    assert sets[1]["at"] - obs.of("TriggerMediaInputAction")[0]["at"] >= 0.35


async def test_sink_reconnects_after_server_close_and_stops_on_bad_password(tmp_path: Path) -> None:
    async with FakeObs(drop_after_identify=1) as obs:
        sink = ObsSink(obs.url, "", "TTS", tmp_path, backoff=(0.05, 0.1))
        await sink.start(FMT)
        assert await wait_until(lambda: obs.connections >= 2 and sink.status == "connected")
        await program(sink, [("speech", 20), ("silence", 20)])
        assert await wait_until(lambda: sink.played == 1)
        await sink.close()
    async with FakeObs(password="right") as obs:
        sink = ObsSink(obs.url, "wrong", "TTS", tmp_path, backoff=(0.01, 0.01))
        await sink.start(FMT)
        assert await wait_until(lambda: sink.status == "auth-failed")
        await asyncio.sleep(0.2)  # a retry loop would have reconnected many times
        await program(sink, [("speech", 10), ("silence", 20)])  # the show goes on
        await sink.close()
    assert obs.connections == 1 and obs.closes == [4009]


async def test_missing_media_source_is_reported_not_raised(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    async with FakeObs(inputs={}) as obs:
        sink = from_spec(obs.url, {"input": "TTS", "gap_ms": "100"}, {"out_dir": tmp_path})
        await sink.start(FMT)
        assert await wait_until(lambda: sink.status == "connected")
        await program(sink, [("speech", 10), ("silence", 10)])
        assert await wait_until(lambda: len(obs.of("SetInputSettings")) == 1)
        await sink.close()
    assert sink.played == 0 and any("Media Source named 'TTS'" in r.message for r in caplog.records)
    assert (tmp_path / "obs" / "utt_0001.wav").exists()
    with pytest.raises(ConfigError, match="ws://"):
        from_spec("127.0.0.1:4455", {}, {})
