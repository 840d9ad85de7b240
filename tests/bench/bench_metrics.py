"""Monitoring cost against show length: one /metrics render, one /readyz and one alert round
after 1k events and after 60k (quick: 10k). They read counters, never events.jsonl, so
the cost stays flat while the event ledger on disk grows.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from tests.fakes.fake_llm import FakeLLM
from tests.intake.flood import flood_lines
from tests.tts.engines import ScriptedTTS
from vhost.alerts import AlertConfig, Evaluator
from vhost.clock import FastClock
from vhost.probes import readiness
from vhost.show import Show, ShowConfig
from vhost.sources.replay import parse_line


def _ms(fn: Any, n: int = 30) -> float:
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def run(quick: bool = False) -> dict[str, Any]:
    big = 10_000 if quick else 60_000
    with tempfile.TemporaryDirectory() as tmp:
        clock = FastClock(wall=False)
        cfg = ShowConfig(persona=Path("personas/tech_reviewer.yaml"), out=Path(tmp) / "out", watch=False)
        show = Show(cfg, llm=FakeLLM(clock), tts=ScriptedTTS("tone"), clock=clock, busy_llm=False)
        ev = Evaluator(AlertConfig(), show.metrics.sample, clock)
        lines = flood_lines(seed=3, n=big, seconds=big / 20)
        events = [parse_line(x, f"flood:{i}")[1] for i, x in enumerate(lines)]
        cost: dict[int, tuple[float, float, float, int]] = {}
        for i, e in enumerate(events, 1):
            show.intake.submit(e, i / 20)
            if i in (1000, big):
                show.intake.close(i / 20)  # what a director would have answered or dropped by now
                show.ledger.close("bench checkpoint")  # decided rows reach events.jsonl
                size = (Path(tmp) / "out" / "events.jsonl").stat().st_size
                cost[i] = (_ms(show.metrics.render), _ms(lambda: readiness(show.metrics)), _ms(ev.step), size)
    (r1, h1, a1, s1), (r2, h2, a2, s2) = cost[1000], cost[big]
    rows = [
        ["events.jsonl size", f"{s1 / 1e3:.0f} kB → {s2 / 1e6:.1f} MB", ""],
        [f"/metrics render, ms (1k → {big // 1000}k events)", f"{r1:.2f} → {r2:.2f}", "flat"],
        ["/readyz, ms", f"{h1:.3f} → {h2:.3f}", "flat"],
        ["alert round, ms", f"{a1:.3f} → {a2:.3f}", "flat"],
    ]
    return {"rows": rows, "render_ms": [r1, r2], "ready_ms": [h1, h2], "alert_ms": [a1, a2], "ledger_bytes": [s1, s2], "events": big}
