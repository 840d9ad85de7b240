"""`vhost` command line. Each command lives in vhost/commands/<name>.py with
`add_parser(subparsers)` setting `func`; expected errors print one line, exit 2."""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys

from vhost.errors import VhostError

COMMANDS = ("run", "models", "voices", "persona", "eval", "serve", "lottery", "soak")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="vhost", description="AI virtual host runtime for live streams")
    parser.add_argument("-v", "--verbose", action="count", default=0, help="more log output (-vv for debug)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        try:
            mod = importlib.import_module(f"vhost.commands.{name}")
        except ModuleNotFoundError as e:
            if e.name == f"vhost.commands.{name}":
                continue
            raise
        mod.add_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    parser = build_parser()
    args = parser.parse_args(argv)
    level = logging.WARNING - 10 * min(args.verbose, 2)
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except VhostError as e:
        print(f"vhost: error: {e.one_line()}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("vhost: interrupted", file=sys.stderr)
        return 130


def entry() -> None:
    """The `vhost` program: main(), then a quick exit (every file is closed by then)."""
    from vhost.supervise import exit_now

    try:
        rc = main()
    except SystemExit as e:  # argparse errors and --help
        rc = e.code if isinstance(e.code, int) else (0 if e.code is None else 2)
        if isinstance(e.code, str):
            print(e.code, file=sys.stderr)
    exit_now(rc)
