"""Questions typed the way viewers type, each reaching the fact it asks for (or the intent it is)."""

from __future__ import annotations

import pytest

from tests.knowledge.conftest import ask
from vhost.guard import Guard

# (persona, question, the intent it is (None: any), what the answer must say); a question about "這顆頭"
# is asked with the charger on stage
VIEWER_WORDS = [
    ('tech', 'X1 降噪能壓掉幾分貝', None, ('35',)),
    ('tech', 'N9 主攝多少萬', None, ('5000',)),
    ('tech', 'C1 夠不夠長 插座在床尾', None, ('1.5',)),
    ('tech', 'N9 一天一充夠不夠', None, ('18',)),
    ('tech', '福袋這次中幾個人', None, ('3',)),
    ('tech', 'P65 我要拿5個 貨夠嗎', None, ('300',)),
    ('beauty', '防曬指數多少', None, ('SPF50+',)),
    ('beauty', '精華開蓋後能放多久', None, ('12',)),
    ('beauty', '面霜是水水的還是稠稠的', None, ('質地',)),
    ('tech', '耳機跟手機哪個比較不怕水', None, ('IPX5', 'IP54')),
    ('tech', '手機和充電頭哪個比較輕', None, ('188', '110')),
    ('tech', 'which is lighter, the phone or the charger lol', 'compare', ('188', '110')),
    ('tech', 'N9仲有幾部？', 'stock', ('80',)),
    ('tech', '求鏈接！！手機喺邊度落單', 'how_to_buy', ('N9',)),  # the shop link, not a phone to connect
    ('tech', '螢幕夠大嗎', 'spec', ('6.6',)),  # "big enough" asks the size, it is not a word missing from the sheet
    ('tech', '降噪那個在哪下單', 'how_to_buy', ('購物車', 'X1')),  # one product fits: no "which one? X1?"
    ('tech', 'yo what do the X1 go for', 'price', ('199',)),
    ('tech', 'how do i pair the earbuds with my phone', 'usage', ('pair',)),  # not a "pair" of products: a deferral naming it
    ('tech', 'X1第一次怎麼跟手機配對', 'usage', ('配對',)),  # the steps are not on the sheet; "藍牙 5.3" is not how
    ('tech', '手機加充電頭套裝幾錢', 'bundle', ('2399',)),  # 套裝 is the set, 手機套 a case
    ('tech', '耳机有组合价吗', 'bundle', ('沒有組合價', '199')),  # none for it, and its price
    ('beauty', '精華玻尿酸幾多%', 'spec', ('2%',)),  # a percentage asked is a concentration, not a price
    ('beauty', 'VC濃度幾趴', 'spec', ('10%',)),  # vitamin C is on one sheet only: the cream's
    ('beauty', '14岁能用精华吗', 'suitability', ('適用年齡',)),
    ('beauty', '冬天乾到爆拆，推介下用咩', 'recommend', ('精華',)),
    ('beauty', 'first time buying, what should i start with', 'recommend', ('189', '159')),
    ('beauty', '上星期買嘅面霜到咗係爛嘅，點搞', 'returns', ('客服',)),  # damage on arrival, asked what to do (README: Intent labels)
    ('beauty', 'how much sunscreen do i need and when do i put it on', 'usage', ()),
    ('tech', 'P65有幾個孔可以插', 'spec', ('三個接口', 'USB-C')),  # the sheet's sentence, not the shorthand "2C1A"
    ('beauty', '精華有冇其他成份？例如胜肽', 'spec', ('沒有寫', '胜肽')),  # an active named that the sheet lacks
    ('beauty', 'does the serum have peptides', 'spec', ('don\'t cover "peptides"',)),  # the word, not "does the have peptides"
    ('tech', 'iPhone能用X1嗎', 'suitability', ('沒有寫', '藍牙')),  # ours with their phone: not a comparison, not the battery
    ('tech', 'X1 works w/ iphone?', 'suitability', ('compatibility with iPhone', 'Bluetooth')),  # no watts in "w/"
    ('tech', 'X1安卓能用嗎', None, ('藍牙',)),  # the viewer's Android, not the X1's system
    ('beauty', '那個水光瓶多少錢', 'price', ('189',)),  # the serum by what viewers call it ("水光" alone is a finish)
    ('tech', '买充电头送线吗', 'gift', ('沒有贈品', '購物車')),  # none on the sheet: said as none, and where the final word is
    ('tech', 'what freebies with the earbuds', 'gift', ('No free gift', 'cart page')),
    ('beauty', 'which is bigger, the sunscreen or the serum?', 'compare', ('50', '30')),
    ('beauty', 'which bottle is bigger, the sunscreen or the serum?', None, ('50', '30')),
    ('tech', '天天戴著會不會傷聽力', 'medical', ()),
    ('beauty', '手背一直癢 擦這個會好嗎', 'medical', ()),
    ('beauty', '我皮很薄一碰就紅 面霜能擦嗎', 'suitability', ()),
    ('tech', '耳機壞了包幾年', 'warranty', ()),
    ('tech', 'how do I join the lucky bag', 'lottery', ()),
    ('beauty', '口紅兩個色號一起拍 便宜嗎', 'bundle', ()),
    ('tech', 'X1 N9 P65 C1 各要多少錢', 'price', ('199', '2299', '129', '39')),
    ('beauty', '精華 面霜 防曬 口紅 分別多少', 'price', ('189', '229', '159', '129')),
    ('beauty', '防曬多少ㄚ', 'price', ('159',)),
    ('tech', '耳機多少前', 'price', ('199',)),
    ('tech', 'N9 到手幾個米', 'price', ('2299',)),
    ('beauty', '口紅搶購價多少', 'promo', ('99',)),
    ('tech', 'is the N9 still 2499?', 'price', ('2299',)),
    ('tech', 'saw the P65 for 89 somewhere else', 'price', ('129',)),
    ('beauty', 'after dec 31 does the cream go back to 259', 'promo', ('December 31',)),
    ('beauty', 'how many likes till the serum drops to 179', 'bargain', ('1500',)),
    ('tech', '這顆頭還夠嗎 要幫公司拿三十個', 'stock', ('300',)),
    ('beauty', '精華兩瓶組在哪裡拍', 'how_to_buy', ('購物車',)),
    ('beauty', '精華下單有附什麼小東西嗎', 'gift', ('旅行裝',)),
    ('beauty', 'is there a 2 lipstick deal?', 'bundle', ('239',)),
    ('beauty', '防曬和面霜哪個量多', 'compare', ('50',)),
    ('beauty', '口紅是霧面還是水光的', 'spec', ('霧面絲絨',)),
    ('tech', 'P65 用久了要是燒了咋整', 'warranty', ('客服',)),
    ('tech', 'paid 5 days ago and the parcel still hasnt moved', 'complaint', ('order page',)),
    ('beauty', '那罐霜裡菸鹼醯胺幾個點', None, ('4%',)),
    ('beauty', '我換季會泛紅 精華OK嗎', None, ('耳後',)),
    ('tech', 'N9 淋了場雨還能用嗎', None, ('IP54',)),
    ('tech', 'what do we need to do to get the N9 down to 2099', None, ('200',)),
    ('tech', '跑步戴X1 出一身汗沒事吧', 'spec', ('IPX5',)),
    ('tech', 'x1 ok for a 10h flight?', 'spec', ('30',)),
    ('tech', '出差帶P65會不會很重', 'spec', ('110',)),
    ('tech', 'N9保固幾年？', None, ('保固期限',)),
    ('tech', 'the earbuds have a 2 year warranty right?', None, ('warranty period',)),
    ('beauty', 'my skin gets red easily, will the cream sting', None, ('Patch test',)),
    ('beauty', 'how do i get the lipstick duo', None, ('239',)),
    ('beauty', 'how strong is the vitamin c in the cream', None, ('10%',)),
    ('beauty', 'does it ship to the US', None, ('shipping to the US',)),
    ('beauty', 'are these legit or knockoffs', None, ('product page',)),
    ('beauty', '雙瓶組跟單買兩瓶差多少', None, ('省 39 元',)),
    ('tech', '手機加充電頭的組合比分開買省多少', None, ('省 29 元',)),
    ('beauty', 'how much is the serum duo', None, ('39 yuan less',)),
    ('beauty', '精華跟防曬各送啥', 'gift', ('防曬旅行裝',)),
    ('beauty', '口紅雙支裝幾錢', 'bundle', ('239',)),
    ('beauty', '精華一次擠幾下', 'usage', ('兩到三滴',)),
    ('beauty', '喝奶茶會不會印在杯子上', 'spec', ('不沾杯',)),
    ('beauty', '收到的口紅跟直播間看的顏色不一樣 能換不', 'returns', ('平台規則',)),
    ('beauty', '玫瑰痤瘡擦精華會不會更紅', 'medical', ('醫生',)),
    ('tech', "phone and a cable, what's the damage", 'bundle', ('39',)),
    # found on the twelfth fresh set
    ('tech', 'N9 用咗一個月 喇叭冇晒聲 搵邊個', 'warranty', ('客服',)),  # 搵邊個: who do I ask
    ('beauty', '口紅開咗封唔啱色換得唔得', 'returns', ('訂單',)),
    ('beauty', '懷咗BB用得呢支精華嗎', 'medical', ('醫生',)),
    ('beauty', '精華每次滴幾多先夠', 'usage', ('兩到三滴',)),  # how much a time is the amount: usage
    ('tech', 'is the N9 the best phone under 2500?', 'compare', ('120',)),  # a budget, not a price said back
    ('beauty', 'is your sunscreen the best one for daily use?', 'compare', ('SPF50+',)),  # "your" sunscreen is ours
    ('tech', '學生黨想換機 你哋有咩推介', 'recommend', ('N9',)),  # 換機 is a new phone, not 換季 (sensitive skin)
    ('beauty', 'is shipping free if I only get one lipstick?', 'shipping', ('shipping costs',)),
    ('beauty', '防曬有冇特證 查唔查到備案', 'authenticity', ('備案',)),
    ('beauty', 'is there a set with the serum and the sunscreen together?', 'bundle', ("no set of these", '339', '189', '159')),
    ('tech', '耳机连不上怎么办', 'complaint', ('客服',)),  # it will not connect: followed up, not "no steps on the sheet"
    ('tech', '今晚拍明天能发出去不', 'shipping', ('發貨和到貨時間',)),  # a date the sheet does not give, said so
    ('tech', '耳朵小戴X1会不会掉 跑步用', 'suitability', ('佩戴感', '4.8')),  # the fit is not on the sheet; the weight is
    ('tech', 'X1第一次咋配对啊 搜不到设备', 'usage', ('配對方式',)),
    ('beauty', 'do you take Alipay for the cream?', 'how_to_buy', ()),
]


