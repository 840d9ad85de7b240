"""Control and invisible characters out of what viewers and operators send."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from vhost.events import ChatEvent, EventKind, User
from vhost.text.controls import clean_event, strip_controls


def test_what_goes_and_what_stays():
    assert strip_controls("耳機\x00多少錢\x07？") == "耳機多少錢？"
    assert strip_controls("a\r\nb\tc\u2028d") == "a b c d"
    assert strip_controls("\x1b[2J\x1b[31m紅字\x1b[0m") == "紅字"  # terminal escapes whole, not just ESC
    assert strip_controls("x\x1b]0;pwned\x07y") == "xy"
    assert strip_controls("price\u202e0001\u202c") == "price0001"  # bidi override: reads differently than it is
    assert strip_controls("免\u200b費\ufeff") == "免費"
    assert strip_controls("say \U000e0069\U000e0067\U000e006eok") == "say ok"  # tag characters: invisible ASCII
    assert strip_controls("👨\u200d👩\u200d👧 家人們\u3000晚上好") == "👨\u200d👩\u200d👧 家人們\u3000晚上好"  # joiners, ideographic space kept
    plain = "X1 續航 8 小時，how long?"
    assert strip_controls(plain) is plain


@given(st.text())
def test_never_leaves_a_control_character(text):
    out = strip_controls(text)
    assert not any(ord(c) < 32 or 0x7F <= ord(c) <= 0x9F for c in out)
    assert not any(c in out for c in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200b\ufeff")
    assert strip_controls(out) == out


def test_clean_event_touches_only_what_it_must():
    ev = ChatEvent("push", EventKind.GIFT, User("u1", "壞\x1b[1m人"), text="hi\x00", gift_name="小心心\u202e")
    c = clean_event(ev)
    assert (c.text, c.user.name, c.gift_name, c.user.id) == ("hi", "壞人", "小心心", "u1")
    ok = ChatEvent("push", EventKind.DANMAKU, User("u2", "小明"), text="你好")
    assert clean_event(ok) is ok
