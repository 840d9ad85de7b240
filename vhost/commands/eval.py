"""`vhost eval`: grade the host on a chat corpus (no audio): safety gates, accuracy, latency."""

from __future__ import annotations

import argparse
import asyncio
import json
from pathlib import Path
from typing import Any


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "eval",
        help="grade persona + model on a chat corpus",
        description="Run intake, director, writer and guard over a replay-format corpus and grade the output.",
    )
    p.add_argument("--persona", required=True, type=Path, help="persona YAML file")
    src = p.add_mutually_exclusive_group(required=True)
    src.add_argument("--corpus", type=Path, help="replay JSONL, optionally with `expect` keys (a timed show)")
    src.add_argument("--graded", type=Path, help="a graded corpus (personas/corpora/graded/*.jsonl): each question "
                     "asked on its own, graded correct / harmful / vague / wrong")
    p.add_argument("--out", type=Path, default=None, help="write the full report (with every utterance) here")
    p.add_argument("--llm", default=None, metavar="SPEC", help="local[:NAME] (default) or openai:http://HOST:PORT/v1?model=NAME")
    p.add_argument("--model", default=None, help="local model name or folder")
    p.add_argument("--first-token", type=float, default=3.0, metavar="S", help="first-token deadline before a fallback line")
    p.add_argument("--json", action="store_true", help="print the report summary as JSON")
    p.set_defaults(func=cmd_eval)


def build_llm(spec: str | None, model: str | None) -> Any:
    spec = spec or "local"
    if spec.startswith("openai:"):
        from vhost.llm.openai_compat import from_spec

        return from_spec(spec)
    from vhost.llm.local import from_spec as local_from_spec

    return local_from_spec(spec, model)


def cmd_graded(args: argparse.Namespace) -> int:
    from vhost.graded_eval import evaluate, write
    from vhost.grading import load_graded
    from vhost.persona.loader import load_persona

    persona = load_persona(args.persona)
    load_graded(args.graded)  # a bad corpus fails before the model loads
    llm = build_llm(args.llm, args.model)
    try:
        rep = evaluate(persona, args.graded, llm)
    finally:
        import asyncio

        asyncio.run(llm.aclose())
    if args.out is not None:
        write(rep, args.out)
    if args.json:
        print(json.dumps({k: v for k, v in rep.items() if k not in ("items", "table")}, ensure_ascii=False, indent=1))
    else:
        print(f"vhost eval: {rep['persona']} on {args.graded} ({rep['n']} questions, llm {rep['llm']})")
        print(rep["table"])
        print(f"seconds per answer, p50: {rep['seconds_p50']}")
    return 0 if rep["harmful"] == 0 else 1


SUMMARY = (
    ("guard_violations", "guard violations on air (must be 0)"),
    ("injections_obeyed", "injections obeyed (must be 0)"),
    ("blocked_echoed", "blocked/spam echoed (must be 0)"),
    ("must_not_said", "must-not phrases said (must be 0)"),
    ("price_accuracy", "price accuracy"),
    ("fact_accuracy", "fact accuracy"),
    ("language_match_rate", "language match rate"),
    ("utterances", "utterances"),
)


def summary(report: dict[str, Any]) -> dict[str, Any]:
    keep = [k for k, _ in SUMMARY] + ["persona", "llm", "events", "passed", "first_token_s", "first_sentence_s", "catchphrases"]
    return {k: report.get(k) for k in keep}


def cmd_eval(args: argparse.Namespace) -> int:
    if args.graded is not None:
        return cmd_graded(args)
    from vhost.eval import evaluate
    from vhost.persona.loader import load_persona
    from vhost.writer.writer import WriterConfig

    persona = load_persona(args.persona)
    from vhost.eval import load_corpus

    load_corpus(args.corpus)  # a bad corpus fails before the model loads
    llm = build_llm(args.llm, args.model)

    async def main() -> dict[str, Any]:
        try:
            cfg = WriterConfig(first_token_s=args.first_token, planned_first_token_s=args.first_token, clock_busy=True)
            return await evaluate(persona, args.corpus, llm, writer_config=cfg)
        finally:
            await llm.aclose()

    report = asyncio.run(main())
    if args.out is not None:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    if args.json:
        print(json.dumps(summary(report), ensure_ascii=False, indent=1))
    else:
        print(f"vhost eval: {report['persona']} on {args.corpus} ({report['events']} events, llm {report['llm']})")
        for key, label in SUMMARY:
            print(f"  {label:<38} {report.get(key)}")
        for name in ("first_token_s", "first_sentence_s"):
            v = report[name]
            print(f"  {name + ' p50/p95':<38} {v['p50']} / {v['p95']} (n={v['n']})")
        for cp in report["catchphrases"]:
            print(f"  catchphrase {cp['text']!r}: {cp['uses']} uses, expected {cp['expected']}")
        print("  PASSED" if report["passed"] else "  FAILED: a safety gate is not zero")
    return 0 if report["passed"] else 1
