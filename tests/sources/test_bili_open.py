import asyncio
import hashlib
import hmac
from contextlib import AsyncExitStack

import pytest

from tests.fakes.bilibili_server import FakeDanmakuServer, FakeOpenApi, command, zlib_pack
from tests.sources.util import eventually, take
from vhost.clock import WallClock
from vhost.errors import ConfigError
from vhost.events import EventKind
from vhost.sources.backoff import Backoff
from vhost.sources.base import SourceContext, SourceFailed, SourceSpec
from vhost.sources.bilibili import parse_frame
from vhost.sources.bilibili.frame import decode_frame
from vhost.sources.bilibili.open_commands import OPEN_COMMANDS
from vhost.sources.bilibili.open_platform import BilibiliOpenSource, OpenOptions, options_from_spec, sign_headers
from vhost.sources.registry import build_source

ENV = {"VHOST_BILI_OPEN_APP_ID": "1650000000", "VHOST_BILI_OPEN_KEY": "KEY", "VHOST_BILI_OPEN_SECRET": "SECRET"}


def cmd(name: str, data: dict) -> bytes:
    return command({"cmd": f"LIVE_OPEN_PLATFORM_{name}", "data": data})


MEDAL = {"fans_medal_wearing_status": True, "fans_medal_name": "电视", "fans_medal_level": 11, "guard_level": 3}
DM = {"uname": "开放用户", "open_id": "oid-1", "union_id": "u1", "uface": "", "timestamp": 1700000000, "room_id": 5050,
      "msg": "开放平台弹幕", "msg_id": "m-1", "emoji_img_url": "", "dm_type": 0, "is_admin": 1, **MEDAL}  # fmt: skip


def events_of(frame: bytes):
    return decode_frame(frame, commands=OPEN_COMMANDS).events


def test_sign_headers_order_and_hmac():
    body = b'{"code":"ABC","app_id":1}'
    h = sign_headers(body, "KEY", "SECRET", "nonce-1", 1700000000)
    keys = list(h)
    assert keys[:6] == ["x-bili-accesskeyid", "x-bili-content-md5", "x-bili-signature-method",
                        "x-bili-signature-nonce", "x-bili-signature-version", "x-bili-timestamp"]  # fmt: skip
    assert h["x-bili-content-md5"] == hashlib.md5(body).hexdigest()
    text = (f"x-bili-accesskeyid:KEY\nx-bili-content-md5:{hashlib.md5(body).hexdigest()}\nx-bili-signature-method:HMAC-SHA256\n"
            "x-bili-signature-nonce:nonce-1\nx-bili-signature-version:1.0\nx-bili-timestamp:1700000000")  # fmt: skip
    assert h["Authorization"] == hmac.new(b"SECRET", text.encode(), hashlib.sha256).hexdigest()


def test_open_commands():
    [dm] = events_of(cmd("DM", DM))
    assert (dm.kind, dm.text, dm.user.id, dm.user.name, dm.id) == (EventKind.DANMAKU, "开放平台弹幕", "oid-1", "开放用户", "m-1")
    assert (dm.user.medal, dm.user.medal_level, dm.user.guard_level, dm.user.moderator) == ("电视", 11, 3, True)
    gift = {"open_id": "oid-2", "uname": "g", "gift_id": 1, "gift_name": "牛哇", "gift_num": 2, "price": 1000, "r_price": 900,
            "paid": True, "timestamp": 1700000001, "msg_id": "m-2", "fans_medal_wearing_status": False}  # fmt: skip
    [g] = events_of(cmd("SEND_GIFT", gift))
    assert (g.kind, g.gift_name, g.gift_count, g.value_cny) == (EventKind.GIFT, "牛哇", 2, 1.8)
    [free] = events_of(cmd("SEND_GIFT", {**gift, "paid": False}))
    assert free.value_cny == 0 and not free.paid
    guard = {"user_info": {"open_id": "oid-3", "uname": "舰长B", "uface": ""}, "guard_level": 3, "guard_num": 2,
             "guard_unit": "月", "price": 198000, "timestamp": 1, "msg_id": "m-3"}  # fmt: skip
    [gd] = events_of(cmd("GUARD", guard))
    assert (gd.kind, gd.user.id, gd.user.guard_level, gd.value_cny, gd.gift_count) == (EventKind.GUARD, "oid-3", 3, 396.0, 2)
    sc = {"open_id": "oid-4", "uname": "sc", "message_id": 9001, "message": "问个问题", "rmb": 50, "timestamp": 1,
          "start_time": 100, "end_time": 190}  # fmt: skip
    [s] = events_of(cmd("SUPER_CHAT", sc))
    assert (s.kind, s.value_cny, s.id, s.duration_s, s.text) == (EventKind.SUPERCHAT, 50.0, "9001", 90.0, "问个问题")
    [d] = events_of(cmd("SUPER_CHAT_DEL", {"room_id": 5050, "message_ids": [9001], "msg_id": "x"}))
    assert (d.kind, d.text, d.id) == (EventKind.SYSTEM, "superchat_delete", "9001")
    [lk] = events_of(cmd("LIKE", {"open_id": "oid-5", "uname": "l", "like_text": "点赞了", "like_count": 12, "timestamp": 1}))
    assert (lk.kind, lk.count) == (EventKind.LIKE, 12)
    [en] = events_of(cmd("LIVE_ROOM_ENTER", {"open_id": "oid-6", "uname": "e", "room_id": 5050, "timestamp": 1}))
    assert en.kind == EventKind.ENTER
    # web parsing does not know these commands, and open parsing does not know web ones
    assert parse_frame(cmd("DM", DM)) == []


