"""A fake obs-websocket v5 server (websockets on 127.0.0.1), per protocols.md §5.

Hello with or without an auth challenge, Identify checked (4009 on a wrong secret, 4007
when a client speaks first), requests answered concurrently (so `delays` can reorder
replies), Media Source settings kept per input, MediaInputPlaybackEnded sent for
subscribed clients after a RESTART, and `drop_after_identify` to test reconnects.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import hashlib
import json
import time
from dataclasses import dataclass, field
from typing import Any

from websockets.asyncio.server import Server, ServerConnection, serve
from websockets.exceptions import ConnectionClosed
from websockets.typing import Subprotocol

SALT = "lM1GncleQOaCu9lT1yeUZhFYnqhsLLP1G5lAGo3ixaI="
CHALLENGE = "+IxH4CnCiqpX1rM9scsNynZzbOe4KhDeYcTNS3PDaeY="
ACTIONS = {
    f"OBS_WEBSOCKET_MEDIA_INPUT_ACTION_{a}" for a in ("NONE", "PLAY", "PAUSE", "STOP", "RESTART", "NEXT", "PREVIOUS")
}


def expected_auth(password: str) -> str:
    secret = base64.b64encode(hashlib.sha256((password + SALT).encode()).digest()).decode()
    return base64.b64encode(hashlib.sha256((secret + CHALLENGE).encode()).digest()).decode()


@dataclass
class FakeObs:
    password: str | None = None
    inputs: dict[str, dict[str, Any]] = field(default_factory=lambda: {"TTS": {}})
    muted: dict[str, bool] = field(default_factory=dict)
    delays: dict[str, float] = field(default_factory=dict)  # requestType -> seconds before replying
    play_s: float = 0.05  # how long a restarted media input "plays"
    drop_after_identify: int = 0  # close this many sessions right after Identified
    identifies: list[dict[str, Any]] = field(default_factory=list)
    requests: list[dict[str, Any]] = field(default_factory=list)
    subprotocols: list[str | None] = field(default_factory=list)
    closes: list[int] = field(default_factory=list)
    connections: int = 0
    _server: Server | None = None
    port: int = 0

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self.port}"

    def of(self, request_type: str) -> list[dict[str, Any]]:
        return [r for r in self.requests if r["requestType"] == request_type]

    async def __aenter__(self) -> FakeObs:
        self._server = await serve(self._handle, "127.0.0.1", 0, subprotocols=[Subprotocol("obswebsocket.json")])
        self.port = int(next(iter(self._server.sockets)).getsockname()[1])
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()

    async def _handle(self, ws: ServerConnection) -> None:
        self.connections += 1
        self.subprotocols.append(ws.subprotocol)
        hello: dict[str, Any] = {"obsStudioVersion": "30.2.2", "obsWebSocketVersion": "5.5.2", "rpcVersion": 1}
        if self.password is not None:
            hello["authentication"] = {"challenge": CHALLENGE, "salt": SALT}
        await ws.send(json.dumps({"op": 0, "d": hello}))
        first = json.loads(await ws.recv())
        if first.get("op") != 1:
            self.closes.append(4007)
            await ws.close(4007, "Not identified")
            return
        d = first["d"]
        self.identifies.append(d)
        if self.password is not None and d.get("authentication") != expected_auth(self.password):
            self.closes.append(4009)
            await ws.close(4009, "Authentication failed.")
            return
        if d.get("rpcVersion") != 1:
            self.closes.append(4010)
            await ws.close(4010, "Unsupported rpc version")
            return
        await ws.send(json.dumps({"op": 2, "d": {"negotiatedRpcVersion": 1}}))
        if self.drop_after_identify > 0:
            self.drop_after_identify -= 1
            await ws.close(1001, "OBS is shutting down")
            return
        subs = int(d.get("eventSubscriptions", 0x7FF))
        tasks: set[asyncio.Task[None]] = set()
        async for raw in ws:
            msg = json.loads(raw)
            if msg.get("op") == 6:
                t = asyncio.create_task(self._answer(ws, msg["d"], subs))
                tasks.add(t)
                t.add_done_callback(tasks.discard)

    async def _answer(self, ws: ServerConnection, d: dict[str, Any], subs: int) -> None:
        self.requests.append({**d, "at": time.monotonic()})
        rtype, data = d.get("requestType", ""), d.get("requestData") or {}
        await asyncio.sleep(self.delays.get(rtype, 0))
        ok, code, comment, out = True, 100, "", None
        ended: str | None = None
        name = data.get("inputName")
        if rtype == "GetVersion":
            out = {"obsVersion": "30.2.2", "obsWebSocketVersion": "5.5.2", "rpcVersion": 1, "availableRequests": [],
                   "supportedImageFormats": ["png"], "platform": "linux", "platformDescription": "fake"}  # fmt: skip
        elif rtype == "GetStats":
            out = {"cpuUsage": 1.0}
        elif rtype in ("SetInputSettings", "TriggerMediaInputAction", "SetInputMute"):
            if name is None:
                ok, code, comment = False, 300, "Your request is missing the `inputName` field."
            elif name not in self.inputs:
                ok, code, comment = False, 600, f"No source was found by the name of `{name}`."
            elif rtype == "SetInputSettings":
                self.inputs[name].update(data.get("inputSettings") or {})
            elif rtype == "SetInputMute":
                self.muted[name] = bool(data.get("inputMuted"))
            elif data.get("mediaAction") not in ACTIONS:
                ok, code, comment = False, 400, "Invalid mediaAction."
            elif data["mediaAction"].endswith("RESTART") and subs & 256:
                ended = name
        else:
            ok, code, comment = False, 204, "Your request type is not valid."
        status: dict[str, Any] = {"result": ok, "code": code}
        if comment:
            status["comment"] = comment
        body: dict[str, Any] = {"requestType": rtype, "requestId": d.get("requestId"), "requestStatus": status}
        if out is not None:
            body["responseData"] = out
        await ws.send(json.dumps({"op": 7, "d": body}))
        if ended is not None:  # the media "plays", then OBS reports its end
            await asyncio.sleep(self.play_s)
            data = {"inputName": ended, "inputUuid": "u-" + ended}
            event = {"eventType": "MediaInputPlaybackEnded", "eventIntent": 256, "eventData": data}
            with contextlib.suppress(ConnectionClosed):
                await ws.send(json.dumps({"op": 5, "d": event}))
