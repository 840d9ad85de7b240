from __future__ import annotations

from pathlib import Path

import pytest

from vhost.errors import ConfigError
from vhost.guard import Guard
from vhost.persona.loader import load_persona
from vhost.persona.model import Persona, Product, Promo

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def persona() -> Persona:
    return load_persona(ROOT / "personas" / "tech_reviewer.yaml")


@pytest.fixture(scope="module")
def guard(persona: Persona) -> Guard:
    return Guard(persona)


@pytest.fixture(scope="module")
def x1(persona: Persona) -> Product:
    p = persona.product("x1-earbuds")
    assert p is not None
    return p


def reasons(guard: Guard, text: str, product: Product | None) -> tuple[str, ...]:
    return guard.check(text, product=product).reasons


@pytest.mark.parametrize(
    "text",
    ["X1 只要一百九十九元", "現在 ¥199.00", "到手價１９９元", "X1 現在是 199 元。", "It's $199 now.", "庫存還有 500 件",
     "只要 199 就能帶走", "X1 現價 199 元"],
)  # fmt: skip
def test_correct_prices_pass(guard: Guard, x1: Product, text: str) -> None:
    assert reasons(guard, text, x1) == ()


@pytest.mark.parametrize(
    ("text", "reason"),
    [("X1 只要 ¥99！", "price:99"), ("只要兩百塊", "price:兩百"), ("只要两百块", "price:两百"), ("只要九十九", "price:九十九"),
     ("99元就能帶走", "price:99"), ("到手價９９元", "price:99"), ("今天打五折", "discount:五折"), ("全場 8 折", "discount:8折"),
     ("只剩3件了", "stock:3"), ("庫存只剩三件", "stock:三"), ("Only 3 left in stock!", "stock:3"), ("It costs 99 yuan.", "price:99"),
     ("半價帶走", "discount:半價"), ("續航 40 小時", "spec:40小時"), ("九塊九包郵", "price:九"),
     ("今天上新品，免费！", "price:免费"), ("You get it for free", "price:for free"), ("藍牙是 5.3 公克", "spec:5.3公克"), ("重量只有 8 克", "spec:8克"), ("續航 4.8 小時", "spec:4.8小時"),
     ("The battery lasts 30 minutes.", "spec:30minutes"), ("續航 30 分鐘", "spec:30分鐘")],
)  # fmt: skip
def test_wrong_numbers_are_caught(guard: Guard, x1: Product, text: str, reason: str) -> None:
    assert reason in reasons(guard, text, x1)


@pytest.mark.parametrize(
    "text",
    ["續航 8 小時，加充電盒共 30 小時", "藍牙 5.3，低延遲", "X1 是 IPX5 防水", "重量只有 4.8 克", "今天先看 2 號鏈接",
     "剛才 3 個人問了", "第 2 個問題", "三折疊手機也能充", "我們一起看一下", "P65 是 65 瓦，主流筆電都能充。",
     "The battery lasts 30 hours with the case.", "重量 4.8 公克"],
)  # fmt: skip
def test_sheet_numbers_and_non_claims_pass(guard: Guard, x1: Product, text: str) -> None:
    assert reasons(guard, text, x1) == ()


def test_price_of_another_known_product_said_of_it(guard: Guard, x1: Product) -> None:
    assert reasons(guard, "P65 快充頭只要 129 元", x1) == ()
    assert reasons(guard, "X1 是 199 元，P65 是 129 元", x1) == ()
    assert reasons(guard, "X1 只要 129 元", x1) == ("price:129",)


def test_promo_price_and_discount(persona: Persona) -> None:
    promo = Product(id="a", name="A 耳機", price=200, promo=Promo(price=100), stock=3)
    g = Guard(persona.model_copy(update={"products": [promo]}))
    assert g.check("A 耳機現在 100 元", product=promo).ok
    assert g.check("原價 200 元", product=promo).ok
    assert g.check("今天打五折", product=promo).ok
    assert g.check("直接省 100 元", product=promo).ok
    assert not g.check("今天打八折", product=promo).ok
    assert g.check("只剩 3 件", product=promo).ok


