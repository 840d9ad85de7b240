"""What the thirtieth blind set showed, each read wrongly before (named in its comment): the line between spec,
usage, suitability and medical, products named by what they are, policies with a story, money and supply."""

from __future__ import annotations

import pytest

from tests.knowledge.conftest import ask


@pytest.mark.parametrize("who,text,intent", [
    ("tech", "third time asking in chat n nobody answers about my order, kinda rude tbh", "complaint"),  # was how to buy
    ("tech", "我有腱鞘炎 单手拿着N9刷久了会不会加重", "medical"),  # was a spec deferral on the grip
    ("tech", "晚上手機放床頭充電 電磁波會不會影響寶寶", "medical"),  # was suitability
    ("tech", "is the N9 the fastest charging phone out rn", "compare"),  # a rank claim, was spec
    ("beauty", "做完激光療程先兩個禮拜 可唔可以搽VC霜", "medical"),  # was the cream's ingredients as usage
    ("beauty", "正在吃A酸 可以同時擦面霜嗎", "medical"),
    ("beauty", "sunscreen cap snapped off on day 2, who do i talk to about that", "warranty"),  # was a deferral on "cap snapped"
    ("beauty", "chat says the serum's down to like 15 bottles, should i panic buy lol", "stock"),  # was small talk
    ("beauty", "防曬還夠多嗎 想幫整個辦公室一起團", "stock"),  # was the set
    ("beauty", "防曬嗰支有冇跟埋細支裝 我想帶去旅行", "gift"),  # 跟埋: what comes along with it
    ("beauty", "how much sunscreen do i actually need for face + neck?", "usage"),  # was the price
    ("beauty", "那支丝绒的口洪几块钱", "price"),  # 口洪 typed for 口紅, was a spec deferral
])
def test_what_is_asked(request, who, text, intent) -> None:
    assert ask(request.getfixturevalue(who), text)[0].intent == intent


def test_a_set_asked_for_by_its_items_names_them_all(tech) -> None:
    x, p = ask(tech, "手機連叉電頭一齊買幾錢？")  # 連 is "and" here, not "connects to" (was the phone alone)
    assert x.products == ("n9-phone", "p65-charger") and "2399" in p.lines[0]
    x, _ = ask(tech, "组合比单买能省多少啊")  # the set, asked of the one product sold as one: that product
    assert x.products == ("n9-phone",)
    x, _ = ask(tech, "耳机能连手机吗")  # connecting to the viewer's phone is not the N9
    assert x.products == ("x1-earbuds",)


def test_a_rank_claim_on_a_measure_the_sheet_lacks_names_it(tech, beauty) -> None:
    x, p = ask(tech, "N9是全网充电最快的手机吧")  # was "這一項資料卡上沒有寫" (no topic)
    assert x.intent == "compare" and "充電功率" in p.lines[0]
    _, p = ask(tech, "is the N9 the fastest charging phone out rn")  # was the screen
    assert "charging power" in p.lines[0] and "OLED" not in " ".join(p.lines)
    _, p = ask(tech, "N9銷量第一吧")  # no sheet has sales: our own figures, as before
    assert "6.6" in " ".join(p.lines)
    _, p = ask(beauty, "is your sunscreen the best one for daily use?")  # daily use is no measure: the SPF, as before
    assert "SPF50+" in " ".join(p.lines)


def test_policies_with_a_story(tech, beauty) -> None:
    x, p = ask(tech, "any discount codes floating around? broke student here")  # was the N9's promo price
    assert x.intent == "promo" and x.products == () and "coupons" in p.lines[0]
    x, p = ask(tech, "今天拍的充电头走之前能到上海不")  # was the shipping line with no time named
    assert "delivery_time" in x.missing and "時間" in p.lines[0]
    x, _ = ask(tech, "兩隻可以拆開俾兩個人聽嗎")  # sharing the two buds is no opened parcel to return
    assert x.intent != "returns" and "return_terms" not in x.attrs
    x, _ = ask(tech, "拆開了還能退嗎")
    assert x.intent == "returns" and "return_terms" in x.missing
    x, p = ask(tech, "if i grab the earbuds AND the charger do i save anything vs buying separate")
    assert x.intent == "bundle" and p.lines[0] == "There's no set of these; each is sold on its own."  # was each price alone


def test_thin_skin_and_a_price_said_back_as_coming_back(beauty) -> None:
    _, p = ask(beauty, "我阿媽七十幾歲 皮膚好薄 用唔用得精華")  # thin skin is sensitive skin: the patch test
    assert any("耳後" in line for line in p.lines)
    _, p = ask(beauty, "面霜冬季價聽說下禮拜就恢復259了 真的假的")  # was the price alone, no end date
    assert any("12 月 31 日" in line for line in p.lines)


def test_a_slang_name_and_a_word_typed_by_its_sound(tech, beauty) -> None:
    assert ask(tech, "豆腐頭多少錢")[0].products == ("p65-charger",)  # 豆腐頭: a charger brick
    assert beauty[1].unnamed("那支口洪几块钱") == "那支 几块钱"  # the name by its sound is a name
    assert tech[1].unnamed("等了十天線才到") == "等了十天線才到"  # 線才 is no 線材 typed by its sound: 才 is a word of its own


def test_after_the_first_commit(tech, beauty) -> None:
    x, p = ask(beauty, "买面霜加精华 两样赠品都能拿到吗")  # both gifts, was the cream's alone
    assert set(x.products) == {"vc-cream", "ha-serum"} and "旅行裝" in " ".join(p.lines)
    x, p = ask(beauty, "那支口红揣兜里会不会被体温捂化 多少克的")  # whether it melts, named; was the weight alone
    assert "melt" in x.missing and "融化" in p.lines[0] and "3.5" in p.lines[1]
    x, p = ask(beauty, "does the lipstick melt in a hot car")
    assert x.missing == ("melt",) and "heat resistance" in p.lines[0]
    assert ask(tech, "my 6yo watches cartoons for hours, would the N9 screen be easier on her eyes?")[0].intent == "medical"
    assert ask(tech, "N9屏幕护眼吗")[0].intent == "medical"  # eye protection is a health claim


def test_a_product_pointed_at_by_a_word_of_its_name(tech, beauty) -> None:
    assert ask(beauty, "那瓶保濕的多少錢")[0].products == ("ha-serum",)  # was no product: 保濕 is in one name only
    assert ask(beauty, "丝绒那支几块")[0].products == ("velvet-lip",)
    assert ask(beauty, "那支好看的多少")[0].products == ()  # 好看 names nothing of ours


def test_how_best_to_charge_is_named(tech) -> None:
    x, p = ask(tech, "上夜班的 白天睡觉前插上充好还是醒了再充 你们这手机咋充比较好")  # was a holding line, no topic
    assert x.missing == ("charge_habit",) and "充電習慣" in p.lines[0] and "上夜班" not in p.lines[0]
    x, p = ask(tech, "N9充一整晚伤电池吗")  # the habit deferred, then the battery the sheet states
    assert "charge_habit" in x.missing and "5000" in p.lines[1]
    _, p = ask(tech, "is charging the N9 overnight bad for the battery")
    assert "charging habits" in p.lines[0]


def test_a_model_of_ours_after_my_or_charge_is_ours(tech) -> None:
    assert ask(tech, "can i charge the N9 overnight")[0].products == ("n9-phone",)  # was "which product do you mean"
    assert ask(tech, "my P65 stopped charging after a week, who do i contact")[0].products == ("p65-charger",)  # was none
    assert ask(tech, "recommend something except the N9")[0].products == ()  # ruled out stays out
