"""edge-tts: Microsoft's online neural voices. The natural-sounding primary when the network
is up; every way it can fail becomes a one-line TTSError so the failover chain moves on.

MP3 from the websocket is decoded by an ffmpeg child fed through pipes while frames still
arrive (no temp files). Word/sentence boundaries arrive in 100 ns ticks and become exact
subtitle marks (ticks / 10,000 = ms).
"""

from __future__ import annotations

import asyncio
import contextlib

import aiohttp
import numpy as np

from vhost.errors import MissingTool, require_tool
from vhost.tts.base import Speech, TTSError, VoiceSpec, WordMark

DEFAULT_VOICES = {"zh": "zh-TW-HsiaoChenNeural", "en": "en-US-EmmaMultilingualNeural"}
SAMPLE_RATE = 24000  # audio-24khz-48kbitrate-mono-mp3
TICKS_PER_S = 10_000_000


def ffmpeg_binary() -> str:
    return require_tool("ffmpeg")


class Mp3Decoder:
    """An ffmpeg child decoding MP3 on stdin to s16le mono on stdout, read concurrently so
    neither pipe can fill up and stall."""

    def __init__(self, sample_rate: int = SAMPLE_RATE) -> None:
        self.sample_rate = sample_rate
        self._proc: asyncio.subprocess.Process | None = None
        self._reader: asyncio.Task[bytes] | None = None
        self._fed = 0

    async def start(self) -> None:
        args = [ffmpeg_binary(), "-hide_banner", "-loglevel", "error", "-f", "mp3", "-i", "pipe:0"]
        args += ["-f", "s16le", "-ac", "1", "-ar", str(self.sample_rate), "pipe:1"]
        self._proc = await asyncio.create_subprocess_exec(
            *args, stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE
        )
        assert self._proc.stdout is not None
        self._reader = asyncio.create_task(self._proc.stdout.read(), name="edge-mp3-read")

    async def feed(self, data: bytes) -> None:
        if self._proc is None:
            await self.start()
        assert self._proc is not None and self._proc.stdin is not None
        self._proc.stdin.write(data)
        self._fed += len(data)
        await self._proc.stdin.drain()

    async def finish(self) -> np.ndarray:
        if self._proc is None or self._reader is None:
            return np.zeros(0, np.int16)
        assert self._proc.stdin is not None and self._proc.stderr is not None
        self._proc.stdin.close()
        raw = await self._reader
        err = await self._proc.stderr.read()
        rc = await self._proc.wait()
        if rc != 0:
            raise TTSError(f"edge-tts: ffmpeg could not decode the MP3 ({err.decode(errors='replace').strip()[:160]})")
        return np.frombuffer(raw[: len(raw) // 2 * 2], dtype="<i2").astype(np.int16)

    async def abort(self) -> None:
        if self._reader is not None:
            self._reader.cancel()
        if self._proc is not None and self._proc.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                self._proc.kill()
            with contextlib.suppress(Exception):
                await self._proc.wait()


def describe_error(e: BaseException) -> str:
    """One line saying what went wrong with the service, fit for a health report."""
    import edge_tts.exceptions as ex

    if isinstance(e, aiohttp.ClientResponseError):
        return f"edge-tts refused the connection (HTTP {e.status} {e.message})".strip()
    if isinstance(e, aiohttp.ClientConnectorError):
        return f"edge-tts offline: cannot connect to {e.host}:{e.port} ({e.os_error.strerror or e.os_error})"
    if isinstance(e, TimeoutError | aiohttp.ServerTimeoutError):
        return "edge-tts offline: timed out waiting for the service"
    if isinstance(e, ex.NoAudioReceived):
        return "edge-tts returned no audio for this text"
    if isinstance(e, ex.SkewAdjustmentError):
        return f"edge-tts refused the connection and the clock-skew retry failed ({e})"
    if isinstance(e, ex.EdgeTTSException):
        return f"edge-tts protocol error: {type(e).__name__}: {e}"
    if isinstance(e, aiohttp.ClientError):
        return f"edge-tts connection error: {type(e).__name__}: {e}"
    if isinstance(e, ValueError):
        return f"edge-tts rejected a voice setting: {e}"
    return f"edge-tts failed: {type(e).__name__}: {e}"


class EdgeTTS:
    """One sentence per call; the library splits text over 4096 bytes into several
    connections and keeps the boundary offsets continuous across them."""

    name = "edge"

    def __init__(
        self,
        *,
        zh_voice: str = DEFAULT_VOICES["zh"],
        en_voice: str = DEFAULT_VOICES["en"],
        connect_timeout: int = 10,
        receive_timeout: int = 60,
        boundary: str = "WordBoundary",
    ) -> None:
        try:
            import edge_tts  # noqa: F401
        except ImportError:
            raise TTSError("edge-tts is not installed (pip install 'vhost[online]')") from None
        self.voices = {"zh": zh_voice, "en": en_voice}
        self.connect_timeout = connect_timeout
        self.receive_timeout = receive_timeout
        self.boundary = boundary

    def voice_for(self, spec: VoiceSpec) -> str:
        return spec.voice or self.voices.get(spec.lang) or self.voices["en"]

    async def synthesize(self, text: str, voice: VoiceSpec) -> Speech:
        text = text.strip()
        if not text:
            raise TTSError("edge-tts: empty text")
        import edge_tts.exceptions as ex

        decoder = Mp3Decoder()
        try:
            words = await self._stream(text, voice, decoder)
            pcm = await decoder.finish()
        except BaseException as e:
            await decoder.abort()
            if isinstance(e, TTSError):
                raise
            if isinstance(e, MissingTool):
                raise TTSError(f"edge-tts: {e}") from None
            if isinstance(e, aiohttp.ClientError | TimeoutError | ValueError | OSError | ex.EdgeTTSException):
                raise TTSError(describe_error(e)) from None
            raise
        if len(pcm) == 0:
            raise TTSError("edge-tts returned audio that decoded to nothing")
        duration = len(pcm) / SAMPLE_RATE
        from vhost.tts.visemes import visemes_from_words

        visemes = await asyncio.to_thread(visemes_from_words, words, voice.lang, duration, text)
        return Speech(pcm=pcm, sample_rate=SAMPLE_RATE, engine=self.name, words=words, visemes=visemes)

    async def _stream(self, text: str, voice: VoiceSpec, decoder: Mp3Decoder) -> tuple[WordMark, ...]:
        import edge_tts

        comm = edge_tts.Communicate(
            text,
            self.voice_for(voice),
            rate=voice.rate,
            volume=voice.volume,
            pitch=voice.pitch,
            boundary=self.boundary,  # type: ignore[arg-type]
            connect_timeout=self.connect_timeout,
            receive_timeout=self.receive_timeout,
        )
        words: list[WordMark] = []
        stream = comm.stream()
        try:
            while True:
                # aiohttp's sock_read does not cover a websocket that goes quiet after the
                # upgrade, so each frame gets its own idle deadline
                try:
                    async with asyncio.timeout(self.receive_timeout):
                        chunk = await anext(stream)
                except StopAsyncIteration:
                    break
                kind = chunk["type"]
                if kind == "audio":
                    await decoder.feed(chunk["data"])
                elif kind in ("WordBoundary", "SentenceBoundary"):
                    words.append(
                        WordMark(
                            offset_s=chunk["offset"] / TICKS_PER_S,
                            duration_s=chunk["duration"] / TICKS_PER_S,
                            text=chunk["text"],
                            kind="word" if kind == "WordBoundary" else "sentence",
                        )
                    )
        finally:
            await stream.aclose()
        return tuple(words)

    async def aclose(self) -> None:
        return None


def from_config(
    *,
    zh_voice: str = DEFAULT_VOICES["zh"],
    en_voice: str = DEFAULT_VOICES["en"],
    connect_timeout: int = 10,
    receive_timeout: int = 60,
) -> EdgeTTS:
    return EdgeTTS(zh_voice=zh_voice, en_voice=en_voice, connect_timeout=connect_timeout, receive_timeout=receive_timeout)
