import asyncio
import re

import pytest

from tests.fakes.twitch_server import FakeTwitchServer
from tests.sources.test_irc import PRIVMSG, SUB
from tests.sources.util import eventually, take
from vhost.clock import WallClock
from vhost.errors import ConfigError
from vhost.events import EventKind
from vhost.sources.backoff import Backoff
from vhost.sources.base import SourceContext, SourceFailed, SourceSpec
from vhost.sources.registry import build_source
from vhost.sources.twitch import CAPS, TwitchOptions, TwitchSource, options_from_spec


def source(url: str, **kw) -> TwitchSource:
    src = TwitchSource(TwitchOptions(channel="xyz", ws=url, **kw), WallClock())
    src.backoff = Backoff(base=0.01, factor=1.5, cap=0.05, jitter=0.0)
    return src


async def test_login_order_with_token_then_join_after_welcome():
    hold = asyncio.Event()
    async with FakeTwitchServer([PRIVMSG + "\r\n"], hold_welcome=hold) as srv:
        src = source(srv.url, token="abc123", nick="MyBot")
        task = asyncio.create_task(take(src, 1))
        await eventually(lambda: bool(srv.sessions) and len(srv.sessions[0].lines) >= 3)
        await asyncio.sleep(0.2)
        s = srv.sessions[0]
        assert not any(ln.startswith("JOIN") for ln in s.lines)  # not before 001/376
        hold.set()
        got = await task
    assert s.raw[:3] == [f"CAP REQ :{CAPS}\r\n", "PASS oauth:abc123\r\n", "NICK mybot\r\n"]
    assert s.lines[3] == "JOIN #xyz"
    assert got[0].text == "HeyGuys"


async def test_anonymous_login():
    async with FakeTwitchServer([PRIVMSG + "\r\n"]) as srv:
        src = build_source(f"twitch:XYZ?ws={srv.url}", SourceContext(WallClock()))
        src.opts = TwitchOptions(channel="xyz", ws=srv.url)  # no token even if the environment has one
        await take(src, 1)
    lines = srv.sessions[0].lines
    assert lines[1] == "PASS SCHMOOPIIE"
    nick = re.fullmatch(r"NICK justinfan(\d+)", lines[2])
    assert nick and 1000 <= int(nick.group(1)) <= 80999
    assert lines[3] == "JOIN #xyz"


async def test_several_lines_per_frame_and_split_lines():
    line2 = PRIVMSG.replace("HeyGuys", "second")
    line3 = PRIVMSG.replace("HeyGuys", "third split")
    frames = [PRIVMSG + "\r\n" + line2 + "\r\n" + line3[:40], line3[40:] + "\r\n", SUB + " :thanks\r\n"]
    async with FakeTwitchServer(frames) as srv:
        got = await take(source(srv.url), 4)
    assert [e.text for e in got] == ["HeyGuys", "second", "third split", "thanks"]
    assert got[3].kind == EventKind.GUARD


async def test_server_ping_gets_pong():
    async with FakeTwitchServer([]) as srv:
        src = source(srv.url)
        agen = src.events()
        task = asyncio.create_task(anext(agen))
        await eventually(lambda: bool(srv.sessions) and srv.sessions[0].joined.is_set())
        await srv.send("PING :tmi.twitch.tv\r\n")
        await eventually(lambda: bool(srv.sessions[0].pongs), limit=5.0)
        assert srv.sessions[0].pongs == ["PONG :tmi.twitch.tv"]
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        await agen.aclose()


async def test_own_ping_and_pong_timeout_reconnects():
    async with FakeTwitchServer([], answer_pings=False) as srv:
        src = source(srv.url, ping_every_s=0.05, pong_timeout_s=0.1)
        agen = src.events()
        task = asyncio.create_task(anext(agen))
        await eventually(lambda: len(srv.sessions) >= 2)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        await agen.aclose()
    assert "PING :tmi.twitch.tv" in srv.sessions[0].lines
    assert srv.sessions[1].lines[3] == "JOIN #xyz"


async def test_answered_pings_keep_one_connection():
    async with FakeTwitchServer([]) as srv:
        src = source(srv.url, ping_every_s=0.05, pong_timeout_s=0.5)
        agen = src.events()
        task = asyncio.create_task(anext(agen))
        await eventually(lambda: bool(srv.sessions) and srv.sessions[0].lines.count("PING :tmi.twitch.tv") >= 3)
        assert len(srv.sessions) == 1
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        await agen.aclose()


async def test_reconnect_command_rejoins():
    async with FakeTwitchServer([":tmi.twitch.tv RECONNECT\r\n"]) as srv:
        src = source(srv.url)
        agen = src.events()
        task = asyncio.create_task(anext(agen))
        await eventually(lambda: len(srv.sessions) >= 2 and srv.sessions[1].joined.is_set())
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        await agen.aclose()
    assert srv.sessions[1].lines[:4][-1] == "JOIN #xyz"


async def test_auth_failure_stops_without_retry():
    async with FakeTwitchServer([], bad_passwords=("oauth:bad",)) as srv:
        src = source(srv.url, token="bad", nick="me")
        with pytest.raises(SourceFailed, match="Login authentication failed"):
            await take(src, 1)
        await asyncio.sleep(0.1)
    assert len(srv.sessions) == 1


def test_spec():
    o = options_from_spec(SourceSpec.parse("twitch:#SomeChan?cny_per_bit=0.1"), env={"VHOST_TWITCH_TOKEN": "oauth:t"})
    assert (o.channel, o.token, o.ws, o.rates.cny_per_bit) == ("somechan", "oauth:t", "wss://irc-ws.chat.twitch.tv:443", 0.1)
    with pytest.raises(ConfigError):
        options_from_spec(SourceSpec.parse("twitch:"), env={})
    with pytest.raises(ConfigError):
        options_from_spec(SourceSpec.parse("twitch:a?usd_cny=x"), env={})
