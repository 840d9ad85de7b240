"""Question understanding and the answer plan, on the shipped personas, with questions typed the way viewers type."""

from __future__ import annotations

import pytest

from tests.knowledge.conftest import ask


@pytest.mark.parametrize(
    ("text", "intent", "product", "said"),
    [
        ("耳機幾錢", "price", "x1-earbuds", "199 元"),
        ("充電頭咋賣", "price", "p65-charger", "129 元"),
        ("how much is the charger", "price", "p65-charger", "129 yuan"),
        ("耳機重嗎", "spec", "x1-earbuds", "4.8 克"),
    ],
)
def test_tech_questions_answered_from_the_sheet(tech, text, intent, product, said) -> None:
    x, p = ask(tech, text)
    assert x.intent == intent and (x.product == product if product else True)
    assert p.mode == "fact" and said in " ".join(p.lines)


@pytest.mark.parametrize(
    ("text", "intent", "product", "said"),
    [
        ("口紅幾錢", "price", "velvet-lip", "129 元"),
        ("lipstick price?", "price", "velvet-lip", "129 yuan"),
        ("精華白天能用嗎", "usage", "ha-serum", "早晚都能用"),  # not the cream
        ("有幾個色號", "spec", "velvet-lip", "六個色號"),
    ],
)
def test_beauty_questions_answered_from_the_sheet(beauty, text, intent, product, said) -> None:
    x, p = ask(beauty, text)
    assert (x.intent, x.product) == (intent, product)
    assert p.mode == "fact" and said in " ".join(p.lines)


def test_bait_is_corrected_never_repeated(tech, beauty) -> None:
    x, p = ask(tech, "X1 99元對吧")
    assert x.bait == ("99",) and p.mode == "correct" and p.lines == ("不是這個價格。", "X1 無線藍牙耳機現在是 199 元。")
    x, p = ask(tech, "耳機是IP68嗎")  # a rating, not a price asked back
    assert x.intent == "spec" and p.mode == "correct" and "IP68" not in "".join(p.lines) and "IPX5" in p.lines[1]
    x, p = ask(tech, "充電頭真的有一百瓦嗎")  # Chinese numerals are numbers too
    assert x.bait == ("100瓦",) and "65 瓦" in "".join(p.lines) and "一百" not in "".join(p.lines)
    x, p = ask(tech, "N9可以帶去游泳嗎")
    assert p.mode == "correct" and "IP54" in p.lines[0] and "泡水" in "".join(p.lines)
    x, p = ask(beauty, "口紅99對吧")
    assert p.mode == "correct" and "129 元" in p.lines[1]


def test_a_network_is_not_a_number(tech) -> None:
    x, p = ask(tech, "N9 有 5G 嗎")
    assert x.product == "n9-phone" and "network" in x.attrs
    assert p.mode == "defer" and p.lines == ("資料卡上沒有寫N9的5G，我確認後再告訴大家。",)  # not "不是這個數字", not 5 grams


def test_delivery_time_is_the_shops_policy_and_the_detail_is_deferred(tech) -> None:
    x, p = ask(tech, "今天下單明天到嗎")
    assert x.intent == "shipping" and p.mode == "defer"
    assert "到貨" in p.lines[0] and "盡快發貨" in p.lines[1]


def test_typed_homophones_find_the_attribute(tech) -> None:
    for text, said in (("耳機續杭多長", "30 小時"), ("降躁效果怎樣", "35 分貝"), ("手机平幕多大", "6.6 吋"), ("充電頭幾哇", "65 瓦")):
        x, p = ask(tech, text)
        assert p.mode == "fact" and said in "".join(p.lines), text


def test_two_products_together_are_the_set_when_there_is_one(tech) -> None:
    x, p = ask(tech, "手机加充电头一起拍多少")
    assert (x.intent, x.products) == ("bundle", ("n9-phone", "p65-charger")) and "2399 元" in p.lines[0]  # both named, the set's owner first
    x, p = ask(tech, "耳機跟充電頭一起買多少")  # no set of the two: a bundle question (README: Intent labels), each price and the sum
    assert x.intent == "bundle" and "199 元" in p.lines[0] and "129 元" in p.lines[1] and "328 元" in p.lines[2]
    x, p = ask(tech, "耳機跟充電頭有組合價嗎")
    assert p.lines[0] == "這幾款沒有組合價。" and "199 元" in p.lines[1], p.lines


def test_a_wrong_number_gets_the_sheets_line_with_that_unit(tech) -> None:
    x, p = ask(tech, "N9 144Hz對吧")
    assert p.mode == "correct" and "120Hz" in p.lines[1] and "144" not in "".join(p.lines)
    x, p = ask(tech, "P65 100W的吧")
    assert p.mode == "correct" and "65 瓦" in p.lines[1]


