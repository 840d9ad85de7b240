"""What viewers type without the sheet's words: units, slang for ordering, the shop's policy details,
questions the understanding cannot place, and deferrals that name the viewer's topic."""

from __future__ import annotations

import pytest

from tests.knowledge.conftest import ask
from vhost.knowledge.understand import Understander


@pytest.mark.parametrize(
    ("text", "attr", "said"),
    [
        ("線是兩米的嗎", "length", "1.5"),  # a length by its unit, and not agreed with
        ("手機 6+128 有嗎", "storage", "256"),  # a phone's memory by its form
        ("充電頭放包裡會不會太重", "weight", "110"),
        ("這手機128還是256的", "storage", "256"),  # storage sizes, not a price asked back
    ],
)
def test_unit_or_form_names_the_attribute(tech, text: str, attr: str, said: str) -> None:
    x, p = ask(tech, text)
    assert attr in x.attrs and x.intent == "spec", (x.intent, x.attrs)
    assert said in " ".join(p.lines)


@pytest.mark.parametrize("text", ["lj在哪", "主播求個lj", "怎麼下單啊", "where can i get the cable"])
def test_ordering_slang_is_how_to_buy(tech, text: str) -> None:
    x, p = ask(tech, text)
    assert x.intent == "how_to_buy", x.scores
    assert "購物車" in p.lines[0] or "cart" in p.lines[0]
    assert len(p.lines) == 1  # one line, not the same policy once per product


@pytest.mark.parametrize(
    ("text", "named"),
    [("包郵嗎", "運費"), ("能寄到香港嗎", "寄香港"), ("ship to canada? international?", "shipping to Canada")],
)
def test_a_shipping_detail_the_policy_lacks_is_deferred_by_name(tech, text: str, named: str) -> None:
    x, p = ask(tech, text)
    assert x.intent == "shipping" and p.mode == "defer", (x.intent, p.mode)
    assert named in p.lines[0]
    assert "發貨" in p.lines[1] or "ship" in p.lines[1]  # then what the policy does say


def test_a_policy_that_states_the_detail_is_not_deferred(tech) -> None:
    persona, _ = tech
    data = persona.model_dump()
    for r in data["replies"]:
        if r["id"] == "shipping":
            r["reply"] = "全場包郵，下單後 48 小時內發貨。"
    u = Understander(type(persona).model_validate(data))
    x = u.understand("包郵嗎", "zh-Hant")
    assert "shipping_fee" not in x.missing


@pytest.mark.parametrize(
    ("text", "topic"),
    [("N9 支援紅外線遙控不", "N9支不支援紅外線遙控"), ("C1 耐不耐拉扯", "C1耐不耐拉扯"), ("X1 盒子有磁吸不", "X1盒子有沒有磁吸")],
)
def test_a_deferral_names_the_viewers_own_topic(tech, text: str, topic: str) -> None:
    x, p = ask(tech, text)
    assert p.mode == "defer", (x.intent, x.attrs, p)
    assert topic in p.lines[0], p.lines[0]


@pytest.mark.parametrize("text", ["X1 能用兩百小時嗎", "充電頭一百瓦的吧", "手機有三個鏡頭嗎"])
def test_a_deferral_never_repeats_the_viewers_number(tech, text: str) -> None:
    _, p = ask(tech, text)
    spoken = " ".join(p.lines)
    assert "兩百" not in spoken and "一百瓦" not in spoken and "三個" not in spoken


def test_an_unplaced_question_is_not_left_to_the_model(tech) -> None:
    x, p = ask(tech, "外殼會掉漆不")
    assert x.intent in ("chitchat", "spec")
    assert not p.llm  # a model left alone with it invents a yes or no
    x, p = ask(tech, "你覺得這款好看嗎")
    assert x.intent == "chitchat" and p.llm  # an opinion asked of the host is small talk


def test_promo_line_gives_end_date_and_saving(tech, beauty) -> None:
    _, p = ask(tech, "N9 活動價便宜了多少")
    assert "200" in p.lines[0] and "12 月 31 日" in p.lines[0]
    _, p = ask(beauty, "what's the cream's deal and when does it end")
    assert "30 yuan off" in p.lines[0] and "December 31" in p.lines[0]


