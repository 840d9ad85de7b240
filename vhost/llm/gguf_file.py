"""A fast structural check of a GGUF file before llama.cpp is asked to load it.

llama.cpp answers a truncated or foreign file with one generic "failed to init" error, and a
file cut short at a tensor boundary could even load with missing weights. Reading the header
(magic, version, metadata, tensor table) and checking that every tensor's bytes lie inside
the file catches both in a few milliseconds, with a message that names the file and the fix.
The sha256 of shipped models is checked separately (models.verify_gguf).
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from vhost.errors import VhostError

MAGIC = b"GGUF"
# value types of the metadata section: fixed sizes; 8 = string, 9 = array
_FIXED = {0: 1, 1: 1, 2: 2, 3: 2, 4: 4, 5: 4, 6: 4, 7: 1, 10: 8, 11: 8, 12: 8}
_STRING, _ARRAY = 8, 9
# ggml tensor types: (elements per block, bytes per block); unknown types only skip the bound check
_BLOCKS = {
    0: (1, 4), 1: (1, 2), 2: (32, 18), 3: (32, 20), 6: (32, 22), 7: (32, 24), 8: (32, 34), 9: (32, 40),
    10: (256, 84), 11: (256, 110), 12: (256, 144), 13: (256, 176), 14: (256, 210), 15: (256, 292),
    16: (256, 66), 17: (256, 74), 18: (256, 98), 19: (256, 50), 20: (32, 18), 21: (256, 110), 22: (256, 82),
    23: (256, 136), 24: (1, 1), 25: (1, 2), 26: (1, 4), 27: (1, 8), 28: (1, 8), 29: (256, 56), 30: (1, 2),
}  # fmt: skip
_MAX_COUNT = 1 << 24  # no real model has more tensors or metadata keys than this


@dataclass(frozen=True)
class GgufInfo:
    path: Path
    version: int
    architecture: str
    name: str
    tensors: int
    data_end: int  # where the last tensor's bytes end
    size: int  # the file's size
    chat_template: bool


class _Reader:
    def __init__(self, f: BinaryIO, size: int) -> None:
        self.f, self.size = f, size

    def take(self, n: int) -> bytes:
        b = self.f.read(n)
        if len(b) != n:
            raise EOFError
        return b

    def u32(self) -> int:
        return int(struct.unpack("<I", self.take(4))[0])

    def u64(self) -> int:
        return int(struct.unpack("<Q", self.take(8))[0])

    def string(self) -> bytes:
        n = self.u64()
        if n > self.size:
            raise EOFError
        return self.take(n)

    def skip_value(self, vtype: int) -> bytes | None:
        """Read past one metadata value; strings are returned (the few keys we keep)."""
        if vtype in _FIXED:
            self.take(_FIXED[vtype])
            return None
        if vtype == _STRING:
            return self.string()
        if vtype == _ARRAY:
            inner, n = self.u32(), self.u64()
            if inner in _FIXED:
                if n * _FIXED[inner] > self.size:
                    raise EOFError
                self.f.seek(n * _FIXED[inner], 1)
            elif inner == _STRING:
                for _ in range(n):
                    self.f.seek(self.u64(), 1)
            else:
                raise ValueError(f"unknown array type {inner}")
            return None
        raise ValueError(f"unknown value type {vtype}")


def check_gguf(path: Path) -> GgufInfo:
    """Header and bounds of a GGUF file, or a VhostError naming the file and the fix."""
    fix = "re-create it with `vhost models prepare NAME`, or copy the complete .gguf file again"
    try:
        size = path.stat().st_size
    except OSError as e:
        raise VhostError(f"{path}: cannot read the model file ({e.strerror or e})", fix="check the path") from None
    try:
        with path.open("rb") as f:
            r = _Reader(f, size)
            if r.take(4) != MAGIC:
                raise VhostError(f"{path}: not a GGUF file (bad magic)", fix="pass a .gguf model file or a Hugging Face folder")
            version = r.u32()
            if version not in (2, 3):
                raise VhostError(f"{path}: GGUF version {version} is not supported", fix="convert the model with a current llama.cpp")
            n_tensors, n_kv = r.u64(), r.u64()
            if n_tensors > _MAX_COUNT or n_kv > _MAX_COUNT:
                raise ValueError("implausible header counts")
            keep: dict[str, bytes] = {}
            alignment = 32
            for _ in range(n_kv):
                key = r.string().decode("utf-8", "replace")
                vtype = r.u32()
                if key == "general.alignment" and vtype == 4:
                    alignment = r.u32() or 32
                    continue
                val = r.skip_value(vtype)
                if val is not None and key in ("general.architecture", "general.name", "tokenizer.chat_template"):
                    keep[key] = val
            infos: list[tuple[int, int]] = []  # (offset, bytes)
            for _ in range(n_tensors):
                r.string()
                dims = [r.u64() for _ in range(r.u32())]
                ttype, offset = r.u32(), r.u64()
                elems = 1
                for d in dims:
                    elems *= d
                blk = _BLOCKS.get(ttype)
                infos.append((offset, elems // blk[0] * blk[1] if blk else 0))
            data_start = -(-f.tell() // alignment) * alignment
    except EOFError:
        raise VhostError(f"{path}: the file is truncated ({size:,} bytes end inside its header)", fix=fix) from None
    except (ValueError, UnicodeError, struct.error) as e:
        raise VhostError(f"{path}: corrupt GGUF header ({e})", fix=fix) from None
    data_end = max((data_start + o + n for o, n in infos), default=data_start)
    if data_end > size:
        raise VhostError(
            f"{path}: the file is truncated: its tensors need {data_end:,} bytes, the file has {size:,}", fix=fix
        )
    if not infos:
        raise VhostError(f"{path}: the GGUF file holds no tensors", fix=fix)
    return GgufInfo(
        path=path,
        version=version,
        architecture=keep.get("general.architecture", b"").decode("utf-8", "replace"),
        name=keep.get("general.name", b"").decode("utf-8", "replace"),
        tensors=len(infos),
        data_end=data_end,
        size=size,
        chat_template="tokenizer.chat_template" in keep,
    )
