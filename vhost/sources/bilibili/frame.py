"""One WebSocket frame -> events plus the control signals the connection needs."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from vhost.events import ChatEvent
from vhost.sources.bilibili.commands import WEB_COMMANDS, Handler
from vhost.sources.bilibili.packet import OP_AUTH_REPLY, OP_COMMAND, OP_HEARTBEAT_REPLY, iter_packets
from vhost.sources.bilibili.protobuf import ProtobufError
from vhost.sources.bilibili.state import ParseState, SkipLog

_loads = json.loads


@dataclass(frozen=True, slots=True)
class Frame:
    events: list[ChatEvent] = field(default_factory=list)
    auth_code: int | None = None  # op 8: 0 ok, -101 token expired
    popularity: int | None = None  # op 3


_SHARED_SKIPS = SkipLog()  # stateless callers still log each reason once per process


def decode_frame(data: bytes, state: ParseState | None = None, commands: dict[str, Handler] = WEB_COMMANDS) -> Frame:
    """Never raises on bad input: whatever cannot be read is noted in ``state.skips``.

    Without a ``state`` nothing carries over between calls (no cross-frame dedup).
    """
    st = state or ParseState(_SHARED_SKIPS)
    errors: list[str] = []
    events: list[ChatEvent] = []
    auth_code: int | None = None
    popularity: int | None = None
    for pkt in iter_packets(data, errors=errors):
        if pkt.op == OP_COMMAND:
            try:
                payload = _loads(pkt.body)
                cmd = str(payload["cmd"])
            except (ValueError, KeyError, TypeError):
                st.skips.note("malformed JSON", pkt.body[:60].decode("utf-8", "replace"))
                continue
            cmd = cmd.partition(":")[0]
            handler = commands.get(cmd)
            if handler is None:
                st.skips.note(f"unknown cmd {cmd[:40]}")
                continue
            try:
                events.extend(handler(payload, st))
            except (KeyError, IndexError, TypeError, ValueError, AttributeError, ProtobufError) as e:
                st.skips.note(f"malformed {cmd}", repr(e)[:80])
        elif pkt.op == OP_HEARTBEAT_REPLY:
            popularity = int.from_bytes(pkt.body, "big") if len(pkt.body) == 4 else 0
        elif pkt.op == OP_AUTH_REPLY:
            try:
                reply = _loads(pkt.body) if pkt.body else {}
                auth_code = int(reply.get("code", 0)) if isinstance(reply, dict) else -1
            except (ValueError, TypeError):
                auth_code = -1
        else:
            st.skips.note(f"op {pkt.op}")
    for reason in errors:
        st.skips.note(reason)
    return Frame(events, auth_code, popularity)


def parse_frame(data: bytes) -> list[ChatEvent]:
    """The events of one raw Bilibili frame (web commands), in wire order."""
    return decode_frame(data).events
