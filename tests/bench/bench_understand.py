"""What reading one question costs the event loop, and what a persona reload costs off it.

- per question: Answering.answer_key (the director asks it of every question it might merge,
  on the event loop, which also paces the stage's 20 ms frames), on the dev and fresh sets'
  questions, the sentence encoder's cache warm (as after Replies' warm on the compute thread)
  and cold (every question encoded on the loop); target: p99 under one frame;
- a reload: Writer.prepare's build (guard, templates, answering, the embeddings of the persona's
  facts), which runs on a worker thread while the persona on air keeps talking.
"""

from __future__ import annotations

import json
import statistics
import time
from pathlib import Path
from typing import Any

from vhost.persona.loader import load_persona
from vhost.writer.answering import Answering

ROOT = Path(__file__).resolve().parents[2]
GRADED = ROOT / "personas" / "corpora" / "graded"


def _questions(name: str, quick: bool) -> list[tuple[str, str]]:
    out = []
    for path in sorted(GRADED.glob(f"{name}.*.jsonl")):
        if path.name.endswith(".holdout.jsonl"):
            continue  # the held-out set is read by `vhost eval` only
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                out.append((row["text"], "en" if row.get("lang") == "en" else "zh-Hant"))
    return out[:120] if quick else out


def _ms(times: list[float]) -> dict[str, Any]:
    xs = sorted(times)
    return {"mean_ms": round(statistics.fmean(xs), 2), "p99_ms": round(xs[int(0.99 * (len(xs) - 1))], 2),
            "max_ms": round(xs[-1], 2), "n": len(xs)}  # fmt: skip


def run(quick: bool = False) -> dict[str, Any]:
    rows: list[list[Any]] = []
    results: dict[str, Any] = {}
    for name in ("tech_reviewer", "beauty_lab"):
        persona = load_persona(ROOT / "personas" / f"{name}.yaml")
        t0 = time.perf_counter()
        answering = Answering(persona, None)
        answering.understander  # noqa: B018 - what Writer.prepare builds for a reload
        results[f"{name} reload build"] = {"s": round(time.perf_counter() - t0, 2)}
        rows.append([f"reload build (worker thread), {name}, s", results[f"{name} reload build"]["s"], "off the loop"])
        qs = _questions(name, quick)
        stage = persona.products[0].id
        for mode in ("cold", "warm"):
            fresh = Answering(persona, None)
            fresh._understander = answering.understander  # the same understanding, no keys remembered
            if mode == "warm":
                fresh.warm([q for q, _ in qs])
            times = []
            for q, lang in qs:
                t = time.perf_counter()
                fresh.answer_key(q, lang, stage)
                times.append((time.perf_counter() - t) * 1000)
            r = results[f"{name} {mode}"] = _ms(times)
            rows.append([f"answer_key per question, {name} {mode}, p99 ms (mean {r['mean_ms']})", r["p99_ms"], "< 20"])
    return {"results": results, "rows": rows}


if __name__ == "__main__":
    for row in run(quick=True)["rows"]:
        print(row)
