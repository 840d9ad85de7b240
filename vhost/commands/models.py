"""`vhost models list|prepare`."""

from __future__ import annotations

import argparse

from vhost.llm import models


def cmd_list(args: argparse.Namespace) -> int:
    for name, (m, _) in models.manifests().items():
        state = "prepared" if models.is_prepared(name) else ("folder" if m.source.kind == "hf-folder" else "not prepared")
        star = "*" if m.default else " "
        print(f"{star} {name:<22} {state:<13} {'/'.join(m.languages):<6} {m.title}")
    print(f"cache: {models.cache_dir()}")
    return 0


def cmd_prepare(args: argparse.Namespace) -> int:
    out = models.prepare(args.name)
    print(f"model ready: {out}")
    return 0


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("models", help="list and prepare local models")
    s = p.add_subparsers(dest="models_cmd", metavar="ACTION")
    s.add_parser("list", help="known models and whether they are prepared").set_defaults(func=cmd_list)
    pp = s.add_parser("prepare", help="join, verify and convert a model once")
    pp.add_argument("name", nargs="?", default=None, help="manifest name (default: the default model) or a folder")
    pp.set_defaults(func=cmd_prepare)
    p.set_defaults(func=cmd_list)
