"""A fake Bilibili live server on 127.0.0.1: the danmaku WebSocket (real 16-byte packet
framing, auth/heartbeat handshake) and the HTTP room-init API (get_info, nav with WBI
keys, a WBI-verified getDanmuInfo, the buvid3 cookie), plus builders for test frames."""

from __future__ import annotations

import asyncio
import base64
import contextlib
import hashlib
import hmac
import json
import struct
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import brotli
from aiohttp import web
from websockets.asyncio.server import Server, ServerConnection, serve
from websockets.exceptions import ConnectionClosed

from tests.fakes.loopback import serve_loopback
from vhost.sources.bilibili.wbi import key_from_url, mixin_key, sign

HDR = struct.Struct(">I2H2I")
IMG_URL = "https://i0.hdslb.com/bfs/wbi/7cd084941338484aae1ad9425b84077c.png"
SUB_URL = "https://i0.hdslb.com/bfs/wbi/4932caff0ff746eab6f01bf08b70ac45.png"


# --- frame builders (server side: seq 0, like the real server) ----------------------


def packet(op: int, body: bytes | str | dict[str, Any], ver: int = 0) -> bytes:
    if isinstance(body, dict):
        body = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()
    elif isinstance(body, str):
        body = body.encode()
    return HDR.pack(16 + len(body), 16, ver, op, 0) + body


def command(obj: dict[str, Any]) -> bytes:
    return packet(5, obj, ver=0)


def brotli_pack(*packets: bytes) -> bytes:
    return packet(5, brotli.compress(b"".join(packets)), ver=3)


def zlib_pack(*packets: bytes) -> bytes:
    return packet(5, zlib.compress(b"".join(packets)), ver=2)


def auth_reply(code: int = 0) -> bytes:
    return packet(8, {"code": code}, ver=1)


def heartbeat_reply(popularity: int, echo: bytes = b"{}") -> bytes:
    # pack_len covers header + 4 bytes; the echo of the client's body follows uncounted
    return HDR.pack(20, 16, 1, 3, 0) + popularity.to_bytes(4, "big") + echo


def pb_b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode()


# --- the WebSocket endpoint ----------------------------------------------------------


@dataclass
class Conn:
    packets: list[tuple[int, int, int, int, int, bytes]] = field(default_factory=list)  # (len, hlen, ver, op, seq, body)
    times: list[float] = field(default_factory=list)  # monotonic arrival time of each packet
    opened: float = 0.0
    auth: dict[str, Any] | None = None
    auth_raw: bytes = b""

    def ops(self) -> list[int]:
        return [p[3] for p in self.packets]


