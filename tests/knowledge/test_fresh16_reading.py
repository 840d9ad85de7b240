"""What reading the sixteenth fresh set taught: each case failed before the change named in its test."""

from __future__ import annotations

from tests.knowledge.conftest import ask
from vhost.grading.normalize import find_phrase, normalize


def test_a_health_worry_is_named_back_without_a_claim(tech) -> None:
    _, p = ask(tech, "每天戴耳機好幾個鐘會唔會影響聽力")
    assert p.mode == "caution" and p.lines[0].startswith("對聽力的影響我們不做判斷")
    _, p = ask(tech, "will the n9 screen hurt my eyesight at night")
    assert "eyesight" in p.lines[0] and "doctor" in p.lines[0]


def test_dinner_is_off_topic(beauty) -> None:
    x, p = ask(beauty, "主播晚饭吃什么 推荐个外卖")
    assert x.intent == "off_topic" and p.mode == "decline"


def test_pickup_and_cold_packing_are_shipping_details_the_sheet_lacks(tech, beauty) -> None:
    x, p = ask(tech, "可以寄到7-11店取嗎")
    assert x.intent == "shipping" and "超商取貨" in p.lines[0] and "沒有寫" in p.lines[0]
    x, p = ask(beauty, "寒流來了 面霜寄過來路上會不會凍壞")
    assert x.intent == "shipping" and "保溫包裝" in p.lines[0]
    x, _ = ask(beauty, "面霜可以放冰箱冷凍嗎")  # storage at home, not the parcel
    assert x.intent != "shipping"


def test_the_list_price_after_a_missed_flash_sale(tech) -> None:
    x, p = ask(tech, "秒殺沒搶到，數據線原價多少")
    assert x.products == ("c1-cable",) and "39 元" in "".join(p.lines) and "秒殺價" not in "".join(p.lines)


def test_a_cable_is_not_the_charger(tech) -> None:
    for q in ("充電線幾錢", "充电线多长"):
        x, _ = ask(tech, q)
        assert x.products == ("c1-cable",), q


def test_a_second_ask_of_another_attribute_is_answered_too(beauty) -> None:
    _, p = ask(beauty, "口紅有什麼顏色 嘴唇會不會乾")
    said = "".join(p.lines)
    assert "六個色號" in said and "乳木果油" in said


def test_a_goodbye_gets_a_goodbye(tech) -> None:
    x, p = ask(tech, "好啦我要去睡了 拜拜")
    assert x.intent == "greeting" and "晚安" in p.lines[0] and "歡迎" not in p.lines[0]
    x, p = ask(tech, "ok gtg, night all")
    assert x.intent == "greeting" and p.lines[0].startswith("Good night")
    x, _ = ask(tech, "晚安 明天幾點播")  # a question on the way out is talk with the host
    assert x.intent == "chitchat"


def test_price_first_then_the_promotion(tech, beauty) -> None:
    x, p = ask(tech, "耳機幾錢 有冇優惠")
    assert x.intent == "price" and "".join(p.lines).count("199") == 1  # the price said once
    x, _ = ask(beauty, "精華活動完了之後賣多少")
    assert x.intent == "price"


def test_cantonese_size_ports_and_rank_words(tech) -> None:
    x, p = ask(tech, "個P65細唔細粒")
    assert "110 克" in "".join(p.lines)
    _, p = ask(tech, "P65有幾多個插位")
    assert "USB-A" in "".join(p.lines)
    x, p = ask(tech, "P65係咪全港最細粒")
    assert x.intent == "compare" and p.lines[0] == "我們不比別家，只講自己實測的數據。"


def test_the_grader_reads_spf50_plus_as_50_plus() -> None:
    assert find_phrase(normalize("It is SPF50+ and PA++++."), "50+")
    assert not find_phrase(normalize("model P199"), "199")


def test_two_how_to_asks_each_get_their_own_answer(beauty) -> None:
    _, p = ask(beauty, "精華每次要擠幾滴？晚上也能擦嗎？")
    said = "".join(p.lines)
    assert said.index("兩到三滴") < said.index("早晚都能用"), said  # the amount (the first ask), then when


def test_genuine_and_where_it_is_made_both_answered(tech) -> None:
    _, p = ask(tech, "N9係咪正貨 邊度產㗎")
    said = "".join(p.lines)
    assert "產地" in said and "商品頁" in said  # where it is made is not on the sheet; the shop's word on genuine is
    _, p = ask(tech, "where is the x1 made")
    assert p.lines[0] == "I don't have the X1's country of origin in my notes yet; I'll check and let you know."


def test_a_name_heard_by_its_sound_is_whole_syllables(tech) -> None:
    for q in ("耳機199就是到手價了嗎", "寄新疆包郵嗎"):  # 到手價 dao-shou-jia, 新疆 xin-jiang: no shou-ji in either
        x, _ = ask(tech, q)
        assert "n9-phone" not in x.products, (q, x.products)
    x, _ = ask(tech, "手鸡多少钱")  # a typed homophone of 手機 still names it
    assert x.products == ("n9-phone",)
