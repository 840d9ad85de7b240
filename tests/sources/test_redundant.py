"""One room through two connections: two fake Bilibili servers, one stalling, dropping or
replaying frames; every message once, and a silent link reconnected by the stall detector."""

from __future__ import annotations

import asyncio
import itertools
from contextlib import AsyncExitStack

import pytest

from tests.fakes.bilibili_server import FakeDanmakuServer, FakeOpenApi, brotli_pack, command, zlib_pack
from tests.sources import bili_samples as s
from tests.sources.util import eventually
from vhost.clock import WallClock
from vhost.errors import ConfigError
from vhost.events import ChatEvent, EventKind, User
from vhost.sources.backoff import Backoff
from vhost.sources.base import SourceContext
from vhost.sources.dedup import Dedup
from vhost.sources.redundant import RedundantSource
from vhost.sources.registry import build_sources

STALL = 0.6  # the group's stall limit in these tests
RECEIVE_TIMEOUT = STALL / 2 + 5.0  # what a lone connection would wait: heartbeat + grace


def web_frame(k: int, text: str | None = None) -> bytes:
    return brotli_pack(command(s.danmu(text or f"第{k}條", uid=1000 + k, uname=f"觀眾{k}", id_str=f"dm-{k}")))


def open_frame(k: int, text: str | None = None) -> bytes:
    dm = {"uname": f"觀眾{k}", "open_id": f"oid-{k}", "timestamp": 1700000000 + k, "room_id": 5050,
          "msg": text or f"第{k}條", "msg_id": f"open-{k}", "dm_type": 0}  # fmt: skip
    return zlib_pack(command({"cmd": "LIVE_OPEN_PLATFORM_DM", "data": dm}))


def quick(src: RedundantSource) -> RedundantSource:
    for m in src.members:
        m.source.backoff = Backoff(base=0.01, factor=1.5, cap=0.05, jitter=0.0)  # type: ignore[attr-defined]
    return src


class Reader:
    """Consumes a source in the background, keeping what arrived and when."""

    def __init__(self, src: RedundantSource, clock: WallClock) -> None:
        self.src, self.clock = src, clock
        self.got: list[ChatEvent] = []
        self.times: list[float] = []

    async def __aenter__(self) -> Reader:
        async def run() -> None:
            async for ev in self.src.events():
                self.got.append(ev)
                self.times.append(self.clock.now())

        self.task = asyncio.create_task(run())
        return self

    async def __aexit__(self, *exc: object) -> None:
        self.task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await self.task


async def test_stall_drop_and_replay_every_message_once():
    clock = WallClock()
    async with AsyncExitStack() as stack:
        a = await stack.enter_async_context(FakeDanmakuServer())
        b = await stack.enter_async_context(FakeDanmakuServer())
        specs = [f"bilibili:5050?ws={srv.url}&token=T&group=main&stall={STALL}" for srv in (a, b)]
        [src] = build_sources(specs, SourceContext(clock))
        assert isinstance(src, RedundantSource)
        quick(src)
        reader = await stack.enter_async_context(Reader(src, clock))
        await eventually(lambda: a.live() == 1 and b.live() == 1)
        frames: list[bytes] = []
        carriers: list[int] = []

        async def send(drop_a: bool = False) -> None:
            k = len(frames)
            frames.append(web_frame(k))
            carriers.append((0 if drop_a else await a.push(frames[k])) + await b.push(frames[k]))
            await asyncio.sleep(0.05)

        for _ in range(10):
            await send()
        # A's relay freezes: B carries the room while the stall detector reconnects A
        a.stall()
        t0 = clock.now()
        while not a.live():
            await send()
            assert clock.now() - t0 < RECEIVE_TIMEOUT, "the silent link was never reconnected"
        a_back = clock.now() - t0
        # then B freezes: A, reconnected, carries it
        b.stall()
        t0 = clock.now()
        while not b.live():
            await send()
            assert clock.now() - t0 < RECEIVE_TIMEOUT, "the silent link was never reconnected"
        b_back = clock.now() - t0
        # B's new connection replays recent history; A drops every third frame
        for f in frames[-15:]:
            await b.push(f)
        for i in range(30):
            await send(drop_a=i % 3 == 0)
        await eventually(lambda: len(reader.got) >= len(frames))
        await asyncio.sleep(0.3)  # a late duplicate would show up here
        health = src.health()
    ids = [ev.id for ev in reader.got]
    assert all(carriers), "a message was sent while no connection was up"
    assert sorted(ids, key=lambda x: int(x.split("-")[1])) == [f"dm-{k}" for k in range(len(frames))]
    assert len(set(ids)) == len(ids), "a message came through twice"
    assert a_back < STALL * 2 + 0.5 and b_back < STALL * 2 + 0.5  # the detector, not the receive timeout
    gaps = [y - x for x, y in itertools.pairwise(reader.times)]
    assert max(gaps) < STALL, f"the merged stream went silent for {max(gaps):.2f} s"
    assert health.counts["restarts"] == 2 and health.counts["duplicates"] > 15
    assert sum(m.counts.get("first", 0) for m in health.members) == len(frames)
    assert [m.target for m in health.members] == [a.url, b.url]
    assert [m.counts["restarts"] for m in health.members] == [1, 1]
    assert all(m.counts.get("stalls") == 1 for m in health.members)


