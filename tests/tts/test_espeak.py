"""The real espeak-ng voice: Mandarin through cmn-latn-pinyin, English through en-us."""

import numpy as np
import pytest

from vhost.tts.base import TTSError, VoiceSpec
from vhost.tts.espeak import EspeakTTS


async def test_chinese_both_scripts_and_english_speak():
    tts = EspeakTTS()
    for text, lang in (("這款耳機續航三十小時。", "zh"), ("这款耳机续航三十小时。", "zh"), ("Thirty hours of battery.", "en")):
        sp = await tts.synthesize(text, VoiceSpec(lang=lang))
        assert sp.sample_rate == 22050 and sp.engine == "espeak"
        assert 0.8 < sp.duration_s < 10
        assert np.abs(sp.pcm).max() > 1000


def test_broken_cmn_voice_is_never_used():
    tts = EspeakTTS()
    assert tts.voice_for(VoiceSpec(lang="zh", voice="cmn")) == "cmn-latn-pinyin"
    assert tts.voice_for(VoiceSpec(lang="zh")) == "cmn-latn-pinyin"
    assert tts.voice_for(VoiceSpec(lang="en")) == "en-us"


async def test_speed_changes_duration():
    tts = EspeakTTS()
    slow = await tts.synthesize("今天給大家介紹一款耳機", VoiceSpec(lang="zh", speed_wpm=120))
    fast = await tts.synthesize("今天給大家介紹一款耳機", VoiceSpec(lang="zh", speed_wpm=300))
    assert slow.duration_s > fast.duration_s * 1.5


async def test_empty_text_is_an_error_not_audio():
    with pytest.raises(TTSError):
        await EspeakTTS().synthesize("   ", VoiceSpec(lang="zh"))
