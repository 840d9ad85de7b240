"""obs-websocket v5 client: Hello/Identify with the salted challenge, requests by requestId, events.

A wrong password (close 4009) is an ObsAuthError: the caller must not retry it in a loop.
A failed request (`requestStatus.result: false`) is an ObsRequestError with OBS's code.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import json
import logging
import uuid
from collections.abc import Callable
from typing import Any

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed
from websockets.typing import Subprotocol

from vhost.errors import BackendError
from vhost.net.ws_rpc import Json, WsRpc

log = logging.getLogger(__name__)

SUBPROTOCOL = Subprotocol("obswebsocket.json")
GENERAL, MEDIA_INPUTS = 1, 256
CLOSE_AUTH_FAILED, CLOSE_RPC_UNSUPPORTED = 4009, 4010
OP_HELLO, OP_IDENTIFY, OP_IDENTIFIED, OP_EVENT, OP_REQUEST, OP_RESPONSE = 0, 1, 2, 5, 6, 7


class ObsError(BackendError):
    pass


class ObsAuthError(ObsError):
    """Wrong or missing password: retrying cannot help until the user fixes it."""


class ObsRequestError(ObsError):
    def __init__(self, request_type: str, code: int, comment: str = "") -> None:
        self.request_type = request_type
        self.code = code
        self.comment = comment
        super().__init__(f"OBS refused {request_type} (code {code}{': ' + comment if comment else ''})")


def auth_string(password: str, salt: str, challenge: str) -> str:
    """base64(sha256(base64(sha256(password + salt)) + challenge)), per the obs-websocket v5 protocol."""
    secret = base64.b64encode(hashlib.sha256((password + salt).encode()).digest()).decode()
    return base64.b64encode(hashlib.sha256((secret + challenge).encode()).digest()).decode()


class ObsClient:
    def __init__(
        self,
        url: str = "ws://127.0.0.1:4455",
        password: str = "",
        *,
        subscriptions: int = GENERAL | MEDIA_INPUTS,
        on_event: Callable[[str, Json], None] | None = None,
        timeout: float = 5.0,
    ) -> None:
        self.url = url
        self.password = password
        self.subscriptions = subscriptions
        self.on_event = on_event
        self.timeout = timeout
        self._rpc: WsRpc | None = None
        self.negotiated_rpc: int | None = None

    @property
    def closed(self) -> asyncio.Event:
        if self._rpc is None:
            raise ConnectionError("obs: not connected")
        return self._rpc.closed

    async def connect(self) -> None:
        ws = await connect(self.url, subprotocols=[SUBPROTOCOL], open_timeout=self.timeout, compression=None)
        try:
            await self._identify(ws)
        except ConnectionClosed as exc:
            await ws.close()
            code = ws.close_code
            if code == CLOSE_AUTH_FAILED:
                raise ObsAuthError(
                    "OBS rejected the password (4009)",
                    fix="check ?password= against OBS > Tools > WebSocket Server Settings",
                ) from exc
            if code == CLOSE_RPC_UNSUPPORTED:
                raise ObsError(
                    "this OBS does not speak obs-websocket rpc version 1 (4010)", fix="use OBS 28 or later"
                ) from exc
            raise ConnectionError(f"obs: closed during the handshake ({code} {ws.close_reason})") from exc
        except BaseException:
            await ws.close()
            raise
        self._rpc = WsRpc(ws, _response_id, self._dispatch, name="obs")
        self._rpc.start()

    async def _identify(self, ws: ClientConnection) -> None:
        hello = await self._recv_op(ws, OP_HELLO)  # nothing may be sent before Hello
        identify: Json = {"rpcVersion": 1, "eventSubscriptions": self.subscriptions}
        auth = hello.get("authentication")
        if auth:
            if not self.password:
                raise ObsAuthError("OBS asks for a password", fix="add ?password=... to the obs: sink")
            identify["authentication"] = auth_string(self.password, auth["salt"], auth["challenge"])
        await ws.send(json.dumps({"op": OP_IDENTIFY, "d": identify}))
        identified = await self._recv_op(ws, OP_IDENTIFIED)
        self.negotiated_rpc = identified.get("negotiatedRpcVersion")
        log.info(
            "obs: identified (OBS %s, obs-websocket %s)",
            hello.get("obsStudioVersion"),
            hello.get("obsWebSocketVersion"),
        )

    async def _recv_op(self, ws: ClientConnection, op: int) -> Json:
        async with asyncio.timeout(self.timeout):
            while True:
                msg = json.loads(await ws.recv())
                if isinstance(msg, dict) and msg.get("op") == op:
                    return dict(msg.get("d") or {})

    def _dispatch(self, msg: Json) -> None:
        if msg.get("op") == OP_EVENT and self.on_event is not None:
            d = msg.get("d") or {}
            self.on_event(str(d.get("eventType", "")), dict(d.get("eventData") or {}))

    async def request(self, request_type: str, data: Json | None = None, timeout: float | None = None) -> Json:
        if self._rpc is None:
            raise ConnectionError("obs: not connected")
        rid = uuid.uuid4().hex
        d: Json = {"requestType": request_type, "requestId": rid}
        if data is not None:
            d["requestData"] = data
        reply = await self._rpc.call(rid, {"op": OP_REQUEST, "d": d}, timeout or self.timeout)
        body = reply.get("d") or {}
        status = body.get("requestStatus") or {}
        if not status.get("result"):
            raise ObsRequestError(request_type, int(status.get("code", -1)), str(status.get("comment", "")))
        return dict(body.get("responseData") or {})

    async def close(self) -> None:
        if self._rpc is not None:
            await self._rpc.close()
            self._rpc = None


def _response_id(msg: Any) -> str | None:
    if msg.get("op") != OP_RESPONSE:
        return None
    rid = (msg.get("d") or {}).get("requestId")
    return str(rid) if rid is not None else None
