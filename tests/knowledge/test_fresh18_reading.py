"""What reading the eighteenth fresh set taught: each case failed before the change named in its test."""

from __future__ import annotations

from tests.knowledge.conftest import ask


def test_the_next_round_is_the_rundowns_own_line(tech, beauty) -> None:
    x, p = ask(tech, "when does the next round start? gotta go cook real quick")  # "real quick" is no genuine goods
    assert x.intent == "chitchat" and p.lines == ("The next round starts right away, so stay with us.",)
    x, p = ask(beauty, "下一場幾點開 我要定鬧鐘")
    assert x.intent == "chitchat" and "下一輪馬上開始" in p.lines[0]
    _, p = ask(beauty, "明天幾點開播")  # tomorrow's stream: its time is not known here; the rounds run on until then
    assert "直播時間" in p.lines[-1] and "下一輪" in p.lines[0]


def test_a_sports_team_is_named_when_declined_and_a_medicine_is_not(tech, beauty) -> None:
    _, p = ask(tech, "有人知道今晚湖人赢没")
    assert p.mode == "decline" and p.lines[0].startswith("湖人")
    _, p = ask(beauty, "主播有没有好用的减肥药推荐一下")
    assert p.mode == "decline" and "藥" not in p.lines[0]


def test_an_english_term_in_a_chinese_question_is_named_in_chinese(tech) -> None:
    _, p = ask(tech, "N9 support wireless charging 嗎")
    assert p.lines[0] == "資料卡上沒有寫N9的無線充電，我確認後再告訴大家。"
    _, p = ask(tech, "N9有NFC嗎")  # a code stays as written
    assert "NFC" in p.lines[0]


def test_a_ladder_step_asked_by_its_goal(tech) -> None:
    x, p = ask(tech, "送禮物嗰一格要刷幾多錢㗎")
    assert x.intent == "bargain" and p.lines == ("禮物累計 300 解鎖 1999。",)
    x, p = ask(tech, "連麥那檔是多少錢？要怎麼上麥")
    assert x.intent == "bargain" and p.lines == ("最後一檔要連麥，想上麥的家人們點連麥申請。", "最後一檔 1899 要等主播連麥同意。")  # how to join: the rundown's line
    _, p = ask(tech, "kan要刷多少条")
    assert p.lines == ("公屏發 200 個「砍」解鎖 2099。",)


def test_a_flash_sale_feared_missed_is_still_the_flash_sale(tech, beauty) -> None:
    _, p = ask(tech, "秒杀持续多久 手慢怕抢不到")
    assert "限時 2 分鐘" in p.lines[0]
    x, p = ask(beauty, "秒殺完恢復多少錢")  # over: the product with the flash sale, at its list price
    assert x.products == ("velvet-lip",) and p.lines == ("絲絨霧面唇膏現在是 129 元。",)
    x, _ = ask(beauty, "how much is the lipstick normally, outside the flash sale?")
    assert x.intent == "price"


def test_a_wrong_claim_is_corrected_by_the_fact_it_is_about(beauty) -> None:
    _, p = ask(beauty, "SPF50+ 擦一次一整天都不用補了吧")  # the reapply line, not the SPF line
    assert p.mode == "correct" and "補擦" in p.lines[1]
    _, p = ask(beauty, "精华是5%玻尿酸对吧")  # a percentage before a substance is its concentration
    assert "2%" in p.lines[0]


def test_choosing_by_value_budget_and_need(beauty) -> None:
    _, p = ask(beauty, "面霜同精華邊個抵啲")  # 抵: value for money
    assert "229" in p.lines[0] and "189" in p.lines[1]
    _, p = ask(beauty, "預算200送女朋友 口紅還是精華好")
    assert p.lines == ("絲絨霧面唇膏現在是 129 元。", "玻尿酸保濕精華現在是 189 元。")
    x, p = ask(beauty, "男朋友每天打球曬超黑 送他哪個比較好")
    assert x.products == ("spf-sunscreen",) and "SPF50+" in " ".join(p.lines)
    x, p = ask(beauty, "best pick for super sensitive skin?")
    assert x.intent == "recommend" and p.lines[0].startswith("Hyaluronic Hydrating Serum: ")


def test_orders_links_and_invoices(tech, beauty) -> None:
    x, p = ask(beauty, "my order hasn't moved in 4 days, where is it??")
    assert x.intent == "shipping" and "order page" in p.lines[0]
    x, p = ask(beauty, "可以打統編嗎")
    assert x.intent == "how_to_buy" and "發票" in p.lines[0]
    x, p = ask(beauty, "where's the link for the lipstick set?")
    assert x.intent == "how_to_buy" and "cart" in p.lines[0]
    x, p = ask(tech, "组合的 link 在哪 咋下单")  # the one product sold as a set, not the first on the sheet
    assert x.products == ("n9-phone",) and "N9" in p.lines[0]
