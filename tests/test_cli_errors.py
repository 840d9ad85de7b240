"""Expected errors are one line naming the file/field and the fix, never a traceback."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def vhost(*args: str, env: dict[str, str] | None = None, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    e = dict(os.environ)
    e.update(env or {})
    return subprocess.run([sys.executable, "-m", "vhost", *args], capture_output=True, text=True, env=e, cwd=cwd, timeout=120)


def assert_one_line_error(p: subprocess.CompletedProcess[str], *needles: str) -> None:
    assert p.returncode == 2, p.stderr
    assert "Traceback" not in p.stderr
    lines = [x for x in p.stderr.splitlines() if x.startswith("vhost: error:")]
    assert len(lines) == 1, p.stderr
    for n in needles:
        assert n in lines[0], lines[0]


def test_missing_persona_file(tmp_path):
    p = vhost("run", "--persona", str(tmp_path / "nope.yaml"), "--source", "replay:x.jsonl", "--out", str(tmp_path / "o"))
    assert_one_line_error(p, "nope.yaml", "not found")


def test_missing_replay_file(tmp_path):
    p = vhost("run", "--persona", "personas/tech_reviewer.yaml", "--source", f"replay:{tmp_path}/chat.jsonl", "--out", str(tmp_path / "o"))
    assert_one_line_error(p, "chat.jsonl", "not found")


def test_no_source_names_the_flag(tmp_path):
    p = vhost("run", "--persona", "personas/tech_reviewer.yaml", "--out", str(tmp_path / "o"))
    assert_one_line_error(p, "--source replay:")


def test_unknown_source_scheme_suggests(tmp_path):
    p = vhost("run", "--persona", "personas/tech_reviewer.yaml", "--source", "replai:x", "--out", str(tmp_path / "o"))
    assert_one_line_error(p, "unknown source 'replai'", "replay")


def test_broken_persona_names_file_line_and_column(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: x\nidentity:\n  name: [unclosed\n", encoding="utf-8")
    p = vhost("run", "--persona", str(bad), "--source", "replay:personas/samples/tech_chat.jsonl", "--out", str(tmp_path / "o"))
    assert_one_line_error(p, f"{bad}:")
    assert p.stderr.count(":") >= 3


def test_unprepared_model_says_how_to_prepare(tmp_path):
    p = vhost(
        "run", "--persona", "personas/tech_reviewer.yaml", "--source", "replay:personas/samples/tech_chat.jsonl",
        "--out", str(tmp_path / "o"), "--model", "qwen2.5-coder-1.5b", env={"VHOST_MODEL_CACHE": str(tmp_path / "cache")},
    )
    assert_one_line_error(p, "not prepared", "vhost models prepare qwen2.5-coder-1.5b")


def test_corrupt_model_folder(tmp_path):
    folder = tmp_path / "m"
    folder.mkdir()
    (folder / "config.json").write_text("{not json")
    (folder / "model.safetensors").write_bytes(b"\0" * 64)
    (folder / "tokenizer.json").write_text("{}")
    p = vhost("run", "--persona", "personas/tech_reviewer.yaml", "--source", "replay:personas/samples/tech_chat.jsonl",
              "--out", str(tmp_path / "o"), "--model", str(folder))
    assert_one_line_error(p, str(folder), "models prepare")


def _path_without(tool: str, tmp_path: Path) -> str:
    """A PATH holding every tool of the current one except `tool`."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for name in ("espeak-ng", "ffmpeg", "ffprobe"):
        if name != tool and (src := shutil.which(name)):
            (bin_dir / name).symlink_to(src)
    return str(bin_dir)


def test_espeak_missing_is_one_line_with_the_fix(tmp_path):
    # a chain of espeak-ng alone (the shipped personas speak through the neural voice first)
    persona = tmp_path / "espeak_only.yaml"
    persona.write_text(f"id: espeak_only\nextends: [{ROOT / 'personas' / 'tech_reviewer.yaml'}]\nvoice: {{order: [espeak]}}\n", encoding="utf-8")
    p = vhost("run", "--persona", str(persona), "--source", "replay:personas/samples/tech_chat.jsonl",
              "--out", str(tmp_path / "o"), env={"PATH": _path_without("espeak-ng", tmp_path)})
    assert_one_line_error(p, "espeak-ng", "apt-get install espeak-ng")


def test_ffmpeg_missing_is_one_line_with_the_fix(tmp_path):
    p = vhost("run", "--persona", "personas/tech_reviewer.yaml", "--source", "replay:personas/samples/tech_chat.jsonl",
              "--out", str(tmp_path / "o"), "--sink", f"file:{tmp_path}/x.flv", env={"PATH": _path_without("ffmpeg", tmp_path)})
    assert_one_line_error(p, "ffmpeg")