@pytest.mark.parametrize(("pu", "text", "intent", "said"), VIEWER_WORDS)
def test_a_question_in_viewers_words_reaches_its_fact(request, pu, text, intent, said) -> None:
    stage = "p65-charger" if "頭" in text else None
    x, p = ask(request.getfixturevalue(pu), text, stage_product=stage)
    line = " ".join(p.lines)
    assert intent in (None, x.intent) and all(s in line for s in said), (x.intent, x.attrs, x.bait, p.lines)


def test_a_count_is_not_a_price_claimed(beauty) -> None:
    _, p = ask(beauty, "is there a 2 lipstick deal?")
    assert "not the price" not in " ".join(p.lines), p.lines


def test_a_memory_card_is_not_the_storage(tech) -> None:
    x, p = ask(tech, "N9 能插記憶卡嗎")
    line = " ".join(p.lines)
    assert p.mode == "defer" and "記憶卡" in line and "256" not in line, (x.attrs, p.lines)


def test_this_one_is_the_product_on_stage(beauty) -> None:
    # the texture word is on another sheet; "這個" still means the one shown
    x, _ = ask(beauty, "這個洗得掉嗎 還是要另外卸", stage_product="spf-sunscreen")
    assert x.products == ("spf-sunscreen",), x.products


@pytest.mark.parametrize(
    ("text", "products"),
    [
        ("what should i buy for dry skin", ("ha-serum",)),  # "Hydrating" is in the serum's name only
        ("冬天臉乾到脫皮 推一個", ("ha-serum",)),  # not the lipstick that "does not dry the lips"
        ("嘴唇好乾 推什麼", ("velvet-lip",)),
    ],
)
def test_the_skin_or_the_lips_decide_which_product_fits(beauty, text, products) -> None:
    x, _ = ask(beauty, text)
    assert x.products == products, (x.intent, x.products)


