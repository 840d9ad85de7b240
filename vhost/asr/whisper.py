"""Offline speech recognition with faster-whisper on a Whisper model carried by PyPI packages.

The packages are never imported: their data files are found through package metadata,
joined in order into models/cache/<name>/, each output checked against the manifest's size
and sha256 (models/asr/*.yaml). `transcribe()` takes mono int16 PCM at any rate.
"""

from __future__ import annotations

import hashlib
import importlib.metadata as md
import json
import threading
from pathlib import Path
from typing import Any

import numpy as np
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from vhost.errors import ConfigError, VhostError
from vhost.llm.models import cache_dir, models_dir

PREPARED = "vhost-prepared.json"
SAMPLE_RATE = 16000


class FileSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    parts: list[str] = Field(min_length=1, description="files inside the packages, joined in this order")
    size: int | None = None
    sha256: str


class AsrManifest(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    name: str
    title: str
    license: str = ""
    packages: dict[str, str]
    files: dict[str, FileSpec]


def manifest_path(name: str) -> Path:
    return models_dir() / "asr" / f"{name}.yaml"


def load_manifest(name: str = "whisper-base") -> AsrManifest:
    path = manifest_path(name)
    try:
        return AsrManifest.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such speech recognition manifest") from None
    except (ValidationError, yaml.YAMLError) as e:
        raise ConfigError(f"{path}: invalid manifest: {str(e).splitlines()[0]}") from None


def model_dir(name: str) -> Path:
    return cache_dir() / name


def _install_hint(m: AsrManifest) -> str:
    return "run: .venv/bin/pip install " + " ".join(f"{p}=={v}" for p, v in m.packages.items())


def locate(m: AsrManifest, inner: str) -> Path:
    """A data file of one of the packages, by its path inside the package (no import)."""
    for pkg in m.packages:
        try:
            dist = md.distribution(pkg)
        except md.PackageNotFoundError:
            continue
        for f in dist.files or ():
            if str(f) == inner:
                return Path(str(dist.locate_file(f)))
    missing = [p for p in m.packages if not _installed(p)]
    if missing:
        raise VhostError(f"speech model '{m.name}': package {missing[0]} is not installed", fix=_install_hint(m))
    raise VhostError(f"speech model '{m.name}': no file {inner} in {', '.join(m.packages)}", fix=_install_hint(m) + " --force-reinstall")


def _installed(pkg: str) -> bool:
    try:
        md.distribution(pkg)
    except md.PackageNotFoundError:
        return False
    return True


def is_prepared(m: AsrManifest) -> bool:
    d = model_dir(m.name)
    return (d / PREPARED).is_file() and all((d / f).is_file() for f in m.files)


def prepare(name: str = "whisper-base") -> Path:
    """Join and verify once; later calls return the folder at once."""
    m = load_manifest(name)
    d = model_dir(m.name)
    if is_prepared(m):
        return d
    d.mkdir(parents=True, exist_ok=True)
    for out, spec in m.files.items():
        sources = [locate(m, p) for p in spec.parts]
        tmp = d / (out + ".partial")
        h, size = hashlib.sha256(), 0
        with tmp.open("wb") as w:
            for src in sources:
                with src.open("rb") as r:
                    while chunk := r.read(1 << 22):
                        h.update(chunk)
                        w.write(chunk)
                        size += len(chunk)
        if h.hexdigest() != spec.sha256 or (spec.size is not None and size != spec.size):
            tmp.unlink(missing_ok=True)
            raise VhostError(
                f"speech model '{m.name}': {out} joined to {size} bytes with sha256 {h.hexdigest()[:16]}…, expected {spec.sha256[:16]}…; not used",
                fix=_install_hint(m) + " --force-reinstall",
            )
        tmp.replace(d / out)
    (d / PREPARED).write_text(json.dumps({"name": m.name, "files": {k: v.sha256 for k, v in m.files.items()}}, indent=1))
    return d


def resample(pcm: np.ndarray, sr: int, to: int = SAMPLE_RATE) -> np.ndarray:
    """int16 (or float) mono -> float32 at `to` Hz by linear interpolation (enough for recognition)."""
    x = pcm.astype(np.float32)
    if pcm.dtype == np.int16:
        x /= 32768.0
    if sr == to or len(x) == 0:
        return x
    n = int(round(len(x) * to / sr))
    return np.interp(np.linspace(0, len(x) - 1, n), np.arange(len(x)), x).astype(np.float32)


class Recognizer:
    """One faster-whisper model, loaded once; calls are serialized."""

    def __init__(self, name: str = "whisper-base", threads: int = 2) -> None:
        self.name = name
        self.threads = threads
        self._model: Any = None
        self._lock = threading.Lock()

    def load(self) -> Any:
        if self._model is None:
            try:
                from faster_whisper import WhisperModel
            except ImportError:
                raise VhostError("faster-whisper is not installed", fix="run: .venv/bin/pip install -e '.[asr]'") from None
            folder = prepare(self.name)
            self._model = WhisperModel(str(folder), device="cpu", compute_type="int8", cpu_threads=self.threads)
        return self._model

    def transcribe(self, pcm: np.ndarray, sample_rate: int, language: str = "zh") -> str:
        model = self.load()
        audio = resample(pcm, sample_rate)
        with self._lock:
            segments, _ = model.transcribe(audio, language=language, beam_size=1, vad_filter=False, condition_on_previous_text=False)
            return "".join(s.text for s in segments).strip()
