import asyncio
import json

import aiohttp
import pytest

from tests.sources.util import eventually
from vhost.clock import WallClock
from vhost.errors import ConfigError
from vhost.events import EventKind
from vhost.sources.base import SourceContext, SourceSpec
from vhost.sources.push import PushError, PushOptions, PushSource, options_from_spec, parse_push_event
from vhost.sources.registry import build_source

STRONG = "pQ7-zR2xLw9vN4kT1mY8sB6dH3jF0cGe"
GOOD = {"kind": "danmaku", "user": {"id": 7, "name": "抖音用户"}, "text": "耳机多少钱"}
GIFT = {"kind": "gift", "user": {"id": "u2", "name": "送礼"}, "value_cny": 1.0, "gift": {"name": "小心心", "count": 10}}


class Running:
    """Runs a push source's event loop in the background and collects what it yields."""

    def __init__(self, src: PushSource) -> None:
        self.src = src
        self.got: list = []

    async def __aenter__(self):
        self._agen = self.src.events()

        async def pump():
            async for ev in self._agen:
                self.got.append(ev)

        self._task = asyncio.create_task(pump())
        await asyncio.wait_for(self.src.started.wait(), 10)
        self.base = f"http://127.0.0.1:{self.src.port}"
        return self

    async def __aexit__(self, *exc):
        self._task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await self._task
        await self._agen.aclose()


def test_parse_push_event_pure():
    e = parse_push_event(GOOD)
    assert (e.platform, e.kind, e.user.id, e.user.name, e.text) == ("push", EventKind.DANMAKU, "7", "抖音用户", "耳机多少钱")
    g = parse_push_event(GIFT)
    assert (g.gift_name, g.gift_count, g.value_cny, g.paid) == ("小心心", 10, 1.0, True)
    like = parse_push_event({"kind": "like", "user": {"id": "x"}, "count": 30, "platform": "douyin", "t": 3.5})
    assert (like.count, like.platform, like.user.name) == (30, "douyin", "x")


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"kind": "shout", "user": {"id": "1"}}, "kind"),
        ({"kind": "danmaku"}, "user"),
        ({"kind": "danmaku", "user": {"name": "no id"}}, "user.id"),
        ({"kind": "gift", "user": {"id": "1"}, "value_cny": -5}, "value_cny"),
        ({"kind": "gift", "user": {"id": "1"}, "gift": {"name": "x", "count": 0}}, "gift.count"),
        ({"kind": "danmaku", "user": {"id": "1"}, "txt": "typo"}, "txt"),
        ([1, 2], "event"),
    ],
)
def test_bad_payload_names_the_field(payload, field):
    with pytest.raises(PushError) as e:
        parse_push_event(payload)
    assert str(e.value).startswith(field)
    assert "\n" not in str(e.value)


async def test_http_post_with_tokens_and_bad_payloads():
    src = PushSource(PushOptions(port=0, token="s3cret"))
    async with Running(src) as run, aiohttp.ClientSession() as http:
        url = f"{run.base}/events"
        async with http.post(url, json=GOOD) as r:
            assert r.status == 401
        async with http.post(url, json=GOOD, headers={"Authorization": "Bearer wrong"}) as r:
            assert r.status == 401
        async with http.post(url, json=GOOD, headers={"Authorization": "Bearer s3cret"}) as r:
            assert r.status == 200 and (await r.json()) == {"accepted": 1}
        async with http.post(f"{url}?token=s3cret", json=[GOOD, GIFT]) as r:
            assert (await r.json()) == {"accepted": 2}
        async with http.post(f"{url}?token=s3cret", data=b"{not json") as r:
            assert r.status == 400 and (await r.json())["error"].startswith("body: invalid JSON")
        async with http.post(f"{url}?token=s3cret", json=[GOOD, {"kind": "gift", "user": {}}]) as r:
            assert r.status == 400 and (await r.json())["error"].startswith("[1].user.id")
        await eventually(lambda: len(run.got) == 3)
    assert [e.kind for e in run.got] == [EventKind.DANMAKU, EventKind.DANMAKU, EventKind.GIFT]
    assert src.rejected == 2


async def test_websocket_events_and_errors():
    src = PushSource(PushOptions(port=0, token="tk"))
    async with Running(src) as run, aiohttp.ClientSession() as http:
        with pytest.raises(aiohttp.WSServerHandshakeError) as e:
            async with http.ws_connect(f"{run.base}/ws?token=bad"):
                pass
        assert e.value.status == 401
        async with http.ws_connect(f"{run.base}/ws", headers={"Authorization": "Bearer tk"}) as ws:
            await ws.send_str(json.dumps(GOOD))
            assert await ws.receive_json() == {"accepted": 1}
            await ws.send_str("nope")
            assert (await ws.receive_json())["error"].startswith("invalid JSON")
            await ws.send_str(json.dumps({"kind": "like", "user": {"id": "1"}, "count": 0}))
            assert (await ws.receive_json())["error"].startswith("count")
            await ws.send_str(json.dumps(GIFT))
            assert await ws.receive_json() == {"accepted": 1}
        await eventually(lambda: len(run.got) == 2)
    assert [e.gift_name for e in run.got] == [None, "小心心"]


