"""What the thirty-sixth blind set showed, each read wrongly before (named in its comment): the world outside asked in
words we sell near, pinyin that sounds like a health word, facts of the sheet in a viewer's words, a product named by
what it pairs with, and the show asked to run on a loop."""

from __future__ import annotations

from tests.knowledge.conftest import ask


def test_the_world_outside(tech, beauty) -> None:
    x, _ = ask(tech, "戴耳機聽歌還是睡不著 有沒有推薦的安眠藥")  # a medicine we do not sell: off topic (rule 1 first)
    assert x.intent == "off_topic"
    x, _ = ask(beauty, "今天双色球开奖了吗")  # a state lottery's draw, not our giveaway
    assert x.intent == "off_topic"
    x, _ = ask(beauty, "anyone watching the new season of squid game? no spoilers pls")  # was "which product do you mean"
    assert x.intent == "off_topic"


def test_pinyin_and_the_sun(beauty) -> None:
    x, p = ask(beauty, "kou hong duo shao qian yi zhi")  # yi zhi: 一支, not 醫治 (was a health caution)
    assert x.intent == "price" and "129" in p.lines[0]
    x, p = ask(beauty, "曬傷脫皮了 擦玻尿酸那瓶能好得快一點嗎")  # 曬傷 is the sun, not the sunscreen
    assert x.products == ("ha-serum",)


def test_sheet_facts_in_a_viewers_words(tech) -> None:
    x, p = ask(tech, "X1 打傳說對決會不會聲音慢半拍")  # the latency, not the sound quality
    assert x.missing == () and "低延遲" in p.lines[0]
    _, p = ask(tech, "這台掉進泳池撈起來還能用嗎", stage_product="n9-phone")  # was the weight
    assert "IP54" in p.lines[0]
    _, p = ask(tech, "n9 cam how many MP? and does it have OIS")  # was 'don't cover "OIS"'
    assert "50 MP" in p.lines[0]
    _, p = ask(tech, "手機跟耳機哪個電比較耐用")
    assert any("18 小時" in x for x in p.lines) and any("30 小時" in x for x in p.lines)
    x, p = ask(tech, "打遊戲前那個低延遲要去哪裡開", stage_product="x1-earbuds")  # where to turn it on: not on the sheet
    assert "operation" in x.missing and p.mode == "defer"
    x, p = ask(tech, "first time using the X1, do i need to fully charge the case before pairing?")
    assert "first_charge" in x.missing and "warranty" not in " ".join(p.lines)  # was the warranty line


def test_what_is_paired_and_the_flash_sale(tech, beauty) -> None:
    x, p = ask(tech, "新手机配什么线好 要充得快的")  # the cable named after 配 by its kind
    assert x.products == ("c1-cable",) and "100" in p.lines[0]
    x, _ = ask(tech, "p65能充macbook pro吗 要配啥线")  # the charger asked first: still the charger
    assert "p65-charger" in x.products
    _, p = ask(tech, "C1 秒殺是不是放一百條 我每次都搶不到")  # always missing it asks no time: the flash sale's figures
    assert "50" in p.lines[0] and "100" not in " ".join(p.lines)
    x, p = ask(beauty, "晚上刷酸加A醇的话 精华还能叠上去吗")  # layering with actives: usage, deferred by name
    assert x.intent == "usage" and p.mode == "defer" and "A醇" in p.lines[0]


def test_the_show_on_a_loop(tech) -> None:
    x, p = ask(tech, "is this stream on a loop? swear i heard the earbuds bit an hour ago lol")
    assert x.intent == "chitchat" and p.lines[0] == "The show runs in rounds." and "round" in p.lines[1]
