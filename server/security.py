"""The control plane's hardening, from its settings: vhost.net.hardening applied to the app
(Host/Origin checks, body limits before auth, JSON depth) and to uvicorn (header and body
timeouts, a connection cap, graceful shutdown bounded)."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

from server.settings import Settings
from vhost.net.hardening import Shield, ShieldStats, SitePolicy, server_config


def policy(settings: Settings) -> SitePolicy:
    return SitePolicy.for_bind(settings.host, tuple(settings.allowed_hosts), tuple(settings.allowed_origins))


def protect(app: FastAPI, settings: Settings) -> ShieldStats:
    """Put the Shield in front of every route (before routing and the token check)."""
    stats = ShieldStats()
    app.add_middleware(Shield, limits=settings.limits(), policy=policy(settings), stats=stats)
    app.state.shield = stats
    return stats


def uvicorn_config(app: Any, settings: Settings, **kw: Any) -> Any:
    """uvicorn.Config for `vhost serve` and the tests: the same limits everywhere."""
    stats = getattr(getattr(app, "state", None), "shield", None)
    return server_config(app, settings.host, settings.port, settings.limits(), stats, **kw)
