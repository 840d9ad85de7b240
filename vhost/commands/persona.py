"""`vhost persona lint|show|preview|ask|new|schema`: tools for persona authors."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from vhost.commands.ask import add_ask
from vhost.persona.lint import lint
from vhost.persona.loader import load_persona
from vhost.persona.preview import preview_lines, say
from vhost.persona.schema import DEFAULT_PATH, write_schema
from vhost.persona.starter import write_starter


def cmd_lint(args: argparse.Namespace) -> int:
    total = 0
    for f in args.files:
        problems = lint(f)
        total += len(problems)
        for line in problems:
            print(line)
    if total:
        print(f"{total} problem{'s' if total != 1 else ''} in {len(args.files)} file{'s' if len(args.files) != 1 else ''}",
              file=sys.stderr)
        return 1
    if not args.quiet:
        print(f"ok: {len(args.files)} file{'s' if len(args.files) != 1 else ''} clean", file=sys.stderr)
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    p = load_persona(args.file)
    if args.json:
        print(json.dumps(p.model_dump(mode="json"), ensure_ascii=False, indent=2))
    else:
        print(f"{p.id}: {p.identity.shown_name} ({', '.join(p.identity.languages)})")
        print(f"  products: {', '.join(f'{x.id} {x.price:g} {x.currency}' for x in p.products) or '-'}")
        print(f"  rundown: {len(p.rundown.segments)} segments, {p.rundown.total_s:g} s, loop={p.rundown.loop}")
        print(f"  replies: {len(p.replies)}, thanks tiers: {len(p.thanks)}, banned terms: {len(p.compliance.banned)} "
              f"+ {len(p.compliance.include)} file(s)")
    return 0


def cmd_preview(args: argparse.Namespace) -> int:
    p = load_persona(args.file)
    lines = preview_lines(p, args.segment, args.product)
    for display, _ in lines:
        print(display)
    if args.say:
        spoken = [t for _, t in lines if t and not t.startswith("<")]
        out = say(p, spoken, Path(args.out) if args.out else None)
        print(f"\naudio: {out}")
    return 0


def cmd_new(args: argparse.Namespace) -> int:
    out = write_starter(args.name, Path(args.out) if args.out else None, force=args.force)
    print(f"wrote {out} (check it with: vhost persona lint {out})")
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    out = write_schema(Path(args.out) if args.out else DEFAULT_PATH)
    print(f"wrote {out}")
    return 0


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("persona", help="lint, show, preview, ask and create persona files")
    s = p.add_subparsers(dest="persona_cmd", metavar="ACTION")

    lp = s.add_parser("lint", help="check persona files; prints file:line:col: problems, exit 1 if any")
    lp.add_argument("files", nargs="+", metavar="FILE")
    lp.add_argument("-q", "--quiet", action="store_true", help="print nothing when clean")
    lp.set_defaults(func=cmd_lint)

    sp = s.add_parser("show", help="the resolved persona (after extends)")
    sp.add_argument("file", metavar="FILE")
    sp.add_argument("--json", action="store_true", help="print the whole resolved persona as JSON")
    sp.set_defaults(func=cmd_show)

    pp = s.add_parser("preview", help="read the rundown and sample replies as text (and audio with --say)")
    pp.add_argument("file", metavar="FILE")
    pp.add_argument("--segment", metavar="S", help="only this segment id")
    pp.add_argument("--product", metavar="P", help="only segments with this product id")
    pp.add_argument("--say", action="store_true", help="also synthesize with espeak-ng to a WAV")
    pp.add_argument("--out", metavar="WAV", help="where --say writes (default: a temp file)")
    pp.set_defaults(func=cmd_preview)

    add_ask(s)

    np_ = s.add_parser("new", help="write a commented starter persona that passes lint")
    np_.add_argument("name", metavar="NAME")
    np_.add_argument("--out", metavar="FILE", help="where to write (default: personas/NAME.yaml)")
    np_.add_argument("--force", action="store_true", help="overwrite an existing file")
    np_.set_defaults(func=cmd_new)

    xp = s.add_parser("schema", help="write the JSON Schema editors use (personas/schema.json)")
    xp.add_argument("--out", metavar="FILE", help=f"default: {DEFAULT_PATH}")
    xp.set_defaults(func=cmd_schema)

    p.set_defaults(func=lambda args: (p.print_help(), 2)[1])
