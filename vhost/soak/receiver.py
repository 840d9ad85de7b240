"""The soak's alert receiver: a local HTTP endpoint for the show's `json` webhook that checks
the HMAC signature the way any receiver should (X-Vhost-Timestamp, X-Vhost-Signature) and
keeps every notice it accepted, with the wall time it arrived."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from pathlib import Path
from typing import Any

from aiohttp import web

PATH = "/alerts"


class Receiver:
    def __init__(self, secret: str, log_path: Path | None = None) -> None:
        self.secret = secret
        self.log_path = log_path
        self.notices: list[dict[str, Any]] = []
        self.refused = 0
        self.url = ""
        self._runner: web.AppRunner | None = None

    async def start(self) -> str:
        app = web.Application(client_max_size=256 * 1024)
        app.router.add_post(PATH, self._take)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.url = f"http://127.0.0.1:{port}{PATH}"
        return self.url

    async def close(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    def _signed(self, req: web.Request, body: bytes) -> bool:
        ts = req.headers.get("X-Vhost-Timestamp", "")
        want = "sha256=" + hmac.new(self.secret.encode(), ts.encode() + b"." + body, hashlib.sha256).hexdigest()
        return ts.isdigit() and abs(time.time() - int(ts)) < 3600 and hmac.compare_digest(want, req.headers.get("X-Vhost-Signature", ""))

    async def _take(self, req: web.Request) -> web.Response:
        body = await req.read()
        if not self._signed(req, body):
            self.refused += 1
            return web.json_response({"error": "bad signature"}, status=401)
        try:
            doc = json.loads(body)
        except ValueError:
            self.refused += 1
            return web.json_response({"error": "not JSON"}, status=400)
        doc["received_wall"] = time.time()
        self.notices.append(doc)
        if self.log_path is not None:
            with self.log_path.open("a", encoding="utf-8") as f:
                f.write(json.dumps(doc, ensure_ascii=False) + "\n")
        return web.json_response({"ok": True})