async def test_full_queue_is_503_not_silent_loss():
    src = PushSource(PushOptions(port=0, queue=2))
    agen = src.events()
    first = asyncio.create_task(anext(agen))  # starts the server and takes one event
    await asyncio.wait_for(src.started.wait(), 10)
    async with aiohttp.ClientSession() as http:
        url = f"http://127.0.0.1:{src.port}/events"
        async with http.post(url, json=GOOD) as r:  # loopback, no token configured: open
            assert r.status == 200
        assert (await first).text == "耳机多少钱"
        async with http.post(url, json=[GOOD, GOOD]) as r:
            assert r.status == 200
        async with http.post(url, json=GOOD) as r:
            assert r.status == 503 and r.headers["Retry-After"] == "1"
    assert src.queue.qsize() == 2
    await agen.aclose()


def test_spec_and_token_rules(tmp_path, caplog):
    o = options_from_spec(SourceSpec.parse("push:?port=9000&token=T"), env={})
    assert (o.port, o.token, o.host) == (9000, "T", "127.0.0.1")
    assert "visible to every local user" in caplog.text and "token=T" not in caplog.text  # warned, value not logged
    assert options_from_spec(SourceSpec.parse("push:"), env={"VHOST_PUSH_TOKEN": "E"}).token == "E"
    f = tmp_path / "push-token"
    f.write_text(STRONG + "\n")
    assert options_from_spec(SourceSpec.parse(f"push:?token_file={f}"), env={}).token == STRONG
    assert options_from_spec(SourceSpec.parse("push:"), env={"VHOST_PUSH_TOKEN_FILE": str(f)}).token == STRONG
    with pytest.raises(ConfigError, match="no token"):
        options_from_spec(SourceSpec.parse("push:?host=0.0.0.0"), env={})
    # on the network: never from argv (ps shows it), and strong enough to guard a port
    with pytest.raises(ConfigError, match=r"token= on the command line is visible"):
        options_from_spec(SourceSpec.parse(f"push:?host=0.0.0.0&token={STRONG}"), env={})
    for weak in ("x", "aaaaaaaaaaaaaaaaaaaa"):
        with pytest.raises(ConfigError, match="too guessable"):
            options_from_spec(SourceSpec.parse("push:?host=0.0.0.0"), env={"VHOST_PUSH_TOKEN": weak})
    assert options_from_spec(SourceSpec.parse(f"push:?host=0.0.0.0&token_file={f}"), env={}).host == "0.0.0.0"
    with pytest.raises(ConfigError, match=r"token_file=.*: No such file"):
        options_from_spec(SourceSpec.parse(f"push:?token_file={tmp_path / 'nope'}"), env={})
    with pytest.raises(ConfigError):
        options_from_spec(SourceSpec.parse("push:?port=http"), env={})
    assert isinstance(build_source("push:?port=0", SourceContext(WallClock())), PushSource)


ORDER = {"kind": "order", "id": "T20260101-0007", "user": {"id": "buyer9", "name": "買家"}, "product": "x1-earbuds", "count": 2, "value_cny": 398}
STOCK = {"kind": "stock", "product": "x1-earbuds", "stock": 12, "timestamp": 1767225600}


async def test_order_callbacks_retried_are_answered_alike_and_counted_once():
    from vhost.orders import OrderBook

    book = OrderBook(lambda pid: 500 if pid == "x1-earbuds" else None)
    src = PushSource(PushOptions(port=0, token="shop"))
    async with Running(src) as run, aiohttp.ClientSession(headers={"Authorization": "Bearer shop"}) as http:
        for _ in range(3):  # the shop timed out waiting and sent it again, twice
            async with http.post(f"{run.base}/events", json=ORDER) as r:
                assert r.status == 200 and (await r.json()) == {"accepted": 1}
        async with http.post(f"{run.base}/events", json=[STOCK, {**ORDER, "id": "T20260101-0008", "count": 1}]) as r:
            assert r.status == 200
        await eventually(lambda: len(run.got) == 5)
    taken = [ev for ev in run.got if book.admit(ev)]
    assert [ev.kind for ev in taken] == [EventKind.ORDER, EventKind.STOCK, EventKind.ORDER]
    o = taken[0]
    assert (o.id, o.product_id, o.count, o.value_cny, o.user.name) == ("T20260101-0007", "x1-earbuds", 2, 398.0, "買家")
    assert (book.counts["orders"], book.counts["duplicates"], book.stock("x1-earbuds")) == (2, 2, 11)


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({**ORDER, "id": ""}, "id"),
        ({k: v for k, v in ORDER.items() if k != "product"}, "product"),
        ({"kind": "stock", "product": "x1-earbuds"}, "stock"),
        ({"kind": "stock", "stock": 3}, "product"),
        ({**STOCK, "stock": -1}, "stock"),
        ({"kind": "danmaku", "user": {"id": "1"}, "stock": 3}, "stock"),
        ({"kind": "order", "id": "o", "product": "p"}, "user"),
    ],
)
def test_bad_order_and_stock_callbacks_name_the_field(payload, field):
    with pytest.raises(PushError) as e:
        parse_push_event(payload)
    assert str(e.value).startswith(field)


