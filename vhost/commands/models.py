"""`vhost models list|prepare|bench`."""

from __future__ import annotations

import argparse
import asyncio
import json
import time

from vhost.llm import models


def _size(n: int | None) -> str:
    return f"{n / 1e9:.2f} GB" if n else "-"


def cmd_list(args: argparse.Namespace) -> int:
    from vhost.llm.bench import load_record
    from vhost.llm.engine import pick_engine

    cache = models.cache_dir()
    print(f"  {'name':<22} {'engine':<12} {'size':<8} {'state':<13} {'measured here':<40} languages")
    for name, (m, _) in models.manifests().items():
        star = "*" if m.default else " "
        if m.source.kind == "hf-folder":
            print(f"{star} {name:<22} {'transformers':<12} {'-':<8} {'folder':<13} {'-':<40} {'/'.join(m.languages)}")
            continue
        try:
            engine, _why = pick_engine(name)
        except Exception:  # an engine that cannot be picked still lists the model
            engine = "llamacpp"
        state = "prepared" if models.is_prepared(name, engine) else "not prepared"
        rec = load_record(cache, name, engine)
        speed = f"{rec['decode_tok_s']} tok/s, first {rec['first_token_warm_s']} s" if rec else f"(vhost models bench {name})"
        print(f"{star} {name:<22} {engine:<12} {_size(m.source.size):<8} {state:<13} {speed:<40} {'/'.join(m.languages)}")
    _list_speech()
    print(f"cache: {cache}   (* = default; engine as `--llm local` would pick it on this machine)")
    return 0


def _list_speech() -> None:
    from vhost.asr import whisper

    for name, m in whisper.manifests().items():
        size = sum(f.size for f in m.files.values())
        state = "prepared" if whisper.is_prepared(name) else "not prepared"
        print(f"  {name:<22} {'whisper':<12} {_size(size):<8} {state:<13} {'speech recognition':<40} {'/'.join(m.languages)}")


def cmd_prepare(args: argparse.Namespace) -> int:
    from vhost.asr import whisper

    t0 = time.monotonic()
    speech = args.name in whisper.manifests()
    out = whisper.prepare(args.name) if speech else models.prepare(args.name, engine=args.engine)
    print(f"model ready: {out}  ({time.monotonic() - t0:.1f} s)")
    return 0


def cmd_bench(args: argparse.Namespace) -> int:
    from vhost.llm.bench import bench_llm, save
    from vhost.llm.local import from_spec

    name = args.name or models.default_name()
    opts = [f"engine={args.engine}"] if args.engine else []
    if args.threads:
        d, _, b = args.threads.partition(",")
        opts += [f"threads={d}"] + ([f"batch_threads={b}"] if b else [])
    spec = f"local:{name}" + ("?" + "&".join(opts) if opts else "")

    async def run() -> dict:
        t0 = time.perf_counter()
        llm = from_spec(spec)
        load_s = time.perf_counter() - t0
        try:
            res = await bench_llm(llm, rounds=args.rounds)
        finally:
            await llm.aclose()
        return {**res, "load_s": round(load_s, 2), "rss_mb": _peak_rss_mb()}

    res = asyncio.run(run())
    path = save(models.cache_dir(), name, res)
    if args.json:
        print(json.dumps(res, ensure_ascii=False))
        return 0
    print(f"{name} on {res['engine']} ({res['threads'] or 'default threads'}), loaded in {res['load_s']} s")
    print(f"  prefill {res['prefill_tok_s']} tok/s (cold, {res['rounds'][0]['prompt_tokens']:.0f} prompt tokens)")
    print(f"  decode  {res['decode_tok_s']} tok/s (median of {args.rounds})")
    print(f"  first token: cold {res['first_token_cold_s']} s, warm prefix {res['first_token_warm_s']} s "
          f"({res['warm_prompt_tokens_prefilled']:.0f} new tokens prefilled, {res['warm_cached_tokens']:.0f} reused)")
    print(f"  peak RSS {res['rss_mb']} MB; saved: {path}")
    return 0


def _peak_rss_mb() -> float:
    """VmHWM: the most resident memory this process has held (model, KV cache, runtime)."""
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return 0.0


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("models", help="list, prepare and measure local models")
    s = p.add_subparsers(dest="models_cmd", metavar="ACTION")
    s.add_parser("list", help="known models, engine, size, whether prepared, measured speed").set_defaults(func=cmd_list)
    pp = s.add_parser("prepare", help="join and verify a model once (and convert it for transformers)")
    pp.add_argument("name", nargs="?", default=None, help="manifest name (default: the default model; whisper-base for speech recognition), a .gguf file or a folder")
    pp.add_argument("--engine", choices=models.ENGINES, default=None, help="llamacpp (default: keeps the GGUF) or transformers (bf16 folder)")
    pp.set_defaults(func=cmd_prepare)
    pb = s.add_parser("bench", help="prefill and decode tok/s and first-token time (under a minute)")
    pb.add_argument("name", nargs="?", default=None, help="manifest name or a .gguf file (default: the default model)")
    pb.add_argument("--engine", choices=models.ENGINES, default=None, help="default: as `--llm local` picks")
    pb.add_argument("--rounds", type=int, default=4, help="requests, the first one cold (default 4)")
    pb.add_argument("--threads", default=None, metavar="D[,B]", help="decode[,prefill] threads for llama.cpp (default: the thread plan)")
    pb.add_argument("--json", action="store_true", help="print the result as one JSON line")
    pb.set_defaults(func=cmd_bench)
    p.set_defaults(func=cmd_list)
