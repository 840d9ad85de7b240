"""What the thirty-fourth blind set showed, each read wrongly before (named in its comment): money asked in other words,
what one sheet alone says, a worry before buying, a health question that is no reaction."""

from __future__ import annotations

from tests.knowledge.conftest import ask


def test_money_asked_in_other_words(tech, beauty) -> None:
    x, p = ask(tech, "那支大螢幕的年底換機 今天下單實付多少")  # 實付: what is paid, was a deferral on 「單實付」
    assert x.intent == "price" and "2299" in p.lines[0]
    _, p = ask(tech, "N9 原本賣多少？想算現在省了幾百")  # the list price and what is saved
    assert "2499" in p.lines[0] and "省 200" in p.lines[0]
    _, p = ask(tech, "earbuds on sale today or full price?")  # "no extra discount" did not say there is none
    assert "no discount" in p.lines[0]
    _, p = ask(beauty, "防曬有在打折嗎 還是就原價")
    assert "沒有折扣" in p.lines[0]


def test_what_one_sheet_alone_says(tech, beauty) -> None:
    x, p = ask(tech, "need one thing to charge my macbook air and phone at the same time, which do i get")  # was the phone
    assert x.products == ("p65-charger",) and "65" in p.lines[0]
    x, p = ask(beauty, "想找一支擦了不會假白的 出門用 推哪個")  # 一支 counts the lipstick, but only the sunscreen says 不泛白
    assert x.products == ("spf-sunscreen",) and "泛白" in p.lines[0]
    x, p = ask(beauty, "喝咖啡這支會不會整個杯子都是印", stage_product="velvet-lip")
    assert x.attrs == ("transfer",) and "不沾杯" in p.lines[0]
    x, p = ask(beauty, "lipstick gone after lunch?? do i gotta redo it")  # was 'don't cover "gone" or "lunch"'
    assert "touch it up" in p.lines[0]
    x, p = ask(tech, "how do i set this up first time, like moving my old data over", stage_product="n9-phone")
    assert x.missing == ("data_transfer",) and "data transfer" in p.lines[0]
    x, _ = ask(tech, "wait would this thing weigh down my jacket pocket", stage_product="p65-charger")  # a jacket is no cable's
    assert "material" not in x.attrs


def test_a_worry_before_buying_and_a_health_question(beauty) -> None:
    x, p = ask(beauty, "皮膚很容易泛紅刺痛 這支防曬擦得了嗎")  # 擦得了: can it be used, nothing happened yet
    assert x.intent == "suitability" and "耳後" in p.lines[0]
    x, p = ask(beauty, "臉上在爆痘 擦這瓶保濕的會好得快一點嗎")  # healing faster asked: no "stop using it"
    assert x.intent == "medical" and "停用" not in p.lines[0] and "痘痘" in p.lines[0]
