"""Whisper-base from its PyPI chunk packages: prepared once, every file checked, and it
recognises synthesised speech (English from piper's natural voice and from espeak-ng)."""

from __future__ import annotations

import asyncio
import importlib.util
import os
import re
from pathlib import Path

import numpy as np
import pytest

from tests.anchor.speech import ESPEAK, RATE, espeak
from vhost.asr import whisper
from vhost.audio.convert import resample
from vhost.errors import VhostError

SENTENCES = [
    "Assistant, tell them about the N9 phone.",
    "The charger has three ports and sixty five watts.",
    "Thanks for the gifts, everyone, welcome to the stream.",
]


def installed() -> bool:
    try:
        whisper._data_files(whisper.get_manifest(whisper.DEFAULT))
    except VhostError:
        return False
    return importlib.util.find_spec("faster_whisper") is not None


@pytest.fixture(scope="module")
def recognizer() -> whisper.WhisperRecognizer:
    if not installed():
        if os.environ.get("VHOST_REQUIRE_MODEL"):
            pytest.fail("the Whisper packages are not installed: run `make venv`")
        pytest.skip("faster-whisper or the Whisper packages are not installed (pip install -e '.[asr]')")
    whisper.prepare()
    return whisper.WhisperRecognizer(threads=2, strict=True)


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower().replace("sixty five", "65").replace("sixty-five", "65"))


def wer(ref: str, hyp: str) -> float:
    r, h = words(ref), words(hyp)
    d = list(range(len(h) + 1))
    for i, rw in enumerate(r, 1):
        prev, d[0] = d[0], i
        for j, hw in enumerate(h, 1):
            prev, d[j] = d[j], min(d[j] + 1, d[j - 1] + 1, prev + (rw != hw))
    return d[len(h)] / max(1, len(r))


async def piper_speech_async(text: str) -> np.ndarray | None:
    """piper's natural English voice at RATE, or None when piper or its voice is missing."""
    try:
        from vhost.tts.base import VoiceSpec
        from vhost.tts.piper import PiperTTS

        s = await PiperTTS().synthesize(text, VoiceSpec(lang="en"))
    except Exception:
        return None
    return resample(s.pcm, s.sample_rate, RATE)


def piper_speech(text: str) -> np.ndarray | None:
    return asyncio.run(piper_speech_async(text))


def test_prepare_checks_every_file(tmp_path, monkeypatch):
    if not installed():
        pytest.skip("the Whisper packages are not installed")
    monkeypatch.setenv("VHOST_MODEL_CACHE", str(tmp_path))
    folder = whisper.prepare()
    assert folder == tmp_path / "whisper-base" and whisper.is_prepared()
    assert sorted(p.name for p in folder.iterdir()) == ["config.json", "model.bin", "tokenizer.json", "vhost-prepared.json", "vocabulary.txt"]
    assert (folder / "model.bin").stat().st_size == 145217532
    with (folder / "config.json").open("ab") as f:  # any change to a file is noticed
        f.write(b" ")
    assert not whisper.is_prepared()
    with pytest.raises(VhostError, match="vhost models prepare whisper-base"):
        whisper.verified_dir()
    whisper.prepare()
    assert whisper.is_prepared()


def test_a_wrong_checksum_is_refused_and_nothing_is_kept(tmp_path, monkeypatch):
    if not installed():
        pytest.skip("the Whisper packages are not installed")
    models = tmp_path / "models"
    (models / "asr").mkdir(parents=True)
    text = (Path("models/asr/whisper-base.yaml")).read_text()
    real = whisper.get_manifest("whisper-base").files["vocabulary.txt"].sha256
    (models / "asr" / "whisper-base.yaml").write_text(text.replace(real, "f" * 64))
    monkeypatch.setenv("VHOST_MODELS", str(models))
    monkeypatch.setenv("VHOST_MODEL_CACHE", str(tmp_path / "cache"))
    with pytest.raises(VhostError) as e:
        whisper.prepare()
    assert "vocabulary.txt" in str(e.value) and "nothing was used" in str(e.value)
    assert not (tmp_path / "cache" / "whisper-base").exists()


@pytest.mark.parametrize("voice", ["piper", "espeak"])
def test_recognises_synthesised_english(recognizer, voice):
    out = []
    for s in SENTENCES:
        pcm = piper_speech(s) if voice == "piper" else (espeak(s) if ESPEAK else None)
        if pcm is None:
            pytest.skip(f"{voice} is not available")
        rec = recognizer.recognize_sync(pcm, lang="en", prompt="N9 phone, X1 earbuds, P65 charger.")
        out.append((s, rec))
    errors = [wer(s, r.text) for s, r in out]
    heard = [(r.text, round(e, 2)) for (_, r), e in zip(out, errors, strict=True)]
    if voice == "piper":  # a natural voice: nearly word for word
        assert max(errors) <= 0.2 and "n9" in words(out[0][1].text), heard
    else:  # a robotic one: most words
        assert sum(errors) / len(errors) <= 0.3, heard
    assert all(r.lang == "en" and r.audio_s > 1.0 and r.compute_s > 0 for _, r in out)


HINT = "X1 無線藍牙耳機，P65 氮化鎵快充頭，N9 手機。"


def test_unclear_audio_never_becomes_a_sure_cue(recognizer):
    """Over noise Whisper writes its hint back, sure of itself; over robotic Mandarin it guesses."""
    noise = np.random.default_rng(0).normal(0, 300, 2 * RATE).astype(np.int16)
    rec = recognizer.recognize_sync(noise, lang="zh", prompt=HINT)
    assert rec.text == "" and rec.dropped in ("no speech", "echo of the hint", "repetition"), rec
    if ESPEAK:
        for line in ("xiao3 zhu4 shou3, jie4 shao4 yi2 xia4 N9 shou3 ji1", "jia1 ren2 men5 wan3 shang4 hao3"):
            rec = recognizer.recognize_sync(espeak(line, voice="cmn-latn-pinyin"), lang="zh", prompt=HINT)
            assert rec.text == "" or not rec.sure, rec


def test_silence_is_not_turned_into_words(recognizer):
    rng = np.random.default_rng(0)
    noise = rng.normal(0, 20, 2 * RATE).astype(np.int16)
    rec = recognizer.recognize_sync(noise, lang="zh")
    assert rec.compute_s < 10, "a bounded token budget keeps a hard stretch cheap"
    assert len(rec.text) <= 12, rec.text


def test_unprepared_model_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setenv("VHOST_MODEL_CACHE", str(tmp_path))
    with pytest.raises(VhostError) as e:
        whisper.load_model()
    assert str(e.value) == "speech model 'whisper-base' is not prepared (or its files changed) (run: vhost models prepare whisper-base)"
