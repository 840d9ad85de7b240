"""What the plays cost: intake with a lottery and a bargain running, the guard with live prices, a big draw.

- events/s through Intake.submit on a play-heavy room (keyword entries, 砍, likes, gifts and
  questions from 20,000 viewers), with the plays' hook and without it;
- the guard per sentence with a bargain step unlocked and a flash sale running, against the
  same guard without plays;
- closing a lottery of 100,000 entrants: eligibility, sorting and the draw (quick: 10,000).
"""

from __future__ import annotations

import gc
import random
import statistics
import time
from pathlib import Path
from typing import Any

from vhost.events import ChatEvent, EventKind, User
from vhost.guard import Guard
from vhost.intake.intake import Intake
from vhost.intake.ledger import Ledger
from vhost.orders import OrderBook
from vhost.persona.loader import load_persona
from vhost.plays import Plays

ROOT = Path(__file__).resolve().parents[2]
PERSONA = ROOT / "tests" / "plays" / "data" / "plays.yaml"


class _Clock:
    t = 0.0

    def now(self) -> float:
        return self.t


def _room(n: int, seed: int = 7) -> list[ChatEvent]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        user = User(f"u{rng.randrange(20000)}", f"觀眾{i % 997}")
        r = rng.random()
        if r < 0.4:
            out.append(ChatEvent("bench", EventKind.DANMAKU, user, text="福袋"))
        elif r < 0.6:
            out.append(ChatEvent("bench", EventKind.DANMAKU, user, text=rng.choice(["砍", "砍砍", "砍一刀！"])))
        elif r < 0.8:
            out.append(ChatEvent("bench", EventKind.LIKE, user, count=rng.randrange(1, 20)))
        elif r < 0.85:
            out.append(ChatEvent("bench", EventKind.GIFT, user, value_cny=1.0, gift_name="小心心", gift_count=1))
        else:
            out.append(ChatEvent("bench", EventKind.DANMAKU, user, text=rng.choice(["N9 多少錢？", "福袋怎麼參加？", "續航多久", "今天有什麼"])))
    return out


def _intake_rate(with_plays: bool, evs: list[ChatEvent], rounds: int) -> float:
    persona = load_persona(PERSONA)
    best = 0.0
    for _ in range(rounds):
        intake = Intake(persona, Ledger())
        if with_plays:
            plays = Plays(persona, _Clock(), OrderBook())  # type: ignore[arg-type]
            plays.start_lottery()
            plays.start_bargain("n9-phone", 0.0)
            intake.plays = plays.see
        gc.collect()
        t0 = time.perf_counter()
        for i, ev in enumerate(evs):
            intake.submit(ev, i * 0.001)
        best = max(best, len(evs) / (time.perf_counter() - t0))
    return best


def _guard_times(guard: Guard, texts: list[str], product: Any, n: int) -> list[float]:
    out = []
    for i in range(n):
        t0 = time.perf_counter()
        guard.check(texts[i % len(texts)], product=product)
        out.append((time.perf_counter() - t0) * 1000)
    return sorted(out)


def run(quick: bool = False) -> dict[str, Any]:
    rows: list[list[Any]] = []
    results: dict[str, Any] = {}
    evs = _room(5000 if quick else 50000)
    rounds = 1 if quick else 3
    plain, played = _intake_rate(False, evs, rounds), _intake_rate(True, evs, rounds)
    results["intake_events_per_s"] = {"without_plays": round(plain), "with_plays": round(played), "ratio": round(played / plain, 2)}
    rows.append(["intake events/s, play-heavy room, without / with plays", f"{plain:,.0f} / {played:,.0f}", ""])
    rows.append(["intake with plays / without (ratio)", round(played / plain, 2), ">= 0.9"])

    persona = load_persona(PERSONA)
    plays = Plays(persona, _Clock(), OrderBook())  # type: ignore[arg-type]
    plays.start_bargain("n9-phone", 0.0)
    plays.approve()
    plays.start_flash("c1-cable", 0.0)
    texts = ["N9 手機現在只要 2199 元！", "再 1800 個讚就解鎖 2099 元！", "N9 手機現在只要 2099 元！", "原價 2499 元，直接省 300 元。",
             "C1 編織快充線只要 29 元，只剩 12 件了！", "C1 編織快充線只剩 50 件了！", "單次續航 8 小時，加充電盒共 30 小時。"]  # fmt: skip
    n = 2000 if quick else 20000
    for label, guard in (("without plays", Guard(persona)), ("with plays", Guard(persona, live=plays))):
        ts = _guard_times(guard, texts, persona.product("n9-phone"), n)
        mean, p99 = statistics.fmean(ts), ts[int(len(ts) * 0.99) - 1]
        results[f"guard {label}"] = {"mean_ms": round(mean, 4), "p99_ms": round(p99, 4), "n": n}
        rows.append([f"guard per sentence, price/stock lines, {label}, mean / p99 ms", f"{mean:.4f} / {p99:.4f}", "< 1"])

    entrants = 10_000 if quick else 100_000
    plays = Plays(persona, _Clock(), OrderBook())  # type: ignore[arg-type]
    lot = plays.start_lottery()
    for i in range(entrants):
        lot.enter(ChatEvent("bench", EventKind.DANMAKU, User(f"viewer{i}", f"v{i}"), text="福袋"), "keyword", 1.0)
    t0 = time.perf_counter()
    winners = lot.close(41.0, set(), set())
    draw_ms = (time.perf_counter() - t0) * 1000
    results["draw"] = {"entrants": entrants, "ms": round(draw_ms, 1), "winners": len(winners)}
    rows.append([f"lottery close + draw, {entrants:,} entrants, ms", round(draw_ms, 1), "< 1000"])
    return {"results": results, "rows": rows}


if __name__ == "__main__":
    for row in run(quick=True)["rows"]:
        print(row)
