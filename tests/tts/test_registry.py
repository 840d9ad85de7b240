"""Persona voice settings resolved per engine and language."""

from __future__ import annotations

from vhost.persona.model import EdgeVoice, EspeakVoice, PiperVoice, VoiceConfig
from vhost.tts.base import VoiceSpec
from vhost.tts.registry import TTS_ENGINES, voice_spec

CFG = VoiceConfig(
    order=["edge", "piper", "espeak"],
    espeak=EspeakVoice(speed=160),
    edge=EdgeVoice(zh="zh-CN-XiaoxiaoNeural", rate="-5%", pitch="+2Hz", volume="+0%"),
    piper=PiperVoice(model="en_US-joe-medium"),
)


def test_edge_spec_per_language() -> None:
    assert voice_spec(CFG, "edge", "zh-Hant") == VoiceSpec(
        lang="zh", voice="zh-CN-XiaoxiaoNeural", rate="-5%", pitch="+2Hz", volume="+0%"
    )
    assert voice_spec(CFG, "edge", "en").voice == "en-US-EmmaMultilingualNeural"


def test_espeak_never_gets_the_broken_cmn_voice() -> None:
    zh = voice_spec(CFG, "espeak", "zh-Hans")
    assert zh == VoiceSpec(lang="zh", voice="cmn-latn-pinyin", speed_wpm=160)
    assert voice_spec(CFG, "espeak", "en").voice == "en-us"


def test_piper_spec_and_registry_entries() -> None:
    assert voice_spec(CFG, "piper", "en") == VoiceSpec(lang="en", model="en_US-joe-medium")
    assert {"espeak", "edge", "piper"} <= set(TTS_ENGINES.names())
