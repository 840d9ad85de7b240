"""The phone on stage asked as 呢部 (not the charger whose sheet shares three characters with the question), a set's
price and saving before the singles, the voltage abroad (not shipping there), and a brain worried about."""

from __future__ import annotations

from tests.knowledge.conftest import ask


def test_this_one_on_stage_beats_a_sheets_three_characters(tech) -> None:
    x, p = ask(tech, "呢部開住120Hz打機 電可以頂幾耐", stage_product="n9-phone")  # "電可以" is on the P65's sheet
    said = " ".join(p.lines)
    assert x.products == ("n9-phone",) and "18 小時" in said and "P65" not in said, (x.products, p.lines)


def test_a_sets_price_and_saving_come_before_the_singles(beauty) -> None:
    x, p = ask(beauty, "serum duo, how much is it n how much do i save vs 2 singles fr")
    assert x.intent == "bundle" and "378" in p.lines[0] and "339" in p.lines[1] and "39 yuan less" in p.lines[1], p.lines


def test_outlets_abroad_are_the_voltage_not_shipping(tech) -> None:
    x, p = ask(tech, "going to japan, does the P65 work w/ their outlets? 100v there")
    assert x.missing == ("voltage",) and "voltage" in p.lines[0] and "shipping" not in p.lines[0], (x.missing, p.lines)
    x, p = ask(tech, "do u ship to japan")
    assert "overseas" in x.attrs and "shipping to Japan" in p.lines[0], p.lines


def test_a_brain_worried_about_is_a_health_question(tech) -> None:
    x, p = ask(tech, "do the X1's bluetooth waves mess w/ ur brain? asking for my mom")
    assert x.intent == "medical" and "doctor" in p.lines[0], p.lines
