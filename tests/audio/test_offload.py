"""A clause's conversion to program audio (FFT resampling, loudness, fades: 30-150 ms for a long
clause on a busy machine) runs on the compute thread, not on the event loop the stage renders on."""

from __future__ import annotations

import threading
from pathlib import Path
from types import SimpleNamespace

import numpy as np

import vhost.voice as voice_mod
from vhost.clock import FastClock
from vhost.persona.loader import load_persona
from vhost.soak.backends import ToneTTS

PERSONA = Path(__file__).resolve().parents[2] / "personas" / "tech_reviewer.yaml"


async def test_clause_is_converted_off_the_event_loop(monkeypatch) -> None:
    threads: list[str] = []
    convert = voice_mod.to_program

    def spy(pcm: np.ndarray, sr: int) -> np.ndarray:
        threads.append(threading.current_thread().name)
        return convert(pcm, sr)

    monkeypatch.setattr(voice_mod, "to_program", spy)
    voice = voice_mod.Voice(load_persona(PERSONA), FastClock(), tts=ToneTTS(sr=16000))
    piece = await voice.piece(SimpleNamespace(text="先看耳機，到手價一百九十九元。", lang="zh-Hant"))
    assert piece is not None and len(piece.pcm) > 48000  # 48 kHz program audio, more than a second
    assert threads and all(t.startswith("vhost-compute") for t in threads)
    assert threading.main_thread().name not in threads