def test_cheering_is_small_talk_not_a_price(tech) -> None:
    for text in ("666", "8888", "2333"):
        x, p = ask(tech, text)
        assert x.intent == "chitchat" and p.mode == "open", text


def test_severity_is_not_weight(tech) -> None:
    x, p = ask(tech, "N9發熱嚴重嗎")
    assert x.attrs == ("heat",) and p.mode == "defer" and "重量" not in "".join(p.lines)


def test_unclear_product_gets_a_question_back_context_resolves_it(tech) -> None:
    x, p = ask(tech, "續航多長")
    assert p.mode == "clarify" and "X1" in p.lines[0] and "N9" in p.lines[0]
    x, p = ask(tech, "續航多長", stage_product="x1-earbuds")
    assert x.product == "x1-earbuds" and p.mode == "fact" and "30 小時" in "".join(p.lines)


def test_health_and_rivals_handled_safely(beauty) -> None:
    x, p = ask(beauty, "防曬能防皮膚癌嗎")
    assert x.intent == "medical" and p.mode == "caution" and "皮膚癌" not in "".join(p.lines)
    x, p = ask(beauty, "孕婦可以用防曬嗎")
    assert p.mode == "caution" and "醫生" in p.lines[0]
    x, p = ask(beauty, "跟雅詩蘭黛比哪個好")
    assert "不比別家" in p.lines[0] and "雅詩蘭黛" not in "".join(p.lines)


def test_the_host_never_claims_to_be_a_person(tech) -> None:
    for text in ("主播你是真人嗎", "are you a real person?", "主播是AI吧"):
        x, p = ask(tech, text)
        assert not p.llm and ("AI" in p.lines[0]), text


@pytest.mark.parametrize(
    ("persona", "text", "deferral"),  # "這副" / "這個": the product on stage
    [
        # a yes/no question asked with a modal is named back as a question, never as a fragment of it
        ("tech", "這副可以單耳用嗎", "資料卡上沒有寫X1可不可以單耳用，"),  # was "X1的這副可以單耳用"
        ("tech", "耳机有白的吗", "資料卡上沒有寫X1有沒有白的，"),  # was "X1的耳机有白"
        ("tech", "充电头能带上飞机吗", "資料卡上沒有寫P65能不能帶上飛機，"),  # by its name, in the answer's script
        ("tech", "我安卓機 耳機連得上嗎", "資料卡上沒有寫X1連不連得上，"),  # the viewer's situation is not the topic
        ("beauty", "唇膏用水洗得掉嗎", "資料卡上沒有寫絲絨霧面唇膏用水洗不洗得掉，"),  # the sunscreen's sheet says how it comes off
        # a how-long / which question, or a scent asked as 香不香: the attribute's name when there is one ("充滿要" was
        # cut mid-question; 香味 is the thing the sheet does not state)
        ("beauty", "防曬香不香", "資料卡上沒有寫清透防曬乳的香味，"),
        ("tech", "耳機充電盒充滿要多久", "資料卡上沒有寫X1的充電時間，"),
        ("beauty", "這個水水的還是稠稠的", "資料卡上沒有寫玻尿酸保濕精華的質地，"),
        # a noun the viewer named stays a noun
        ("tech", "N9 有 5G 嗎", "資料卡上沒有寫N9的5G，"),  # the viewer's term, figure and all
    ],
)
def test_a_deferral_names_the_viewers_question_as_a_question(tech, beauty, persona, text, deferral) -> None:
    on_stage = {"這副": "x1-earbuds", "水水": "ha-serum"}
    stage = next((pid for w, pid in on_stage.items() if w in text), None)
    x, p = ask(tech if persona == "tech" else beauty, text, stage_product=stage)
    assert p.mode == "defer" and p.lines[0].startswith(deferral), p.lines


@pytest.mark.parametrize(
    ("persona", "text", "stage", "intent", "said"),
    [
        ("tech", "N9 仲有冇貨", None, "stock", "80 件"),
        ("tech", "耳機而家幾多錢", None, "price", "199 元"),
        ("tech", "手機同快充頭一齊買有冇平啲", None, "bundle", "2399 元"),
        ("beauty", "這瓶有冇加香料", "ha-serum", "spec", "無香精"),
        ("beauty", "精華開咗要幾耐用完", None, "spec", "12 個月"),
    ],
)
def test_cantonese_questions_are_understood(tech, beauty, persona, text, stage, intent, said) -> None:
    x, p = ask(tech if persona == "tech" else beauty, text, stage_product=stage)
    assert x.intent == intent and said in " ".join(p.lines), (x.intent, p.lines)
