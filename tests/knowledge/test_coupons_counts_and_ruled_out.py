"""A coupon's figures, a count, and a product ruled out are not what they look like.

"有張滿2000減100的券" says what to spend and what comes off, and "2 travel sizes or just 1" counts: neither is a
price said back to be corrected ("不是這個價格" to a viewer who claimed no price). "别推手机" rules the phone
out: it is neither pitched nor listed on the shelf offered."""

from __future__ import annotations

import pytest

from tests.knowledge.conftest import ask


@pytest.mark.parametrize(("persona", "text", "price", "deferred"), [
    ("tech", "有张满2000减100的券 N9用完还剩多少钱", "2299", "满2000减100的券"),  # the offer as the viewer put it
    ("tech", "我有滿300減30的券 X1能用嗎", "199", "滿300減30的券"),
    ("beauty", "if i use a 10 yuan off coupon on the cream what do i pay", "229", "coupon"),
    ("beauty", "got a 20 off voucher, lipstick after that?", "129", "coupon"),
])
def test_a_coupons_figures_are_not_a_wrong_price(tech, beauty, persona, text, price, deferred) -> None:
    x, p = ask(tech if persona == "tech" else beauty, text)
    said = " ".join(p.lines)
    assert x.bait == () and "不是這個價格" not in said and "not the price" not in said, p.lines
    assert price in said and deferred in said, p.lines  # the price today, and the coupon deferred by name


@pytest.mark.parametrize(("persona", "text", "bait"), [
    ("tech", "C1是不是29", "29"),  # still a price said back
    ("beauty", "口紅是不是只要1塊", "1"),  # with its currency, a one is a price
    ("tech", "N9 1999 对吧", "1999"),
])
def test_a_price_said_back_is_still_corrected(tech, beauty, persona, text, bait) -> None:
    x, p = ask(tech if persona == "tech" else beauty, text)
    assert bait in x.bait and p.mode == "correct", (x.bait, p.lines)


def test_a_count_beside_a_gift_is_not_a_price(beauty) -> None:
    x, p = ask(beauty, "does the serum duo come w/ 2 travel sizes or just 1?")
    assert x.bait == () and "not the price" not in " ".join(p.lines), p.lines


@pytest.mark.parametrize(("text", "left_out"), [
    ("预算300 给爸妈买点实用的 别推手机", "N9"),  # was the N9 pitched
    ("除了手机还有什么推荐", "N9"),
    ("別推耳機 有冇其他推介", "X1"),
])
def test_a_product_ruled_out_is_not_offered(tech, text, left_out) -> None:
    x, p = ask(tech, text)
    said = " ".join(p.lines)
    assert left_out not in said and "元" in said, p.lines
    assert x.intent == "recommend", x.intent
