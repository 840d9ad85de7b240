"""A fake VTube Studio public API server (websockets on 127.0.0.1), per protocols.md §3.

It checks every envelope, keeps the token state, records each request with its arrival
time, and can be told to deny, to refuse tokens, to lock parameters (454), to not know
a parameter (453), to forget a session's authentication (8) or to be busy for hotkeys.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

from websockets.asyncio.server import Server, ServerConnection, serve

KNOWN_PARAMETERS = {"MouthOpen", "MouthSmile", "FaceAngleX", "EyeOpenLeft", "VoiceVolume"}


@dataclass
class Seen:
    at: float
    type: str
    data: dict[str, Any]
    msg: dict[str, Any]


@dataclass
class FakeVts:
    deny: bool = False
    tokens: set[str] = field(default_factory=set)
    parameters: set[str] = field(default_factory=lambda: set(KNOWN_PARAMETERS))
    locked: set[str] = field(default_factory=set)  # taken by another plugin in "set" mode
    hotkeys: list[dict[str, Any]] = field(default_factory=list)
    expressions: set[str] = field(default_factory=set)
    hotkey_busy: list[int] = field(default_factory=list)  # error ids to answer before succeeding
    unauth_after_injects: int | None = None  # then answer error 8 once, as if the session were lost
    seen: list[Seen] = field(default_factory=list)
    connections: int = 0
    bad_envelopes: list[str] = field(default_factory=list)
    _server: Server | None = None
    port: int = 0

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self.port}"

    def of(self, type_: str) -> list[Seen]:
        return [s for s in self.seen if s.type == type_]

    async def start(self) -> FakeVts:
        self._server = await serve(self._handle, "127.0.0.1", 0)
        self.port = int(next(iter(self._server.sockets)).getsockname()[1])
        return self

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
            with contextlib.suppress(TimeoutError):  # a handler still closing its socket does not hold the test up
                await asyncio.wait_for(self._server.wait_closed(), 5.0)

    async def __aenter__(self) -> FakeVts:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    async def _handle(self, ws: ServerConnection) -> None:
        self.connections += 1
        authed = False
        ids: set[str] = set()
        injects = 0
        async for raw in ws:
            msg = json.loads(raw)
            rid = str(msg.get("requestID", ""))
            mtype = str(msg.get("messageType", ""))
            data = msg.get("data") or {}
            if msg.get("apiName") != "VTubeStudioPublicAPI" or msg.get("apiVersion") != "1.0" or not mtype:
                self.bad_envelopes.append(raw if isinstance(raw, str) else raw.decode())
            if not rid or rid in ids or len(rid) > 64:
                self.bad_envelopes.append(f"requestID {rid!r}")
            ids.add(rid)
            self.seen.append(Seen(time.monotonic(), mtype, data, msg))

            def reply(kind: str, body: dict[str, Any], rid: str = rid) -> str:
                return json.dumps({"apiName": "VTubeStudioPublicAPI", "apiVersion": "1.0", "timestamp": int(time.time() * 1000),
                                   "requestID": rid, "messageType": kind, "data": body})  # fmt: skip

            def error(n: int, text: str) -> str:
                return reply("APIError", {"errorID": n, "message": text})

            if mtype == "AuthenticationTokenRequest":
                if self.deny:
                    out = error(50, "User has denied API access for your plugin.")
                else:
                    token = uuid.uuid4().hex
                    self.tokens.add(token)
                    out = reply("AuthenticationTokenResponse", {"authenticationToken": token})
            elif mtype == "AuthenticationRequest":
                authed = data.get("authenticationToken") in self.tokens
                body = {"authenticated": authed, "reason": "Token valid." if authed else "Token invalid."}
                out = reply("AuthenticationResponse", body)
            elif not authed:
                out = error(8, "Plugin is not authenticated.")
            elif mtype == "InjectParameterDataRequest":
                injects += 1
                if self.unauth_after_injects is not None and injects > self.unauth_after_injects:
                    self.unauth_after_injects, authed = None, False  # as if VTS forgot this session
                    out = error(8, "Plugin is not authenticated.")
                else:
                    out = self._inject(data, reply, error)
            elif mtype == "HotkeysInCurrentModelRequest":
                out = reply("HotkeysInCurrentModelResponse", {"modelLoaded": True, "modelName": "Fake", "modelID": "m1",
                                                               "availableHotkeys": self.hotkeys})  # fmt: skip
            elif mtype == "HotkeyTriggerRequest":
                if self.hotkey_busy:
                    n = self.hotkey_busy.pop(0)
                    out = error(n, "busy")
                elif any(h["hotkeyID"] == data.get("hotkeyID") for h in self.hotkeys):
                    out = reply("HotkeyTriggerResponse", {"hotkeyID": data["hotkeyID"]})
                else:
                    out = error(202, "Hotkey not found.")
            elif mtype == "ExpressionActivationRequest":
                fade = data.get("fadeTime", 0.25)
                if data.get("expressionFile") not in self.expressions:
                    out = error(452, "Expression file not found.")
                elif not isinstance(fade, (int, float)) or not 0 <= fade <= 2:
                    out = error(456, "fadeTime out of range.")
                else:
                    out = reply("ExpressionActivationResponse", {})
            else:
                out = error(-1, f"unsupported in the fake: {mtype}")
            await ws.send(out)

    def _inject(self, data: dict[str, Any], reply: Any, error: Any) -> str:
        mode = data.get("mode", "set")
        if mode not in ("set", "add"):
            return str(error(455, "Invalid mode."))
        for p in data.get("parameterValues") or []:
            if p.get("id") not in self.parameters:
                return str(error(453, f"Parameter {p.get('id')} not found."))
            if mode == "set" and p.get("id") in self.locked:
                return str(error(454, f"Parameter {p.get('id')} is currently controlled by another plugin."))
        return str(reply("InjectParameterDataResponse", {}))


async def wait_until(cond: Any, timeout: float = 5.0) -> bool:
    """Poll a condition in tests that watch a background task; False on timeout."""
    try:
        async with asyncio.timeout(timeout):
            for _ in range(int(timeout / 0.01) + 1):
                if cond():
                    return True
                await asyncio.sleep(0.01)
    except TimeoutError:
        pass
    return bool(cond())
