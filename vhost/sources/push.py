"""``push:?port=8765&token=T`` — a small listener other programs push chat into
(a Douyin grabber, a bot): ``POST /events`` with one event or a JSON list, and a
WebSocket ``/ws`` taking one event per text message.

Auth: ``Authorization: Bearer T`` or ``?token=T`` (token from the spec or
VHOST_PUSH_TOKEN). Without a token it listens only on loopback (any local program may
push); asking for another host without a token is refused at start.

Nothing is dropped silently: a bad payload is answered 400 (HTTP) or an error message
(WS) naming the field; a full queue is answered 503 with Retry-After, and the WS reader
simply waits for room.

A shop's backend can call back here too: ``{"kind": "order", "id": ORDER_ID, "product":
ID, "count": UNITS, "value_cny": PAID, "user": {...}}`` and ``{"kind": "stock", "product":
ID, "stock": UNITS_LEFT}``. An order is counted once by its id however often it is sent
(see vhost.orders): a retry is answered 200 like the first.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
import logging
import os
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

from aiohttp import WSMsgType, web
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from vhost.errors import ConfigError, first_validation_error
from vhost.events import ChatEvent, EventKind, User
from vhost.sources.base import SourceContext, SourceFailed, SourceSpec

log = logging.getLogger("vhost.sources.push")

LOOPBACK = {"127.0.0.1", "::1", "localhost"}
MAX_BODY = 1024 * 1024
MAX_BATCH = 1000


class PushError(ValueError):
    """A payload that is not a valid event; the message names the field."""


class _User(BaseModel):
    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True)
    id: str = Field(min_length=1, max_length=128)
    name: str = Field("", max_length=128)
    level: int = Field(0, ge=0)
    medal: str | None = Field(None, max_length=64)
    medal_level: int = Field(0, ge=0, le=1000)
    guard_level: int = Field(0, ge=0, le=3)
    moderator: bool = False


class _Gift(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1, max_length=64)
    count: int = Field(1, ge=1, le=100_000)


class PushEvent(BaseModel):
    """The replay-line format (without ``t``), plus optional ``platform``, ``id`` and ``timestamp``;
    orders and stock add ``product`` and ``stock``."""

    model_config = ConfigDict(extra="forbid")
    kind: EventKind
    user: _User | None = None  # required but for stock updates
    text: str | None = Field(None, max_length=2000)
    value_cny: float | None = Field(None, ge=0, le=1_000_000)
    gift: _Gift | None = None
    count: int | None = Field(None, ge=1)
    lang: str | None = Field(None, max_length=16)
    platform: str = Field("push", min_length=1, max_length=32)
    id: str = Field("", max_length=128)
    timestamp: float = Field(0.0, ge=0)
    t: float | None = None  # accepted so replay lines can be pushed as they are; ignored
    product: str | None = Field(None, min_length=1, max_length=128)
    stock: int | None = Field(None, ge=0, le=100_000_000)


def _commerce_fields(e: PushEvent) -> None:
    """What an order or stock callback must carry, and what only they may."""
    if e.user is None and e.kind is not EventKind.STOCK:
        raise PushError("user: Field required")
    if e.kind is EventKind.ORDER:
        if not e.id:
            raise PushError("id: an order needs its order id (a retried callback is counted once by it)")
        if e.product is None:
            raise PushError("product: an order needs the product id from the sheet")
    elif e.kind is EventKind.STOCK:
        if e.product is None or e.stock is None:
            raise PushError(f"{'product' if e.product is None else 'stock'}: a stock update needs product and stock")
    elif e.stock is not None:
        raise PushError(f"stock: only a stock update carries stock, not kind {e.kind.value}")


def parse_push_event(obj: Any) -> ChatEvent:
    """One decoded JSON value -> ChatEvent, or PushError with a one-line reason."""
    if not isinstance(obj, dict):
        raise PushError(f"event: expected a JSON object, got {type(obj).__name__}")
    try:
        e = PushEvent.model_validate(obj)
    except ValidationError as err:
        raise PushError(first_validation_error(err, "event")) from None
    _commerce_fields(e)
    value = float(e.value_cny or 0.0)
    u = e.user
    user = User("", "") if u is None else User(u.id, u.name or u.id, level=u.level, medal=u.medal, medal_level=u.medal_level, guard_level=u.guard_level,
                                             moderator=u.moderator)
    return ChatEvent(
        platform=e.platform,
        kind=e.kind,
        user=user,
        text=e.text or "",
        value_cny=value,
        amount=value,
        gift_name=e.gift.name if e.gift else None,
        gift_count=e.gift.count if e.gift else 0,
        count=e.count or 1,
        lang=e.lang,
        timestamp=e.timestamp,
        id=e.id,
        raw=obj,
        product_id=e.product,
        stock=e.stock,
    )


def parse_push_body(body: bytes) -> list[ChatEvent]:
    """A POST body: one event or a list of them; all-or-nothing so a retry never duplicates."""
    try:
        obj = json.loads(body)
    except (ValueError, UnicodeDecodeError) as e:
        raise PushError(f"body: invalid JSON: {e}") from None
    items = obj if isinstance(obj, list) else [obj]
    if len(items) > MAX_BATCH:
        raise PushError(f"body: at most {MAX_BATCH} events per request, got {len(items)}")
    out = []
    for i, item in enumerate(items):
        try:
            out.append(parse_push_event(item))
        except PushError as e:
            raise PushError(f"[{i}].{e}" if isinstance(obj, list) else str(e)) from None
    return out


@dataclass(frozen=True)
class PushOptions:
    host: str = "127.0.0.1"
    port: int = 8765
    token: str = ""
    queue: int = 10_000


class PushSource:
    def __init__(self, opts: PushOptions) -> None:
        self.name = f"push:{opts.host}:{opts.port}"
        self.opts = opts
        self.queue: asyncio.Queue[ChatEvent] = asyncio.Queue(maxsize=opts.queue)
        self.started = asyncio.Event()
        self.port = 0  # the bound port once started (useful with port=0)
        self.rejected = 0

    def _authorized(self, req: web.Request) -> bool:
        if not self.opts.token:
            return True
        given = req.query.get("token", "")
        auth = req.headers.get("Authorization", "")
        if auth.startswith("Bearer "):
            given = auth[7:].strip()
        return hmac.compare_digest(given.encode(), self.opts.token.encode())

    async def post_events(self, req: web.Request) -> web.Response:
        if not self._authorized(req):
            return web.json_response({"error": "unauthorized: missing or wrong token"}, status=401)
        try:
            events = parse_push_body(await req.read())
        except PushError as e:
            self.rejected += 1
            return web.json_response({"error": str(e)}, status=400)
        if self.queue.maxsize - self.queue.qsize() < len(events):
            return web.json_response({"error": "queue full, retry"}, status=503, headers={"Retry-After": "1"})
        for ev in events:
            self.queue.put_nowait(ev)
        return web.json_response({"accepted": len(events)})

    async def websocket(self, req: web.Request) -> web.StreamResponse:
        if not self._authorized(req):
            return web.json_response({"error": "unauthorized: missing or wrong token"}, status=401)
        ws = web.WebSocketResponse(max_msg_size=MAX_BODY, heartbeat=30.0)
        await ws.prepare(req)
        async for msg in ws:
            if msg.type != WSMsgType.TEXT:
                await ws.close(code=1003, message=b"text frames only")
                break
            try:
                ev = parse_push_event(json.loads(msg.data))
            except (PushError, ValueError) as e:
                self.rejected += 1
                reason = str(e) if isinstance(e, PushError) else f"invalid JSON: {e}"
                await ws.send_json({"error": reason})
                continue
            await self.queue.put(ev)  # waits for room: the pusher feels the backpressure
            await ws.send_json({"accepted": 1})
        return ws

    def app(self) -> web.Application:
        app = web.Application(client_max_size=MAX_BODY)
        app.router.add_post("/events", self.post_events)
        app.router.add_get("/ws", self.websocket)
        return app

    async def events(self) -> AsyncIterator[ChatEvent]:
        runner = web.AppRunner(self.app(), access_log=None)
        await runner.setup()
        try:
            site = web.TCPSite(runner, self.opts.host, self.opts.port)
            try:
                await site.start()
            except OSError as e:
                raise SourceFailed(f"{self.name}: cannot listen: {e.strerror or e}") from None
            server = site._server
            sockets = getattr(server, "sockets", None) or []
            self.port = sockets[0].getsockname()[1] if sockets else self.opts.port
            self.started.set()
            log.info("push listener on %s:%d", self.opts.host, self.port)
            while True:
                yield await self.queue.get()
        finally:
            with contextlib.suppress(Exception):
                await runner.cleanup()


def options_from_spec(spec: SourceSpec, env: dict[str, str] | None = None) -> PushOptions:
    env = dict(os.environ) if env is None else env
    p = spec.params
    host = p.get("host", "127.0.0.1")
    token = p.get("token") or env.get("VHOST_PUSH_TOKEN", "")
    try:
        port = int(p.get("port", "8765"))
        queue = int(p.get("queue", "10000"))
    except ValueError:
        raise ConfigError(f"source '{spec.raw}': port and queue must be numbers") from None
    if not 0 <= port <= 65535 or queue < 1:
        raise ConfigError(f"source '{spec.raw}': port must be 0-65535 and queue >= 1")
    if not token and host not in LOOPBACK:
        raise ConfigError(
            f"source 'push:' would listen on {host} with no token", fix="set token= or VHOST_PUSH_TOKEN, or keep host=127.0.0.1"
        )
    return PushOptions(host=host, port=port, token=token, queue=queue)


def from_spec(spec: SourceSpec, ctx: SourceContext) -> PushSource:
    return PushSource(options_from_spec(spec))
