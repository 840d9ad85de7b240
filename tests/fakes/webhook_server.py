"""Fake alert receivers on 127.0.0.1 that speak each platform's webhook protocol and check
its signature the way the platform does, replying with the platform's own error codes.

- /json                                   our JSON document; X-Vhost-Signature checked when a secret is set
- /slack/services/T000/B000/XXXX          Slack incoming webhook: {"text"}; replies "ok"
- /dingtalk/robot/send?access_token=...   DingTalk custom robot: timestamp (ms) + sign in the query
- /feishu/open-apis/bot/v2/hook/HOOK      Feishu/Lark custom bot: timestamp (s) + sign in the body
- /wecom/cgi-bin/webhook/send?key=...     WeCom group robot: key in the query, content <= 2048 bytes

`fail_next` answers the next requests with an error (HTTP 500, or 429 with Retry-After)
before behaving, to exercise retries.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from tests.fakes.loopback import serve_loopback

DINGTALK_TOKEN = "dt-token-123"
FEISHU_HOOK = "0f3c1d2e-hook"
WECOM_KEY = "693a91f6-key"
SLACK_PATH = "/slack/services/T000/B000/XXXX"


@dataclass
class Received:
    platform: str
    body: Any
    query: dict[str, str]
    headers: dict[str, str]
    accepted: bool


@dataclass
class FakeReceivers:
    secrets: dict[str, str] = field(default_factory=dict)  # platform -> secret it was set up with
    fail_next: int = 0
    fail_status: int = 500
    retry_after: str = "0.05"
    received: list[Received] = field(default_factory=list)
    base: str = ""
    _runner: web.AppRunner | None = None

    def url(self, platform: str) -> str:
        return self.base + {
            "json": "/json",
            "slack": SLACK_PATH,
            "dingtalk": f"/dingtalk/robot/send?access_token={DINGTALK_TOKEN}",
            "feishu": f"/feishu/open-apis/bot/v2/hook/{FEISHU_HOOK}",
            "wecom": f"/wecom/cgi-bin/webhook/send?key={WECOM_KEY}",
        }[platform]

    def accepted(self, platform: str | None = None) -> list[Received]:
        return [r for r in self.received if r.accepted and (platform is None or r.platform == platform)]

    async def __aenter__(self) -> FakeReceivers:
        app = web.Application()
        app.router.add_post("/json", self._json)
        app.router.add_post(SLACK_PATH, self._slack)
        app.router.add_post("/dingtalk/robot/send", self._dingtalk)
        app.router.add_post("/feishu/open-apis/bot/v2/hook/{hook}", self._feishu)
        app.router.add_post("/wecom/cgi-bin/webhook/send", self._wecom)
        self._runner, port = await serve_loopback(app)
        self.base = f"http://127.0.0.1:{port}"
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    # -- helpers ---------------------------------------------------------------------------
    async def _take(self, req: web.Request, platform: str) -> tuple[Any, web.Response | None]:
        raw = await req.read()
        try:
            body = json.loads(raw.decode("utf-8"))
        except ValueError:
            body = None
        rec = Received(platform, body, dict(req.query), dict(req.headers), False)
        self.received.append(rec)
        if self.fail_next > 0:
            self.fail_next -= 1
            headers = {"Retry-After": self.retry_after} if self.fail_status == 429 else {}
            return rec, web.Response(status=self.fail_status, text="try again later", headers=headers)
        return rec, None

    @staticmethod
    def _fresh(ts: float, now: float) -> bool:
        return abs(now - ts) <= 3600

    # -- platforms -------------------------------------------------------------------------
    async def _json(self, req: web.Request) -> web.Response:
        rec, early = await self._take(req, "json")
        if early:
            return early
        secret = self.secrets.get("json")
        if secret:
            ts = req.headers.get("X-Vhost-Timestamp", "")
            want = "sha256=" + hmac.new(secret.encode(), ts.encode() + b"." + await req.read(), hashlib.sha256).hexdigest()
            if not ts.isdigit() or not self._fresh(int(ts), time.time()) or not hmac.compare_digest(want, req.headers.get("X-Vhost-Signature", "")):
                return web.json_response({"error": "bad signature"}, status=401)
        if not isinstance(rec.body, dict) or rec.body.get("source") != "vhost":
            return web.json_response({"error": "not a vhost alert"}, status=400)
        rec.accepted = True
        return web.json_response({"ok": True})

    async def _slack(self, req: web.Request) -> web.Response:
        rec, early = await self._take(req, "slack")
        if early:
            return early
        if not isinstance(rec.body, dict):
            return web.Response(status=400, text="invalid_payload")
        if not rec.body.get("text"):
            return web.Response(status=400, text="no_text")
        rec.accepted = True
        return web.Response(text="ok")

    async def _dingtalk(self, req: web.Request) -> web.Response:
        rec, early = await self._take(req, "dingtalk")
        if early:
            return early
        if req.query.get("access_token") != DINGTALK_TOKEN:
            return web.json_response({"errcode": 300001, "errmsg": "token is not exist"})
        secret = self.secrets.get("dingtalk")
        if secret:
            ts = req.query.get("timestamp", "")
            # the query is URL-decoded by the server: sign is the plain base64 here
            want = base64.b64encode(hmac.new(secret.encode(), f"{ts}\n{secret}".encode(), hashlib.sha256).digest()).decode()
            if not ts.isdigit() or not self._fresh(int(ts) / 1000, time.time()) or req.query.get("sign") != want:
                return web.json_response({"errcode": 310000, "errmsg": "sign not match"})
        body = rec.body
        if not isinstance(body, dict) or body.get("msgtype") != "text" or not (body.get("text") or {}).get("content"):
            return web.json_response({"errcode": 40035, "errmsg": "缺少参数 json"})
        rec.accepted = True
        return web.json_response({"errcode": 0, "errmsg": "ok"})

    async def _feishu(self, req: web.Request) -> web.Response:
        rec, early = await self._take(req, "feishu")
        if early:
            return early
        if req.match_info["hook"] != FEISHU_HOOK:
            return web.json_response({"code": 19001, "data": {}, "msg": "param invalid: incoming webhook access token invalid"})
        body = rec.body if isinstance(rec.body, dict) else {}
        secret = self.secrets.get("feishu")
        if secret:
            ts = str(body.get("timestamp", ""))
            key = f"{ts}\n{secret}".encode()
            want = base64.b64encode(hmac.new(key, b"", hashlib.sha256).digest()).decode()
            if not ts.isdigit() or not self._fresh(int(ts), time.time()) or body.get("sign") != want:
                return web.json_response({"code": 19021, "data": {}, "msg": "sign match fail or timestamp is not within one hour from current time"})
        if body.get("msg_type") != "text" or not (body.get("content") or {}).get("text"):
            return web.json_response({"code": 9499, "data": {}, "msg": "Bad Request"})
        if len(await req.read()) > 20 * 1024:
            return web.json_response({"code": 9499, "data": {}, "msg": "request body too large"})
        rec.accepted = True
        return web.json_response({"StatusCode": 0, "StatusMessage": "success", "code": 0, "data": {}, "msg": "success"})

    async def _wecom(self, req: web.Request) -> web.Response:
        rec, early = await self._take(req, "wecom")
        if early:
            return early
        if req.query.get("key") != WECOM_KEY:
            return web.json_response({"errcode": 93000, "errmsg": "invalid webhook url"})
        body = rec.body if isinstance(rec.body, dict) else {}
        text = body.get("text") or {}
        if body.get("msgtype") != "text" or not text.get("content"):
            return web.json_response({"errcode": 40008, "errmsg": "invalid message type"})
        if len(text["content"].encode("utf-8")) > 2048:
            return web.json_response({"errcode": 40058, "errmsg": "content exceed max length 2048"})
        rec.accepted = True
        return web.json_response({"errcode": 0, "errmsg": "ok"})
