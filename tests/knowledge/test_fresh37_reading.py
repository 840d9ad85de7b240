"""What the thirty-seventh and thirty-eighth blind sets showed, each read wrongly before (named in its comment)."""

from __future__ import annotations

from tests.knowledge.conftest import ask


def test_the_host_asked_about_itself_says_what_it_is(tech, beauty) -> None:
    x, p = ask(beauty, "主播你係邊度人呀 口音好似台灣")  # was a free line: "我係臺灣人"
    assert x.intent == "chitchat" and "AI" in p.lines[0] and "台灣人" not in " ".join(p.lines)
    x, p = ask(tech, "主播講話好像導航的聲音 你是不是預錄好的")  # was a free line
    assert "AI" in p.lines[0] and "直播" in p.lines[0]
    _, p = ask(tech, "where r u from host")
    assert p.lines[0].startswith("I'm ") and "AI" in p.lines[0]
    _, p = ask(beauty, "when r u live again? i always miss the start lol")  # the schedule, not "this is live"
    assert "this is live" not in " ".join(p.lines)
    x, p = ask(tech, "你是哪里人啊 x1多少钱")  # a product asked: the product's answer
    assert x.intent == "price" and "199" in p.lines[0]


def test_a_promotion_asked_beside_the_price_says_the_price_once(beauty) -> None:
    _, p = ask(beauty, "面霜现在多少 活动价能用到啥时候")  # was the price line, then the promotion's line saying it again
    assert len(p.lines) == 1 and "229" in p.lines[0] and "12 月 31 日" in p.lines[0]


def test_the_next_stream_of_a_show_that_runs_in_rounds(tech, beauty) -> None:
    _, p = ask(tech, "晚安啦 明天还有直播吗")  # was only "not known": the rundown starts its next round right away
    assert "下一輪" in p.lines[0] and "直播時間" in p.lines[-1]
    _, p = ask(beauty, "主播下一場什麼時候 想等你講防曬")  # a product named in passing: still the show asked of
    assert "下一輪" in p.lines[0]


def test_a_medicine_asked_for_is_declined(beauty) -> None:
    for text in ("有沒有推薦的生髮水 頭頂快禿了", "皮膚科開的藥膏擦完一直脫皮 有推薦的止癢藥嗎"):  # was a health caution and a product line
        x, p = ask(beauty, text)
        assert x.intent == "off_topic" and "醫生" in p.lines[0] and "不聊" in p.lines[0], (text, p.lines)


def test_usage_asked_through_a_situation(tech, beauty) -> None:
    _, p = ask(beauty, "sunscreen right before i step out is fine right? no need to wait")  # was 'don't cover "step" or "wait"'
    assert "15 minutes" in p.lines[0]
    x, p = ask(beauty, "返工前要幾時搽 啱啱出門先搽得唔得", stage_product="spf-sunscreen")  # was "which one?"
    assert "15 分鐘" in p.lines[0]
    _, p = ask(beauty, "guy here, total skincare noob. how do i even use the serum?")  # was 'don't cover "guy" or "total"'
    assert "two or three drops" in p.lines[0]
    _, p = ask(beauty, "the serum is night only right?")  # was 'don't cover "is night only right"', the bait said back
    assert "morning and night" in p.lines[0] and "night only" not in " ".join(p.lines)
    x, p = ask(beauty, "面霜抹完隔幾分鐘再上防曬比較好")  # how long to wait between steps: not on the sheet, named
    assert "wait_time" in x.missing and "間隔" in p.lines[0]
    _, p = ask(beauty, "防曬搽完要等幾耐先出門 出汗使唔使補")  # waiting before going out is the sheet's 15 minutes
    assert "15 分鐘" in " ".join(p.lines)
    _, p = ask(beauty, "去海邊玩一整天 防曬早上擦一次就能撐到晚上吧")  # no battery of a sunscreen's
    assert "補擦" in p.lines[0] and "資料卡上沒有寫" not in p.lines[0]
    x, p = ask(tech, "X1 剛拿到要先充飽才能用嗎")
    assert "first_charge" in x.missing


def test_money_of_the_flash_sale_and_the_promotion(tech, beauty) -> None:
    _, p = ask(tech, "快充線秒殺幾點開搶 我先定鬧鐘")  # no hour on the sheet, named; the price to set an alarm for
    assert "開始時間" in p.lines[0] and "29" in p.lines[1]
    _, p = ask(beauty, "is the lipstick on sale rn or do i wait for the flash thing?")
    assert "129" in p.lines[0] and "99" in p.lines[1]
    _, p = ask(tech, "條線而家幾錢 唔係話秒殺咩")  # the flash sale taken for now: the price now, no flash figure beside it
    assert "39" in p.lines[0] and "29" not in " ".join(p.lines)
    _, p = ask(tech, "秒殺搶完以後 線會回到幾塊")
    assert any("39" in x for x in p.lines)
    _, p = ask(tech, "N9原本賣多少 我想算算省了幾塊")  # was the price line, without the saving
    assert "省 200" in p.lines[0]


def test_policies_and_a_number_said_wrong(tech, beauty) -> None:
    x, p = ask(tech, "今天下單 N9 禮拜六前收得到嗎 要送人")  # a delivery by a weekday: not promised, named (was "as soon as possible" alone)
    assert "到貨" in p.lines[0] and "資料卡上沒有寫" in p.lines[0]
    _, p = ask(tech, "how much is shipping on the charger?")
    assert "shipping costs" in p.lines[0]
    _, p = ask(beauty, "the cream is 30g right? seems tiny for the price")  # was the light-texture line
    assert "50 g" in p.lines[1]


def test_the_earbuds_case_is_the_earbuds(tech) -> None:
    x, _ = ask(tech, "how long does the earbuds case take to charge fully?")  # was "which product?": read as a phone case
    assert x.products == ("x1-earbuds",) and "charge_time" in x.missing
    x, _ = ask(tech, "does the n9 come with a phone case")  # the phone's case is the gift, not a part of the phone
    assert x.intent == "gift"


def test_a_price_read_as_the_promotion_gets_the_promotions_line(beauty) -> None:
    x, p = ask(beauty, "what was the cream's price before the winter deal?")  # routed by its price words, read as the deal
    assert (x.intent, x.route) == ("promo", "price") and "December 31" in p.lines[0] and "259" in p.lines[0]