class FakeDanmakuServer:
    """Answers auth with ``auth_code(body)``, heartbeats with popularity, then sends
    ``script`` frames; closes after them when ``close_after_script``.

    ``stall()`` freezes the connections open now the way a dead relay does: the socket stays
    open but nothing more reaches the client (pushed frames and heartbeat replies are lost).
    """

    def __init__(
        self,
        script: list[bytes] | None = None,
        *,
        auth_code: Callable[[dict[str, Any]], int] = lambda body: 0,
        close_after_script: bool = False,
        reply_heartbeats: bool = True,
        path: str = "/sub",
        per_conn: list[list[bytes]] | None = None,
    ) -> None:
        self.script = list(script or [])
        self.per_conn = per_conn  # connection n gets per_conn[n] (the last one repeats) instead of script
        self.auth_code = auth_code
        self.close_after_script = close_after_script
        self.reply_heartbeats = reply_heartbeats
        self.path = path
        self.conns: list[Conn] = []
        self.connected = asyncio.Event()
        self._server: Server | None = None
        self._port = 0
        self._live: set[ServerConnection] = set()
        self._stalled: set[ServerConnection] = set()
        self.authed = 0  # connections that passed auth

    @property
    def port(self) -> int:
        assert self._port, "server not started"
        return self._port

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self.port}{self.path}"

    async def __aenter__(self) -> FakeDanmakuServer:
        self._server = await serve(self._handle, "127.0.0.1", 0, max_size=1 << 20)
        self._port = self._server.sockets[0].getsockname()[1]
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self._server is not None
        self._server.close()
        await self._server.wait_closed()

    async def push(self, frame: bytes) -> int:
        """Send to every authenticated, not stalled connection; returns how many got it."""
        sent = 0
        for ws in list(self._live - self._stalled):
            with contextlib.suppress(ConnectionClosed):
                await ws.send(frame)
                sent += 1
        return sent

    def stall(self) -> int:
        """Freeze every connection open now; new connections are healthy."""
        self._stalled |= self._live
        return len(self._live)

    def live(self) -> int:
        return len(self._live - self._stalled)

    async def _handle(self, ws: ServerConnection) -> None:
        conn = Conn(opened=time.monotonic())
        self.conns.append(conn)
        self.connected.set()
        try:
            async for msg in ws:
                data = msg if isinstance(msg, bytes) else msg.encode()
                off = 0
                while off + 16 <= len(data):
                    plen, hlen, ver, op, seq = HDR.unpack_from(data, off)
                    body = data[off + hlen : off + plen]
                    conn.packets.append((plen, hlen, ver, op, seq, body))
                    conn.times.append(time.monotonic())
                    off += max(plen, 16)
                    await self._on_packet(ws, conn, op, body)
        except ConnectionClosed:
            pass
        finally:
            self._live.discard(ws)
            self._stalled.discard(ws)

    async def _on_packet(self, ws: ServerConnection, conn: Conn, op: int, body: bytes) -> None:
        if op == 7:
            conn.auth_raw = body
            conn.auth = json.loads(body)
            code = self.auth_code(conn.auth)
            await ws.send(auth_reply(code))
            if code != 0:
                await ws.close()
                return
            self._live.add(ws)  # pushes go to authenticated connections only
            self.authed += 1
            script = self.script
            if self.per_conn:
                script = self.per_conn[min(len(self.conns) - 1, len(self.per_conn) - 1)]
            for frame in script:
                await ws.send(frame)
            if self.close_after_script:
                await ws.close()
        elif op == 2 and self.reply_heartbeats and ws not in self._stalled:
            await ws.send(heartbeat_reply(0x9A2, body))


# --- the HTTP room-init API ----------------------------------------------------------


class FakeBiliApi:
    """get_info maps any room to ``real_room``; getDanmuInfo hands out ``tokens`` in turn
    (the last one repeats) and answers -352 when the WBI signature is wrong."""

    def __init__(self, host_list: list[dict[str, Any]], tokens: list[str], real_room: int = 5050, mid: int = 0) -> None:
        self.host_list = host_list
        self.tokens = tokens
        self.real_room = real_room
        self.mid = mid
        self.calls: list[tuple[str, dict[str, str], str]] = []  # (path, query, cookie header)
        self.fail_danmu_info = 0  # answer -352 this many times first
        self.broken_info = 0  # answer get_info with data: null this many times first
        self.served = 0
        self._runner: web.AppRunner | None = None
        self.base = ""

    async def __aenter__(self) -> FakeBiliApi:
        app = web.Application()
        app.router.add_get("/", self._home)
        app.router.add_get("/room/v1/Room/get_info", self._get_info)
        app.router.add_get("/x/web-interface/nav", self._nav)
        app.router.add_get("/xlive/web-room/v1/index/getDanmuInfo", self._danmu_info)
        self._runner, port = await serve_loopback(app)
        self.base = f"http://127.0.0.1:{port}"
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self._runner is not None
        await self._runner.cleanup()

    def _log(self, req: web.Request) -> None:
        self.calls.append((req.path, dict(req.query), req.headers.get("Cookie", "")))

    async def _home(self, req: web.Request) -> web.Response:
        self._log(req)
        r = web.Response(text="<html></html>")
        r.set_cookie("buvid3", "FAKE-BUVID3infoc")
        return r

    async def _get_info(self, req: web.Request) -> web.Response:
        self._log(req)
        if self.broken_info > 0:
            self.broken_info -= 1
            return web.json_response({"code": 0, "data": None})
        if req.query.get("room_id") == "404":
            return web.json_response({"code": 1, "message": "房间不存在", "data": None})
        return web.json_response({"code": 0, "data": {"room_id": self.real_room, "uid": 42, "short_id": 0}})

    async def _nav(self, req: web.Request) -> web.Response:
        self._log(req)
        logged_in = "SESSDATA=" in req.headers.get("Cookie", "")
        data = {"isLogin": logged_in, "wbi_img": {"img_url": IMG_URL, "sub_url": SUB_URL}}
        if logged_in:
            data["mid"] = self.mid
        return web.json_response({"code": 0 if logged_in else -101, "data": data})

    async def _danmu_info(self, req: web.Request) -> web.Response:
        self._log(req)
        q = dict(req.query)
        w_rid = q.pop("w_rid", "")
        wts = int(q.pop("wts", "0"))
        expect = sign(q, mixin_key(key_from_url(IMG_URL), key_from_url(SUB_URL)), wts)["w_rid"]
        if w_rid != expect or self.fail_danmu_info > 0:
            self.fail_danmu_info = max(0, self.fail_danmu_info - 1)
            return web.json_response({"code": -352, "message": "-352", "data": None})
        token = self.tokens[min(self.served, len(self.tokens) - 1)]
        self.served += 1
        return web.json_response({"code": 0, "data": {"token": token, "host_list": self.host_list}})


