"""Per-client bounded fan-out: slow clients drop their own oldest messages, never block the show."""

from __future__ import annotations

import asyncio

import pytest

from vhost.errors import ConfigError
from vhost.net import parse_hostport
from vhost.net.broadcast import Broadcast


class Receiver:
    """A client whose sends can be held, like a peer that stopped reading."""

    def __init__(self, open_: bool = True) -> None:
        self.got: list[str | bytes] = []
        self.gate = asyncio.Event()
        if open_:
            self.gate.set()

    async def send(self, msg: str | bytes) -> None:
        await self.gate.wait()
        self.got.append(msg)


async def settle() -> None:
    for _ in range(20):
        await asyncio.sleep(0)


async def test_slow_client_drops_oldest_fast_client_gets_all() -> None:
    bc = Broadcast(maxsize=5)
    fast, slow = Receiver(), Receiver(open_=False)
    tasks = [asyncio.create_task(bc.attach(r.send, ["hello"])) for r in (fast, slow)]
    await settle()
    for i in range(50):
        await bc.publish(f"m{i}")  # returns at once even though `slow` is stuck
        await settle()
    assert fast.got == ["hello"] + [f"m{i}" for i in range(50)]
    slow.gate.set()
    await settle()
    # slow: the greeting it was sending when it stalled, then only the newest five
    assert slow.got == ["hello", *[f"m{i}" for i in range(45, 50)]]
    assert bc.stats()["dropped"] == 45 and bc.stats()["clients"] == 2
    for t in tasks:
        t.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    assert bc.stats()["clients"] == 0 and bc.stats()["dropped"] == 45


async def test_lossless_waits_for_room_but_not_for_a_client_that_left() -> None:
    bc = Broadcast(maxsize=2, lossless=True)
    r = Receiver(open_=False)
    task = asyncio.create_task(bc.attach(r.send))
    await settle()
    for i in range(3):  # one in flight, two queued
        await bc.publish(i.to_bytes(1, "big"))
        await settle()
    blocked = asyncio.create_task(bc.publish(b"\x03"))
    await settle()
    assert not blocked.done()  # lossless: the render waits for the client
    r.gate.set()
    await asyncio.wait_for(blocked, 1)
    await settle()
    assert r.got == [b"\x00", b"\x01", b"\x02", b"\x03"] and bc.stats()["dropped"] == 0
    r.gate.clear()
    for _ in range(3):
        await bc.publish(b"x")
        await settle()
    blocked = asyncio.create_task(bc.publish(b"y"))
    await settle()
    task.cancel()  # the client goes away
    await asyncio.wait_for(blocked, 1)
    await asyncio.gather(task, return_exceptions=True)


async def test_client_limit_and_failing_send() -> None:
    bc = Broadcast(maxsize=4, max_clients=1)

    async def broken(msg: str | bytes) -> None:
        raise ConnectionError("peer reset")

    await bc.attach(broken, ["hello"])  # ends quietly, no exception
    keep = Receiver(open_=False)
    held = asyncio.create_task(bc.attach(keep.send))
    await settle()
    await bc.attach(Receiver().send)  # over the limit: refused
    assert bc.stats()["refused"] == 1
    held.cancel()
    await asyncio.gather(held, return_exceptions=True)


def test_parse_hostport() -> None:
    assert parse_hostport("8766") == ("127.0.0.1", 8766)
    assert parse_hostport("0.0.0.0:9") == ("0.0.0.0", 9)
    assert parse_hostport("", default_port=39539) == ("127.0.0.1", 39539)
    with pytest.raises(ConfigError, match="not a port"):
        parse_hostport("abc")
    with pytest.raises(ConfigError, match="outside"):
        parse_hostport("70000")
