"""What reading the twenty-second fresh set taught: each case failed before the change named in its test."""

from __future__ import annotations

from tests.knowledge.conftest import ask


def test_the_world_outside_is_declined_not_answered_with_a_product(tech, beauty) -> None:
    for pu, text in ((tech, "繁花第二季啥时候出啊 有人知道不"),  # was the X1's price: 第二季 sounds like 耳機
                     (tech, "原神新角色要不要抽啊 好糾結"),  # was the giveaway
                     (beauty, "帮我写篇800字作文 题目是我的妈妈"),  # was "which product?"
                     (beauty, "寒假想去北海道 十二月會很冷嗎"),
                     (beauty, "王者这赛季玩啥英雄好上分"),
                     (beauty, "茅台现在能抄底不")):  # fmt: skip
        x, _ = ask(pu, text)
        assert x.intent == "off_topic" and not x.products, text
    x, _ = ask(tech, "打王者卡不卡", stage_product="x1-earbuds")  # the earbuds in a game stay a question about them
    assert x.intent == "spec" and x.products == ("x1-earbuds",)


def test_thanks_and_praise_are_talk_with_the_host(tech, beauty) -> None:
    for pu, text in ((beauty, "谢谢宝 买了俩🥰"),  # was a complaint: "抱歉遇到這個問題"
                     (tech, "收到了 耳机音质很顶 谢谢测评官"),  # was "沒有寫X1的收到"
                     (tech, "多謝主播 買咗喇"),
                     (beauty, "ur so pretty omg is that ur real face")):  # was authenticity: "the product page lists…"
        assert ask(pu, text)[0].intent == "chitchat", text
    assert ask(tech, "谢谢主播 X1多少钱")[0].intent == "price"  # thanks beside a question: the question


def test_the_draw_asked_in_few_words_is_the_draw(tech, beauty) -> None:
    _, p = ask(tech, "几个人能中")  # was "which product?"
    assert "抽 3 位" in p.lines[0]
    _, p = ask(beauty, "抽中的是正装还是小样")
    assert "旅行裝" in p.lines[0]


def test_a_problem_vented_is_a_complaint(tech, beauty) -> None:
    assert ask(beauty, "防晒味道有点冲 服了")[0].intent == "complaint"  # was a deferral on the scent
    assert ask(tech, "买的N9屏幕有个亮点 服了")[0].intent == "complaint"
    assert ask(tech, "C1线耐不耐用 别用几天就断了")[0].intent == "spec"  # asked before buying, no problem had


def test_how_much_at_a_time_and_how_to_switch_it_on(tech, beauty) -> None:
    _, p = ask(beauty, "精华一次得挤5滴吧")  # was "這一項資料卡上沒有寫"
    assert p.lines == ("洗臉後取兩到三滴，輕拍到吸收。",)
    _, p = ask(beauty, "面霜一次挖多少 黄豆大够吗")  # the amount, which the cream's sheet does not give, by its name
    assert p.lines[0] == "資料卡上沒有寫維他命 C 亮采面霜的用量，我確認後再告訴大家。"
    _, p = ask(tech, "游戏模式咋切 找半天没找着")  # was the game-mode line, as if it answered how to switch it on
    assert p.lines[0].startswith("資料卡上沒有寫X1") and "模式" in p.lines[0]
    _, p = ask(tech, "N9 120hz要自己去设置里开吗")
    assert p.lines[0].startswith("資料卡上沒有寫N9")


def test_devices_and_corrections(tech, beauty) -> None:
    x, p = ask(tech, "X1第一次用要點配對啊 連極都連唔到部手機")  # the viewer's phone, not our N9
    assert x.products == ("x1-earbuds",) and p.lines[0] == "資料卡上沒有寫X1的配對方式，我確認後再告訴大家。"
    x, p = ask(tech, "P65能不能手机电脑耳机三个一起插着充")  # was a deferral on 「电脑」 for the P65 and the N9
    assert x.products == ("p65-charger",) and "三個接口" in p.lines[0]
    _, p = ask(beauty, "is the sunscreen sold out? and it's SPF100 right?")  # was "not its rating" with no rating
    assert p.lines[0] == "That's not its rating." and "SPF50+" in p.lines[1] and "600" in p.lines[2]
    _, p = ask(beauty, "口红有个色号断货了 会补吗")  # a restock, which no sheet dates
    assert p.lines[0].startswith("資料卡上沒有寫絲絨霧面唇膏的補貨")
    from vhost.text.fold import detect_lang

    assert detect_lang("do i need lip balm under the lipstick 还是直接涂?") == "en"  # English with a Chinese tail: English
    assert detect_lang("X1 續航 how many hours 啊") == "zh-Hant"
