"""A local stand-in for the edge-tts readaloud websocket (protocols.md section 6).

It speaks the frame layout the edge-tts 7.3.1 client parses: text frames of `key:value`
header lines, a blank line and a body; binary frames of a big-endian u16 header length, the
header lines (Path not first, each ending in CRLF) and MP3 bytes. Point the client at it with
`monkeypatch.setattr(edge_tts.communicate, "WSS_URL", server.wss_url)`.

Modes, taken per connection from `plan` (then `mode`):
  ok          turn.start, response, one audio.metadata per word, audio in several binary
              frames, the empty end-of-audio frame, turn.end
  reject403   refuse the handshake with HTTP 403 (with a Date header unless `date_header=False`)
  no_audio    turn.start then close: the client raises NoAudioReceived
  unknown     a text frame with an unknown Path
  hang        accept and never answer
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
import uuid
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any
from urllib.parse import parse_qs, urlsplit
from xml.sax.saxutils import unescape

from websockets.asyncio.server import Server, ServerConnection, serve
from websockets.datastructures import Headers
from websockets.http11 import Request, Response

TICKS_PER_S = 10_000_000


@dataclass
class Received:
    """What one client connection sent."""

    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    config_headers: dict[str, str] = field(default_factory=dict)
    config: dict[str, Any] | None = None
    ssml_headers: dict[str, str] = field(default_factory=dict)
    ssml: str = ""
    words_sent: list[tuple[int, int, str]] = field(default_factory=list)  # (offset ticks, duration ticks, text)

    @property
    def text(self) -> str:
        m = re.search(r"<prosody [^>]*>(.*)</prosody>", self.ssml, re.S)
        return unescape(m.group(1)) if m else ""


def split_message(data: str) -> tuple[dict[str, str], str]:
    head, _, body = data.partition("\r\n\r\n")
    headers = {}
    for line in head.split("\r\n"):
        key, _, value = line.partition(":")
        headers[key] = value
    return headers, body


def words_of(text: str) -> list[str]:
    """Boundary units the service would report: Latin words and single CJK characters."""
    return re.findall(r"[A-Za-z0-9']+|[\u3400-\u9fff]", text)


class FakeEdgeServer:
    def __init__(self, mp3: bytes, *, audio_frames: int = 4, mp3_duration_s: float = 1.0) -> None:
        self.mp3 = mp3
        self.audio_frames = audio_frames
        self.mp3_duration_s = mp3_duration_s
        self.mode = "ok"
        self.plan: list[str] = []  # modes for the next connections, consumed first
        self.date_header = True
        self.connections: list[Received] = []
        self.handshakes = 0
        self.rejected = 0
        self._server: Server | None = None
        self.port = 0

    @property
    def wss_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/edge/v1?TrustedClientToken=x"

    async def start(self) -> FakeEdgeServer:
        self._server = await serve(self._handle, "127.0.0.1", self.port, process_request=self._process_request)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self._server.wait_closed(), 2)
            self._server = None

    async def __aenter__(self) -> FakeEdgeServer:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    def _next_mode(self) -> str:
        return self.plan.pop(0) if self.plan else self.mode

    def _process_request(self, connection: ServerConnection, request: Request) -> Response | None:
        self.handshakes += 1
        mode = self._next_mode()
        connection.fake_mode = mode  # type: ignore[attr-defined]
        if mode != "reject403":
            return None
        self.rejected += 1
        response = connection.respond(HTTPStatus.FORBIDDEN, "Forbidden\n")
        if not self.date_header:
            response.headers = Headers([(k, v) for k, v in response.headers.raw_items() if k.lower() != "date"])
        return response

    async def _handle(self, ws: ServerConnection) -> None:
        mode: str = getattr(ws, "fake_mode", "ok")
        req = ws.request
        assert req is not None
        url = urlsplit(req.path)
        rec = Received(path=url.path, query=parse_qs(url.query), headers={k: v for k, v in req.headers.raw_items()})
        self.connections.append(rec)
        try:
            if mode == "hang":
                await ws.wait_closed()
            first = await ws.recv()
            rec.config_headers, body = split_message(str(first))
            rec.config = json.loads(body.strip())
            second = await ws.recv()
            rec.ssml_headers, rec.ssml = split_message(str(second))
            rid = rec.ssml_headers.get("X-RequestId", uuid.uuid4().hex)
            await ws.send(self._text(rid, "turn.start", '{"context":{"serviceTag":"fake"}}'))
            if mode == "no_audio":
                await ws.close()
                return
            if mode == "unknown":
                await ws.send(self._text(rid, "surprise", "{}"))
                await ws.wait_closed()
                return
            await ws.send(self._text(rid, "response", '{"context":{"serviceTag":"fake"}}'))
            await self._speak(ws, rid, rec)
            await ws.send(self._text(rid, "turn.end", "{}"))
            await ws.wait_closed()
        except Exception:  # the client hung up mid-turn; a real service just drops it too
            return

    async def _speak(self, ws: ServerConnection, rid: str, rec: Received) -> None:
        words = words_of(rec.text) or ["."]
        span = int(self.mp3_duration_s * TICKS_PER_S * 0.9)
        lead = int(0.05 * TICKS_PER_S)
        step = span // len(words)
        kind = "WordBoundary"
        if rec.config and rec.config["context"]["synthesis"]["audio"]["metadataoptions"].get("wordBoundaryEnabled") != "true":
            kind = "SentenceBoundary"
            words, step = [rec.text], span
        pieces = self._pieces()
        for i, word in enumerate(words):
            offset, duration = lead + i * step, int(step * 0.8)
            rec.words_sent.append((offset, duration, word))
            meta = {
                "Metadata": [
                    {
                        "Type": kind,
                        "Data": {
                            "Offset": offset,
                            "Duration": duration,
                            "text": {"Text": word, "Length": len(word), "BoundaryType": kind},
                        },
                    }
                ]
            }
            await ws.send(self._text(rid, "audio.metadata", json.dumps(meta, ensure_ascii=False)))
            if i < len(pieces):
                await ws.send(self._audio(rid, pieces[i]))
        for piece in pieces[len(words) :]:
            await ws.send(self._audio(rid, piece))
        hdr = f"X-RequestId:{rid}\r\nPath:audio\r\n".encode()
        await ws.send(len(hdr).to_bytes(2, "big") + hdr)  # end of audio: no Content-Type, no body

    def _pieces(self) -> list[bytes]:
        n = max(1, self.audio_frames)
        size = -(-len(self.mp3) // n)
        return [self.mp3[i : i + size] for i in range(0, len(self.mp3), size)]

    @staticmethod
    def _text(rid: str, path: str, body: str) -> str:
        return f"X-RequestId:{rid}\r\nContent-Type:application/json; charset=utf-8\r\nPath:{path}\r\n\r\n{body}"

    @staticmethod
    def _audio(rid: str, data: bytes) -> bytes:
        hdr = f"X-RequestId:{rid}\r\nContent-Type:audio/mpeg\r\nPath:audio\r\n".encode()
        return len(hdr).to_bytes(2, "big") + hdr + data