def test_two_of_our_products_compared_on_a_measure_get_each_figure_not_what_each_is(tech) -> None:
    _, p = ask(tech, "手機和充電頭哪個比較輕")
    assert len(p.lines) == 2 and not any("是手機" in x or "是充電頭" in x for x in p.lines), p.lines
    _, p = ask(tech, "whats the difference between the X1 and the P65")  # no measure named: what each one is, first
    assert p.lines[:2] == ("The X1 is a pair of earbuds.", "The P65 is a charger."), p.lines


def test_a_ladder_figure_asked_to_confirm_gets_the_price_now_not_the_figure(tech) -> None:
    _, p = ask(tech, "現在砍到多少了 是不是已经1899了")
    line = " ".join(p.lines)
    assert "2299" in line and "1899" not in line, p.lines


def test_the_viewers_own_day_is_not_a_claim_to_correct(tech) -> None:
    x, p = ask(tech, "what should i get my dad, he watches videos on his phone all day")
    assert x.intent == "recommend" and not x.bait and "not something we claim" not in " ".join(p.lines), (x.bait, p.lines)


@pytest.mark.parametrize(("text", "right"), [("唇膏89包邮吗", "129"), ("精华150还有货吗", "189")])
def test_a_wrong_price_on_the_way_to_another_question_is_corrected_first(beauty, text, right) -> None:
    x, p = ask(beauty, text)
    line = " ".join(p.lines)
    assert p.lines[0] == "不是這個價格。" and right in p.lines[1] and len(p.lines) == 3, p.lines
    assert "89" not in line.replace("189", "") and "150" not in line, p.lines  # the viewer's figure is never said back


