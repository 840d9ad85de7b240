"""Questions asked in everyday terms rather than the sheet's: a liquid taken on a plane, an older user, earbuds worn to
sleep, a charger for two phones at once, the viewer's own long flight, colour coming off in Cantonese. Each was read
wrongly before (named in its comment)."""

from __future__ import annotations

from tests.knowledge.conftest import ask


def test_a_liquid_on_a_plane_is_its_volume(beauty, tech) -> None:
    x, p = ask(beauty, "can i bring the serum in my carry on")  # was 'My notes don't cover "bring" or "carry"'
    assert x.missing == () and "30 ml" in p.lines[0]
    x, p = ask(beauty, "防曬可以帶上飛機嗎 手提的")  # was 沒有寫「飛機」和「手提」
    assert x.missing == () and "50 毫升" in p.lines[0]
    _, p = ask(tech, "耳機可以帶上飛機嗎")  # no volume to give: said so, by what was asked
    assert p.lines[0] == "資料卡上沒有寫X1能不能帶上飛機，我確認後再告訴大家。"
    _, p = ask(tech, "can i bring the p65 on a plane")  # was 'don't cover "bring" or "plane"'
    assert p.lines[0] == "I don't have the P65's carry-on rules in my notes yet; I'll check and let you know."


def test_an_older_user(tech, beauty) -> None:
    x, p = ask(tech, "my grandpa is 80 can he figure out the n9")  # was 'don't cover "grandpa" or "figure"'
    assert x.missing == ("elder",) and "suitability for older users" in p.lines[0]
    x, p = ask(tech, "老人家用N9字夠大嗎")  # what is asked for the older user: the screen, no deferral
    assert x.missing == () and "6.6 吋" in p.lines[0]
    x, p = ask(tech, "買給我阿公的手機 N9電池耐用嗎")
    assert x.missing == () and "5000 毫安" in p.lines[0]
    _, p = ask(tech, "家裡長輩要用 N9有長輩模式嗎 字能調大嗎")  # the mode, by its name
    assert "長輩模式" in p.lines[0]
    x, p = ask(beauty, "我媽60多了 面霜適合她嗎")  # was 沒有寫面霜的適合她
    assert x.missing == ("age",) and "適用年齡" in p.lines[0] and "適合她" not in p.lines[0]
    x, p = ask(beauty, "my mom is 60 can she use the serum")  # was 'don't cover "mom"'
    assert x.missing == ("age",) and "age range" in p.lines[0]
    assert ask(beauty, "阿嬤七十幾歲了 也可以擦玻尿酸精華嗎")[0].intent == "suitability"  # the person is no spec asked first


def test_earbuds_worn_to_sleep(tech) -> None:
    x, p = ask(tech, "the white earbuds can i wear them to sleep")  # was medical: "please ask a doctor"
    assert x.intent == "spec" and x.missing == ("sleep",) and "sleep comfort" in p.lines[0] and "doctor" not in " ".join(p.lines)
    _, p = ask(tech, "睡覺可以戴X1嗎")
    assert p.lines[0] == "資料卡上沒有寫X1適不適合戴著睡覺，我確認後再告訴大家。"


def test_a_charger_for_two_phones_is_its_ports(tech) -> None:
    for text in ("P65可以同時充兩台手機嗎", "呢個叉電頭可唔可以同時叉兩部機", "can the charger do two phones at once"):
        x, p = ask(tech, text)  # was the N9 as well, and "沒有寫N9的接口" / "the N9's ports"
        assert x.products == ("p65-charger",) and x.missing == () and x.attrs == ("ports",), (text, x.products, p.lines)
    x, _ = ask(tech, "我要兩台手機")  # two bought, not two connected: was "沒有寫N9的同時連兩台裝置"
    assert "multipoint" not in x.attrs and x.missing == ()
    x, _ = ask(tech, "X1可以連兩台嗎")
    assert x.missing == ("multipoint",)


def test_the_viewers_own_flight_is_no_claim(tech) -> None:
    x, p = ask(tech, "can the phone survive a 13 hour flight of netflix")  # was "That's not the N9's number on our sheet."
    assert x.bait == () and "18 hours" in p.lines[0]
    x, p = ask(tech, "坐12小時飛機 X1夠用嗎")  # was 沒有寫X1的夠用
    assert x.bait == () and "30 小時" in p.lines[0]
    x, _ = ask(tech, "X1 is 40 hours right")  # a figure claimed of ours is still corrected
    assert x.bait == ("40 hours",)


def test_colour_coming_off_in_cantonese(beauty) -> None:
    x, p = ask(beauty, "嗰枝唇膏食嘢會唔會甩色")  # was 沒有寫絲絨霧面唇膏的「甩色」
    assert x.attrs == ("transfer",) and "沾杯" in p.lines[0]
