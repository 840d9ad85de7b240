"""The control plane against a hostile network, over raw sockets to a real uvicorn: slow
headers and bodies, a connection flood, oversized bodies before the token is checked,
deep JSON, foreign Host and Origin headers (DNS rebinding, CSRF), WebSocket Origin."""

from __future__ import annotations

import asyncio
import json
import resource
import time

import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed, InvalidStatus

from tests.server.conftest import TOKEN, Served, serve

FAST = {"header_timeout_s": 1.0, "body_timeout_s": 1.0, "max_connections": 6}


async def raw(s: Served, data: bytes, *, read: bool = True, timeout: float = 10.0) -> bytes:
    """Send bytes on a fresh connection; read until the server closes it."""
    port = int(s.url.rsplit(":", 1)[1])
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(data)
        await writer.drain()
        if not read:
            return b""
        got = b""
        async with asyncio.timeout(timeout):
            try:
                while chunk := await reader.read(65536):
                    got += chunk
            except ConnectionResetError:
                pass  # closed with our unread bytes still queued: the answer came first
        return got
    finally:
        writer.close()


def status(resp: bytes) -> int:
    return int(resp.split(b" ", 2)[1]) if resp.startswith(b"HTTP/1.1 ") else 0


def request(method: str, path: str, body: bytes = b"", *, host: str = "127.0.0.1", headers: dict[str, str] | None = None,
            token: str | None = TOKEN) -> bytes:  # fmt: skip
    h = {"Host": host, "Content-Type": "application/json", "Content-Length": str(len(body)), "Connection": "close", **(headers or {})}
    if token:
        h["Authorization"] = f"Bearer {token}"
    return f"{method} {path} HTTP/1.1\r\n".encode() + "".join(f"{k}: {v}\r\n" for k, v in h.items()).encode() + b"\r\n" + body


async def closed_after(s: Served, data: bytes) -> tuple[float, bytes]:
    port = int(s.url.rsplit(":", 1)[1])
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    t0 = time.monotonic()
    writer.write(data)
    async with asyncio.timeout(10):
        got = await reader.read()
    writer.close()
    return time.monotonic() - t0, got


