"""edge-tts against a local server speaking the service's frame layout (protocols.md section 6)."""

from __future__ import annotations

import edge_tts
import numpy as np
import pytest

from tests.fakes.edge_server import TICKS_PER_S, FakeEdgeServer
from tests.tts.conftest import MP3_SECONDS, free_port_url
from vhost.persona.model import EdgeVoice, VoiceConfig
from vhost.tts.base import TTSError, VoiceSpec
from vhost.tts.edge import SAMPLE_RATE, EdgeTTS
from vhost.tts.registry import voice_spec


async def test_speech_config_and_ssml_are_what_the_service_expects(edge_server: FakeEdgeServer) -> None:
    cfg = VoiceConfig(order=["edge"], edge=EdgeVoice(rate="+10%", pitch="-5Hz", volume="+20%"))
    tts = EdgeTTS()
    await tts.synthesize("AT&T <b>5折</b> & more", voice_spec(cfg, "edge", "zh-Hant"))
    (rec,) = edge_server.connections
    assert rec.path == "/edge/v1"
    assert rec.query["TrustedClientToken"] == ["x"]
    assert len(rec.query["ConnectionId"][0]) == 32
    assert rec.query["Sec-MS-GEC"][0] and rec.query["Sec-MS-GEC-Version"][0].startswith("2-")
    assert rec.headers["Origin"] == "chrome-extension://jdiccldimpdaibmpdkjnbmckianbfold"
    assert rec.config_headers["Path"] == "speech.config"
    assert rec.config_headers["Content-Type"] == "application/json; charset=utf-8"
    assert rec.config == {
        "context": {
            "synthesis": {
                "audio": {
                    "metadataoptions": {"sentenceBoundaryEnabled": "false", "wordBoundaryEnabled": "true"},
                    "outputFormat": "audio-24khz-48kbitrate-mono-mp3",
                }
            }
        }
    }
    assert rec.ssml_headers["Path"] == "ssml"
    assert rec.ssml_headers["Content-Type"] == "application/ssml+xml"
    assert rec.ssml_headers["X-Timestamp"].endswith("Z")
    assert rec.ssml == (
        "<speak version='1.0' xmlns='http://www.w3.org/2001/10/synthesis' xml:lang='en-US'>"
        "<voice name='Microsoft Server Speech Text to Speech Voice (zh-TW, HsiaoChenNeural)'>"
        "<prosody pitch='-5Hz' rate='+10%' volume='+20%'>"
        "AT&amp;T &lt;b&gt;5折&lt;/b&gt; &amp; more</prosody></voice></speak>"
    )
    assert rec.text == "AT&T <b>5折</b> & more"


async def test_audio_from_several_frames_decodes_to_pcm(edge_server: FakeEdgeServer) -> None:
    edge_server.audio_frames = 5
    speech = await EdgeTTS().synthesize("Hello everyone", VoiceSpec(lang="en"))
    assert speech.engine == "edge"
    assert speech.sample_rate == SAMPLE_RATE
    assert speech.pcm.dtype == np.int16
    # all five pieces arrived: the decoded length is the whole MP3, not one piece
    assert abs(speech.duration_s - MP3_SECONDS) < 0.1
    # it is the 440 Hz sine, not noise or silence
    spec = np.abs(np.fft.rfft(speech.pcm.astype(np.float64)))
    peak_hz = np.argmax(spec) * SAMPLE_RATE / len(speech.pcm)
    assert abs(peak_hz - 440) < 5


async def test_word_boundaries_become_exact_marks(edge_server: FakeEdgeServer) -> None:
    speech = await EdgeTTS().synthesize("Buy the X1 headset now", VoiceSpec(lang="en"))
    sent = edge_server.connections[0].words_sent
    assert [w.text for w in speech.words] == ["Buy", "the", "X1", "headset", "now"] == [s[2] for s in sent]
    for mark, (offset, duration, _) in zip(speech.words, sent, strict=True):
        assert mark.kind == "word"
        assert round(mark.offset_s * 1000, 6) == offset / 10_000  # ticks / 10,000 = ms
        assert round(mark.duration_s * 1000, 6) == duration / 10_000
    # visemes follow the words: every viseme of a word lies inside its span
    first = speech.words[0]
    inside = [v for v in speech.visemes if first.offset_s <= v.offset_s < first.offset_s + first.duration_s]
    assert inside and inside[0].viseme == "A"  # "buy" /baɪ/
    assert speech.visemes[-1].viseme == "rest"


