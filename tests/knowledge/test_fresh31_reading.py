"""What the thirty-first blind set showed, each read wrongly before (named in its comment): which fact a situation
asks for, spec against usage and suitability, products named indirectly, money, supply and policies with a story."""

from __future__ import annotations

from tests.knowledge.conftest import ask


def test_money_and_supply(tech) -> None:
    x, p = ask(tech, "helping my cousin shop, she swears the phone was 1999 on here last week?? what's it now")
    assert x.intent == "price" and "battery" not in x.attrs and "2299" in " ".join(p.lines)  # "last week" was the battery
    x, p = ask(tech, "豆腐块那个头 今天到手几个米")  # 到手幾 sounded like 手機: was the phone's set
    assert x.intent == "price" and x.products == ("p65-charger",) and "delivery_time" not in x.attrs and "129" in p.lines[0]
    x, _ = ask(tech, "手鸡多少钱")  # a name typed by its sound is still the name
    assert x.products == ("n9-phone",)
    x, p = ask(tech, "部手機賣晒之後仲會唔會再入貨")  # 入貨: a restock (was the count left alone)
    assert "restock" in x.missing and "補貨" in p.lines[0]


def test_a_clause_of_its_own_in_general_words_is_asked_too(tech) -> None:
    x, p = ask(tech, "條線同個叉電頭 邊個瓦數高啲 條線有幾長")  # the length was dropped for the wattage
    said = " ".join(p.lines)
    assert {"power", "length"} <= set(x.attrs) and "100" in said and "65" in said and "1.5" in said
    _, p = ask(tech, "gf's phone dies by lunch every day, what should i get her from here? how long does it actually last")
    assert "18 hours" in " ".join(p.lines)  # was the screen and the warranty


def test_shipping_to_a_place_or_by_a_courier(tech) -> None:
    x, p = ask(tech, "我住金門 你們離島有寄嗎")  # was the shipping line, naming nothing
    assert "remote" in x.missing and "寄到金門" in p.lines[0]
    x, p = ask(tech, "快递走哪家 我们小区只让京东进")
    assert "courier" in x.missing and "京" in p.lines[0]
    x, _ = ask(tech, "寄新疆要几天")
    assert "delivery_time" in x.missing
    x, _ = ask(tech, "X1發熱多久會好")  # 發 is no parcel here
    assert "delivery_time" not in x.attrs
