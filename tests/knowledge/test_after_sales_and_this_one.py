"""After the order: changing the address, paying when the parcel comes, when it ships and by which courier; and
the one on stage asked by "this one" (how many are left, its price after the discount), whatever measure is said."""

from __future__ import annotations

import pytest

from tests.knowledge.conftest import ask


@pytest.mark.parametrize(("text", "named"), [
    ("剛剛下單地址打錯了 還來得及改嗎", "改地址"),  # was the shipping policy alone
    ("地址填成公司的了 能改成家里吗", "改地址"),
    ("i put the wrong address, can i change it?", "address changes"),  # was returns ("change")
])
def test_an_address_change_is_a_shipping_question_deferred_by_name(tech, text, named) -> None:
    x, p = ask(tech, text)
    assert x.intent == "shipping" and named in p.lines[0], (x.intent, p.lines)


def test_paying_once_it_has_come_is_cash_on_delivery(beauty) -> None:
    x, p = ask(beauty, "能不能收到了再付钱 第一次买有点怕")
    assert x.intent == "how_to_buy" and "貨到付款" in p.lines[0], p.lines


def test_when_it_ships_and_by_which_courier_is_shipping(tech) -> None:
    x, p = ask(tech, "今天拍下啥时候能发 顺丰还是中通")  # 拍下 (ordered) is no checkout question here
    assert x.intent == "shipping" and ("順豐" in p.lines[0] or "顺丰" in p.lines[0]) and "發貨" in p.lines[1], p.lines


@pytest.mark.parametrize(("persona", "stage", "text", "left", "price"), [
    ("tech", "x1-earbuds", "呢對仲有幾多對 幾錢一對", "500", "199"),
    ("beauty", "spf-sunscreen", "呢支仲有幾多 幾錢一支", "600", "159"),  # 一支 is the lipstick's measure; 呢支 is the sunscreen shown
])
def test_how_many_are_left_of_this_one_then_its_price(tech, beauty, persona, stage, text, left, price) -> None:
    x, p = ask(tech if persona == "tech" else beauty, text, stage_product=stage)
    said = " ".join(p.lines)
    assert x.intent == "stock" and x.products == (stage,), (x.intent, x.products)
    assert left in said and price in said and said.index(left) < said.index(price), p.lines


def test_down_to_the_last_few_is_stock(tech) -> None:
    x, p = ask(tech, "saw a comment saying the P65 is down to the last 10 fr?")
    assert x.intent == "stock" and "300" in p.lines[0], p.lines


def test_this_one_after_the_discount_is_its_price(tech) -> None:
    x, p = ask(tech, "whats this one after the discount, pls", stage_product="n9-phone")
    assert x.intent == "price" and "2299" in p.lines[0], p.lines
    x, p = ask(tech, "whats this", stage_product="n9-phone")
    assert x.intent == "spec" and p.lines[0].startswith("This is the N9"), p.lines  # still what it is