def test_a_set_of_the_same_item_is_counted_not_repeated(beauty) -> None:
    _, p = ask(beauty, "脣膏雙色組多少錢")
    line = " ".join(p.lines)
    assert "239" in line and "兩件" in line and "和絲絨" not in line


def test_breastfeeding_asked_as_usage_gets_the_doctor_line(beauty) -> None:
    x, p = ask(beauty, "餵奶的時候可以擦精華嗎")
    assert p.mode == "caution" and "醫生" in p.lines[0], (x.intent, p)


def test_asking_for_a_discount_is_not_bait(beauty) -> None:
    x, p = ask(beauty, "面霜再便宜二十塊行嗎")
    assert not x.bait and "229" in " ".join(p.lines)


@pytest.mark.parametrize(
    ("text", "both"),
    [("耳機多少 還有貨不", ("199", "500")), ("P65 多少錢，有送線嗎", ("129", "贈品")), ("手機防潑水嗎 送啥", ("IP54", "保護殼"))],
)
def test_two_asks_in_one_message_get_both_facts(tech, text: str, both: tuple[str, str]) -> None:
    _, p = ask(tech, text)
    spoken = " ".join(p.lines)
    assert all(b in spoken for b in both), spoken


@pytest.mark.parametrize("text", ["面霜擦完臉好癢", "精華用了臉上起疹子 是不是過敏", "the cream made my face sting"])
def test_a_skin_reaction_gets_stop_and_doctor_and_no_selling_point(beauty, text: str) -> None:
    x, p = ask(beauty, text)
    spoken = " ".join(p.lines)
    assert ("停用" in spoken and "醫生" in spoken) or ("stop using" in spoken and "doctor" in spoken), (x.intent, p)
    assert not any(f.text in spoken for f in x.facts if f.kind == "point")


@pytest.mark.parametrize("text", ["快遞到了 瓶子碎了", "the serum arrived leaking"])
def test_damaged_on_arrival_is_a_complaint_sent_to_support(beauty, text: str) -> None:
    x, p = ask(beauty, text)
    assert x.intent == "complaint" and ("客服" in p.lines[-1] or "customer service" in p.lines[-1]), (x.intent, p)


@pytest.mark.parametrize(("text", "product"), [("防嗮乳怎麼賣", "spf-sunscreen"), ("金華多少錢", "ha-serum")])
def test_confusable_sounds_still_find_the_product(beauty, text: str, product: str) -> None:
    x, _ = ask(beauty, text)  # sh/s and -ng/-n typed the wrong way round
    assert x.products == (product,), x


class _FlashOn:
    """The LiveFacts a running flash sale gives (vhost.plays.live.LiveFacts)."""

    def __init__(self, pid: str, price: float, left: int) -> None:
        self.pid, self.price, self.left = pid, price, left

    def live_price(self, product_id: str):
        from vhost.plays.live import LivePrice

        return LivePrice(self.price, "flash", "秒殺價") if product_id == self.pid else None

    def live_stock(self, product_id: str):
        return self.left if product_id == self.pid else None

    def locked_prices(self, product_id: str):
        return ()

    def play_answer(self, intent: str, lang: str):
        return ()


def test_a_flash_sale_question_is_about_the_flash_product_and_its_figures(beauty) -> None:
    from vhost.writer.answering import Answering

    persona, _ = beauty
    lip = persona.product("velvet-lip")
    assert lip is not None and lip.flash is not None
    x, p = ask(beauty, "秒殺有幾支")  # not the one product that has a promo running
    ahead = " ".join(p.lines)  # before it opens: told ahead in its role, never as a price now in 元
    assert x.products == ("velvet-lip",) and f"秒殺價 {lip.flash.price:g}" in ahead and f"{lip.flash.price:g} 元" not in ahead, p
    on = Answering(persona, live=_FlashOn("velvet-lip", lip.flash.price, 7)).answer("秒殺還剩幾支", "zh-Hant")
    said = " ".join(on.plan.lines) if on.rule is None else on.rule.text
    assert "7" in said and f"{lip.flash.price:g}" in said, said


