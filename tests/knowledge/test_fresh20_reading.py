"""What reading the twentieth fresh set taught: each case failed before the change named in its test."""

from __future__ import annotations

from tests.knowledge.conftest import ask


def test_several_of_one_product_come_to_that_many_times_its_price(tech, beauty) -> None:
    x, p = ask(tech, "想买两台N9，我和我爸一人一台，一共多少钱")
    assert x.intent == "bundle" and p.lines == ("N9 手機現在是年末換機價 2299 元，原價 2499 元。", "兩臺一共 4598 元。")
    _, p = ask(tech, "不秒杀的话 买3根线一共多少钱")  # today's price, not the flash price
    assert p.lines[-1] == "3 根一共 117 元。"
    _, p = ask(beauty, "秒杀结束后买2支口红一共多少")  # the sheet sells two as a set: the set
    assert p.lines == ("唇膏雙色組 239 元，包含兩件絲絨霧面唇膏，比分開買省 19 元。",)
    _, p = ask(beauty, "buy 2 serums do i save anything?")  # one by one, then the duo and what it saves
    assert "378" in " ".join(p.lines) and "339" in " ".join(p.lines) and "39 yuan less" in " ".join(p.lines)
    _, p = ask(beauty, "雙色組跟單買兩支差多少")  # the set against buying singly stays as it was found
    assert any("一共" in line for line in p.lines)
    x, _ = ask(tech, "手機現在到手價是兩千四百九十九對吧")  # 九對吧 is no pair of phones
    assert x.intent == "price"


def test_a_play_figure_said_right_is_no_bait(tech, beauty) -> None:
    x, p = ask(tech, "秒杀价29不会只有两分钟吧？过了就回39了？")  # the flash price, said right
    assert not x.bait and "限時 2 分鐘" in p.lines[0]
    _, p = ask(tech, "刷300块礼物就能砍到1999 真的假的")
    assert p.lines == ("對。", "禮物累計 300 解鎖 1999。")
    _, p = ask(beauty, "发150个砍能到169吗")
    assert p.lines == ("對。", "公屏發 150 個「砍」解鎖 169。")
    _, p = ask(beauty, "点赞到1000能到179吗")  # a step said wrong is still corrected
    assert p.lines == ("不是哦。", "點讚 1500 個解鎖 179。")
    x, _ = ask(tech, "N9 1999 对吧")  # a ladder price said as today's price is still bait
    assert x.bait


def test_the_guard_takes_a_count_times_a_price_only_where_the_line_says_the_count(tech) -> None:
    from vhost.guard.guard import Guard

    persona, _ = tech
    g = Guard(persona)
    said = "N9 手機現在是年末換機價 2299 元，原價 2499 元。兩台一共 4598 元。"
    assert g.check(said).ok
    assert not g.check("N9 手機現在是 2299 元，一共 4598 元。").ok  # no count said
    assert not g.check("X1 無線藍牙耳機現在是 199 元。兩對一共 498 元。").ok  # a count, a wrong total
    assert g.check("The X1 Wireless Earbuds are 199 yuan. 2 of them come to 398 yuan.").ok


def test_what_the_flash_sale_takes_off_is_said_beside_the_usual_price(tech, beauty) -> None:
    from vhost.guard.guard import Guard

    _, p = ask(tech, "线秒杀价比平时便宜多少啊")
    assert p.lines[0] == "C1 編織快充線平時是 39 元，秒殺價 29，便宜 10 元。"
    assert Guard(tech[0]).check(p.lines[0]).ok and not Guard(tech[0]).check("C1 編織快充線便宜 10 元。").ok
    _, p = ask(tech, "秒杀价29不会只有两分钟吧？过了就回39了？")  # the sale (two minutes), then the usual price
    assert "限時 2 分鐘" in p.lines[0] and "平時是 39 元" in p.lines[1]
    _, p = ask(beauty, "口紅秒殺價比平常便宜多少啊？")
    assert p.lines[0] == "絲絨霧面唇膏平時是 129 元，秒殺價 99，便宜 30 元。"
    _, p = ask(tech, "秒殺結束之後恢復多少")  # after the sale: the price, with no flash figure
    assert "29" not in " ".join(p.lines)


