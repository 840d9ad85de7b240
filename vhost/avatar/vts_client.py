"""VTube Studio public API client: envelope, request correlation and the token flow.

The plugin token is kept in a file so the user clicks "Allow" in VTube Studio once, not
every show: a stored token is tried first; a refused one (authenticated:false) is
replaced by a fresh one; a denial (error 50) is final and surfaces as VtsDenied.
"""

from __future__ import annotations

import itertools
import logging
import os
from pathlib import Path
from typing import Any

from websockets.asyncio.client import connect

from vhost.errors import BackendError
from vhost.net.ws_rpc import Json, WsRpc

log = logging.getLogger(__name__)

API = {"apiName": "VTubeStudioPublicAPI", "apiVersion": "1.0"}
NOT_AUTHENTICATED = 8
DENIED = 50


def default_token_file() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "vhost" / "vts_token"


class VtsError(BackendError):
    def __init__(self, error_id: int, message: str, request: str = "") -> None:
        self.error_id = error_id
        self.request = request
        super().__init__(f"VTube Studio error {error_id} on {request or 'request'}: {message}")


class VtsDenied(VtsError):
    """The user pressed Deny: retrying would only pop the dialog up again."""


class VtsClient:
    def __init__(
        self,
        url: str,
        token_file: Path,
        *,
        plugin: str = "vhost",
        developer: str = "vhost runtime",
        timeout: float = 5.0,
        token_timeout: float = 120.0,
    ) -> None:
        self.url = url
        self.token_file = Path(token_file)
        self.plugin = plugin[:32].ljust(3, "_")
        self.developer = developer[:32].ljust(3, "_")
        self.timeout = timeout
        self.token_timeout = token_timeout
        self._ids = itertools.count(1)
        self._rpc: WsRpc | None = None
        self.authenticated = False

    async def connect(self) -> None:
        ws = await connect(self.url, open_timeout=self.timeout, max_size=2**22, compression=None)
        self._rpc = WsRpc(ws, lambda m: m.get("requestID"), self._on_event, name="vts")
        self._rpc.start()
        await self._authenticate()

    @property
    def rpc(self) -> WsRpc:
        if self._rpc is None:
            raise ConnectionError("vts: not connected")
        return self._rpc

    async def request(self, message_type: str, data: Json | None = None, timeout: float | None = None) -> Json:
        rid = f"vhost-{next(self._ids)}"
        payload = {**API, "requestID": rid, "messageType": message_type, "data": data or {}}
        reply = await self.rpc.call(rid, payload, timeout or self.timeout)
        body = reply.get("data") or {}
        if reply.get("messageType") == "APIError":
            err_id, msg = int(body.get("errorID", -1)), str(body.get("message", ""))
            raise (VtsDenied if err_id == DENIED else VtsError)(err_id, msg, message_type)
        return body

    async def _authenticate(self) -> None:
        token = self._load_token()
        if token and await self._auth(token):
            return
        if token:
            log.info("vts: stored token was refused; asking VTube Studio for a new one (accept the popup)")
        else:
            log.info("vts: first connection; accept the vhost plugin in VTube Studio's popup")
        reply = await self.request(
            "AuthenticationTokenRequest",
            {"pluginName": self.plugin, "pluginDeveloper": self.developer},
            self.token_timeout,
        )
        token = str(reply.get("authenticationToken", ""))
        if not token:
            raise VtsError(-1, "no token in AuthenticationTokenResponse", "AuthenticationTokenRequest")
        self._save_token(token)
        if not await self._auth(token):
            raise VtsError(-1, "a fresh token was refused", "AuthenticationRequest")

    async def _auth(self, token: str) -> bool:
        reply = await self.request(
            "AuthenticationRequest",
            {"pluginName": self.plugin, "pluginDeveloper": self.developer, "authenticationToken": token},
        )
        self.authenticated = bool(reply.get("authenticated"))
        if not self.authenticated:
            log.info("vts: token not accepted: %s", reply.get("reason", "no reason given"))
        return self.authenticated

    def _load_token(self) -> str:
        try:
            return self.token_file.read_text(encoding="utf-8").strip()
        except OSError:
            return ""

    def _save_token(self, token: str) -> None:
        """Atomic, owner-only: the token lets any program drive the user's avatar."""
        try:
            self.token_file.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.token_file.with_name(self.token_file.name + ".tmp")
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.write(token + "\n")
            os.replace(tmp, self.token_file)
        except OSError as exc:
            log.warning(
                "vts: cannot store the token in %s (%s); VTube Studio will ask again next run", self.token_file, exc
            )

    @staticmethod
    def _on_event(msg: Any) -> None:
        log.debug("vts: unsolicited %s", msg.get("messageType") if isinstance(msg, dict) else msg)

    async def close(self) -> None:
        if self._rpc is not None:
            await self._rpc.close()
            self._rpc = None
