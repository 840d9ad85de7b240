"""The ffmpeg command line for the program encoder, built from a sink spec.

The host is the clock: program audio arrives as raw s16le on a pipe, without `-re`.
The video track (a colour or a still image) is generated inside the same filter graph
as the audio and clocked by it, so video never runs ahead of sound and an idle
(silent) stretch still carries both tracks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from vhost.errors import ConfigError
from vhost.sinks.base import AudioFormat

# options the sink understands; everything else in a URL query belongs to the URL
OPTION_KEYS = frozenset({"video", "image", "size", "fps", "abitrate", "vbitrate", "ar", "preset", "queue"})
MUXER_BY_SUFFIX = {".flv": "flv", ".mp4": "mp4", ".mkv": "matroska", ".ts": "mpegts", ".mov": "mov"}


@dataclass(frozen=True, slots=True)
class EncoderOptions:
    video: str = "color"  # color | image | none
    color: str = "black"
    image: Path | None = None
    size: str = "1280x720"
    fps: int = 30
    abitrate: str = "128k"
    vbitrate: str = "1500k"
    ar: int = 44100
    preset: str = "veryfast"


@dataclass(frozen=True, slots=True)
class Output:
    kind: str  # rtmp | rtmps | srt | file | null
    url: str  # URL, file path, or "-" for null
    muxer: str

    def numbered(self, n: int) -> Output:
        """The n-th restart of a file sink writes out.<n>.flv instead of overwriting out.flv."""
        if self.kind != "file" or n == 0:
            return self
        p = Path(self.url)
        return replace(self, url=str(p.with_name(f"{p.stem}.{n}{p.suffix}")))


def _check(key: str, value: str, pattern: str, what: str) -> str:
    if not re.fullmatch(pattern, value):
        raise ConfigError(f"sink option {key}={value!r} is not {what}")
    return value


def parse_options(params: dict[str, str]) -> EncoderOptions:
    """`video=color:black|image|none`, `image=bg.png`, `size=1280x720`, `fps=30`, `abitrate=128k`, ..."""
    o = EncoderOptions()
    video = params.get("video", "")
    image = params.get("image")
    if image or video.startswith("image"):
        path = Path(image or video.partition(":")[2])
        if not path.is_file():
            raise ConfigError(f"sink option image={str(path)!r}: no such file", fix="give a PNG/JPG path")
        o = replace(o, video="image", image=path)
    elif video == "none":
        o = replace(o, video="none")
    elif video:
        kind, _, color = video.partition(":")
        if kind != "color":
            raise ConfigError(f"sink option video={video!r} is not color:NAME, image:PATH or none")
        o = replace(o, color=_check("video", color or "black", r"[A-Za-z0-9#@.]{1,32}", "a colour name or #RRGGBB"))
    if "size" in params:
        o = replace(o, size=_check("size", params["size"], r"\d{2,4}x\d{2,4}", "WIDTHxHEIGHT"))
    if "fps" in params:
        fps = int(_check("fps", params["fps"], r"\d{1,3}", "a whole number"))
        if not 1 <= fps <= 120:
            raise ConfigError(f"sink option fps={fps} is outside 1..120")
        o = replace(o, fps=fps)
    if "abitrate" in params:
        o = replace(o, abitrate=_check("abitrate", params["abitrate"], r"\d{2,4}[kK]", "a bitrate like 128k"))
    if "vbitrate" in params:
        o = replace(o, vbitrate=_check("vbitrate", params["vbitrate"], r"\d{2,6}[kKmM]?", "a bitrate like 2500k"))
    if "ar" in params:
        if params["ar"] not in ("44100", "48000"):
            raise ConfigError(f"sink option ar={params['ar']!r} is not 44100 or 48000")
        o = replace(o, ar=int(params["ar"]))
    if "preset" in params:
        o = replace(o, preset=_check("preset", params["preset"], r"[a-z]{4,10}", "an x264 preset"))
    return o


def split_url_options(url: str) -> tuple[str, dict[str, str]]:
    """Take the sink's own options out of an rtmp/srt URL; the URL keeps its other parameters."""
    parts = urlsplit(url)
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    mine = {k: v for k, v in pairs if k in OPTION_KEYS}
    rest = [(k, v) for k, v in pairs if k not in OPTION_KEYS]
    return urlunsplit(parts._replace(query=urlencode(rest, safe=":/,"))), mine


