"""Words heard by their sound where they mean something else, a payment app, the price per millilitre, and a
first ask said in general words before a second one."""

from __future__ import annotations

import pytest

from tests.knowledge.conftest import ask


@pytest.mark.parametrize("text", ["呢個幾多瓦", "这个多少瓦", "那个几瓦"])
def test_this_ones_watts_are_the_power_not_the_split(tech, text) -> None:
    x, p = ask(tech, text, stage_product="p65-charger")  # 這個多少瓦 sounds like 各多少瓦 (how the power is split)
    assert "65 瓦" in " ".join(p.lines) and "功率分配" not in " ".join(p.lines), p.lines


def test_the_split_is_still_heard_when_asked(tech) -> None:
    x, p = ask(tech, "两个口各多少瓦", stage_product="p65-charger")
    assert "power_split" in x.attrs and "功率分配" in p.lines[0], p.lines


def test_the_right_ear_is_no_toddler(tech) -> None:
    x, p = ask(tech, "X1左右耳要怎麼分 戴反會怎樣")  # 右耳 sounds like 幼兒
    assert "children" not in x.attrs and "兒童" not in " ".join(p.lines), p.lines
    assert "左右耳" in p.lines[0], p.lines  # the deferral names what was asked
    x, _ = ask(tech, "X1 幼兒能用嗎")
    assert "children" in x.attrs


@pytest.mark.parametrize(("text", "named"), [("可以用街口支付嗎", "街口"), ("支付方式有哪些", "支付方式"), ("can i use line pay", "payment")])
def test_a_payment_app_is_deferred_by_name(tech, text, named) -> None:
    x, p = ask(tech, text)
    assert x.intent == "how_to_buy" and "payment" in x.attrs, (x.intent, x.attrs)
    assert named in p.lines[0] and "接口" not in " ".join(p.lines), p.lines  # 街口 sounds like 接口 (ports)


@pytest.mark.parametrize(("text", "price", "size"), [
    ("精华一毫升合多少钱 算下来贵不贵", "189", "30 毫升"),
    ("how much per ml is the serum", "189", "30 ml"),
    ("面霜每克多少钱", "229", "50 克"),
])
def test_the_price_per_unit_gives_the_price_and_the_size(beauty, text, price, size) -> None:
    x, p = ask(beauty, text)
    said = " ".join(p.lines)
    assert x.intent == "price" and price in said and size in said, p.lines


@pytest.mark.parametrize("text", [
    "how long does this one last on a full charge, n is it ok in the rain",
    "how long does this one last on a full charge? and is it ok in the rain",
])
def test_a_first_ask_in_general_words_is_answered_beside_the_second(tech, text) -> None:
    x, p = ask(tech, text, stage_product="x1-earbuds")
    said = " ".join(p.lines)
    assert "8 hours" in said and "IPX5" in said, p.lines
    assert said.index("8 hours") < said.index("IPX5")  # in the order asked
