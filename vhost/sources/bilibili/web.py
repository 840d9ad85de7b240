"""``bilibili:ROOM_ID`` — the web danmaku endpoint, with room init, host rotation and
reconnects; only a room that does not exist stops it."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import random
from collections import deque
from collections.abc import AsyncIterator
from dataclasses import dataclass, replace

from vhost.clock import Clock
from vhost.errors import ConfigError
from vhost.events import ChatEvent
from vhost.health import Health, Link
from vhost.secrets import secret
from vhost.sources.backoff import Backoff
from vhost.sources.base import SourceContext, SourceFailed, SourceSpec
from vhost.sources.bilibili.conn import RECOVERABLE, AuthRejected, SessionConfig, TokenRejected, session
from vhost.sources.bilibili.discovery import (
    FALLBACK_HOST,
    Credentials,
    Discovery,
    DiscoveryError,
    RoomInit,
    RoomNotFound,
    fallback_urls,
)
from vhost.sources.bilibili.state import ParseState

log = logging.getLogger("vhost.sources.bilibili")


def auth_body(init: RoomInit) -> bytes:
    """Exactly the reference client's keys, in its order."""
    body = {
        "uid": init.uid,
        "roomid": init.room_id,
        "protover": 3,
        "platform": "web",
        "type": 2,
        "buvid": init.buvid,
        "key": init.token,
    }
    return json.dumps(body, separators=(",", ":")).encode()


@dataclass(frozen=True)
class WebOptions:
    room: int
    creds: Credentials
    api: str | None = None
    ws: str | None = None  # skip discovery and connect here
    token: str = ""
    heartbeat_s: float = 30.0
    tls: bool = True
    fallback: str = ""  # host tried when discovery fails, and after the host list
    grace_s: float = 5.0


class BilibiliWebSource:
    def __init__(self, opts: WebOptions, clock: Clock, rng: random.Random | None = None) -> None:
        self.name = f"bilibili:{opts.room}"
        self.opts = opts
        self.clock = clock
        self.state = ParseState()
        self.backoff = Backoff(base=1.0, factor=1.5, cap=30.0, jitter=0.2, rng=rng)
        self.discovery = Discovery(opts.room, opts.creds, opts.api, opts.tls)
        self.attempts: deque[str] = deque(maxlen=64)  # URLs tried, newest last (for status and tests)
        self.inits = 0  # how many times room init ran
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

    def _fixed(self) -> RoomInit | None:
        o = self.opts
        if not o.ws:
            return None
        return RoomInit(o.room, o.token, [o.ws], o.creds.uid, o.creds.buvid)

    async def _init(self) -> tuple[RoomInit | None, bool]:
        """(init, from_fallback). None means wait and try again."""
        self.inits += 1
        try:
            init = await self.discovery.run()
        except RoomNotFound as e:
            self.link.failed(str(e))
            raise SourceFailed(f"{self.name}: {e}") from None
        except DiscoveryError as e:
            self.link.down(f"room init failed: {e}")
            if not self.opts.fallback:
                log.warning("%s: room init failed: %s; retrying", self.name, e)
                return None, False
            log.warning("%s: room init failed: %s; trying %s without a token", self.name, e, self.opts.fallback)
            room = self.discovery.real_room or self.opts.room
            creds = self.opts.creds
            return RoomInit(room, "", fallback_urls(self.opts.fallback, self.opts.tls), creds.uid, creds.buvid), True
        if self.opts.fallback:
            init = replace(init, urls=[*init.urls, *fallback_urls(self.opts.fallback, self.opts.tls)])
        if not init.urls:
            log.warning("%s: getDanmuInfo gave an empty host_list; retrying", self.name)
            return None, False
        return init, False

    async def events(self) -> AsyncIterator[ChatEvent]:
        fixed = self._fixed()
        init = fixed
        stale = False
        tries = self.first_host
        cfg = SessionConfig(heartbeat_s=self.opts.heartbeat_s, grace_s=self.opts.grace_s, on_frame=self.link.frame)
        while True:
            if init is None or stale:
                init, stale = await self._init()
                if init is None:
                    await self.backoff.sleep(self.clock)
                    continue
            url = init.urls[tries % len(init.urls)]  # rotate on every retry
            tries += 1
            self.attempts.append(url)
            self.link.connecting(url)
            ok = asyncio.Event()
            try:
                evs = session(url, auth_body(init), self.clock, cfg, self.state, ok)
                async with contextlib.aclosing(evs):  # close the socket now, not at garbage collection
                    async for ev in evs:
                        self.link.event()
                        yield ev
                log.info("%s: server closed %s; reconnecting", self.name, url)
                self.link.down("server closed the connection")
            except TokenRejected:
                log.warning("%s: token rejected (-101); re-running room init", self.name)
                self.link.down("token rejected (-101)")
                if fixed is None:
                    init = None
            except AuthRejected as e:
                log.warning("%s: %s; re-running room init", self.name, e)
                self.link.down(str(e))
                if fixed is None:
                    init = None
            except RECOVERABLE as e:
                log.warning("%s: %s: %s; reconnecting", self.name, url, type(e).__name__)
                self.link.down(f"{type(e).__name__}: {e}"[:200])
            if ok.is_set():
                self.backoff.reset()
            await self.backoff.sleep(self.clock)


def _int(spec: SourceSpec, key: str, value: str) -> int:
    try:
        return int(value or 0)
    except ValueError:
        raise ConfigError(f"source '{spec.scheme}:{spec.target}': {key}={value!r} is not a number") from None


def options_from_spec(spec: SourceSpec, env: dict[str, str] | None = None) -> WebOptions:
    env = dict(os.environ) if env is None else env
    p = spec.params
    room = _int(spec, "room id", spec.target)
    if room <= 0:
        raise ConfigError(f"source '{spec.scheme}:{spec.target}': needs a room id", fix="e.g. bilibili:21452505")
    creds = Credentials(
        sessdata=secret(p, "sessdata", "VHOST_BILI_SESSDATA", spec=spec.raw, env=env),
        buvid=p.get("buvid") or env.get("VHOST_BILI_BUVID", ""),
        uid=_int(spec, "uid", p.get("uid") or env.get("VHOST_BILI_UID", "0")),
    )
    try:
        hb = float(p.get("heartbeat", "30"))
    except ValueError:
        raise ConfigError(f"source '{spec.scheme}:{spec.target}': heartbeat={p['heartbeat']!r} is not a number") from None
    if hb <= 0:
        raise ConfigError(f"source '{spec.scheme}:{spec.target}': heartbeat must be > 0")
    api = p.get("api") or None
    default_fallback = "" if api or p.get("ws") else FALLBACK_HOST  # never leave a test's loopback
    return WebOptions(
        room=room,
        creds=creds,
        api=api,
        ws=p.get("ws") or None,
        token=secret(p, "token", "VHOST_BILI_WS_TOKEN", spec=spec.raw, env=env),
        heartbeat_s=hb,
        tls=p.get("tls", "1") not in ("0", "false", "no"),
        fallback=p.get("fallback", default_fallback),
    )


def from_spec(spec: SourceSpec, ctx: SourceContext) -> BilibiliWebSource:
    return BilibiliWebSource(options_from_spec(spec), ctx.clock)
