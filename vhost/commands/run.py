"""`vhost run`: a show from sources to program audio, cues and transcript (and `--resume`)."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from pathlib import Path

from vhost.cohost.config import add_arguments as cohost_arguments
from vhost.cohost.config import from_args as cohost_config
from vhost.errors import ConfigError
from vhost.pacing import report_dir


def add_show_arguments(p: argparse.ArgumentParser, *, source_note: str = "", duration_default: str) -> None:
    """The flags every show command shares (run, serve)."""
    p.add_argument("--persona", type=Path, default=None, help="persona YAML file (required unless resuming)")
    p.add_argument("--source", action="append", default=[], metavar="SPEC",
                   help=f"replay:FILE | bilibili:ROOM | bilibili-open:CODE | twitch:CHANNEL | push: (repeatable{source_note})")
    p.add_argument("--out", type=Path, default=None, help="output folder (default out/show); one that holds a show is refused")
    p.add_argument("--resume", nargs="?", const="", default=None, metavar="DIR",
                   help="continue the show in DIR (its rundown, ids, counters; appends to its files). "
                        "Without DIR: continue --out if it holds a show, else start one (for supervisors)")
    p.add_argument("--duration", type=float, default=None, metavar="S", help=f"program seconds to run (default: {duration_default})")
    p.add_argument("--model", default=None, help="local model name (vhost models list) or folder")
    p.add_argument("--llm", action="append", default=[], metavar="SPEC",
                   help="local[:NAME] (default) or openai:http://HOST:PORT/v1?model=NAME; repeat for a fallback chain, first first")
    p.add_argument("--llm-first-token", type=float, default=1.2, metavar="S",
                   help="in a chain, a backend with no first token after S seconds hands the request to the next (default 1.2)")
    p.add_argument("--sink", action="append", default=[], metavar="SPEC",
                   help="extra program outputs: rtmp://… | srt://… | file:out.flv | wav:copy.wav | pcm-ws:PORT | obs:ws://… | null:")
    p.add_argument("--avatar", action="append", default=[], metavar="SPEC", help="vts:ws://127.0.0.1:8001 | vmc:127.0.0.1:39539 | overlay:8765")
    p.add_argument("--cue-lead", type=float, default=None, metavar="S", help="send avatar cues this many seconds before the sound (encoder latency)")
    p.add_argument("--music", type=Path, default=None, metavar="FILE", help="background music (WAV/MP3), looped and ducked under speech")
    p.add_argument("--no-watch", action="store_true", help="do not hot-reload the persona file")
    p.add_argument("--alerts", type=Path, default=None, metavar="FILE", help="alert rules and webhooks (YAML; see deploy/alerts.example.yaml)")
    cohost_arguments(p)


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("run", help="run a show", description="Run a show: chat sources in; program audio, avatar cues and transcript out.")
    add_show_arguments(p, duration_default="until Ctrl-C; 90 in --fast")
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--realtime", action="store_true", help="pace the program by the wall clock (live streams)")
    mode.add_argument("--fast", action="store_true", help="skip idle waiting; compute time still counts (default for replay-only shows)")
    p.add_argument("--speed", type=float, default=None, help="replay speed factor (default 1)")
    p.add_argument("--json", action="store_true", help="print the summary as JSON")
    p.add_argument("--metrics", default=None, metavar="[HOST:]PORT",
                   help="serve /metrics, /healthz and /readyz on this port (127.0.0.1 unless a host is given)")
    p.set_defaults(func=cmd_run)


def resolve_show_args(args: argparse.Namespace) -> bool:
    """Fill args.out (and, when resuming, every flag not given from the show's journal);
    returns whether the show in args.out is continued."""
    from vhost.resume import JOURNAL_FILE, holds_show, refuse_existing, saved_config

    if args.resume:  # --resume DIR
        if args.out is not None and args.out != Path(args.resume):
            raise ConfigError(f"--resume {args.resume} and --out {args.out} name two folders", fix="give the folder once, with --resume")
        args.out = Path(args.resume)
    args.out = args.out or Path("out/show")
    resume = args.resume is not None and (bool(args.resume) or holds_show(args.out) == JOURNAL_FILE)
    if not resume:
        refuse_existing(args.out)
        if args.persona is None:
            raise ConfigError("no persona given", fix="add --persona personas/tech_reviewer.yaml")
        return False
    saved = saved_config(args.out)
    args.persona = args.persona or Path(saved["persona"])
    args.source = args.source or list(saved.get("sources", []))
    args.sink = args.sink or list(saved.get("sinks", []))
    args.avatar = args.avatar or list(saved.get("avatars", []))
    for flag, key in (("duration", "duration_s"), ("model", "model"), ("llm", "llm"), ("cue_lead", "cue_lead_s"),
                      ("music", "music"), ("speed", "speed")):  # fmt: skip
        if getattr(args, flag, None) is None and saved.get(key) is not None:
            setattr(args, flag, Path(saved[key]) if flag == "music" else saved[key])
    if hasattr(args, "realtime") and not args.realtime and not args.fast:
        args.realtime, args.fast = bool(saved.get("realtime")), not saved.get("realtime")
    return True


def check_room(out: Path, duration: float) -> None:
    """--duration counts the show's whole program: resuming one that already reached it is an error."""
    from vhost.sinks.wav import wav_frames

    wav = out / "program.wav"
    done = wav_frames(wav) / 48000 if wav.exists() and wav.stat().st_size > 44 else 0.0
    if done >= duration - 0.02:
        raise ConfigError(
            f"{out}: the show already has {done:.1f} s of program; --duration {duration:g} is reached",
            fix="pass a longer --duration (the show's total program seconds)",
        )


def cmd_run(args: argparse.Namespace) -> int:
    from vhost.show import Show, ShowConfig
    from vhost.supervise import Notifier, run_until_complete, stop_on_signals, supervise

    resume = resolve_show_args(args)
    if not args.source:
        raise ConfigError("no chat source given", fix="add --source replay:personas/samples/tech_chat.jsonl (or bilibili:ROOM, twitch:CHANNEL, push:)")
    live = [s for s in args.source if not s.startswith("replay:")]
    if live and args.fast:
        raise ConfigError(f"--fast skips idle time, which a live source ({live[0]}) cannot do", fix="drop --fast (live sources run in real time)")
    cohost = cohost_config(args)
    realtime = args.realtime or bool(live) or cohost.live_anchor
    duration = args.duration if args.duration is not None else (None if realtime else 90.0)
    listen = None
    if args.metrics is not None:
        from vhost.metrics_http import parse_listen

        listen = parse_listen(args.metrics)
    if resume and duration is not None:
        check_room(args.out, duration)
    config = ShowConfig(
        persona=args.persona, sources=args.source, out=args.out, duration_s=duration, realtime=realtime,
        model=args.model, llm=args.llm, llm_first_token_s=args.llm_first_token, sinks=args.sink, avatars=args.avatar,
        cue_lead_s=args.cue_lead or 0.0, speed=args.speed or 1.0, watch=not args.no_watch, progress=True, music=args.music,
        alerts=args.alerts, resume=resume, cohost=cohost,
    )  # fmt: skip
    show = Show(config)

    async def main() -> object:
        server = None
        if listen is not None:
            from vhost.metrics_http import MetricsServer

            server = MetricsServer(show.metrics, *listen)
            print(f"vhost: metrics at {await server.start()}", file=sys.stderr, flush=True)
        notifier = Notifier()
        stop_on_signals(show.stop, notifier)
        watchdog = asyncio.create_task(supervise(notifier, show.stage), name="watchdog")
        try:
            return await show.run()
        finally:
            watchdog.cancel()
            notifier.stopping("show ended")
            if server is not None:
                await server.close()

    result = run_until_complete(main())
    summary = summarize(result)
    if args.json:
        print(json.dumps(summary, ensure_ascii=False, indent=1))
    else:
        print_summary(summary)
    return 0


def summarize(result: object) -> dict:
    r = result  # ShowResult
    out: Path = r.out  # type: ignore[attr-defined]
    rows = [json.loads(x) for x in (out / "transcript.jsonl").read_text(encoding="utf-8").splitlines() if x.strip()]
    lat = sorted(x["first_audio_s"] - x["event_s"] for x in rows if x["kind"] == "reply" and x.get("event_s") is not None and x.get("first_audio_s") is not None)
    kinds: dict[str, int] = {}
    for x in rows:
        kinds[x["kind"]] = kinds.get(x["kind"], 0) + 1
    return {
        "out": str(out),
        "program_s": round(r.program_s, 2),  # type: ignore[attr-defined]
        "wall_s": round(r.wall_s, 2),  # type: ignore[attr-defined]
        "utterances": kinds,
        "events": r.counts,  # type: ignore[attr-defined]
        "reply_latency_p50_s": round(lat[len(lat) // 2], 2) if lat else None,
        "pacing": report_dir(out, r.program_s),  # type: ignore[attr-defined]
        "files": {n: str(out / n) for n in ("program.wav", "transcript.jsonl", "cues.jsonl", "events.jsonl")},
        "source_errors": r.stats.get("source_errors", []),  # type: ignore[attr-defined]
        "llm": r.stats.get("llm", {}),  # type: ignore[attr-defined]
        "late_frames": r.stats.get("stage", {}).get("late_frames", 0),  # type: ignore[attr-defined]
        "max_lag_s": round(r.stats.get("stage", {}).get("max_lag_s", 0.0), 3),  # type: ignore[attr-defined]
        "health": r.stats.get("health", []),  # type: ignore[attr-defined]
        "orders": r.stats.get("orders", {}),  # type: ignore[attr-defined]
        "plays": r.stats.get("plays", {}),  # type: ignore[attr-defined]
        "lottery": str(out / "lottery.jsonl") if (out / "lottery.jsonl").is_file() else None,
        "cohost": r.stats.get("cohost", {}),  # type: ignore[attr-defined]
    }


def print_summary(s: dict) -> None:
    w = sys.stdout.write
    w(f"\nshow done: {s['program_s']} s of program in {s['wall_s']} s\n")
    w("  said:   " + ", ".join(f"{k} {v}" for k, v in sorted(s["utterances"].items())) + "\n")
    w("  events: " + ", ".join(f"{k} {v}" for k, v in sorted(s["events"].items())) + "\n")
    for line in pacing_lines(s.get("pacing") or {}):
        w(line + "\n")
    llm = s.get("llm") or {}
    if llm.get("engine"):
        speed = f", decode {llm['decode_tok_s']} tok/s" if llm.get("decode_tok_s") else ""
        w(f"  llm:    {llm['name']} on {llm['engine']}{speed}" + (f" ({llm['threads']})" if llm.get("threads") else "") + "\n")
    for e in s["source_errors"]:
        w(f"  ! {e}\n")
    for line in health_lines(s.get("health", []), s.get("orders", {})) + cohost_lines(s.get("cohost") or {}):
        w(line + "\n")
    from vhost.plays.preview import summary_lines

    for line in summary_lines(s.get("plays") or {}):
        w(line + "\n")
    w("files:\n")
    for _n, p in s["files"].items():
        w(f"  {p}\n")
    w(f"listen: ffplay -nodisp -autoexit {s['files']['program.wav']}   (or: aplay {s['files']['program.wav']})\n")
    w(f"read:   cat {s['files']['transcript.jsonl']}\n")
    if s.get("lottery"):
        w(f"verify: vhost lottery verify {s['lottery']}\n")


def pacing_lines(p: dict) -> list[str]:
    """The pacing figures (vhost.pacing), the same the pacing benchmark reports."""
    if not p:
        return []
    out = []
    if p.get("question_to_audio_p50_s") is not None:
        out.append(f"  pace:   question → first audio p50 {p['question_to_audio_p50_s']} s, p95 {p['question_to_audio_p95_s']} s "
                   f"({p['questions_answered']} answered); {p['distinct_questions_per_min']} distinct questions/min; "
                   f"{p['stale_drops']} went stale")  # fmt: skip
    waits = []
    if p.get("superchat_wait_max_s") is not None:
        waits.append(f"superchats acknowledged within {p['superchat_wait_max_s']:.1f} s")
    if p.get("superchats_unacknowledged"):
        waits.append(f"{p['superchats_unacknowledged']} superchats not acknowledged")
    if p.get("thanks_wait_p50_s") is not None:
        waits.append(f"thanks after p50 {p['thanks_wait_p50_s']} s, max {p['thanks_wait_max_s']} s")
    waits.append(f"{p.get('thanks_lost', 0)} thanks lost")
    out.append("          " + "; ".join(waits))
    if p.get("air_share"):
        share = ", ".join(f"{k} {v:.0%}" for k, v in p["air_share"].items())
        out.append(f"  air:    {share}; silence {p.get('silence_share', 0):.0%}")
    return out


def health_lines(health: list[dict], orders: dict) -> list[str]:
    """The state of every connection and backend at the end, one line each."""

    def detail(h: dict) -> str:
        c = h.get("counts", {})
        bits = []
        if h.get("breaker") and h["breaker"] != "closed":
            bits.append(f"breaker {h['breaker']}")
        if h.get("last_event_s") is not None:
            bits.append(f"last {'answer' if h['kind'] == 'llm' else 'event'} at {h['last_event_s']:.1f} s")
        for key in ("answered", "timeouts", "errors", "skipped", "restarts", "duplicates", "stalls", "failures"):
            if c.get(key):
                bits.append(f"{c[key]} {key}")
        if h.get("error") and h["state"] not in ("up", "standby"):
            bits.append(f"last error: {h['error']}")
        return "; ".join(bits)

    out = ["  health:"] if health else []
    for h in health:
        out.append(f"    {h['kind']:<6} {h['name'][:40]:<40} {h['state']:<9} {detail(h)}".rstrip())
        for m in h.get("members", []):
            out.append(f"    {'':<6}   {m['name'][:37]:<37} {m['state']:<9} {detail(m)}".rstrip())
    if orders.get("orders") or orders.get("stock_updates"):
        line = f"  orders: {orders['orders']} ({orders['units']} units, ¥{orders['revenue_cny']:g})"
        if orders.get("duplicates"):
            line += f"; {orders['duplicates']} repeated callbacks counted once"
        out.append(line)
    return out


def cohost_lines(c: dict) -> list[str]:
    """Review decisions and the anchor's input, when the show had them."""
    out = []
    review = {k: v for k, v in (c.get("review") or {}).items() if k != "pending"}
    if review:
        out.append("  review: " + ", ".join(f"{k.replace(':', ' by ')} {v}" for k, v in sorted(review.items())))
    a = c.get("anchor")
    if a:
        line = f"  anchor: {a['source']}: {a['turns']} turns, {a['recognised']} recognised, {a['yields']} yields"
        if a.get("yield_ms_p95") is not None:
            line += f" (p95 {a['yield_ms_p95']} ms)"
        if a.get("asr_rtf") is not None:
            line += f", recognition RTF {a['asr_rtf']}"
        out.append(line + (f"; {a['error']}" if a.get("error") else ""))
    return out
