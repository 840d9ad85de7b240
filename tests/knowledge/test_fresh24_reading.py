"""What reading the twenty-fourth fresh set taught: each case failed before the change named in its test."""

from __future__ import annotations

from tests.knowledge.conftest import ask
from vhost.knowledge.answer import plan
from vhost.text.fold import detect_lang


def test_pinyin_in_short_syllables_is_chinese() -> None:
    assert detect_lang("P65 hai you huo ma") == "zh"  # was English: answered "We have 300 units…"
    for english in ("can you ship", "is it on sale", "you me and him", "hi are you ai"):
        assert detect_lang(english) == "en", english


def test_a_pinyin_texture_question_reaches_its_fact(beauty) -> None:
    persona, u = beauty
    x = u.understand("mianshuang nian bu nian a", "zh-Hant")  # was "這一項資料卡上沒有寫"
    assert "不黏" in plan(x, persona.edition("zh-Hant")).lines[0]


def test_leaving_is_a_goodbye(tech, beauty) -> None:
    for pu, text in ((beauty, "要去洗澡了 先下線 晚安～"),  # was the sunscreen's reapply line (洗澡: water)
                     (tech, "先閃了 明天再來看 掰掰～")):  # was a welcome
        x, p = ask(pu, text)
        assert x.intent == "greeting" and "晚安" in p.lines[0], (text, p.lines)
    assert ask(tech, "晚安 X1明天还有货吗")[0].intent == "stock"  # asked on the way out: the question


def test_cantonese_words_of_the_body_the_camera_money_and_the_host(tech, beauty) -> None:
    _, p = ask(tech, "戴足三個鐘 耳仔會唔會好攰")  # was a deferral on 「戴足三」「耳仔」
    assert "4.8" in " ".join(p.lines)
    _, p = ask(tech, "用呢部影演唱會 手震會唔會好矇")  # was a deferral on 「影演唱」
    assert "光學防手震" in p.lines[0]
    _, p = ask(beauty, "面霜本身賣幾錢 而家平咗幾多")  # was the price without what it saves
    assert "省 30 元" in p.lines[0]
    _, p = ask(beauty, "可唔可以用八達通或者轉數快俾錢")  # was "which product?"
    assert p.lines[0] == "資料卡上沒有寫八達通，我確認後再告訴大家。"
    assert ask(tech, "主播食咗飯未呀 講咁耐唔攰咩")[0].intent == "chitchat"  # was a spec: "which product?"


def test_when_the_next_draw_opens_is_deferred_by_name(beauty) -> None:
    x, p = ask(beauty, "盲盒下一輪幾時開 等到頸都長")  # was the draw's rules, as if they said when
    assert p.lines[0] == "資料卡上沒有寫開獎時間，我確認後再告訴大家。" and "盲盒" in p.lines[1]
    assert ask(beauty, "盲盒怎么参加")[1].lines[0].startswith("盲盒抽獎")


def test_a_clinic_or_an_injection_is_declined(beauty) -> None:
    x, p = ask(beauty, "推荐个打瘦脸针的医院呗")  # was every product's price
    assert x.intent == "off_topic" and "瘦臉" not in p.lines[0]


def test_a_spend_and_save_offer_and_instalments_are_deferred_by_name(tech) -> None:
    x, p = ask(tech, "聽說全館滿2000折300 是真的嗎")  # was "不是這個價格" (2000 taken for the N9's price) and its promotion
    assert not x.products and p.lines[0] == "資料卡上沒有寫滿2000折300，我確認後再告訴大家。"  # the offer as the viewer said it
    _, p = ask(tech, "N9可以刷卡分12期嗎 零利率那種")  # was the cart line alone (刷卡 read as NFC)
    assert p.lines[0] == "資料卡上沒有寫分期付款，我確認後再告訴大家。"
    assert ask(tech, "N9 1999 对吧")[1].lines[0] == "不是這個價格。"  # a price said back is still corrected


def test_the_cold_and_the_eye_area_are_deferred_by_name(tech, beauty) -> None:
    x, p = ask(tech, "东北零下二十度 N9会不会冻到自动关机")  # was cold-chain shipping (會凍: a parcel freezing)
    assert x.intent == "spec" and "cold" in x.missing and any(w in p.lines[0] for w in ("關機", "关机"))
    assert ask(beauty, "冬天寄会不会冻坏")[0].intent == "shipping"  # a parcel in the cold is still shipping
    _, p = ask(beauty, "面霜可以順便擦眼周嗎 眼下好乾")  # was the cream's texture
    assert "眼周" in p.lines[0] and p.lines[0].startswith("資料卡上沒有寫")
    _, p = ask(beauty, "can i use the cream around my eyes")
    assert "use around the eyes" in p.lines[0]


def test_a_screen_in_the_sun_and_video_out_are_deferred_by_name(tech, beauty) -> None:
    _, p = ask(tech, "N9在海邊大太陽下 畫面看得清楚嗎")  # was a deferral on 「海邊大」「畫面」
    assert p.lines[0] == "資料卡上沒有寫N9的戶外螢幕亮度，我確認後再告訴大家。"
    x, p = ask(tech, "can the C1 push video from my laptop to a monitor?")  # was the laptop-charging line
    assert p.lines[0].startswith("I don't have the C1's video output")
    assert "sun_readable" not in ask(beauty, "防晒在太阳下会不会晒黑")[0].attrs  # the sun on the skin is no screen
    _, p = ask(beauty, "這瓶開了放到明年暑假還能用嗎", stage_product="ha-serum")  # was "which product?"
    assert "12 個月" in p.lines[0]
