"""Whisper through faster-whisper (CTranslate2), prepared once from PyPI chunk packages.

models/asr/NAME.yaml names the packages and every file of the model folder with its size
and sha256 (a file may be the join of parts spread over the packages). The packages are
never imported: their files are found through package metadata, joined, checked and
written to models/cache/NAME/, with a stamp so later starts do not hash 145 MB again.
"""

from __future__ import annotations

import asyncio
import hashlib
import importlib.metadata as md
import json
import logging
import shutil
import threading
import time
from pathlib import Path
from typing import Any

import numpy as np
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from vhost.asr.base import ASR_RATE, Recognized
from vhost.errors import ConfigError, VhostError, first_validation_error
from vhost.llm.models import cache_dir, models_dir
from vhost.text.fold import fold

log = logging.getLogger(__name__)
DEFAULT = "whisper-base"
NO_SPEECH = 0.6  # a segment Whisper itself thinks is not speech (input is voice-gated already)
REPETITION = 1.6  # gzip compression ratio of a segment's text: above this it loops ("抖, 抖, 抖")
STAMP = "vhost-prepared.json"


class FileSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")
    parts: list[str] = Field(default_factory=list)  # data file names joined in order; empty: the file itself
    size: int
    sha256: str


class AsrManifest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str
    title: str
    license: str = ""
    languages: list[str] = Field(default_factory=list)
    packages: list[str]
    version: str
    files: dict[str, FileSpec]

    def install_hint(self) -> str:
        return ".venv/bin/pip install " + " ".join(f"{p}=={self.version}" for p in self.packages)


def manifests() -> dict[str, AsrManifest]:
    out: dict[str, AsrManifest] = {}
    for p in sorted((models_dir() / "asr").glob("*.yaml")):
        try:
            m = AsrManifest.model_validate(yaml.safe_load(p.read_text(encoding="utf-8")))
        except ValidationError as e:
            raise ConfigError(f"{p}: invalid speech model manifest: {first_validation_error(e)}") from None
        except yaml.YAMLError as e:
            raise ConfigError(f"{p}: invalid speech model manifest: {str(e).splitlines()[0]}") from None
        out[m.name] = m
    return out


def get_manifest(name: str) -> AsrManifest:
    known = manifests()
    if name not in known:
        raise ConfigError(f"unknown speech model '{name}'", fix=f"known: {', '.join(known) or 'none (models/asr/*.yaml)'}")
    return known[name]


def model_dir(name: str = DEFAULT) -> Path:
    return cache_dir() / name


def _data_files(m: AsrManifest) -> dict[str, Path]:
    """Every data file of the packages by its base name, found through their RECORD (no import)."""
    found: dict[str, Path] = {}
    for pkg in m.packages:
        try:
            dist = md.distribution(pkg)
        except md.PackageNotFoundError:
            raise VhostError(f"speech model '{m.name}': package {pkg} is not installed", fix=f"run: {m.install_hint()}") from None
        if dist.version != m.version:
            raise VhostError(f"speech model '{m.name}': {pkg} is {dist.version}, the manifest wants {m.version}", fix=f"run: {m.install_hint()}")
        for f in dist.files or []:
            if "/data/" in f"/{f}":
                found[Path(str(f)).name] = Path(str(dist.locate_file(f)))
    return found


def _stamp_of(path: Path) -> dict[str, int]:
    st = path.stat()
    return {"size": st.st_size, "mtime_ns": st.st_mtime_ns}


def is_prepared(name: str = DEFAULT) -> bool:
    """The folder holds every file, unchanged since it was checked (size and mtime stamp)."""
    d = model_dir(name)
    try:
        m = get_manifest(name)
        stamp = json.loads((d / STAMP).read_text())
    except (OSError, ValueError, ConfigError):
        return False
    for fname, spec in m.files.items():
        p = d / fname
        if not p.is_file() or stamp.get(fname) != {**_stamp_of(p), "sha256": spec.sha256}:
            return False
    return True


