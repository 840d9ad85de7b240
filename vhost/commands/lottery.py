"""`vhost lottery verify FILE`: check every draw of a show's lottery.jsonl, as any viewer could."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from vhost.errors import ConfigError
from vhost.plays.lottery import ALGORITHM, verify_file


def cmd_verify(args: argparse.Namespace) -> int:
    path = Path(args.file)
    if not path.is_file():
        raise ConfigError(f"{path}: no such file", fix="give the lottery.jsonl of a show folder")
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            rows.append(json.loads(line))
        except json.JSONDecodeError as e:
            raise ConfigError(f"{path}:{n}:{e.colno}: not JSON: {e.msg}") from None
    results = verify_file(rows)
    bad = 0
    for draw, problems in results.items():
        if problems:
            bad += 1
            for p in problems:
                print(f"{draw}: FAILED: {p}")
        else:
            print(f"{draw}: ok (seed matches the commitment; the winners follow from the seed and the entrants, {ALGORITHM})")
    if not results:
        print(f"{path}: no lottery in this file")
    return 1 if bad else 0


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("lottery", help="verify the draws of a show's lottery.jsonl")
    s = p.add_subparsers(dest="lottery_cmd", metavar="ACTION")
    vp = s.add_parser("verify", help="check each draw: commitment, seed and winners; exit 1 if one fails")
    vp.add_argument("file", metavar="FILE", help="a show's lottery.jsonl")
    vp.set_defaults(func=cmd_verify)
    p.set_defaults(func=lambda args: (p.print_help(), 2)[1])
