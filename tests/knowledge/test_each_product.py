"""Several products in one question: each one's own answer, and a deferral that names the product whose sheet lacks
what was asked, not the first one named; a phone the viewer charges or plays on is not our phone."""

from __future__ import annotations

from tests.knowledge.conftest import ask


def test_the_deferral_names_the_product_that_lacks_it_in_either_order(tech, beauty) -> None:
    for text in ("X1跟P65防水嗎", "P65跟X1防水嗎"):
        x, p = ask(tech, text)
        assert x.lacking == ("p65-charger",)
        assert p.lines[0] == "資料卡上沒有寫P65的防水，我確認後再告訴大家。"  # was "沒有寫X1的防水" for the first order
        assert "IPX5" in p.lines[1]
    _, p = ask(beauty, "精華和防曬有香味嗎")
    assert p.lines[0].startswith("資料卡上沒有寫清透防曬乳的")  # the sunscreen has no word on it; the serum has
    assert "無香精" in p.lines[1]
    _, p = ask(tech, "do the x1 and the p65 have a water rating")
    assert p.lines[0].startswith("I don't have the P65's water")


def test_both_products_lacking_it_are_both_named(tech) -> None:
    x, p = ask(tech, "N9有幾個顏色 X1有嗎")
    assert x.lacking == ("n9-phone", "x1-earbuds")
    assert p.lines[0].startswith("資料卡上沒有寫N9和X1的")


def test_each_product_asked_in_a_clause_of_its_own_gets_its_own_answer(tech, beauty) -> None:
    _, p = ask(tech, "X1多重 C1多長")  # the length was dropped: 多長 is a weak word beside 多重 in one message
    assert p.lines == ("X1的重量是 4.8 克。", "C1 長度 1.5 米。")
    _, p = ask(tech, "how heavy is the x1, and the p65?")
    assert "4.8 g" in p.lines[0] and "110 g" in p.lines[1]
    _, p = ask(tech, "X1續航多久 P65呢")  # "P65呢" asks what the clause before asked; the P65 was dropped silently
    assert p.lines[0] == "資料卡上沒有寫P65的續航，我確認後再告訴大家。" and "30 小時" in p.lines[1]


def test_a_phone_charged_or_played_on_is_the_viewers_not_ours(tech) -> None:
    x, p = ask(tech, "充電頭幾多w，可以衝手機嗎")  # 衝 for 充: was a deferral "沒有寫P65可不可以衝手機"
    assert x.products == ("p65-charger",) and p.lines == ("P65 65 瓦輸出，筆電手機都能充。",)
    x, p = ask(tech, "呢條線幾長㗎？夠唔夠我瞓喺床度玩手機")
    assert x.products == ("c1-cable",) and p.lines == ("C1 長度 1.5 米。",)
    _, p = ask(tech, "P65可以充手機嗎")  # the line that names phones, not the laptop FAQ that sounds closer
    assert "手機" in p.lines[0]
    x, _ = ask(tech, "N9手機多重")  # our phone named as ours stays ours
    assert x.products == ("n9-phone",)
