"""A count asked in English ("how much for 2 N9s", "3 lipsticks") is how many, not a price said: today's price and the total."""

from __future__ import annotations

from tests.knowledge.conftest import ask


def test_two_phones_by_their_code(tech) -> None:
    x, p = ask(tech, "how much for 2 N9s? tryna get one for me n one for my wife")  # was "That's not the price." (2 read as a price)
    said = " ".join(p.lines)
    assert not x.bait and "4598" in said and "not the price" not in said, (x.bait, p.lines)


def test_three_lipsticks(beauty) -> None:
    x, p = ask(beauty, "how much would 3 lipsticks be?")
    assert "387" in " ".join(p.lines), p.lines


def test_a_wrong_price_is_still_corrected(beauty) -> None:
    x, p = ask(beauty, "lipstick 99 right?")
    assert x.bait and "129" in " ".join(p.lines), p.lines