async def test_web_and_open_platform_merge_by_what_was_said():
    """Different APIs give one message different ids and user ids: matched by content."""
    clock = WallClock()
    async with AsyncExitStack() as stack:
        web = await stack.enter_async_context(FakeDanmakuServer())
        ows = await stack.enter_async_context(FakeDanmakuServer())
        api = await stack.enter_async_context(FakeOpenApi([ows.url]))
        specs = [
            f"bilibili:5050?ws={web.url}&token=T&group=room1",
            f"bilibili-open:CODE?api={api.base}&app_id=1&key=KEY&secret=SECRET&group=room1",
        ]
        [src] = build_sources(specs, SourceContext(clock))
        assert isinstance(src, RedundantSource)
        reader = await stack.enter_async_context(Reader(quick(src), clock))
        await eventually(lambda: web.live() == 1 and ows.live() == 1)
        texts = ["主播好", "666", "666", "耳機多少錢", "666", "有貨嗎"]  # two viewers typed 666 at once, then a third
        for k, text in enumerate(texts):
            if k != 1:  # the web link dropped the first 666
                await web.push(web_frame(k, text))
            if k != 3:  # the open platform dropped the price question
                await ows.push(open_frame(k, text))
            await asyncio.sleep(0.02)
        await eventually(lambda: len(reader.got) >= len(texts))
        await asyncio.sleep(0.3)
    assert sorted(ev.text for ev in reader.got) == sorted(texts)
    assert sum(m.counts["first"] for m in src.health().members) == len(texts)
    assert src.dedup.counts["duplicate_copy"] == 4  # the four messages both links carried


def ev(text: str, id: str = "", kind: EventKind = EventKind.DANMAKU, user: str = "u") -> ChatEvent:
    return ChatEvent("bilibili", kind, User(user, user), text=text, id=id)