async def test_long_text_uses_one_connection_per_chunk_with_continuous_offsets(
    edge_server: FakeEdgeServer, mp3_bytes: bytes
) -> None:
    text = " ".join(["word"] * 1200)  # 5999 bytes > 4096: two chunks
    speech = await EdgeTTS().synthesize(text, VoiceSpec(lang="en"))
    assert len(edge_server.connections) == 2
    assert all(c.config is not None for c in edge_server.connections)  # each chunk got its own config + ssml
    assert abs(speech.duration_s - 2 * MP3_SECONDS) < 0.2
    n1 = len(edge_server.connections[0].words_sent)
    assert len(speech.words) == n1 + len(edge_server.connections[1].words_sent)
    comp = len(mp3_bytes) * 8 * TICKS_PER_S // 48000  # edge-tts 7.3.1 compensates by CBR bytes
    first_of_second = edge_server.connections[1].words_sent[0][0]
    assert speech.words[n1].offset_s == pytest.approx((first_of_second + comp) / TICKS_PER_S)
    offsets = [w.offset_s for w in speech.words]
    assert offsets == sorted(offsets)


async def test_sentence_boundary_mode(edge_server: FakeEdgeServer) -> None:
    tts = EdgeTTS()
    tts.boundary = "SentenceBoundary"
    speech = await tts.synthesize("你好，歡迎", VoiceSpec(lang="zh"))
    meta = edge_server.connections[0].config["context"]["synthesis"]["audio"]["metadataoptions"]  # type: ignore[index]
    assert meta == {"sentenceBoundaryEnabled": "true", "wordBoundaryEnabled": "false"}
    assert [(w.kind, w.text) for w in speech.words] == [("sentence", "你好，歡迎")]
    assert speech.visemes  # from the whole text, spread over the audio


async def test_403_with_date_is_retried_exactly_once(edge_server: FakeEdgeServer) -> None:
    edge_server.plan = ["reject403"]
    speech = await EdgeTTS().synthesize("hello", VoiceSpec(lang="en"))
    assert len(speech.pcm) > 0
    assert edge_server.handshakes == 2 and edge_server.rejected == 1


async def test_403_twice_is_one_line_error_after_one_retry(edge_server: FakeEdgeServer) -> None:
    edge_server.plan = ["reject403", "reject403", "reject403"]
    with pytest.raises(TTSError, match="HTTP 403") as info:
        await EdgeTTS().synthesize("hello", VoiceSpec(lang="en"))
    assert edge_server.handshakes == 2
    assert "\n" not in str(info.value)


async def test_403_without_date_header(edge_server: FakeEdgeServer) -> None:
    edge_server.plan = ["reject403"]
    edge_server.date_header = False
    with pytest.raises(TTSError, match="skew"):
        await EdgeTTS().synthesize("hello", VoiceSpec(lang="en"))
    assert edge_server.handshakes == 1


async def test_unknown_path_is_a_protocol_error(edge_server: FakeEdgeServer) -> None:
    edge_server.mode = "unknown"
    with pytest.raises(TTSError, match="UnknownResponse"):
        await EdgeTTS().synthesize("hello", VoiceSpec(lang="en"))


async def test_close_without_audio(edge_server: FakeEdgeServer) -> None:
    edge_server.mode = "no_audio"
    with pytest.raises(TTSError, match="no audio"):
        await EdgeTTS().synthesize("hello", VoiceSpec(lang="en"))


async def test_connection_refused_is_offline(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(edge_tts.communicate, "WSS_URL", free_port_url())
    with pytest.raises(TTSError, match=r"offline: cannot connect to 127\.0\.0\.1"):
        await EdgeTTS().synthesize("hello", VoiceSpec(lang="en"))


async def test_bad_prosody_is_a_tts_error(edge_server: FakeEdgeServer) -> None:
    with pytest.raises(TTSError, match="voice setting"):
        await EdgeTTS().synthesize("hello", VoiceSpec(lang="en", rate="fast"))
    assert edge_server.handshakes == 0


async def test_receive_timeout_on_a_silent_server(edge_server: FakeEdgeServer) -> None:
    edge_server.mode = "hang"
    with pytest.raises(TTSError, match="timed out"):
        await EdgeTTS(receive_timeout=1).synthesize("hello", VoiceSpec(lang="en"))


def test_offline_errors_the_real_service_raises_are_one_line() -> None:
    import socket

    import aiohttp
    from aiohttp.client_reqrep import ConnectionKey

    from vhost.tts.edge import describe_error

    key = ConnectionKey("speech.platform.bing.com", 443, True, True, None, None, None, None)
    dns = aiohttp.ClientConnectorDNSError(key, socket.gaierror(-2, "Name or service not known"))
    assert describe_error(dns) == "edge-tts offline: cannot connect to speech.platform.bing.com:443 (Name or service not known)"
    assert describe_error(aiohttp.ConnectionTimeoutError("Connection timeout to host wss://x")).startswith("edge-tts offline")
    assert describe_error(edge_tts.exceptions.NoAudioReceived("x")) == "edge-tts returned no audio for this text"