def test_how_long_a_price_lasts_is_the_promotion(tech, beauty) -> None:
    x, p = ask(tech, "is 2299 for the N9 a limited time thing or the normal price now??")
    assert x.answered_as == "promo" and "until December 31" in p.lines[0] and "2499" in p.lines[0]
    x, p = ask(beauty, "is the 229 winter price gonna last till christmas?")  # "last till" is no battery; 229 is the cream's
    assert x.products == ("vc-cream",) and "until December 31" in p.lines[0]
    _, p = ask(tech, "x1 battery lasts till when")
    assert "8 hours" in p.lines[0]


def test_what_happened_with_another_brand_is_no_complaint_about_ours(tech, beauty) -> None:
    x, p = ask(tech, "我上次买的别家耳机戴半小时耳朵就疼，这个戴一下午会不会也这样")
    assert x.intent == "spec" and "4.8" in " ".join(p.lines)
    x, p = ask(beauty, "我是敏感肌，之前用别家精华刺痛了好几天，这个会不会刺激")  # before buying: a patch test, not "stop using it"
    assert x.intent == "suitability" and "耳後" in p.lines[0]
    x, _ = ask(tech, "上次買的線用兩個月就斷了 什麼爛貨")  # bought here last time: still a complaint
    assert x.intent == "complaint"


def test_a_purchase_limit_and_a_certification_are_named_when_deferred(tech, beauty) -> None:
    x, p = ask(tech, "公司同事都让我帮忙带，数据线每人限购几根啊，我想一次拍5根")
    assert x.intent == "how_to_buy" and p.lines[0] == "資料卡上沒有寫每人限購數量，我確認後再告訴大家。"
    _, p = ask(beauty, "闺蜜让我帮她也抢一支，秒杀的口红每人限购几支啊")  # the limit deferred by name, whatever else is said
    assert p.lines[0] == "資料卡上沒有寫每人限購數量，我確認後再告訴大家。"
    _, p = ask(tech, "P65有3C认证吗 别家杂牌的没认证我都不敢用")  # was "沒有寫P65的鏡頭" (雜牌 heard as 拍)
    assert p.lines[0] == "資料卡上沒有寫P65的3C 認證，我確認後再告訴大家。"
    _, p = ask(tech, "充電頭有過BSMI認證嗎")
    assert "BSMI 認證" in p.lines[0]


def test_noise_blocked_and_a_stuffy_feel_name_their_attributes(tech, beauty) -> None:
    _, p = ask(tech, "X1 vs AirPods Pro, which one blocks noise better?")
    assert "35 dB" in " ".join(p.lines)
    _, p = ask(beauty, "我塊面好易出油，用呢支防曬會唔會好焗", stage_product="spf-sunscreen")
    assert "清透" in p.lines[0]


def test_three_products_of_which_a_set_holds_two_are_the_set_and_the_third(tech) -> None:
    from vhost.guard.guard import Guard

    persona, _ = tech
    x, p = ask(tech, "手机 充电头 数据线三件一起拍，总共多少钱")  # was each price summed one by one (2467)
    assert x.intent == "bundle" and "2399" in p.lines[0] and p.lines[-1] == "N9 手機快充組合加C1 編織快充線一共 2438 元。"
    g = Guard(persona)
    assert g.check(p.lines[-1]).ok and not g.check("N9 手機快充組合加C1 編織快充線一共 2448 元。").ok
    assert not g.check("C1 編織快充線一共 2438 元。").ok  # the set not named: no set price to add
    _, p = ask(tech, "X1 P65 C1一起多少")  # no set among them: each price and the sum, as before
    assert p.lines[-1] == "X1和P65和C1一起是 367 元。"


def test_how_long_a_jar_lasts_is_deferred_in_the_viewers_words(beauty) -> None:
    _, p = ask(beauty, "這罐多大啊？可以用多久", stage_product="vc-cream")  # was "沒有寫…面霜的續航", a battery's word
    assert p.lines[0] == "資料卡上沒有寫維他命 C 亮采面霜可以用多久，我確認後再告訴大家。"
