"""Model manifests (models/*.yaml) and one-time preparation into models/cache/.

PyPI chunk packages are never imported: their data files are located through package
metadata, joined in order and checked against the manifest's size and sha256 into
models/cache/NAME.gguf, which the llama.cpp engine loads as it is. The transformers engine
(CUDA, or by choice) gets a bf16 safetensors folder converted once from that file.
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


ENGINES = ("llamacpp", "transformers")


def prepared_dir(name: str) -> Path:
    """The bf16 safetensors folder the transformers engine loads."""
    return cache_dir() / name


def gguf_path(name: str) -> Path:
    """The verified GGUF file the llama.cpp engine loads (and the transformers folder is made from)."""
    return cache_dir() / f"{name}.gguf"


def _stamp_path(gguf: Path) -> Path:
    return gguf.with_name(gguf.name + ".verified.json")


def _stamp(gguf: Path) -> dict[str, int]:
    st = gguf.stat()
    return {"size": st.st_size, "mtime_ns": st.st_mtime_ns, "inode": st.st_ino}


def _hash_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(1 << 22):
            h.update(chunk)
    return h.hexdigest()


def gguf_verified(m: Manifest, gguf: Path | None = None) -> bool:
    """True when the file is the manifest's: its stamp matches, or a full sha256 says so.

    The stamp (size, mtime, inode, digest) written after a full hash spares a 1 GB hash on
    every start; any change to the file invalidates it and the next check hashes again."""
    gguf = gguf or gguf_path(m.name)
    if not gguf.is_file():
        return False
    stamp_file = _stamp_path(gguf)
    now = _stamp(gguf)
    if m.source.size is not None and now["size"] != m.source.size:
        return False
    try:
        old = json.loads(stamp_file.read_text())
        if old.get("sha256") == m.source.sha256 and all(old.get(k) == v for k, v in now.items()):
            return True
    except (OSError, ValueError):
        pass
    if m.source.sha256 and _hash_file(gguf) != m.source.sha256:
        return False
    stamp_file.write_text(json.dumps({**now, "sha256": m.source.sha256}))
    return True


def verify_gguf(m: Manifest) -> Path:
    """The manifest's GGUF, checked before loading; a changed or damaged file is an error."""
    gguf = gguf_path(m.name)
    if not gguf.is_file():
        raise VhostError(f"model '{m.name}' is not prepared", fix=f"run: vhost models prepare {m.name}  (or `make demo`)")
    if not gguf_verified(m, gguf):
        raise VhostError(
            f"{gguf}: size or sha256 does not match the manifest {models_dir() / (m.name + '.yaml')}; the file was not used",
            fix=f"delete it and run: vhost models prepare {m.name}",
        )
    return gguf


def is_prepared(name: str, engine: str = "transformers") -> bool:
    if engine == "llamacpp":
        try:
            m = get_manifest(name)
        except ConfigError:
            return False
        g = gguf_path(name)
        return g.is_file() and _stamp_path(g).is_file() and (m.source.size is None or g.stat().st_size == m.source.size)
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


def ensure_gguf(m: Manifest) -> Path:
    """Join and verify the chunk packages into the cache once; a verified file is reused."""
    gguf = gguf_path(m.name)
    if gguf_verified(m, gguf):
        return gguf
    gguf.unlink(missing_ok=True)
    _stamp_path(gguf).unlink(missing_ok=True)
    join_and_verify(m, gguf)
    _stamp_path(gguf).write_text(json.dumps({**_stamp(gguf), "sha256": m.source.sha256}))
    return gguf


def prepare(name: str | None = None, engine: str | None = None) -> Path:
    """Idempotent: the GGUF file (llamacpp) or the bf16 folder (transformers), built on first use."""
    name = name or default_name()
    if Path(name).is_file() and name.endswith(".gguf"):
        from vhost.llm.gguf_file import check_gguf

        check_gguf(Path(name))
        return Path(name)
    if Path(name).is_dir():
        return check_folder(Path(name))
    m = get_manifest(name)
    if m.source.kind == "hf-folder":
        if not m.source.path:
            raise ConfigError(f"model '{name}' needs a folder", fix=f"set path: in {models_dir() / (name + '.yaml')} or pass --model /path")
        return check_folder(Path(m.source.path))
    engine = engine or "llamacpp"
    t0 = time.monotonic()
    gguf = ensure_gguf(m)
    if engine == "llamacpp":
        log.info("prepared %s (GGUF) in %.1f s", name, time.monotonic() - t0)
        return gguf
    out = prepared_dir(name)
    if is_prepared(name, "transformers"):
        return out
    t_join = time.monotonic() - t0
    convert_gguf(gguf, out)
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


def resolve(name_or_path: str | None, engine: str = "transformers") -> Path:
    """What to load for --model NAME|PATH on an engine, with a fix-it error when not prepared."""
    name = name_or_path or default_name()
    if name.endswith(".gguf") or Path(name).is_file():
        from vhost.llm.gguf_file import check_gguf

        check_gguf(Path(name))
        return Path(name)
    if Path(name).is_dir() or "/" in name:
        return check_folder(Path(name))
    m = get_manifest(name)
    if m.source.kind == "hf-folder":
        return prepare(name)
    if engine == "llamacpp":
        return verify_gguf(m)
    if not is_prepared(name, "transformers"):
        raise VhostError(
            f"model '{name}' is not prepared for transformers", fix=f"run: vhost models prepare {name} --engine transformers"
        )
    return check_folder(prepared_dir(name))
