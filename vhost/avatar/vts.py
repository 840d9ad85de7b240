"""VTube Studio output: lip-sync by parameter injection, emotions and motions by hotkey or expression.

`send` only records the wanted state, so the stage never waits on VTube Studio. A pump
task injects MouthOpen (and MouthSmile once visemes arrive) while speaking, re-sending
at least every `keepalive_s` because VTS reverts a parameter not set for a second, and a
final 0 when speech ends. If VTS is not running the output keeps retrying with backoff,
logging once; if the user denied the plugin it stops for good.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import deque
from pathlib import Path
from typing import Any

from websockets.exceptions import InvalidHandshake, InvalidURI

from vhost.avatar.mapping import AvatarMap, clamp01
from vhost.avatar.vts_client import NOT_AUTHENTICATED, VtsClient, VtsDenied, VtsError, default_token_file
from vhost.clock import Clock, WallClock
from vhost.errors import ConfigError
from vhost.events import Cue

log = logging.getLogger(__name__)

UNKNOWN_PARAMETER, PARAMETER_TAKEN = 453, 454
HOTKEY_QUEUE_FULL, HOTKEY_NOT_FOUND, HOTKEY_COOLDOWN = 200, 202, 203
SMILE = {"A": 0.2, "I": 0.7, "U": 0.0, "E": 0.5, "O": 0.0}
RETRYABLE = (OSError, TimeoutError, ConnectionError, InvalidHandshake, VtsError)


class VtsOutput:
    def __init__(
        self,
        url: str = "ws://127.0.0.1:8001",
        token_file: Path | None = None,
        mapping: AvatarMap | None = None,
        *,
        clock: Clock | None = None,
        rate_hz: float = 30.0,
        keepalive_s: float = 0.5,
        fade_s: float = 0.25,
        backoff: tuple[float, float] = (1.0, 30.0),
        hotkey_retries: int = 4,
        timeout: float = 5.0,
    ) -> None:
        self.url = url
        self.name = f"vts:{url}"
        self.token_file = token_file or default_token_file()
        self.map = mapping or AvatarMap()
        self.clock = clock or WallClock()
        self.rate_hz = rate_hz
        self.keepalive_s = keepalive_s
        self.fade_s = min(2.0, max(0.0, fade_s))
        self.backoff = backoff
        self.hotkey_retries = hotkey_retries
        self.timeout = timeout
        self.status = "idle"  # idle | connecting | connected | offline | denied | closed
        self._task: asyncio.Task[None] | None = None
        self._mouth = 0.0
        self._smile: float | None = None
        self._speaking = False
        self._final = False  # a closing 0 is owed
        self._params = {"MouthOpen", "MouthSmile"}
        self._mode = "set"
        self._actions: deque[tuple[str, str]] = deque(maxlen=32)
        self._action_ready = asyncio.Event()
        self._hotkeys: dict[str, str] | None = None
        self._expression: str | None = None
        self._warned: set[str] = set()
        self.injects = 0
        self.actions_dropped = 0
        self.connections = 0

    # -- CueSink ---------------------------------------------------------------------------

    async def start(self) -> None:
        self._task = asyncio.create_task(self._supervise(), name="vts")

    async def send(self, cue: Cue) -> None:
        if cue.type == "mouth":
            self._mouth = clamp01(cue.value or 0.0)
        elif cue.type == "viseme":
            vowel = (cue.name or "").upper()
            self._smile = SMILE.get(vowel, 0.0)
            if cue.value is not None:
                self._mouth = clamp01(cue.value)
        elif cue.type == "speaking":
            self._speaking = bool(cue.value)
            if not self._speaking:
                self._mouth, self._smile, self._final = 0.0, (0.0 if self._smile is not None else None), True
        elif cue.type in ("expression", "motion") and cue.name:
            if len(self._actions) == self._actions.maxlen:
                self.actions_dropped += 1
            self._actions.append((cue.type, cue.name))
            self._action_ready.set()

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        self.status = "closed" if self.status != "denied" else self.status

    def stats(self) -> dict[str, Any]:
        return {
            "name": self.name, "status": self.status, "connections": self.connections, "injects": self.injects,
            "mode": self._mode, "parameters": sorted(self._params), "actions_dropped": self.actions_dropped,
        }  # fmt: skip

    # -- connection --------------------------------------------------------------------------

    async def _supervise(self) -> None:
        delay = self.backoff[0]
        while True:
            client = VtsClient(self.url, self.token_file, timeout=self.timeout)
            self.status = "connecting"
            try:
                self.connections += 1
                await client.connect()
                self.status, delay = "connected", self.backoff[0]
                log.info("vts: connected to %s", self.url)
                self._warned.discard("offline")
                await self._session(client)
            except VtsDenied:
                self.status = "denied"
                log.error("vts: VTube Studio denied the vhost plugin (error 50); not retrying. Allow it and restart")
                return
            except InvalidURI:
                self.status = "offline"
                log.error("vts: %r is not a websocket URL; avatar output off", self.url)
                return
            except RETRYABLE as exc:
                self.status = "offline"
                self._warn_once(
                    "offline", "vts: VTube Studio not reachable at %s (%s); retrying quietly", self.url, exc
                )
            finally:
                self._hotkeys = None
                await client.close()
            await asyncio.sleep(delay)  # wall time: it paces a real connection attempt
            delay = min(delay * 2, self.backoff[1])

    async def _session(self, client: VtsClient) -> None:
        tasks = [
            asyncio.create_task(self._pump(client), name="vts:inject"),
            asyncio.create_task(self._act(client), name="vts:actions"),
            asyncio.create_task(client.rpc.closed.wait(), name="vts:closed"),
        ]
        try:
            await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for t in tasks:
                t.cancel()
            results = await asyncio.gather(*tasks, return_exceptions=True)
        for r in results:
            if isinstance(r, BaseException) and not isinstance(r, asyncio.CancelledError):
                raise r
        raise ConnectionError(f"VTube Studio closed the connection ({client.rpc.close_code})")

    # -- lip-sync ------------------------------------------------------------------------------

    async def _pump(self, client: VtsClient) -> None:
        last: tuple[float, float | None] | None = None
        last_at = float("-inf")
        while True:
            await self.clock.sleep(1.0 / self.rate_hz)
            if not (self._speaking or self._mouth > 0 or self._final):
                continue
            want = (self._mouth, self._smile)
            now = self.clock.now()
            if want == last and now - last_at < self.keepalive_s:
                continue
            final = self._final and not self._speaking
            await self._inject(client, *want)
            last, last_at = want, now
            if final and want[0] == 0.0:
                self._final = False

    async def _inject(self, client: VtsClient, mouth: float, smile: float | None) -> None:
        values: list[dict[str, Any]] = []
        if "MouthOpen" in self._params:
            values.append({"id": "MouthOpen", "value": float(mouth)})
        if smile is not None and "MouthSmile" in self._params:
            values.append({"id": "MouthSmile", "value": float(smile)})
        if not values:
            return
        try:
            await client.request(
                "InjectParameterDataRequest", {"faceFound": False, "mode": self._mode, "parameterValues": values}
            )
            self.injects += 1
        except VtsError as exc:
            if exc.error_id == NOT_AUTHENTICATED:
                raise  # the session lost its authentication: reconnect and authenticate again
            if exc.error_id == UNKNOWN_PARAMETER:
                bad = next((v["id"] for v in values if v["id"] in str(exc)), values[-1]["id"])
                self._params.discard(bad)
                log.warning("vts: the model has no parameter %s (error 453); no longer sending it", bad)
            elif exc.error_id == PARAMETER_TAKEN and self._mode == "set":
                self._mode = "add"
                log.warning("vts: another plugin controls the mouth (error 454); adding to it instead")
            else:
                self._warn_once(f"inject:{exc.error_id}", "vts: %s", exc)

    # -- expressions and motions -------------------------------------------------------------

    async def _act(self, client: VtsClient) -> None:
        while True:
            while not self._actions:
                self._action_ready.clear()
                await self._action_ready.wait()
            kind, name = self._actions.popleft()
            action = self.map.emotion(name) if kind == "expression" else self.map.motion(name)
            if action is None or not (action.vts_hotkey or action.vts_expression):
                self._warn_once(
                    f"map:{kind}:{name}", "vts: no VTS hotkey/expression for %s %r; add it under avatar.", kind, name
                )
                continue
            if action.vts_expression:
                await self._expression_on(client, action.vts_expression)
            if action.vts_hotkey:
                await self._hotkey(client, action.vts_hotkey)

    async def _expression_on(self, client: VtsClient, file: str) -> None:
        try:
            if self._expression and self._expression != file:
                await client.request(
                    "ExpressionActivationRequest",
                    {"expressionFile": self._expression, "fadeTime": self.fade_s, "active": False},
                )
            await client.request(
                "ExpressionActivationRequest", {"expressionFile": file, "fadeTime": self.fade_s, "active": True}
            )
            self._expression = file
        except VtsError as exc:
            if exc.error_id == NOT_AUTHENTICATED:
                raise
            self._warn_once(f"expr:{file}", "vts: expression %s: %s", file, exc)

    async def _hotkey(self, client: VtsClient, name: str) -> None:
        delay = 0.5
        refreshed = False
        for _ in range(self.hotkey_retries + 1):
            hotkey_id = await self._hotkey_id(client, name, refresh=refreshed)
            if hotkey_id is None:
                if refreshed:
                    self._warn_once(f"hotkey:{name}", "vts: the current model has no hotkey named %r", name)
                    return
                refreshed = True
                continue
            try:
                await client.request("HotkeyTriggerRequest", {"hotkeyID": hotkey_id})
                return
            except VtsError as exc:
                if exc.error_id in (HOTKEY_QUEUE_FULL, HOTKEY_COOLDOWN):
                    await asyncio.sleep(delay)  # VTS is busy or cooling down: back off, then try again
                    delay = min(delay * 2, 5.0)
                elif exc.error_id == HOTKEY_NOT_FOUND and not refreshed:
                    refreshed = True  # the model changed under us: reload the list once
                elif exc.error_id == NOT_AUTHENTICATED:
                    raise
                else:
                    self._warn_once(f"hotkey:{name}:{exc.error_id}", "vts: hotkey %r: %s", name, exc)
                    return
        log.warning("vts: hotkey %r still refused after %d tries; skipped", name, self.hotkey_retries + 1)

    async def _hotkey_id(self, client: VtsClient, name: str, refresh: bool) -> str | None:
        if self._hotkeys is None or refresh:
            reply = await client.request("HotkeysInCurrentModelRequest", {})
            self._hotkeys = {}
            for hk in reply.get("availableHotkeys") or []:
                if isinstance(hk, dict) and hk.get("hotkeyID"):
                    self._hotkeys[str(hk.get("name", "")).lower()] = str(hk["hotkeyID"])
                    self._hotkeys.setdefault(str(hk["hotkeyID"]).lower(), str(hk["hotkeyID"]))
        return self._hotkeys.get(name.lower())

    def _warn_once(self, key: str, fmt: str, *args: object) -> None:
        if key not in self._warned:
            self._warned.add(key)
            log.warning(fmt, *args)


def from_spec(target: str, params: dict[str, str], ctx: dict[str, Any]) -> VtsOutput:
    """`vts:ws://127.0.0.1:8001?token_file=...&rate=30&fade=0.25` (`vts:` alone = the default port)."""
    url = target or "ws://127.0.0.1:8001"
    if not url.startswith(("ws://", "wss://")):
        url = f"ws://{url}"
    token = params.get("token_file")
    try:
        rate = float(params.get("rate", "30"))
        fade = float(params.get("fade", "0.25"))
    except ValueError as exc:
        raise ConfigError(f"vts option is not a number: {exc}") from None
    if not 1.0 <= rate <= 120.0:
        raise ConfigError(f"vts option rate={rate} is outside 1..120 (Hz)")
    return VtsOutput(
        url, Path(token).expanduser() if token else None, AvatarMap(ctx.get("persona")),
        clock=ctx.get("clock"), rate_hz=rate, fade_s=fade,
    )  # fmt: skip
