"""Two of our products set against each other for a person or a present: compare (README: Intent labels,
rule 6), answered with what each one is and what it costs today (not the list price), then a point of each."""

from __future__ import annotations

import pytest

from tests.knowledge.conftest import ask


@pytest.mark.parametrize(("persona", "text", "products", "prices", "not_said"), [
    ("tech", "老婆生日 N9同X1邊個揀嚟做禮物好啲", {"n9-phone", "x1-earbuds"}, ("2299", "199"), "2499"),  # was the kinds and points, no price
    ("tech", "getting my 15yo nephew smth for christmas, is the N9 overkill or should i just get the earbuds",
     {"n9-phone", "x1-earbuds"}, ("2299", "199"), "2499"),  # was suitability, a deferral on "getting" / "nephew"
    ("tech", "送我爸 充电头还是数据线 哪个实用", {"p65-charger", "c1-cable"}, ("129", "39"), None),
    ("tech", "bday present for my bro, X1 or the P65?", {"x1-earbuds", "p65-charger"}, ("199", "129"), None),
    ("beauty", "which is better as a gift for a coworker, the serum or the sunscreen?", {"ha-serum", "spf-sunscreen"},
     ("189", "159"), None),  # was gift: the serum's free gift and a wrong-price correction
    ("beauty", "聖誕節送閨蜜 口紅同防曬揀邊樣好", {"velvet-lip", "spf-sunscreen"}, ("129", "159"), None),
])
def test_two_of_ours_for_someone_are_compared_with_their_prices(tech, beauty, persona, text, products, prices, not_said) -> None:
    x, p = ask(tech if persona == "tech" else beauty, text)
    said = " ".join(p.lines)
    assert x.intent == "compare" and set(x.products) == products, (x.intent, x.products)
    for price in prices:
        assert price in said, said
    if not_said:
        assert not_said not in said, said  # today's price, not the list price beside it
    assert said.index(prices[0]) < said.index(prices[1])  # in the order they were asked


def test_a_measure_asked_for_someone_is_still_each_ones_figure(tech) -> None:
    x, p = ask(tech, "送女朋友 X1跟P65哪個比較輕")
    assert x.intent == "compare" and "4.8" in " ".join(p.lines), p.lines  # the weight asked, not the prices


@pytest.mark.parametrize(("text", "intent"), [
    ("送媽媽哪個好", "recommend"),  # one of ours at most: which to buy, from the shelf
    ("X1和P65一起買多少 送我爸", "bundle"),  # buying both together (rule 4), not choosing one
])
def test_not_a_choice_between_two_of_ours(tech, text, intent) -> None:
    x, _ = ask(tech, text)
    assert x.intent == intent, (x.intent, x.products)
