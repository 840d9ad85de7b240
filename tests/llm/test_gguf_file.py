"""The GGUF header check names a truncated, foreign or corrupt file before llama.cpp sees it."""

from __future__ import annotations

import struct

import pytest

from tests.llm.ggufs import write_gguf
from vhost.errors import VhostError
from vhost.llm.gguf_file import check_gguf


def test_a_complete_file_passes_and_its_tensors_end_at_the_file_end(tmp_path):
    info = check_gguf(write_gguf(tmp_path / "ok.gguf"))
    assert info.architecture == "qwen2" and info.name == "tiny test model" and info.chat_template
    assert info.tensors == 3
    assert info.data_end == info.size  # every byte of the file is accounted for


@pytest.mark.parametrize("keep", [0.999, 0.6, 0.2])
def test_truncated_files_are_named_with_the_fix(tmp_path, keep):
    src = write_gguf(tmp_path / "ok.gguf")
    data = src.read_bytes()
    cut = tmp_path / "cut.gguf"
    cut.write_bytes(data[: int(len(data) * keep)])
    with pytest.raises(VhostError) as e:
        check_gguf(cut)
    msg = str(e.value)
    assert str(cut) in msg and "truncated" in msg and "vhost models prepare" in msg


def test_foreign_and_corrupt_files(tmp_path):
    bad = tmp_path / "weights.gguf"
    bad.write_bytes(b"PK\x03\x04" + b"\0" * 100)
    with pytest.raises(VhostError, match="not a GGUF file"):
        check_gguf(bad)
    v9 = tmp_path / "v9.gguf"
    v9.write_bytes(b"GGUF" + struct.pack("<I", 9) + b"\0" * 16)
    with pytest.raises(VhostError, match="version 9"):
        check_gguf(v9)
    data = bytearray(write_gguf(tmp_path / "ok.gguf").read_bytes())
    data[24:32] = struct.pack("<Q", 1 << 40)  # the first metadata key claims a terabyte-long name
    broken = tmp_path / "broken.gguf"
    broken.write_bytes(bytes(data))
    with pytest.raises(VhostError) as e:
        check_gguf(broken)
    assert str(broken) in str(e.value)
    with pytest.raises(VhostError, match="cannot read"):
        check_gguf(tmp_path / "missing.gguf")
