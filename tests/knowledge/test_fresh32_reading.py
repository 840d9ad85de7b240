"""What the thirty-second blind set showed, each read wrongly before (named in its comment): situations told
for a fact, keeping a product charged, where the goods came through, health worries, money after a flash sale."""

from __future__ import annotations

from tests.knowledge.conftest import ask


def test_a_situation_or_a_side_word_names_the_fact(tech, beauty) -> None:
    x, p = ask(tech, "下大雨騎車 這個塞在安全帽裡會不會掛掉", stage_product="x1-earbuds")  # 掛掉 was a fit (掉): the weight
    assert x.attrs == ("water",) and "IPX5" in p.lines[0]
    x, p = ask(tech, "上次那个P什么来着的充电头 火力有多猛")  # 火力: was deferred
    assert "power" in x.attrs and "65" in p.lines[0]
    x, p = ask(tech, "這條看起來細細的 大電流扛得住嗎", stage_product="c1-cable")
    assert "100" in p.lines[0]
    x, p = ask(tech, "N9 Phone 同時開LINE蝦皮遊戲切來切去 會不會一直重開")  # apps reloading: the memory
    assert "12GB" in " ".join(p.lines)
    x, p = ask(tech, "does this thing feel like a brick? i keep dropping it on my face in bed lol", stage_product="n9-phone")
    assert x.products == ("n9-phone",) and "188" in p.lines[0]  # "like a brick" was the charger
    x, p = ask(tech, "phone glass gorilla or what? my last one cracked day 2 😭")  # "my last one", "day 2" were the battery
    assert x.attrs == ("material",) and "material" in x.missing and len(p.lines) == 1
    x, p = ask(beauty, "約會吃火鍋 喝完飲料杯子會不會一圈紅", stage_product="velvet-lip")
    assert x.attrs == ("transfer",) and "不沾杯" in p.lines[0]
    x, p = ask(beauty, "opened my serum in june, still good to use at xmas?")  # "opened" was a return
    assert x.intent == "spec" and "12 months" in p.lines[0]
    x, p = ask(beauty, "防晒出门前多久涂 晚上到家要怎么弄掉")  # the removal was a fit (掉)
    assert {"reapply", "removal"} <= set(x.attrs) and "卸妝" in p.lines[1]


def test_keeping_it_charged_and_what_the_sheet_lacks(tech, beauty) -> None:
    x, p = ask(tech, "不用的時候要拔掉嗎 一直插在插座上可以嗎", stage_product="p65-charger")
    assert "battery_care" in x.missing and "一直插著" in p.lines[0]
    x, p = ask(tech, "do i keep the buds in the case 24/7 or does that wreck the battery long term")
    assert "battery_care" in x.missing and "in the case" in p.lines[0]
    x, p = ask(tech, "macbook air + my phone at the same time on that charger, does it split ok?")
    assert "power_split" in x.missing and "65" in " ".join(p.lines)
    x, p = ask(tech, "那支手機本身最高吃幾瓦 半小時充得回一半嗎")  # named the half hour, not the wattage
    assert "power" in x.missing and "功率" in p.lines[0]
    x, p = ask(beauty, "我嘴唇偏暗沉 這支顏色蓋得住嗎")
    assert "coverage" in x.missing and "遮蓋" in p.lines[0]


def test_where_the_goods_came_through(tech, beauty) -> None:
    x, p = ask(beauty, "這瓶是台灣公司貨還是水貨 我怕買到平行輸入")  # 台灣 was shipping to Taiwan
    assert x.intent == "authenticity" and "goods_channel" in x.missing and "overseas" not in x.attrs
    assert "是不是公司貨" in p.lines[0] and "水貨" not in p.lines[0] and "商品頁" in p.lines[1]  # asked as a question, never named as a claim
    x, p = ask(tech, "is the phone global version or china rom? got burned by a grey import b4")
    assert "goods_channel" in x.missing and "version" in p.lines[0] and "global" not in p.lines[0]
    x, p = ask(tech, "N9是公司貨嗎 壞了保固找誰")  # the deferral, the product page and the warranty: both asks
    assert "商品頁" in " ".join(p.lines) and "客服" in p.lines[-1]
    x, p = ask(tech, "這顆頭有過BSMI嗎 台灣插座直接能用嗎")  # was "which product?"
    assert x.intent == "authenticity" and x.products == ("p65-charger",) and "BSMI" in p.lines[0] and "overseas" not in x.attrs
    x, _ = ask(tech, "組合裡面那顆頭是哪一顆")  # the set's charger, not the charger itself
    assert x.products == ("n9-phone",)


def test_health_worries_and_who_it_suits(tech, beauty) -> None:
    x, _ = ask(tech, "充電頭插整晚 放枕頭旁邊對身體有沒有影響")
    assert x.intent == "medical"
    x, _ = ask(tech, "戴耳機跑完步耳仔痕痕 係咪敏感咗 要搽乜嘢")  # 痕痕: itchy
    assert x.intent == "medical"
    x, p = ask(beauty, "sensitive af, anything w fragrance stings my face — can i use the serum")  # was "stop using it"
    assert x.intent == "suitability" and "無香精" in p.lines[0]
    x, _ = ask(beauty, "這個敏感期能用嗎 最近臉很癢")  # itchy now: a reaction had, not feared
    assert x.intent == "medical"


def test_money_and_supply_after_a_flash_sale(tech, beauty) -> None:
    x, p = ask(beauty, "秒杀那会儿卡住了没抢到 口红恢复原价是多少 还剩多少支")  # was the flash sale's units
    assert "129" in p.lines[0] and "900" in p.lines[1]
    x, p = ask(beauty, "flash lipstick, how many r they dropping? always miss it 😩")  # "always" was a time asked
    assert "60" in p.lines[0] and len(p.lines) == 1
    x, p = ask(beauty, "朋友話精華得返十幾支 真唔真㗎")  # 得返: only that many left
    assert x.intent == "stock" and "400" in p.lines[0]
    x, p = ask(tech, "my dad's phone is ancient, want sth w a big battery n big screen, which one + how much")
    assert "2299" in p.lines[0]
    x, _ = ask(tech, "求推荐个考研英语网课 有靠谱的没")  # a course to take: declined
    assert x.intent == "off_topic"


def test_a_feature_asked_before_the_money_is_said_first(beauty) -> None:
    """"口紅總共有幾個色 秒殺價多少": the shades, then the flash sale's price (the shades were dropped)."""
    _, p = ask(beauty, "口紅總共有幾個色 秒殺價多少")
    assert "六個色號" in p.lines[0] and "99" in p.lines[1]
