"""Local LLM engines side by side, and what a running show does to decoding (and vice versa).

- prefill / decode tok/s, first token cold and with a warm prefix, peak RSS: 0.5B and 1.5B on
  llama.cpp (the show's thread plan, and all cores) and on transformers bf16 (all cores),
  each in a fresh process through `vhost models bench`;
- decode while a real-time show plays (TTS, program clock, ffmpeg encoder) vs bare, with the
  show's thread plan and with two decode threads; the show's late frames and worst lag;
- prepare from the chunk packages into an empty cache, in a fresh process.
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
MODELS = ("qwen2.5-coder-0.5b", "qwen2.5-coder-1.5b")


def engine_bench(name: str, engine: str, threads: str | None = None, rounds: int = 4) -> dict[str, Any]:
    cmd = [sys.executable, "-m", "vhost", "models", "bench", name, "--engine", engine, "--json", "--rounds", str(rounds)]
    if threads:
        cmd += ["--threads", threads]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True, cwd=ROOT, timeout=900)
    res: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    res.pop("rounds", None)
    return res


def prepare_fresh(name: str) -> float:
    with tempfile.TemporaryDirectory(dir=ROOT / "models") as tmp:
        env = dict(os.environ, VHOST_MODEL_CACHE=tmp)
        t0 = time.monotonic()
        subprocess.run([sys.executable, "-m", "vhost", "models", "prepare", name], check=True, env=env, capture_output=True)
        return time.monotonic() - t0


async def _decode_rates(llm: Any, seconds: float, stop: asyncio.Event | None = None) -> list[float]:
    from vhost.llm.base import ChatMessage, GenParams
    from vhost.llm.bench import QUESTIONS, SYSTEM

    rates: list[float] = []
    t_end = time.monotonic() + seconds
    i = 0
    while time.monotonic() < t_end and not (stop and stop.is_set()):
        msgs = [ChatMessage("system", SYSTEM), ChatMessage("user", f"「{QUESTIONS[i % len(QUESTIONS)]}」")]
        async for _ in llm.stream(msgs, GenParams(max_tokens=40, temperature=0.0)):
            pass
        st = llm.last_stats
        if st.get("predicted_n", 0) >= 8:
            rates.append(st["predicted_n"] / st["predicted_ms"] * 1000)
        i += 1
    return rates


async def _with_show(name: str, threads: str, seconds: float) -> dict[str, Any]:
    from vhost.llm.local import from_spec
    from vhost.show import Show, ShowConfig

    d, _, b = threads.partition(",")
    llm = from_spec(f"local:{name}?engine=llamacpp&threads={d}&batch_threads={b or d}")
    bare = await _decode_rates(llm, seconds / 2)
    with tempfile.TemporaryDirectory() as tmp:
        config = ShowConfig(
            persona=ROOT / "personas/tech_reviewer.yaml", sources=[f"replay:{ROOT / 'personas/samples/tech_chat.jsonl'}"],
            out=Path(tmp) / "show", duration_s=seconds + 5, realtime=True, watch=False, sinks=[f"file:{tmp}/program.flv"],
        )  # fmt: skip
        show = Show(config, llm=llm)
        task = asyncio.create_task(show.run())
        await asyncio.sleep(3)  # the show is speaking before the measurement starts
        loaded = await _decode_rates(llm, seconds)
        result = await task
    stage = result.stats["stage"]
    b_med, l_med = statistics.median(bare), statistics.median(loaded)
    return {
        "threads": threads, "bare_tok_s": round(b_med, 2), "show_tok_s": round(l_med, 2), "ratio": round(l_med / b_med, 3),
        "late_frames": stage["late_frames"], "max_lag_s": round(stage["max_lag_s"], 3), "frames": stage["frames"],
        "requests": len(loaded),
    }  # fmt: skip


def show_interference(name: str, threads: str, seconds: float) -> dict[str, Any]:
    return asyncio.run(_with_show(name, threads, seconds))


def run(quick: bool = False) -> dict[str, Any]:
    from vhost.llm import models
    from vhost.llm.engine import plan_threads

    plan = plan_threads()
    policy = f"{plan.decode},{plan.batch}"
    allcores = f"{plan.cores},{plan.cores}"
    engines: list[dict[str, Any]] = []
    names = MODELS[:1] if quick else MODELS
    for name in names:
        engines.append(engine_bench(name, "llamacpp", policy, rounds=2 if quick else 4))
        engines.append(engine_bench(name, "llamacpp", allcores, rounds=2 if quick else 4))
        if not quick:
            models.prepare(name, engine="transformers")  # the bf16 folder, made once
            engines.append(engine_bench(name, "transformers", rounds=3))
    seconds = 12.0 if quick else 60.0
    shows = [show_interference(MODELS[-1] if not quick else MODELS[0], t, seconds) for t in dict.fromkeys([policy, allcores])]
    prep = None if quick else prepare_fresh(models.default_name())

    def find(name: str, engine: str, threads: str | None = None) -> dict[str, Any] | None:
        for e in engines:
            if e["model"] == name and e["engine"] == engine and (threads is None or e["threads"].startswith(threads.split(",")[0] + " decode")):
                return e
        return None

    rows: list[list[str]] = []
    for name in names:
        for label, eng, th in (("llama.cpp, show plan", "llamacpp", policy), ("llama.cpp, all cores", "llamacpp", allcores), ("transformers bf16", "transformers", None)):
            e = find(name, eng, th if eng == "llamacpp" else None)
            if e is None:
                continue
            rows.append([
                f"{name} {label}: prefill / decode tok/s", f"{e['prefill_tok_s']} / {e['decode_tok_s']}", "",
            ])
            rows.append([f"{name} {label}: first token cold / warm prefix, RSS", f"{e['first_token_cold_s']} s / {e['first_token_warm_s']} s, {e['rss_mb']} MB", "1.5B warm < 0.6 s" if "1.5b" in name and eng == "llamacpp" else ""])
        ll, tf = find(name, "llamacpp", allcores), find(name, "transformers")
        if ll and tf and tf["decode_tok_s"]:
            rows.append([f"{name} decode: llama.cpp / transformers (same cores)", f"{ll['decode_tok_s'] / tf['decode_tok_s']:.1f}x", "1.5B ≥ 5x" if "1.5b" in name else ""])
    for s in shows:
        rows.append([f"decode with a real-time show vs bare ({s['threads']} threads)", f"{s['show_tok_s']} / {s['bare_tok_s']} tok/s (ratio {s['ratio']})", "ratio ≥ 0.8" if s["threads"] == policy else ""])
        rows.append([f"show while decoding ({s['threads']} threads): late frames, worst lag", f"{s['late_frames']} of {s['frames']}, {s['max_lag_s']} s", "0 late" if s["threads"] == policy else ""])
    if prep is not None:
        rows.append([f"prepare {models.default_name()} into an empty cache", f"{prep:.1f} s", "< 90 s"])
    return {"thread_plan": plan.describe(), "engines": engines, "shows": shows, "prepare_s": prep, "rows": rows}
