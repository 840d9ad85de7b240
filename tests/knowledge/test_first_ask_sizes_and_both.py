"""A price asked before a policy, a size where no product has a screen, a figure the viewer quotes from a rule, both
earbuds worn, something for someone with a product ruled out: each failed before (named in its comment)."""

from __future__ import annotations

from tests.knowledge.conftest import ask


def test_a_price_asked_first_then_a_payment_the_sheet_lacks(tech, beauty) -> None:
    for pu, text, price, said in ((tech, "N9多少錢 可以分期嗎", "2299", "分期"),  # was how to buy: the cart line, no price
                                  (tech, "X1幾錢 有冇得分期", "199", "分期"),
                                  (beauty, "面霜多少錢 可以貨到付款嗎", "229", "貨到付款")):
        x, p = ask(pu, text)
        assert x.intent == "price" and price in p.lines[0] and said in p.lines[1], (text, p.lines)
    x, p = ask(tech, "呢部仲有冇貨 可唔可以分期俾", stage_product="n9-phone")  # the stock first, as asked
    assert p.lines == ("N9 手機目前還有 80 件。", "資料卡上沒有寫分期，我確認後再告訴大家。")
    assert ask(tech, "幾時發貨呀 有冇得退")[0].intent == "shipping"  # two policies: the first


def test_a_size_where_no_product_has_a_screen_is_the_bottle(beauty, tech) -> None:
    _, p = ask(beauty, "what size is the sunscreen")  # was the SPF ("size" read as a screen's)
    assert p.lines == ("The Clear Sunscreen Lotion's volume is 50 ml.",)
    x, p = ask(beauty, "pls tell me the sunscreen is carry-on size, tsa max is 100ml")  # was "not the number on our sheet"
    assert x.bait == () and "50 ml" in p.lines[0]
    x, _ = ask(beauty, "防曬是100ml的吧")  # a size claimed of ours is still corrected
    assert x.bait == ("100ml",)
    _, p = ask(tech, "what size is the N9 screen")
    assert "6.6 inch" in p.lines[0]


def test_both_buds_worn_and_something_for_someone(tech) -> None:
    x, p = ask(tech, "can i wear both X1 buds at the same time")  # was "no set price for the X1" and the phone's set
    assert x.intent == "spec" and "set" not in " ".join(p.lines)
    x, p = ask(tech, "something for my dad, no phones pls")  # was "which product do you mean"
    assert x.intent == "recommend" and "N9" not in p.lines[0] and "X1" in p.lines[0]
    x, p = ask(tech, "how many of these u got left? any limit per person")
    assert "our the" not in " ".join(p.lines) and "the limit per person" in " ".join(p.lines)


def test_a_charger_used_abroad_is_the_voltage(tech) -> None:
    x, p = ask(tech, "does the P65 work in the UK with an adapter")  # was "shipping to UK"
    assert "voltage" in x.missing and "voltage" in p.lines[0]
    x, _ = ask(tech, "can you ship the P65 to the UK")  # a parcel sent there is still shipping
    assert x.intent == "shipping" and "overseas" in x.missing