# --- the open-platform HTTP API ------------------------------------------------------


class FakeOpenApi:
    """Checks each request's x-bili-* signature (header order, md5, HMAC) and answers
    start/heartbeat/end like live-open.biliapi.com. ``heartbeat_codes`` are answered in
    turn (then 0); ``start_code`` non-zero rejects every start."""

    SIGNED = (
        "x-bili-accesskeyid",
        "x-bili-content-md5",
        "x-bili-signature-method",
        "x-bili-signature-nonce",
        "x-bili-signature-version",
        "x-bili-timestamp",
    )

    def __init__(self, wss_link: list[str], key: str = "KEY", secret: str = "SECRET", auth_body: str = "") -> None:
        self.wss_link = wss_link
        self.key = key
        self.secret = secret
        self.auth_body = auth_body or '{"roomid":5050,"protoover":2,"key":"open-key","group":"open","uid":0}'
        self.heartbeat_codes: list[int] = []
        self.start_code = 0
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.header_orders: list[list[str]] = []
        self.bad_signatures = 0
        self.games = 0
        self._runner: web.AppRunner | None = None
        self.base = ""

    async def __aenter__(self) -> FakeOpenApi:
        app = web.Application()
        for path in ("/v2/app/start", "/v2/app/heartbeat", "/v2/app/end"):
            app.router.add_post(path, self._handle)
        self._runner, port = await serve_loopback(app)
        self.base = f"http://127.0.0.1:{port}"
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self._runner is not None
        await self._runner.cleanup()

    def _verify(self, req: web.Request, body: bytes) -> bool:
        names = [k.decode().lower() for k, _ in req.raw_headers if k.decode().lower().startswith("x-bili-")]
        self.header_orders.append(names)
        h = req.headers
        if names != list(self.SIGNED) or h["x-bili-accesskeyid"] != self.key:
            return False
        if h["x-bili-content-md5"] != hashlib.md5(body).hexdigest() or h["x-bili-signature-method"] != "HMAC-SHA256":
            return False
        text = "\n".join(f"{k}:{h[k]}" for k in self.SIGNED)
        return hmac.compare_digest(h.get("Authorization", ""), hmac.new(self.secret.encode(), text.encode(), "sha256").hexdigest())

    async def _handle(self, req: web.Request) -> web.Response:
        body = await req.read()
        payload = json.loads(body)
        self.calls.append((req.path, payload))
        if not self._verify(req, body):
            self.bad_signatures += 1
            return web.json_response({"code": 4002, "message": "签名异常"})
        if req.path.endswith("start"):
            if self.start_code:
                return web.json_response({"code": self.start_code, "message": "rejected"})
            self.games += 1
            return web.json_response({"code": 0, "data": {
                "game_info": {"game_id": f"game-{self.games}"},
                "websocket_info": {"auth_body": self.auth_body, "wss_link": self.wss_link},
                "anchor_info": {"room_id": 5050, "uname": "主播", "uid": 42, "open_id": "anchor-open-id"},
            }})  # fmt: skip
        if req.path.endswith("heartbeat"):
            code = self.heartbeat_codes.pop(0) if self.heartbeat_codes else 0
            return web.json_response({"code": code, "message": "", "data": {}})
        return web.json_response({"code": 0, "data": {}})
