"""What reading the fifteenth fresh set taught: each case failed before the change named in its test."""

from __future__ import annotations

from tests.knowledge.conftest import ask
from vhost.text.fold import detect_lang


def test_english_words_that_happen_to_spell_syllables_are_english() -> None:
    # "courier" splits into cou-ri-er, but "do" and "u" are no syllables of Mandarin
    assert detect_lang("which courier do u use") == "en"
    assert detect_lang("shouji duo shao qian") == "zh"


def test_a_word_that_only_describes_a_product_does_not_name_it_beside_a_code(tech) -> None:
    x, _ = ask(tech, "does n9 have wireless charging")
    assert x.products == ("n9-phone",)  # not also the X1 Wireless Earbuds
    x, _ = ask(tech, "are the wireless ones waterproof")
    assert x.products == ("x1-earbuds",)  # alone, it still names them


def test_the_product_as_a_whole_gets_its_lead_selling_points(tech, beauty) -> None:
    for q in ("X1 好用嗎", "X1 品質如何", "這個耳機好不好用"):
        x, p = ask(tech, q)
        assert x.intent == "spec" and p.mode == "fact", (q, p)
        said = "".join(p.lines)
        assert "8 小時" in said and "35 分貝" in said and "沒有寫" not in said, (q, said)
    x, p = ask(tech, "這個怎麼樣", stage_product="x1-earbuds")
    assert p.mode == "fact" and "35 分貝" in "".join(p.lines)
    x, p = ask(tech, "N9 拍照怎麼樣")  # a feature named: that feature, not the pitch
    assert "5000 萬像素" in "".join(p.lines) and "OLED" not in "".join(p.lines)


def test_a_lone_w_between_english_words_is_not_watts(tech) -> None:
    x, p = ask(tech, "is x1 ok for small ears? mine hurt w most buds")
    assert "power" not in x.attrs and "charging power" not in " ".join(p.lines)
    assert "fit" in p.lines[0]  # the deferral names what was asked
    _, p = ask(tech, "p65 how many w")
    assert "65 W" in " ".join(p.lines)


def test_complaints_about_quality_and_fragments_that_are_no_topic(tech, beauty) -> None:
    x, p = ask(tech, "線才用兩天外皮就裂開了欸 什麼品質啦")
    assert x.intent == "complaint" and "客服" in "".join(p.lines)
    _, p = ask(beauty, "我黃肌擦這防曬會不會變灰灰的")  # turning grey is a white cast
    assert "不泛白" in "".join(p.lines) and "「" not in "".join(p.lines)


def test_an_adults_age_is_asked_only_when_the_fit_is(tech, beauty) -> None:
    _, p = ask(beauty, "我媽50幾歲 用面霜啱唔啱")
    assert "適用年齡" in p.lines[0]
    x, _ = ask(tech, "買給我爸 他70歲了 這台字可以調很大嗎")
    assert "age" not in x.attrs


def test_plays_and_policies_asked_in_new_words(tech, beauty) -> None:
    x, p = ask(tech, "點讚夠兩千會跌到幾錢")
    assert x.intent == "bargain" and "2199" in "".join(p.lines)
    x, p = ask(tech, "送礼物要送多少才解锁下一刀")
    assert x.intent == "bargain" and "300" in "".join(p.lines)
    x, p = ask(beauty, "抽幾多個㗎")
    assert x.intent == "lottery" and "5 位" in "".join(p.lines)
    x, p = ask(beauty, "優惠券結帳時要怎麼用啦")
    assert x.intent == "how_to_buy" and p.mode == "defer" and "優惠券" in p.lines[0]  # no "which product?"
    x, p = ask(beauty, "口紅雙色組可以自己揀色嗎")
    assert x.intent == "bundle" and p.mode == "defer" and "239" in "".join(p.lines)


def test_which_end_goes_where_is_the_connector(tech) -> None:
    x, p = ask(tech, "c1條線邊頭插手機 邊頭插叉電器㗎")
    assert x.products == ("c1-cable",) and x.intent == "usage" and "USB-C" in "".join(p.lines)


def test_the_first_of_two_asks_is_the_label_and_is_answered_first(tech) -> None:
    x, p = ask(tech, "X1幾錢呀？防唔防水㗎")
    assert x.intent == "price" and "199" in p.lines[0] and "IPX5" in "".join(p.lines)
    _, p = ask(tech, "x1 how much? waterproof?")
    assert "199" in " ".join(p.lines) and "IPX5" in " ".join(p.lines)  # English clauses keep their words


def test_the_flash_sales_price_is_the_promotion_until_it_is_over(tech, beauty) -> None:
    assert ask(tech, "秒杀线多少钱")[0].intent == "promo"
    assert ask(beauty, "唇膏秒杀完了现在啥价")[0].intent == "price"


def test_an_english_viewer_gets_the_sheets_facts_in_english(beauty) -> None:
    _, p = ask(beauty, "does the lipstick transfer onto cups")
    assert "transfers less" in p.lines[0]
    _, p = ask(beauty, "my skin is super dry, is the serum enough?")
    assert "2%" in p.lines[0]


def test_what_a_room_asks_most_reads_as_an_answer(tech, beauty) -> None:
    """Read aloud, none of these may quote a fragment of the question back ("沒有寫X1的這是什")."""
    x, p = ask(tech, "這是什麼", stage_product="x1-earbuds")  # what it is, then why
    assert x.products == ("x1-earbuds",) and p.lines[0] == "這是X1 無線藍牙耳機。" and "8 小時" in p.lines[1]
    x, p = ask(tech, "介紹一下", stage_product="n9-phone")
    assert x.products == ("n9-phone",) and p.lines[0] == "這是N9 手機。" and "OLED" in p.lines[1]
    _, p = ask(tech, "what is this", stage_product="n9-phone")
    assert p.lines[0] == "This is the N9 Phone."
    x, p = ask(tech, "主播用的是這款嗎", stage_product="x1-earbuds")  # honest: an AI host has used nothing
    assert x.intent == "chitchat" and p.lines[0].startswith("我是 AI 主播") and "8 小時" in p.lines[1]
    _, p = ask(beauty, "do you use it yourself", stage_product="vc-cream")
    assert p.lines[0].startswith("I'm a virtual host") and "10%" in p.lines[1]
    for q in ("已拍", "買了", "just ordered!"):
        x, p = ask(tech, q, stage_product="x1-earbuds")
        assert x.intent == "chitchat" and not p.llm and ("支持" in p.lines[0] or "order" in p.lines[0]), (q, p)
    assert ask(tech, "買了不能用")[0].intent == "complaint"
    x, p = ask(beauty, "保質期多久", stage_product="ha-serum")  # how long it keeps, not the warranty
    assert x.intent == "spec" and "12 個月" in p.lines[0]
    _, p = ask(tech, "能連兩個手機嗎", stage_product="x1-earbuds")
    assert "同時連兩台裝置" in p.lines[0]
    for q, stage in (("這是什麼", "x1-earbuds"), ("主播用的是這款嗎", "x1-earbuds"), ("能連兩個手機嗎", "x1-earbuds"), ("X1 質量好嗎", None)):
        assert "「" not in "".join(ask(tech, q, stage_product=stage)[1].lines)
