"""What reading the twenty-first fresh set taught: each case failed before the change named in its test."""

from __future__ import annotations

from tests.knowledge.conftest import ask


def test_a_gift_asked_of_a_purchase_is_the_gift(tech, beauty) -> None:
    x, p = ask(beauty, "买双瓶组还送旅行装吗")  # was the set's price, no gift
    assert x.intent == "gift" and "旅行裝" in " ".join(p.lines)
    x, p = ask(beauty, "VC面霜都打折了还送试用装吗")  # was the discount
    assert x.intent == "gift" and "試用裝" in " ".join(p.lines)
    x, _ = ask(tech, "手機加充電頭一起買多少？有送殼嗎")  # the price of the pair asked first stays the ask
    assert x.intent == "bundle"


def test_the_first_ask_is_the_label_and_both_are_answered(tech, beauty) -> None:
    x, p = ask(beauty, "精华一瓶多少 两瓶一起多少")  # was the duo alone
    assert x.intent == "price" and "189" in p.lines[0] and "339" in p.lines[1]
    x, _ = ask(tech, "N9单买多少 组合多少")
    assert x.intent == "price"
    x, p = ask(tech, "幾時發貨呀 有冇得退")  # was returns, and the shipping line dropped
    assert x.intent == "shipping" and any("盡快發貨" in line for line in p.lines)
    x, _ = ask(beauty, "wrong shade arrived, can I send it back")  # a report first, not an ask: the return
    assert x.intent == "returns"


def test_boundaries_of_the_written_rule(tech, beauty) -> None:
    assert ask(tech, "C1秒杀完了还能29买吗")[0].intent == "price"  # the price after the flash sale (rule 5)
    x, p = ask(tech, "X1最大的卖点是啥")  # was a rank claim (compare)
    assert x.intent == "spec" and "30 小時" in " ".join(p.lines)
    x, p = ask(tech, "P65适合给啥设备冲电")  # was a deferral on 「冲电」
    assert x.intent == "suitability" and p.lines == ("P65 65 瓦輸出，筆電手機都能充。",)
    x, p = ask(tech, "bro is the cable legit 100W or just marketing lol")  # was authenticity: "specs are on the page"
    assert x.intent == "spec" and "100 W" in p.lines[0]
    x, p = ask(tech, "C1线耐不耐用 别用几天就断了")  # a breakage hoped against is no complaint
    assert x.intent == "spec" and "編織" in p.lines[0]
    assert ask(tech, "上次买的线用几天就断了 气死")[0].intent == "complaint"
    assert ask(tech, "戴住耳機瞓覺會唔會整親耳仔㗎")[0].intent == "medical"
    assert ask(beauty, "我屏障受损了 精华能修复吗")[0].intent == "medical"  # 屏障 is no screen
    x, p = ask(beauty, "can i use the serum with retinol?")  # was "health questions", no retinol
    assert x.intent == "usage" and p.lines[0].startswith('My notes on the Hyaluronic Hydrating Serum don\'t cover "retinol"')
    assert ask(tech, "左耳才用一周就没声了 气死 能换新的吗")[0].intent == "returns"


def test_words_the_attributes_missed(tech, beauty) -> None:
    x, p = ask(beauty, "does the sunscreen leave a white cast on darker skin?")  # was a health line: "white cast" unread
    assert x.intent != "medical" and "no white cast" in p.lines[0]
    x, p = ask(beauty, "what's actually in the vitamin c cream?")  # was the price
    assert x.intent == "spec" and "10%" in p.lines[0]
    _, p = ask(tech, "P65出差塞包里方便码")  # was a deferral on 「出差塞包」
    assert "110 克" in p.lines[0]
    x, p = ask(beauty, "SPF50+是不是擦了就100%晒不黑☀️")  # 100% is no concentration; the SPF names the sunscreen
    assert x.products == ("spf-sunscreen",) and "SPF50+" in p.lines[-1]


def test_counts_stage_and_claims(beauty) -> None:
    x, p = ask(beauty, "two serums for 299 right?")  # was "not the price, 189"
    assert x.intent == "bundle" and "339" in " ".join(p.lines)
    x, p = ask(beauty, "有味道吗", stage_product="vc-cream")  # was the serum, whose sheet names its scent
    assert x.products == ("vc-cream",) and p.lines[0].startswith("資料卡上沒有寫維他命 C 亮采面霜的")
    _, p = ask(beauty, "VC面霜用久了能美白淡斑吗")  # not judged, what it is, and the claim the sheet makes
    assert "光澤" in p.lines[-1] and not any("美白" in line for line in p.lines)
    _, p = ask(beauty, "发到新疆要几天")  # days to a place: no sheet says; named, then the policy
    assert p.lines[0] == "資料卡上沒有寫發到新疆的時間，我確認後再告訴大家。"  # the place named