@pytest.mark.parametrize(
    ("text", "term"),
    [("這是最好的耳機", "最好"), ("全網最低價", "全網最低價"), ("全网最低", "全網最低"), ("國家級品質", "國家級"),
     ("国家级品质", "國家級"), ("國 家 級 品質", "國家級"), ("ｇｕｏｊｉａｊｉ品質", "國家級"), ("guojia级", "國家級"),
     ("頂級音質", "頂級"), ("極品好物", "極品"), ("100%有效", "100%有效"), ("100 % 有效", "100%有效"),
     ("這款永久保固", "永久"), ("萬能充電頭", "萬能"), ("銷量第一", "銷量第一"), ("我們是第一", "第一"),
     ("This is the best earbuds ever.", "the best"), ("We are NUMBER ONE", "number one"), ("A world-class sound", "world-class")],
)  # fmt: skip
def test_banned_terms_with_folding(guard: Guard, text: str, term: str) -> None:
    assert f"banned:{term}" in reasons(guard, text, None)


@pytest.mark.parametrize(
    "text",
    ["最近很多人問", "第一次買的家人", "第一步先配對", "最後再說一次", "用久了也不會壞", "iPhone 用久了也能連", "第一時間回覆大家",
     "The bestseller list", "Welcome, everyone"],
)  # fmt: skip
def test_allowed_compounds_are_not_banned(guard: Guard, text: str) -> None:
    assert not [r for r in reasons(guard, text, None) if r.startswith("banned")]


@pytest.mark.parametrize(
    ("text", "reason"),
    [("加我微信 abc123", "contact:微信"), ("加我 VX 領券", "contact:vx"), ("QQ群 12345", "contact:qq"),
     ("打 138-1234-5678 訂購", "phone"), ("去 www.shop.com 看", "url"), ("https://x.cn/a", "url"), ("淘寶點com", "url"),
     ("作為AI我不能回答", "leak:ai"), ("作为一个人工智能", "leak:ai"), ("As an AI, I cannot", "leak:ai"),
     ("My system prompt says so", "leak:ai"), ("<|im_start|>system 你好", "leak:role_marker"), ("assistant: 好的", "leak:role_marker"),
     ("[INST] hi", "leak:role_marker"), ("這能治療痘痘", "medical:治疗"), ("可以根治痘痘", "medical:根治"), ("消炎效果好", "medical:消炎"),
     ("It cures acne", "medical:cures"), ("我們聊聊政治", "taboo:政治")],
)  # fmt: skip
def test_contacts_leaks_medical_taboo(guard: Guard, text: str, reason: str) -> None:
    assert reason in reasons(guard, text, None)


def test_system_prompt_overlap(guard: Guard, persona: Persona) -> None:
    assert "leak:system_prompt" in reasons(guard, "好的：" + persona.identity.character, None)
    assert guard.check("數據說話，我們看實測。").ok  # the catchphrase is meant to be said


def test_length_limit_with_tolerance(guard: Guard, persona: Persona) -> None:
    n = persona.identity.max_sentence_chars
    assert guard.check("好" * n).ok
    assert guard.check("好" * (n + 5)).ok
    assert any(r.startswith("length") for r in reasons(guard, "好" * (n * 2), None))
    assert any(r.startswith("length") for r in reasons(guard, "word " * n, None))


def test_operator_warns_template_blocks(guard: Guard) -> None:
    v = guard.check("全網最低價", origin="operator")
    assert v.ok and v.warnings == ("banned:全網最低價",) and v.reasons == ()
    v = guard.check("全網最低價", origin="template")
    assert not v.ok and v.reasons == ("banned:全網最低價",)


def test_medical_claims_allowed_by_persona(persona: Persona) -> None:
    allow = persona.model_copy(update={"compliance": persona.compliance.model_copy(update={"medical_claims": True})})
    assert Guard(allow).check("可以消炎").ok


def test_persona_banned_and_include(persona: Persona, tmp_path: Path) -> None:
    (tmp_path / "extra.txt").write_text("# mine\n神器\n!神器級別的誤會\n", encoding="utf-8")
    comp = persona.compliance.model_copy(update={"banned": ["爆款"], "include": [str(tmp_path / "extra.txt")]})
    g = Guard(persona.model_copy(update={"compliance": comp}))
    assert g.check("年度爆款").reasons == ("banned:爆款",)
    assert g.check("充電神器").reasons == ("banned:神器",)


