"""Start an aiohttp app on 127.0.0.1 with an OS-chosen port, for the fake HTTP servers."""

from __future__ import annotations

from aiohttp import web


async def serve_loopback(app: web.Application, shutdown_timeout: float = 0.5) -> tuple[web.AppRunner, int]:
    """The started runner (call .cleanup() to stop) and the port it listens on."""
    runner = web.AppRunner(app, shutdown_timeout=shutdown_timeout)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    server = site._server
    assert server is not None and server.sockets
    return runner, int(server.sockets[0].getsockname()[1])
