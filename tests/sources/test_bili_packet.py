import zlib

import brotli

from tests.fakes.bilibili_server import (
    HDR,
    auth_reply,
    brotli_pack,
    command,
    heartbeat_reply,
    packet,
    zlib_pack,
)
from tests.sources import bili_samples as s
from vhost.sources.bilibili import decode_frame, parse_frame
from vhost.sources.bilibili.packet import MAX_INFLATED, PacketError, encode, heartbeat, inflate, iter_packets
from vhost.sources.bilibili.state import ParseState


def test_heartbeat_bytes_match_reference():
    assert heartbeat() == bytes.fromhex("00000012 0010 0001 00000002 00000001 7b7d".replace(" ", ""))


def test_client_header_is_big_endian_ver1_seq1():
    body = b'{"uid":0}'
    pkt = encode(7, body)
    assert HDR.unpack_from(pkt) == (16 + len(body), 16, 1, 7, 1)
    assert pkt[16:] == body


def test_auth_reply_packet_matches_reference():
    # the reference reply, byte for byte (the real server sends seq 1 here)
    ref = bytes.fromhex("0000001a001000010000000800000001") + b'{"code":0}'
    assert auth_reply(0)[:12] == ref[:12]
    assert decode_frame(ref).auth_code == 0
    assert decode_frame(auth_reply(-101)).auth_code == -101


def test_several_packets_in_one_frame_keep_order():
    frame = command(s.danmu("一")) + command(s.danmu("二")) + command(s.danmu("三"))
    assert [e.text for e in parse_frame(frame)] == ["一", "二", "三"]


def test_brotli_and_zlib_bodies_hold_several_packets_in_order():
    frame = (
        command(s.danmu("a"))
        + brotli_pack(command(s.danmu("b")), command(s.danmu("c")))
        + zlib_pack(command(s.danmu("d")), command(s.danmu("e")))
        + command(s.danmu("f"))
    )
    assert [e.text for e in parse_frame(frame)] == list("abcdef")


def test_nested_compression_is_unpacked_recursively():
    inner = zlib_pack(command(s.danmu("深")), command(s.danmu("层")))
    frame = brotli_pack(command(s.danmu("外")), inner)
    assert [e.text for e in parse_frame(frame)] == ["外", "深", "层"]


def test_op3_reads_four_bytes_and_ignores_echo():
    f = decode_frame(heartbeat_reply(0x9A2, b"{}"))
    assert f.popularity == 0x9A2
    assert f.events == []
    st = ParseState()
    decode_frame(bytes.fromhex("00000014001000010000000300000000000009a2") + b"[object Object]", st)
    assert st.skips.total == 0


def test_cmd_suffix_is_stripped():
    ev = parse_frame(command(s.danmu("后缀", cmd="DANMU_MSG:4:0:2:2:2:0")))
    assert [e.text for e in ev] == ["后缀"]


def test_unknown_cmd_malformed_json_truncated_header_are_skipped():
    st = ParseState()
    frame = (
        command({"cmd": "ENTRY_EFFECT", "data": {}})
        + packet(5, b'{"cmd": "DANMU_MSG", "info": [')
        + command(s.danmu("活着"))
        + command({"cmd": "DANMU_MSG", "info": []})
        + b"\x00\x00\x00\x30\x00\x10"
    )
    f = decode_frame(frame, st)
    assert [e.text for e in f.events] == ["活着"]
    reasons = set(st.skips.counts)
    assert "unknown cmd ENTRY_EFFECT" in reasons
    assert "malformed JSON" in reasons
    assert "malformed DANMU_MSG" in reasons
    assert any(r.startswith("truncated header") for r in reasons)


def test_skip_is_logged_once_and_counted(caplog):
    st = ParseState()
    caplog.set_level("INFO", logger="vhost.sources.bilibili")
    for _ in range(50):
        decode_frame(command({"cmd": "NOPE"}), st)
    assert st.skips.counts["unknown cmd NOPE"] == 50
    assert sum("NOPE" in r.getMessage() for r in caplog.records) == 1


def test_truncated_packet_body_is_skipped_not_raised():
    full = command(s.danmu("完整"))
    st = ParseState()
    assert decode_frame(full + full[:-5], st).events[0].text == "完整"
    assert any(r.startswith("truncated packet") for r in st.skips.counts)


def test_brotli_bomb_is_refused_without_inflating():
    bomb = brotli.compress(b"\0" * (64 * 1024 * 1024), quality=5)
    assert len(bomb) < 100_000
    try:
        inflate(3, bomb)
    except PacketError as e:
        assert "expands past" in str(e)
    else:
        raise AssertionError("bomb accepted")
    st = ParseState()
    frame = packet(5, bomb, ver=3) + command(s.danmu("之后"))
    assert [e.text for e in decode_frame(frame, st).events] == ["之后"]


def test_zlib_bomb_is_refused():
    bomb = zlib.compress(b"\0" * (MAX_INFLATED * 4), 9)
    st = ParseState()
    assert decode_frame(packet(5, bomb, ver=2), st).events == []
    assert any("expands past" in r for r in st.skips.counts)


def test_corrupt_compressed_body_is_skipped():
    st = ParseState()
    frame = packet(5, b"not brotli at all", ver=3) + packet(5, b"nor zlib", ver=2) + command(s.danmu("ok"))
    assert [e.text for e in decode_frame(frame, st).events] == ["ok"]


def test_nesting_depth_is_bounded():
    frame = command(s.danmu("x"))
    for _ in range(6):
        frame = brotli_pack(frame)
    st = ParseState()
    assert decode_frame(frame, st).events == []
    assert "compressed bodies nested too deep" in st.skips.counts


def test_iter_packets_on_empty_and_zero_length():
    assert list(iter_packets(b"")) == []
    errors: list[str] = []
    assert list(iter_packets(HDR.pack(0, 16, 0, 5, 0), errors=errors)) == []
    assert errors


def test_frame_wide_inflate_budget():
    # each body stays under the per-body limit, but together they pass the frame budget
    big = brotli.compress(command({"cmd": "X", "pad": "a" * (3 * 1024 * 1024)}), quality=5)
    frame = packet(5, big, ver=3) * 8 + command(s.danmu("last"))
    st = ParseState()
    assert [e.text for e in decode_frame(frame, st).events] == ["last"]
    assert st.skips.counts["unknown cmd X"] == 5
    assert any("expands past" in r or "inflates past" in r for r in st.skips.counts)