def test_missing_include_is_one_line_error(persona: Persona) -> None:
    comp = persona.compliance.model_copy(update={"include": ["nope/missing.txt"]})
    with pytest.raises(ConfigError) as e:
        Guard(persona.model_copy(update={"compliance": comp}))
    assert "missing.txt" in str(e.value) and "\n" not in str(e.value)


def test_empty_is_refused(guard: Guard) -> None:
    assert guard.check("。。。").reasons == ("empty",)


@pytest.mark.parametrize("text", ["主播是傻逼", "你是 sha逼", "what an idiot"])
def test_abuse_is_never_said(guard: Guard, text: str) -> None:
    assert any(r.startswith("abuse:") for r in reasons(guard, text, None))


def test_abuse_list_has_no_false_positive_on_usb(guard: Guard) -> None:
    assert guard.check("USB-C 接口").ok


def test_template_lines_get_more_length(guard: Guard, persona: Persona) -> None:
    long = "謝謝" + "、".join(["小明", "阿傑", "喵喵"]) + "送的小心心和告白氣球，太給力了！" * 3
    assert not guard.check(long).ok
    assert guard.check(long, origin="template").ok


def test_free_is_true_only_of_gifts(persona: Persona) -> None:
    p = Product(id="g", name="G 面霜", price=99, gifts=["旅行裝"])
    g = Guard(persona.model_copy(update={"products": [p]}))
    assert g.check("旅行裝免費送", product=p).ok


@pytest.mark.parametrize(
    ("text", "ok"),
    [("資料卡上沒有寫運費和包郵，我確認後再告訴大家。", True), ("I don't have our free shipping details in my notes yet.", True),
     ("全場包郵，今天下單。", False), ("X1 不包郵。", False), ("放心，順豐包郵。", False),
     ("下單後 3 天內送到。", False), ("收到後 7 天內可以退。", False), ("開封後 12 個月內用完。", True)],
)  # fmt: skip
def test_a_policy_named_as_unstated_is_a_deferral_not_a_claim(guard: Guard, text: str, ok: bool) -> None:
    got = reasons(guard, text, None)
    assert (not any(r.startswith("policy:") for r in got)) is ok, got


@pytest.mark.parametrize(
    ("text", "bait", "ok"),
    [
        ("I don't have the N9's NFC in my notes yet; I'll check and let you know.", (), True),
        ("I don't have the N9's wireless charging in my notes yet; I'll check and let you know.", ("wireless charging",), True),
        ("The N9 has NFC.", (), False),
        ("Yes, the N9 supports wireless charging.", ("wireless charging",), False),
    ],
)
def test_a_feature_named_as_not_in_the_notes_is_a_deferral_not_a_claim(persona: Persona, text: str, bait: tuple[str, ...], ok: bool) -> None:
    en = persona.edition("en")
    g = Guard(en)
    v = g.check(text, product=en.product("n9-phone"), origin="template", lang="en", bait=bait)
    assert v.ok is ok, v.reasons


def test_what_a_set_saves_is_a_sheet_figure(persona: Persona) -> None:
    g = Guard(persona)
    n9 = persona.product("n9-phone")
    assert g.check("N9 手機快充組合 2399 元，比分開買省 29 元。", product=n9, origin="template").ok
    assert not g.check("N9 手機快充組合 2399 元，比分開買省 59 元。", product=n9, origin="template").ok


@pytest.mark.parametrize("text", ["資料卡上沒有寫C1能不能充 Switch，我確認後再告訴大家。", "資料卡上沒有寫N9的 SIM 卡槽，我確認後再告訴大家。",
                                  "資料卡上沒有寫P65的「BSMI」和「認證」，我確認後再告訴大家。"])  # an acronym as Chinese text writes it
def test_a_device_named_in_chinese_speech_is_not_mixed_language(guard: Guard, text: str) -> None:
    assert guard.check(text, product=None, origin="template", lang="zh-Hant").ok


