"""What reading the seventeenth fresh set taught: each case failed before the change named in its test."""

from __future__ import annotations

from tests.knowledge.conftest import ask
from vhost.text.fold import plain_english


def test_two_outright_asks_are_led_by_the_first(tech, beauty) -> None:
    x, p = ask(tech, "多钱 还有货吗", stage_product="x1-earbuds")
    assert x.intent == "price" and p.lines[0].endswith("199 元。") and "500 件" in p.lines[1]
    x, p = ask(beauty, "还有吗 多少钱", stage_product="spf-sunscreen")
    assert x.intent == "stock" and "600 件" in p.lines[0] and "159" in p.lines[1]
    x, _ = ask(beauty, "精华多少米 有货没")  # 多少米: money slang
    assert x.intent == "price"
    x, _ = ask(beauty, "這罐還有多少 我要囤", stage_product="vc-cream")  # 還有多少 is the stock, not a price
    assert x.intent == "stock"


def test_english_chat_shorthand_is_read_written_out(tech) -> None:
    assert plain_english("hw much is it rn, does it come w/ a case? tmrw ok?") == "how much is it right now, does it come with a case? tomorrow ok?"
    assert plain_english("X1 w/o the case") == "X1 without the case" and plain_english("U盤") == "U盤"
    x, p = ask(tech, "does the phone come w/ a case")
    assert x.intent == "gift" and "phone case" in p.lines[0]
    x, p = ask(tech, "hw much is the phone rn and does it come w/ a case")
    assert x.intent == "price" and "2299" in p.lines[0] and "phone case" in p.lines[1]
    _, p = ask(tech, "how many phones left and is the deal still on tmrw")  # "and is": a second ask
    assert "80 units" in p.lines[0] and "December 31" in p.lines[1]


def test_initials_and_a_typed_link(tech) -> None:
    x, p = ask(tech, "yh到啥时候", stage_product="n9-phone")
    assert x.intent == "promo" and "12 月 31 日" in p.lines[0]
    x, _ = ask(tech, "连接呢 冲", stage_product="n9-phone")  # 連接 typed for 鏈接: the shop link
    assert x.intent == "how_to_buy"
    x, _ = ask(tech, "蓝牙连接呢", stage_product="x1-earbuds")
    assert x.intent == "spec"


def test_cantonese_watts_ports_and_situations(tech) -> None:
    _, p = ask(tech, "呢條線夠唔夠長 幾多火")  # 火: watts
    assert "1.5 米" in p.lines[0] and "100 瓦" in p.lines[1]
    _, p = ask(tech, "個叉電頭有幾多個窿 重唔重")  # 窿: the ports
    assert "三個接口" in p.lines[0] and "110 克" in p.lines[1]
    _, p = ask(tech, "can the earbuds survive a sweaty gym session")
    assert "IPX5" in p.lines[0]
    _, p = ask(tech, "手机能刷一天剧不 玩游戏烫不烫")  # the heat is not on the sheet; a day of videos is
    assert "18 小時" in " ".join(p.lines)


def test_a_deferral_keeps_both_facts_that_answer_other_asks(tech) -> None:
    _, p = ask(tech, "这手机单手拿着沉不沉 屏幕多大")
    assert p.mode == "defer" and "188" in p.lines[1] and "6.6" in p.lines[2]  # as asked: the weight, then the screen


def test_a_figure_asked_is_not_answered_by_a_line_without_one(tech) -> None:
    _, p = ask(tech, "這支手機螢幕多大 電池呢")  # not "續航和螢幕是換機時很值得比較的兩項"
    assert "6.6" in p.lines[0] and "5000" in p.lines[1]  # in the order asked
    _, p = ask(tech, "N9 電池多大 螢幕呢")
    assert "5000" in p.lines[0] and "6.6" in p.lines[1]


def test_the_cable_by_its_one_character_and_the_earbuds_by_listening(tech) -> None:
    x, p = ask(tech, "秒杀结束了线还是29吗")
    assert x.products == ("c1-cable",) and "39 元" in " ".join(p.lines)
    x, p = ask(tech, "坐高铁去上海五个钟头 能听一路吗")
    assert x.products == ("x1-earbuds",) and "8 小時" in p.lines[0]
    x, _ = ask(tech, "听说续航很长 真的吗")  # hearsay: nothing listened to
    assert x.products != ("x1-earbuds",)


