"""A request cancelled in the same step its reply arrives ends; it does not keep running.

On Python 3.11, asyncio.wait_for returns the result and drops such a cancellation. The VTS
output's shutdown then waited forever on an actions task that should have stopped (seen once in
CI as a 300 s timeout). Everything in vhost waits with clock.within, which passes it on.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
from pathlib import Path

from websockets.asyncio.client import connect
from websockets.asyncio.server import ServerConnection, serve

from vhost.clock import within
from vhost.net.ws_rpc import WsRpc

ROOT = Path(__file__).resolve().parents[2]


async def cancelled_as_it_finishes(wait) -> str:  # type: ignore[no-untyped-def]
    """Run `wait(fut)` in a task, then finish fut and cancel the task in the same step."""
    fut: asyncio.Future[int] = asyncio.get_running_loop().create_future()
    parked = asyncio.Event()

    async def caller() -> None:
        await wait(fut)
        parked.set()
        await asyncio.sleep(3600)  # where a swallowed cancellation would leave it

    task = asyncio.create_task(caller())
    await asyncio.sleep(0.01)
    fut.set_result(1)
    task.cancel()
    try:
        await within(asyncio.shield(task), 1.0)
    except asyncio.CancelledError:
        return "ended"
    except TimeoutError:
        task.cancel()
        return "still running"
    return "returned"


async def test_within_passes_on_a_cancellation_that_lands_with_the_result() -> None:
    assert await cancelled_as_it_finishes(lambda f: within(f, 5.0)) == "ended"


async def test_within_times_out_and_cancels_what_it_waited_for() -> None:
    fut: asyncio.Future[int] = asyncio.get_running_loop().create_future()
    with contextlib.suppress(TimeoutError):
        await within(fut, 0.05)
    assert fut.cancelled()
    assert await within(asyncio.sleep(0, result=7), 1.0) == 7


async def test_rpc_call_cancelled_as_its_reply_arrives_ends() -> None:
    async def echo(ws: ServerConnection) -> None:
        async for raw in ws:
            if not json.loads(raw).get("hold"):
                await ws.send(raw)  # the reply carries the request's id

    async with serve(echo, "127.0.0.1", 0) as server:
        port = next(iter(server.sockets)).getsockname()[1]
        async with connect(f"ws://127.0.0.1:{port}") as ws:
            rpc = WsRpc(ws, lambda m: m.get("id"), name="test")
            rpc.start()
            assert (await rpc.call("a", {"id": "a", "n": 1}, 5.0))["n"] == 1

            caller = asyncio.create_task(rpc.call("b", {"id": "b", "hold": True}, 5.0))
            await asyncio.sleep(0.05)  # sent, and waiting for its reply
            rpc._pending["b"].set_result({"id": "b"})  # what the reader does when the reply comes ...
            caller.cancel()  # ... and a shutdown in the same step
            try:
                await within(asyncio.shield(caller), 2.0)
                outcome = "returned"
            except asyncio.CancelledError:
                outcome = "ended"
            assert outcome == "ended"
            await rpc.close()


def test_no_asyncio_wait_for_in_the_runtime() -> None:
    offenders = [
        f"{p.relative_to(ROOT)}:{n}"
        for top in ("vhost", "server")
        for p in sorted((ROOT / top).rglob("*.py"))
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if re.search(r"\basyncio\.wait_for\(", line)
    ]
    assert offenders == [], "use vhost.clock.within (asyncio.wait_for drops cancellations on 3.11): " + ", ".join(
        offenders
    )
