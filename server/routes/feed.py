"""/api/feed: status every second and each transcript row as it is written."""

from __future__ import annotations

import asyncio
import contextlib

from fastapi import APIRouter, WebSocket, WebSocketDisconnect, status

from server.deps import token_ok

router = APIRouter(tags=["feed"])
BACKLOG = 50  # recent transcript rows sent to a new client


@router.websocket("/feed")
async def read_feed(ws: WebSocket) -> None:
    settings = ws.app.state.settings
    control = getattr(ws.app.state, "control", None)
    if not token_ok(settings, ws.query_params.get("token")):
        await ws.close(code=status.WS_1008_POLICY_VIOLATION, reason="missing or wrong token")
        return
    client = control.hub.subscribe() if control is not None else None
    await ws.accept()
    if control is None or client is None:  # accepted first so the client can read why
        await ws.close(code=status.WS_1013_TRY_AGAIN_LATER, reason="too many feed clients")
        return
    try:
        await ws.send_json(control.status_message())
        for row in list(control.tail.rows)[-BACKLOG:]:
            await ws.send_json({"type": "transcript", "row": row})
        reader = asyncio.create_task(_drain(ws), name="feed-reader")
        try:
            while not reader.done():
                getter = asyncio.ensure_future(client.queue.get())
                done, _ = await asyncio.wait({getter, reader}, return_when=asyncio.FIRST_COMPLETED)
                if getter not in done:
                    getter.cancel()
                    break
                msg = getter.result()
                if msg is None:
                    reason = "too slow: dropped" if client.dropped else "server stopping"
                    code = status.WS_1013_TRY_AGAIN_LATER if client.dropped else status.WS_1001_GOING_AWAY
                    await ws.close(code=code, reason=reason)
                    break
                await ws.send_json(msg)
        finally:
            reader.cancel()
            with contextlib.suppress(asyncio.CancelledError, WebSocketDisconnect):
                await reader
    except (WebSocketDisconnect, RuntimeError):
        pass  # the client went away mid-send
    finally:
        control.hub.unsubscribe(client)


async def _drain(ws: WebSocket) -> None:
    """Read (and ignore) client frames so a disconnect is noticed at once."""
    while (await ws.receive())["type"] != "websocket.disconnect":
        pass