@pytest.mark.parametrize(
    ("pu", "text", "named"),
    [
        ("beauty", "精華裡有沒有煙醯胺", "煙醯胺"),  # a substance the serum's sheet never names
        ("beauty", "面霜可以跟A醇疊擦嗎", "A醇"),  # a lexicon word that names one thing, not a dimension
        ("beauty", "防曬是純物理的嗎", "物理"),
        ("beauty", "does the serum have niacinamide", "niacinamide"),
        ("tech", "N9 有紅外線嗎", "紅外線"),
    ],
)
def test_a_thing_the_sheet_never_mentions_is_deferred_by_the_viewers_word(request, pu, text, named) -> None:
    x, p = ask(request.getfixturevalue(pu), text)
    assert p.mode == "defer" and x.unsaid, (x.intent, x.attrs, x.unsaid, p)
    assert named in p.lines[0], p.lines[0]


@pytest.mark.parametrize(
    ("pu", "text"),
    [("beauty", "精華有泛醇嗎"), ("beauty", "面霜有VC嗎"), ("tech", "X1 續航多久"), ("beauty", "防曬要提前多久擦"), ("tech", "how long is the cable")],
)
def test_what_the_sheet_does_say_is_not_deferred(request, pu, text) -> None:
    x, p = ask(request.getfixturevalue(pu), text)
    assert not x.unsaid and p.mode == "fact", (x.intent, x.attrs, x.unsaid, p)


def test_two_of_our_products_compared_are_each_named_for_what_they_are(tech) -> None:
    x, p = ask(tech, "N9 和 C1 差在哪")
    assert x.intent == "compare" and p.mode == "fact", (x.intent, p)
    spoken = "".join(p.lines)
    assert "N9 是手機" in spoken and "C1 是" in spoken and "別家" not in spoken  # not "we don't compare other brands"


@pytest.mark.parametrize(
    ("pu", "text", "intent", "product", "said"),
    [
        ("tech", "那根線怎麼賣", "price", "c1-cable", "39"),  # 線 after a measure word is the cable
        ("tech", "耳機送耳塞不 還是要自己買", "gift", "x1-earbuds", None),  # a gift asked, then a second clause
        ("beauty", "口紅第二件半價嗎", "bundle", "velvet-lip", "239"),  # a second one cheaper is the set
        ("tech", "手機掉水裡會壞嗎", "spec", "n9-phone", "IP54"),
        ("tech", "線是多長", "spec", "c1-cable", "1.5"),
        ("beauty", "每支多重", "spec", "velvet-lip", "3.5"),  # the one product the sheet counts in 支  # 線是 by its sound is 顯示 (screen): the cable's 線 is not heard
    ],
)
def test_everyday_phrasings_find_intent_and_product(request, pu, text, intent, product, said) -> None:
    x, p = ask(request.getfixturevalue(pu), text)
    assert x.intent == intent and x.product == product, (x.intent, x.products, x.scores)
    assert said is None or said in "".join(p.lines), p.lines


def test_two_missing_policy_details_are_both_named(tech) -> None:
    _, p = ask(tech, "寄香港嗎 郵費多少")
    assert "寄香港" in p.lines[0] and "運費" in p.lines[0], p.lines


@pytest.mark.parametrize("text", ["用了起疹子 可以退貨嗎", "I got a rash from it, can I return it"])
def test_a_reaction_with_a_returns_question_gets_stop_then_the_policy(beauty, text) -> None:
    _, p = ask(beauty, text)
    assert p.mode == "caution", p
    spoken = " ".join(p.lines)
    assert ("停用" in spoken or "stop using" in spoken) and ("訂單頁" in spoken or "order page" in spoken), spoken


@pytest.mark.parametrize(
    ("pu", "text", "intent", "said"),
    [
        ("tech", "N9 以後都這個價嗎", "promo", "12 月 31 日"),  # how long the price lasts is the promo's end
        ("beauty", "我很容易過敏 精華擦了會刺刺的嗎", "suitability", "耳後"),  # a skin that reacts easily: the sensitive-skin line
        ("beauty", "口紅雙色組比單買划算多少", "bundle", "129"),  # the single price beside the set's
        ("tech", "打遊戲的買哪個好", "recommend", "遊戲"),  # what fits, not "which one do you mean?"
        ("beauty", "粉刺很多 擦面霜能好嗎", "medical", "醫生"),
        ("tech", "hey from vancouver", "greeting", "here"),
        ("tech", "快充頭能同時充幾台設備", "spec", "三個接口"),  # not the laptop FAQ, whose USB-C is a general word for ports
    ],
)
def test_more_everyday_phrasings(request, pu, text, intent, said) -> None:
    x, p = ask(request.getfixturevalue(pu), text)
    assert x.intent == intent, (x.intent, x.scores)
    assert said.lower() in " ".join(p.lines).lower(), p.lines


