"""Command payloads shaped like the live server's (field positions per protocols.md §1)."""

from __future__ import annotations

import json
from typing import Any

from tests.fakes.bilibili_server import pb_b64
from vhost.sources.bilibili.protobuf import encode as pb


def danmu(
    text: str = "主播好",
    uid: int | str = 1001,
    uname: str = "小明",
    *,
    medal: list[Any] | None = None,
    guard: int = 0,
    level: int = 12,
    dm_type: int = 0,
    emoticon: Any = "{}",
    crc: str = "a1b2c3d4",
    ts_ms: int = 1_700_000_000_123,
    id_str: str = "id-1",
    admin: int = 0,
    cmd: str = "DANMU_MSG",
) -> dict[str, Any]:
    extra = json.dumps({"content": text, "emots": None, "id_str": id_str, "reply_uname": ""}, ensure_ascii=False)
    meta = [0, 1, 25, 16777215, ts_ms, 1700000000, 0, crc, 0, 0, 0, "", dm_type, emoticon, "{}",
            {"extra": extra, "mode": 0, "show_player_type": 0, "user": {"uid": uid, "base": {"name": uname}}}]  # fmt: skip
    return {
        "cmd": cmd,
        "info": [
            meta,
            text,
            [uid, uname, admin, 0, 0, 10000, 1, ""],
            medal if medal is not None else [],
            [level, 0, 9868950, ">50000", 0],
            ["", ""],
            0,
            guard,
            None,
            {"ts": 1700000000, "ct": "ABCD"},
            0,
            0,
            None,
            None,
            0,
            13,
            [7],
        ],
        "dm_v2": "",
    }


FULL_MEDAL = [21, "小电视", "某主播", 5050, 1725515, "", 0, 1725515, 1725515, 5414290, 3, 1, 42]


def gift(name: str = "辣条", num: int = 3, coin_type: str = "gold", price: int = 100, blind: Any = None) -> dict[str, Any]:
    return {
        "cmd": "SEND_GIFT",
        "data": {
            "giftName": name, "giftId": 1, "giftType": 0, "num": num, "uname": "送礼人", "uid": 2002,
            "face": "", "action": "投喂", "price": price, "coin_type": coin_type, "total_coin": price * num,
            "rnd": "1700000000", "tid": "tid-9", "timestamp": 1700000001, "guard_level": 3,
            "medal_info": {"medal_level": 8, "medal_name": "粉丝", "anchor_roomid": 5050, "target_id": 42},
            "blind_gift": blind, "gift_info": {"img_basic": ""},
        },
    }  # fmt: skip


def super_chat(price: int = 30, sc_id: int = 77) -> dict[str, Any]:
    return {
        "cmd": "SUPER_CHAT_MESSAGE",
        "roomid": 5050,
        "data": {
            "id": sc_id, "uid": 3003, "price": price, "message": "这款耳机多少钱？", "message_trans": "",
            "start_time": 1700000000, "end_time": 1700000060, "time": 60,
            "gift": {"gift_id": 12000, "gift_name": "醒目留言", "num": 1},
            "user_info": {"uname": "SC大佬", "face": "", "guard_level": 2, "user_level": 20},
            "medal_info": {"medal_name": "电视", "medal_level": 15}, "background_color": "#EDF5FF",
        },
    }  # fmt: skip


def guard_buy(uid: int = 4004, start: int = 1700000100) -> dict[str, Any]:
    return {
        "cmd": "GUARD_BUY",
        "data": {"uid": uid, "username": "舰长A", "guard_level": 3, "num": 1, "price": 198000, "gift_id": 10003,
                 "gift_name": "舰长", "start_time": start, "end_time": start},
    }  # fmt: skip


def user_toast(uid: int = 4004, start: int = 1700000100, source: int = 0) -> dict[str, Any]:
    return {
        "cmd": "USER_TOAST_MSG_V2",
        "data": {
            "sender_uinfo": {"uid": uid, "base": {"name": "舰长A"}},
            "guard_info": {"guard_level": 3, "start_time": start, "end_time": start + 2592000},
            "pay_info": {"num": 1, "price": 198000, "unit": "月"},
            "gift_info": {"gift_id": 10003},
            "option": {"source": source},
            "toast_msg": "<%舰长A%> 开通了舰长",
        },
    }


def interact(msg_type: int, uid: int = 5005) -> dict[str, Any]:
    return {"cmd": "INTERACT_WORD", "data": {"uid": uid, "uname": "路人", "msg_type": msg_type, "timestamp": 1700000002,
                                             "roomid": 5050, "fans_medal": {}, "uinfo": {"uid": uid, "base": {"name": "路人"}}}}  # fmt: skip


def interact_v2(msg_type: int = 2, uid: int = 6006) -> dict[str, Any]:
    raw = pb([(1, uid), (2, "协议粉"), (5, msg_type), (7, 1700000003), (22, pb([(2, pb([(2, "face.png")]))]))])
    return {"cmd": "INTERACT_WORD_V2", "data": {"dmscore": 1, "pb": pb_b64(raw)}}


def gift_v2(uid: int = 7007) -> dict[str, Any]:
    g1 = pb([(1, 31036), (2, "小花花"), (3, 2), (4, 0), (5, 100), (7, 200), (8, "gold"), (9, "tid-v2a"), (10, 1700000004), (12, 55), (18, "投喂")])
    g2 = pb([(1, 1), (2, "辣条"), (3, 10), (5, 100), (7, 1000), (8, "silver"), (9, "tid-v2b")])
    medal = pb([(1, 42), (4, 5050), (5, 9), (6, "电视")])
    raw = pb([(1, uid), (2, "新协议"), (3, "face"), (5, 3), (8, medal), (10, g1), (10, g2)])
    return {"cmd": "SEND_GIFT_V2", "data": {"pb": pb_b64(raw)}}


def like_click(uid: int = 8008) -> dict[str, Any]:
    return {"cmd": "LIKE_INFO_V3_CLICK", "data": {"uid": uid, "uname": "点赞者", "like_text": "为主播点赞了", "msg_type": 6,
                                                  "like_icon": "", "fans_medal": {"medal_name": "", "medal_level": 0}}}  # fmt: skip


def like_update(n: int = 12345) -> dict[str, Any]:
    return {"cmd": "LIKE_INFO_V3_UPDATE", "data": {"click_count": n}}


def watched(n: int = 17903) -> dict[str, Any]:
    return {"cmd": "WATCHED_CHANGE", "data": {"num": n, "text_small": "1.7万", "text_large": "1.7万人看过"}}


def sc_delete(*ids: int) -> dict[str, Any]:
    return {"cmd": "SUPER_CHAT_MESSAGE_DELETE", "roomid": 5050, "data": {"ids": list(ids)}}
