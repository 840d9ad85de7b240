"""Webhook payloads and signatures, one per platform, and how each one says "delivered".

- json: our own document; with a secret, ``X-Vhost-Timestamp`` (unix seconds) and
  ``X-Vhost-Signature: sha256=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>``.
- slack (incoming webhook): ``{"text": ...}``; the reply is the plain text ``ok``.
- dingtalk (custom robot): ``{"msgtype": "text", "text": {"content": ...}, "at": {...}}``;
  signed with ``timestamp`` (ms) and ``sign`` in the query, where sign is
  base64(HMAC-SHA256(key=secret, msg="<timestamp>\\n<secret>")), URL-encoded. Reply ``errcode`` 0.
- feishu / lark (custom bot): ``{"msg_type": "text", "content": {"text": ...}}`` plus
  ``timestamp`` (s) and ``sign`` in the body, where sign is
  base64(HMAC-SHA256(key="<timestamp>\\n<secret>", msg=b"")). Reply ``code`` 0.
- wecom (group robot): ``{"msgtype": "text", "text": {"content": ..., "mentioned_list": [...]}}``;
  no signature (the key is in the URL); content at most 2048 bytes. Reply ``errcode`` 0.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from vhost.alerts.config import Webhook

WECOM_MAX_BYTES = 2048
FEISHU_MAX_BYTES = 18 * 1024  # the request body may not exceed 20 KB
TEXT_MAX_BYTES = 4000
DINGTALK_TOO_FAST = 130101  # more than 20 messages a minute
WECOM_TOO_FAST = 45009
FEISHU_TOO_FAST = (11232, 99991400)


@dataclass(frozen=True)
class Request:
    url: str
    body: bytes
    headers: dict[str, str]


@dataclass(frozen=True)
class Verdict:
    ok: bool
    retry: bool = False
    retry_after_s: float | None = None
    detail: str = ""


def clip(text: str, max_bytes: int) -> str:
    data = text.encode("utf-8")
    if len(data) <= max_bytes:
        return text
    return data[: max_bytes - 3].decode("utf-8", "ignore") + "..."


def _hmac_b64(key: bytes, msg: bytes) -> str:
    return base64.b64encode(hmac.new(key, msg, hashlib.sha256).digest()).decode("ascii")


def dingtalk_sign(secret: str, timestamp_ms: int) -> str:
    """Base64 signature, before URL encoding."""
    return _hmac_b64(secret.encode(), f"{timestamp_ms}\n{secret}".encode())


def feishu_sign(secret: str, timestamp_s: int) -> str:
    return _hmac_b64(f"{timestamp_s}\n{secret}".encode(), b"")


def json_sign(secret: str, timestamp_s: int, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), f"{timestamp_s}.".encode() + body, hashlib.sha256).hexdigest()


def _dump(obj: Any) -> bytes:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def build(hook: Webhook, text: str, document: dict[str, Any], now: float, mention: bool) -> Request:
    """The request for one notification; signed afresh at `now` (unix seconds) on every try."""
    headers = {"Content-Type": "application/json; charset=utf-8"}
    text = clip(text, TEXT_MAX_BYTES)
    mention = mention and hook.mention_all
    if hook.type == "json":
        body = _dump(document)
        if hook.secret:
            ts = int(now)
            headers["X-Vhost-Timestamp"] = str(ts)
            headers["X-Vhost-Signature"] = json_sign(hook.secret, ts, body)
        return Request(hook.url, body, headers)
    if hook.type == "slack":
        return Request(hook.url, _dump({"text": ("<!channel> " if mention else "") + text}), headers)
    if hook.type == "dingtalk":
        url = hook.url
        if hook.secret:
            ms = int(now * 1000)
            url += ("&" if "?" in url else "?") + urlencode({"timestamp": ms, "sign": dingtalk_sign(hook.secret, ms)})
        body = _dump({"msgtype": "text", "text": {"content": text}, "at": {"atMobiles": [], "isAtAll": mention}})
        return Request(url, body, headers)
    if hook.type == "feishu":
        doc: dict[str, Any] = {}
        if hook.secret:
            ts = int(now)
            doc = {"timestamp": str(ts), "sign": feishu_sign(hook.secret, ts)}
        content = ('<at user_id="all">all</at> ' if mention else "") + clip(text, FEISHU_MAX_BYTES)
        doc.update({"msg_type": "text", "content": {"text": content}})
        return Request(hook.url, _dump(doc), headers)
    if hook.type == "wecom":
        msg: dict[str, Any] = {"content": clip(text, WECOM_MAX_BYTES)}
        if mention:
            msg["mentioned_list"] = ["@all"]
        return Request(hook.url, _dump({"msgtype": "text", "text": msg}), headers)
    raise ValueError(f"unknown webhook type {hook.type!r}")


def _retry_after(headers: Any, default: float | None = None) -> float | None:
    try:
        return float(headers.get("retry-after"))
    except (TypeError, ValueError):
        return default


def judge(kind: str, status: int, text: str, headers: Any) -> Verdict:
    """Delivered, worth retrying (server trouble, rate limits), or refused for good (bad URL or secret)."""
    if status == 429:
        return Verdict(False, True, _retry_after(headers, 60.0), f"HTTP 429 {text[:80]}")
    if status >= 500:
        return Verdict(False, True, None, f"HTTP {status}")
    if kind in ("json", "slack"):
        if 200 <= status < 300:
            return Verdict(True)
        return Verdict(False, False, None, f"HTTP {status} {text[:120]}")
    try:
        reply = json.loads(text) if text else {}
    except ValueError:
        reply = {}
    if not isinstance(reply, dict):
        reply = {}
    if kind == "feishu":
        code = reply.get("code", reply.get("StatusCode"))
        if status == 200 and code == 0:
            return Verdict(True)
        retry = code in FEISHU_TOO_FAST
        return Verdict(False, retry, 60.0 if retry else None, f"HTTP {status} code {code}: {reply.get('msg', text[:120])}")
    code = reply.get("errcode")
    if status == 200 and code == 0:
        return Verdict(True)
    retry = code in (DINGTALK_TOO_FAST, WECOM_TOO_FAST)
    return Verdict(False, retry, 60.0 if retry else None, f"HTTP {status} errcode {code}: {reply.get('errmsg', text[:120])}")
