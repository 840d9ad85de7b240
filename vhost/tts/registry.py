"""TTS engines by name, resolved lazily (edge-tts and piper load only when used)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any

from vhost.clock import Clock
from vhost.errors import ConfigError, VhostError
from vhost.persona.model import VoiceConfig
from vhost.registry import Registry
from vhost.tts.base import TTS, TTSError, VoiceSpec

log = logging.getLogger(__name__)

TTS_ENGINES: Registry[Callable[..., Any]] = Registry(
    "tts engine",
    lazy={
        "espeak": "vhost.tts.espeak:from_config",
        "edge": "vhost.tts.edge:from_config",
        "piper": "vhost.tts.piper:from_config",
        "fastspeech2": "vhost.tts.fastspeech2:from_config",
    },
)

DEFAULT_CACHE_BYTES = 64 * 1024 * 1024


def voice_spec(voice_cfg: VoiceConfig, engine: str, lang: str) -> VoiceSpec:
    """The persona's voice for one engine and one sentence language (zh-Hant/zh-Hans/zh -> zh)."""
    fam = "zh" if lang.startswith("zh") else "en"
    if engine == "edge":
        e = voice_cfg.edge
        return VoiceSpec(lang=fam, voice=e.zh if fam == "zh" else e.en, rate=e.rate, pitch=e.pitch, volume=e.volume)
    if engine == "espeak":
        s = voice_cfg.espeak
        return VoiceSpec(lang=fam, voice=s.zh if fam == "zh" else s.en, speed_wpm=s.speed)
    if engine == "piper":
        return VoiceSpec(lang=fam, model=voice_cfg.piper.model)
    return VoiceSpec(lang=fam)


def _engine_options(voice_cfg: VoiceConfig, engine: str) -> dict[str, Any]:
    if engine == "espeak":
        return {"pitch": voice_cfg.espeak.pitch}
    if engine == "edge":
        return {"zh_voice": voice_cfg.edge.zh, "en_voice": voice_cfg.edge.en}
    if engine == "piper":
        return {"model": voice_cfg.piper.model}
    if engine == "fastspeech2":
        return voice_cfg.fastspeech2.model_dump()
    return {}


def build_voice(
    voice_cfg: VoiceConfig,
    clock: Clock,
    *,
    cache_bytes: int = DEFAULT_CACHE_BYTES,
    timeouts: Mapping[str, float] | None = None,
    last_resort: str | None = "espeak",
) -> TTS:
    """The persona's failover chain in voice.order, each engine behind its own cache.
    espeak-ng is appended as the offline last resort unless listed (or last_resort=None);
    an engine that cannot start here (piper not installed) is left out with a warning."""
    from vhost.tts.cache import CachedTTS
    from vhost.tts.failover import FailoverTTS

    order: list[str] = list(dict.fromkeys(voice_cfg.order))
    if last_resort and last_resort not in order:
        order.append(last_resort)
    engines: list[TTS] = []
    problems: list[str] = []
    for name in order:
        try:
            engine = TTS_ENGINES.get(name)(**_engine_options(voice_cfg, name))
        except (TTSError, VhostError) as e:
            problems.append(f"{name}: {e}")
            log.warning("voice engine %s left out: %s", name, e)
            continue
        engines.append(CachedTTS(engine, cache_bytes) if cache_bytes > 0 else engine)
    if not engines:
        raise ConfigError("no voice engine could start: " + "; ".join(problems))
    return FailoverTTS(engines, clock, resolve=lambda engine, spec: replace(voice_spec(voice_cfg, engine, spec.lang), speed=spec.speed), timeouts=timeouts)
