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


async def test_a_sentence_speed_scales_the_configured_rate():
    """VoiceSpec.speed (a brisk line in a busy room) on top of the persona's words per minute, also
    through the chain, which resolves the persona's espeak settings per sentence."""
    from vhost.clock import WallClock
    from vhost.persona.model import VoiceConfig
    from vhost.tts.registry import build_voice

    text = "今天給大家介紹一款耳機，續航三十小時"
    calm = await EspeakTTS().synthesize(text, VoiceSpec(lang="zh"))
    brisk = await EspeakTTS().synthesize(text, VoiceSpec(lang="zh", speed=1.5))
    assert brisk.duration_s < calm.duration_s * 0.8
    chain = build_voice(VoiceConfig(order=["espeak"]), WallClock(), cache_bytes=0)
    via_chain = await chain.synthesize(text, VoiceSpec(lang="zh", speed=1.5))
    assert abs(via_chain.duration_s - brisk.duration_s) < 0.05
    await chain.aclose()
