"""The understanding follows the written intent rule (README: Intent labels) where it decides what is said:
a question about the outside world is declined, a return asked after a reaction is the returns policy with
"stop using it" first, venting is a complaint, "who fixes it" is the warranty, "which is cheaper" gives each
price, days left on a price is the promotion."""

from __future__ import annotations

import pytest

from tests.knowledge.conftest import ask


@pytest.mark.parametrize(
    ("pu", "text", "intent", "said"),
    [
        ("tech", "今晚球賽誰贏", "off_topic", "球賽這個話題"),  # the outside world, declined by name
        ("tech", "who won the game last night?", "off_topic", "not a topic"),
        ("beauty", "推薦個減肥藥", "off_topic", "不聊"),  # a medicine we do not sell (its name is a taboo on air)
        ("tech", "hello from penang 👋🏻", "greeting", ""),
        ("beauty", "過敏了可以退嗎", "returns", "停用"),  # stop first, then the policy
        ("beauty", "wrong shade arrived, can I send it back", "returns", "platform"),
        ("tech", "耳机用着用着不响了找谁", "warranty", "保固"),
        ("tech", "等了一周還沒發貨 搞什麼", "complaint", "客服"),  # venting, not a delivery question
        ("tech", "P65同C1邊個貴啲", "compare", "39 元"),
        ("tech", "X1 or P65, which is cheaper", "compare", "129 yuan"),
        ("tech", "n9年末那个价还剩几天啊", "promo", "12 月 31 日"),
        ("tech", "手机原价到底是多少啊", "price", "2499"),
        ("tech", "能充筆電嗎 P65", "suitability", "65"),  # the viewer's device
        ("tech", "耳機遊戲模式咋開", "usage", ""),  # the steps
        ("tech", "C1和充电头谁的功率大", "compare", "100 瓦"),  # two of ours on one measure: each figure
        ("tech", "X1降噪是不是業界第一", "compare", "不比別家"),  # a rank claim: our own measurement, no ranking
        ("tech", "新手机第一次充电是不是要充满12小时", "usage", ""),  # 第一次 is no rank: how to charge it the first time
        ("tech", "主播平常自己用哪一款？", "chitchat", ""),  # the host's own habit: talk with the host, not "we don't compare brands"
    ],
)
def test_the_intent_rule_where_it_changes_the_answer(request, pu, text, intent, said) -> None:
    x, p = ask(request.getfixturevalue(pu), text)
    assert x.intent == intent, (x.intent, x.scores)
    assert said in " ".join(p.lines), p.lines


@pytest.mark.parametrize(
    ("pu", "text", "said"),
    [
        ("tech", "C1条线几长啊 我床离插座有点远", "1.5"),  # 幾長: how long
        ("tech", "買部機有冇送嘢㗎", "保護殼"),  # 部機: the phone
        ("tech", "上次買嗰對耳機一隻冇聲，好嬲", "客服"),  # 冇聲, 嬲: a complaint
        ("tech", "耳機戴住打機會唔會delay㗎", "低延遲"),  # 打機: gaming; 'delay': latency
        ("beauty", "飲嘢會唔會黐杯", "不沾杯"),
    ],
)
def test_cantonese_words(request, pu, text, said) -> None:
    _, p = ask(request.getfixturevalue(pu), text)
    line = " ".join(p.lines)
    assert said in line and "佩戴感" not in line, p.lines


def test_lead_is_asked_of_the_sheet_and_pregnancy_gets_the_advice(beauty) -> None:
    x, p = ask(beauty, "口紅含鉛嗎")
    assert x.intent == "spec" and p.mode == "defer" and "鉛" in p.lines[0] and "不含" not in " ".join(p.lines)
    x, p = ask(beauty, "懷孕三個月能用精華嗎")
    assert x.intent == "medical" and "醫生" in p.lines[0] and "不做判斷" not in p.lines[0], p.lines
    x, p = ask(beauty, "口紅含鉛嗎 孕婦擦會不會怎樣")
    assert "不做判斷" in p.lines[0] and "醫生" in " ".join(p.lines), p.lines  # two asks: not judged, then the advice


