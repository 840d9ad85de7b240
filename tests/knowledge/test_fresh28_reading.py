"""What the twenty-eighth blind set showed, each read wrongly before (named in its comment): products named by what they
are, asks in everyday words, Cantonese and Taiwanese, English with a story before the ask."""

from __future__ import annotations

import pytest

from tests.knowledge.conftest import ask


@pytest.mark.parametrize("text", ["聽日會唔會打風呀 想知使唔使返工", "主播帮我看道物理题 小车从斜坡滑下来加速度咋求"])
def test_the_weather_and_homework_are_declined(tech, text) -> None:
    x, _ = ask(tech, text)  # the typhoon was "which product do you mean"; the physics problem small talk
    assert x.intent == "off_topic"


def test_everyday_words_for_a_spec(tech, beauty) -> None:
    for pu, text, want in ((tech, "戴耳機坐捷運 旁邊阿伯講電話還聽得到嗎", "35 分貝"),  # was 沒有寫「坐捷運」
                           (tech, "my dell xps came with this chunky brick, could the little GaN thing replace it?", "65 W"),
                           (tech, "can the earbuds get me thru a 14hr flight to toronto or do i need a backup", "30 hours"),  # was shipping to Toronto
                           (tech, "ultralight backpacker here, is the phone + charger gonna add much to my pack", "110 g"),
                           (beauty, "早上出门前多久擦防晒 我一般洗完脸就冲出门", "15 分鐘"),  # was the routine
                           (beauty, "ok so storytime: my sister borrowed my old sunscreen for her beach trip, came back red as a tomato n "
                                    "blamed me lol. wanna get her a proper one this time, how strong is yours", "SPF50+")):
        _, p = ask(pu, text)
        assert want in " ".join(p.lines), (text, p.lines)
    _, p = ask(beauty, "呢罐係咪好厚好膩㗎", stage_product="vc-cream")  # was 沒有寫…是不是好厚好膩
    assert "輕盈乳霜" in p.lines[0]
    _, p = ask(beauty, "how strong is the serum")  # a concentration, not an SPF
    assert "2%" in p.lines[0]


def test_what_the_sheet_lacks_is_named_as_asked(tech, beauty) -> None:
    for pu, text, said in ((tech, "手機可以嗶悠遊卡搭捷運嗎 防水又是幾級", "悠遊卡"),
                           (tech, "那个三孔的头三个口一起插 每个口还能有65瓦吗", "功率分配"),
                           (tech, "帮我妈问的 那个耳机第一次连手机要咋弄", "連接方式"),  # was 沒有寫X1的帮我妈问
                           (tech, "do u guys ship to perth? my cousin wants the charger lol", "Perth"),
                           (tech, "可以刷卡分三期嗎 還是只能一次付清", "分期"),  # was 付款方式
                           (beauty, "does the serum come in a bigger size? 30ml runs out so fast", "bigger")):
        _, p = ask(pu, text)
        assert said in p.lines[0], (text, p.lines)


def test_a_health_worry_and_a_feared_sting(tech, beauty) -> None:
    x, _ = ask(tech, "我有心臟起搏器 戴藍牙耳機會唔會有干擾㗎")  # was 沒有寫X1的滋潤度
    assert x.intent == "medical"
    x, p = ask(beauty, "does the b5 stuff sting? my skin freaks out at literally everything")  # was "Please stop using it"
    assert x.intent == "suitability" and "no fragrance" in p.lines[0]


def test_products_named_by_what_they_are(beauty) -> None:
    x, p = ask(beauty, "does the spf50 one make u look like a ghost in flash photos lol")  # was small talk, no product
    assert x.intent == "spec" and x.products == ("spf-sunscreen",) and "no white cast" in " ".join(p.lines)
    x, p = ask(beauty, "精華同嗰罐VC霜一齊買 有冇套裝價㗎")  # was a bare "不是。"
    assert p.lines[0] == "這幾款沒有組合價。" and "189" in p.lines[1] and "229" in p.lines[2]


def test_the_first_ask_then_the_next(tech, beauty) -> None:
    x, p = ask(tech, "how many of the discounted phones r left? n does it come w a case or nah")  # the case was not said
    assert x.intent == "stock" and "80" in p.lines[0] and "phone case" in p.lines[1]
    x, p = ask(tech, "這個有附什麼小東西嗎 殼是什麼顏色的", stage_product="n9-phone")  # was the colour, not the gift
    assert x.intent == "gift" and "保護殼" in p.lines[0]
    x, p = ask(beauty, "how much was the pink one u swatched, n how many shades r there")  # was 'don't cover "pink"'
    assert x.intent == "price" and "129" in p.lines[0] and "six shades" in p.lines[1]
    x, _ = ask(beauty, "那個擦臉的防曬還有很多嗎 有送小樣嗎")  # was the gift
    assert x.intent == "stock"


def test_the_ladder_by_gifts_and_a_charger_for_two(tech) -> None:
    x, p = ask(tech, "so if i send like 100 kuai in gifts the phone drops to 1999 right?")  # "like" was read as likes
    assert x.intent == "bargain" and p.lines == ("Not quite.", "It takes gifts worth 300 to unlock 1999.")
    x, p = ask(tech, "ok long story but my dad keeps losing his charger bricks at the office n then steals my laptop one. "
                     "if i get him the gan one can he plug his phone AND his ipad in at the same time?")  # was the N9 too
    assert x.products == ("p65-charger",) and "three ports" in " ".join(p.lines)


def test_a_soak_asked_of_a_splash_rating_is_a_no_first(tech) -> None:
    x, p = ask(tech, "耳機不是防水到可以戴去泡溫泉嗎")  # was "…運動流汗沒問題。" first: heard as a yes to the hot spring
    assert p.lines == ("不建議帶著游泳或泡水。", "X1 是 IPX5 防水。")
    x, p = ask(tech, "耳机和手机哪个更扛水 下雨天骑车想带着")  # 水下 across 扛水|下雨 was read as a claim of diving
    assert x.bait == () and "IPX5" in p.lines[0] and "IP54" in p.lines[1]


def test_a_pocket_and_a_tired_hand(tech) -> None:
    x, p = ask(tech, "部機塞唔塞得入牛仔褲袋 重唔重㗎")  # was 握持感 and the weight only: the screen's size not said
    assert p.lines[0] == "資料卡上沒有寫N9放不放得進口袋，我確認後再告訴大家。" and "188 克" in p.lines[1] and "6.6 吋" in p.lines[2]
    _, p = ask(tech, "這支單手拿著滑久了手會不會酸", stage_product="n9-phone")  # was the screen: what tires a hand is the weight
    assert "188 克" in p.lines[1]
    x, p = ask(tech, "will the n9 fit in my jeans pocket")  # was "in-hand feel and fit" (an earbud's fit)
    assert x.missing == ("handheld",) and "pocket fit" in p.lines[0] and "6.6 inch" in p.lines[1]
