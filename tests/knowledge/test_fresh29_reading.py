"""What the twenty-ninth blind set showed, each read wrongly before (named in its comment): short danmaku, money and
quantities, after-sales with a story, reactions to what the host just said."""

from __future__ import annotations

import pytest

from tests.knowledge.conftest import ask


@pytest.mark.parametrize("text,intent", [
    ("yo from auckland 🥝 just tuned in", "greeting"),  # was shipping to Auckland
    ("el clasico tmrw?", "off_topic"),  # was small talk
    ("帮我写个请假条 就说发烧了", "off_topic"),  # was the warranty
    ("phone screen went black after 3 weeks, is that covered?", "warranty"),  # was a spec deferral on "went black"
    ("手滑拍了两台手机 能取消一台吗", "returns"),  # cancelling is under the platform's rules
    ("can i cancel my order", "returns"),
    ("the X1 noise cancelling protects your hearing 100%", "medical"),  # noise cancelling is no cancelled order
])
def test_what_is_asked(tech, text, intent) -> None:
    assert ask(tech, text)[0].intent == intent


def test_money_by_the_unit_and_in_total(tech, beauty) -> None:
    x, p = ask(tech, "C1一米合幾塊")  # was "不是這個數字" (C1 + 一米 read as 11 米)
    assert x.intent == "price" and x.bait == () and "39" in p.lines[0] and "1.5 米" in p.lines[1]
    x, p = ask(beauty, "精華一毫升算下來多少 有送小樣嗎")  # was the gift first, no size
    assert x.intent == "price" and "189" in p.lines[0] and "30 毫升" in p.lines[1] and "旅行裝" in p.lines[2]
    _, p = ask(beauty, "price per gram on the vit c cream? n is there a freebie")  # "per gram" was read as per metre
    assert "50 g" in p.lines[1] and "free gift" in p.lines[2]
    _, p = ask(beauty, "serum + sunscreen + cream all 3, total?")  # the sum was not said
    assert p.lines[-1].endswith("together come to 577 yuan.") and len(p.lines) == 4
    _, p = ask(tech, "耳机充电头数据线全要 一共多少 包邮不")  # was "X1 has no set price" and the X1 alone
    assert "367" in p.lines[-1] and "129" in " ".join(p.lines) and "39" in " ".join(p.lines)


def test_discounts_the_sheet_lacks_are_named(tech, beauty) -> None:
    for pu, text, said in ((tech, "student discount?", "a student discount"),  # was the N9's promo price
                           (beauty, "first order discount?", "a first order discount"),
                           (beauty, "買滿500有沒有折", "滿500的優惠")):  # was the cream's promo price
        x, p = ask(pu, text)
        assert x.missing == ("coupon",) and said in p.lines[0], (text, p.lines)


def test_the_plays(tech, beauty) -> None:
    x, p = ask(tech, "2000 likes = 1999 right?")  # was "which product do you mean"
    assert x.intent == "bargain" and p.lines == ("Not quite.", "It takes 2000 likes to unlock 2199.")
    for pu, text, stage in ((tech, "砍到第幾檔了", "n9-phone"), (beauty, "現在砍到哪了", "ha-serum")):
        _, p = ask(pu, text, stage_product=stage)  # where the room has got: the overlay's bar (was the steps alone)
        assert p.lines[0] == "砍價進度看畫面上的進度條。", (text, p.lines)
    x, p = ask(beauty, "送1蚊禮物都計㗎？")  # was "which product do you mean"
    assert x.intent == "lottery" and "1 元以上的禮物" in p.lines[0]


def test_a_figure_claimed_and_a_concentration_said_back(tech, beauty) -> None:
    x, p = ask(tech, "耳機一隻10克左右吧 續航多久")  # the weight that corrects it was not said
    assert x.bait == ("10克",) and "4.8 克" in p.lines[1] and "30 小時" in p.lines[2]
    _, p = ask(beauty, "那瓶精華玻尿酸有到5%吧")  # was "這一項資料卡上沒有寫"
    assert "2%" in p.lines[0]
    x, p = ask(beauty, "lipstick is 5g right?")  # was "the lipstick's 5G support": no product here has a network
    assert "network" not in x.attrs and "3.5 g" in p.lines[0] and "5G" not in " ".join(p.lines)
    x, _ = ask(tech, "N9有5G嗎")  # a phone's 5G is still the network
    assert "network" in x.attrs


def test_cantonese_and_mixing(tech, beauty) -> None:
    _, p = ask(beauty, "防曬可唔可以落水游水")  # 落水 / 游水: into the water, swimming
    assert "防水" in p.lines[0]
    for text in ("精华能兑进面霜里一起抹吗", "防曬可唔可以同我啲粉底液溝埋一齊搽", "精華面霜可以混著用嗎"):
        x, p = ask(beauty, text)  # was the routine alone, or 沒有寫「面霜可不可以混著用」
        assert "mixing" in x.missing and "能不能混在一起用" in p.lines[0], (text, p.lines)
    _, p = ask(beauty, "can i mix the serum into my moisturizer")
    assert "guidance on mixing" in p.lines[0]
    x, _ = ask(beauty, "落單嗰陣揀錯咗舊地址 仲改唔改得")  # was how to buy
    assert x.missing == ("address_change",)
    x, p = ask(tech, "我部iPhone 15啱唔啱用條線")  # was 沒有寫C1的「條線」
    assert x.attrs == ("compat",) and "USB-C" in p.lines[1]
    x, p = ask(tech, "手機跟耳機誰比較耐用電")  # was each one's lead point
    assert "18 小時" in " ".join(p.lines) and "30 小時" in " ".join(p.lines)


def test_a_superlative_claimed_and_two_of_one_at_a_wrong_price(beauty) -> None:
    _, p = ask(beauty, "你家口红是全网最持久的吧")  # was the lead points: the measure claimed is the one answered
    assert p.lines == ("我們不比別家，只講自己實測的數據。", "霧面質地比較不沾杯，吃東西後建議補擦。")
    _, p = ask(beauty, "2 sunscreens is a set for 299 right?")  # what the two come to was not said
    assert p.lines == ("That's not the price.", "The Clear Sunscreen Lotion is 159 yuan.", "2 of them come to 318 yuan.")