def test_a_child_is_named_in_the_caution(beauty) -> None:
    _, p = ask(beauty, "防曬三歲小孩可以擦嗎")
    assert p.mode == "caution" and "小孩" in p.lines[0] and "醫生" in p.lines[0], p.lines


def test_a_number_asked_that_the_sheet_does_not_give_is_deferred_then_the_fact(beauty, tech) -> None:
    x, p = ask(beauty, "唇膏持妝能有多少小時")
    assert p.mode == "defer" and "持妝" in p.lines[0], (x.attrs, x.missing, p.lines)  # not "續航", not a bare "不沾杯"
    assert len(p.lines) == 2  # then what the sheet does say
    x, p = ask(tech, "耳機聽一次幾小時")
    assert p.mode == "fact" and "8" in p.lines[0], p.lines  # 一次幾 is not 刺激 by its sound


@pytest.mark.parametrize(
    ("pu", "text", "intent"),
    [
        ("beauty", "防曬幾個小時要補一次", "usage"),  # how and when it is used
        ("beauty", "晚上要用卸妝的洗掉防曬嗎", "usage"),
        ("tech", "快充頭給筆電充行嗎", "suitability"),  # the viewer's device (README: Intent labels)
        ("tech", "耳機遊戲模式咋開", "usage"),  # the steps
        ("tech", "手機原本賣多少", "price"),  # the list price is a price question
        ("tech", "手機1999拿走", "bargain"),  # a price named to take it is haggling
        ("beauty", "面霜能便宜二十塊嗎", "bargain"),
    ],
)
def test_usage_price_and_bargain_are_told_apart(request, pu, text, intent) -> None:
    x, _ = ask(request.getfixturevalue(pu), text)
    assert x.intent == intent, (x.intent, x.attrs, x.scores)


@pytest.mark.parametrize(
    ("text", "intent", "named"),
    [
        ("拆了包裝還能退嗎", "returns", "退貨條件"),  # the policy says how to return, not on what terms
        ("支持分期付款不", "how_to_buy", "分期"),  # the option asked, by its name
        ("can i pay cash on delivery", "how_to_buy", "cash on delivery"),
        ("你們走什麼物流", "shipping", "快遞公司"),
        ("要開專票可以嗎", "how_to_buy", "發票"),
    ],
)
def test_a_policy_detail_the_policy_does_not_state_is_deferred_by_name_then_the_policy(tech, text, intent, named) -> None:
    x, p = ask(tech, text)
    assert x.intent == intent and p.mode == "defer", (x.intent, x.attrs, p)
    assert named in p.lines[0] and len(p.lines) == 2, p.lines  # then what the policy does say


@pytest.mark.parametrize(
    ("pu", "text", "intent", "product", "said"),
    [
        ("beauty", "VC霜還有嗎", "stock", "vc-cream", "250"),  # an alias said one character short (VC面霜)
        ("beauty", "維C霜多少錢", "price", "vc-cream", "229"),
        ("tech", "erji ji kuai", "price", "x1-earbuds", "199"),  # typed in pinyin: a price, not words the sheet lacks
        ("tech", "快充頭是不是全網最低價", "compare", "p65-charger", "129"),  # a rank claim asked (README: Intent labels): the price, not a deferral
        ("beauty", "lipstick 129 or 99 now?", "price", "velvet-lip", "129"),  # two figures asked between
        ("beauty", "sunscreen SPF 30 or 50", "spec", "spf-sunscreen", "SPF50+"),  # a rating, not a price
        ("tech", "手機是不是翻新的", "authenticity", "n9-phone", "商品頁"),
        ("tech", "下單的按鈕在哪", "how_to_buy", None, "購物車"),
        ("beauty", "乾皮推什麼", "recommend", None, "精華"),
        ("beauty", "唇膏會不會被搶光", "stock", "velvet-lip", "件"),
        ("beauty", "is there a lipstick duo", "bundle", "velvet-lip", "239"),
    ],
)
def test_shortened_names_pinyin_and_room_slang(request, pu, text, intent, product, said) -> None:
    x, p = ask(request.getfixturevalue(pu), text)
    assert x.intent == intent and (product is None or x.product == product), (x.intent, x.products, x.scores)
    assert not x.unsaid, x.unsaid
    assert said.lower() in " ".join(p.lines).lower(), p.lines


