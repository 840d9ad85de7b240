"""What the thirty-first blind set showed, each read wrongly before (named in its comment): which fact a situation
asks for, spec against usage and suitability, products named indirectly, money, supply and policies with a story."""

from __future__ import annotations

from tests.knowledge.conftest import ask


def test_money_and_supply(tech) -> None:
    x, p = ask(tech, "helping my cousin shop, she swears the phone was 1999 on here last week?? what's it now")
    assert x.intent == "price" and "battery" not in x.attrs and "2299" in " ".join(p.lines)  # "last week" was the battery
    x, p = ask(tech, "豆腐块那个头 今天到手几个米")  # 到手幾 sounded like 手機: was the phone's set
    assert x.intent == "price" and x.products == ("p65-charger",) and "delivery_time" not in x.attrs and "129" in p.lines[0]
    x, _ = ask(tech, "手鸡多少钱")  # a name typed by its sound is still the name
    assert x.products == ("n9-phone",)
    x, p = ask(tech, "部手機賣晒之後仲會唔會再入貨")  # 入貨: a restock (was the count left alone)
    assert "restock" in x.missing and "補貨" in p.lines[0]


def test_a_clause_of_its_own_in_general_words_is_asked_too(tech) -> None:
    x, p = ask(tech, "條線同個叉電頭 邊個瓦數高啲 條線有幾長")  # the length was dropped for the wattage
    said = " ".join(p.lines)
    assert {"power", "length"} <= set(x.attrs) and "100" in said and "65" in said and "1.5" in said
    _, p = ask(tech, "gf's phone dies by lunch every day, what should i get her from here? how long does it actually last")
    assert "18 hours" in " ".join(p.lines)  # was the screen and the warranty


def test_shipping_to_a_place_or_by_a_courier(tech) -> None:
    x, p = ask(tech, "我住金門 你們離島有寄嗎")  # was the shipping line, naming nothing
    assert "remote" in x.missing and "寄到金門" in p.lines[0]
    x, p = ask(tech, "快递走哪家 我们小区只让京东进")
    assert "courier" in x.missing and "京" in p.lines[0]
    x, _ = ask(tech, "寄新疆要几天")
    assert "delivery_time" in x.missing
    x, _ = ask(tech, "X1發熱多久會好")  # 發 is no parcel here
    assert "delivery_time" not in x.attrs


def test_policies_and_health_with_a_story(tech) -> None:
    x, p = ask(tech, "is this the official N9 or some grey import? wanna gift it to my dad")  # was the gift
    assert x.intent == "authenticity" and "product page" in " ".join(p.lines) and "sourcing" in p.lines[0] and "official" not in p.lines[0]  # the channel, not stated, and never named as a claim
    x, p = ask(tech, "宿舍阿姨查违规电器 这头有3C标吗", stage_product="p65-charger")
    assert "certification" in x.missing and "商品頁" in p.lines[1]  # not on the sheet, and where the specs are
    _, p = ask(tech, "where are these earbuds actually made? china? vietnam?")
    assert "product page" in " ".join(p.lines)
    x, p = ask(tech, "sat in the queue 20 mins for the phone link n the app kept crashing, so annoying")
    assert x.intent == "complaint" and "doctor" not in " ".join(p.lines)  # the "rash" of "crashing" was a skin reaction
    x, _ = ask(tech, "我有裝心臟節律器 手機放胸前口袋會不會干擾")  # 節律器: a pacemaker
    assert x.intent == "medical"


def test_the_viewers_own_device_and_body(tech) -> None:
    x, p = ask(tech, "我这安卓老机蓝牙才4.0 这副能连上吗", stage_product="x1-earbuds")
    assert x.bait == () and "價格" not in p.lines[0]  # a Bluetooth version, not a price said back
    x, _ = ask(tech, "X1才99吧")
    assert x.bait == ("99",)
    x, p = ask(tech, "我用的苹果15 那根编织线能直接插吗")
    assert "connector" in x.attrs and "USB-C" in " ".join(p.lines)
    x, _ = ask(tech, "my ears are tiny lol will these pop out when i jog?", stage_product="x1-earbuds")
    assert x.intent == "suitability"  # was medical


