"""`vhost soak`: an unattended show on the fast clock with scheduled faults, and a JSON summary
against the overnight targets (see vhost.soak)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from vhost.errors import ConfigError

FAULTS = ("kill9", "chat_drop", "llm_hang", "tts_down", "ffmpeg_kill", "persona_broken", "disk_low", "burst")


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("soak", help="an unattended show with scheduled faults, checked against the overnight targets",
                       description="Run a show on the fast clock for --hours of program with a generated room and scheduled "
                                   "faults (chat drop, LLM hang, voice down, encoder SIGKILL, broken persona save, disk nearly "
                                   "full (simulated), kill -9 and --resume, a 60k-event burst); write a JSON summary.")  # fmt: skip
    span = p.add_mutually_exclusive_group()
    span.add_argument("--hours", type=float, default=None, help="program hours (default 8)")
    span.add_argument("--minutes", type=float, default=None, help="program minutes instead (a short soak, e.g. 6)")
    p.add_argument("--out", type=Path, default=Path("out/soak"), help="a new folder for the soak (default out/soak)")
    p.add_argument("--persona", type=Path, default=Path("personas/tech_reviewer.yaml"), help="persona (a copy is used)")
    p.add_argument("--rate", type=float, default=1.0, help="danmaku per second in the generated room (default 1)")
    p.add_argument("--burst", type=int, default=60_000, metavar="N", help="events in the burst (default 60000)")
    p.add_argument("--burst-seconds", type=float, default=None, metavar="S",
                   help="program seconds the burst lasts (default 60, or 3%% of a short soak)")
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--voice", choices=("tone", "espeak", "real"), default="tone",
                   help="tone: a built-in syllable tone with espeak-ng as the last engine (default); espeak: espeak-ng first; "
                        "real: the persona's own voice chain")  # fmt: skip
    p.add_argument("--llm", action="append", default=[], metavar="SPEC",
                   help="a real LLM chain as for `vhost run` (default: the scripted backend)")
    p.add_argument("--skip", action="append", default=[], choices=FAULTS, help="leave out a fault (repeatable)")
    p.add_argument("--summary", type=Path, default=None, metavar="FILE", help="also write the summary here (e.g. bench/results/soak.json)")
    p.add_argument("--json", action="store_true", help="print the summary as JSON")
    p.set_defaults(func=cmd_soak)


def cmd_soak(args: argparse.Namespace) -> int:
    from vhost.soak.runner import Options, Soak
    from vhost.supervise import run_until_complete

    hours = args.minutes / 60.0 if args.minutes is not None else (8.0 if args.hours is None else args.hours)
    if not 0 < hours <= 12:
        raise ConfigError(f"--hours {hours:g}: between 0 and 12 (a WAV holds at most 12.4 h)")
    if hours * 3600 < 240:
        raise ConfigError(f"{hours * 60:g} minutes: a soak needs at least 4 minutes of program for its faults to fire and clear")
    burst_s = min(60.0, round(hours * 3600 * 0.03, 1)) if args.burst_seconds is None else args.burst_seconds
    if args.rate <= 0 or args.burst < 0 or burst_s <= 0:
        raise ConfigError("--rate and --burst-seconds must be positive, --burst at least 0")
    opts = Options(hours=hours, out=args.out, persona=args.persona, seed=args.seed, rate=args.rate, burst_events=args.burst,
                   burst_s=burst_s, voice=args.voice, llm=args.llm, skip=frozenset(args.skip), summary=args.summary)  # fmt: skip
    report = run_until_complete(Soak(opts).run())
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=1))
    else:
        print_report(report, args.out / "soak.json")
    return 0 if all(t["ok"] for t in report["targets"].values()) else 1


def print_report(r: dict, path: Path) -> None:
    w = sys.stdout.write
    s = r["soak"]
    w(f"\nsoak: {s['program_s'] / 3600:.2f} h of program in {s['wall_s'] / 60:.1f} min wall; voice {s['voice']}; llm {s['llm']}\n")
    w(f"{'target':<42} {'wanted':<32} {'got':<24} ok\n")
    for name, t in r["targets"].items():
        w(f"{name:<42} {t['target']!s:<32} {t['got']!s:<24} {'yes' if t['ok'] else 'NO'}\n")
    w(f"\n{'fault':<16} {'injected':>9} {'recovered':>9} {'alert':<18} {'alerted':>9} {'cleared':>9}\n")
    num = lambda v: "-" if v is None else f"{v:.0f}"  # noqa: E731
    for f in r["faults"]:
        w(f"{f['fault']:<16} {num(f['injected_at_s']):>9} {num(f.get('recovered_at_s')):>9} {f.get('alert') or '-':<18} "
          f"{num(f.get('alerted_at_s')):>9} {num(f.get('cleared_at_s')):>9}\n")  # fmt: skip
    for o in r["other_alerts"]:
        w(f"  other alert at {o['program_s']:.0f} s: {o['alert']} {o['subject']}: {o['summary']}\n")
    w(f"summary: {path}\n")
