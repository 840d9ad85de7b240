"""Web danmaku commands (op 5 JSON) -> ChatEvent.

Money: gold coins are CNY x 1000 (``value_cny = total_coin / 1000``); silver is worth
nothing. ``currency``/``amount`` keep the original unit. System events put a short tag
in ``text`` (``superchat_delete``, ``watched``, ``login_notice``, ``like_total``...).
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from typing import Any

from vhost.events import ChatEvent, EventKind, User
from vhost.sources.bilibili.protobuf import Message
from vhost.sources.bilibili.state import ParseState

P = "bilibili"
Handler = Callable[[dict[str, Any], ParseState], list[ChatEvent]]

INTERACT_KINDS = {
    1: EventKind.ENTER,
    2: EventKind.FOLLOW,
    3: EventKind.SYSTEM,  # share
    4: EventKind.FOLLOW,  # special follow
    5: EventKind.FOLLOW,  # mutual follow
    6: EventKind.LIKE,
}
INTERACT_TAGS = {3: "share"}


def _i(x: Any) -> int:
    try:
        return int(x or 0)
    except (TypeError, ValueError):
        return 0


def _ts(x: Any) -> float:
    """Seconds; values past year 2286 in seconds are taken to be milliseconds."""
    try:
        t = float(x or 0)
    except (TypeError, ValueError):
        return 0.0
    return t / 1000.0 if t > 1e10 else t


def _medal(m: Any) -> tuple[str | None, int]:
    if isinstance(m, dict) and m.get("medal_name"):
        return str(m["medal_name"]), _i(m.get("medal_level"))
    return None, 0


def emoticon(meta: list[Any]) -> dict[str, Any] | None:
    """info[0][13] of an emoticon danmaku (dm_type 1), given as a JSON string or an object."""
    if len(meta) <= 13 or _i(meta[12]) != 1:
        return None
    opt = meta[13]
    if isinstance(opt, str):
        try:
            opt = json.loads(opt)
        except ValueError:
            return None
    return opt if isinstance(opt, dict) else None


def danmu_msg(p: dict[str, Any], st: ParseState) -> list[ChatEvent]:
    info = p["info"]
    meta, text, who = info[0], info[1], info[2]
    uid, uname = who[0], str(who[1])
    crc = str(meta[7]) if len(meta) > 7 else ""
    masked = not uid or "***" in uname
    medal = info[3] if len(info) > 3 and isinstance(info[3], list) else []
    ulevel = info[4] if len(info) > 4 and isinstance(info[4], list) else []
    user = User(
        id=f"crc:{crc}" if masked else str(uid),
        name=uname,
        level=_i(ulevel[0]) if ulevel else 0,
        medal=str(medal[1]) if len(medal) > 1 else None,
        medal_level=_i(medal[0]) if medal else 0,
        guard_level=_i(info[7]) if len(info) > 7 else 0,
        moderator=len(who) > 2 and _i(who[2]) == 1,
        masked=masked,
    )
    text = str(text)
    emo = emoticon(meta)
    if emo is not None and not text:
        text = f"[{emo.get('emoticon_unique', '')}]"
    msg_id = ""
    if len(meta) > 15 and isinstance(meta[15], dict):
        extra = meta[15].get("extra")
        if isinstance(extra, str) and "id_str" in extra:
            try:
                msg_id = str(json.loads(extra).get("id_str") or "")
            except ValueError:
                msg_id = ""
    if not msg_id:
        msg_id = f"{meta[4]}-{meta[5]}" if len(meta) > 5 else ""
    return [ChatEvent(P, EventKind.DANMAKU, user, text=text, timestamp=_ts(meta[4]) if len(meta) > 4 else 0.0, id=msg_id, raw=p)]


def _gift_event(
    p: dict[str, Any], user: User, name: str, num: int, coin_type: str, total: int, ts: Any, gid: str, blind: str = ""
) -> ChatEvent:
    gold = coin_type == "gold"
    return ChatEvent(
        P,
        EventKind.GIFT,
        user,
        text=blind,
        value_cny=total / 1000.0 if gold else 0.0,
        currency=coin_type or "gold",
        amount=float(total),
        gift_name=name,
        gift_count=num,
        timestamp=_ts(ts),
        id=gid,
        raw=p,
    )


def send_gift(p: dict[str, Any], st: ParseState) -> list[ChatEvent]:
    d = p["data"]
    num = _i(d.get("num")) or 1
    total = _i(d.get("total_coin")) or _i(d.get("price")) * num
    medal, mlevel = _medal(d.get("medal_info"))
    user = User(str(d["uid"]), str(d.get("uname", "")), medal=medal, medal_level=mlevel, guard_level=_i(d.get("guard_level")))
    blind = d.get("blind_gift")
    blind_name = str(blind.get("original_gift_name", "")) if isinstance(blind, dict) else ""
    gid = str(d.get("tid") or d.get("rnd") or "")
    return [_gift_event(p, user, str(d.get("giftName", "")), num, str(d.get("coin_type", "gold")), total, d.get("timestamp"), gid, blind_name)]


def send_gift_v2(p: dict[str, Any], st: ParseState) -> list[ChatEvent]:
    m = Message(base64.b64decode(p["data"]["pb"], validate=False))
    medal = m.sub(8)
    user = User(
        str(m.num(1)), m.text(2), guard_level=m.num(5), medal=medal.text(6) or None, medal_level=medal.num(5)
    )
    blind = m.sub(9).text(3)
    out = []
    for g in m.subs(10):
        num = g.num(3) or 1
        total = g.num(7) or g.num(5) * num
        gid = g.text(9) or str(g.num(12) or "")
        out.append(_gift_event(p, user, g.text(2), num, g.text(8) or "gold", total, g.num(10), gid, blind))
    return out


def super_chat(p: dict[str, Any], st: ParseState) -> list[ChatEvent]:
    d = p["data"]
    ui = d.get("user_info") or {}
    medal, mlevel = _medal(d.get("medal_info"))
    user = User(
        str(d["uid"]),
        str(ui.get("uname", "")),
        level=_i(ui.get("user_level")),
        medal=medal,
        medal_level=mlevel,
        guard_level=_i(ui.get("guard_level")),
    )
    price = float(d.get("price") or 0)
    start, end = _i(d.get("start_time")), _i(d.get("end_time"))
    duration = float(end - start) if end > start else float(_i(d.get("time")))
    return [
        ChatEvent(
            P,
            EventKind.SUPERCHAT,
            user,
            text=str(d.get("message", "")),
            value_cny=price,
            currency="CNY",
            amount=price,
            timestamp=float(start or _i(d.get("ts"))),
            id=str(d["id"]),
            duration_s=duration,
            raw=p,
        )
    ]


def system(tag: str, p: Any, *, ids: list[Any] | None = None, text: str = "", count: int = 1) -> ChatEvent:
    return ChatEvent(
        P, EventKind.SYSTEM, User("", ""), text=text or tag, count=count, id=",".join(str(i) for i in ids or []), raw=p
    )


def super_chat_delete(p: dict[str, Any], st: ParseState) -> list[ChatEvent]:
    ids = p["data"]["ids"]
    return [system("superchat_delete", p, ids=list(ids))]


def _guard(p: Any, st: ParseState, uid: Any, name: str, level: int, num: int, price: int, start: Any, gift: str) -> list[ChatEvent]:
    if st.guards.seen((str(uid), level, _i(start))):
        return []  # the other message of the same purchase already counted it
    total = price * num
    return [
        ChatEvent(
            P,
            EventKind.GUARD,
            User(str(uid), name, guard_level=level),
            value_cny=total / 1000.0,
            currency="gold",
            amount=float(total),
            gift_name=gift or {1: "总督", 2: "提督", 3: "舰长"}.get(level, "guard"),
            gift_count=num,
            timestamp=_ts(start),
            raw=p,
        )
    ]


def guard_buy(p: dict[str, Any], st: ParseState) -> list[ChatEvent]:
    d = p["data"]
    return _guard(
        p, st, d["uid"], str(d.get("username", "")), _i(d.get("guard_level")), _i(d.get("num")) or 1,
        _i(d.get("price")), d.get("start_time"), str(d.get("gift_name", "")),
    )  # fmt: skip


def user_toast_v2(p: dict[str, Any], st: ParseState) -> list[ChatEvent]:
    d = p["data"]
    if _i((d.get("option") or {}).get("source")) == 2:
        return []  # gifted duplicate of a toast already sent
    who = d["sender_uinfo"]
    g = d.get("guard_info") or {}
    pay = d.get("pay_info") or {}
    return _guard(
        p, st, who["uid"], str((who.get("base") or {}).get("name", "")), _i(g.get("guard_level")),
        _i(pay.get("num")) or 1, _i(pay.get("price")), g.get("start_time"), "",
    )  # fmt: skip


def _interact(p: Any, uid: Any, uname: str, msg_type: int, ts: Any, medal: Any = None) -> list[ChatEvent]:
    kind = INTERACT_KINDS.get(msg_type)
    if kind is None:
        return [system("interact", p, text=f"interact_{msg_type}")]
    mname, mlevel = _medal(medal)
    user = User(str(uid), uname, medal=mname, medal_level=mlevel)
    return [ChatEvent(P, kind, user, text=INTERACT_TAGS.get(msg_type, ""), timestamp=_ts(ts), raw=p)]


def interact_word(p: dict[str, Any], st: ParseState) -> list[ChatEvent]:
    d = p["data"]
    return _interact(p, d["uid"], str(d.get("uname", "")), _i(d.get("msg_type")), d.get("timestamp"), d.get("fans_medal"))


def interact_word_v2(p: dict[str, Any], st: ParseState) -> list[ChatEvent]:
    m = Message(base64.b64decode(p["data"]["pb"], validate=False))
    return _interact(p, m.num(1), m.text(2), m.num(5), m.num(7))


def like_click(p: dict[str, Any], st: ParseState) -> list[ChatEvent]:
    d = p["data"]
    mname, mlevel = _medal(d.get("fans_medal"))
    user = User(str(d["uid"]), str(d.get("uname", "")), medal=mname, medal_level=mlevel)
    return [ChatEvent(P, EventKind.LIKE, user, text=str(d.get("like_text", "")), count=1, raw=p)]


def like_update(p: dict[str, Any], st: ParseState) -> list[ChatEvent]:
    """The room's running like total (not a delta): a LIKE with an empty user id."""
    return [ChatEvent(P, EventKind.LIKE, User("", ""), text="like_total", count=_i(p["data"]["click_count"]), raw=p)]


def watched_change(p: dict[str, Any], st: ParseState) -> list[ChatEvent]:
    d = p["data"]
    return [system("watched", p, text=f"watched:{d.get('text_large', '')}", count=_i(d.get("num")))]


def login_notice(p: dict[str, Any], st: ParseState) -> list[ChatEvent]:
    return [system("login_notice", p, text=f"login_notice:{p['data'].get('notice_msg', '')}")]


WEB_COMMANDS: dict[str, Handler] = {
    "DANMU_MSG": danmu_msg,
    "SEND_GIFT": send_gift,
    "SEND_GIFT_V2": send_gift_v2,
    "SUPER_CHAT_MESSAGE": super_chat,
    "SUPER_CHAT_MESSAGE_DELETE": super_chat_delete,
    "GUARD_BUY": guard_buy,
    "USER_TOAST_MSG_V2": user_toast_v2,
    "INTERACT_WORD": interact_word,
    "INTERACT_WORD_V2": interact_word_v2,
    "LIKE_INFO_V3_CLICK": like_click,
    "LIKE_INFO_V3_UPDATE": like_update,
    "WATCHED_CHANGE": watched_change,
    "LOG_IN_NOTICE": login_notice,
}
