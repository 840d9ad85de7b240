import asyncio
import itertools
import json
from contextlib import AsyncExitStack

import pytest

from tests.fakes.bilibili_server import FakeBiliApi, FakeDanmakuServer, brotli_pack, command
from tests.sources import bili_samples as s
from tests.sources.util import eventually, take
from vhost.clock import WallClock
from vhost.errors import ConfigError
from vhost.events import EventKind
from vhost.sources.backoff import Backoff
from vhost.sources.base import SourceContext, SourceFailed, SourceSpec
from vhost.sources.bilibili.discovery import Credentials
from vhost.sources.bilibili.web import BilibiliWebSource, WebOptions, options_from_spec
from vhost.sources.registry import build_source


def fast(src: BilibiliWebSource) -> BilibiliWebSource:
    src.backoff = Backoff(base=0.01, factor=1.5, cap=0.05, jitter=0.1)
    return src


async def test_auth_first_exact_keys_then_heartbeats():
    script = [brotli_pack(command(s.danmu("你好")), command(s.gift()))]
    async with FakeDanmakuServer(script) as srv:
        src = fast(build_source(f"bilibili:5050?ws={srv.url}&token=TOK&uid=77&buvid=BV3&heartbeat=0.2", SourceContext(WallClock())))
        agen = src.events()
        got = [await anext(agen), await anext(agen)]
        await asyncio.sleep(0.7)  # let a few heartbeats go by
        await agen.aclose()
    assert [e.kind for e in got] == [EventKind.DANMAKU, EventKind.GIFT]
    conn = srv.conns[0]
    plen, hlen, ver, op, seq, body = conn.packets[0]
    assert (op, ver, seq, hlen, plen) == (7, 1, 1, 16, 16 + len(body))
    assert conn.times[0] - conn.opened < 5.0
    assert list(json.loads(body)) == ["uid", "roomid", "protover", "platform", "type", "buvid", "key"]
    assert conn.auth == {"uid": 77, "roomid": 5050, "protover": 3, "platform": "web", "type": 2, "buvid": "BV3", "key": "TOK"}
    # a heartbeat right after auth OK, then one per interval
    assert conn.ops()[1] == 2
    hb = [p for p in conn.packets if p[3] == 2]
    assert all(p[:5] == (18, 16, 1, 2, 1) and p[5] == b"{}" for p in hb)
    assert len(hb) >= 3
    hb_times = [t for t, p in zip(conn.times, conn.packets, strict=True) if p[3] == 2]
    gaps = [b - a for a, b in itertools.pairwise(hb_times[1:])]
    assert all(g >= 0.15 for g in gaps)


async def test_discovery_wbi_rotation_and_buvid_cookie():
    async with AsyncExitStack() as stack:
        a = await stack.enter_async_context(FakeDanmakuServer([command(s.danmu("A"))], close_after_script=True))
        b = await stack.enter_async_context(FakeDanmakuServer([command(s.danmu("B"))], close_after_script=True))
        hosts = [{"host": "127.0.0.1", "port": 1, "ws_port": a.port, "wss_port": 1},
                 {"host": "127.0.0.1", "port": 1, "ws_port": b.port, "wss_port": 1}]  # fmt: skip
        api = await stack.enter_async_context(FakeBiliApi(hosts, ["T1"], real_room=5050, mid=99))
        spec = f"bilibili:123?api={api.base}&tls=0&sessdata=SESS"
        src = fast(build_source(spec, SourceContext(WallClock())))
        got = await take(src, 4)
    assert [e.text for e in got] == ["A", "B", "A", "B"]
    assert list(src.attempts)[:4] == [a.url, b.url, a.url, b.url]
    assert src.inits == 1  # a closed connection does not redo room init
    paths = [c[0] for c in api.calls]
    assert paths[:4] == ["/", "/room/v1/Room/get_info", "/x/web-interface/nav", "/xlive/web-room/v1/index/getDanmuInfo"]
    info_q = api.calls[1][1]
    assert info_q == {"room_id": "123"}
    _, dm_q, cookie = api.calls[3]
    assert dm_q["id"] == "5050" and dm_q["type"] == "0" and "w_rid" in dm_q and "wts" in dm_q
    assert "SESSDATA=SESS" in cookie and "buvid3=FAKE-BUVID3infoc" in cookie
    assert a.conns[0].auth == {"uid": 99, "roomid": 5050, "protover": 3, "platform": "web", "type": 2,
                               "buvid": "FAKE-BUVID3infoc", "key": "T1"}  # fmt: skip


async def test_token_error_reruns_room_init_and_reconnects():
    async with AsyncExitStack() as stack:
        ws = await stack.enter_async_context(
            FakeDanmakuServer([command(s.danmu("after re-init"))], auth_code=lambda body: -101 if body["key"] == "stale" else 0)
        )
        hosts = [{"host": "127.0.0.1", "ws_port": ws.port, "wss_port": 1}]
        api = await stack.enter_async_context(FakeBiliApi(hosts, ["stale", "fresh"]))
        src = fast(build_source(f"bilibili:5050?api={api.base}&tls=0&buvid=X", SourceContext(WallClock())))
        got = await take(src, 1)
    assert got[0].text == "after re-init"
    assert [c.auth["key"] for c in ws.conns] == ["stale", "fresh"]
    assert src.inits == 2
    assert sum(c[0].endswith("getDanmuInfo") for c in api.calls) == 2