async def test_listener_hardening_deep_json_size_origin():
    src = PushSource(PushOptions(port=0, token=STRONG))
    async with Running(src) as run, aiohttp.ClientSession() as http:
        url = f"{run.base}/events"
        auth = {"Authorization": f"Bearer {STRONG}"}
        async with http.post(url, data=b"[" * 50_000, headers=auth) as r:
            assert r.status == 400 and "nested" in (await r.json())["detail"]
        async with http.post(url, json=[[[[[[[[[GOOD]]]]]]]]], headers=auth) as r:
            assert r.status == 400  # deeper than an event list can be
        async with http.post(url, data=b"x" * (2 * 1024 * 1024)) as r:  # no token: refused on size first
            assert r.status == 413
        async with http.post(url, json=GOOD, headers={**auth, "Origin": "http://evil.example"}) as r:
            assert r.status == 403
        async with http.post(url, json=GOOD, headers={**auth, "Host": "evil.example"}) as r:
            assert r.status == 421
        async with http.post(url, json=GOOD, headers=auth) as r:
            assert r.status == 200
        with pytest.raises(aiohttp.WSServerHandshakeError) as e:
            async with http.ws_connect(f"{run.base}/ws", headers={**auth, "Origin": "http://evil.example"}):
                pass
        assert e.value.status == 403
        async with http.ws_connect(f"{run.base}/ws", headers=auth) as ws:
            await ws.send_str("[" * 10_000)
            assert "nested" in (await ws.receive_json())["error"]
        await eventually(lambda: len(run.got) == 1)


async def test_health_is_down_while_the_websocket_pusher_is_gone():
    src = PushSource(PushOptions(port=0, token="tk"))
    async with Running(src) as run, aiohttp.ClientSession() as http:
        assert src.health().state == "up"  # listening, fed by POSTs only: never down
        async with http.ws_connect(f"{run.base}/ws", headers={"Authorization": "Bearer tk"}) as ws:
            await ws.send_str(json.dumps(GOOD))
            assert await ws.receive_json() == {"accepted": 1}
            assert src.health().state == "up" and src.pushers == 1
        await eventually(lambda: src.health().state == "down")
        assert "pusher disconnected" in (src.health().error or "")
        async with http.ws_connect(f"{run.base}/ws", headers={"Authorization": "Bearer tk"}):
            await eventually(lambda: src.health().state == "up")


async def test_in_a_show_acknowledgements_wait_for_the_journal_and_keep_their_order():
    src = PushSource(PushOptions(port=0))
    src.durable_acks = True  # as a show sets it
    async with Running(src) as run, aiohttp.ClientSession() as http:
        async with http.ws_connect(f"{run.base}/ws") as ws:
            for _ in range(3):
                await ws.send_str(json.dumps(GOOD))
            await ws.send_str("nope")  # its error waits behind the three acknowledgements
            await eventually(lambda: len(run.got) == 3)
            with pytest.raises(TimeoutError):
                await asyncio.wait_for(ws.receive_json(), 0.3)  # taken, not yet held: no answer
            src.durable(2)
            assert [await ws.receive_json(), await ws.receive_json()] == [{"accepted": 1}] * 2
            with pytest.raises(TimeoutError):
                await asyncio.wait_for(ws.receive_json(), 0.3)
            src.durable(3)
            assert await ws.receive_json() == {"accepted": 1}
            assert (await ws.receive_json())["error"].startswith("invalid JSON")
        post = asyncio.create_task(http.post(f"{run.base}/events", json=[GOOD, GIFT]))
        await eventually(lambda: len(run.got) == 5)
        await asyncio.sleep(0.2)
        assert not post.done()
        src.durable(5)
        async with await post as r:
            assert r.status == 200 and await r.json() == {"accepted": 2}
