"""A fake Twitch chat server (IRC over WebSocket on 127.0.0.1) that records every line
the client sends and answers the login the way tmi.twitch.tv does."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from websockets.asyncio.server import Server, ServerConnection, serve
from websockets.exceptions import ConnectionClosed

WELCOME = [
    ":tmi.twitch.tv 001 {nick} :Welcome, GLHF!",
    ":tmi.twitch.tv 002 {nick} :Your host is tmi.twitch.tv",
    ":tmi.twitch.tv 375 {nick} :-",
    ":tmi.twitch.tv 376 {nick} :>",
]


@dataclass
class Session:
    lines: list[str] = field(default_factory=list)
    raw: list[str] = field(default_factory=list)  # the frames exactly as received
    ws: ServerConnection | None = None
    joined: asyncio.Event = field(default_factory=asyncio.Event)
    pongs: list[str] = field(default_factory=list)


class FakeTwitchServer:
    """``after_join`` frames are sent once the client joins (each may hold several lines
    or part of one). A PASS in ``bad_passwords`` gets the auth-failure NOTICE and a close."""

    def __init__(
        self,
        after_join: list[str] | None = None,
        *,
        bad_passwords: tuple[str, ...] = (),
        answer_pings: bool = True,
        hold_welcome: asyncio.Event | None = None,
    ) -> None:
        self.hold_welcome = hold_welcome
        self.after_join = list(after_join or [])
        self.bad_passwords = bad_passwords
        self.answer_pings = answer_pings
        self.sessions: list[Session] = []
        self._server: Server | None = None
        self._port = 0

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self._port}"

    async def __aenter__(self) -> FakeTwitchServer:
        self._server = await serve(self._handle, "127.0.0.1", 0)
        self._port = self._server.sockets[0].getsockname()[1]
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self._server is not None
        self._server.close()
        await self._server.wait_closed()

    async def send(self, text: str, session: int = -1) -> None:
        ws = self.sessions[session].ws
        assert ws is not None
        await ws.send(text)

    async def _handle(self, ws: ServerConnection) -> None:
        s = Session(ws=ws)
        self.sessions.append(s)
        password = nick = ""
        try:
            async for frame in ws:
                text = frame if isinstance(frame, str) else frame.decode()
                s.raw.append(text)
                for line in text.split("\r\n"):
                    if not line:
                        continue
                    s.lines.append(line)
                    cmd, _, arg = line.partition(" ")
                    if cmd == "CAP":
                        await ws.send(":tmi.twitch.tv CAP * ACK :" + arg.split(":", 1)[-1] + "\r\n")
                    elif cmd == "PASS":
                        password = arg
                    elif cmd == "NICK":
                        nick = arg
                        if password in self.bad_passwords:
                            await ws.send(":tmi.twitch.tv NOTICE * :Login authentication failed\r\n")
                            await ws.close()
                            return
                        if self.hold_welcome is not None:
                            await self.hold_welcome.wait()
                        await ws.send("\r\n".join(w.format(nick=nick) for w in WELCOME) + "\r\n")
                    elif cmd == "JOIN":
                        chan = arg
                        await ws.send(f":{nick}!{nick}@{nick}.tmi.twitch.tv JOIN {chan}\r\n")
                        s.joined.set()
                        for out in self.after_join:
                            await ws.send(out)
                    elif cmd == "PING" and self.answer_pings:
                        await ws.send(f":tmi.twitch.tv PONG tmi.twitch.tv :{arg.lstrip(':')}\r\n")
                    elif cmd == "PONG":
                        s.pongs.append(line)
        except ConnectionClosed:
            pass