@pytest.mark.parametrize(("text", "products"), [("快充線係咪39蚊", ("c1-cable",)), ("快充线还剩多少根", ("c1-cable",)), ("快充頭多少錢", ("p65-charger",))])
def test_a_name_inside_a_longer_name_is_not_a_second_product(tech, text, products) -> None:
    x, p = ask(tech, text)  # the cable's "快充線" holds the charger's "快充"
    assert x.products == products, (x.products, p.lines)
    assert ("P65" in " ".join(p.lines)) == ("p65-charger" in products), p.lines


def test_a_price_figure_asked_of_a_promotion_is_a_price(tech, beauty) -> None:
    x, p = ask(tech, "快充線秒殺完了還是39嗎")
    assert x.intent == "price" and "39 元" in p.lines[0]
    x, p = ask(beauty, "冬季限定價是多少")
    assert x.intent == "price" and "229" in p.lines[0]
    x, _ = ask(beauty, "口紅秒殺價多少")
    assert x.intent == "promo"  # the flash sale's own price is the promotion


@pytest.mark.parametrize(
    ("text", "intent", "said"),
    [
        ("P65 能充switch嗎", "suitability", "switch"),  # the viewer's device, deferred by name
        ("我是安卓机 C1两头都是typec能用吧", "suitability", "USB-C"),
        ("N9跟华为比呢", "compare", "不比別家"),  # a rival brand set against ours stays a comparison
        ("给我爸买 手机跟耳机哪个实用点", "compare", "X1"),  # two of ours set against each other for a person (rule 6; tr-f-285 labels it recommend)
        ("小耳朵戴這個會不會一甩就掉", "suitability", ""),  # the viewer's own ears
    ],
)
def test_the_viewers_device_or_body_is_suitability(tech, text, intent, said) -> None:
    x, p = ask(tech, text)
    assert x.intent == intent, (x.intent, x.scores)
    assert said in " ".join(p.lines) and "系統" not in " ".join(p.lines), p.lines


@pytest.mark.parametrize(
    ("pu", "text", "intent", "said"),
    [
        ("beauty", "精華可以跟A醇一起用嗎", "usage", "A醇"),  # using two together: how to use, deferred by name
        ("beauty", "精華要搖一搖再用嗎", "usage", ""),
        ("beauty", "擦了就完全曬不黑了對吧", "medical", "SPF50+"),  # tanning fully prevented: an efficacy claim, not agreed with
        ("beauty", "VC面霜早上能擦嗎 會不會曬黑", "usage", "防曬"),  # a worry, not a claim
        ("tech", "n9 how much storage", "spec", "256GB"),  # a figure of the sheet, not the price
        ("beauty", "how much is the hydrating serum", "price", "189"),
    ],
)
def test_use_efficacy_and_figures(request, pu, text, intent, said) -> None:
    x, p = ask(request.getfixturevalue(pu), text)
    assert x.intent == intent, (x.intent, x.scores)
    assert said in " ".join(p.lines), p.lines


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("防曬幾多倍？要唔要卸妝", "SPF50+"),  # 幾多倍: the SPF, and the second ask too
        ("防晒要提前多少分钟涂", "15 分鐘"),
        ("精華點樣落單呀", "購物車"),
        ("收到用咗過敏點算 退唔退到", "平台"),
        ("十幾歲嘅後生女用精華會唔會太早", "適用年齡"),
    ],
)
def test_beauty_viewers_words(beauty, text, said) -> None:
    _, p = ask(beauty, text)
    assert said in " ".join(p.lines), p.lines


@pytest.mark.parametrize(("text", "product"), [("65w夠唔夠我macbook air用", "p65-charger"), ("100W的能充筆電嗎", "c1-cable")])
def test_a_figure_with_its_unit_names_the_product_whose_sheet_has_it(tech, text, product) -> None:
    x, p = ask(tech, text)  # not "which one? P65 or C1?"
    assert x.products == (product,) and p.mode != "clarify", (x.products, p.lines)


def test_a_budget_said_as_an_amount_lists_what_fits_without_the_model(tech) -> None:
    x, p = ask(tech, "學生黨得兩舊水，買咩好")  # 兩舊水: two hundred
    assert x.intent == "recommend" and not p.llm and "199 元" in p.lines[0] and "2299" not in p.lines[0], p.lines


