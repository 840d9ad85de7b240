"""`vhost serve`: a live show with the control plane (REST API, live feed, operator console)."""

from __future__ import annotations

import argparse
import asyncio
import signal
from typing import Any

from vhost.commands.run import add_show_arguments
from vhost.errors import BackendError, ConfigError


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "serve", help="run a live show with the operator console",
        description="Run a live show and serve the operator console and control API (token: VHOST_CONTROL_TOKEN).",
    )  # fmt: skip
    add_show_arguments(p, source_note="; chat can also be POSTed to /api/events", duration_default="until stopped")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1; any other needs VHOST_CONTROL_TOKEN)")
    p.add_argument("--port", type=int, default=8080, help="port for the console and API (default 8080)")
    p.add_argument("--allow-host", action="append", default=[], metavar="NAME",
                   help="a Host name the console answers to besides loopback / the bound address (reverse proxy); repeatable")
    p.add_argument("--allow-origin", action="append", default=[], metavar="URL",
                   help="another site allowed to send control requests (https://console.example.com); repeatable")
    p.set_defaults(func=cmd_serve)


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from server.app import build_show, create_app
    from server.security import uvicorn_config
    from server.settings import load_settings
    from vhost.cohost.config import from_args as cohost_config
    from vhost.commands.run import resolve_show_args
    from vhost.supervise import run_until_complete

    resume = resolve_show_args(args)
    settings = load_settings(
        persona=args.persona, sources=args.source, host=args.host, port=args.port, out=args.out, duration_s=args.duration,
        model=args.model, llm=args.llm, llm_first_token_s=args.llm_first_token, sinks=args.sink, avatars=args.avatar, cue_lead_s=args.cue_lead or 0.0, music=args.music,
        watch=not args.no_watch, alerts=args.alerts, resume=resume, allowed_hosts=args.allow_host, allowed_origins=args.allow_origin,
        cohost=cohost_config(args),
    )  # fmt: skip
    # built before the server starts so a bad persona, source or model is one line, not a traceback
    show = build_show(settings)
    app = create_app(settings, show_factory=lambda _settings: show)
    server = uvicorn.Server(uvicorn_config(app, settings))
    # uvicorn re-raises the signal that stopped it once the show is stopped: SIGTERM too
    # becomes KeyboardInterrupt here, so the end is reported and the exit code is 0
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        run_until_complete(_serve(server, show))
    except KeyboardInterrupt:
        if not server.started:
            raise
    finally:
        signal.signal(signal.SIGTERM, previous)
    if not server.started:
        raise ConfigError(f"cannot listen on {settings.host}:{settings.port}", fix="pick another --port")
    control = getattr(app.state, "control", None)
    if control is not None and control.failed:
        raise BackendError(f"the show stopped: {control.failed}", fix=f"what it wrote so far is in {settings.out}")
    print(f"vhost: show ended after {show.stage.program_s:.1f} s of program; files in {settings.out}", flush=True)
    return 0


def _interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


async def _serve(server: Any, show: Any) -> None:
    """Serve until Ctrl-C/SIGTERM (uvicorn stops the show in the lifespan) or until the show ends."""
    from vhost.supervise import Notifier, supervise

    notifier = Notifier()
    task = asyncio.create_task(server.serve(), name="uvicorn")
    watchdog: asyncio.Task[None] | None = None
    announced = False
    try:
        while not task.done():
            if server.started and not announced:
                announced = True
                port = server.servers[0].sockets[0].getsockname()[1]
                host = server.config.host
                print(f"vhost: console at http://{f'[{host}]' if ':' in host else host}:{port}/  (Ctrl-C ends the show)", flush=True)
                watchdog = asyncio.create_task(supervise(notifier, show.stage), name="watchdog")
            control = getattr(server.config.app.state, "control", None)
            if control is not None and not control.running and control.task is not None:
                server.should_exit = True
            if server.should_exit and watchdog is not None:
                watchdog.cancel()
                notifier.stopping()
                watchdog = None
            await asyncio.wait({task}, timeout=0.2)
        await task
    finally:
        if watchdog is not None:
            watchdog.cancel()
