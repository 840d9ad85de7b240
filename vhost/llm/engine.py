"""Which engine runs the local model, and how many CPU threads it may take.

`--llm local` picks by itself: transformers (bf16) on a CUDA GPU or for a Hugging Face
folder; llama.cpp for GGUF models on a CPU, where it decodes several times faster than
transformers on the same weights. `local:NAME?engine=…` overrides; the choice and its
reason are logged and shown in the show summary.

Threads: the show's audio path (program clock, TTS, encoder) must never wait for a core.
Decoding runs for seconds per reply, so it leaves `reserve` cores free; prefill is a short
burst before the first token and may take one core more. On the 2-core default machine
that is 1 decode thread and 2 prefill threads: with two decode threads, one descheduled
thread stalls the other at every barrier while TTS and the encoder run (measured 2.9 vs
26.6 tok/s for the 0.5B model under load).
"""

from __future__ import annotations

import importlib.util
import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl

from vhost.errors import ConfigError

ENGINES = ("llamacpp", "transformers")


@dataclass(frozen=True)
class LocalSpec:
    """`local[:NAME|PATH][?engine=…&threads=…&batch_threads=…&ctx=…]`"""

    model: str | None = None
    engine: str | None = None
    threads: int | None = None
    batch_threads: int | None = None
    ctx: int | None = None


def parse_local_spec(spec: str) -> LocalSpec:
    body = spec.partition(":")[2] if spec.startswith("local") else spec
    name, _, query = body.partition("?")
    opts = dict(parse_qsl(query, keep_blank_values=True)) if query else {}
    unknown = set(opts) - {"engine", "threads", "batch_threads", "ctx"}
    if unknown:
        raise ConfigError(f"--llm {spec}: unknown option {sorted(unknown)[0]!r}", fix="options: engine, threads, batch_threads, ctx")
    engine = opts.get("engine") or None
    if engine is not None and engine not in ENGINES:
        raise ConfigError(f"--llm {spec}: unknown engine {engine!r}", fix=f"engines: {', '.join(ENGINES)}")

    def num(key: str, lo: int, hi: int) -> int | None:
        if key not in opts:
            return None
        try:
            v = int(opts[key])
        except ValueError:
            v = lo - 1
        if not lo <= v <= hi:
            raise ConfigError(f"--llm {spec}: {key} must be a whole number from {lo} to {hi}")
        return v

    return LocalSpec(name or None, engine, num("threads", 1, 256), num("batch_threads", 1, 256), num("ctx", 256, 131072))


def binding_available() -> bool:
    return importlib.util.find_spec("xllamacpp") is not None


def cuda_available() -> bool:
    if importlib.util.find_spec("torch") is None:
        return False
    import torch

    return bool(torch.cuda.is_available())


def pick_engine(model: str | None, requested: str | None = None) -> tuple[str, str]:
    """(engine, why) for a model name or path."""
    from vhost.llm import models

    if requested:
        if requested == "llamacpp" and not binding_available():
            raise ConfigError("the llama.cpp engine needs the xllamacpp binding", fix="pip install 'vhost[local]'")
        return requested, "asked for"
    name = model or models.default_name()
    path = Path(name)
    if name.endswith(".gguf") or path.is_file():
        return "llamacpp", "a GGUF file"
    if path.is_dir() or "/" in name or models.get_manifest(name).source.kind == "hf-folder":
        return "transformers", "a Hugging Face folder"
    if cuda_available():
        return "transformers", "CUDA GPU (bf16)"
    if binding_available():
        return "llamacpp", "CPU: llama.cpp runs the GGUF weights directly"
    return "transformers", "CPU without the xllamacpp binding (pip install 'vhost[local]' for llama.cpp)"


def usable_cores() -> int:
    """CPUs this process may run on: affinity, then a cgroup v2 quota (containers)."""
    try:
        n = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        n = os.cpu_count() or 1
    try:
        quota, period = Path("/sys/fs/cgroup/cpu.max").read_text().split()[:2]
        if quota != "max":
            n = min(n, max(1, int(int(quota) / int(period))))
    except (OSError, ValueError):
        pass
    return max(1, n)


@dataclass(frozen=True)
class ThreadPlan:
    decode: int
    batch: int
    cores: int
    reserved: int

    def describe(self) -> str:
        return f"{self.decode} decode / {self.batch} prefill threads of {self.cores} cores ({self.reserved} kept for audio)"


def plan_threads(cores: int | None = None, *, decode: int | None = None, batch: int | None = None) -> ThreadPlan:
    """Decode leaves the audio path its cores; prefill may take one more. VHOST_LLM_THREADS=D[,B] overrides."""
    cores = cores or usable_cores()
    reserved = 1 if cores <= 4 else 2
    env = os.environ.get("VHOST_LLM_THREADS", "")
    if env and decode is None:
        parts = [p for p in env.split(",") if p.strip()]
        try:
            decode = int(parts[0])
            batch = int(parts[1]) if len(parts) > 1 else batch
        except ValueError:
            raise ConfigError(f"VHOST_LLM_THREADS={env!r}: expected DECODE[,PREFILL], e.g. 1,2") from None
    d = decode or max(1, cores - reserved)
    b = batch or max(d, min(cores, d + 1))
    return ThreadPlan(d, b, cores, reserved)