@pytest.mark.parametrize(
    ("pu", "text", "intent", "route", "said"),
    [
        ("tech", "耳機是哪裡產的", "authenticity", "spec", "產地"),  # made where: the spec sheet's line, or a deferral naming it
        ("beauty", "精华是哪个国家产的", "authenticity", "spec", "產地"),  # the plan is in the edition's script
        ("tech", "這顆充電器原廠的還是副廠", "authenticity", "", "商品頁"),  # genuine or third party: the policy
        ("tech", "這線是不是全網最便宜", "compare", "price", "39"),  # a rank claim: the price, no ranking
        ("beauty", "口紅秒殺限量幾支", "stock", "", "60"),  # the flash sale's quantity, its line (read as stock outright since fresh37-38 joined the bank; routed by promo before, the same line)
        ("tech", "耳機單邊幾克啊 我耳朵小怕重", "spec", "", "克"),  # the first ask is a figure
        ("beauty", "防曬幾多倍？要唔要卸妝", "spec", "usage", "SPF"),
        ("tech", "這條線兩頭都是c口嗎", "spec", "", "USB-C"),  # one product, nothing set against it
        ("beauty", "面霜和精华都含VC吗", "compare", "", "菸鹼醯胺"),  # two products on one measure: each one's ingredients (read as compare outright since fresh30 joined the bank; routed by spec before, the same lines)
    ],
)
def test_the_intent_asked_and_the_route_that_answers_it(request, pu, text, intent, route, said) -> None:
    """The intent reported is the one the written rule gives; the facts and the plan follow the route."""
    x, p = ask(request.getfixturevalue(pu), text)
    assert (x.intent, x.route) == (intent, route), (x.intent, x.route, x.scores)
    assert x.answered_as == (route or intent)
    assert said in " ".join(p.lines), p.lines


@pytest.mark.parametrize(
    ("pu", "text", "intent"),
    [
        ("beauty", "面霜质地油不油 混油皮怕闷", "suitability"),  # the viewer's skin: who it suits
        ("beauty", "精华一次用量多少 一泵够吗", "usage"),  # the amount is the use
        ("tech", "P65跟原廠充電器差在哪", "compare"),
        ("tech", "is X1 the best earbuds", "compare"),
    ],
)
def test_what_stays_as_it_was_understood(request, pu, text, intent) -> None:
    x, _ = ask(request.getfixturevalue(pu), text)
    assert x.intent == intent, (x.intent, x.route, x.scores)


@pytest.mark.parametrize(
    ("pu", "text", "intent", "said"),
    [
        ("tech", "明天幾點還有直播？", "chitchat", "直播時間"),  # the next stream's time: not known, said by name
        ("beauty", "what time do you usually go live?", "chitchat", "schedule"),
        ("beauty", "有人知道這附近哪家火鍋好吃嗎", "off_topic", "火鍋"),  # the outside world, declined by name
        ("tech", "anyone watching the football tonight lol", "off_topic", "football"),
        ("beauty", "口紅防水嗎 吃火鍋會掉嗎", "spec", ""),  # a meal as a situation is no restaurant question
        ("tech", "主播你是真人还是AI啊 声音挺好听", "chitchat", "謝謝"),  # thanks for the compliment, then honest about being AI
        ("beauty", "嚟咗啦寶寶們 主播晚上好呀", "greeting", ""),  # 寶寶們 are the viewers, not a baby
        ("tech", "耳機連個盒叉滿電總共用得幾耐", "spec", "30"),  # 叉電 is charging
        ("tech", "P65 保養幾耐㗎？", "warranty", "保固"),  # 保養 asked for how long is the warranty
        ("tech", "上禮拜買的線今天才到，外皮就有一段脫線了，很失望", "complaint", "客服"),
        ("tech", "my X1 left bud stopped charging after a month, who do i contact", "warranty", "customer service"),
        ("beauty", "你哋啲貨係咪韓國入口㗎", "authenticity", "商品頁"),
        ("beauty", "面霜可唔可以幫我啲暗瘡印淡返啲", "medical", "醫生"),
        ("tech", "讚要按到多少才會降第一次？", "bargain", "2000"),
        ("tech", "充電頭跟充電線一起帶有比較便宜嗎", "bundle", "沒有組合價"),  # no set of the two: said, then each price
    ],
)
def test_viewers_words_from_a_clean_set(request, pu, text, intent, said) -> None:
    x, p = ask(request.getfixturevalue(pu), text)
    assert x.intent == intent, (x.intent, x.route, x.scores)
    assert said in " ".join(p.lines), p.lines


