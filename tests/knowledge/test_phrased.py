"""Attributes said outright in a phrase (vhost/knowledge/phrased.py)."""

from __future__ import annotations

import pytest

from vhost.knowledge.phrased import by_phrase


@pytest.mark.parametrize(
    ("text", "attr"),
    [
        ("遊戲模式咋切", "operation"),
        ("怎麼跟手機配對", "operation"),
        ("發到新疆要幾天", "delivery_time"),
        ("N9可以刷卡分12期嗎", "payment"),
        ("全館滿2000折300", "coupon"),
        ("盲盒下一輪幾時開", "draw_time"),
        ("有冇優惠碼可以輸入", "coupon"),
        ("賣完還補嗎", "restock"),
        ("where is the x1 made", "origin"),
    ],
)
def test_a_phrase_names_its_attribute(text: str, attr: str) -> None:
    assert attr in dict(by_phrase(text))


def test_a_phrase_rules_out_what_it_only_sounds_like() -> None:
    assert dict(by_phrase("N9可以刷卡分12期嗎"))["payment"] == ("nfc",)  # 刷卡 pays here


@pytest.mark.parametrize("text", ["有優惠嗎", "what is the x1 made of", "福袋抽什麼", "X1多少錢"])
def test_no_phrase_is_heard_where_none_is_said(text: str) -> None:
    assert by_phrase(text) == []
