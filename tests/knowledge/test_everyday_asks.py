"""Facts the beauty sheet states, asked in everyday words, each deferred or answered off the point before (named in its
comment): the size of a jar, how much to use at a time, what a meal does to the lipstick, the scent asked as 香不香,
and what a recommendation names."""

from __future__ import annotations

from tests.knowledge.conftest import ask


def test_the_size_and_the_dose_asked_of_the_container(tech, beauty) -> None:
    x, p = ask(beauty, "這罐多大啊？可以用多久", stage_product="vc-cream")  # 這罐多大 was not the size: only the deferral
    assert "capacity" in x.attrs and "50 克" in " ".join(p.lines)
    x, p = ask(beauty, "那瓶一次挤几下")  # how much a time: only the serum's sheet says (兩到三滴); was "which one?"
    assert x.products == ("ha-serum",) and "兩到三滴" in p.lines[0]
    x, p = ask(tech, "买给我爸 字会不会太小 N9屏多大")  # 屏 sounds like 瓶 (這瓶多大): the screen, not the phone's storage
    assert x.attrs == ("screen",) and len(p.lines) == 1


def test_a_meal_and_the_lipstick(beauty) -> None:
    x, p = ask(beauty, "口洪吃个饭就没了 咋补")  # what happened, then the ask: usage, and the sheet's line on eating
    assert x.intent == "usage" and x.products == ("velvet-lip",) and "補擦" in p.lines[0]


def test_the_scent_is_named_not_echoed(beauty) -> None:
    _, p = ask(beauty, "面霜香不香 有味道嗎")  # was "沒有寫…面霜香不香", a yes/no echoed where the thing is 香味
    assert p.mode == "defer" and "香不香" not in p.lines[0] and "的味道" in p.lines[0]


def test_a_recommendation_names_what_to_buy(beauty) -> None:
    x, p = ask(beauty, "想找一支擦了不會假白的 出門用 推哪個")  # was "防曬：…", a nickname for the product to buy
    assert p.lines[0].startswith("清透防曬乳：")
    x, p = ask(beauty, "bf's lips get super dry, want a lipstick that won't make it worse, which one")
    assert x.products == ("velvet-lip",) and "shea butter" in p.lines[0]  # the need's own line, not the shades


def test_a_situation_before_the_ask_is_not_the_first_ask(tech, beauty) -> None:
    # the first of two asks is the label only when it asks (README: Intent labels); what the viewer tells first is not
    x, _ = ask(beauty, "i sweat a ton at the gym, when should i reapply this", stage_product="spf-sunscreen")
    assert x.intent == "usage"  # was spec: the gym named water
    x, _ = ask(beauty, "防曬流汗完要補擦嗎 還是擦一次就好")  # the first ask is how it is used, whatever else it names
    assert x.intent == "usage"
    x, _ = ask(tech, "我游戏本要140w的 p65带得动吗")  # the viewer's own device, told first
    assert x.intent == "suitability"
    x, _ = ask(tech, "c1几哇的 能充笔记本不")  # 几哇 (瓦) asks: the figure first, spec
    assert x.intent == "spec"


def test_whether_it_can_be_used_so_is_how_it_is_used(tech, beauty) -> None:
    # rule 7: "how to use it … how to pair, connect or set it up"; the labels read "can I use it this way" so too
    x, _ = ask(beauty, "can i use this around my eyes too", stage_product="ha-serum")
    assert x.intent == "usage"  # was spec: no step word in it
    x, _ = ask(tech, "耳机盒子脏了能拿酒精棉擦吗")  # cleaning it
    assert x.intent == "usage"
    x, _ = ask(tech, "N9 120hz要自己去设置里开吗")  # setting it up
    assert x.intent == "usage"
    x, _ = ask(tech, "can i use just one earbud")  # the product itself, by the scores: spec
    assert x.intent == "spec"


def test_the_molecules_and_a_coffee(beauty) -> None:
    _, p = ask(beauty, "那個水光瓶是幾種大小的分子")  # was a deferral: the sheet says three molecular weights
    assert "三種分子量" in p.lines[0]
    _, p = ask(beauty, "does the lipstick survive a coffee? ngl i drink like 4 a day")  # was 'don't cover "survive"'
    assert "transfers less" in p.lines[0]


def test_a_feature_asked_before_the_price(tech) -> None:
    x, p = ask(tech, "x1防水嗎 多少錢")  # the first of two asks labels the message, and is answered first
    assert x.intent == "spec" and "IPX5" in p.lines[0] and "199" in p.lines[1]
    x, p = ask(tech, "x1多少錢 防水嗎")  # the price asked first
    assert x.intent == "price" and "199" in p.lines[0]
