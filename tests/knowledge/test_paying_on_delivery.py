"""Paying when the parcel comes is cash on delivery, deferred by the name shops use, not a delivery time."""

from __future__ import annotations

import re

import pytest

from tests.knowledge.conftest import ask


@pytest.mark.parametrize("text", ["能不能收到貨再付錢",  # was "沒有寫發貨和到貨時間、收到貨再付" (收到貨: a delivery time)
                                  "收到货再付款行不行", "可以到付吗"])
def test_paying_on_delivery_is_deferred_by_its_name(tech, text) -> None:
    x, p = ask(tech, text)
    assert x.intent == "how_to_buy" and "delivery_time" not in x.attrs, x.attrs
    assert re.match(r"資料卡上沒有寫[貨货]到付款，", p.lines[0]), p.lines


def test_when_the_parcel_comes_is_still_a_delivery_time(tech) -> None:
    x, p = ask(tech, "什麼時候收到貨")
    assert x.intent == "shipping" and "到貨時間" in p.lines[0], p.lines


@pytest.mark.parametrize("text", ["can i pay when it arrives", "pay on delivery possible?"])  # were the cart line alone
def test_paying_on_delivery_in_english(tech, text) -> None:
    x, p = ask(tech, text)
    assert x.intent == "how_to_buy" and p.lines[0].startswith("I don't have cash on delivery"), p.lines
