"""The control plane: a running show plus a REST API, a live feed and the operator console.

`create_app(settings)` builds nothing until startup: the lifespan builds the Show, runs it
as a task, and on shutdown stops it and waits until its files are complete.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request, status
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from server.control import Control, ShowNotRunning
from server.routes import cohost, console, events, feed, monitor, plays, show, transcript
from server.security import protect
from server.settings import Settings
from vhost.errors import VhostError
from vhost.show import Show

log = logging.getLogger("server")
ShowFactory = Callable[[Settings], Show]


def build_show(settings: Settings) -> Show:
    """The real show from settings (persona, sources, sinks, avatars, model)."""
    return Show(settings.show_config())


def create_app(settings: Settings, *, show_factory: ShowFactory | None = None) -> FastAPI:
    factory = show_factory or build_show

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        control = Control(factory(settings), settings)
        app.state.control = control
        await control.start()
        if not settings.auth_required:
            log.warning("control API open to every local program (no VHOST_CONTROL_TOKEN, loopback only)")
        try:
            yield
        finally:
            await control.close()

    app = FastAPI(title="vhost control", lifespan=lifespan, docs_url="/api/docs", openapi_url="/api/openapi.json", redoc_url=None)
    app.state.settings = settings
    app.add_exception_handler(RequestValidationError, _invalid)
    app.add_exception_handler(ShowNotRunning, _not_running)
    app.add_exception_handler(VhostError, _vhost_error)
    for r in (show.router, transcript.router, events.router, feed.router, plays.router, cohost.router):
        app.include_router(r, prefix="/api")
    app.include_router(console.router)
    app.include_router(cohost.public)
    app.include_router(monitor.router)
    protect(app, settings)
    return app


async def _invalid(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errs = exc.errors()
    first = errs[0] if errs else {"loc": (), "msg": "invalid request"}
    loc = ".".join(str(x) for x in first.get("loc", ()) if x not in ("body", "query"))
    msg = str(first.get("msg", "invalid")).removeprefix("Value error, ")
    return JSONResponse({"detail": f"{loc}: {msg}" if loc else msg}, status_code=status.HTTP_422_UNPROCESSABLE_CONTENT)


async def _not_running(request: Request, exc: Exception) -> JSONResponse:
    return JSONResponse({"detail": "the show is not running (it ended or was stopped)"}, status_code=status.HTTP_409_CONFLICT)


async def _vhost_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, VhostError)
    return JSONResponse({"detail": exc.one_line()}, status_code=status.HTTP_400_BAD_REQUEST)
