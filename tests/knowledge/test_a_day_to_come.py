"""A play or a deal asked of a day to come (聖誕節有冇福袋, will the flash sale come back before christmas, double 12):
the sheet plans nothing for that day, so it is deferred by the day's name, then what runs now is said."""

from __future__ import annotations

import pytest

from tests.knowledge.conftest import ask


@pytest.mark.parametrize(("persona", "text", "named", "then"), [
    ("tech", "聖誕節有冇福袋 點樣參加", "聖誕節活動", "福袋"),  # was the giveaway alone, as if it were Christmas's
    ("beauty", "圣诞节有盲盒吗 奖品是啥", "聖誕節活動", "盲盒"),
    ("tech", "any giveaway on christmas?", "Christmas", "lucky bag"),
    ("beauty", "will the lipstick flash sale come back before christmas?", "Christmas", "99"),
    ("tech", "will the N9 get cheaper on double 12? or is this as low as it goes", "Double 12", "2299"),
])
def test_a_day_to_come_is_deferred_by_name_then_what_runs_now(tech, beauty, persona, text, named, then) -> None:
    x, p = ask(tech if persona == "tech" else beauty, text)
    assert "future_sale" in x.missing, (x.intent, x.attrs, x.missing)
    assert named in p.lines[0] and then in " ".join(p.lines[1:]), p.lines


@pytest.mark.parametrize("text", ["聖誕節前能到嗎 要送人", "元旦之後手機會不會漲回去", "is the winter price gonna last til new years?"])
def test_a_day_that_asks_something_else_is_not_a_plan(tech, text) -> None:
    x, _ = ask(tech, text)  # a delivery by a day; a promotion's end
    assert "future_sale" not in x.attrs, x.attrs
