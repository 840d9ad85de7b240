from __future__ import annotations

import subprocess
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.fakes.edge_server import FakeEdgeServer

MP3_SECONDS = 1.0


def make_mp3(path: Path, seconds: float = MP3_SECONDS) -> bytes:
    """A real 24 kHz 48 kbit/s mono MP3 (the service's format), made with ffmpeg at test time."""
    subprocess.run(
        ["ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i", f"sine=frequency=440:duration={seconds}", "-ar", "24000", "-ac", "1", "-b:a", "48k", "-f", "mp3", str(path)],
        check=True,
        timeout=30,
    )
    return path.read_bytes()


@pytest.fixture(scope="session")
def mp3_bytes(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    return make_mp3(tmp_path_factory.mktemp("edge") / "sine.mp3")


@pytest.fixture
async def edge_server(mp3_bytes: bytes, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[FakeEdgeServer]:
    import edge_tts.communicate
    import edge_tts.drm

    monkeypatch.setattr(edge_tts.drm.DRM, "clock_skew_seconds", 0.0)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.delenv("HTTP_PROXY", raising=False)
    monkeypatch.delenv("HTTPS_PROXY", raising=False)
    server = FakeEdgeServer(mp3_bytes, audio_frames=4, mp3_duration_s=MP3_SECONDS)
    await server.start()
    monkeypatch.setattr(edge_tts.communicate, "WSS_URL", server.wss_url)
    try:
        yield server
    finally:
        await server.stop()


def free_port_url() -> str:
    """A loopback URL where nothing listens: connection refused."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"ws://127.0.0.1:{port}/edge/v1?TrustedClientToken=x"
