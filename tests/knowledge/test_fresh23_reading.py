"""What reading the twenty-third fresh set taught: each case failed before the change named in its test."""

from __future__ import annotations

from tests.knowledge.conftest import ask


def test_a_budget_in_cantonese_money_is_a_budget(tech) -> None:
    _, p = ask(tech, "想買嘢送男朋友 三百蚊以內有咩推介")  # was every price, the N9's 2299 among them
    assert "2299" not in " ".join(p.lines) and "199" in p.lines[0]


def test_the_draw_and_its_prize_are_ours(beauty, tech) -> None:
    x, _ = ask(beauty, "點先可以抽到旅行裝")  # was declined as the world outside (旅行: a trip)
    assert x.intent != "off_topic"
    x, p = ask(tech, "下一轮福袋啥时候开啊 等半天了")  # was the draw's rules, as if they said when
    assert x.intent == "lottery" and p.lines[0].startswith("資料卡上沒有寫開獎時間")


def test_metres_beside_long_are_the_length(tech) -> None:
    x, p = ask(tech, "这个多少米 够不够长", stage_product="c1-cable")  # was the price (多少米: slang for money)
    assert x.intent == "spec" and p.lines[0] == "C1 長度 1.5 米。"
    assert ask(tech, "C1多少米啊 有没有货")[0].intent == "price"  # no 長 beside it: the slang


def test_a_code_for_a_discount_is_the_coupon_asked(beauty, tech) -> None:
    x, p = ask(beauty, "有冇優惠碼可以輸入")  # was the cream's winter price
    assert x.intent == "promo" and not x.products and p.lines[0].startswith("資料卡上沒有寫優惠")
    assert "coupon" not in ask(tech, "X1和N9一起买有优惠吗")[0].attrs  # 有優惠嗎 only sounds like 優惠碼


def test_a_childs_age_and_a_gift_asked_in_english(beauty, tech) -> None:
    x, p = ask(beauty, "can my 14yo daughter use the serum")  # was 'don't cover "daughter"'
    assert "age range" in p.lines[0]
    x, p = ask(tech, "if i grab the N9 do i get a case with it?")  # was the promotion
    assert x.intent == "gift" and "phone case" in p.lines[0]


def test_which_goes_on_first_is_the_routine(beauty) -> None:
    for text in ("serum then cream or cream then serum? im confused",  # was a deferral on "confused"
                 "精华和面霜先抹哪个",  # was "這一項資料卡上沒有寫"
                 "乾肌用精華夠嗎 要不要再疊面霜"):  # was a deferral on the cream's "要不要再疊面霜"
        _, p = ask(beauty, text)
        assert any("先用精華" in line or "Serum after cleansing" in line for line in p.lines), (text, p.lines)
    _, p = ask(beauty, "口紅要先塗潤唇膏打底嗎")  # 打底 is named, not "the lipstick's use"
    assert "打底" in p.lines[0]


def test_two_asks_each_get_their_own_line_with_its_figure(tech) -> None:
    _, p = ask(tech, "给我爸买N9 老人看字够大不 电池耐用吗")  # was a deferral on 耐用 (a material) and the pitch line
    assert p.lines == ("N9 是 6.6 吋 OLED 螢幕，120Hz 刷新率。", "N9 是 5000 毫安電池，我們實測影片連續播放 18 小時。")
    _, p = ask(tech, "if i grab the N9 do i get a case with it? and till when is this year end price")
    assert "phone case" in p.lines[0] and "December 31" in p.lines[1]  # was the price without its end date


def test_a_deal_that_lasts_is_the_promotion_not_a_battery(tech, beauty) -> None:
    x, p = ask(tech, "how long does the year end deal last")  # was "which one: X1 or N9?" (a battery lasts)
    assert x.products == ("n9-phone",) and "December 31" in p.lines[0]
    assert ask(beauty, "how long does the winter deal last")[0].products == ("vc-cream",)  # was the serum's "no extra discount"
    assert "battery" in ask(tech, "how long does the X1 battery last")[0].attrs


def test_cash_on_delivery_is_named_and_the_gym_is_sweat(tech) -> None:
    _, p = ask(tech, "can i pay cash on delivery?")  # was "our payment options", which is not what was asked
    assert p.lines[0].startswith("I don't have cash on delivery in my notes")
    x, p = ask(tech, "which one should i grab for my gym sessions?")  # was every price
    assert "IPX5" in p.lines[0]
    assert ask(tech, "健身房戴哪個好")[0].products == ("x1-earbuds",)  # worn: the earbuds, of the two that take sweat


def test_how_to_buy_asked_of_no_product_does_not_pick_one(tech, beauty) -> None:
    _, p = ask(tech, "怎么下单")  # was "找到X1 無線藍牙耳機就能下單": the first product on the sheet, asked of by nobody
    assert p.lines == ("點畫面下方的購物車，找到想要的商品就能下單。",)
    _, p = ask(tech, "can i pay cash on delivery?")
    assert p.lines[1] == "Tap the cart at the bottom of the screen and pick the one you want."
    assert "X1" in ask(tech, "X1怎么下单")[1].lines[0]
    assert "X1" in ask(tech, "怎么下单", stage_product="x1-earbuds")[1].lines[0]  # the one shown
    assert "X1" in ask(tech, "降噪那個在哪下單")[1].lines[0]  # the one with noise cancelling
    x, _ = ask(beauty, "色號買錯了能換嗎")  # the one with shades
    assert x.products == ("velvet-lip",)
    assert ask(beauty, "過敏了可以退嗎")[0].products == ()  # any product may cause it: none is picked


def test_a_payment_brand_is_named_as_it_writes_itself(tech) -> None:
    _, p = ask(tech, "can i pay with apple pay")  # was "our payment options"
    assert p.lines[0].startswith("I don't have Apple Pay in my notes")
    assert ask(tech, "can i pay with alipay")[1].lines[0].startswith("I don't have Alipay")  # was "alipay"