def test_the_right_price_on_the_way_is_no_bait(beauty) -> None:
    x, p = ask(beauty, "唇膏129包邮吗")
    assert not x.bait and "不是這個價格" not in " ".join(p.lines), p.lines


def test_a_child_is_named_when_the_sheet_says_nothing_of_children(beauty) -> None:
    x, p = ask(beauty, "is the sunscreen ok for my 3 year old?")
    assert x.intent == "suitability" and "children" in " ".join(p.lines), p.lines


@pytest.mark.parametrize(
    ("text", "named", "not_named"),
    [
        ("N9 有 NFC 嗎 坐地鐵刷卡", "NFC", "刷卡"),
        ("does the N9 have nfc", "NFC", "nfc"),
        ("N9 dual sim?", "dual sim", "network"),
        ("N9 支援5G嗎", "5G", "網絡"),  # a term with a figure is named too: inside "沒有寫…" the guard takes it as the topic
    ],
)
def test_a_deferral_says_the_viewers_word_for_the_thing(tech, text, named, not_named) -> None:
    _, p = ask(tech, text)
    line = " ".join(p.lines)
    assert p.mode == "defer" and named in line and not_named not in line, p.lines


def test_two_products_with_no_set_asked_for_a_deal_get_each_price_and_no_discount(tech) -> None:
    x, p = ask(tech, "X1 和 P65 一起買有優惠嗎")
    line = " ".join(p.lines)
    assert x.intent == "promo" and "199" in line and "129" in line and "折扣" in line, (x.intent, p.lines)


@pytest.mark.parametrize(
    ("pu", "text", "named", "fact"),
    [
        ("beauty", "口紅有沒有豆沙色", "豆沙色", "六個色號"),
        ("tech", "N9 是曲面屏嗎", "曲面", "6.6"),
    ],
)
def test_a_value_the_sheet_never_names_is_said_to_be_missing_then_the_fact(request, pu, text, named, fact) -> None:
    _, p = ask(request.getfixturevalue(pu), text)
    line = " ".join(p.lines)
    assert named in line and fact in line and "沒有寫" in line, p.lines