@pytest.mark.parametrize(
    ("pu", "text", "said", "unsaid"),
    [
        ("tech", "数据线秒杀几点开 能抢多久", "限時 2 分", "29 元"),  # when it opens is not on the sheet; how long it runs is
        ("beauty", "口红秒杀几点开 限量几支", "60", ""),
        ("tech", "條線仲有冇貨？秒殺嗰陣有幾多條", "1000", ""),  # the stock now, then the flash sale's units
        ("tech", "听说你们这个充电头是全网充电最快的 第一名吧", "65", "第一"),  # a rank claim: our figure, no ranking
        ("tech", "N9銷量第一吧", "不比別家", ""),
        ("tech", "is the N9's radiation safe to sleep next to?", "Radiation", "safe"),
        ("beauty", "聽說玻尿酸精華可以修復爛臉，真的嗎", "醫生", "停用"),  # an efficacy claim asked, not a reaction had
        ("beauty", "serum before or after the vitamin c cream?", "then cream", ""),  # the order of the routine
        ("tech", "P65能同时给我的iPad Pro和Pixel 8充吗", "65", "ipad"),  # the viewer's devices are not words the sheet lacks
    ],
)
def test_figures_and_claims_from_a_clean_set(request, pu, text, said, unsaid) -> None:
    _, p = ask(request.getfixturevalue(pu), text)
    said_all = " ".join(p.lines)
    assert said in said_all, p.lines
    assert not unsaid or unsaid.lower() not in said_all.lower(), p.lines


@pytest.mark.parametrize(
    ("pu", "text", "intent"),
    [
        ("beauty", "寶寶們好～主播今晚好靚", "chitchat"),  # a compliment to the host, not only hello
        ("tech", "can i use just one earbud", "spec"),  # whether it can, not the steps
        ("tech", "充电头能带上飞机吗", "spec"),
        ("beauty", "can i use the cream in the a.m.?", "usage"),  # the time of day is the use
        ("beauty", "爬山擦一次防晒管一整天对吧", "usage"),
        ("beauty", "my skin's super reactive, can I use the serum", "suitability"),
        ("tech", "N9 這價格是 limited time 嗎", "promo"),  # how long a price lasts
        ("beauty", "口红秒杀价一直是99对吧", "price"),  # the flash price asked back: the price now answers it
        ("tech", "n9和果子比咋样 值不值", "compare"),  # ours against another brand
        ("tech", "X1跟N9哪個先買", "recommend"),  # which of ours to buy
        ("beauty", "黃皮適合哪個色號", "recommend"),  # which shade to buy for a person
        ("tech", "福袋跟買手機送的是同一個東西嗎", "gift"),
        ("tech", "my earbuds came with a scratch, what now", "returns"),  # damage on arrival, asked what to do
        ("beauty", "送媽媽哪個好", "recommend"),  # a present: the shelf with prices, not "we don't compare brands"
    ],
)
def test_labels_at_the_rules_boundaries(request, pu, text, intent) -> None:
    x, p = ask(request.getfixturevalue(pu), text)
    assert x.intent == intent, (x.intent, x.route, x.scores)
    assert "不比別家" not in " ".join(p.lines) or intent == "compare", p.lines


