"""``twitch:CHANNEL`` — Twitch chat over IRC-on-WebSocket.

Money: bits are paid messages (kind superchat, ``currency="bits"``) worth
``bits * cny_per_bit`` CNY (default 0.072: 100 bits ~ US$1 ~ ¥7.2, ``cny_per_bit=``).
Subs are kind guard worth the tier's US price x ``usd_cny`` (Prime counts as tier 1).
A mystery gift is one event for the whole batch; the per-recipient ``subgift`` notices
that follow it are skipped. A raid is a FOLLOW whose ``count`` is the raiding viewers.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import random
from collections import deque
from collections.abc import AsyncGenerator, AsyncIterator
from dataclasses import dataclass

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import WebSocketException

from vhost.clock import Clock, wait_for, within
from vhost.errors import ConfigError
from vhost.events import ChatEvent, EventKind, User
from vhost.health import Health, Link
from vhost.secrets import secret
from vhost.sources.backoff import Backoff
from vhost.sources.base import SourceContext, SourceFailed, SourceSpec
from vhost.sources.irc import IrcMessage, LineBuffer, parse_line

log = logging.getLogger("vhost.sources.twitch")

DEFAULT_WS = "wss://irc-ws.chat.twitch.tv:443"
CAPS = "twitch.tv/tags twitch.tv/commands twitch.tv/membership"
TIER_USD = {"Prime": 4.99, "1000": 4.99, "2000": 9.99, "3000": 24.99}
TIER_GUARD = {"Prime": 3, "1000": 3, "2000": 2, "3000": 1}  # guard_level: 1 is the top tier
AUTH_FAILURES = ("Login authentication failed", "Improperly formatted auth", "Login unsuccessful")


@dataclass(frozen=True)
class Rates:
    cny_per_bit: float = 0.072
    usd_cny: float = 7.2


def _int(x: str | None) -> int:
    try:
        return int(x or 0)
    except ValueError:
        return 0


def _user(m: IrcMessage, login_tag: bool = False) -> User:
    t = m.tags
    login = t.get("login", "") if login_tag else m.nick
    login = login or m.nick
    badges = t.get("badges", "")
    names = {b.split("/", 1)[0] for b in badges.split(",") if b}
    months = 0
    for b in t.get("badge-info", "").split(","):
        if b.startswith("subscriber/"):
            months = _int(b.split("/", 1)[1])
    return User(
        id=t.get("user-id") or login,
        name=t.get("display-name") or login,
        medal=badges or None,
        medal_level=months,
        guard_level=3 if "subscriber" in names or t.get("subscriber") == "1" else 0,
        first_time=t.get("first-msg") == "1",
        moderator=t.get("mod") == "1" or "moderator" in names or "broadcaster" in names,
    )


def _ts(m: IrcMessage) -> float:
    return _int(m.tags.get("tmi-sent-ts")) / 1000.0


def privmsg_event(m: IrcMessage, line: str, rates: Rates) -> ChatEvent:
    text = m.trailing
    if text.startswith("\x01ACTION ") and text.endswith("\x01"):
        text = text[8:-1]  # /me
    bits = _int(m.tags.get("bits"))
    user = _user(m)
    if bits > 0:
        return ChatEvent("twitch", EventKind.SUPERCHAT, user, text=text, value_cny=round(bits * rates.cny_per_bit, 4),
                         currency="bits", amount=float(bits), timestamp=_ts(m), id=m.tags.get("id", ""), raw=line)  # fmt: skip
    return ChatEvent("twitch", EventKind.DANMAKU, user, text=text, timestamp=_ts(m), id=m.tags.get("id", ""), raw=line)


def usernotice_event(m: IrcMessage, line: str, rates: Rates) -> ChatEvent | None:
    t = m.tags
    kind = t.get("msg-id", "")
    user = _user(m, login_tag=True)
    text = m.params[1] if len(m.params) > 1 else ""  # resub may carry the viewer's own message
    system = t.get("system-msg", "")
    common = {"timestamp": _ts(m), "id": t.get("id", ""), "raw": line}
    plan = t.get("msg-param-sub-plan", "1000")
    usd = TIER_USD.get(plan, TIER_USD["1000"])
    if kind in ("sub", "resub", "subgift", "anonsubgift", "submysterygift", "anonsubmysterygift"):
        if kind in ("subgift", "anonsubgift") and t.get("msg-param-community-gift-id"):
            return None  # one recipient of a mystery gift already announced as a batch
        n = (_int(t.get("msg-param-mass-gift-count")) or 1) if "mysterygift" in kind else 1
        user = User(user.id, user.name, user.level, user.medal, user.medal_level, TIER_GUARD.get(plan, 3),
                    user.first_time, user.moderator)  # fmt: skip
        return ChatEvent("twitch", EventKind.GUARD, user, text=text or system, value_cny=round(n * usd * rates.usd_cny, 2),
                         currency="USD", amount=round(n * usd, 2), gift_name=t.get("msg-param-sub-plan-name") or plan,
                         gift_count=n, **common)  # type: ignore[arg-type]  # fmt: skip
    if kind == "raid":
        viewers = _int(t.get("msg-param-viewerCount")) or 1
        return ChatEvent("twitch", EventKind.FOLLOW, user, text=system, count=viewers, **common)  # type: ignore[arg-type]
    return ChatEvent("twitch", EventKind.SYSTEM, user, text=text or system or kind, **common)  # type: ignore[arg-type]


def to_event(m: IrcMessage, line: str, rates: Rates = Rates()) -> ChatEvent | None:
    if m.command == "PRIVMSG" and len(m.params) >= 2:
        return privmsg_event(m, line, rates)
    if m.command == "USERNOTICE":
        return usernotice_event(m, line, rates)
    return None


def parse_lines(text: str, rates: Rates = Rates()) -> list[ChatEvent]:
    """The chat events in a block of CRLF-separated lines (for benchmarks and replays)."""
    out = []
    for line in text.split("\r\n"):
        m = parse_line(line)
        ev = to_event(m, line, rates) if m is not None else None
        if ev is not None:
            out.append(ev)
    return out


@dataclass(frozen=True)
class TwitchOptions:
    channel: str
    ws: str = DEFAULT_WS
    token: str = ""
    nick: str = ""
    rates: Rates = Rates()
    ping_every_s: float = 60.0
    pong_timeout_s: float = 10.0
    login_timeout_s: float = 10.0


class Reconnect(Exception):
    """The server asked us to move (RECONNECT) or the connection went quiet."""


class TwitchSource:
    def __init__(self, opts: TwitchOptions, clock: Clock, rng: random.Random | None = None) -> None:
        self.name = f"twitch:{opts.channel}"
        self.opts = opts
        self.clock = clock
        self._rng = rng or random.Random()
        self.backoff = Backoff(base=1.0, factor=1.5, cap=60.0, jitter=0.1, rng=self._rng)
        self.connects = 0
        self.skipped = 0
        self.delays: deque[float] = deque(maxlen=64)
        self.link = Link(self.name, clock)

    def _login(self) -> tuple[str, str]:
        if self.opts.token:
            tok = self.opts.token.removeprefix("oauth:")
            return f"oauth:{tok}", (self.opts.nick or self.opts.channel).lower()
        return "SCHMOOPIIE", f"justinfan{self._rng.randint(1000, 80999)}"

    def health(self) -> Health:
        return self.link.health()

    async def events(self) -> AsyncIterator[ChatEvent]:
        while True:
            self.connects += 1
            self.link.connecting(self.opts.ws)
            try:
                evs = self._session()
                async with contextlib.aclosing(evs):  # close the socket now, not at garbage collection
                    async for ev in evs:
                        yield ev
                self.link.down("server closed the connection")
            except Reconnect as e:
                self.link.down(str(e))
                log.info("%s: %s; reconnecting", self.name, e)
            except (OSError, TimeoutError, WebSocketException) as e:
                self.link.down(type(e).__name__)
                log.warning("%s: %s; reconnecting", self.name, type(e).__name__)
            self.delays.append(await self.backoff.sleep(self.clock))

    async def _send(self, ws: ClientConnection, line: str) -> None:
        await ws.send(line + "\r\n")

    async def _session(self) -> AsyncGenerator[ChatEvent, None]:
        o = self.opts
        ws = await wait_for(self.clock, connect(o.ws, max_size=1 << 20, ping_interval=None, open_timeout=None), 10.0)
        pinger: asyncio.Task[None] | None = None
        pong = asyncio.Event()
        try:
            password, nick = self._login()
            await self._send(ws, f"CAP REQ :{CAPS}")
            await self._send(ws, f"PASS {password}")
            await self._send(ws, f"NICK {nick}")
            buf = LineBuffer()
            joined = False
            deadline = self.clock.now() + o.login_timeout_s
            while True:
                timeout = deadline - self.clock.now() if not joined else o.ping_every_s + o.pong_timeout_s + 5
                data = await wait_for(self.clock, ws.recv(), max(timeout, 0.001))
                for line in buf.feed(data if isinstance(data, str) else data.decode("utf-8", "replace")):
                    m = parse_line(line)
                    if m is None:
                        self.skipped += 1
                        continue
                    if m.command == "PING":
                        await self._send(ws, f"PONG :{m.trailing or 'tmi.twitch.tv'}")
                    elif m.command == "PONG":
                        pong.set()
                    elif m.command == "RECONNECT":
                        raise Reconnect("server asked to reconnect")
                    elif m.command == "NOTICE" and any(s in m.trailing for s in AUTH_FAILURES):
                        raise SourceFailed(f"{self.name}: {m.trailing} (check VHOST_TWITCH_TOKEN / token= and nick=)")
                    elif m.command in ("001", "376") and not joined:
                        joined = True
                        self.link.frame()
                        self.backoff.reset()
                        await self._send(ws, f"JOIN #{o.channel}")
                        pinger = asyncio.create_task(self._keepalive(ws, pong), name="twitch-ping")
                    else:
                        ev = to_event(m, line, o.rates)
                        if ev is not None:
                            yield ev
        finally:
            if pinger is not None:
                pinger.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await pinger
            with contextlib.suppress(Exception):
                await within(ws.close(), 2.0)

    async def _keepalive(self, ws: ClientConnection, pong: asyncio.Event) -> None:
        """Our own PING every minute; no PONG within the timeout closes the socket, and the
        receive loop turns that into a reconnect."""
        with contextlib.suppress(WebSocketException, OSError):
            while True:
                await self.clock.sleep(self.opts.ping_every_s)
                pong.clear()
                await self._send(ws, "PING :tmi.twitch.tv")
                try:
                    await wait_for(self.clock, pong.wait(), self.opts.pong_timeout_s)
                except TimeoutError:
                    log.warning("%s: no PONG within %.0f s; reconnecting", self.name, self.opts.pong_timeout_s)
                    await ws.close(code=4000, reason="pong timeout")
                    return


def options_from_spec(spec: SourceSpec, env: dict[str, str] | None = None) -> TwitchOptions:
    env = dict(os.environ) if env is None else env
    p = spec.params
    channel = spec.target.strip().lstrip("#").lower()
    if not channel:
        raise ConfigError(f"source '{spec.raw or 'twitch:'}': needs a channel", fix="e.g. twitch:somechannel")
    try:
        rates = Rates(float(p.get("cny_per_bit", "0.072")), float(p.get("usd_cny", "7.2")))
    except ValueError:
        raise ConfigError(f"source 'twitch:{channel}': cny_per_bit / usd_cny must be numbers") from None
    return TwitchOptions(
        channel=channel,
        ws=p.get("ws") or DEFAULT_WS,
        token=secret(p, "token", "VHOST_TWITCH_TOKEN", spec=spec.raw, env=env),
        nick=p.get("nick") or env.get("VHOST_TWITCH_NICK", ""),
        rates=rates,
    )


def from_spec(spec: SourceSpec, ctx: SourceContext) -> TwitchSource:
    return TwitchSource(options_from_spec(spec), ctx.clock)
