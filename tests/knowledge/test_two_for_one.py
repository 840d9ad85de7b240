"""Buy one get one free asked: no such gift, and the set that holds two is said (its price, what it saves)."""

from __future__ import annotations

import pytest

from tests.knowledge.conftest import ask


@pytest.mark.parametrize("text", ["口紅買一送一嗎", "is the lipstick buy one get one?"])  # were the no-gift line alone
def test_two_for_one_gets_the_set_of_two(beauty, text) -> None:
    x, p = ask(beauty, text)
    said = " ".join(p.lines)
    assert x.intent == "gift" and "239" in said and "買一送一" not in said, p.lines


def test_no_set_no_extra_line(tech) -> None:
    x, p = ask(tech, "耳機買一送一嗎")  # the earbuds are in no set: the no-gift line alone
    assert x.intent == "gift" and len(p.lines) == 1 and "沒有贈品" in p.lines[0], p.lines
