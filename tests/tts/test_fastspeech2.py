"""The offline neural Mandarin voice: front-end, cues from predicted durations, streaming, chain."""

from __future__ import annotations

import asyncio
import itertools
import json
from pathlib import Path

import numpy as np
import pytest

from tests.tts.engines import prepared_neural_voice
from vhost.clock import WallClock
from vhost.persona.model import VoiceConfig
from vhost.text.speech import speech_form
from vhost.tts.base import VoiceSpec
from vhost.tts.fastspeech2 import BakerFrontEnd, Clause, cues, split_clauses

ZH = VoiceSpec(lang="zh")


@pytest.fixture
def mapper(tmp_path: Path) -> Path:
    """A Baker mapper with just the symbols these tests use (same layout as the real one)."""
    symbols = ["pad", "sil", "#0", "#1", "#3", "eos", "^", "j", "r", "m", "x", "h", "sh", "k", "s", "ia1", "en2", "en5", "ai4", "e4", "ii1", "i1", "ao3", "er5", "ua1"]
    pinyin = {"jia": ["j", "ia"], "ren": ["r", "en"], "men": ["m", "en"], "ai": ["^", "ai"], "ke": ["k", "e"], "si": ["s", "ii"], "yi": ["^", "i"], "hao": ["h", "ao"], "hua": ["h", "ua"]}
    path = tmp_path / "baker_mapper.json"
    path.write_text(json.dumps({"symbol_to_id": {s: i for i, s in enumerate(symbols)}, "pinyin_dict": pinyin}), encoding="utf-8")
    return path


def test_split_clauses_keeps_marks_with_their_clause() -> None:
    got = split_clauses(speech_form("家人們好，X1 現在 199 元。"))
    assert [c.written for c in got] == ["家人們好，", "X1 現在 199 元。"]
    assert got[1].spoken == "艾克斯一現在一百九十九元。"


def test_cues_come_from_the_predicted_durations(mapper: Path) -> None:
    fe = BakerFrontEnd(mapper)
    clause = Clause(speech_form("X1好").segments)
    phones, owner = fe.aligned(clause.spoken, clause.units)
    # sil ^ ai4 #0 k e4 #0 s ii1 #0 ^ i1 #1 h ao3 sil eos
    durations = np.array([4, 2, 6, 1, 3, 5, 1, 4, 6, 1, 2, 8, 1, 3, 9, 5, 1])
    assert len(durations) == len(phones)
    words, visemes = cues(clause, phones, owner, durations, 0.0125)
    assert [w.text for w in words] == ["X1", "好"]
    x1, hao = words
    assert x1.offset_s == pytest.approx(4 * 0.0125)  # starts after the leading silence
    assert x1.offset_s + x1.duration_s == pytest.approx(sum(durations[:12]) * 0.0125)  # ends with 一's final
    assert hao.offset_s == pytest.approx(sum(durations[:13]) * 0.0125)
    assert hao.duration_s == pytest.approx((3 + 9) * 0.0125)
    names = [v.viseme for v in visemes]
    # ai, e, ii (si) and i (yi) share one I, hao, then the mouth rests in the final silence
    assert names == ["A", "E", "I", "A", "rest"]
    assert visemes[1].offset_s == pytest.approx((4 + 2 + 6 + 1 + 3) * 0.0125)  # at e4's start
    assert all(a.offset_s <= b.offset_s for a, b in itertools.pairwise(visemes))


# -- the real voice, once prepared -------------------------------------------------------------


@pytest.fixture(scope="module")
def voice():
    prepared_neural_voice()
    from vhost.tts.fastspeech2 import FastSpeech2TTS

    return FastSpeech2TTS()


def test_every_character_of_the_persona_lines_is_said(voice) -> None:
    """No syllable dropped by the front-end: each spoken Chinese character owns phonemes."""
    from vhost.asr.intelligibility import persona_sentences

    checked = 0
    for line in persona_sentences():
        for clause in split_clauses(speech_form(line)):
            phones, owner = voice.synth.aligned(clause.spoken, clause.units)
            said = {o for o in owner if o >= 0}
            missing = [c for i, c in enumerate(clause.spoken) if "\u3400" <= c <= "\u9fff" and i not in said]
            assert not missing, f"{clause.spoken}: {missing} not said"
            assert all(p in voice.synth.front.symbol_to_id for p in phones)
            checked += len(said)
    assert checked > 2000