def prepare(name: str = DEFAULT) -> Path:
    """Idempotent: join and check every file into models/cache/NAME/ (about a second)."""
    if is_prepared(name):
        return model_dir(name)
    m = get_manifest(name)
    data = _data_files(m)
    dest = model_dir(name)
    tmp = dest.with_name(dest.name + ".preparing")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    stamp: dict[str, Any] = {}
    t0 = time.monotonic()
    for fname, spec in m.files.items():
        parts = spec.parts or [fname]
        missing = [p for p in parts if p not in data]
        if missing:
            shutil.rmtree(tmp, ignore_errors=True)
            raise VhostError(f"speech model '{name}': {missing[0]} is in none of {', '.join(m.packages)}", fix=f"reinstall: {m.install_hint()} --force-reinstall")
        h, size = hashlib.sha256(), 0
        with (tmp / fname).open("wb") as out:
            for part in parts:
                with data[part].open("rb") as f:
                    while chunk := f.read(1 << 22):
                        h.update(chunk)
                        out.write(chunk)
                        size += len(chunk)
        if size != spec.size or h.hexdigest() != spec.sha256:
            shutil.rmtree(tmp, ignore_errors=True)
            raise VhostError(
                f"speech model '{name}': {fname} is {size} bytes with sha256 {h.hexdigest()[:16]}…, expected {spec.size} "
                f"with {spec.sha256[:16]}…; nothing was used", fix=f"reinstall: {m.install_hint()} --force-reinstall",
            )  # fmt: skip
    shutil.rmtree(dest, ignore_errors=True)
    tmp.rename(dest)
    for fname, spec in m.files.items():
        stamp[fname] = {**_stamp_of(dest / fname), "sha256": spec.sha256}
    (dest / STAMP).write_text(json.dumps(stamp, indent=1))
    log.info("prepared %s in %.1f s", name, time.monotonic() - t0)
    return dest


def verified_dir(name: str = DEFAULT) -> Path:
    """The prepared folder, or an error that says how to prepare it."""
    if not is_prepared(name):
        raise VhostError(f"speech model '{name}' is not prepared (or its files changed)", fix=f"run: vhost models prepare {name}")
    return model_dir(name)


def load_model(name: str = DEFAULT, *, threads: int = 1) -> Any:
    """A faster_whisper.WhisperModel on the CPU (int8), from the verified folder only."""
    folder = verified_dir(name)
    try:
        from faster_whisper import WhisperModel
    except ImportError:
        raise VhostError("faster-whisper is not installed", fix="run: .venv/bin/pip install -e '.[asr]'") from None
    return WhisperModel(str(folder), device="cpu", compute_type="int8", cpu_threads=threads, local_files_only=True)


class WhisperRecognizer:
    """Greedy decoding with no temperature fallback and a token budget from the audio length,
    so a hard stretch of speech costs a bounded time instead of a hallucinated loop.

    strict (for live speech that may be acted on): segments Whisper marks as no speech, text
    that loops, and text that only repeats the spelling hint are dropped, since over noise or
    unclear speech Whisper tends to write its prompt back. Measurements keep every word."""

    def __init__(self, name: str = DEFAULT, *, threads: int = 1, strict: bool = False) -> None:
        self.name = f"whisper:{name}"
        self.model_name = name
        self.threads = threads
        self.strict = strict
        self._model: Any = None
        self._lock = threading.Lock()

    def _load(self) -> Any:
        with self._lock:
            if self._model is None:
                self._model = load_model(self.model_name, threads=self.threads)
            return self._model

    async def warm(self) -> None:
        await asyncio.to_thread(self._load)

    def recognize_sync(self, pcm: np.ndarray, *, lang: str | None = None, prompt: str = "") -> Recognized:
        audio = pcm.astype(np.float32) / 32768.0 if pcm.dtype == np.int16 else pcm.astype(np.float32)
        audio_s = len(audio) / ASR_RATE
        model = self._load()
        t0 = time.perf_counter()
        segments, info = model.transcribe(
            audio, language=lang, task="transcribe", beam_size=1, temperature=0.0, vad_filter=False,
            condition_on_previous_text=False, without_timestamps=True, initial_prompt=prompt or None,
            max_new_tokens=min(200, int(audio_s * 10) + 10),
        )  # fmt: skip
        kept, dropped, logprob, n = [], "", 0.0, 0
        for seg in segments:
            if self.strict and seg.no_speech_prob > NO_SPEECH:
                dropped = "no speech"
            elif self.strict and seg.compression_ratio > REPETITION:
                dropped = "repetition"
            else:
                kept.append(seg.text)
                w = max(1, len(seg.tokens))
                logprob, n = logprob + seg.avg_logprob * w, n + w
        text = "".join(kept).strip()
        if self.strict and text and prompt and fold(text) in fold(prompt):
            text, dropped = "", "echo of the hint"  # Whisper repeats its prompt over unclear audio
        return Recognized(text=text, lang=info.language, audio_s=audio_s, compute_s=time.perf_counter() - t0,
                          logprob=round(logprob / n, 3) if n else 0.0, dropped="" if text else dropped)  # fmt: skip

    async def recognize(self, pcm: np.ndarray, *, lang: str | None = None, prompt: str = "") -> Recognized:
        return await asyncio.to_thread(self.recognize_sync, pcm, lang=lang, prompt=prompt)
