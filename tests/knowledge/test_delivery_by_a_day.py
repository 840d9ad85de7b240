"""A delivery asked before a holiday or a date is deferred by that day (no sheet promises one), then the shipping policy."""

from __future__ import annotations

import pytest

from tests.knowledge.conftest import ask


@pytest.mark.parametrize(("persona", "text", "named"), [
    ("tech", "圣诞节前能到吗 要送人 在深圳", "聖誕節前到貨"),  # was the shipping policy alone (the plan is in the edition's script)
    ("tech", "過年那幾天還會出貨嗎 想除夕前寄回家", "過年期間出貨"),  # was "發貨和到貨時間"
    ("tech", "will the cable arrive before xmas if i order 2nite? it's for my bro", "delivery before Christmas"),
    ("beauty", "ordering today, will it arrive by the 20th? it's a gift", "delivery by the 20th"),
])
def test_a_delivery_by_a_day_is_deferred_by_the_day(tech, beauty, persona, text, named) -> None:
    x, p = ask(tech if persona == "tech" else beauty, text)
    assert x.intent == "shipping" and named in p.lines[0] and len(p.lines) == 2, (x.intent, p.lines)


def test_a_delivery_time_with_no_day_keeps_its_name(tech) -> None:
    x, p = ask(tech, "什麼時候收到貨")
    assert "發貨和到貨時間" in p.lines[0], p.lines