@pytest.mark.parametrize(
    ("pu", "text", "intent", "said"),
    [
        ("beauty", "唇膏旋不出來了 這種有保固嗎", "warranty", "保固以平台規則為準"),  # no term written: the platform and the order page
        ("beauty", "精华滴管坏了给换吗", "warranty", "客服"),
        ("tech", "刷300的禮物能解鎖哪一檔", "bargain", "1999"),  # the viewer's 300 is the gift goal: the step it unlocks is said
        ("beauty", "刷個小心心能參與嗎", "lottery", ""),
        ("beauty", "防晒霜jg", "price", "159"),  # jg: 價格 typed by its initials
        ("beauty", "want something that makes my skin look brighter", "recommend", "Vitamin C"),
        ("beauty", "my serum smells kinda off like sour", "complaint", "order page"),  # gone bad: a complaint, not the fragrance line
        ("beauty", "嚟咗啦寶寶們 主播晚上好呀", "greeting", "歡迎"),
    ],
)
def test_answers_that_were_holding_lines(request, pu, text, intent, said) -> None:
    x, p = ask(request.getfixturevalue(pu), text)
    assert x.intent == intent, (x.intent, x.route, x.scores)
    assert said in " ".join(p.lines), p.lines


@pytest.mark.parametrize(
    ("text", "products"),
    [
        ("充電頭可以一次插筆電跟手機一起充嗎", ["p65-charger"]),  # the viewer's phone, charged: not our N9
        ("can the P65 charge my laptop and phone at the same time", ["p65-charger"]),
        ("冲电盒能给耳机冲几次", ["x1-earbuds"]),  # our earbuds, charged by their case
        ("N9跟充電頭一起買多少", ["n9-phone", "p65-charger"]),
    ],
)
def test_the_viewers_phone_is_not_our_phone(tech, text, products) -> None:
    x, _ = ask(tech, text)
    assert sorted(x.products) == sorted(products), (x.products, x.intent)


def test_the_product_recommended_is_named(tech) -> None:
    _, p = ask(tech, "筆電跟手機都要充 出差帶哪個頭就夠")
    assert "P65" in p.lines[0] and "65" in p.lines[0], p.lines


@pytest.mark.parametrize("text", ["股票明天會漲嗎", "which crypto should I buy lol", "你支持哪個政黨"])
def test_money_gambling_and_politics_are_declined_without_being_named(tech, text) -> None:
    x, p = ask(tech, text)
    said = " ".join(p.lines).lower()
    assert x.intent == "off_topic", (x.intent, x.scores)
    assert not any(w in said for w in ("股票", "crypto", "政黨", "政党")), p.lines


@pytest.mark.parametrize(
    ("pu", "text", "ctx", "intent", "said", "unsaid"),
    [
        ("tech", "N9只剩10台了？蹲一个", {}, "stock", "80", "10"),  # how many are left, the viewer's figure not repeated
        ("tech", "P65才45W吧？", {}, "spec", "65 瓦", "129"),  # a wattage said back is a spec, not a price
        ("tech", "65w的充电头多少钱", {}, "price", "129", "65 瓦"),  # the figure only picks the product
        ("tech", "iPhone 15用唔用到條線？", {"stage_product": "c1-cable"}, "suitability", "相容性", "不是這個價格"),  # a phone model, not a price
        ("tech", "安卓手機可以連X1嗎", {}, "suitability", "相容性", "系統"),
        ("tech", "耳机咋连手机啊 新手求教", {}, "usage", "連接方式", "新手"),
        ("tech", "我女朋友手比較小，這支會不會太大？", {"stage_product": "n9-phone"}, "suitability", "6.6 吋", "女朋友"),
        ("tech", "X1會不會太大", {}, "spec", "佩戴感", "握持感"),  # earbuds are worn, not held
        ("tech", "N9的像数多少啊", {}, "spec", "5000 萬像素", "沒有寫"),  # a typo of 像素
        ("tech", "主播叫什麼名字啊？", {}, "chitchat", "科技測評官", ""),
        ("beauty", "主播你叫咩名 係咪真人嚟㗎", {}, "chitchat", "美妝實驗室，AI", ""),  # the name, and honest about being an AI
        ("beauty", "what's the weather gonna be like in Taipei tomorrow?", {}, "off_topic", "weather", "Which product"),
        ("beauty", "do i use like 5 drops of da serum each time?", {}, "usage", "two or three drops", "5 drops"),
        ("beauty", "這支唇膏跟YSL小金條比，哪個比較不乾？", {}, "compare", "乳木果油", "比YSL"),  # on the measure asked
        ("beauty", "黄黑皮选哪个色号显白", {}, "recommend", "哪個色號適合哪種膚色", "顯白"),  # the sheet lists shades, not who they suit
        ("beauty", "精華是哪裡製造的？", {}, "authenticity", "產地", ""),
        ("beauty", "這支防曬防水嗎？可以去游泳嗎？", {}, "spec", "沒有寫清透防曬乳的防水", "不建議"),  # no water rating: not known
        ("tech", "X1可以游泳嗎", {}, "spec", "不建議帶著游泳", ""),  # rated IPX5: not for swimming
    ],
)
def test_viewers_phrasings_of_the_thirteenth_set(request, pu, text, ctx, intent, said, unsaid) -> None:
    x, p = ask(request.getfixturevalue(pu), text, **ctx)
    line = " ".join(p.lines)
    assert x.intent == intent, (x.intent, x.route, x.scores)
    assert said in line, p.lines
    assert not unsaid or unsaid not in line, p.lines