def test_dedup_ids_fingerprints_and_streams():
    d = Dedup(window_s=5.0, id_ttl_s=60.0)
    # same API: ids decide; a replay of an old id is a copy
    assert d.admit(ev("hi", "1"), "web", "0:a", 0.0) is True
    assert d.admit(ev("hi", "1"), "web", "1:b", 0.1) is False
    assert d.admit(ev("hi", "2"), "web", "1:b", 0.2) is True  # same words, another message
    # another API: the same two messages under other ids are copies, a third is new
    assert d.admit(ev("hi", "x1"), "open", "2:c", 0.3) is False
    assert d.admit(ev("hi", "x2"), "open", "2:c", 0.4) is False
    assert d.admit(ev("hi", "x3"), "open", "2:c", 0.5) is True
    # messages without ids (likes, enters): each connection is its own stream
    like = ev("", kind=EventKind.LIKE)
    assert [d.admit(like, "web", "0:a", 1.0), d.admit(like, "web", "1:b", 1.1), d.admit(like, "web", "1:b", 1.2)] == [
        True,
        False,
        True,
    ]
    # outside the window a copy is a new message again (the window must cover the links' skew)
    assert d.admit(ev("bye", "x9"), "open", "2:c", 10.0) is True
    assert d.admit(ev("bye", "y9"), "web", "0:a", 16.0) is True
    assert d.admit(ev("hi", "1"), "web", "1:b", 30.0) is False  # an id replayed long after: still known
    assert d.admit(ev("hi", "1"), "web", "1:b", 61.0) is True  # past id_ttl_s it is forgotten
    assert d.counts["new"] == 8


def test_dedup_memory_is_bounded():
    d = Dedup(window_s=5.0, id_ttl_s=60.0, max_ids=1000, max_fingerprints=500, max_copies=2000)
    for i in range(50_000):
        d.admit(ev(f"msg {i}", str(i)), "web", "0:a", i * 0.001)  # 1000 messages a second, all different
        d.admit(ev("666", f"f{i}"), "web", "0:a", i * 0.001)  # and a flood of one word
    assert len(d._ids) <= 1000 and len(d._prints) <= 500 and d._copies <= 2000
    assert len(d) <= 1000 + 500 + 2000
    # everything expires once the room is quiet
    d.admit(ev("later", "z"), "web", "0:a", 10_000.0)
    assert len(d._ids) == 1 and len(d._prints) == 1


def test_group_spec_errors():
    ctx = SourceContext(WallClock())
    with pytest.raises(ConfigError, match="stall= differs"):
        build_sources(["bilibili:1?ws=ws://x/sub&group=g&stall=5", "bilibili:1?ws=ws://y/sub&group=g&stall=6"], ctx)
    with pytest.raises(ConfigError, match="not a number"):
        build_sources(["bilibili:1?ws=ws://x/sub&group=g&window=soon"], ctx)
    with pytest.raises(ConfigError, match="letters, digits"):
        build_sources(["bilibili:1?ws=ws://x/sub&group=a b"], ctx)
    # members keep their own options and never see the group's; ungrouped sources stay as they are
    srcs = build_sources(["replay:personas/samples/tech_chat.jsonl", "bilibili:7?ws=ws://x/sub&group=g&stall=4&heartbeat=30",
                          "bilibili:7?ws=ws://y/sub&group=g"], ctx)  # fmt: skip
    assert [type(x).__name__ for x in srcs] == ["ReplaySource", "RedundantSource"]
    group = srcs[1]
    assert isinstance(group, RedundantSource) and group.opts.stall_s == 4.0
    web = [m.source for m in group.members]
    assert [w.opts.heartbeat_s for w in web] == [2.0, 2.0]  # type: ignore[attr-defined]  # asked to beat every stall/2


async def test_two_web_links_to_one_room_use_different_servers():
    from tests.fakes.bilibili_server import FakeBiliApi

    clock = WallClock()
    async with AsyncExitStack() as stack:
        a = await stack.enter_async_context(FakeDanmakuServer())
        b = await stack.enter_async_context(FakeDanmakuServer())
        hosts = [{"host": "127.0.0.1", "port": 1, "ws_port": srv.port, "wss_port": 1} for srv in (a, b)]
        api = await stack.enter_async_context(FakeBiliApi(hosts, ["T1"]))
        [src] = build_sources([f"bilibili:123?api={api.base}&tls=0&group=g"] * 2, SourceContext(clock))
        assert isinstance(src, RedundantSource)
        await stack.enter_async_context(Reader(quick(src), clock))
        await eventually(lambda: a.live() == 1 and b.live() == 1)
        assert sorted(m.target for m in src.health().members) == sorted([a.url, b.url])
