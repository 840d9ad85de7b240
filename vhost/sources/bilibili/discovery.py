"""Room init for the web endpoint: real room id, WBI keys, token and host list.

Every URL hangs off two bases (``api.live.bilibili.com`` and ``api.bilibili.com``);
the ``api=`` override points both at one server, e.g. a local fake.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

import aiohttp

from vhost.sources.bilibili.conn import USER_AGENT
from vhost.sources.bilibili.wbi import key_from_url, mixin_key, sign

LIVE_API = "https://api.live.bilibili.com"
MAIN_API = "https://api.bilibili.com"
WWW = "https://www.bilibili.com"
FALLBACK_HOST = "broadcastlv.chat.bilibili.com"


class DiscoveryError(Exception):
    """Room init failed (network, -352 risk control); retry later or use the fallback host."""


class RoomNotFound(DiscoveryError):
    """get_info said the room does not exist: retrying will not help."""


@dataclass(frozen=True)
class Credentials:
    sessdata: str = ""
    buvid: str = ""
    uid: int = 0


@dataclass(frozen=True)
class RoomInit:
    room_id: int
    token: str
    urls: list[str] = field(default_factory=list)
    uid: int = 0
    buvid: str = ""


def host_urls(host_list: list[dict[str, Any]], tls: bool) -> list[str]:
    out = []
    for h in host_list:
        host = h.get("host")
        port = h.get("wss_port" if tls else "ws_port")
        if host and port:
            out.append(f"{'wss' if tls else 'ws'}://{host}:{port}/sub")
    return out


def fallback_urls(host: str, tls: bool) -> list[str]:
    """``HOST`` or ``HOST:PORT``; the default ports are broadcastlv's (wss 443, ws 2244)."""
    name, _, port = host.partition(":")
    return [f"wss://{name}:{port or 443}/sub" if tls else f"ws://{name}:{port or 2244}/sub"]


class Discovery:
    def __init__(self, room: int, creds: Credentials, api: str | None = None, tls: bool = True, timeout_s: float = 10.0):
        self.room = room
        self.creds = creds
        self.live_api = (api or LIVE_API).rstrip("/")
        self.main_api = (api or MAIN_API).rstrip("/")
        self.www = (api or WWW).rstrip("/")
        self.tls = tls
        self.timeout = aiohttp.ClientTimeout(total=timeout_s)
        self.real_room = 0
        self._mixin = ""

    def _headers(self, buvid: str) -> dict[str, str]:
        cookies = [f"{k}={v}" for k, v in (("SESSDATA", self.creds.sessdata), ("buvid3", buvid)) if v]
        h = {"User-Agent": USER_AGENT, "Referer": "https://live.bilibili.com/", "Origin": "https://live.bilibili.com"}
        if cookies:
            h["Cookie"] = "; ".join(cookies)
        return h

    async def _get(self, http: aiohttp.ClientSession, url: str, params: dict[str, Any], buvid: str) -> dict[str, Any]:
        try:
            async with http.get(url, params=params, headers=self._headers(buvid)) as r:
                if r.status != 200:
                    raise DiscoveryError(f"{url.split('?')[0]} answered HTTP {r.status}")
                body = await r.json(content_type=None)
        except (aiohttp.ClientError, TimeoutError, ValueError) as e:
            raise DiscoveryError(f"{url.split('?')[0]}: {type(e).__name__}: {e}") from None
        if not isinstance(body, dict):
            raise DiscoveryError(f"{url.split('?')[0]}: not a JSON object")
        return body

    async def run(self) -> RoomInit:
        try:
            return await self._run()
        except (KeyError, TypeError, ValueError, AttributeError) as e:
            raise DiscoveryError(f"room init: unexpected reply shape ({type(e).__name__}: {e})") from None

    async def _run(self) -> RoomInit:
        async with aiohttp.ClientSession(timeout=self.timeout) as http:
            buvid = self.creds.buvid or await self._buvid(http)
            if not self.real_room:
                info = await self._get(http, f"{self.live_api}/room/v1/Room/get_info", {"room_id": self.room}, buvid)
                if info.get("code") != 0:
                    raise RoomNotFound(f"room {self.room}: get_info code {info.get('code')} {info.get('message', '')}")
                self.real_room = int(info["data"]["room_id"])
            nav = await self._get(http, f"{self.main_api}/x/web-interface/nav", {}, buvid)
            data = nav.get("data") or {}
            uid = self.creds.uid or (int(data.get("mid") or 0) if self.creds.sessdata else 0)
            img = (data.get("wbi_img") or {}).get("img_url", "")
            sub = (data.get("wbi_img") or {}).get("sub_url", "")
            if not img or not sub:
                raise DiscoveryError("nav gave no wbi_img keys")
            self._mixin = mixin_key(key_from_url(img), key_from_url(sub))
            params = sign({"id": self.real_room, "type": 0}, self._mixin, int(time.time()))
            dm = await self._get(http, f"{self.live_api}/xlive/web-room/v1/index/getDanmuInfo", params, buvid)
            if dm.get("code") != 0:
                raise DiscoveryError(f"getDanmuInfo code {dm.get('code')} {dm.get('message', '')}".strip())
            d = dm["data"]
            return RoomInit(self.real_room, str(d.get("token", "")), host_urls(d.get("host_list") or [], self.tls), uid, buvid)

    async def _buvid(self, http: aiohttp.ClientSession) -> str:
        """The buvid3 cookie the home page sets; without it getDanmuInfo tends to answer -352."""
        try:
            async with http.get(f"{self.www}/", headers={"User-Agent": USER_AGENT}) as r:
                c = r.cookies.get("buvid3")
                return c.value if c is not None else ""
        except (aiohttp.ClientError, TimeoutError):
            return ""