async def test_start_signed_auth_body_verbatim_and_end_on_close():
    async with AsyncExitStack() as stack:
        ws = await stack.enter_async_context(FakeDanmakuServer([zlib_pack(cmd("DM", DM), cmd("LIKE", {"open_id": "o", "uname": "", "like_count": 3}))]))
        api = await stack.enter_async_context(FakeOpenApi([ws.url]))
        src = build_source(f"bilibili-open:CODE123?api={api.base}&app_id=77&key=KEY&secret=SECRET", SourceContext(WallClock()))
        got = await take(src, 2)
    assert [e.kind for e in got] == [EventKind.DANMAKU, EventKind.LIKE]
    assert api.bad_signatures == 0
    assert api.calls[0] == ("/v2/app/start", {"code": "CODE123", "app_id": 77})
    assert api.calls[-1] == ("/v2/app/end", {"app_id": 77, "game_id": "game-1"})
    assert ws.conns[0].auth_raw == api.auth_body.encode()  # the string, byte for byte
    assert ws.conns[0].ops()[:2] == [7, 2]


def fast(src: BilibiliOpenSource) -> BilibiliOpenSource:
    src.backoff = Backoff(base=0.01, factor=1.5, cap=0.05, jitter=0.0)
    return src


async def test_heartbeat_7003_restarts_the_game():
    async with AsyncExitStack() as stack:
        ws = await stack.enter_async_context(FakeDanmakuServer([]))
        api = await stack.enter_async_context(FakeOpenApi([ws.url]))
        api.heartbeat_codes = [7003]
        opts = OpenOptions(code="C", app_id=1, key="KEY", secret="SECRET", api=api.base, game_heartbeat_s=0.05)
        src = fast(BilibiliOpenSource(opts, WallClock()))
        agen = src.events()
        task = asyncio.create_task(anext(agen))
        await eventually(lambda: api.games >= 2 and len(ws.conns) >= 2)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        await agen.aclose()
    paths = [c[0] for c in api.calls]
    assert paths[:2] == ["/v2/app/start", "/v2/app/heartbeat"]
    assert "/v2/app/start" in paths[2:]  # a fresh game after the dead one (ending the old one is harmless)
    assert list(src.games)[:2] == ["game-1", "game-2"]


async def test_interaction_end_restarts():
    async with AsyncExitStack() as stack:
        ws = await stack.enter_async_context(FakeDanmakuServer(per_conn=[[cmd("INTERACTION_END", {"game_id": "game-1"})], [cmd("DM", DM)]]))
        api = await stack.enter_async_context(FakeOpenApi([ws.url]))
        src = fast(BilibiliOpenSource(OpenOptions(code="C", app_id=1, key="KEY", secret="SECRET", api=api.base), WallClock()))
        got = await take(src, 1)
    assert got[0].text == "开放平台弹幕"
    assert api.games == 2  # the DM came from the restarted game's connection
    assert ("/v2/app/end", {"app_id": 1, "game_id": "game-1"}) in api.calls


async def test_bad_credentials_stop_the_source():
    async with AsyncExitStack() as stack:
        ws = await stack.enter_async_context(FakeDanmakuServer([]))
        api = await stack.enter_async_context(FakeOpenApi([ws.url], secret="OTHER"))
        src = fast(BilibiliOpenSource(OpenOptions(code="C", app_id=1, key="KEY", secret="SECRET", api=api.base), WallClock()))
        with pytest.raises(SourceFailed, match="4002"):
            await take(src, 1)
    assert api.bad_signatures == 1 and ws.conns == []


def test_spec_needs_credentials():
    o = options_from_spec(SourceSpec.parse("bilibili-open:ABC"), env=ENV)
    assert (o.code, o.app_id, o.key, o.secret) == ("ABC", 1650000000, "KEY", "SECRET")
    with pytest.raises(ConfigError, match="VHOST_BILI_OPEN_SECRET"):
        options_from_spec(SourceSpec.parse("bilibili-open:ABC?app_id=1&key=k"), env={})
    with pytest.raises(ConfigError):
        options_from_spec(SourceSpec.parse("bilibili-open:"), env=ENV)
