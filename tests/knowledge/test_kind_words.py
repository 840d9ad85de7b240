"""A question that names no product but says what only one kind of product does (worn in the ears, watched on a
screen, counted in 條, put on the lips, against the sun) is about that product, not "which one?"."""

from __future__ import annotations

from tests.knowledge.conftest import ask


def test_what_only_one_kind_does_names_it(tech, beauty) -> None:
    for pu, text, want in ((tech, "跑步戴会掉吗 出汗怕不怕", "x1-earbuds"),  # was "想问哪一款呢？X1还是N9？"
                           (tech, "戴一整天耳朵會不會痛", "x1-earbuds"),
                           (tech, "does it fall out when i run", "x1-earbuds"),
                           (tech, "洗澡的时候放浴室刷视频会进水不", "n9-phone"),
                           (tech, "這台字可以調大嗎 買給我爸", "n9-phone"),  # counted in 台: the phone
                           (tech, "那條粗粗的最高可以跑到幾W", "c1-cable"),  # 條: the cable, not the charger
                           (tech, "这根能充笔记本吗", "c1-cable"),
                           (beauty, "涂嘴上会不会干", "velvet-lip"),
                           (beauty, "出门一整天会晒黑吗", "spf-sunscreen")):  # fmt: skip
        x, p = ask(pu, text)
        assert x.products == (want,), (text, x.products)
        assert not x.ambiguous, text


def test_a_policy_asked_of_a_kind_is_about_that_product(tech) -> None:
    x, p = ask(tech, "收到屏幕碎了咋整 能换新的不")
    assert x.intent == "returns" and x.products == ("n9-phone",)
    assert ask(tech, "左耳才用一周就没声了 能换新的吗")[0].products == ("x1-earbuds",)


def test_the_kind_words_do_not_overrule_what_is_named_or_shown(tech, beauty) -> None:
    assert ask(tech, "P65 插头能折叠吗")[0].products == ("p65-charger",)
    assert ask(tech, "刷视频会不会有延迟", stage_product="x1-earbuds")[0].products == ("x1-earbuds",)  # the one shown
    assert ask(tech, "无线的续航多久")[0].products != ("c1-cable",)  # 無線 (wireless) is not a 線 (cable)
    assert ask(beauty, "面霜涂嘴角干的地方可以吗")[0].products == ("vc-cream",)  # named: the cream, wherever it goes


def test_a_thing_asked_for_that_the_sheet_lacks_is_named(beauty, tech) -> None:
    _, p = ask(beauty, "精華的pH值是多少？")  # was "這一項資料卡上沒有寫" (no topic: a holding line)
    assert p.lines[0] == "資料卡上沒有寫玻尿酸保濕精華的PH值，我確認後再告訴大家。"
    assert ask(tech, "这台电脑能用吗")[0].products != ("n9-phone",)  # the viewer's computer is not our phone
