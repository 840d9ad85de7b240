"""A minimal OSC 1.0 decoder written from the spec, so tests do not trust the encoder's library."""

from __future__ import annotations

import struct


def _string(data: bytes, i: int) -> tuple[str, int]:
    end = data.index(b"\0", i)
    s = data[i:end].decode("utf-8")
    n = end - i + 1
    assert all(b == 0 for b in data[end : i + ((n + 3) // 4) * 4]), "string padding must be NULs"
    return s, i + ((n + 3) // 4) * 4


def message(data: bytes) -> tuple[str, str, list[object]]:
    """(address, type tags, args) of one OSC message; checks 4-byte alignment."""
    assert len(data) % 4 == 0, "OSC packets are 4-byte aligned"
    addr, i = _string(data, 0)
    tags, i = _string(data, i)
    assert tags.startswith(","), "type tags start with ','"
    args: list[object] = []
    for t in tags[1:]:
        if t == "s":
            s, i = _string(data, i)
            args.append(s)
        elif t == "f":
            args.append(struct.unpack(">f", data[i : i + 4])[0])
            i += 4
        elif t == "i":
            args.append(struct.unpack(">i", data[i : i + 4])[0])
            i += 4
        else:
            raise AssertionError(f"unexpected type tag {t!r}")
    assert i == len(data), "no trailing bytes"
    return addr, tags, args


def packet(data: bytes) -> list[tuple[str, str, list[object]]]:
    """A datagram -> its messages in order (a bundle is flattened; its timetag must be 'immediately')."""
    if not data.startswith(b"#bundle\0"):
        return [message(data)]
    assert data[8:16] == (1).to_bytes(8, "big"), "timetag 'immediately'"
    out: list[tuple[str, str, list[object]]] = []
    i = 16
    while i < len(data):
        (size,) = struct.unpack(">i", data[i : i + 4])
        out += packet(data[i + 4 : i + 4 + size])
        i += 4 + size
    assert i == len(data)
    return out
