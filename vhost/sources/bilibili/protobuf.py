"""A minimal protobuf wire reader for the ``*_V2`` commands: enough to pull numbered
fields out of a message without generated classes or the protobuf runtime."""

from __future__ import annotations

import struct

MAX_FIELDS = 4096  # one message never has more; a bound against crafted input


class ProtobufError(ValueError):
    pass


Fields = dict[int, list[int | bytes]]


def _varint(data: bytes, pos: int) -> tuple[int, int]:
    result = 0
    shift = 0
    while True:
        if pos >= len(data):
            raise ProtobufError("truncated varint")
        b = data[pos]
        pos += 1
        result |= (b & 0x7F) << shift
        if not b & 0x80:
            return result, pos
        shift += 7
        if shift >= 70:
            raise ProtobufError("varint too long")


def decode(data: bytes) -> Fields:
    """Field number -> values in wire order (varints and fixed as int, length-delimited as bytes)."""
    fields: Fields = {}
    pos = 0
    n = 0
    while pos < len(data):
        key, pos = _varint(data, pos)
        num, wire = key >> 3, key & 7
        if num == 0:
            raise ProtobufError("field number 0")
        value: int | bytes
        if wire == 0:
            value, pos = _varint(data, pos)
        elif wire == 1:
            if pos + 8 > len(data):
                raise ProtobufError("truncated fixed64")
            value = struct.unpack_from("<Q", data, pos)[0]
            pos += 8
        elif wire == 2:
            size, pos = _varint(data, pos)
            if pos + size > len(data):
                raise ProtobufError("truncated length-delimited field")
            value = data[pos : pos + size]
            pos += size
        elif wire == 5:
            if pos + 4 > len(data):
                raise ProtobufError("truncated fixed32")
            value = struct.unpack_from("<I", data, pos)[0]
            pos += 4
        else:
            raise ProtobufError(f"unsupported wire type {wire}")
        fields.setdefault(num, []).append(value)
        n += 1
        if n > MAX_FIELDS:
            raise ProtobufError("too many fields")
    return fields


class Message:
    """Typed accessors over decoded fields; a missing field reads as the proto3 default."""

    __slots__ = ("fields",)

    def __init__(self, data: bytes) -> None:
        self.fields = decode(data)

    def num(self, num: int) -> int:
        v = self.fields.get(num)
        if not v or not isinstance(v[-1], int):
            return 0
        x = v[-1]
        return x - (1 << 64) if x >= 1 << 63 else x  # int64 negatives arrive as 10-byte varints

    def text(self, num: int) -> str:
        v = self.fields.get(num)
        if not v or not isinstance(v[-1], bytes):
            return ""
        return v[-1].decode("utf-8", "replace")

    def sub(self, num: int) -> Message:
        v = self.fields.get(num)
        return Message(v[-1] if v and isinstance(v[-1], bytes) else b"")

    def subs(self, num: int) -> list[Message]:
        return [Message(v) for v in self.fields.get(num, []) if isinstance(v, bytes)]


# --- writer, for fakes and tests (the client never encodes protobuf) ---------------


def _enc_varint(x: int) -> bytes:
    if x < 0:
        x += 1 << 64
    out = bytearray()
    while True:
        b = x & 0x7F
        x >>= 7
        if x:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def encode(fields: list[tuple[int, int | str | bytes]]) -> bytes:
    """Encode (number, value) pairs: int as varint, str/bytes as length-delimited."""
    out = bytearray()
    for num, value in fields:
        if isinstance(value, int):
            out += _enc_varint(num << 3) + _enc_varint(value)
        else:
            raw = value.encode() if isinstance(value, str) else value
            out += _enc_varint(num << 3 | 2) + _enc_varint(len(raw)) + raw
    return bytes(out)
