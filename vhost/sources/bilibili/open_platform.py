"""``bilibili-open:CODE`` — the open platform (开放平台): the streamer's ID code starts a
"game" over signed HTTP, which hands out the WebSocket links and the auth body.

The game is kept alive with a heartbeat every 20 s and ended on close. A heartbeat
answered 7003, or an INTERACTION_END command, means the game died: start a new one.
Start codes 4000-4999 (bad app, key, signature, params; except 4003/4004, which are
clock and nonce trouble) stop the source; anything else retries with backoff.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import json
import logging
import os
import random
import time
import uuid
from collections import deque
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, replace
from typing import Any

import aiohttp

from vhost.clock import Clock, within
from vhost.errors import ConfigError
from vhost.events import ChatEvent
from vhost.health import Health, Link
from vhost.secrets import secret
from vhost.sources.backoff import Backoff
from vhost.sources.base import SourceContext, SourceFailed, SourceSpec
from vhost.sources.bilibili.conn import RECOVERABLE, AuthRejected, SessionConfig, TokenRejected, session
from vhost.sources.bilibili.open_commands import INTERACTION_END, OPEN_COMMANDS
from vhost.sources.bilibili.state import ParseState

log = logging.getLogger("vhost.sources.bilibili")

OPEN_API = "https://live-open.biliapi.com"
GAME_DEAD = {7000, 7003}  # "already closed" / heartbeat on a dead game
RETRYABLE_4XXX = {4003, 4004}


def sign_headers(body: bytes, key_id: str, secret: str, nonce: str, timestamp: int) -> dict[str, str]:
    """The x-bili-* headers in the documented order, then Authorization = HMAC-SHA256 over
    their ``key:value`` lines joined by newlines."""
    signed = {
        "x-bili-accesskeyid": key_id,
        "x-bili-content-md5": hashlib.md5(body).hexdigest(),
        "x-bili-signature-method": "HMAC-SHA256",
        "x-bili-signature-nonce": nonce,
        "x-bili-signature-version": "1.0",
        "x-bili-timestamp": str(timestamp),
    }
    text = "\n".join(f"{k}:{v}" for k, v in signed.items())
    auth = hmac.new(secret.encode(), text.encode(), hashlib.sha256).hexdigest()
    return {**signed, "Authorization": auth, "Content-Type": "application/json", "Accept": "application/json"}


class ApiError(Exception):
    def __init__(self, path: str, code: int, message: str = "") -> None:
        super().__init__(f"{path} answered code {code} {message}".strip())
        self.code = code


@dataclass(frozen=True)
class OpenOptions:
    code: str
    app_id: int
    key: str
    secret: str
    api: str = OPEN_API
    heartbeat_s: float = 30.0  # WebSocket heartbeat
    game_heartbeat_s: float = 20.0  # HTTP game heartbeat


@dataclass(frozen=True)
class Game:
    game_id: str
    auth_body: str
    urls: list[str]
    room_id: int


class OpenApi:
    def __init__(self, opts: OpenOptions, now: Callable[[], float] = time.time) -> None:
        self.opts = opts
        self._now = now
        self.timeout = aiohttp.ClientTimeout(total=10)

    async def call(self, path: str, payload: dict[str, Any]) -> dict[str, Any]:
        body = json.dumps(payload, separators=(",", ":")).encode()
        headers = sign_headers(body, self.opts.key, self.opts.secret, uuid.uuid4().hex, int(self._now()))
        try:
            async with (
                aiohttp.ClientSession(timeout=self.timeout) as http,
                http.post(self.opts.api.rstrip("/") + path, data=body, headers=headers) as r,
            ):
                reply = await r.json(content_type=None)
        except (aiohttp.ClientError, TimeoutError, ValueError) as e:
            raise ApiError(path, -1, f"{type(e).__name__}: {e}") from None
        if not isinstance(reply, dict):
            raise ApiError(path, -1, "not a JSON object")
        code = int(reply.get("code", -1))
        if code != 0:
            raise ApiError(path, code, str(reply.get("message", "")))
        data = reply.get("data")
        return data if isinstance(data, dict) else {}

    async def start(self) -> Game:
        d = await self.call("/v2/app/start", {"code": self.opts.code, "app_id": self.opts.app_id})
        try:
            return self._game(d)
        except (AttributeError, TypeError, ValueError) as e:
            raise ApiError("/v2/app/start", -1, f"unexpected reply shape: {e}") from None

    @staticmethod
    def _game(d: dict[str, Any]) -> Game:
        ws = d.get("websocket_info") or {}
        return Game(
            game_id=str((d.get("game_info") or {}).get("game_id", "")),
            auth_body=str(ws.get("auth_body", "")),
            urls=[str(u) for u in ws.get("wss_link") or []],
            room_id=int((d.get("anchor_info") or {}).get("room_id") or 0),
        )


class BilibiliOpenSource:
    def __init__(self, opts: OpenOptions, clock: Clock, rng: random.Random | None = None) -> None:
        self.name = f"bilibili-open:{opts.code[:4]}…"
        self.opts = opts
        self.clock = clock
        self.api = OpenApi(opts)
        self.state = ParseState()
        self.backoff = Backoff(base=1.0, factor=1.5, cap=60.0, jitter=0.2, rng=rng)
        self.games: deque[str] = deque(maxlen=64)  # game ids started, newest last
        self.attempts: deque[str] = deque(maxlen=64)
        self.link = Link(self.name, clock)
        self.first_host = 0  # where the host rotation starts

    def prefer_host(self, n: int) -> None:
        """Start the host rotation at the n-th host, so a group's connections use different servers."""
        self.first_host = n

    def keepalive(self, every_s: float) -> None:
        """Heartbeat at least this often, so a watcher hears a reply within every_s."""
        if every_s < self.opts.heartbeat_s:
            self.opts = replace(self.opts, heartbeat_s=every_s)

    def health(self) -> Health:
        return self.link.health()

    async def _game_heartbeat(self, game: Game, dead: asyncio.Event) -> None:
        while True:
            await self.clock.sleep(self.opts.game_heartbeat_s)
            try:
                await self.api.call("/v2/app/heartbeat", {"game_id": game.game_id})
            except ApiError as e:
                if e.code in GAME_DEAD:
                    log.warning("%s: game %s died (%s); restarting", self.name, game.game_id, e)
                    dead.set()
                    return
                log.warning("%s: game heartbeat failed: %s", self.name, e)

    async def _end(self, game: Game) -> None:
        with contextlib.suppress(ApiError, TimeoutError):
            await within(self.api.call("/v2/app/end", {"app_id": self.opts.app_id, "game_id": game.game_id}), 5)

    async def _start(self) -> Game:
        while True:
            try:
                game = await self.api.start()
                if not game.urls:
                    raise ApiError("/v2/app/start", -1, "no wss_link")
                self.games.append(game.game_id)
                return game
            except ApiError as e:
                if 4000 <= e.code < 5000 and e.code not in RETRYABLE_4XXX:
                    self.link.failed(str(e))
                    raise SourceFailed(f"{self.name}: {e} (check app_id/key/secret and the ID code)") from None
                log.warning("%s: %s; retrying", self.name, e)
                self.link.down(str(e))
                await self.backoff.sleep(self.clock)

    async def events(self) -> AsyncIterator[ChatEvent]:
        cfg = SessionConfig(heartbeat_s=self.opts.heartbeat_s, commands=OPEN_COMMANDS, on_frame=self.link.frame)
        tries = self.first_host
        while True:
            game = await self._start()
            dead = asyncio.Event()
            beat = asyncio.create_task(self._game_heartbeat(game, dead), name="bilibili-open-heartbeat")
            try:
                while not dead.is_set():
                    url = game.urls[tries % len(game.urls)]
                    tries += 1
                    self.attempts.append(url)
                    self.link.connecting(url)
                    ok = asyncio.Event()
                    try:
                        evs = session(url, game.auth_body.encode(), self.clock, cfg, self.state, ok, dead)
                        async with contextlib.aclosing(evs):
                            async for ev in evs:
                                if ev.text == INTERACTION_END and not ev.user.id:
                                    # a control signal, not chat: closing via `dead` still drains
                                    # whatever the server sent before the close
                                    log.warning("%s: server ended the interaction; restarting", self.name)
                                    dead.set()
                                    continue
                                self.link.event()
                                yield ev
                        self.link.down("game ended" if dead.is_set() else "server closed the connection")
                    except (TokenRejected, AuthRejected) as e:
                        log.warning("%s: auth body rejected (%s); starting a new game", self.name, e)
                        self.link.down(f"auth rejected: {e}")
                        dead.set()
                    except RECOVERABLE as e:
                        log.warning("%s: %s: %s; reconnecting", self.name, url, type(e).__name__)
                        self.link.down(f"{type(e).__name__}: {e}"[:200])
                    if ok.is_set():
                        self.backoff.reset()
                    if not dead.is_set():
                        await self.backoff.sleep(self.clock)
            finally:
                beat.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await beat
                await self._end(game)
            await self.backoff.sleep(self.clock)  # a game that keeps dying must not spin


