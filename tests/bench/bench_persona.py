"""Persona system costs: what a reload and a rendered line cost during a show.

- load: ms to read, merge (extends) and validate one shipped persona.
- lint: ms for the full lint (every template rendered, every line checked for banned terms);
  the hot-reload watcher runs this on each save, in a thread.
- render: µs per script line rendered in the sandbox (compiled templates are cached).
- bomb: ms to refuse a billion-laughs alias bomb (must fail fast, never expand).
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path
from typing import Any

from vhost.persona.lint import lint_report, spoken_lines
from vhost.persona.loader import load_report
from vhost.persona.templates import render
from vhost.persona.variables import sample_variables

ROOT = Path(__file__).resolve().parents[2]
PERSONA = ROOT / "personas" / "tech_reviewer.yaml"


def _ms(fn: Any, n: int) -> float:
    t0 = time.perf_counter()
    for _ in range(n):
        fn()
    return (time.perf_counter() - t0) * 1000 / n


def run(quick: bool = False) -> dict[str, Any]:
    n = 3 if quick else 20
    load_ms = _ms(lambda: load_report(PERSONA), n)
    lint_ms = _ms(lambda: lint_report(load_report(PERSONA)), n)
    p = load_report(PERSONA).persona
    assert p is not None
    lines = [(x.text, sample_variables(p, x.context, product=x.product, segment=x.segment))
             for x in spoken_lines(p) if x.template and "{" in x.text]
    reps = 20 if quick else 200
    t0 = time.perf_counter()
    for _ in range(reps):
        for text, variables in lines:
            render(text, variables)
    render_us = (time.perf_counter() - t0) * 1e6 / (reps * len(lines))
    with tempfile.TemporaryDirectory() as tmp:
        bomb = Path(tmp) / "bomb.yaml"
        rows = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
        rows += [f"{c}: &{c} [" + ",".join([f"*{b}"] * 9) + "]" for b, c in zip("abcdefgh", "bcdefghi", strict=True)]
        bomb.write_text("id: b\nidentity: {name: b}\n" + "\n".join(rows) + "\n", encoding="utf-8")
        bomb_ms = _ms(lambda: load_report(bomb), n)
    return {
        "persona": PERSONA.name,
        "templated_lines": len(lines),
        "rows": [
            ["load + merge + validate (ms)", round(load_ms, 2), "< 100"],
            ["full lint (ms)", round(lint_ms, 2), "< 500"],
            ["render one line (µs)", round(render_us, 1), "< 1000"],
            ["refuse alias bomb (ms)", round(bomb_ms, 2), "< 100"],
        ],
    }


if __name__ == "__main__":
    import json

    print(json.dumps(run(quick=False), ensure_ascii=False, indent=2))
