"""Terms no sheet states, asked in words viewers use: how a prize is claimed and sent, whether a new device's first
charge must be a full one, a discount for buying several, how a gift counts with several or a set. Each is said to be
not on the sheet, by its name, then what the sheet does say; each case failed before (named in its comment)."""

from __future__ import annotations

from tests.knowledge.conftest import ask


def test_claiming_a_prize_is_deferred_by_name_then_the_draw(tech, beauty) -> None:
    for pu, text, said in ((tech, "中了要怎么领 填地址吗", "領獎"),  # was the draw's rules alone, as if they answered it
                           (tech, "福袋抽中的殼會另外寄嗎 還是跟訂單一起", "寄送"),
                           (beauty, "盲盒抽中了怎麼領獎", "領獎"),
                           (tech, "won the lucky bag last time, how do i claim it? do u need my address", "claim")):
        x, p = ask(pu, text)
        assert x.intent == "lottery" and "prize_claim" in x.missing, (text, x.missing)
        assert said in p.lines[0] and len(p.lines) == 2 and ("抽" in p.lines[1] or "giveaway" in p.lines[1]), (text, p.lines)


def test_a_first_full_charge_is_not_on_the_sheet(tech) -> None:
    for text in ("新手机第一次充电要充满12小时吗", "第一次充電要充滿8小時嗎 老人家都這樣說欸", "不是说新手机第一次要充满12小时吗 N9也要这样吗"):
        x, p = ask(tech, text, stage_product="n9-phone")  # was the battery line, as if it answered
        assert "first_charge" in x.missing, (text, x.missing)
        assert "第一次充電" in p.lines[0] and "資料卡上沒有寫" in p.lines[0], (text, p.lines)
    x, p = ask(tech, "does the N9 need a full charge the first time?")
    assert p.lines[0] == "I don't have the N9's first-charge advice in my notes yet; I'll check and let you know."


def test_a_discount_for_several_is_deferred_unless_a_two_piece_set_is_it(tech, beauty) -> None:
    x, p = ask(tech, "要買五條C1公司用 有冇得平啲")  # was "C1 has no set price" and the phone's set
    assert p.lines == ("資料卡上沒有寫多買的優惠，我確認後再告訴大家。", "C1 編織快充線直播間價格是 39 元，目前沒有折扣。")
    x, p = ask(tech, "揪團買三支N9有沒有更便宜")  # was the set alone, as if it were a discount for three phones
    assert p.lines[0] == "資料卡上沒有寫多買的優惠，我確認後再告訴大家。"
    x, p = ask(tech, "any bulk discount if i buy 10 cables for the office")
    assert "discounts for buying several" in p.lines[0] and "39 yuan" in p.lines[1]
    x, p = ask(beauty, "口紅買兩支有冇優惠")  # the two-piece set is the discount for two: no deferral
    assert "bulk_discount" not in x.missing and p.lines == ("唇膏雙色組 239 元，包含兩件絲絨霧面唇膏，比分開買省 19 元。",)


def test_how_a_gift_counts_with_several_or_a_set_is_not_on_the_sheet(tech, beauty) -> None:
    x, p = ask(beauty, "买两瓶防晒能送两个旅行装吗")  # was the gift alone, read as one travel size for each
    assert "送幾個" in p.lines[0] and "10 毫升" in p.lines[1]
    for pu, text, gift in ((beauty, "does the serum duo come w/ 2 travel sizes or just 1?", "5 ml"),
                           (tech, "if i buy the phone + charger set do i still get the free case", "phone case")):
        x, p = ask(pu, text)
        assert x.intent == "gift" and "gift_terms" in x.missing, (text, x.missing)
        assert "gift terms" in p.lines[0] and gift in p.lines[1], (text, p.lines)


def test_the_words_do_not_fire_across_other_words(tech, beauty) -> None:
    # folded text runs words together ("dose the" holds "set"): the English patterns match whole words
    x, p = ask(beauty, "dose the sunscreen come with a freebie")
    assert x.missing == () and p.lines == ("The free gift with the Clear Sunscreen Lotion is a 10 ml travel size sunscreen.",)
    x, _ = ask(tech, "i wonder if the x1 ships to canada")  # "wonder" is no prize won
    assert "prize_claim" not in x.attrs and x.intent == "shipping"
    x, _ = ask(tech, "X1 有送什麼嗎")
    assert x.missing == () and x.intent == "gift"