async def test_speaks_with_word_marks_in_the_written_text(voice) -> None:
    speech = await voice.synthesize("家人們晚上好，X1 現在是 199 元。", ZH)
    assert speech.sample_rate == 24000 and speech.engine == "fastspeech2"
    assert 2.0 < speech.duration_s < 8.0
    texts = [w.text for w in speech.words]
    assert "X1" in texts and "199" in texts and "家" in texts  # subtitles keep the written pieces
    assert all(a.offset_s <= b.offset_s for a, b in itertools.pairwise(speech.words))
    assert speech.words[-1].offset_s + speech.words[-1].duration_s <= speech.duration_s + 1e-6
    assert {v.viseme for v in speech.visemes} >= {"A", "rest"}
    loud = np.abs(speech.pcm.astype(np.int32)).max()
    assert loud > 3000  # real speech, not silence


async def test_streams_clause_by_clause_and_stops_when_cancelled(voice) -> None:
    parts = [s async for s in voice.stream("第一句，第二句，第三句。", ZH)]
    assert len(parts) == 3
    made: list[int] = []
    orig = voice.clause_audio

    def counting(clause, speed=1.0):
        made.append(1)
        return orig(clause, speed)

    voice.clause_audio = counting
    try:
        async def first_only() -> None:
            async for _ in voice.stream("第一句，第二句，第三句，第四句。", ZH):
                await asyncio.sleep(10)  # the listener is slow: cancelled while holding clause one

        task = asyncio.create_task(first_only())
        await asyncio.sleep(0.5)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
    finally:
        del voice.clause_audio
    assert made == [1]


async def test_refuses_english(voice) -> None:
    from vhost.tts.base import TTSError

    with pytest.raises(TTSError, match="Mandarin only"):
        await voice.synthesize("Hello there", VoiceSpec(lang="en"))


async def test_chain_without_the_prepared_voice_falls_back_to_espeak(tmp_path, monkeypatch, caplog) -> None:
    from vhost.tts.registry import build_voice

    monkeypatch.setenv("VHOST_MODEL_CACHE", str(tmp_path))  # nothing prepared here
    chain = build_voice(VoiceConfig(order=["fastspeech2", "espeak"]), WallClock(), cache_bytes=0)
    assert [e.name for e in chain.engines] == ["espeak"]  # type: ignore[attr-defined]
    assert "not prepared" in caplog.text
    speech = await chain.synthesize("你好", ZH)
    assert speech.engine == "espeak"
    await chain.aclose()


async def test_chain_puts_chinese_on_the_neural_voice_and_english_elsewhere(voice) -> None:
    from vhost.tts.registry import build_voice

    chain = build_voice(VoiceConfig(order=["fastspeech2", "espeak"]), WallClock(), cache_bytes=0)
    zh = await chain.synthesize("你好", ZH)
    en = await chain.synthesize("Hello", VoiceSpec(lang="en"))
    assert (zh.engine, en.engine) == ("fastspeech2", "espeak")
    await chain.aclose()


async def test_a_brisk_sentence_is_said_a_tenth_quicker_through_the_chain(voice) -> None:
    """A room that keeps asking hears its lines a tenth quicker (VoiceSpec.speed), also through the
    engine chain, which resolves each engine's own voice settings and keeps the sentence's speed."""
    from vhost.tts.registry import build_voice

    text = "X1 單次續航 8 小時，加上充電盒一共 30 小時。"
    calm = await voice.synthesize(text, ZH)
    brisk = await voice.synthesize(text, VoiceSpec(lang="zh", speed=1.1))
    assert 0.86 < brisk.duration_s / calm.duration_s < 0.95, (brisk.duration_s, calm.duration_s)
    chain = build_voice(VoiceConfig(order=["fastspeech2", "espeak"]), WallClock())
    via_chain = await chain.synthesize(text, VoiceSpec(lang="zh", speed=1.1))
    assert via_chain.engine == "fastspeech2" and abs(via_chain.duration_s - brisk.duration_s) < 0.05
    await chain.aclose()
