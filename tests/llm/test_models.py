"""Model preparation: chunk packages found through metadata (never imported), joined,
verified; a mismatch is a clear error and leaves no file behind."""

import hashlib
import sys
from pathlib import Path

import pytest

from vhost.errors import VhostError
from vhost.llm import models


def fake_chunk_dists(root: Path, parts: list[bytes]) -> list[str]:
    """Real dist-info folders on sys.path, each listing one data file in its RECORD."""
    names = []
    for i, data in enumerate(parts, 1):
        pkg = f"vhostfake_part{i}"
        (root / pkg / "data").mkdir(parents=True)
        (root / pkg / "data" / f"part{i:02d}.bin").write_bytes(data)
        di = root / f"vhostfake_part{i}-0.1.dist-info"
        di.mkdir()
        (di / "METADATA").write_text(f"Metadata-Version: 2.1\nName: vhostfake-part{i}\nVersion: 0.1\n")
        (di / "RECORD").write_text(f"{pkg}/data/part{i:02d}.bin,,\n{di.name}/METADATA,,\n")
        names.append(f"vhostfake-part{i}")
    return names


@pytest.fixture
def fake_parts(tmp_path, monkeypatch):
    parts = [b"GGUF" + b"a" * 1000, b"b" * 777, b"c" * 3]
    site = tmp_path / "site"
    site.mkdir()
    names = fake_chunk_dists(site, parts)
    monkeypatch.syspath_prepend(str(site))
    sys.modules.pop("vhostfake_part1", None)
    return names, b"".join(parts)


def manifest(names, data: bytes, sha: str | None = None) -> models.Manifest:
    return models.Manifest(
        name="fake",
        title="fake",
        source=models.Source(kind="pypi-chunks", packages=names, size=len(data), sha256=sha or hashlib.sha256(data).hexdigest()),
    )


def test_parts_are_located_in_order_and_joined(fake_parts, tmp_path):
    names, data = fake_parts
    m = manifest(names, data)
    found = models.locate_parts(m)
    assert [p.name for p in found] == ["part01.bin", "part02.bin", "part03.bin"]
    assert "vhostfake_part1" not in sys.modules  # located, never imported
    out = models.join_and_verify(m, tmp_path / "cache" / "fake.gguf")
    assert out.read_bytes() == data


def test_sha_mismatch_is_a_clear_error_and_no_file_is_left(fake_parts, tmp_path):
    names, data = fake_parts
    m = manifest(names, data, sha="0" * 64)
    dest = tmp_path / "cache" / "fake.gguf"
    with pytest.raises(VhostError) as e:
        models.join_and_verify(m, dest)
    assert "expected" in str(e.value) and "not used" in str(e.value) and "--force-reinstall" in str(e.value)
    assert not dest.exists() and not dest.with_suffix(".partial").exists()


def test_missing_package_names_the_install_command():
    m = models.Manifest(name="x", title="x", source=models.Source(kind="pypi-chunks", packages=["no-such-pkg-vhost"], version="1.0"))
    with pytest.raises(VhostError) as e:
        models.locate_parts(m)
    assert "pip install no-such-pkg-vhost==1.0" in str(e.value)


def test_shipped_manifests_cover_the_required_models():
    known = models.manifests()
    assert {"qwen2.5-coder-0.5b", "qwen2.5-coder-1.5b", "smollm2-135m", "local-folder"} <= set(known)
    assert models.default_name() == "qwen2.5-coder-1.5b"  # through llama.cpp on a CPU
    assert known["qwen2.5-coder-1.5b"][0].source.sha256 == "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"
    assert known["qwen2.5-coder-0.5b"][0].source.sha256 == "1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32"


def test_corrupt_folder_is_refused_with_a_fix(tmp_path):
    (tmp_path / "config.json").write_text("{}")
    with pytest.raises(VhostError) as e:
        models.check_folder(tmp_path)
    assert "no weights" in str(e.value)
    with pytest.raises(VhostError) as e:
        models.resolve(str(tmp_path / "missing"))
    assert "config.json" in str(e.value)


def test_unprepared_model_says_how_to_prepare(monkeypatch, tmp_path):
    monkeypatch.setenv("VHOST_MODEL_CACHE", str(tmp_path))
    for engine in models.ENGINES:
        with pytest.raises(VhostError) as e:
            models.resolve("qwen2.5-coder-1.5b", engine=engine)
        assert "vhost models prepare qwen2.5-coder-1.5b" in str(e.value)


def test_prepared_gguf_is_kept_verified_once_and_rechecked_when_changed(fake_parts, tmp_path, monkeypatch):
    names, data = fake_parts
    m = manifest(names, data)
    monkeypatch.setenv("VHOST_MODEL_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(models, "get_manifest", lambda name: m)
    gguf = models.prepare("fake", engine="llamacpp")
    assert gguf == tmp_path / "cache" / "fake.gguf" and gguf.read_bytes() == data
    assert models.is_prepared("fake", "llamacpp")
    hashed = []
    real_hash = models._hash_file
    monkeypatch.setattr(models, "_hash_file", lambda p: hashed.append(p) or real_hash(p))
    assert models.verify_gguf(m) == gguf and hashed == []  # the stamp spares a full hash
    raw = bytearray(gguf.read_bytes())
    raw[10] ^= 0xFF  # same size, one byte changed (and a new mtime)
    gguf.write_bytes(bytes(raw))
    with pytest.raises(VhostError) as e:
        models.verify_gguf(m)
    assert str(gguf) in str(e.value) and "was not used" in str(e.value) and "vhost models prepare fake" in str(e.value)
    assert hashed  # the change was noticed by hashing again
    assert models.prepare("fake", engine="llamacpp").read_bytes() == data  # prepare re-joins a damaged file
