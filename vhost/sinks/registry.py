"""Sink specs -> sinks. `wav:PATH`, `pcm-ws:PORT`, `rtmp://...`, `srt://...`, `file:out.flv`,
`null:`, `obs:ws://...`; avatar specs `vts:`, `vmc:HOST:PORT`, `overlay:PORT`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from vhost.registry import Registry

# factory(target: str, params: dict[str, str], ctx: dict[str, Any]) -> AudioSink | CueSink
SinkFactory = Callable[[str, dict[str, str], dict[str, Any]], Any]

AUDIO_SINKS: Registry[SinkFactory] = Registry(
    "sink",
    lazy={
        "wav": "vhost.sinks.wav:from_spec",
        "rtmp": "vhost.sinks.ffmpeg:from_spec",
        "rtmps": "vhost.sinks.ffmpeg:from_spec",
        "srt": "vhost.sinks.ffmpeg:from_spec",
        "file": "vhost.sinks.ffmpeg:file_from_spec",
        "null": "vhost.sinks.ffmpeg:null_from_spec",
        "pcm-ws": "vhost.sinks.pcm_ws:from_spec",
        "obs": "vhost.sinks.obs:from_spec",
    },
)
CUE_SINKS: Registry[SinkFactory] = Registry(
    "avatar output",
    lazy={
        "vts": "vhost.avatar.vts:from_spec",
        "vmc": "vhost.avatar.vmc:from_spec",
        "overlay": "vhost.avatar.overlay:from_spec",
    },
)


def split_spec(spec: str) -> tuple[str, str, dict[str, str]]:
    """`rtmp://h/app/key` -> ("rtmp", "rtmp://h/app/key", {}); `wav:out.wav?x=1` -> ("wav", "out.wav", {"x": "1"})."""
    from urllib.parse import parse_qsl

    if "://" in spec and spec.split("://", 1)[0] in ("rtmp", "rtmps", "srt", "udp", "ws", "wss"):
        return spec.split("://", 1)[0], spec, {}
    scheme, _, rest = spec.partition(":")
    target, _, query = rest.partition("?")
    return scheme.lower(), target, dict(parse_qsl(query, keep_blank_values=True))