def test_a_name_after_a_space_starts_a_new_thought(tech) -> None:
    # "出來充 耳機": the earbuds asked of, not "充耳機" (charging some other pair)
    x, p = ask(tech, "高鐵台北到左營來回 中間不想拿盒子出來充 耳機撐得完嗎 盒子總共能撐多久")
    assert x.products == ("x1-earbuds",) and "30" in p.lines[0]
    x, _ = ask(tech, "我手機能充嗎")  # the viewer's phone, as before
    assert "n9-phone" not in x.products


def test_to_charge_is_no_charger(tech) -> None:
    # 充, the last character of 快充, was read as the charger after 嗎 or at the start
    for text in ("幫我爸問 他用好幾年的iPhone 11 白色那副耳機連得上嗎 充一次聽多久", "充一次電能聽多久啊這耳機"):
        assert ask(tech, text)[0].products == ("x1-earbuds",)
    x, p = ask(tech, "充电线配那个65w的头 给笔记本充 直接插就完事?")  # a fact of each before a second of one
    assert x.products == ("c1-cable", "p65-charger") and "65" in " ".join(p.lines)


def test_which_fact_a_situation_asks(tech) -> None:
    cases = [
        ("嗰個細細粒嘅叉電頭 同時叉手提同電話 總共出到幾大火", None, "power", "65"),  # 幾大火: how much power
        ("想躺著追劇 那支手機拿在手上畫面夠大嗎", None, "screen", "6.6"),  # was a deferral on 躺著 and 畫面
        ("影個仔跑嚟跑去 會唔會矇晒", "n9-phone", "camera", "防手震"),  # 矇晒: blurred
        ("i keep like 30 tabs + games open, does the N9 kill apps in the bg? how much room for photos too", None, "storage", "12GB"),
        ("躺在床上舉著滑 這支砸到臉會不會很痛", "n9-phone", "weight", "188"),
    ]
    for text, stage, attr, said in cases:
        x, p = ask(tech, text, stage_product=stage)
        assert attr in x.attrs and said in " ".join(p.lines), text
    x, p = ask(tech, "这个从没电到充满要多长时间", stage_product="x1-earbuds")  # the charging time, not the battery life
    assert "charge_time" in x.missing and "充電時間" in p.lines[0]


def test_which_fact_beauty(beauty) -> None:
    cases = [
        ("精華賣晒之後幾時先再有貨", None, "restock", "補貨"),
        ("擦完會不會有那種涼涼的酒味", "ha-serum", "alcohol", "無酒精"),
        ("if i crack it open now is it still good by next xmas? someone said only 6 months", "ha-serum", "shelf_life", "12 months"),
        ("is the vit c in the cream the pure ascorbic acid kind that oxidises fast?", None, "ingredients", "ascorbyl glucoside"),
        ("what's the uva rating on the sunscreen, how many plus signs", None, "spf", "PA++++"),
        ("do i need to put this back on after lunch or does it stay all day", "velvet-lip", "reapply", "touch it up"),
        ("the serum's got like 5% HA right? or is it a tiny splash", None, "ingredients", "2%"),  # was water ("splash")
    ]
    for text, stage, attr, said in cases:
        x, p = ask(beauty, text, stage_product=stage)
        assert attr in x.attrs and said in " ".join(p.lines), text
    _, p = ask(beauty, "does the cream or the serum pack more of the active stuff, percent-wise")
    assert "10%" in p.lines[0] and "2%" in p.lines[1]  # each one's figure, not "no fragrance"
    x, _ = ask(beauty, "唇膏有豆沙色嗎 總共幾個色")  # 幾個 is no SPF
    assert "spf" not in x.attrs


