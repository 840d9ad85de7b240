"""The foundation's figures with the real default model on this CPU.

- cold load: first prepare (join + verify + convert) and a cached load in a fresh process;
- decode tokens/s inside the runtime (streamed, through the show's LLM path) vs a bare
  model.generate on the same prompt and token count;
- event arrival -> first audio sample on the program clock, p50/p95 over >= 20 questions
  in --realtime (quick: 4 questions in --fast);
- espeak-ng real-time factor.
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
QUESTIONS = [
    "X1 的續航多久？", "耳機防水嗎？", "P65 能充筆電嗎？", "X1 有降噪嗎？", "充電頭多重？",
    "藍牙是幾代？", "耳機多少錢", "how long does the battery last?", "適合運動嗎？", "充電頭有幾個接口？",
]


def _pct(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(q * len(xs)))] if xs else float("nan")


def cold_first(quick: bool) -> float | None:
    from vhost.llm import models

    name = models.default_name()
    if quick:
        info = models.prepared_dir(name) / "vhost-prepared.json"
        return json.loads(info.read_text())["total_s"] if info.exists() else None
    with tempfile.TemporaryDirectory(dir=ROOT / "models") as tmp:
        env = dict(os.environ, VHOST_MODEL_CACHE=tmp)
        t0 = time.monotonic()
        subprocess.run([sys.executable, "-m", "vhost", "models", "prepare", name], check=True, env=env, capture_output=True)
        return time.monotonic() - t0


def cached_load() -> float:
    code = (
        "import time; t=time.monotonic(); from vhost.llm.local import load_default; load_default(); "
        "print(time.monotonic()-t)"
    )
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True, cwd=ROOT)
    return float(out.stdout.strip().splitlines()[-1])


async def _runtime_tps(llm: Any, messages: Any, n: int) -> float:
    from vhost.llm.base import GenParams

    t0 = time.monotonic()
    async for _ in llm.stream(messages, GenParams(max_tokens=n, temperature=0.0)):
        pass
    dt = time.monotonic() - t0
    return llm.last_stats["tokens"] / dt


def decode_ratio(quick: bool) -> dict[str, float]:
    import torch

    from vhost.llm.base import ChatMessage
    from vhost.llm.local import load_default

    llm = load_default()
    msgs = [ChatMessage("system", "你是直播間的科技測評官，用繁體中文回答。"), ChatMessage("user", "請介紹 X1 無線藍牙耳機的優點。")]
    n = 32 if quick else 96
    inputs = llm.encode_chat(msgs)
    bare, rt = [], []
    for _ in range(1 if quick else 5):  # interleaved, medians: this shared CPU's speed wanders
        t0 = time.monotonic()
        with torch.inference_mode():
            out = llm.model.generate(**inputs, max_new_tokens=n, do_sample=False, pad_token_id=llm.tok.eos_token_id)
        bare.append((out.shape[1] - inputs["input_ids"].shape[1]) / (time.monotonic() - t0))
        rt.append(asyncio.run(_runtime_tps(llm, msgs, n)))
    b, r = statistics.median(bare), statistics.median(rt)
    return {"bare_tps": b, "runtime_tps": r, "ratio": r / b, "bare_all": bare, "runtime_all": rt}


def event_latency(quick: bool) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        chat = Path(tmp) / "q.jsonl"
        n = 4 if quick else 24
        gap = 11.0
        lines = [
            {"t": 12 + i * gap, "kind": "danmaku", "user": {"id": f"b{i}", "name": f"觀眾{i}"}, "text": QUESTIONS[i % len(QUESTIONS)] + ("" if i < 10 else f" {i}")}
            for i in range(n)
        ]
        chat.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n", encoding="utf-8")
        out = Path(tmp) / "out"
        mode = "--fast" if quick else "--realtime"
        cmd = [sys.executable, "-m", "vhost", "run", "--persona", "personas/tech_reviewer.yaml", "--source", f"replay:{chat}",
               "--out", str(out), "--duration", str(12 + n * gap + 8), mode, "--no-watch", "--json"]
        subprocess.run(cmd, check=True, cwd=ROOT, capture_output=True, text=True)
        rows = [json.loads(x) for x in (out / "transcript.jsonl").read_text(encoding="utf-8").splitlines()]
    lat = [r["first_audio_s"] - r["event_s"] for r in rows if r["kind"] == "reply" and r.get("event_s") is not None]
    return {"mode": mode, "questions": n, "answered": len(lat), "p50_s": _pct(lat, 0.5), "p95_s": _pct(lat, 0.95), "all_s": [round(x, 3) for x in lat]}


def espeak_rtf() -> dict[str, float]:
    from vhost.tts.base import VoiceSpec
    from vhost.tts.espeak import EspeakTTS

    tts = EspeakTTS()
    out = {}
    for lang, text in (("zh", "家人們晚上好，這款耳機單次續航八小時，加上充電盒一共三十小時。"), ("en", "Good evening everyone, these earbuds last thirty hours with the case.")):
        t0 = time.monotonic()
        sp = asyncio.run(tts.synthesize(text, VoiceSpec(lang=lang)))
        out[lang] = (time.monotonic() - t0) / sp.duration_s
    return out


def run(quick: bool = False) -> dict[str, Any]:
    first = cold_first(quick)
    cached = cached_load()
    dec = decode_ratio(quick)
    lat = event_latency(quick)
    rtf = espeak_rtf()
    f = lambda x, unit="": "n/a" if x is None else f"{x:.2f}{unit}"  # noqa: E731
    return {
        "cold_first_s": first, "cached_load_s": cached, "decode": dec, "latency": lat, "espeak_rtf": rtf,
        "rows": [
            ["cold model load, first (prepare + convert)", f(first, " s"), ""],
            ["cold model load, cached (fresh process)", f(cached, " s"), "< 10 s"],
            ["decode tok/s: runtime vs bare generate", f"{dec['runtime_tps']:.2f} vs {dec['bare_tps']:.2f} (ratio {dec['ratio']:.3f})", "ratio ≥ 0.9"],
            [f"event → first audio ({lat['mode']}, {lat['answered']}/{lat['questions']} answered)", f"p50 {lat['p50_s']:.2f} s, p95 {lat['p95_s']:.2f} s", "p50 < 2.5 s"],
            ["espeak-ng real-time factor zh / en", f"{rtf['zh']:.4f} / {rtf['en']:.4f}", ""],
        ],
    }
