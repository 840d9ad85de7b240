"""The Bilibili danmaku packet layer: 16-byte big-endian header, optionally compressed
bodies that hold more packets. Shared by the web and open-platform endpoints."""

from __future__ import annotations

import json
import struct
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import brotli

HEADER = struct.Struct(">I2H2I")
HEADER_LEN = 16

VER_PLAIN = 0
VER_CTRL = 1
VER_ZLIB = 2
VER_BROTLI = 3

OP_HEARTBEAT = 2
OP_HEARTBEAT_REPLY = 3
OP_COMMAND = 5
OP_AUTH = 7
OP_AUTH_REPLY = 8

MAX_INFLATED = 4 * 1024 * 1024  # one compressed body may expand to at most this
MAX_DEPTH = 3  # compressed bodies nest at most this deep
MAX_FRAME = 8 * 1024 * 1024  # one WebSocket frame, the transport's receive bound
MAX_FRAME_INFLATED = 16 * 1024 * 1024  # all compressed bodies of one frame together


class PacketError(ValueError):
    """A frame or body that cannot be read; the rest of the frame is skipped."""


@dataclass(frozen=True, slots=True)
class Packet:
    ver: int
    op: int
    body: bytes


def encode(op: int, body: bytes | str | dict[str, Any] = b"", ver: int = VER_CTRL, seq: int = 1) -> bytes:
    """One client packet: ver 1, seq 1, pack_len = 16 + len(body), as the reference client sends."""
    if isinstance(body, dict):
        body = json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode()
    elif isinstance(body, str):
        body = body.encode()
    return HEADER.pack(HEADER_LEN + len(body), HEADER_LEN, ver, op, seq) + body


def heartbeat() -> bytes:
    return encode(OP_HEARTBEAT, b"{}")


def inflate(ver: int, body: bytes, limit: int = MAX_INFLATED) -> bytes:
    """Decompress incrementally and stop at ``limit``: a small bomb never allocates its payload."""
    try:
        if ver == VER_ZLIB:
            d = zlib.decompressobj()
            out = d.decompress(body, limit + 1)
            if len(out) > limit or d.unconsumed_tail:
                raise PacketError(f"zlib body expands past {limit} bytes")
            if not d.eof:
                raise PacketError("zlib body truncated")
            return out
        if ver == VER_BROTLI:
            b = brotli.Decompressor()
            out = b.process(body, output_buffer_limit=limit + 1)
            if len(out) > limit or (not b.is_finished() and not b.can_accept_more_data()):
                raise PacketError(f"brotli body expands past {limit} bytes")
            if not b.is_finished():
                raise PacketError("brotli body truncated")
            return out
    except (zlib.error, brotli.error) as e:
        raise PacketError(f"bad compressed body (ver {ver}): {e}") from None
    raise PacketError(f"unknown compression ver {ver}")


def iter_packets(
    data: bytes, depth: int = 0, errors: list[str] | None = None, budget: list[int] | None = None
) -> Iterator[Packet]:
    """Yield the plain packets of one frame in wire order, unpacking ver 2/3 bodies in place.

    A truncated or malformed header ends this level (the rest cannot be framed); a bad
    compressed body is skipped and the loop goes on. Reasons are appended to ``errors``.
    ``budget`` (one mutable int) caps the bytes all bodies of the frame may inflate to.
    """
    if budget is None:
        budget = [MAX_FRAME_INFLATED]
    offset = 0
    end = len(data)
    while offset < end:
        if end - offset < HEADER_LEN:
            _note(errors, f"truncated header ({end - offset} bytes)")
            return
        pack_len, header_len, ver, op, _seq = HEADER.unpack_from(data, offset)
        if header_len < HEADER_LEN or pack_len < header_len:
            _note(errors, f"bad header (pack_len {pack_len}, header_len {header_len})")
            return
        if op == OP_HEARTBEAT_REPLY:
            # 4-byte popularity, then an echo of our heartbeat body that pack_len does not
            # count: take the 4 bytes and end the frame there, the echo is not a packet.
            yield Packet(ver, op, data[offset + header_len : offset + header_len + 4])
            return
        if offset + pack_len > end:
            _note(errors, f"truncated packet (needs {pack_len}, has {end - offset})")
            return
        body = data[offset + header_len : offset + pack_len]
        offset += pack_len
        if ver in (VER_ZLIB, VER_BROTLI) and op == OP_COMMAND:
            if depth >= MAX_DEPTH:
                _note(errors, "compressed bodies nested too deep")
                continue
            if budget[0] <= 0:
                _note(errors, f"frame inflates past {MAX_FRAME_INFLATED} bytes")
                continue
            try:
                inner = inflate(ver, body, min(MAX_INFLATED, budget[0]))
            except PacketError as e:
                _note(errors, str(e))
                continue
            budget[0] -= len(inner)
            yield from iter_packets(inner, depth + 1, errors, budget)
        else:
            yield Packet(ver, op, body)


def _note(errors: list[str] | None, reason: str) -> None:
    if errors is not None and len(errors) < 64:
        errors.append(reason)