def test_authenticity_and_shipping_beauty(beauty) -> None:
    x, _ = ask(beauty, "那罐亮采的有沒有藥證 還是一般化妝品")  # 藥證 is a licence, not a health question
    assert x.intent == "authenticity"
    x, p = ask(beauty, "friend says ur serum is just a rebranded korean one lol true?")
    assert x.intent == "authenticity" and "product page" in p.lines[0]
    _, p = ask(beauty, "我人在台中 寄過來要幾天 會不會卡海關")  # the place named, not "發貨和到貨時間"
    assert "中的時間" in p.lines[0]
    x, p = ask(beauty, "grabbed the sunscreen for a beach trip on the 20th, will it ship in time??")
    assert "delivery_time" in x.missing and "the 20th" in p.lines[0]


def test_a_budget_a_little_over(beauty, tech) -> None:
    # "一百出頭" is a little over a hundred: the lipstick (129), not the serum and the cream the need implied
    x, p = ask(beauty, "学生党预算一百出头 想要个天天能用的 选哪个好")
    assert x.products == ("velvet-lip",) and "129" in p.lines[0]
    _, p = ask(beauty, "学生党预算一百出头 选哪个好")  # no need named: the shelf within it
    assert "129" in p.lines[0] and "189" not in p.lines[0]
    x, _ = ask(tech, "budget 300, what would you get for my gf who rides her bike everywhere")  # several it reaches: no pick
    assert "n9-phone" not in x.products


def test_a_rank_claim_and_a_base(beauty) -> None:
    x, p = ask(beauty, "你家这口红是不是持久度全网第一")  # the sheet's own claim on that measure, not its lead point
    assert x.intent == "compare" and "沾杯" in " ".join(p.lines)
    _, p = ask(beauty, "涂这个口红前要先打个底吗 还是直接怼上去")  # 打底 named, not 先打
    assert "打底" in p.lines[0]


def test_the_world_outside_the_stream(tech, beauty) -> None:
    assert ask(tech, "今晚六合彩開咩號 有冇人有貼士")[0].intent == "off_topic"  # was small talk
    assert ask(beauty, "ok random but anyone know a good dumpling spot in sydney cbd")[0].intent == "off_topic"  # was shipping to Sydney
    assert ask(beauty, "有没有那种吃了就掉秤的药 主播你们卖不")[0].intent == "off_topic"  # a pill we do not sell, declined
    assert ask(tech, "福袋幾時開")[0].intent == "lottery"  # our own draw, as before


def test_a_figure_beside_a_figure_with_its_unit(tech) -> None:
    # "100W or just 60": 60 W, not a price said back (was "That's not the price")
    x, p = ask(tech, "does the cable do 100W or just 60")
    assert x.bait == () and x.intent == "spec" and "100 W" in p.lines[0]
    x, p = ask(tech, "N9的荧幕是啥材质")  # 荧幕, a way of writing 螢幕
    assert "screen" in x.attrs and "OLED" in " ".join(p.lines)


def test_what_a_substance_is(beauty) -> None:
    # the line that says what it is (維他命原 B5), not the formula's figures
    for text in ("泛醇是啥玩意儿", "精华里那个泛醇是干嘛的", "精華裡那個泛醇到底是什麼東西"):
        assert "B5" in " ".join(ask(beauty, text)[1].lines), text
    assert "2%" in " ".join(ask(beauty, "精華玻尿酸濃度多少")[1].lines)  # a figure asked: the figures, as before


def test_the_shops_answer_when_the_sheet_says_nothing(beauty) -> None:
    # the cream's sheet has no shelf life: the persona's own answer for any product (was a deferral)
    _, p = ask(beauty, "那罐霜保质期到啥时候")
    assert "包裝上" in p.lines[0]
    _, p = ask(beauty, "精華保存期限多久")  # the serum's own line, as before
    assert "12" in p.lines[0]
    _, p = ask(beauty, "我皮膚很容易泛紅 精華會不會刺刺的")  # the serum's sheet speaks to it: no general advice in its place
    assert "無香精" in " ".join(p.lines) or "无香精" in " ".join(p.lines)


def test_hydrating_is_no_water_rating(beauty) -> None:
    x, p = ask(beauty, "混油皮冬天想补水 200以内买哪个")  # 補水: the serum within the budget (was the sunscreen, for "water")
    assert "water" not in x.attrs and x.products == ("ha-serum",) and "189" in p.lines[0]
    assert "water" in ask(beauty, "防晒补水吗 能防水吗")[0].attrs  # a water rating asked too stays asked


