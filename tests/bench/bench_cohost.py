"""Co-hosting: how fast the AI yields to the anchor, and what recognising the anchor costs.

- yield latency: whole shows in --fast (espeak-ng voice, scripted LLM) next to an anchor
  recording with turns at seeded random times; per turn that began while the AI was
  speaking, from the turn's true onset (energy of the recording) to the AI's last sound
  (energy of program.wav). p50/p95/max for fade and clause, and the longest overlap.
- voice activity: cost of one 20 ms frame (webrtcvad plus the energy gate).
- recognition: Whisper-base (faster-whisper int8) real-time factor on synthesised speech,
  1 and 2 threads; word error rate on piper's English voice (a natural voice); the same
  RTF on espeak-ng Mandarin (robotic: what it writes is not scored).
"""

from __future__ import annotations

import asyncio
import statistics
import tempfile
import time
import wave
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
EN = [
    "Assistant, tell them about the N9 phone.",
    "The charger has three ports and sixty five watts.",
    "Thanks for the gifts, everyone, welcome to the stream.",
    "These earbuds last eight hours, thirty with the case.",
]
ZH = ["xiao3 zhu4 shou3, jie4 shao4 yi2 xia4 N9 shou3 ji1", "jia1 ren2 men5 wan3 shang4 hao3, huan1 ying2 lai2 dao4 zhi2 bo1 jian1"]


def _pct(xs: list[float], q: float) -> float | None:
    xs = sorted(xs)
    return round(xs[min(len(xs) - 1, int(q * len(xs)))], 1) if xs else None


async def _yield_show(tmp: Path, mode: str, duration: float, turns: int, seed: int) -> list[float]:
    from tests.anchor.speech import anchor_wav, espeak, voiced
    from tests.fakes.fake_llm import FakeLLM, Reply
    from vhost.clock import FastClock
    from vhost.cohost.config import CohostConfig
    from vhost.show import Show, ShowConfig

    rng = np.random.default_rng(seed)
    speech = espeak("One moment, let me add something here.")
    gap = duration / turns
    starts = [i * gap + float(rng.uniform(2.0, gap - 4.0)) for i in range(turns)]
    truth = anchor_wav(tmp / "anchor.wav", [(t, speech) for t in starts], duration)
    clock = FastClock()
    cfg = ShowConfig(persona=ROOT / "personas/tech_reviewer.yaml", sources=[f"replay:{ROOT / 'personas/samples/tech_chat.jsonl'}"],
                     out=tmp / "out", duration_s=duration, watch=False,
                     cohost=CohostConfig(anchor_audio=f"wav:{tmp / 'anchor.wav'}", anchor_asr=None, anchor_yield=mode))  # fmt: skip
    show = Show(cfg, llm=FakeLLM(clock, [], default=Reply.text("X1 單次續航 8 小時，加充電盒一共 30 小時。")), clock=clock, busy_llm=False)
    await show.run()
    with wave.open(str(tmp / "out" / "program.wav")) as w:
        ai = voiced(np.frombuffer(w.readframes(w.getnframes()), np.int16), 48000)
    out = []
    for start, end in truth:
        a = int(round(start * 100))
        if not ai[max(0, a - 3) : a + 1].any():
            continue  # the AI was quiet when the anchor began: nothing to yield
        on = ai[a : int(end * 100)]
        quiet = np.flatnonzero(~on)
        first_quiet = quiet[0] if len(quiet) else len(on)
        out.append(first_quiet * 10.0)  # ms from the onset to the AI's silence
    return out


def bench_yield(quick: bool) -> dict[str, Any]:
    res: dict[str, Any] = {}
    duration, turns, shows = (60.0, 8, 1) if quick else (180.0, 24, 3)
    for mode in ("fade", "clause"):
        lat: list[float] = []
        for i in range(shows):
            with tempfile.TemporaryDirectory() as tmp:
                lat += asyncio.run(_yield_show(Path(tmp), mode, duration, turns, seed=100 + i))
        res[mode] = {"turns_over_ai": len(lat), "p50_ms": _pct(lat, 0.5), "p95_ms": _pct(lat, 0.95), "max_ms": max(lat) if lat else None}
    return res


def bench_vad() -> float:
    from tests.anchor.speech import espeak
    from vhost.anchor.vad import FRAME, VoiceActivity

    pcm = np.concatenate([espeak("Hello everyone, thanks for coming tonight.")] * 5)
    vad = VoiceActivity()
    frames = len(pcm) // FRAME
    t0 = time.perf_counter()
    vad.feed(pcm, 0.0)
    return (time.perf_counter() - t0) / frames * 1e6


def bench_asr(quick: bool) -> dict[str, Any]:
    from tests.anchor.speech import espeak
    from tests.asr.test_whisper import installed, piper_speech, wer
    from vhost.asr import whisper

    if not installed():
        return {"error": "faster-whisper or the Whisper packages are not installed"}
    whisper.prepare()
    en = [(s, piper_speech(s)) for s in (EN[:2] if quick else EN)]
    zh = [espeak(s, voice="cmn-latn-pinyin") for s in (ZH[:1] if quick else ZH)]
    out: dict[str, Any] = {}
    for threads in (1, 2):
        rec = whisper.WhisperRecognizer(threads=threads, strict=True)
        t0 = time.perf_counter()
        rec.recognize_sync(np.zeros(16000, np.int16), lang="en")  # load and warm
        load_s = time.perf_counter() - t0
        en_r = [rec.recognize_sync(pcm, lang="en", prompt="N9 phone, X1 earbuds, P65 charger.") for _, pcm in en if pcm is not None]
        zh_r = [rec.recognize_sync(pcm, lang="zh", prompt="小助手，N9 手機。") for pcm in zh]
        out[f"threads_{threads}"] = {
            "load_s": round(load_s, 2),
            "rtf_en": round(sum(r.compute_s for r in en_r) / sum(r.audio_s for r in en_r), 3) if en_r else None,
            "rtf_zh_espeak": round(sum(r.compute_s for r in zh_r) / sum(r.audio_s for r in zh_r), 3),
            "wer_en_piper": round(statistics.mean(wer(s, r.text) for (s, _), r in zip(en, en_r, strict=False)), 3) if en_r else None,
            "heard_en": [r.text for r in en_r],
        }
    return out


def run(quick: bool = False) -> dict[str, Any]:
    y = bench_yield(quick)
    vad_us = bench_vad()
    asr = bench_asr(quick)
    rows: list[tuple[str, str, str]] = []
    for mode in ("fade", "clause"):
        r = y[mode]
        rows.append((f"yield to the anchor, {mode}: p50 / p95 / max", f"{r['p50_ms']} / {r['p95_ms']} / {r['max_ms']} ms ({r['turns_over_ai']} turns)", "p95 <= 200 ms"))
    rows.append(("voice activity, one 20 ms frame", f"{vad_us:.0f} us", "<< 20 ms"))
    for t in (1, 2):
        a = asr.get(f"threads_{t}")
        if a:
            rows.append((f"Whisper-base RTF, {t} thread(s): English / Mandarin", f"{a['rtf_en']} / {a['rtf_zh_espeak']}", "< 1"))
    if asr.get("threads_2"):
        rows.append(("Whisper-base word error, piper English", str(asr["threads_2"]["wer_en_piper"]), "low"))
    return {"yield": y, "vad_us_per_frame": round(vad_us, 1), "asr": asr, "rows": rows}