def test_a_ladder_step_confirmed_wrong_gets_the_step_as_it_is(tech, beauty) -> None:
    _, p = ask(tech, "刷300的礼物就能砍到1899是吧")
    assert p.lines == ("不是哦。", "禮物累計 300 解鎖 1999。", "最後一檔 1899 要等主播連麥同意。"), p.lines
    _, p = ask(beauty, "点赞1000就能砍到179吧", stage_product="ha-serum")
    assert p.lines == ("不是哦。", "點讚 1500 個解鎖 179。"), p.lines
    _, p = ask(tech, "if we hit 2000 likes the N9 drops to 1999, right?")
    assert p.lines == ("Not quite.", "It takes 2000 likes to unlock 2199."), p.lines
    _, p = ask(tech, "点赞2000就能砍到2199吧")  # right: yes, and the step
    assert p.lines == ("對。", "點讚 2000 個解鎖 2199。"), p.lines


def test_what_the_sheet_lacks_is_named_as_asked(beauty) -> None:
    _, p = ask(beauty, "今天下單明天會出貨嗎")
    assert "發貨和到貨時間" in p.lines[0] and "盡快發貨" in p.lines[1]
    _, p = ask(beauty, "拆封用过一次觉得不喜欢 还能退吗")
    assert "退貨條件" in p.lines[0]
    x, p = ask(beauty, "面霜卖完还补吗 蹲")
    assert "補貨" in p.lines[0] and "250 件" in p.lines[1]
    x, _ = ask(beauty, "面霜是純VC嗎 會不會不穩定")  # 會不 sounds like 會補: no restock asked
    assert "restock" not in x.attrs
    _, p = ask(beauty, "精华有放腐剂吗")  # typed by its sound
    assert "防腐劑" in p.lines[0]
    _, p = ask(beauty, "口红买回去放抽屉里 保质期有多久")
    assert "保存期限" in p.lines[0] and "抽屜" not in p.lines[0]


def test_a_series_is_off_topic_and_layering_is_the_routine(beauty) -> None:
    x, _ = ask(beauty, "有没有人在追繁花 好好看")
    assert x.intent == "off_topic"
    x, p = ask(beauty, "精华和面霜能叠着用吗")
    assert x.intent == "usage" and "先用精華" in p.lines[0]
    x, _ = ask(beauty, "有没有满减 能叠券吗")  # stacking coupons is no routine
    assert x.intent == "promo"


def test_a_size_asked_beside_the_gift(beauty) -> None:
    _, p = ask(beauty, "买面霜送啥 面霜本身多大")
    assert "5 克" in p.lines[0] and "50 克" in p.lines[1]


def test_a_set_against_buying_singly_says_what_the_items_come_to(tech, beauty) -> None:
    _, p = ask(tech, "手机加充电头一起多少 单买呢")
    assert p.lines[0] == "分開買是N9 手機 2299 元加P65 氮化鎵快充頭 129 元，一共 2428 元。" and "2399" in p.lines[1]
    _, p = ask(beauty, "双瓶组跟买两瓶单的差多少")
    assert "各 189 元，一共 378 元" in p.lines[0] and "省 39 元" in p.lines[1]
    _, p = ask(tech, "手机加充电头一起拍多少")  # the set's price asked: no sum beside it
    assert "2428" not in " ".join(p.lines)


def test_a_sets_price_is_the_set_and_set_me_back_is_a_price(beauty) -> None:
    x, _ = ask(beauty, "how much is the serum duo")  # rule 4 (sets) before rule 5 (a price)
    assert x.intent == "bundle"
    x, _ = ask(beauty, "what does the sunscreen set me back?")
    assert x.intent == "price"


def test_when_it_ships_is_deferred_by_name_beside_the_policy(tech, beauty) -> None:
    """The sheet says "as soon as possible", no day: every way of asking when gets that said, and the time named."""
    for q in ("拍了 啥时候发货啊 急用", "幾時發貨呀 急用", "今天下單明天會出貨嗎"):
        _, p = ask(beauty, q)
        assert "發貨和到貨時間" in p.lines[0] and "盡快發貨" in p.lines[1], (q, p.lines)
    x, p = ask(tech, "已下單什麼時候發貨")  # shipping, not how to buy
    assert x.intent == "shipping" and "盡快發貨" in p.lines[1]
    _, p = ask(tech, "when will my order ship")
    assert "delivery times" in p.lines[0] and "as soon as possible" in p.lines[1]
