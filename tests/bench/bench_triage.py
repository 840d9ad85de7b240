"""Triage throughput and memory.

- events/s through moderate -> score (Moderator.check + injection + classify + static score)
  and through the whole Intake.submit, on the seeded replay mix (realistic repeats) and on
  all-distinct texts (every fold cache missing);
- tracemalloc current and peak while 1,000 events/s run for 10 simulated minutes
  (quick: 8 s) with a director answering every 4 s and a spooled ledger;
- if the Bilibili parser exists: raw brotli frames -> parse -> normalise -> moderate -> score.
"""

from __future__ import annotations

import gc
import random
import tempfile
import time
import tracemalloc
from dataclasses import replace
from pathlib import Path
from typing import Any

from tests.intake.conftest import make_persona
from tests.intake.flood import flood_lines
from vhost.events import ChatEvent, EventKind, Fate, User
from vhost.intake.classify import is_question
from vhost.intake.injection import find_injection
from vhost.intake.intake import Intake
from vhost.intake.ledger import Ledger
from vhost.intake.scoring import static_score
from vhost.sources.replay import parse_line


def _events(n: int, *, distinct: bool, seed: int = 5) -> list[ChatEvent]:
    evs = [parse_line(line, "bench")[1] for line in flood_lines(seed=seed, n=n)]
    if not distinct:
        return evs
    rng = random.Random(seed)
    pool = "的一是不了人我在有他這中大來上國個到說們為子和你地出道也時年得就那要下以生會自着去之過家學對可她裡後小麼心多天而能好都然沒日於起還發成事只作當想看文無開手十用主行方又如前所本見經頭面公同三已老從動兩長"
    return [replace(e, text=e.text + "".join(rng.choices(pool, k=3))) if e.text else e for e in evs]


def _rate(fn: Any, evs: list[ChatEvent], rounds: int) -> float:
    best = 0.0
    for _ in range(rounds):
        gc.collect()
        t0 = time.perf_counter()
        fn(evs)
        best = max(best, len(evs) / (time.perf_counter() - t0))
    return best


def _moderate_score(intake: Intake) -> Any:
    mod = intake._mod
    w = intake.config.weights

    def run(evs: list[ChatEvent]) -> None:
        for i, ev in enumerate(evs):
            if mod.check(ev, i * 0.01) is None:
                inj = find_injection(ev.text)
                product = intake._products.find(ev.text)
                static_score(w, ev, question=is_question(ev.text), product=product, injection=inj is not None)

    return run


def _submit(persona: Any) -> Any:
    def run(evs: list[ChatEvent]) -> None:
        intake = Intake(persona, Ledger())
        for i, ev in enumerate(evs):
            intake.submit(ev, i * 0.01)
            if i % 400 == 0:
                intake.next_reply(i * 0.01)
                intake.take_thanks(i * 0.01)

    return run


def _memory(persona: Any, seconds: int, rate: int = 1000) -> dict[str, float]:
    lines = flood_lines(seed=11, n=5000)
    base = [parse_line(x, "bench")[1] for x in lines]
    with tempfile.TemporaryDirectory() as tmp:
        ledger = Ledger(Path(tmp) / "events.jsonl")
        intake = Intake(persona, ledger)
        gc.collect()
        tracemalloc.start()
        marks: dict[str, float] = {}
        n = 0
        try:
            for s in range(seconds):
                for k in range(rate):
                    ev = base[n % len(base)]
                    # new viewer ids forever, as in a real room over a night
                    ev = replace(ev, user=User(f"{ev.user.id}-{n // len(base)}", ev.user.name))
                    intake.submit(ev, s + k / rate)
                    n += 1
                if s % 4 == 0:
                    pick = intake.next_reply(float(s))
                    if pick is not None:
                        ledger.fate(pick.event.index, Fate.ANSWERED, utterance=str(s))
                        for m in pick.merged:
                            ledger.fate(m.index, Fate.MERGED, utterance=str(s))
                    batch = intake.take_thanks(float(s))
                    for g in batch.events if batch else ():
                        ledger.fate(g.index, Fate.THANKED, utterance=str(s))
                if s == seconds // 2:
                    marks["half"] = tracemalloc.get_traced_memory()[0] / 2**20
            cur, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        intake.close(float(seconds))
        ledger.close()
        ledger.write_jsonl(Path(tmp) / "events.jsonl")
    return {"half_mb": marks.get("half", 0.0), "end_mb": cur / 2**20, "peak_mb": peak / 2**20, "events": n}


