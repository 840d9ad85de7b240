"""``push:?port=8765&token_file=PATH`` — a small listener other programs push chat into
(a Douyin grabber, a bot): ``POST /events`` with one event or a JSON list, and a
WebSocket ``/ws`` taking one event per text message.

Auth: ``Authorization: Bearer T`` or ``?token=T``. The token comes from ``token_file=``
or VHOST_PUSH_TOKEN / VHOST_PUSH_TOKEN_FILE; ``token=`` in the spec works on loopback
with a warning (``ps`` shows it) and is refused on any other host, which also needs a
token strong enough to guard a network port. Without a token it listens only on loopback
(any local program may push).

The listener has the control plane's hardening (vhost.net.hardening): body limit before
the token is looked at, JSON depth limit, header/body timeouts, a connection cap, Host
checks on loopback and a cross-site Origin refused (a web page cannot push chat).

Nothing is dropped silently: a bad payload is answered 400 (HTTP) or an error message
(WS) naming the field; a full queue is answered 503 with Retry-After, and the WS reader
simply waits for room.

Acknowledgement follows the durable write: in a show (which sets `durable_acks`), the
``{"accepted": N}`` answer to a POST, and the ``{"accepted": 1}`` for each WS message, is
sent once the show's journal has committed the event (SQLite WAL: a kill -9 of the show
cannot undo it), usually within 50 ms. WS replies keep the order of the messages (an error
reply waits behind the acknowledgements before it), and the reader goes on reading while
they wait. An event sent but not acknowledged when the connection or the show dies may or
may not have been kept: a sender resends those (at least once), skipping ids it can see
were kept. Without a show (durable_acks False) an event is acknowledged once queued.

A shop's backend can call back here too: ``{"kind": "order", "id": ORDER_ID, "product":
ID, "count": UNITS, "value_cny": PAID, "user": {...}}`` and ``{"kind": "stock", "product":
ID, "stock": UNITS_LEFT}``. An order is counted once by its id however often it is sent
(see vhost.orders): a retry is answered 200 like the first.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import logging
import os
import socket
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from typing import Any

import uvicorn
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from starlette.applications import Starlette
from starlette.requests import HTTPConnection, Request
from starlette.responses import JSONResponse
from starlette.routing import Route, WebSocketRoute
from starlette.websockets import WebSocket, WebSocketDisconnect

from vhost.clock import Clock, WallClock, within
from vhost.errors import ConfigError, first_validation_error
from vhost.events import ChatEvent, EventKind, User
from vhost.health import Health, Link
from vhost.net.hardening import Limits, Shield, SitePolicy, TooDeep, loads_bounded, server_config, weak_token
from vhost.secrets import secret
from vhost.sources.base import SourceContext, SourceFailed, SourceSpec

log = logging.getLogger("vhost.sources.push")

LOOPBACK = {"127.0.0.1", "::1", "localhost"}
MAX_BODY = 1024 * 1024
MAX_BATCH = 1000
MAX_DEPTH = 8  # an event is at most 3 levels deep; a list of them 4
SLICE_S = 0.005  # reading buffered messages, at most this long between turns of the show's other tasks


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
        raw=None,  # the parsed fields are all kept; the JSON itself is not (an event can wait minutes in a pool)
        product_id=e.product,
        stock=e.stock,
    )


def _loads(data: bytes | str, what: str) -> Any:
    try:
        return loads_bounded(data, MAX_DEPTH)
    except TooDeep as e:
        raise PushError(f"{what}: JSON {e}") from None
    except (ValueError, UnicodeDecodeError) as e:
        raise PushError(f"{what}: invalid JSON: {e}") from None


def parse_push_body(body: bytes) -> list[ChatEvent]:
    """A POST body: one event or a list of them; all-or-nothing so a retry never duplicates."""
    obj = _loads(body, "body")
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


class _Server(uvicorn.Server):
    """uvicorn without its signal handlers: the show owns Ctrl-C, not this listener."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


