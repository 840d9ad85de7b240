"""What the thirty-fifth blind set showed, each read wrongly before (named in its comment): a price after a sale and a
set's price said back, a second ask of a gift, a phrase that only looks like a figure or a return, and facts of the
sheet asked in a viewer's words."""

from __future__ import annotations

from tests.knowledge.conftest import ask


def test_money_after_a_sale_and_a_set_price_said_back(tech) -> None:
    x, p = ask(tech, "what's the braided cord gonna be once the flash sale's done")  # was the flash price, 29
    assert x.intent == "price" and "39" in p.lines[0] and "29" not in " ".join(p.lines)
    x, p = ask(tech, "手機加快充頭綁一起 是 2299 對吧")  # 2299 is the phone alone; the set is 2399 (was no correction)
    assert x.bait and p.lines[0] == "不是這個價格。" and "2399" in p.lines[1] and "2299" not in " ".join(p.lines)
    _, p = ask(tech, "N9组合价2399对吧")  # said right: no correction
    assert "不是" not in p.lines[0]


def test_a_gift_asked_beside_stock_or_a_deal_and_a_present(tech, beauty) -> None:
    _, p = ask(tech, "how many of those N9s u got left, n do they come w the case?")
    assert "80" in p.lines[0] and "case" in p.lines[1]
    _, p = ask(beauty, "any deal on the serum today, and does it come w anything?")
    assert "189" in p.lines[0] and "5 ml" in p.lines[1]
    x, p = ask(tech, "買 N9 送耳機是真的嗎")  # the phone is bought, the earbuds asked of: the gift is the phone's case
    assert x.products == ("n9-phone",) and "保護殼" in p.lines[0]
    x, p = ask(beauty, "gift for my grandma, she's 70 w super dry lips, would the matte one work?")
    # a present, no free gift asked; 70 is her age, not 70 W; that one for her is suitability
    assert x.intent == "suitability" and not x.bait and p.lines == ("With shea butter, so it does not feel dry, on the Velvet Matte Lipstick.",)


def test_words_that_only_look_like_something_else(tech, beauty) -> None:
    x, p = ask(tech, "phone n laptop both dying, can the gan brick juice both at once?")  # the viewer's phone; juice: charge
    assert x.products == ("p65-charger",) and "65 W" in p.lines[0] and "three ports" in p.lines[1]
    x, p = ask(tech, "X1 剛拆封 要怎麼連上我的手機")  # just opened, no return asked
    assert "return_terms" not in x.attrs and "退貨" not in p.lines[0]
    x, _ = ask(tech, "can the X1 stay connected to my Switch and my laptop at the same time?")  # earbuds have no ports
    assert "ports" not in x.attrs
    x, p = ask(tech, "打傳說對決會不會聲音跟畫面對不上", stage_product="x1-earbuds")  # the latency, not the sound quality
    assert x.missing == () and "低延遲" in p.lines[0]
    x, p = ask(tech, "does the x1 mic sound ok on zoom calls")  # was "sound quality"
    assert "microphone" in p.lines[0]
    x, p = ask(beauty, "防曬比理膚寶水好嗎")  # 寶水 only sounds like 保水: a rival, not moisture
    assert "moisture" not in x.attrs and p.lines[0].startswith("我們不比別家")


def test_sheet_facts_in_a_viewers_words(beauty) -> None:
    _, p = ask(beauty, "那瓶精華跟面霜 哪個裝得比較多 各能用多久")
    assert "30 毫升" in p.lines[0] and "50 克" in p.lines[1]
    _, p = ask(beauty, "這個擦完臉會不會像刷了一層牆", stage_product="spf-sunscreen")
    assert "不泛白" in p.lines[0]
    x, p = ask(beauty, "口紅擦了能撐幾小時不掉")  # how long it stays on, not a battery's 續航
    assert "battery" not in x.attrs and "持妝時間" in p.lines[0]
    _, p = ask(beauty, "after lunch do i need to put this on again or does it stay", stage_product="velvet-lip")
    assert "touch it up" in p.lines[0]
    x, p = ask(beauty, "我是超級沙漠肌 這瓶精華夠不夠保水")
    assert x.attrs == ("moisture",) and "2%" in p.lines[0]
    x, p = ask(beauty, "換季臉頰一直脫皮泛紅 擦那瓶玻尿酸能把皮膚屏障養回來嗎")  # asked before using it: no "stop using it"
    assert x.intent == "medical" and "停用" not in " ".join(p.lines)