def test_the_bargain_ladder_says_how_many_steps(tech) -> None:
    _, p = ask(tech, "砍价一共几档啊", stage_product="n9-phone")
    assert "一共 4 檔" in " ".join(p.lines), p.lines


@pytest.mark.parametrize(
    ("pu", "text", "ctx", "intent", "said", "unsaid"),
    [
        ("beauty", "你哋支精華同修麗可邊隻好啲", {}, "compare", "2%", "毫升"),  # 好啲 is "better", not 耗電 by sound
        ("beauty", "黄黑皮涂这个口红会显黑吗", {}, "suitability", "哪個色號適合哪種膚色", "醫生"),  # a shade's look, not whitening
        ("beauty", "will the vitamin c cream whiten my skin?", {}, "medical", "Radiance Cream", ""),  # not judged, then the sheet's own words
        ("beauty", "口紅有鉛嗎 會不會中毒", {}, "medical", "醫生", "六個色號"),  # a worry the sheet does not answer: no selling point
        ("beauty", "點買雙瓶組", {}, "how_to_buy", "購物車", ""),
        ("tech", "砍到1999要做咩", {"stage_product": "n9-phone"}, "bargain", "禮物累計 300", ""),  # the step's goal is said
        ("beauty", "秒杀口红一共几支啊 蹲蹲", {}, "stock", "60", "蹲"),  # 蹲蹲: the viewer waits, it asks nothing
        ("beauty", "呢啲係咪韓國貨嚟", {}, "authenticity", "產地", ""),
        ("tech", "C1条线几长啊 我床离插座有点远", {}, "spec", "1.5 米", "電壓"),  # a socket far away is a length
        ("tech", "p65 jg", {}, "price", "129 元", ""),  # pinyin initials: Chinese
        ("tech", "BTC还能上车吗 主播懂不", {}, "off_topic", "不聊", "購物車"),
        ("beauty", "明天上海下雨吗", {}, "off_topic", "天气這個話題直播間不方便聊", "補擦"),
        ("beauty", "下个月我妈生日 想送点护肤的 她五十多了皮肤偏干 预算两百左右 买啥好啊", {}, "recommend", "189 元", ""),
        ("tech", "what should I get my dad, he always forgets to charge his phone lol", {}, "recommend", "5000 mAh", ""),
        ("tech", "x1打游戏开啥模式", {}, "usage", "遊戲模式", ""),
        ("tech", "which port on the P65 do I use for my laptop?", {}, "usage", "USB-C", ""),
        ("beauty", "你係咪AI嚟㗎", {}, "chitchat", "AI", ""),
    ],
)
def test_viewers_phrasings_of_the_fourteenth_set(request, pu, text, ctx, intent, said, unsaid) -> None:
    persona, u = request.getfixturevalue(pu)
    from vhost.graded_eval import _lang
    from vhost.knowledge.answer import plan

    lang = _lang(persona, text)
    x = u.understand(text, lang, **ctx)
    line = " ".join(plan(x, persona.edition(lang)).lines)
    assert x.intent == intent, (x.intent, x.route, x.scores)
    assert said in line, line
    assert not unsaid or unsaid not in line, line


def test_a_socket_abroad_names_the_voltage(tech) -> None:
    _, p = ask(tech, "我在加拿大 充电头插座能用吗")
    assert "電壓" in " ".join(p.lines), p.lines