def _frames(n: int) -> list[bytes] | None:
    try:
        import brotli

        from vhost.sources.bilibili.frame import parse_frame  # noqa: F401
        from vhost.sources.bilibili.packet import OP_COMMAND, VER_BROTLI, VER_PLAIN, encode
    except ImportError:
        return None
    rng = random.Random(3)
    evs = [e for e in _events(n, distinct=False) if e.kind is EventKind.DANMAKU]
    frames = []
    for i in range(0, len(evs), 10):
        inner = b""
        for ev in evs[i : i + 10]:
            meta = [0, 1, 25, 16777215, 1700000000000 + i, rng.randint(1, 10**9), 0, "abcd1234", 0, 0, 0, "", 0, "{}", "{}", {}]
            body = {"cmd": "DANMU_MSG", "info": [meta, ev.text, [int(ev.user.id.lstrip("u") or 0) + 1, ev.user.name, 0, 0, 0, 10000, 1, ""], [], [3, 0, 9868950, ">50000"], ["", ""], 0, 0]}
            inner += encode(OP_COMMAND, body, ver=VER_PLAIN)
        frames.append(encode(OP_COMMAND, brotli.compress(inner), ver=VER_BROTLI))
    return frames


def _frame_rate(intake: Intake, frames: list[bytes], rounds: int) -> float:
    from vhost.sources.bilibili.frame import parse_frame

    score = _moderate_score(intake)
    best = 0.0
    for _ in range(rounds):
        gc.collect()
        t0 = time.perf_counter()
        count = 0
        for fr in frames:
            evs = parse_frame(fr)
            count += len(evs)
            score(evs)
        best = max(best, count / (time.perf_counter() - t0))
    return best


def run(quick: bool = False) -> dict[str, Any]:
    persona = make_persona()
    n = 3000 if quick else 50_000
    rounds = 1 if quick else 3
    mix = _events(n, distinct=False)
    uniq = _events(n, distinct=True)
    chat_kinds = (EventKind.DANMAKU, EventKind.SUPERCHAT)  # only chat is moderated and scored
    ms_mix = _rate(_moderate_score(Intake(persona, Ledger())), [e for e in mix if e.kind in chat_kinds], rounds)
    ms_uniq = _rate(_moderate_score(Intake(persona, Ledger())), [e for e in uniq if e.kind in chat_kinds], rounds)
    sub_mix = _rate(_submit(persona), mix, rounds)
    sub_uniq = _rate(_submit(persona), uniq, rounds)
    mem = _memory(persona, 8 if quick else 600)
    rows: list[list[Any]] = [
        ["moderate->score chat events/s (replay mix)", round(ms_mix), ">= 50000"],
        ["moderate->score chat events/s (all texts distinct)", round(ms_uniq), ">= 50000"],
        ["Intake.submit events/s, all kinds (replay mix)", round(sub_mix), ""],
        ["Intake.submit events/s, all kinds (all texts distinct)", round(sub_uniq), ""],
        [f"tracemalloc MB at {mem['events'] // 2000} s of 1000 ev/s", round(mem["half_mb"], 1), ""],
        [f"tracemalloc MB at end ({mem['events'] // 1000} s)", round(mem["end_mb"], 1), "flat (≈ half-way)"],
        ["tracemalloc peak MB", round(mem["peak_mb"], 1), ""],
    ]
    out: dict[str, Any] = {
        "moderate_score_eps": ms_mix,
        "moderate_score_distinct_eps": ms_uniq,
        "submit_eps": sub_mix,
        "submit_distinct_eps": sub_uniq,
        "memory": mem,
    }
    frames = _frames(1000 if quick else 20_000)
    if frames is not None:
        fr = _frame_rate(Intake(persona, Ledger()), frames, rounds)
        rows.append(["raw frames->parse->moderate->score events/s", round(fr), ""])
        out["frames_eps"] = fr
    out["rows"] = rows
    return out


if __name__ == "__main__":
    import json

    print(json.dumps(run(quick=True), indent=1, ensure_ascii=False))