def test_a_typed_homophone_of_the_attribute_is_not_a_missing_value(tech) -> None:
    _, p = ask(tech, "手机平幕多大")
    assert p.mode == "fact" and "6.6" in " ".join(p.lines), p.lines


@pytest.mark.parametrize("text", ["what's in the serum", "whats in the serum", "what is in the serum"])
def test_what_is_in_it_asks_the_ingredients(beauty, text) -> None:
    x, p = ask(beauty, text)
    assert x.intent == "spec" and "hyaluronic" in " ".join(p.lines), (x.intent, p.lines)


@pytest.mark.parametrize(
    ("pu", "text", "product"),
    [
        ("tech", "藍牙豆子能撐幾個鐘", "x1-earbuds"),
        ("tech", "那個小方塊多重", "p65-charger"),
        ("tech", "新機送什麼", "n9-phone"),
        ("beauty", "唇彩多少錢", "velvet-lip"),
        ("beauty", "how much is the sunblock", "spf-sunscreen"),
    ],
)
def test_what_viewers_call_a_kind_of_product_names_the_one_of_that_kind(request, pu, text, product) -> None:
    x, _ = ask(request.getfixturevalue(pu), text)
    assert x.products == (product,), x.products


def test_a_bare_how_much_of_an_attribute_is_that_attribute(beauty) -> None:
    x, p = ask(beauty, "面霜容量多少")
    assert x.intent == "spec" and "50" in " ".join(p.lines), (x.intent, p.lines)


def test_a_date_is_not_a_price_claimed(beauty) -> None:
    x, p = ask(beauty, "after dec 31 does the cream go back to 259")
    assert not x.bait and "not the price" not in " ".join(p.lines), (x.bait, p.lines)


def test_two_sims_are_named_as_the_viewer_said(tech) -> None:
    _, p = ask(tech, "N9 可以插兩張SIM嗎")
    assert "SIM" in " ".join(p.lines), p.lines


def test_a_travel_size_gift_is_not_a_trip(beauty) -> None:
    x, _ = ask(beauty, "防曬送的旅行裝多少毫升")
    assert x.intent != "suitability", x.intent


def test_a_broken_product_is_not_a_health_question(tech) -> None:
    x, _ = ask(tech, "耳機壞了怎麼辦")
    assert x.intent == "warranty", x.intent


@pytest.mark.parametrize("text", ["孕婦可以擦面霜嗎", "孕妇能用VC面霜吗", "can i use the serum while pregnant"])
def test_pregnancy_gets_the_personas_advice_to_ask_a_doctor(beauty, text) -> None:
    x, p = ask(beauty, text)
    line = " ".join(p.lines)
    assert x.intent == "medical" and ("醫生" in line or "doctor" in line), (x.intent, p.lines)  # README: Intent labels


def test_each_line_of_a_two_product_answer_says_its_product(beauty) -> None:
    _, p = ask(beauty, "防曬和面霜哪個量多")
    assert len(p.lines) == 2 and all(("防曬" in x or "面霜" in x) for x in p.lines), p.lines


@pytest.mark.parametrize("text", ["N9發燙好嚴重喔 正常嗎", "X1 用兩天就壞了 很爛", "充電頭太差了吧"])
def test_a_deferral_never_echoes_a_complaint_about_our_product(tech, text) -> None:
    _, p = ask(tech, text)
    line = " ".join(p.lines)
    assert not any(w in line for w in ("嚴重", "爛", "太差", "壞了")), p.lines


def test_a_line_that_already_says_its_product_code_is_not_named_twice(tech) -> None:
    _, p = ask(tech, "線跟頭分別幾瓦")
    assert p.lines and not any(x.startswith(("P65：", "C1：")) for x in p.lines), p.lines  # not "P65：P65 是 65 瓦"


