"""`vhost run --metrics [HOST:]PORT`: /metrics, /healthz and /readyz on a small HTTP server
in the show's own event loop (loopback unless a host is given)."""

from __future__ import annotations

import json
from typing import Any

from aiohttp import web

from vhost.errors import ConfigError
from vhost.metrics import CONTENT_TYPE, ShowMetrics
from vhost.probes import health, readiness

LOOPBACK = "127.0.0.1"


def parse_listen(spec: str) -> tuple[str, int]:
    """'9108' → loopback:9108; 'HOST:PORT' or '[::1]:PORT' as written."""
    host, sep, port = spec.rpartition(":")
    if not sep:
        host, port = LOOPBACK, spec
    host = host.strip("[]") or LOOPBACK
    try:
        n = int(port)
    except ValueError:
        raise ConfigError(f"--metrics {spec!r}: expected PORT or HOST:PORT") from None
    if not 0 <= n <= 65535:
        raise ConfigError(f"--metrics {spec!r}: port must be 0-65535")
    return host, n


def _probe(result: tuple[bool, dict[str, Any]]) -> web.Response:
    ok, body = result
    return web.Response(text=json.dumps(body), status=200 if ok else 503, content_type="application/json")


def app(metrics: ShowMetrics) -> web.Application:
    async def read_metrics(_: web.Request) -> web.Response:
        return web.Response(body=metrics.render(), headers={"Content-Type": CONTENT_TYPE})

    async def read_health(_: web.Request) -> web.Response:
        return _probe(health(metrics))

    async def read_ready(_: web.Request) -> web.Response:
        return _probe(readiness(metrics))

    a = web.Application(client_max_size=1024)
    a.router.add_get("/metrics", read_metrics)
    a.router.add_get("/healthz", read_health)
    a.router.add_get("/readyz", read_ready)
    return a


class MetricsServer:
    def __init__(self, metrics: ShowMetrics, host: str, port: int) -> None:
        self.metrics, self.host, self.port = metrics, host, port
        self._runner: web.AppRunner | None = None

    async def start(self) -> str:
        """Listen; returns the URL of /metrics (the real port when 0 was asked)."""
        self._runner = web.AppRunner(app(self.metrics), access_log=None, shutdown_timeout=0.5)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        try:
            await site.start()
        except OSError as e:
            await self._runner.cleanup()
            raise ConfigError(f"--metrics: cannot listen on {self.host}:{self.port}: {e.strerror or e}", fix="pick another port") from None
        server = site._server
        sockets = getattr(server, "sockets", None) or []
        if sockets:
            self.port = int(sockets[0].getsockname()[1])
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/metrics"

    async def close(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
