"""Hardening for the HTTP listeners vhost opens (the control plane and the push source).

Connection level (an h11 protocol for uvicorn): a request's headers must arrive within
`header_timeout_s` of its first byte (or of the connection), a body may not pause for
more than `body_timeout_s`, and at most `max_connections` are open at once; past that
a connection is answered 503 and closed before anything is read.

Request level (`Shield`, pure ASGI, in front of routing and auth): a Host header outside
the allowed names is 421 (DNS rebinding); a cross-site Origin (or Sec-Fetch-Site:
cross-site) is 403 for anything but a plain read, and for every WebSocket (CSRF); a body
over its route's limit is 413 before it is read (Content-Length) or as soon as it passes
the limit (chunked); JSON nested deeper than `max_json_depth` is 400 before any parser
sees it. None of these depends on the token, so none of them costs more for a stranger.
"""

from __future__ import annotations

import asyncio
import json
import math
import re
from collections import Counter
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass, field
from itertools import accumulate, pairwise
from typing import Any
from urllib.parse import urlsplit

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

LOOPBACK = frozenset({"127.0.0.1", "::1", "localhost"})
LOOPBACK_NAMES = frozenset({"127.0.0.1", "localhost", "::1", "[::1]"})
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
MIN_TOKEN_BITS = 56.0


@dataclass(frozen=True)
class Limits:
    max_body: int = 64 * 1024  # any request body, unless a route says otherwise
    route_bodies: tuple[tuple[str, int], ...] = ()  # (path prefix, limit)
    max_json_depth: int = 32
    header_timeout_s: float = 10.0
    body_timeout_s: float = 15.0
    keepalive_s: int = 5
    max_connections: int = 64
    max_header_bytes: int = 16 * 1024

    def body_limit(self, path: str) -> int:
        return next((n for prefix, n in self.route_bodies if path.startswith(prefix)), self.max_body)


@dataclass
class ShieldStats:
    """Refusals by reason, for logs and metrics."""

    refused: Counter[str] = field(default_factory=Counter)
    closed: Counter[str] = field(default_factory=Counter)


# -- JSON depth -----------------------------------------------------------------------------
_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_NOT_BRACKET = bytes(b for b in range(256) if b not in b"[]{}")
_DELTA = {ord("["): 1, ord("{"): 1, ord("]"): -1, ord("}"): -1}


def json_depth(data: bytes) -> int:
    """Deepest nesting of arrays/objects in a JSON text (strings ignored); C-speed scans."""
    if data.count(b"[") + data.count(b"{") <= 1:
        return 1 if (b"[" in data or b"{" in data) else 0
    brackets = _STRING.sub(b"", data).translate(None, _NOT_BRACKET)
    return max(accumulate(map(_DELTA.__getitem__, brackets)), default=0)


class TooDeep(ValueError):
    pass


def loads_bounded(data: bytes | str, max_depth: int = 32) -> Any:
    """json.loads that refuses nesting deeper than max_depth (TooDeep, a ValueError)."""
    raw = data.encode() if isinstance(data, str) else data
    depth = json_depth(raw)
    if depth > max_depth:
        raise TooDeep(f"nested {depth} deep (at most {max_depth})")
    return json.loads(raw)