async def test_slow_headers_and_stalled_bodies_are_cut(tmp_path):
    async with serve(tmp_path, **FAST) as s:
        took, got = await closed_after(s, b"")  # connects and says nothing
        assert 0.8 < took < 3.0 and got == b""
        # slowloris: a header line every 0.3 s never completes the request
        port = int(s.url.rsplit(":", 1)[1])
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        t0 = time.monotonic()
        writer.write(b"GET /api/status HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        with pytest.raises((ConnectionError, TimeoutError)):
            async with asyncio.timeout(8):
                for i in range(100):
                    writer.write(f"X-Slow-{i}: 1\r\n".encode())
                    await writer.drain()
                    if await _eof(reader, 0.3):
                        raise ConnectionError("closed by the server")
        assert time.monotonic() - t0 < 3.0
        writer.close()
        # a body that stops half way
        took, got = await closed_after(s, request("POST", "/api/say", b'{"text": "hel', headers={"Content-Length": "40"}))
        assert 0.8 < took < 3.0 and status(got) in (0, 408)
        # and the API still answers
        assert (await s.client.get("/api/status")).status_code == 200


async def _eof(reader: asyncio.StreamReader, wait: float) -> bool:
    try:
        async with asyncio.timeout(wait):
            return await reader.read(1) == b""
    except TimeoutError:
        return False


async def test_connection_flood_is_capped_and_recovers(tmp_path):
    async with serve(tmp_path, **FAST) as s:
        port = int(s.url.rsplit(":", 1)[1])
        idle = [await asyncio.open_connection("127.0.0.1", port) for _ in range(6)]
        await asyncio.sleep(0.1)
        got = await raw(s, request("GET", "/api/status"))
        assert status(got) == 503  # refused before anything was read
        for _, w in idle:
            w.close()
        await asyncio.sleep(0.2)
        assert status(await raw(s, request("GET", "/api/status"))) == 200


async def test_oversized_bodies_refused_before_they_are_read_and_before_auth(tmp_path):
    async with serve(tmp_path, **FAST) as s:
        rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        big = 50 * 1024 * 1024

        async def one() -> tuple[int, int]:
            port = int(s.url.rsplit(":", 1)[1])
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            answer = asyncio.create_task(reader.read(200))  # the answer comes while we are still sending
            writer.write(request("POST", "/api/say", headers={"Content-Length": str(big)}, token=None))
            sent = 0
            chunk = b"x" * 65536
            try:
                async with asyncio.timeout(10):
                    while sent < big:  # keeps pushing the body; the server has answered and closed
                        writer.write(chunk)
                        await writer.drain()
                        sent += len(chunk)
            except (ConnectionError, TimeoutError):
                pass
            head = await answer
            writer.close()
            return status(head), sent

        results = await asyncio.gather(*(one() for _ in range(4)))
        assert all(code == 413 for code, _ in results), results
        assert all(sent < big for _, sent in results)  # the connection was closed: never read to the end
        assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss0 < 40 * 1024  # KiB: no 200 MB buffered
        # chunked, no length given: refused once it passes the limit
        body = b"".join(f"{0x8000:x}\r\n".encode() + b"y" * 0x8000 + b"\r\n" for _ in range(8)) + b"0\r\n\r\n"
        head = request("POST", "/api/say", headers={"Transfer-Encoding": "chunked"}).replace(b"Content-Length: 0\r\n", b"")
        assert status(await raw(s, head + body)) == 413
        # the push endpoint has its own larger limit (1 MiB), also ahead of auth
        got = await raw(s, request("POST", "/api/events", headers={"Content-Length": str(2 * 1024 * 1024)}, token=None), read=True)
        assert status(got) == 413


async def test_deep_json_is_400_never_500(tmp_path):
    async with serve(tmp_path) as s:
        for path in ("/api/say", "/api/events"):
            for deep in (b"[" * 60_000, b'{"a":' * 10_000 + b"1" + b"}" * 10_000, b"[" * 40 + b"]" * 40):
                r = await s.client.post(path, content=deep, headers={"Content-Type": "application/json"})
                assert r.status_code == 400, (path, r.status_code, r.text[:200])
                assert "nested deeper" in r.json()["detail"]
        # a string full of brackets is not nesting
        ok = await s.client.post("/api/say", json={"text": "[[[[" * 30 + "{{{{" * 30})
        assert ok.status_code == 200


async def test_foreign_host_and_cross_site_requests_are_refused(tmp_path):
    async with serve(tmp_path, control_token="") as s:  # loopback without a token: the riskiest mode
        port = int(s.url.rsplit(":", 1)[1])
        # DNS rebinding: a page on evil.example whose name now resolves to 127.0.0.1
        got = await raw(s, request("GET", "/api/status", host=f"evil.example:{port}", token=None))
        assert status(got) == 421
        for host in (f"127.0.0.1:{port}", f"localhost:{port}", "localhost"):
            assert status(await raw(s, request("GET", "/api/status", host=host, token=None))) == 200
        # CSRF: a page the operator opens posts to the console
        for headers in ({"Origin": "http://evil.example"}, {"Origin": "null"}, {"Sec-Fetch-Site": "cross-site"}):
            got = await raw(s, request("POST", "/api/takeover", headers=headers, token=None))
            assert status(got) == 403, headers
            got = await raw(s, request("POST", "/api/events", b'{"kind":"superchat","user":{"id":"x"},"value_cny":500,"text":"hi"}',
                                       headers=headers, token=None))  # fmt: skip
            assert status(got) == 403
        assert s.show.director.held is False and len(s.show.ledger) == 0
        # the console's own page (same origin) and programs without an Origin are fine
        same = {"Origin": f"http://127.0.0.1:{port}", "Sec-Fetch-Site": "same-origin"}
        assert status(await raw(s, request("POST", "/api/resume", host=f"127.0.0.1:{port}", headers=same, token=None))) == 200
        assert status(await raw(s, request("POST", "/api/resume", token=None))) == 200
        # WebSocket: a foreign Origin cannot open the feed
        with pytest.raises(InvalidStatus) as e:
            async with connect(f"{s.ws_url}/api/feed", origin="http://evil.example"):  # type: ignore[arg-type]
                pass
        assert e.value.response.status_code == 403
        async with connect(f"{s.ws_url}/api/feed", origin=f"http://127.0.0.1:{port}", max_size=None) as ws:  # type: ignore[arg-type]
            assert json.loads(await ws.recv())["type"] == "status"
            await ws.send("x" * (2 * 1024 * 1024))  # a frame over the limit closes the socket (1009)
            with pytest.raises(ConnectionClosed) as closed:
                async with asyncio.timeout(10):
                    while True:
                        await ws.recv()
            assert closed.value.rcvd is not None and closed.value.rcvd.code == 1009


async def test_control_characters_never_reach_air_or_files(tmp_path):
    async with serve(tmp_path) as s:
        body = {"kind": "danmaku", "user": {"id": "z", "name": "壞\x1b[2J人\u202e"}, "text": "耳機\x00多少錢\u200b？\r\nignore"}
        r = await s.client.post("/api/events", json=body)
        assert r.status_code == 200
        rows = (await s.client.get("/api/events")).json()["rows"]
        assert rows[-1]["user"]["name"] == "壞人" and rows[-1]["text"] == "耳機多少錢？ ignore"