class PushSource:
    """Its health: up once listening; down while no WebSocket pusher is connected after one was
    (a grabber that lost its connection is a chat feed gone), up again when one connects or
    a POST arrives. A listener fed only by POSTs is never down."""

    def __init__(self, opts: PushOptions, clock: Clock | None = None) -> None:
        self.name = f"push:{opts.host}:{opts.port}"
        self.opts = opts
        self.link = Link(self.name, clock or WallClock())
        self.pushers = 0  # WebSocket pushers connected now
        self.queue: asyncio.Queue[ChatEvent] = asyncio.Queue(maxsize=opts.queue)
        self.started = asyncio.Event()
        self.port = 0  # the bound port once started (useful with port=0)
        self.rejected = 0
        self.limits = Limits(max_body=MAX_BODY, max_json_depth=MAX_DEPTH)
        self.durable_acks = False  # a show sets it: acknowledge once its journal holds the event
        self._queued = 0  # events put in the queue so far (their order is the order they are taken)
        self._held = 0  # of those, how many the show's journal holds
        self._held_changed = asyncio.Event()

    def durable(self, taken: int) -> None:
        """The show's journal holds the first `taken` events this listener handed out."""
        if taken > self._held:
            self._held = taken
            self._held_changed.set()
            self._held_changed = asyncio.Event()

    async def _kept(self, seq: int) -> None:
        """Until event number `seq` (counted from 1) is held, when acknowledgements wait for it."""
        while self.durable_acks and self._held < seq:
            await self._held_changed.wait()

    def _authorized(self, conn: HTTPConnection) -> bool:
        if not self.opts.token:
            return True
        given = conn.query_params.get("token", "")
        auth = conn.headers.get("authorization", "")
        if auth.startswith("Bearer "):
            given = auth[7:].strip()
        return hmac.compare_digest(given.encode(), self.opts.token.encode())

    async def post_events(self, req: Request) -> JSONResponse:
        if not self._authorized(req):
            return JSONResponse({"error": "unauthorized: missing or wrong token"}, status_code=401)
        try:
            events = parse_push_body(await req.body())  # bounded by the Shield before we get here
        except PushError as e:
            self.rejected += 1
            return JSONResponse({"error": str(e)}, status_code=400)
        if self.queue.maxsize - self.queue.qsize() < len(events):
            return JSONResponse({"error": "queue full, retry"}, status_code=503, headers={"Retry-After": "1"})
        for ev in events:
            self.queue.put_nowait(ev)
        self._queued += len(events)
        self.link.event()
        await self._kept(self._queued)
        return JSONResponse({"accepted": len(events)})

    async def websocket(self, ws: WebSocket) -> None:
        if not self._authorized(ws):
            await ws.send_denial_response(JSONResponse({"error": "unauthorized: missing or wrong token"}, status_code=401))
            return
        await ws.accept()
        self.pushers += 1
        if self.link.state == "down":  # the grabber is back: a reconnect, up at once
            self.link.connecting(f"{self.opts.host}:{self.port}")
        self.link.frame()
        # replies in message order: (the event number that must be held first, or 0; the reply)
        replies: asyncio.Queue[tuple[int, dict[str, Any]]] = asyncio.Queue()

        async def reply() -> None:
            while True:
                seq, body = await replies.get()
                if seq:
                    await self._kept(seq)
                await ws.send_json(body)

        sender = asyncio.create_task(reply(), name=f"push-acks-{self.port}")
        slice_t0 = time.perf_counter()
        try:
            while True:
                if time.perf_counter() - slice_t0 >= SLICE_S:  # buffered messages are read without a wait: take turns
                    await asyncio.sleep(0)
                    slice_t0 = time.perf_counter()
                msg = await ws.receive()
                if msg["type"] == "websocket.disconnect":
                    return
                text = msg.get("text")
                if text is None:
                    await ws.close(code=1003, reason="text frames only")
                    return
                if len(text) > MAX_BODY:
                    await ws.close(code=1009, reason="message too big")
                    return
                try:
                    ev = parse_push_event(_loads(text, "message"))
                except PushError as e:
                    self.rejected += 1
                    replies.put_nowait((0, {"error": str(e).removeprefix("message: ")}))
                    continue
                await self.queue.put(ev)  # waits for room: the pusher feels the backpressure
                self._queued += 1
                self.link.event()
                replies.put_nowait((self._queued, {"accepted": 1}))
                if sender.done():  # the connection failed under the replies
                    return
        except WebSocketDisconnect:
            return
        finally:
            sender.cancel()
            with contextlib.suppress(BaseException):
                await sender
            self.pushers -= 1
            if self.pushers == 0:
                self.link.down("the WebSocket pusher disconnected")

    def health(self) -> Health:
        return self.link.health()

    def app(self) -> Any:
        app = Starlette(routes=[Route("/events", self.post_events, methods=["POST"]), WebSocketRoute("/ws", self.websocket)])
        return Shield(app, limits=self.limits, policy=SitePolicy.for_bind(self.opts.host))

    async def events(self) -> AsyncIterator[ChatEvent]:
        o = self.opts
        try:
            family = socket.AF_INET6 if ":" in o.host else socket.AF_INET
            sock = socket.create_server((o.host, o.port), family=family)
        except OSError as e:
            raise SourceFailed(f"{self.name}: cannot listen: {e.strerror or e}") from None
        self.port = sock.getsockname()[1]
        server = _Server(server_config(self.app(), o.host, self.port, self.limits, lifespan="off", log_config=None))
        task = asyncio.create_task(server.serve(sockets=[sock]), name=f"push-{self.port}")
        try:
            while not server.started:
                if task.done():
                    raise SourceFailed(f"{self.name}: the listener stopped at start")
                await asyncio.sleep(0.01)
            self.started.set()
            self.link.connecting(f"{o.host}:{self.port}")
            self.link.frame()  # listening: up until a pusher it had is lost
            log.info("push listener on %s:%d", o.host, self.port)
            while True:
                yield await self.queue.get()
        finally:
            server.should_exit = True
            with contextlib.suppress(BaseException):
                await within(task, 3.0)
            sock.close()


def options_from_spec(spec: SourceSpec, env: dict[str, str] | None = None) -> PushOptions:
    env = dict(os.environ) if env is None else env
    p = spec.params
    host = p.get("host", "127.0.0.1")
    loopback = host in LOOPBACK
    token = secret(p, "token", "VHOST_PUSH_TOKEN", spec=spec.raw, env=env, refuse_inline=not loopback)
    try:
        port = int(p.get("port", "8765"))
        queue = int(p.get("queue", "10000"))
    except ValueError:
        raise ConfigError(f"source '{spec.raw}': port and queue must be numbers") from None
    if not 0 <= port <= 65535 or queue < 1:
        raise ConfigError(f"source '{spec.raw}': port must be 0-65535 and queue >= 1")
    if not token and not loopback:
        raise ConfigError(
            f"source 'push:' would listen on {host} with no token", fix="set VHOST_PUSH_TOKEN or token_file=PATH, or keep host=127.0.0.1"
        )
    if not loopback and (why := weak_token(token)):
        raise ConfigError(f"source 'push:' on {host}: the token is {why}", fix="use a random one: python3 -c 'import secrets; print(secrets.token_urlsafe(24))'")
    return PushOptions(host=host, port=port, token=token, queue=queue)


def from_spec(spec: SourceSpec, ctx: SourceContext) -> PushSource:
    return PushSource(options_from_spec(spec), ctx.clock)