def test_a_set_counted_in_the_question_is_not_a_price_claimed(beauty) -> None:
    x, p = ask(beauty, "is there a serum 2-pack")
    assert not x.bait and "339" in " ".join(p.lines), (x.bait, p.lines)


@pytest.mark.parametrize("text", ["敏感肌擦面霜會不會刺痛", "唇膏敏感肌擦了會癢嗎"])
def test_a_reaction_feared_before_buying_gets_the_patch_test_not_stop_using(beauty, text) -> None:
    x, p = ask(beauty, text)
    assert x.intent == "suitability", (x.intent, x.scores)
    spoken = "".join(p.lines)
    assert "耳後" in spoken and "停用，不適" not in spoken, spoken


def test_a_reaction_had_still_gets_stop_and_doctor(beauty) -> None:
    x, p = ask(beauty, "敏感肌擦了面霜刺痛怎麼辦")
    assert x.intent == "medical" and p.mode == "caution", (x.intent, p)


def test_the_bargain_ladder_is_told_by_what_each_step_asks_and_unlocks(beauty) -> None:
    x, p = ask(beauty, "砍價怎麼玩")
    spoken = "".join(p.lines)
    assert x.intent == "bargain" and "1500 個解鎖 179" in spoken and "150 個「砍」解鎖 169" in spoken, (x.intent, spoken)
    _, p = ask(beauty, "砍價要多少讚才降")  # one step's goal asked: that step
    assert p.lines == ("點讚 1500 個解鎖 179。",)
    assert not any(f"{price} 元" in spoken for price in ("179", "169", "159")), spoken  # never said as a price now


def test_the_guard_lets_a_ladder_price_through_only_as_a_goal(tech) -> None:
    from vhost.guard import Guard

    guard = Guard(tech[0])
    assert guard.check("N9 點讚 2000 個解鎖 2199 元。", origin="template", lang="zh-Hant").ok
    assert guard.check("N9 禮物累計 300 元解鎖 1999。", origin="template", lang="zh-Hant").ok
    said_as_now = guard.check("N9 現在 2199 元。", origin="template", lang="zh-Hant")
    assert not said_as_now.ok, said_as_now.reasons


def test_the_giveaway_line_says_how_long_it_is_open_and_how_the_draw_is_checked(beauty) -> None:
    _, p = ask(beauty, "盲盒開獎會不會作弊 開多久")
    spoken = "".join(p.lines)
    assert "150 秒" in spoken and "驗證碼" in spoken, spoken


def test_a_haggle_by_a_figure_gets_no_ladder_figures_beside_it(tech) -> None:
    _, p = ask(tech, "2000拿走吧 砍價")
    assert "2000" not in "".join(p.lines), p.lines


@pytest.mark.parametrize(("text", "said"), [("福袋抽幾個人", "抽 3 位"), ("how many winners in the giveaway", "3 winners")])
def test_the_giveaway_says_how_many_win(tech, text, said) -> None:
    x, p = ask(tech, text)
    assert x.intent == "lottery" and said in " ".join(p.lines), (x.intent, p.lines)


@pytest.mark.parametrize(
    ("pu", "text", "said"),
    [
        ("tech", "耳機充飽能撐整天嗎", "8"),  # battery in everyday words, not a deferral of 充飽
        ("tech", "充電頭能同時插幾條線", "三個接口"),  # the sheet's sentence for "2C1A"
        ("tech", "N9 畫素多少", "5000"),  # 畫素 is Taiwan's word for 像素
        ("beauty", "口紅一支多少g", "3.5"),  # a weight asked by its unit
        ("beauty", "精華一次擠多少", "滴"),
        ("beauty", "擦了這個曬不黑吧", "SPF50+"),
        ("beauty", "面霜有煙醯胺嗎", "4%"),  # 煙醯胺 and 菸鹼醯胺 are one ingredient
        ("beauty", "唇膏色號買錯了能換嗎", "訂單頁"),
    ],
)
def test_everyday_words_for_what_the_sheet_says(request, pu, text, said) -> None:
    x, p = ask(request.getfixturevalue(pu), text)
    assert not x.unsaid and said in "".join(p.lines), (x.intent, x.attrs, x.unsaid, p.lines)