# -- token strength ---------------------------------------------------------------------------
def token_bits(token: str) -> float:
    """A conservative strength estimate: Shannon entropy per character times the characters
    that do not just repeat or continue a run (aaaa, abcd, 1234 add almost nothing); a token
    that repeats a shorter one (passwordpassword) counts as that one."""
    if not token:
        return 0.0
    period = next((p for p in range(1, len(token) // 2 + 1) if token[p:] == token[:-p]), 0)
    if period:
        token = token[:period]
    n = len(token)
    per_char = -sum(c / n * math.log2(c / n) for c in Counter(token).values())
    fresh = 1 + sum(1 for a, b in pairwise(token) if abs(ord(b) - ord(a)) > 1)
    return max(0.0, per_char * fresh)


def weak_token(token: str, placeholders: frozenset[str] = frozenset()) -> str | None:
    """Why a token is too weak to guard a network port, or None."""
    if token.lower() in placeholders:
        return "a placeholder"
    bits = token_bits(token)
    if bits < MIN_TOKEN_BITS:
        return f"too guessable (about {bits:.0f} bits, at least {MIN_TOKEN_BITS:.0f} needed)"
    return None


# -- Host and Origin -----------------------------------------------------------------------------
def _host_name(host: str) -> str:
    host = host.strip().lower()
    if host.startswith("["):
        return host[: host.find("]") + 1] if "]" in host else host
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


@dataclass(frozen=True)
class SitePolicy:
    """Which Host names and which Origins may talk to a listener."""

    hosts: frozenset[str] = frozenset()  # allowed Host names (no port); empty: any
    origins: frozenset[str] = frozenset()  # more allowed origins besides the listener's own

    @classmethod
    def for_bind(cls, host: str, allowed_hosts: tuple[str, ...] = (), allowed_origins: tuple[str, ...] = ()) -> SitePolicy:
        """Loopback binds accept only loopback names (a page on another name that resolves to
        127.0.0.1 is DNS rebinding); a specific address accepts that address and the names
        given; 0.0.0.0/:: accepts any name unless names are given."""
        names = {_host_name(h) for h in allowed_hosts if h}
        if host in LOOPBACK:
            names |= LOOPBACK_NAMES
        elif host not in ("0.0.0.0", "::", ""):
            names |= {_host_name(f"[{host}]" if ":" in host else host), *LOOPBACK_NAMES}
        return cls(frozenset(names), frozenset(o.rstrip("/").lower() for o in allowed_origins if o))

    def host_ok(self, host: str | None) -> bool:
        if not self.hosts:
            return True
        return host is not None and _host_name(host) in self.hosts

    def origin_ok(self, origin: str | None, host: str | None, fetch_site: str | None) -> bool:
        if origin is None:
            return fetch_site in (None, "same-origin", "none")  # a program, or a browser's own navigation
        origin = origin.strip().lower().rstrip("/")
        if origin in self.origins:
            return True
        if origin == "null" or host is None:
            return False
        parts = urlsplit(origin)
        return parts.scheme in ("http", "https") and parts.netloc == host.strip().lower()


def _header(scope: Scope, name: bytes) -> str | None:
    for k, v in scope.get("headers", ()):
        if k == name:
            return str(v.decode("latin-1"))
    return None


async def _refuse(send: Send, status: int, detail: str, *, close: bool = True) -> None:
    body = json.dumps({"detail": detail}).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    if close:
        headers.append((b"connection", b"close"))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class Shield:
    """ASGI middleware; see the module docstring."""

    def __init__(self, app: ASGIApp, *, limits: Limits, policy: SitePolicy, stats: ShieldStats | None = None) -> None:
        self.app = app
        self.limits = limits
        self.policy = policy
        self.stats = stats or ShieldStats()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        kind = scope["type"]
        if kind not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        host = _header(scope, b"host")
        if not self.policy.host_ok(host):
            await self._no(kind, send, 421, "host", f"host: {host!r} is not a name this server answers to")
            return
        unsafe = kind == "websocket" or scope.get("method", "GET") not in SAFE_METHODS
        if unsafe and not self.policy.origin_ok(_header(scope, b"origin"), host, _header(scope, b"sec-fetch-site")):
            await self._no(kind, send, 403, "origin", "origin: a cross-site request is refused")
            return
        if kind == "websocket":
            await self.app(scope, receive, send)
            return
        limit = self.limits.body_limit(scope.get("path", ""))
        length = _header(scope, b"content-length")
        chunked = "chunked" in (_header(scope, b"transfer-encoding") or "").lower()
        try:
            declared = int(length) if length is not None else 0
        except ValueError:
            declared = 0
        if declared > limit:
            await self._no(kind, send, 413, "size", f"body: larger than {limit} bytes")
            return
        if not declared and not chunked:
            await self.app(scope, receive, send)
            return
        body = bytearray()
        more = True
        while more:
            msg = await receive()
            if msg["type"] == "http.disconnect":
                return
            body += msg.get("body", b"")
            more = msg.get("more_body", False)
            if len(body) > limit:
                await self._no(kind, send, 413, "size", f"body: larger than {limit} bytes")
                return
        head = bytes(body[:64]).lstrip()
        if head[:1] in (b"[", b"{") and json_depth(bytes(body)) > self.limits.max_json_depth:
            await self._no(kind, send, 400, "depth", f"body: JSON nested deeper than {self.limits.max_json_depth} levels")
            return
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": bytes(body), "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    async def _no(self, kind: str, send: Send, status: int, reason: str, detail: str) -> None:
        self.stats.refused[reason] += 1
        if kind == "websocket":
            await send({"type": "websocket.close", "code": 1008, "reason": detail[:120]})
        else:
            await _refuse(send, status, detail)


# -- the connection level (uvicorn h11) ------------------------------------------------------------
class _GuardedH11(H11Protocol):
    limits: Limits = Limits()
    stats: ShieldStats = ShieldStats()

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        self._deadline: asyncio.TimerHandle | None = None
        self._refused = len(self.server_state.connections) >= self.limits.max_connections
        if self._refused:
            self.stats.closed["connections"] += 1
            transport.write(b"HTTP/1.1 503 Service Unavailable\r\ncontent-length: 0\r\nconnection: close\r\n\r\n")
            transport.close()
            return
        super().connection_made(transport)
        self._arm(self.limits.header_timeout_s, "header")

    def connection_lost(self, exc: Exception | None) -> None:
        if self._refused:
            return
        self._disarm()
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if self.transport.get_protocol() is not self or self.transport.is_closing():
            self._disarm()  # upgraded to a WebSocket, or closed: no more of our timers
            return
        state = self.conn.their_state
        if state is h11.IDLE:
            if self._deadline is None and self.conn.trailing_data[0]:
                self._arm(self.limits.header_timeout_s, "header")  # the next request's headers have begun
        elif state is h11.SEND_BODY:
            self._arm(self.limits.body_timeout_s, "body")
        else:
            self._disarm()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._disarm()

    def _arm(self, seconds: float, what: str) -> None:
        self._disarm()
        self._deadline = self.loop.call_later(seconds, self._expire, what)

    def _disarm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _expire(self, what: str) -> None:
        self._deadline = None
        if self.transport.is_closing() or self.transport.get_protocol() is not self:
            return
        if what == "header" and self.conn.their_state is not h11.IDLE:
            return
        self.stats.closed[what] += 1
        self.transport.close()


def protocol_class(limits: Limits, stats: ShieldStats | None = None) -> type[H11Protocol]:
    """An h11 protocol with these limits (uvicorn.Config(http=...))."""
    return type("GuardedH11", (_GuardedH11,), {"limits": limits, "stats": stats or ShieldStats()})


def server_config(app: ASGIApp, host: str, port: int, limits: Limits, stats: ShieldStats | None = None, **kw: Any) -> Any:
    """A uvicorn.Config with the connection limits, graceful shutdown bounded to 2 s."""
    import uvicorn

    opts: dict[str, Any] = {
        "host": host, "port": port, "http": protocol_class(limits, stats), "ws": "websockets-sansio",
        "timeout_keep_alive": limits.keepalive_s, "limit_concurrency": limits.max_connections + 8,
        "h11_max_incomplete_event_size": limits.max_header_bytes, "timeout_graceful_shutdown": 2,
        "ws_max_size": max([limits.max_body, *(n for _, n in limits.route_bodies)]), "ws_max_queue": 16,
        "log_level": "warning", "lifespan": "on", **kw,
    }  # fmt: skip
    return uvicorn.Config(app, **opts)
