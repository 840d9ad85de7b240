"""`vhost serve`: a live show with the control plane (REST API, live feed, operator console)."""

from __future__ import annotations

import argparse
import asyncio
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
    p.set_defaults(func=cmd_serve)


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from server.app import build_show, create_app
    from server.settings import load_settings
    from vhost.cohost.config import from_args as cohost_config

    settings = load_settings(
        persona=args.persona, sources=args.source, host=args.host, port=args.port, out=args.out, duration_s=args.duration,
        model=args.model, llm=args.llm, llm_first_token_s=args.llm_first_token, sinks=args.sink, avatars=args.avatar, cue_lead_s=args.cue_lead, music=args.music,
        watch=not args.no_watch, cohost=cohost_config(args),
    )  # fmt: skip
    # built before the server starts so a bad persona, source or model is one line, not a traceback
    show = build_show(settings)
    app = create_app(settings, show_factory=lambda _settings: show)
    config = uvicorn.Config(app, host=settings.host, port=settings.port, log_level="warning", ws="websockets-sansio")
    server = uvicorn.Server(config)
    try:
        asyncio.run(_serve(server, show))
    except KeyboardInterrupt:  # uvicorn re-raises Ctrl-C after its shutdown, which stopped the show
        if not server.started:
            raise
    if not server.started:
        raise ConfigError(f"cannot listen on {settings.host}:{settings.port}", fix="pick another --port")
    control = getattr(app.state, "control", None)
    if control is not None and control.failed:
        raise BackendError(f"the show stopped: {control.failed}", fix=f"what it wrote so far is in {settings.out}")
    print(f"vhost: show ended after {show.stage.program_s:.1f} s of program; files in {settings.out}", flush=True)
    return 0


async def _serve(server: Any, show: Any) -> None:
    """Serve until Ctrl-C (uvicorn stops the show in the lifespan) or until the show ends."""
    task = asyncio.create_task(server.serve(), name="uvicorn")
    announced = False
    while not task.done():
        if server.started and not announced:
            announced = True
            port = server.servers[0].sockets[0].getsockname()[1]
            host = server.config.host
            print(f"vhost: console at http://{f'[{host}]' if ':' in host else host}:{port}/  (Ctrl-C ends the show)", flush=True)
        control = getattr(server.config.app.state, "control", None)
        if control is not None and not control.running and control.task is not None:
            server.should_exit = True
        await asyncio.wait({task}, timeout=0.2)
    await task
