"""Every output spec from the CLI reaches the right backend with the right settings."""

from __future__ import annotations

from pathlib import Path

from vhost.avatar.overlay import OverlayOutput
from vhost.avatar.vmc import VmcOutput
from vhost.avatar.vts import VtsOutput
from vhost.clock import WallClock
from vhost.persona.model import Identity, Persona
from vhost.sinks.ffmpeg import FfmpegSink
from vhost.sinks.obs import ObsSink
from vhost.sinks.pcm_ws import PcmWsSink
from vhost.sinks.registry import AUDIO_SINKS, CUE_SINKS, split_spec


def build(spec: str, tmp: Path, fast: bool = False, cue: bool = False):
    ctx = {"persona": Persona(id="t", identity=Identity(name="t")), "clock": WallClock(), "out_dir": tmp, "fast": fast}
    scheme, target, params = split_spec(spec)
    return (CUE_SINKS if cue else AUDIO_SINKS).get(scheme)(target, params, ctx)


def test_audio_specs(tmp_path: Path) -> None:
    rtmp = build("rtmp://live.example/app/KEY?size=854x480&fps=25&video=color:navy&abitrate=96k", tmp_path)
    assert isinstance(rtmp, FfmpegSink) and (rtmp.out.kind, rtmp.out.url, rtmp.out.muxer) == (
        "rtmp",
        "rtmp://live.example/app/KEY",
        "flv",
    )
    assert (rtmp.opts.size, rtmp.opts.fps, rtmp.opts.color, rtmp.opts.abitrate) == ("854x480", 25, "navy", "96k")
    srt = build("srt://127.0.0.1:9000?streamid=publish:live&latency=200000", tmp_path)
    assert srt.out.muxer == "mpegts" and srt.out.url == "srt://127.0.0.1:9000?streamid=publish:live&latency=200000"
    f = build("file:out.mp4?video=none", tmp_path, fast=True)
    assert (f.out.url, f.out.muxer, f.opts.video, f.fast) == (str(tmp_path / "out.mp4"), "mp4", "none", True)
    assert build("null:", tmp_path).out.kind == "null"
    assert build("rtmps://a.example/app/k", tmp_path).out.kind == "rtmps"
    pcm = build("pcm-ws:8766", tmp_path)
    assert isinstance(pcm, PcmWsSink) and (pcm.host, pcm.port) == ("127.0.0.1", 8766)
    obs = build("obs:ws://127.0.0.1:4455?password=s3cret&input=TTS", tmp_path)
    assert isinstance(obs, ObsSink) and (obs.url, obs.input, obs._password) == ("ws://127.0.0.1:4455", "TTS", "s3cret")
    assert obs.dir == tmp_path / "obs"


def test_avatar_specs(tmp_path: Path) -> None:
    vts = build(f"vts:ws://127.0.0.1:8001?token_file={tmp_path}/tok", tmp_path, cue=True)
    assert isinstance(vts, VtsOutput) and vts.url == "ws://127.0.0.1:8001" and vts.token_file == tmp_path / "tok"
    assert build("vts:", tmp_path, cue=True).url == "ws://127.0.0.1:8001"
    vmc = build("vmc:127.0.0.1:39539", tmp_path, cue=True)
    assert isinstance(vmc, VmcOutput) and (vmc.host, vmc.port) == ("127.0.0.1", 39539)
    ov = build("overlay:8765", tmp_path, cue=True)
    assert isinstance(ov, OverlayOutput) and ov.port == 8765