def make_output(scheme: str, target: str, out_dir: Path | None) -> Output:
    if scheme in ("rtmp", "rtmps"):
        return Output(scheme, target, "flv")
    if scheme == "srt":
        return Output(scheme, target, "mpegts")
    if scheme == "null":
        return Output("null", "-", "null")
    if scheme == "file":
        path = Path(target or "program.flv")
        if not path.is_absolute() and out_dir is not None:
            path = Path(out_dir) / path
        muxer = MUXER_BY_SUFFIX.get(path.suffix.lower())
        if muxer is None:
            known = ", ".join(MUXER_BY_SUFFIX)
            raise ConfigError(f"sink file:{target}: unknown container '{path.suffix}'", fix=f"use one of {known}")
        return Output("file", str(path), muxer)
    raise ConfigError(f"unknown encoder sink '{scheme}'", fix="use rtmp://, rtmps://, srt://, file: or null:")


def build_command(ffmpeg: str, fmt: AudioFormat, opts: EncoderOptions, out: Output) -> list[str]:
    cmd = [ffmpeg, "-hide_banner", "-nostats", "-loglevel", "warning", "-y"]
    layout = "mono" if fmt.channels == 1 else "stereo"
    cmd += ["-f", "s16le", "-ar", str(fmt.sample_rate), "-ac", str(fmt.channels), "-ch_layout", layout]
    cmd += ["-thread_queue_size", "1024", "-i", "pipe:0"]
    w, _, h = opts.size.partition("x")
    if opts.video == "none":
        cmd += ["-map", "0:a"]
    else:
        if opts.video == "image":
            assert opts.image is not None
            cmd += ["-framerate", str(opts.fps), "-i", str(opts.image)]
            bg = (
                f"[1:v]scale={w}:{h}:force_original_aspect_ratio=decrease,pad={w}:{h}:(ow-iw)/2:(oh-ih)/2,"
                f"setsar=1,format=yuv420p,loop=loop=-1:size=1,setpts=N/({opts.fps}*TB)[bg]"
            )
        else:
            cmd += ["-f", "lavfi", "-i", f"color=c={opts.color}:s={opts.size}:r={opts.fps}"]
            bg = "[1:v]null[bg]"
        # an invisible 2x2 waveform of the program audio paces the background frames
        graph = (
            f"[0:a]asplit=2[a][w];[w]showwaves=s=2x2:rate={opts.fps}:mode=point[clk];{bg};"
            "[bg][clk]overlay=x=-8:y=-8:shortest=1:eof_action=endall,format=yuv420p[v]"
        )
        cmd += ["-filter_complex", graph, "-map", "[v]", "-map", "[a]"]
        cmd += ["-c:v", "libx264", "-preset", opts.preset, "-tune", "zerolatency", "-pix_fmt", "yuv420p"]
        cmd += ["-g", str(opts.fps * 2), "-b:v", opts.vbitrate, "-maxrate", opts.vbitrate]
        cmd += ["-bufsize", _double(opts.vbitrate)]
    cmd += ["-c:a", "aac", "-b:a", opts.abitrate, "-ar", str(opts.ar), "-ac", str(fmt.channels)]
    if out.kind == "file":
        cmd += ["-flush_packets", "1"]  # a SIGKILL loses at most one packet, not a 32 KB buffer
    if out.muxer == "mp4":
        cmd += ["-movflags", "+frag_keyframe+empty_moov+default_base_moof"]  # playable after a crash
    if out.muxer == "flv" and out.kind != "file":
        cmd += ["-flvflags", "no_duration_filesize"]
    cmd += ["-f", out.muxer, out.url]
    return cmd


def _double(rate: str) -> str:
    m = re.fullmatch(r"(\d+)([kKmM]?)", rate)
    return f"{int(m.group(1)) * 2}{m.group(2)}" if m else rate
