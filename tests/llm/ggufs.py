"""Small GGUF files written with the gguf package, for the header check (no model needed)."""

from __future__ import annotations

from pathlib import Path

import numpy as np


def write_gguf(path: Path, tensors: int = 3, arch: str = "qwen2") -> Path:
    from gguf import GGUFWriter

    w = GGUFWriter(str(path), arch)
    w.add_name("tiny test model")
    w.add_chat_template("{{ messages }}")
    w.add_array("tokenizer.ggml.tokens", ["a", "bb", "ccc"])
    for i in range(tensors):
        w.add_tensor(f"t{i}", np.arange(64 * (i + 1), dtype=np.float32))
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()
    return path