def options_from_spec(spec: SourceSpec, env: dict[str, str] | None = None) -> OpenOptions:
    env = dict(os.environ) if env is None else env
    p = spec.params
    code = spec.target.strip()
    if not code:
        raise ConfigError("source 'bilibili-open:': needs the streamer's ID code (身份码)", fix="bilibili-open:CODE")
    app_id = p.get("app_id") or env.get("VHOST_BILI_OPEN_APP_ID", "")
    key = secret(p, "key", "VHOST_BILI_OPEN_KEY", spec=spec.raw, env=env)
    app_secret = secret(p, "secret", "VHOST_BILI_OPEN_SECRET", spec=spec.raw, env=env)
    missing = [n for n, v in (("VHOST_BILI_OPEN_APP_ID", app_id), ("VHOST_BILI_OPEN_KEY", key), ("VHOST_BILI_OPEN_SECRET", app_secret)) if not v]
    if missing:
        raise ConfigError(f"source 'bilibili-open:' needs {', '.join(missing)}", fix="set them (or the _FILE variants), or pass app_id=, key_file=, secret_file=")
    try:
        app = int(app_id)
        hb = float(p.get("heartbeat", "30"))
    except ValueError:
        raise ConfigError("source 'bilibili-open:': app_id and heartbeat must be numbers") from None
    return OpenOptions(code=code, app_id=app, key=key, secret=app_secret, api=p.get("api") or OPEN_API, heartbeat_s=hb)


def from_spec(spec: SourceSpec, ctx: SourceContext) -> BilibiliOpenSource:
    return BilibiliOpenSource(options_from_spec(spec), ctx.clock)
