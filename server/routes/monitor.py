"""/metrics (Prometheus), /healthz and /readyz: read-only numbers, no chat text, no token
needed (probes and scrapers rarely carry one); they read counters, never files."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from vhost.metrics import CONTENT_TYPE
from vhost.probes import health, readiness

router = APIRouter(tags=["monitoring"])


def _metrics(request: Request) -> Any:
    control = getattr(request.app.state, "control", None)
    return None if control is None else control.show.metrics


def _not_started() -> JSONResponse:
    return JSONResponse({"ok": False, "checks": {"running": False}}, status_code=503)


@router.get("/metrics", include_in_schema=False)
async def read_metrics(request: Request) -> Response:
    m = _metrics(request)
    if m is None:
        return Response("# the show is not started yet\n", status_code=503, media_type="text/plain")
    return Response(m.render(), headers={"Content-Type": CONTENT_TYPE})


@router.get("/healthz")
async def read_health(request: Request) -> JSONResponse:
    m = _metrics(request)
    if m is None:
        return _not_started()
    ok, body = health(m)
    return JSONResponse(body, status_code=200 if ok else 503)


@router.get("/readyz")
async def read_ready(request: Request) -> JSONResponse:
    m = _metrics(request)
    if m is None:
        return _not_started()
    ok, body = readiness(m)
    return JSONResponse(body, status_code=200 if ok else 503)