@pytest.mark.parametrize(
    ("text", "products"),
    [
        ("耳機能連兩台手機嗎", ["x1-earbuds"]),  # phones in general, not the N9
        ("手機有耳機孔嗎", ["n9-phone"]),  # a part, not the X1
        ("c1能给安卓手机快充吗 我手机是type-c口的", ["c1-cable"]),  # the viewer's own phone; 快充 the feature
        ("N9支持多少瓦快充", ["n9-phone"]),
        ("does the N9 have a headphone jack", ["n9-phone"]),
        ("can the earbuds connect to two phones at once", ["x1-earbuds"]),
        ("買兩台手機有優惠嗎", ["n9-phone"]),  # two of ours
        ("手機多少錢", ["n9-phone"]),
    ],
)
def test_a_product_word_that_names_something_else_is_not_that_product(tech, text, products) -> None:
    persona, u = tech
    assert u.mentions(text) == products


def test_products_bought_together_come_to_the_sum_of_todays_prices(tech) -> None:
    """"各多少 一起買多少" with no set of the two: each price, then what they come to, naming both (the
    guard adds up only the products a line names)."""
    persona, _ = tech
    _, p = ask(tech, "耳機跟充電頭各多少 一起買多少")
    assert p.lines[-1] == "X1和P65一起是 328 元。"
    g = Guard(persona)
    assert g.check(p.lines[-1]).ok and not g.check("X1和P65一起是 329 元。").ok and not g.check("X1一起是 328 元。").ok
    _, p = ask(tech, "手機加充電頭一起多少")  # a set holds both: the set's price, not a sum
    assert not any("一起是" in line for line in p.lines) and "2399" in " ".join(p.lines)


@pytest.mark.parametrize(
    ("who", "text", "rivals"),
    [("tech", "N9跟iPhone比拍照誰強", True), ("beauty", "sunscreen vs the one from Anessa", True), ("tech", "iphone15能用这根线吗", False),
     ("beauty", "黃皮擦哪個色比較顯白", False), ("tech", "X1 vs AirPods", True), ("tech", "我iPhone 15 用P65能快充嗎", False)],
)  # fmt: skip
def test_the_no_rivals_line_is_for_another_brand_only(tech, beauty, who, text, rivals) -> None:
    """"我們不比別家" answers a rival brand set against ours, not "哪個色比較顯白" nor an iPhone to charge."""
    _, p = ask(tech if who == "tech" else beauty, text)
    said = " ".join(p.lines)
    assert ("不比別家" in said or "other brands" in said) == rivals, p.lines


def test_a_set_said_with_the_wrong_items_is_corrected_by_the_set_there_is(tech) -> None:
    _, p = ask(tech, "bundle is phone + earbuds right?")
    assert p.mode == "correct" and p.lines[0] == "No." and "P65" in p.lines[1] and "2399" in p.lines[1]
    assert not any("X1" in line or "earbuds" in line.lower() for line in p.lines)  # the wrong item is never named back
    _, p = ask(tech, "耳機跟充電頭一起買多少")  # asked, not claimed: each price and the sum
    assert p.lines[-1] == "X1和P65一起是 328 元。"


def test_a_plural_product_name_takes_are_in_english(tech) -> None:
    from datetime import datetime

    from vhost.knowledge.kb import build

    persona, _ = tech
    texts = {f.text for f in build(persona.edition("en"), "en", datetime(2026, 12, 4, 20)).facts}
    assert "The X1 Wireless Earbuds are 199 yuan." in texts
    assert any(t.startswith("The N9 Phone is 2299 yuan") for t in texts), sorted(texts)[:5]


def test_a_set_of_two_asked_for_is_the_set_there_is_or_none(tech, beauty) -> None:
    """"Is there a set with A and B": the set that holds both when the sheet has one; else "none", the set there
    is, and each price (never the sum said as if it were a set price)."""
    _, p = ask(tech, "if i get the N9 with the charger is it cheaper")
    assert "2399" in " ".join(p.lines) and not any("no set of these" in x for x in p.lines), p.lines
    _, p = ask(beauty, "有沒有精華和防曬的套裝")
    assert p.lines[0] == "這幾款沒有組合價。" and "339" in p.lines[1] and "348" not in " ".join(p.lines), p.lines
    _, p = ask(beauty, "精華跟防曬一起買多少")  # no set asked: each price and what they come to
    assert "348" in p.lines[-1] and "組合" not in " ".join(p.lines), p.lines