def test_what_no_sheet_states_is_named(tech) -> None:
    cases = [
        ("C1能傳資料嗎 兩頭都是c口?", "data_transfer", "資料傳輸"),
        ("does the C1 do data transfer too or just charging? for my ssd", "data_transfer", "data transfer"),
        ("N9 still has a headphone jack right? my wired buds need it", "headphone_jack", "headphone jack"),
        ("can the earbuds connect to two phones at once", "multipoint", "multipoint"),
    ]
    for text, attr, named in cases:
        x, p = ask(tech, text)
        assert attr in x.missing and named in p.lines[0], text
    x, _ = ask(tech, "does the C1 do data transfer too or just charging?")
    assert "transfer" not in x.attrs  # files, not a lipstick's transfer


def test_a_step_of_the_ladder_heard_wrong(tech, beauty) -> None:
    # "heard …", "聽說…": a step said to check, answered with the steps as they are (was the price and how it works)
    _, p = ask(tech, "heard 500 kans in chat gets the phone down to 2099?")
    assert p.lines == ("Not quite.", 'It takes 200 "kan" in chat to unlock 2099.')
    _, p = ask(beauty, "typing kan 50 times gets the serum to 169 right?")
    assert '150 "kan"' in p.lines[1]
    _, p = ask(beauty, "聽說連麥就能直接砍到159 不用按讚喔")
    assert "1500" in " ".join(p.lines)
    _, p = ask(tech, "点攒到2000是不是直接1899")  # 點攒, typed for 點讚
    assert "2199" in " ".join(p.lines)
    # the count named is wrong and the price is another step's: that step first
    _, p = ask(tech, "heard if the whole chat spams kan like 50 times the phone hits 1999 lol true?")
    assert "gifts worth 300" in p.lines[1]
    # the count is right and the price wrong: the step as it is, no other step's price said back
    _, p = ask(tech, "if we hit 2000 likes the N9 drops to 1999, right?")
    assert "1999" not in " ".join(p.lines)
    _, p = ask(tech, "主播1999賣我吧")  # an offer, not a step: the price now, as before
    assert "2299" in p.lines[0] or "2299" in " ".join(p.lines)


def test_a_set_named_in_a_second_ask(beauty) -> None:
    _, p = ask(beauty, "精華有送東西嗎？雙瓶組是幾錢")  # the gift, then the set's price (was the single's price)
    assert "旅行裝" in p.lines[0] and "339" in p.lines[1]
    _, p = ask(beauty, "精華有送東西嗎 多少錢")  # no set named: the price, as before
    assert "189" in p.lines[1]


def test_counting_cables_names_none(tech) -> None:
    # "同時怼幾根線" counts cables plugged in: the charger on stage, its ports (was the cable)
    x, p = ask(tech, "这玩意儿一次能同时怼几根线", stage_product="p65-charger")
    assert x.products == ("p65-charger",) and "三個接口" in p.lines[0]
    assert ask(tech, "c1是几个头的 一头usb-a吗")[0].products == ("c1-cable",)  # 幾個頭: how many ends, no charger
    assert ask(tech, "那根线多长")[0].products == ("c1-cable",)  # that cable, as before


def test_a_set_asked_for_that_is_not_one(beauty, tech) -> None:
    # "as a set" asks for a set: none of these (was read as a discount, with no word on the set)
    x, p = ask(beauty, "can i put the serum n the cream together as a set for cheaper")
    assert x.intent == "bundle" and p.lines[0].startswith("There's no set of these")
    x, _ = ask(tech, "X1 和 P65 一起買有優惠嗎")  # a discount on the two, no set named: the prices, no extra discount
    assert x.intent == "promo"


def test_substances_named_in_a_fixed_order() -> None:
    from vhost.knowledge.coverage import substances

    # longest first, then as the viewer said them (was a set's order, which changes with each process)
    assert substances("精华可以用在身体上吗 手肘干得起皮") == ("身体", "手肘")
    assert substances("手肘干 身体能用吗") == ("手肘", "身体")
