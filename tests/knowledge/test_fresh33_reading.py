"""What the thirty-third blind set showed, each read wrongly before (named in its comment): words that only look like
a health worry or a price, what the sheet does not say and the line that comes nearest, an English policy line that
was given to one product, a second ask said second, a phone to replace, damage on arrival."""

from __future__ import annotations

from tests.knowledge.conftest import ask


def test_words_that_only_look_like_health_or_a_price(tech, beauty) -> None:
    x, p = ask(tech, "how many units in the flash sale? scared i won't get one", stage_product="c1-cable")  # "scar" of "scared": medical
    assert x.intent == "stock" and "50" in p.lines[0]
    x, p = ask(tech, "should i unplug the N9 at 80% or is overnight charging fine")  # "80%" was a price: "That's not the price."
    assert not x.bait and "charge_habit" in x.missing and "overnight" in p.lines[0] and "price" not in " ".join(p.lines)
    x, p = ask(beauty, "面霜是20%的VC吧")  # a wrong percentage is a number of the sheet, not a price
    assert "不是這個數字" in p.lines[0] and "價格" not in p.lines[0]
    x, p = ask(beauty, "does the sunscreen fully stop tanning? i burn super easy", stage_product="spf-sunscreen")  # "burn": a reaction
    assert x.intent == "medical" and "stop using" not in p.lines[0] and "SPF50+" in p.lines[1]
    x, p = ask(beauty, "the sunscreen burns my face")  # a reaction still stops it first
    assert "stop using" in p.lines[0]
    x, p = ask(tech, "ordered the earbuds last wk, left one is way quieter than the right. annoying af")  # was how to buy
    assert x.intent == "complaint" and "customer service" in p.lines[0]


def test_what_the_sheet_does_not_say_and_the_line_nearest(tech, beauty) -> None:
    x, p = ask(tech, "这个头三个口一起插 手机电脑耳机同时充行不行", stage_product="p65-charger")  # was the ports alone
    assert x.missing == ("power_split",) and "功率分配" in p.lines[0] and "65" in p.lines[1]
    x, p = ask(tech, "我阿公七十幾歲 眼睛不好 N9 字可以調很大嗎")  # named 「阿公七十」和「眼睛」 back
    assert x.missing == ("font_size",) and "字體大小" in p.lines[0] and "阿公" not in p.lines[0] and "6.6" in p.lines[1]
    x, _ = ask(tech, "N9 字體可以調大嗎")  # 字體 sounds like 自提 (store pickup)
    assert x.intent == "spec" and x.missing == ("font_size",)
    _, p = ask(tech, "家裡長輩要用 N9有長輩模式嗎 字能調大嗎")  # both named
    assert "長輩模式" in p.lines[0] and "字體大小" in p.lines[0]
    x, p = ask(beauty, "防晒可以叠在粉底上面补吗 中午要补妆")  # was "上妝前擦也不搓泥" (under makeup) as if it answered
    assert x.missing == ("over_makeup",) and "妝上" in p.lines[0]
    x, p = ask(beauty, "我男友刮鬍子後很乾 男生可以擦那罐維C的嗎")
    assert "men" in x.missing and "男生" in p.lines[0]
    _, p = ask(beauty, "can guys use the serum too")
    assert p.lines[0].startswith("My notes on the Hyaluronic Hydrating Serum don't cover whether men can use it")
    x, p = ask(beauty, "what time does the serum bargain start")  # no clock time on any sheet
    assert x.missing == ("bargain_time",) and "bargain start time" in p.lines[0] and "159" in p.lines[1]
    x, p = ask(beauty, "is the vit C in the cream the stable kind or the one that oxidizes fast")  # was the percentages
    assert x.attrs == ("stability",) and "stable" in p.lines[0]
    x, _ = ask(tech, "X1藍牙連接穩定嗎")  # a steady connection is no vitamin C's stability
    assert "stability" not in x.attrs


def test_policy_lines_that_say_product_page_are_the_shops(tech) -> None:
    # "The specs and origin are listed on the product page": a line of the shop's, not a template rendered per product
    # (it was given to the X1 and dropped for every other product in English)
    _, p = ask(tech, "where is the N9 actually manufactured? my dad only trusts imports lol")
    assert "product page" in p.lines[1]
    _, p = ask(tech, "is the N9 genuine?")
    assert "product page" in p.lines[0]


def test_a_second_ask_and_a_replacement(tech, beauty) -> None:
    x, p = ask(tech, "手機剩沒幾台了吧 買了還有送殼嗎 我還在猶豫要不要衝")  # the gift came third, after a pitch line
    assert "80" in p.lines[0] and "保護殼" in p.lines[1]
    x, p = ask(beauty, "呢支而家幾錢 買兩支有冇平啲", stage_product="ha-serum")  # the one price, then the set of two
    assert "189" in p.lines[0] and "339" in p.lines[1]
    x, p = ask(tech, "旧手机卡爆了想换 预算就1500 有合适的吗")  # the shelf within the budget, without the phone
    assert x.products == ("n9-phone",) and "2299" in p.lines[0]
    x, p = ask(tech, "出差只帶一台筆電一支手機 要帶哪個充電的就好")  # the viewer's own phone was taken for what is asked
    assert x.products == ("p65-charger",) and "65" in p.lines[0]
    x, _ = ask(tech, "gift for my bf, he runs every day and sweats a ton. which one?")
    assert x.intent == "recommend"


def test_damage_on_arrival_asked_what_to_do(beauty) -> None:
    x, p = ask(beauty, "防晒到手瓶子漏了一半 咋整", stage_product="spf-sunscreen")  # was the apology alone
    assert x.intent == "returns" and "抱歉" in p.lines[0] and "平台規則" in p.lines[1]
    x, p = ask(beauty, "收到的口紅斷了 氣死 怎麼辦")
    assert x.intent == "returns" and "平台規則" in p.lines[-1]
