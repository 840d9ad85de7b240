"""Chinese voices: how well they are understood, how fast they speak, how soon the first audio comes.

- CER: sentences of both shipped Chinese personas (scripts, FAQs, prices, specs, greetings;
  every second one of vhost.asr.intelligibility.persona_sentences(), >= 100) spoken by each
  engine and transcribed by Whisper-base (faster-whisper, int8, 2 threads); character error
  rate after normalisation (Traditional -> Simplified, Chinese numerals -> digits, punctuation
  dropped, multi-character letter names -> letters). Lower is better.
- RTF of the neural voice with 1 thread, idle and with one core kept busy by another process
  (the show's LLM decoding next to it).
- first audio: a sentence's text ready -> its first clause's audio ready, as the show's voice
  stage makes it (clause by clause), median and worst over the persona sentences.
- prepare: the time `vhost voices prepare` recorded when it built the voice.
"""

from __future__ import annotations

import asyncio
import json
import multiprocessing
import statistics
import time
from typing import Any


def _spin(stop: Any) -> None:
    x = 0
    while not stop.is_set():
        for _ in range(100_000):
            x += 1


async def _rtf(engine: Any, lines: list[str]) -> float:
    from vhost.tts.base import VoiceSpec

    synth = audio = 0.0
    for line in lines:
        t0 = time.perf_counter()
        speech = await engine.synthesize(line, VoiceSpec(lang="zh"))
        synth += time.perf_counter() - t0
        audio += speech.duration_s
    return synth / audio


async def _first_audio(engine: Any, lines: list[str]) -> list[float]:
    from vhost.tts.base import VoiceSpec
    from vhost.voice import clauses

    out = []
    for line in lines:
        t0 = time.perf_counter()
        await engine.synthesize(clauses(line, "zh-Hant")[0], VoiceSpec(lang="zh"))
        out.append(time.perf_counter() - t0)
    return out


async def _bench(quick: bool) -> dict[str, Any]:
    from vhost.asr import whisper
    from vhost.asr.intelligibility import measure, persona_sentences
    from vhost.tts import voices
    from vhost.tts.espeak import EspeakTTS
    from vhost.tts.fastspeech2 import FastSpeech2TTS

    m = voices.default_voice("fastspeech2")
    folder = voices.prepare(m.name)
    whisper.prepare()
    sents = persona_sentences()
    sample = sents[:: 12 if quick else 2]
    rec = whisper.WhisperRecognizer(threads=2)
    rows: list[list[Any]] = []
    out: dict[str, Any] = {"sentences": len(sample)}

    neural = FastSpeech2TTS(threads=1)
    for name, engine in (("fastspeech2", neural), ("espeak", EspeakTTS())):
        rep = await measure(engine, sample, rec)
        out[f"cer_{name}"] = rep.as_dict()
        target = "<= 0.12" if name == "fastspeech2" else "(was 0.88 on a whole show)"
        rows.append([f"CER {name} ({rep.sentences} persona sentences, Whisper-base)", round(rep.cer, 3), target])

    lines = sents[: 6 if quick else 30]
    rtf_idle = await _rtf(neural, lines)
    stop = multiprocessing.Event()
    busy = multiprocessing.Process(target=_spin, args=(stop,), daemon=True)
    busy.start()
    try:
        rtf_busy = await _rtf(neural, lines)
        first_busy = await _first_audio(neural, lines)
    finally:
        stop.set()
        busy.join(5)
    first = await _first_audio(neural, lines)
    rows.append(["RTF fastspeech2, 1 thread, idle", round(rtf_idle, 3), "<= 0.1"])
    rows.append(["RTF fastspeech2, 1 thread, one core busy", round(rtf_busy, 3), "<= 0.1"])
    rows.append(["first audio ms (first clause), median / max", f"{statistics.median(first) * 1000:.0f} / {max(first) * 1000:.0f}", "<= 150"])
    rows.append(["first audio ms, one core busy, median / max", f"{statistics.median(first_busy) * 1000:.0f} / {max(first_busy) * 1000:.0f}", "<= 150"])
    record = json.loads((folder / voices.PREPARED).read_text())
    rows.append(["voices prepare (fetch + tool env + tf2onnx + check), s", record.get("total_s"), ""])
    out.update(
        rtf_idle=rtf_idle, rtf_busy=rtf_busy, first_audio_s=first, first_audio_busy_s=first_busy, prepare=record,
    )
    out["rows"] = rows
    return out


def run(quick: bool = False) -> dict[str, Any]:
    return asyncio.run(_bench(quick))
