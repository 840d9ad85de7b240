import json

from tests.fakes.bilibili_server import brotli_pack, command
from tests.sources import bili_samples as s
from vhost.events import EventKind
from vhost.sources.bilibili import decode_frame, parse_frame
from vhost.sources.bilibili.commands import emoticon
from vhost.sources.bilibili.state import ParseState


def one(payload):
    events = parse_frame(command(payload))
    assert len(events) == 1, events
    return events[0]


def test_danmu_fields():
    e = one(s.danmu("这个耳机续航多久?", uid=1001, uname="小明", level=12, guard=3, admin=1))
    assert (e.platform, e.kind, e.text) == ("bilibili", EventKind.DANMAKU, "这个耳机续航多久?")
    assert (e.user.id, e.user.name, e.user.level, e.user.guard_level) == ("1001", "小明", 12, 3)
    assert e.user.moderator and not e.user.masked
    assert e.user.medal is None and e.user.medal_level == 0
    assert e.id == "id-1"
    assert e.timestamp == 1_700_000_000.123
    assert e.raw["cmd"] == "DANMU_MSG"


def test_danmu_full_medal():
    e = one(s.danmu(medal=s.FULL_MEDAL))
    assert (e.user.medal, e.user.medal_level) == ("小电视", 21)


def test_danmu_emoticon_options_as_string_and_object():
    opts = {"url": "http://i0.hdslb.com/x.png", "emoticon_unique": "official_147", "width": 162, "height": 162}
    as_str = s.danmu("赞", dm_type=1, emoticon=json.dumps(opts))
    as_obj = s.danmu("", dm_type=1, emoticon=opts)
    assert emoticon(as_str["info"][0])["emoticon_unique"] == "official_147"
    assert emoticon(as_obj["info"][0])["emoticon_unique"] == "official_147"
    assert one(as_str).text == "赞"
    assert one(as_obj).text == "[official_147]"  # an emoticon with no text still says what it was
    assert emoticon(s.danmu("plain")["info"][0]) is None


def test_masked_users_fall_back_to_crc32():
    for uid, name in ((0, "提***"), (0, "x***"), (1001, "x***")):
        e = one(s.danmu("hi", uid=uid, uname=name, crc="deadbeef"))
        assert e.user.masked
        assert e.user.id == "crc:deadbeef"
        assert e.user.name == name


def test_send_gift_gold_silver_and_blind_null():
    g = one(s.gift("小花花", num=3, coin_type="gold", price=100, blind=None))
    assert (g.kind, g.gift_name, g.gift_count) == (EventKind.GIFT, "小花花", 3)
    assert g.value_cny == 0.3 and g.currency == "gold" and g.amount == 300
    assert g.user.id == "2002" and g.user.medal == "粉丝" and g.user.guard_level == 3
    assert g.paid
    silver = one(s.gift("辣条", num=10, coin_type="silver", price=100))
    assert silver.value_cny == 0 and silver.currency == "silver" and not silver.paid
    blind = one(s.gift("星河", num=1, price=15000, blind={"original_gift_name": "心动盲盒", "original_gift_price": 15000}))
    assert blind.text == "心动盲盒" and blind.value_cny == 15.0


def test_send_gift_v2_protobuf():
    events = parse_frame(command(s.gift_v2()))
    assert [(e.gift_name, e.gift_count, e.value_cny, e.currency) for e in events] == [
        ("小花花", 2, 0.2, "gold"),
        ("辣条", 10, 0.0, "silver"),
    ]
    assert events[0].user.id == "7007" and events[0].user.name == "新协议"
    assert (events[0].user.medal, events[0].user.medal_level, events[0].user.guard_level) == ("电视", 9, 3)
    assert events[0].id == "tid-v2a" and events[0].timestamp == 1700000004


def test_super_chat_and_delete():
    e = one(s.super_chat(price=30, sc_id=77))
    assert (e.kind, e.value_cny, e.currency, e.amount) == (EventKind.SUPERCHAT, 30.0, "CNY", 30.0)
    assert e.text == "这款耳机多少钱？" and e.id == "77" and e.duration_s == 60.0
    assert (e.user.id, e.user.name, e.user.guard_level, e.user.level) == ("3003", "SC大佬", 2, 20)
    d = one(s.sc_delete(77, 78))
    assert d.kind == EventKind.SYSTEM and d.text == "superchat_delete"
    assert d.raw["data"]["ids"] == [77, 78] and d.id == "77,78"


def test_guard_buy_and_toast_count_once():
    st = ParseState()
    f = decode_frame(command(s.guard_buy()) + command(s.user_toast()), st)
    assert len(f.events) == 1
    g = f.events[0]
    assert (g.kind, g.value_cny, g.gift_name, g.user.guard_level) == (EventKind.GUARD, 198.0, "舰长", 3)
    # toast first, then GUARD_BUY in a later frame: still one
    st = ParseState()
    assert len(decode_frame(command(s.user_toast(uid=9, start=5)), st).events) == 1
    assert decode_frame(command(s.guard_buy(uid=9, start=5)), st).events == []
    # a different purchase by the same user is counted
    assert len(decode_frame(command(s.guard_buy(uid=9, start=6)), st).events) == 1


def test_toast_source_2_duplicate_is_skipped():
    assert parse_frame(command(s.user_toast(source=2))) == []
    assert len(parse_frame(command(s.user_toast(source=0)))) == 1


def test_interact_word_enter_follow_share_and_v2():
    assert one(s.interact(1)).kind == EventKind.ENTER
    f = one(s.interact(2))
    assert f.kind == EventKind.FOLLOW and f.user.id == "5005" and f.timestamp == 1700000002
    share = one(s.interact(3))
    assert share.kind == EventKind.SYSTEM and share.text == "share"
    v2 = one(s.interact_v2(msg_type=2, uid=6006))
    assert (v2.kind, v2.user.id, v2.user.name, v2.timestamp) == (EventKind.FOLLOW, "6006", "协议粉", 1700000003)
    assert one(s.interact_v2(msg_type=1)).kind == EventKind.ENTER


def test_likes_and_watched():
    c = one(s.like_click())
    assert (c.kind, c.count, c.user.id, c.text) == (EventKind.LIKE, 1, "8008", "为主播点赞了")
    u = one(s.like_update(12345))
    assert (u.kind, u.count, u.user.id) == (EventKind.LIKE, 12345, "")
    w = one(s.watched(17903))
    assert (w.kind, w.count) == (EventKind.SYSTEM, 17903)
    assert w.text.startswith("watched:")


def test_login_notice_is_system():
    e = one({"cmd": "LOG_IN_NOTICE", "data": {"notice_msg": "为保护用户隐私，未登录无法查看他人昵称"}})
    assert e.kind == EventKind.SYSTEM and "未登录" in e.text


def test_mixed_batch_in_brotli_keeps_order():
    frame = brotli_pack(*(command(p) for p in (s.danmu("1"), s.gift(), s.like_click(), s.super_chat(), s.danmu("2"))))
    kinds = [e.kind for e in parse_frame(frame)]
    assert kinds == [EventKind.DANMAKU, EventKind.GIFT, EventKind.LIKE, EventKind.SUPERCHAT, EventKind.DANMAKU]


def test_bad_protobuf_is_skipped():
    st = ParseState()
    bad = {"cmd": "SEND_GIFT_V2", "data": {"pb": "////"}}
    assert decode_frame(command(bad) + command(s.danmu("ok")), st).events[0].text == "ok"
    assert "malformed SEND_GIFT_V2" in st.skips.counts