@pytest.mark.parametrize(
    ("pu", "text", "intent", "said"),
    [
        ("tech", "套裝比分開買便宜多少", "bundle", "2399"),  # one product is sold as a set: that set
        ("tech", "if i buy the N9 with the charger is it cheaper", "bundle", "2399"),  # not "itch" in "is it cheaper"
        ("tech", "禮拜一下單禮拜二會到嗎", "shipping", "發貨和到貨時間"),
        ("tech", "你們從哪裡發貨", "shipping", "發貨地"),
        ("tech", "can you ship to singapore", "shipping", "Singapore"),
        ("beauty", "雙色組多少錢", "bundle", "239"),  # a set's own name finds its product
    ],
)
def test_sets_and_shipping_in_viewers_words(request, pu, text, intent, said) -> None:
    x, p = ask(request.getfixturevalue(pu), text)
    assert x.intent == intent and said in " ".join(p.lines), (x.intent, x.products, p.lines)


def test_a_flash_sale_asked_ahead_is_told_by_its_own_price_and_units_never_as_the_price_now(beauty) -> None:
    from vhost.guard import Guard

    persona, _ = beauty
    _, p = ask(beauty, "口紅秒殺多少 限量幾支")
    spoken = "".join(p.lines)
    assert "秒殺價 99" in spoken and "限量 60 件" in spoken and "99 元" not in spoken, spoken
    guard = Guard(persona)
    assert guard.check(spoken, origin="template", lang="zh-Hant").ok
    assert not guard.check("絲絨霧面唇膏現在 99 元。", origin="template", lang="zh-Hant").ok


def test_after_the_flash_sale_the_price_now_is_said(beauty) -> None:
    _, p = ask(beauty, "唇膏秒殺完了現在啥價")
    assert "129" in "".join(p.lines), p.lines


def test_the_pitch_lines_of_the_persona_answer_what_the_sheet_does_not_say(beauty) -> None:
    _, p = ask(beauty, "防曬擦完可以直接上粉底嗎")  # the sheet is silent; the persona's own pitch says 上妝前擦也不搓泥
    assert "不搓泥" in "".join(p.lines), p.lines
    _, p = ask(beauty, "serum size?")  # a pitch line that only sounds like the question does not answer it
    assert "30 ml" in " ".join(p.lines), p.lines


def test_a_spec_of_none_says_what_is_left_out(beauty) -> None:
    _, p = ask(beauty, "serum got alcohol in it?")
    assert "alcohol-free" in " ".join(p.lines) and "is none" not in " ".join(p.lines), p.lines


@pytest.mark.parametrize(("text", "has", "lacks"), [("送媽媽 預算兩百以內", "189", "229"), ("剛進來 今天有什麼好貨", "229", None)])
def test_a_general_ask_for_what_to_buy_gets_the_shelf_with_prices_within_the_budget(beauty, text, has, lacks) -> None:
    x, p = ask(beauty, text)
    spoken = "".join(p.lines)
    assert x.intent == "recommend" and has in spoken and (lacks is None or lacks not in spoken), (x.intent, spoken)


def test_a_routine_line_of_the_persona_answers_which_goes_first(beauty) -> None:
    _, p = ask(beauty, "面霜跟精華哪個先擦")  # the theme segment's line names both products
    assert "先用精華" in "".join(p.lines), p.lines


@pytest.mark.parametrize(("text", "intent"), [("耳機收到右耳沒聲音", "complaint"), ("精華擦了能淡化皺紋嗎", "medical")])
def test_a_fault_and_an_efficacy_ask_are_read_as_such(beauty, tech, text, intent) -> None:
    x, p = ask(tech if "耳機" in text else beauty, text)
    assert x.intent == intent, (x.intent, x.scores)
    assert "淡化" not in "".join(p.lines), p.lines  # an efficacy claim is never echoed back
