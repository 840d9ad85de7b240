"""The browser overlay: one HTTP port serving the page (GET /) and a JSON cue feed (GET /ws).

Made for an OBS Browser Source: transparent page, subtitles, a simple face whose mouth
and colour follow the cues, and a card per running play (lottery countdown, entrants and
winners; bargain progress; flash sale stock). A browser that joins mid-show first gets the
current subtitle, expression, speaking state and play cards, then live cues; each client has a bounded
queue, so a frozen browser tab never slows the show.
"""

from __future__ import annotations

import json
import logging
from importlib import resources
from typing import Any

from aiohttp import WSMsgType, web

from vhost.errors import ConfigError
from vhost.events import Cue
from vhost.net import parse_hostport
from vhost.net.broadcast import Broadcast

log = logging.getLogger(__name__)

STATE_TYPES = ("subtitle", "expression", "speaking", "play")  # a play's card is kept per play (lottery, bargain, flash)


def page() -> str:
    return resources.files("vhost.avatar").joinpath("static/overlay.html").read_text(encoding="utf-8")


class OverlayOutput:
    def __init__(self, host: str = "127.0.0.1", port: int = 8765, *, queue: int = 200, max_clients: int = 16) -> None:
        self.host = host
        self.port = port
        self.name = f"overlay:{host}:{port}"
        self._bc = Broadcast(queue, max_clients=max_clients)
        self._state: dict[str, str] = {}  # latest cue of each STATE_TYPES, as JSON
        self._runner: web.AppRunner | None = None
        self._html = ""
        self._sockets: set[web.WebSocketResponse] = set()

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}/"

    async def start(self) -> None:
        self._html = page()
        app = web.Application()
        app.router.add_get("/", self._page)
        app.router.add_get("/ws", self._feed)
        self._runner = web.AppRunner(app, access_log=None, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port, shutdown_timeout=1.0)
        try:
            await site.start()
        except OSError as exc:
            await self._runner.cleanup()
            self._runner = None
            raise ConfigError(f"overlay: cannot listen on {self.host}:{self.port}: {exc.strerror}") from None
        server = site._server
        sockets = getattr(server, "sockets", None) or []
        if sockets:
            self.port = int(sockets[0].getsockname()[1])
        self.name = f"overlay:{self.host}:{self.port}"
        log.info("overlay: add a Browser Source for %s", self.url)

    async def _page(self, request: web.Request) -> web.Response:
        return web.Response(text=self._html, content_type="text/html", headers={"Cache-Control": "no-cache"})

    async def _feed(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(heartbeat=20.0, max_msg_size=4096)
        await ws.prepare(request)

        async def until_closed() -> None:
            async for msg in ws:  # the page sends nothing; reading notices the close
                if msg.type == WSMsgType.ERROR:
                    return

        greeting: list[str | bytes] = [self._state[k] for k in STATE_TYPES if k in self._state]
        greeting += [v for k, v in self._state.items() if k.startswith("play:")]
        self._sockets.add(ws)
        try:
            await self._bc.attach(ws.send_str, greeting, peer=request.remote or "?", until=until_closed())  # type: ignore[arg-type]
        finally:
            self._sockets.discard(ws)
            await ws.close()
        return ws

    async def send(self, cue: Cue) -> None:
        msg = json.dumps(cue.to_json(), ensure_ascii=False)
        if cue.type in STATE_TYPES:
            self._state[f"play:{cue.name}" if cue.type == "play" else cue.type] = msg
        await self._bc.publish(msg)

    async def close(self) -> None:
        if self._runner is None:
            return
        await self._bc.drain(0.5)
        for ws in list(self._sockets):
            await ws.close(code=1001, message=b"show over")
        await self._runner.cleanup()
        self._runner = None

    def stats(self) -> dict[str, Any]:
        return {"name": self.name, "url": self.url, **self._bc.stats()}


def from_spec(target: str, params: dict[str, str], ctx: dict[str, Any]) -> OverlayOutput:
    """`overlay:8765` or `overlay:127.0.0.1:8765?queue=200`."""
    host, port = parse_hostport(target, default_port=8765)
    return OverlayOutput(host, port, queue=int(params.get("queue", "200")))
