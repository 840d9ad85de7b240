"""Property tests: no input makes a parser raise or hang."""

import json
import struct
import zlib

import brotli
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.fakes.bilibili_server import command
from tests.sources import bili_samples as s
from vhost.sources.bilibili import decode_frame
from vhost.sources.bilibili.frame import Frame
from vhost.sources.bilibili.open_commands import OPEN_COMMANDS
from vhost.sources.bilibili.protobuf import ProtobufError, decode
from vhost.sources.bilibili.state import ParseState
from vhost.sources.irc import LineBuffer, parse_line
from vhost.sources.push import PushError, parse_push_event
from vhost.sources.twitch import to_event

FAST = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
HDR = struct.Struct(">I2H2I")


@st.composite
def packets(draw, depth=0):
    """Mostly well-framed packets with hostile bodies, lengths and versions."""
    ver = draw(st.sampled_from([0, 1, 2, 3, 7]))
    op = draw(st.sampled_from([2, 3, 5, 8, 9]))
    kind = draw(st.integers(0, 4))
    if kind == 0:
        body = draw(st.binary(max_size=64))
    elif kind == 1:
        body = json.dumps(draw(st.recursive(
            st.none() | st.booleans() | st.integers() | st.text(max_size=8),
            lambda c: st.lists(c, max_size=5) | st.dictionaries(st.sampled_from(["cmd", "info", "data", "pb", "uid"]), c, max_size=4),
            max_leaves=20,
        ))).encode()  # fmt: skip
    elif kind == 2:
        cmd = draw(st.sampled_from(["DANMU_MSG", "SEND_GIFT", "SEND_GIFT_V2", "SUPER_CHAT_MESSAGE", "GUARD_BUY",
                                    "USER_TOAST_MSG_V2", "INTERACT_WORD_V2", "LIKE_INFO_V3_UPDATE", "LIVE_OPEN_PLATFORM_DM"]))  # fmt: skip
        body = json.dumps({"cmd": cmd, "info": draw(st.lists(st.integers() | st.text(max_size=4), max_size=8)),
                           "data": {"pb": draw(st.text(max_size=16))}}).encode()  # fmt: skip
    elif kind == 3 and depth < 2:
        inner = b"".join(draw(st.lists(packets(depth + 1), max_size=3)))
        ver = draw(st.sampled_from([2, 3]))
        op = 5
        body = zlib.compress(inner) if ver == 2 else brotli.compress(inner)
    else:
        body = draw(st.binary(max_size=8))
    plen = 16 + len(body)
    if draw(st.booleans()):
        plen = draw(st.integers(0, 2**32 - 1))
    return HDR.pack(plen, draw(st.sampled_from([16, 16, 16, 0, 20])), ver, op, 1) + body


@FAST
@given(st.lists(packets(), max_size=6), st.binary(max_size=20))
def test_packet_parser_never_raises(pkts, tail):
    st_ = ParseState()
    for commands in (None, OPEN_COMMANDS):
        frame = decode_frame(b"".join(pkts) + tail, st_, commands) if commands else decode_frame(b"".join(pkts) + tail, st_)
        assert isinstance(frame, Frame)


@FAST
@given(st.binary(max_size=300))
def test_random_bytes_never_raise(data):
    assert isinstance(decode_frame(data, ParseState()), Frame)


@FAST
@given(st.data())
def test_truncated_valid_frames_never_raise(data):
    frame = command(s.danmu()) + command(s.gift()) + command(s.gift_v2())
    cut = data.draw(st.integers(0, len(frame)))
    f = decode_frame(frame[:cut], ParseState())
    assert len(f.events) <= 4


@FAST
@given(st.binary(max_size=200))
def test_protobuf_reader_raises_only_its_error(data):
    try:
        fields = decode(data)
    except ProtobufError:
        return
    assert all(isinstance(k, int) and k > 0 for k in fields)
    assert sum(len(v) for v in fields.values()) <= len(data)


IRC_CHARS = st.text(alphabet=st.sampled_from(list("@;=: \\s!#abcPRIVMSGUSERNOTICEbits0123456789\r\n\x01")), max_size=120)


@FAST
@given(st.one_of(IRC_CHARS, st.text(max_size=200)))
def test_irc_parser_never_raises(line):
    m = parse_line(line)
    if m is not None:
        to_event(m, line)


@FAST
@given(st.lists(st.text(max_size=50), max_size=20))
def test_line_buffer_reassembles_any_split(chunks):
    text = "".join(chunks)
    b = LineBuffer()
    got = []
    for c in chunks:
        got += b.feed(c)
    got += b.feed("\r\n")
    expected = [ln.rstrip("\r") for ln in (text + "\r\n").split("\n")[:-1] if ln.strip("\r")]
    assert got == expected


@FAST
@given(st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=6),
    lambda c: st.lists(c, max_size=4) | st.dictionaries(st.sampled_from(["kind", "user", "id", "name", "text", "gift", "count", "value_cny"]), c, max_size=6),
    max_leaves=15,
))  # fmt: skip
def test_push_parser_raises_only_push_error(obj):
    try:
        parse_push_event(obj)
    except PushError as e:
        assert "\n" not in str(e)
