"""Open-platform commands (``LIVE_OPEN_PLATFORM_*``, payload in ``data``) -> ChatEvent.

Users are identified by ``open_id`` (per-app stable, never masked). Gift value uses
``r_price`` (the real unit value; ``price`` is the list price of discounted gifts) and
only when ``paid``. Guards are ``price x guard_num`` gold when the unit is months.
"""

from __future__ import annotations

from typing import Any

from vhost.events import ChatEvent, EventKind, User
from vhost.sources.bilibili.commands import Handler, _i, _ts, system
from vhost.sources.bilibili.state import ParseState

P = "bilibili"
PREFIX = "LIVE_OPEN_PLATFORM_"
INTERACTION_END = "interaction_end"  # the system event text that tells the client to restart


def _user(d: dict[str, Any], info: dict[str, Any] | None = None) -> User:
    u = info if info is not None else d
    wearing = bool(d.get("fans_medal_wearing_status"))
    return User(
        id=str(u["open_id"]),
        name=str(u.get("uname", "")),
        medal=str(d.get("fans_medal_name") or "") or None if wearing else None,
        medal_level=_i(d.get("fans_medal_level")) if wearing else 0,
        guard_level=_i(d.get("guard_level")),
        moderator=_i(d.get("is_admin")) == 1,
    )


def dm(p: dict[str, Any], st: ParseState) -> list[ChatEvent]:
    d = p["data"]
    text = str(d.get("msg", ""))
    if _i(d.get("dm_type")) == 1 and not text:
        text = "[emoji]"
    return [ChatEvent(P, EventKind.DANMAKU, _user(d), text=text, timestamp=_ts(d.get("timestamp")), id=str(d.get("msg_id", "")), raw=p)]


def gift(p: dict[str, Any], st: ParseState) -> list[ChatEvent]:
    d = p["data"]
    num = _i(d.get("gift_num")) or 1
    paid = bool(d.get("paid"))
    unit = _i(d.get("r_price")) or _i(d.get("price"))
    total = unit * num
    return [
        ChatEvent(
            P, EventKind.GIFT, _user(d), value_cny=total / 1000.0 if paid else 0.0, currency="gold" if paid else "silver",
            amount=float(total), gift_name=str(d.get("gift_name", "")), gift_count=num,
            timestamp=_ts(d.get("timestamp")), id=str(d.get("msg_id", "")), raw=p,
        )
    ]  # fmt: skip


def guard(p: dict[str, Any], st: ParseState) -> list[ChatEvent]:
    d = p["data"]
    level = _i(d.get("guard_level"))
    num = _i(d.get("guard_num")) or 1
    unit = str(d.get("guard_unit", "月"))
    total = _i(d.get("price")) * (num if unit == "月" else 1)
    u = _user(d, d["user_info"])
    user = User(u.id, u.name, medal=u.medal, medal_level=u.medal_level, guard_level=level)
    return [
        ChatEvent(
            P, EventKind.GUARD, user, value_cny=total / 1000.0, currency="gold", amount=float(total),
            gift_name={1: "总督", 2: "提督", 3: "舰长"}.get(level, "guard"), gift_count=num,
            timestamp=_ts(d.get("timestamp")), id=str(d.get("msg_id", "")), raw=p,
        )
    ]  # fmt: skip


def super_chat(p: dict[str, Any], st: ParseState) -> list[ChatEvent]:
    d = p["data"]
    rmb = float(d.get("rmb") or 0)
    start, end = _i(d.get("start_time")), _i(d.get("end_time"))
    return [
        ChatEvent(
            P, EventKind.SUPERCHAT, _user(d), text=str(d.get("message", "")), value_cny=rmb, currency="CNY", amount=rmb,
            timestamp=_ts(d.get("timestamp")), id=str(d["message_id"]), duration_s=float(max(0, end - start)), raw=p,
        )
    ]  # fmt: skip


def super_chat_del(p: dict[str, Any], st: ParseState) -> list[ChatEvent]:
    return [system("superchat_delete", p, ids=list(p["data"]["message_ids"]))]


def like(p: dict[str, Any], st: ParseState) -> list[ChatEvent]:
    d = p["data"]
    n = _i(d.get("like_count")) or 1
    return [ChatEvent(P, EventKind.LIKE, _user(d), text=str(d.get("like_text", "")), count=n, timestamp=_ts(d.get("timestamp")), raw=p)]


def enter(p: dict[str, Any], st: ParseState) -> list[ChatEvent]:
    d = p["data"]
    return [ChatEvent(P, EventKind.ENTER, _user(d), timestamp=_ts(d.get("timestamp")), raw=p)]


def live_start(p: dict[str, Any], st: ParseState) -> list[ChatEvent]:
    return [system("live_start", p)]


def live_end(p: dict[str, Any], st: ParseState) -> list[ChatEvent]:
    return [system("live_end", p)]


def interaction_end(p: dict[str, Any], st: ParseState) -> list[ChatEvent]:
    return [system(INTERACTION_END, p)]


OPEN_COMMANDS: dict[str, Handler] = {
    PREFIX + "DM": dm,
    PREFIX + "SEND_GIFT": gift,
    PREFIX + "GUARD": guard,
    PREFIX + "SUPER_CHAT": super_chat,
    PREFIX + "SUPER_CHAT_DEL": super_chat_del,
    PREFIX + "LIKE": like,
    PREFIX + "LIVE_ROOM_ENTER": enter,
    PREFIX + "LIVE_START": live_start,
    PREFIX + "LIVE_END": live_end,
    PREFIX + "INTERACTION_END": interaction_end,
}