async def test_receive_timeout_reconnects():
    async with FakeDanmakuServer([], reply_heartbeats=False) as srv:
        opts = WebOptions(room=5050, creds=Credentials(), ws=srv.url, token="T", heartbeat_s=0.1, grace_s=0.1)
        src = fast(BilibiliWebSource(opts, WallClock()))
        agen = src.events()
        task = asyncio.create_task(anext(agen))
        # three connections that each said something: a fourth may be cut off before its first packet
        await eventually(lambda: len(srv.conns) >= 3 and all(c.ops() for c in srv.conns[:3]))
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        await agen.aclose()
    assert all(c.ops()[0] == 7 for c in srv.conns[:3])  # each one opened with the auth packet
    assert all(c.ops()[0] == 7 for c in srv.conns[3:] if c.ops())


async def test_risk_control_352_retries_discovery():
    async with AsyncExitStack() as stack:
        ws = await stack.enter_async_context(FakeDanmakuServer([command(s.danmu("ok"))]))
        api = await stack.enter_async_context(FakeBiliApi([{"host": "127.0.0.1", "ws_port": ws.port}], ["T"]))
        api.fail_danmu_info = 2
        src = fast(build_source(f"bilibili:5050?api={api.base}&tls=0&buvid=X", SourceContext(WallClock())))
        got = await take(src, 1)
    assert got[0].text == "ok"
    assert src.inits == 3


async def test_missing_room_is_permanent():
    async with FakeBiliApi([], ["T"]) as api:
        src = fast(build_source(f"bilibili:404?api={api.base}&tls=0&buvid=X", SourceContext(WallClock())))
        with pytest.raises(SourceFailed, match="404"):
            await take(src, 1)


async def test_unreachable_server_keeps_retrying_without_crash():
    async with FakeDanmakuServer([]) as srv:
        dead = srv.url
    src = fast(build_source(f"bilibili:5050?ws={dead}", SourceContext(WallClock())))
    agen = src.events()
    task = asyncio.create_task(anext(agen))
    await eventually(lambda: len(src.attempts) >= 3)
    assert not task.done()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    await agen.aclose()


def test_spec_parsing_and_env():
    o = options_from_spec(SourceSpec.parse("bilibili:21452505"), env={"VHOST_BILI_SESSDATA": "S", "VHOST_BILI_UID": "7"})
    assert (o.room, o.creds.sessdata, o.creds.uid, o.heartbeat_s, o.tls) == (21452505, "S", 7, 30.0, True)
    assert o.fallback == "broadcastlv.chat.bilibili.com"
    o = options_from_spec(SourceSpec.parse("bilibili:1?api=http://127.0.0.1:9&heartbeat=5"), env={})
    assert o.fallback == "" and o.heartbeat_s == 5.0
    for bad in ("bilibili:abc", "bilibili:", "bilibili:1?heartbeat=x", "bilibili:1?uid=u"):
        with pytest.raises(ConfigError):
            options_from_spec(SourceSpec.parse(bad), env={})


async def test_discovery_failure_falls_back_without_token():
    async with AsyncExitStack() as stack:
        ws = await stack.enter_async_context(FakeDanmakuServer([command(s.danmu("fallback"))]))
        api = await stack.enter_async_context(FakeBiliApi([], ["T"]))
        api.fail_danmu_info = 1000
        spec = f"bilibili:5050?api={api.base}&tls=0&buvid=X&fallback=127.0.0.1:{ws.port}"
        src = fast(build_source(spec, SourceContext(WallClock())))
        got = await take(src, 1)
    assert got[0].text == "fallback"
    assert ws.conns[0].auth["key"] == "" and ws.conns[0].auth["roomid"] == 5050


async def test_host_list_is_followed_by_the_fallback():
    async with AsyncExitStack() as stack:
        a = await stack.enter_async_context(FakeDanmakuServer([command(s.danmu("A"))], close_after_script=True))
        fb = await stack.enter_async_context(FakeDanmakuServer([command(s.danmu("FB"))], close_after_script=True))
        api = await stack.enter_async_context(FakeBiliApi([{"host": "127.0.0.1", "ws_port": a.port}], ["T"]))
        spec = f"bilibili:5050?api={api.base}&tls=0&buvid=X&fallback=127.0.0.1:{fb.port}"
        got = await take(fast(build_source(spec, SourceContext(WallClock()))), 3)
    assert [e.text for e in got] == ["A", "FB", "A"]


async def test_malformed_room_init_reply_is_retried():
    async with AsyncExitStack() as stack:
        ws = await stack.enter_async_context(FakeDanmakuServer([command(s.danmu("ok"))]))
        api = await stack.enter_async_context(FakeBiliApi([{"host": "127.0.0.1", "ws_port": ws.port}], ["T"]))
        api.broken_info = 2
        src = fast(build_source(f"bilibili:5050?api={api.base}&tls=0&buvid=X", SourceContext(WallClock())))
        got = await take(src, 1)
    assert got[0].text == "ok" and src.inits == 3
