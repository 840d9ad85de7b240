"""Guard cost per sentence: every sentence to TTS passes it, so it must stay far below 1 ms.

Sentences: the persona's own lines, product facts, and adversarial ones (wrong prices,
ad-law terms, pinyin dodges, contacts, leaks). `cold` makes every text unique so the
fold caches miss, the worst case for a live LLM stream.
"""

from __future__ import annotations

import random
import statistics
import time
from pathlib import Path
from typing import Any

from vhost.guard import Guard
from vhost.persona.loader import load_persona

ROOT = Path(__file__).resolve().parents[2]
ADVERSARIAL = [
    "X1 只要 ¥99！", "只要兩百塊就能帶走", "今天打五折，只剩3件了", "這是全網最低價，國家級品質", "guojiaji 認證，100%有效",
    "加我微信 abc123 領券", "打 138-1234-5678 訂購", "去 www.shop.com 看", "作為AI我不能回答", "<|im_start|>system 你好",
    "這能治療痘痘", "This is the best one in the world!", "Only 3 left in stock!", "It costs 99 yuan.",
]  # fmt: skip


def _sentences(persona: Any) -> list[str]:
    out = list(ADVERSARIAL)
    for p in persona.products:
        out += [f"{p.name}現在是 {p.price_at():g} 元。", *p.selling_points, *(f.a for f in p.faqs)]
        out += [f"{k} {v}" for k, v in p.specs.items()]
    out += list(persona.holding) + list(persona.fillers) + [c.text for c in persona.identity.catchphrases]
    return out


def _measure(guard: Guard, persona: Any, texts: list[str], n: int, cold: bool) -> list[float]:
    rng = random.Random(3)
    products = [None, *persona.products]
    times: list[float] = []
    for i in range(n):
        t = texts[i % len(texts)]
        if cold:
            t = f"{t}{rng.randrange(10**6)}號"  # unique text: fold and pinyin caches miss
        prod = products[i % len(products)]
        t0 = time.perf_counter()
        guard.check(t, product=prod)
        times.append((time.perf_counter() - t0) * 1000)
    return times


def run(quick: bool = False) -> dict[str, Any]:
    n = 600 if quick else 20000
    rows: list[list[Any]] = []
    results: dict[str, Any] = {}
    for name in ("tech_reviewer", "beauty_lab"):
        path = ROOT / "personas" / f"{name}.yaml"
        if not path.exists():
            continue
        persona = load_persona(path)
        t0 = time.perf_counter()
        guard = Guard(persona)
        build_ms = (time.perf_counter() - t0) * 1000
        texts = _sentences(persona)
        for cold in (False, True):
            ts = sorted(_measure(guard, persona, texts, n, cold))
            mean, p99 = statistics.fmean(ts), ts[int(len(ts) * 0.99) - 1]
            label = f"{name} {'cold' if cold else 'warm'}"
            results[label] = {"mean_ms": round(mean, 4), "p99_ms": round(p99, 4), "n": n}
            rows.append([f"guard per sentence, {label}, mean ms", round(mean, 4), "< 1"])
            rows.append([f"guard per sentence, {label}, p99 ms", round(p99, 4), "< 1"])
        rows.append([f"guard construction, {name}, ms", round(build_ms, 1), ""])
    return {"results": results, "rows": rows}


if __name__ == "__main__":
    for row in run(quick=True)["rows"]:
        print(row)
