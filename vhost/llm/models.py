"""Model manifests (models/*.yaml) and one-time preparation into models/cache/.

PyPI chunk packages are never imported: their data files are located through package
metadata, joined in order, checked against the manifest's size and sha256, and converted
once from GGUF to a bf16 safetensors folder so later loads take about a second.
"""

from __future__ import annotations

import hashlib
import importlib.metadata as md
import json
import logging
import os
import re
import shutil
import time
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from vhost.errors import ConfigError, VhostError

log = logging.getLogger(__name__)
REPO = Path(__file__).resolve().parents[2]


class Source(BaseModel):
    model_config = ConfigDict(extra="forbid")
    kind: Literal["pypi-chunks", "pypi-file", "hf-folder"]
    packages: list[str] = Field(default_factory=list)
    version: str | None = None
    file: str | None = None
    install: str | None = None
    size: int | None = None
    sha256: str | None = None
    path: str | None = None


class Manifest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str
    title: str
    license: str = ""
    default: bool = False
    languages: list[str] = Field(default_factory=list)
    source: Source


def models_dir() -> Path:
    return Path(os.environ.get("VHOST_MODELS", REPO / "models"))


def cache_dir() -> Path:
    return Path(os.environ.get("VHOST_MODEL_CACHE", models_dir() / "cache"))


def manifests() -> dict[str, tuple[Manifest, Path]]:
    out: dict[str, tuple[Manifest, Path]] = {}
    for p in sorted(models_dir().glob("*.yaml")):
        try:
            m = Manifest.model_validate(yaml.safe_load(p.read_text(encoding="utf-8")))
        except (ValidationError, yaml.YAMLError) as e:
            raise ConfigError(f"{p}: invalid model manifest: {str(e).splitlines()[0]}") from None
        out[m.name] = (m, p)
    return out


def default_name() -> str:
    for name, (m, _) in manifests().items():
        if m.default:
            return name
    return "qwen2.5-coder-0.5b"


def get_manifest(name: str) -> Manifest:
    known = manifests()
    if name not in known:
        raise ConfigError(f"unknown model '{name}'", fix=f"known: {', '.join(known)}; or pass a folder path")
    return known[name][0]


def _package_install_hint(m: Manifest) -> str:
    if m.source.install:
        return f"run: {m.source.install}"
    pkgs = " ".join(f"{p}=={m.source.version}" if m.source.version else p for p in m.source.packages)
    return f"run: .venv/bin/pip install {pkgs}"


def locate_parts(m: Manifest) -> list[Path]:
    """Data files of the chunk packages, in order, found through their RECORD (no import)."""
    parts: list[Path] = []
    for pkg in m.source.packages:
        try:
            dist = md.distribution(pkg)
        except md.PackageNotFoundError:
            raise VhostError(f"model '{m.name}': package {pkg} is not installed", fix=_package_install_hint(m)) from None
        files = [f for f in (dist.files or []) if str(f).endswith((".bin", ".gguf"))]
        if m.source.kind == "pypi-file":
            files = [f for f in files if str(f) == m.source.file]
        if not files:
            raise VhostError(f"model '{m.name}': package {pkg} holds no data file", fix=_package_install_hint(m))
        for f in sorted(files, key=lambda f: [int(x) if x.isdigit() else x for x in re.split(r"(\d+)", str(f))]):
            parts.append(Path(str(dist.locate_file(f))))
    return parts


def join_and_verify(m: Manifest, dest: Path) -> Path:
    """Join the parts into dest, hashing as we go; a mismatch deletes the file and raises."""
    parts = locate_parts(m)
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_suffix(".partial")
    h = hashlib.sha256()
    size = 0
    with tmp.open("wb") as out:
        for p in parts:
            with p.open("rb") as f:
                while chunk := f.read(1 << 22):
                    h.update(chunk)
                    out.write(chunk)
                    size += len(chunk)
    digest = h.hexdigest()
    if (m.source.size is not None and size != m.source.size) or (m.source.sha256 and digest != m.source.sha256):
        tmp.unlink(missing_ok=True)
        raise VhostError(
            f"model '{m.name}': joined file is {size} bytes with sha256 {digest[:16]}…, "
            f"expected {m.source.size} bytes with {str(m.source.sha256)[:16]}…; the file was not used",
            fix=f"reinstall the packages: {_package_install_hint(m).removeprefix('run: ')} --force-reinstall",
        )
    tmp.replace(dest)
    return dest