def test_an_english_clause_in_a_chinese_sentence_is_still_mixed(guard: Guard) -> None:
    assert "mixed:lasts" in guard.check("X1 的電池 lasts 30 小時", product=None, origin="template", lang="zh-Hant").reasons
    assert "mixed:Battery" in guard.check("X1 的 Battery 30 小時", product=None, origin="template", lang="zh-Hant").reasons


def test_a_giveaways_smallest_gift_is_said_in_its_own_words_only() -> None:
    """"送出 1 元以上的禮物就能參加" is the lottery's rule (min_gift_cny: 1); "1 元" as a price is still refused."""
    beauty = load_persona(ROOT / "personas" / "beauty_lab.yaml")
    g = Guard(beauty)
    rule = "盲盒開始後 150 秒內在公屏發送「盲盒」或送出 1 元以上的禮物就能參加。"
    assert g.check(rule).ok
    assert Guard(beauty.edition("en")).check("To join, send a gift of 1 yuan or more.").ok
    assert not g.check("玻尿酸保濕精華現在是 1 元。").ok
    assert not g.check("盲盒開始後送出 2 元以上的禮物就能參加。").ok  # not the configured floor


def test_sending_a_keyword_or_a_parcel_is_not_a_gift() -> None:
    g = Guard(load_persona(ROOT / "personas" / "tech_reviewer.yaml"))
    assert g.check("在公屏發送口令「福袋」或關注直播間就能參加。").ok
    assert g.check("下單後會盡快寄送。").ok
    assert "gift:口令" not in g.check("在公屏發送口令「福袋」。").reasons
    assert not g.check("買 N9 送耳機。").ok  # a gift the sheet does not have is still refused


def test_a_figures_role_is_read_where_that_figure_is_said() -> None:
    """"1" is not the 1 of "150": the words before and after a figure are read at the figure itself."""
    from vhost.guard.live import said_before, spots

    text = "開始後 150 秒內送出 1 元以上的禮物就能參加"
    assert [m.start() for m in spots(text, "1")] == [text.index(" 1 ") + 1]
    assert said_before(text, "1").endswith("送出 ")  # was "開始後 ", the 1 of 150
    assert said_before("秒殺價 29", "29") == "秒殺價 "


def test_a_flash_sales_window_is_said_only_in_its_role(guard: Guard, persona: Persona) -> None:
    """The flash sale runs 2 minutes on the sheet: said after 限時 / flash it passes, as a charge time it does not."""
    c1 = persona.product("c1-cable")
    assert guard.check("C1 編織快充線的秒殺在秒殺時段開始：秒殺價 29，限量 50 件，限時 2 分鐘，到時在購物車搶。", product=c1).ok
    assert guard.check("The C1 Braided Cable's flash sale opens in its own segment: flash price 29, 50 units, for 2 minutes.", product=c1, lang="en").ok
    assert not guard.check("C1 編織快充線 2 分鐘就能把手機充滿。", product=c1).ok
    assert not guard.check("C1 編織快充線的秒殺價 29，2 分鐘就能把手機充滿。", product=c1).ok  # beside the sale, not its window


def test_a_clock_time_the_sheet_does_not_give_is_refused(guard: Guard, persona: Persona) -> None:
    """"所以晚上十點才回家手機撐得到": the viewer's day said back as the host's promise; "the draw is at 9pm": a time no
    play has. The promotion's own end (23:59) passes, and so does a deferral that names a time as not stated."""
    n9 = persona.product("n9-phone")
    assert "clock:晚上十點" in guard.check("N9 實測影片連續播放 18 小時，所以晚上十點才回家手機撐得到。", product=n9).reasons
    assert not guard.check("The next draw is at 9pm tonight.", lang="en").ok
    assert not guard.check("秒殺明晚8点开抢。").ok
    assert guard.check("N9 的年末換機價到 12 月 31 日 23:59。", product=n9).ok
    assert guard.check("資料卡上沒有寫晚上八點的事，我確認後再告訴大家。").ok
    assert guard.check("X1 單次續航 8 小時，加上充電盒一共 30 小時。", product=persona.product("x1-earbuds")).ok  # hours of battery, not a clock
