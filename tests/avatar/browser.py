"""Headless Chromium driven over the DevTools protocol (websockets), for testing real pages."""

from __future__ import annotations

import asyncio
import json
import shutil
import subprocess
import urllib.request
from itertools import count
from pathlib import Path
from typing import Any

from websockets.asyncio.client import ClientConnection, connect

CHROMIUM = shutil.which("chromium")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--mute-audio",
    "--remote-debugging-address=127.0.0.1",
    "--remote-debugging-port=0",
]


class Browser:
    """`async with Browser(tmp, url) as b: await b.eval("document.title")`."""

    def __init__(self, profile: Path, url: str, extra_flags: tuple[str, ...] = ()) -> None:
        self.profile = profile
        self.url = url
        self.extra_flags = extra_flags
        self._proc: asyncio.subprocess.Process | None = None
        self._ws: ClientConnection | None = None
        self._ids = count(1)

    async def __aenter__(self) -> Browser:
        assert CHROMIUM is not None
        self._proc = await asyncio.create_subprocess_exec(
            CHROMIUM, *FLAGS, *self.extra_flags, f"--user-data-dir={self.profile}", self.url,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        port_file = self.profile / "DevToolsActivePort"
        async with asyncio.timeout(30):
            for _ in range(300):  # chromium writes the port once it listens
                if port_file.exists() and port_file.read_text().strip():
                    break
                await asyncio.sleep(0.1)
            port = int(port_file.read_text().split()[0])
            target = None
            while target is None:
                targets = await asyncio.to_thread(_json, f"http://127.0.0.1:{port}/json/list")
                target = next(
                    (t for t in targets if t.get("type") == "page" and t.get("url", "").startswith(self.url)), None
                )
                if target is None:
                    await asyncio.sleep(0.1)
        self._ws = await connect(target["webSocketDebuggerUrl"], max_size=2**24)
        return self

    async def eval(self, expression: str) -> Any:
        assert self._ws is not None
        rid = next(self._ids)
        await self._ws.send(
            json.dumps(
                {"id": rid, "method": "Runtime.evaluate", "params": {"expression": expression, "returnByValue": True}}
            )
        )
        while True:
            msg = json.loads(await self._ws.recv())
            if msg.get("id") == rid:
                return msg["result"]["result"].get("value")

    async def wait_for(self, expression: str, expected: Any, timeout: float = 15.0) -> Any:
        """Poll until the expression yields `expected`; returns the last value seen."""
        value = None
        try:
            async with asyncio.timeout(timeout):
                for _ in range(int(timeout / 0.05) + 1):
                    if (value := await self.eval(expression)) == expected:
                        break
                    await asyncio.sleep(0.05)
        except TimeoutError:
            pass
        return value

    async def __aexit__(self, *exc: object) -> None:
        if self._ws is not None:
            await self._ws.close()
        if self._proc is not None:
            self._proc.terminate()
            try:
                await asyncio.wait_for(self._proc.wait(), 10)
            except TimeoutError:
                self._proc.kill()
                await self._proc.wait()


def _json(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=5) as r:  # loopback only
        return json.loads(r.read())