def prepared_dir(name: str) -> Path:
    return cache_dir() / name


def is_prepared(name: str) -> bool:
    d = prepared_dir(name)
    return (d / "vhost-prepared.json").exists() and (d / "config.json").exists()


def convert_gguf(gguf: Path, out: Path) -> None:
    """GGUF -> bf16 safetensors folder. transformers refuses to save a GGUF-loaded model,
    so the quantizer marker is dropped first (the weights are already dequantized)."""
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    tok = AutoTokenizer.from_pretrained(str(gguf.parent), gguf_file=gguf.name)
    model = AutoModelForCausalLM.from_pretrained(str(gguf.parent), gguf_file=gguf.name, dtype=torch.bfloat16)
    model.hf_quantizer = None  # type: ignore[assignment]
    if hasattr(model.config, "quantization_config"):
        del model.config.quantization_config
    tmp = out.with_name(out.name + ".converting")
    shutil.rmtree(tmp, ignore_errors=True)
    model.save_pretrained(str(tmp))
    tok.save_pretrained(str(tmp))
    shutil.rmtree(out, ignore_errors=True)
    tmp.rename(out)


def prepare(name: str | None = None, *, keep_gguf: bool = False) -> Path:
    """Idempotent: returns the bf16 folder, building it on first use."""
    name = name or default_name()
    if Path(name).is_dir():
        return check_folder(Path(name))
    m = get_manifest(name)
    if m.source.kind == "hf-folder":
        if not m.source.path:
            raise ConfigError(f"model '{name}' needs a folder", fix=f"set path: in {models_dir() / (name + '.yaml')} or pass --model /path")
        return check_folder(Path(m.source.path))
    out = prepared_dir(name)
    if is_prepared(name):
        return out
    t0 = time.monotonic()
    gguf = join_and_verify(m, cache_dir() / f"{name}.gguf")
    t_join = time.monotonic() - t0
    convert_gguf(gguf, out)
    if not keep_gguf:
        gguf.unlink(missing_ok=True)
    info = {"name": name, "sha256": m.source.sha256, "join_s": round(t_join, 2), "total_s": round(time.monotonic() - t0, 2)}
    (out / "vhost-prepared.json").write_text(json.dumps(info, indent=1))
    log.info("prepared %s in %.1f s", name, info["total_s"])
    return out


def check_folder(folder: Path) -> Path:
    if not (folder / "config.json").exists():
        raise VhostError(f"{folder}: not a Hugging Face model folder (no config.json)", fix="point --model at a folder with config.json, safetensors and tokenizer files")
    if not any(folder.glob("*.safetensors")) and not any(folder.glob("*.bin")):
        raise VhostError(f"{folder}: no weights (*.safetensors) in the folder", fix="copy the model's safetensors files there, or run `vhost models prepare` again")
    if not (folder / "tokenizer.json").exists() and not (folder / "tokenizer_config.json").exists():
        raise VhostError(f"{folder}: no tokenizer files", fix="copy tokenizer.json/tokenizer_config.json into the folder")
    return folder


def resolve(name_or_path: str | None) -> Path:
    """The folder to load for --model NAME|PATH, with a fix-it error when not prepared."""
    name = name_or_path or default_name()
    if Path(name).is_dir() or "/" in name:
        return check_folder(Path(name))
    m = get_manifest(name)
    if m.source.kind == "hf-folder":
        return prepare(name)
    if not is_prepared(name):
        raise VhostError(f"model '{name}' is not prepared", fix=f"run: vhost models prepare {name}  (or `make demo`)")
    return check_folder(prepared_dir(name))
