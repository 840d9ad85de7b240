"""`make bench`: run every tests/bench/bench_*.py, write bench/results/<name>.json, print one table.

    python -m tests.bench.run [--quick] [NAME ...]
"""

from __future__ import annotations

import argparse
import importlib
import json
import platform
import sys
import time
import traceback
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
RESULTS = HERE.parents[1] / "bench" / "results"


def discover() -> list[str]:
    return sorted(p.stem.removeprefix("bench_") for p in HERE.glob("bench_*.py"))


def run_one(name: str, quick: bool) -> dict[str, Any]:
    mod = importlib.import_module(f"tests.bench.bench_{name}")
    t0 = time.monotonic()
    res: dict[str, Any] = mod.run(quick=quick)
    res.setdefault("rows", [])
    res["bench"] = name
    res["quick"] = quick
    res["seconds"] = round(time.monotonic() - t0, 2)
    res["machine"] = {"python": platform.python_version(), "cpu": platform.processor() or platform.machine()}
    return res


def table(results: list[dict[str, Any]]) -> str:
    rows = [("bench", "measure", "value", "target")]
    for r in results:
        for row in r["rows"]:
            measure, value, target = ([*list(row), "", "", ""])[:3]
            rows.append((r["bench"], str(measure), str(value), str(target)))
    widths = [max(len(x[i]) for x in rows) for i in range(4)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(row, widths)) for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m tests.bench.run")
    ap.add_argument("names", nargs="*", help=f"benches to run (default all: {', '.join(discover())})")
    ap.add_argument("--quick", action="store_true", help="seconds, not minutes: a smoke run (results not saved)")
    ap.add_argument("--out", type=Path, default=RESULTS)
    args = ap.parse_args(argv)
    names = args.names or discover()
    results, failed = [], []
    for name in names:
        print(f"== bench {name}", file=sys.stderr, flush=True)
        try:
            res = run_one(name, args.quick)
        except Exception:
            traceback.print_exc()
            failed.append(name)
            continue
        results.append(res)
        if not args.quick:
            args.out.mkdir(parents=True, exist_ok=True)
            (args.out / f"{name}.json").write_text(json.dumps(res, ensure_ascii=False, indent=1, default=str) + "\n")
    print(table(results))
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
