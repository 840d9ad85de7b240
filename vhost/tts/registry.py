"""TTS engines by name, resolved lazily (edge-tts and piper load only when used)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from vhost.registry import Registry

TTS_ENGINES: Registry[Callable[..., Any]] = Registry(
    "tts engine",
    lazy={
        "espeak": "vhost.tts.espeak:from_config",
    },
)
