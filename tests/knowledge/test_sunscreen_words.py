"""Sunscreen questions in viewers' words: the wait before going out is the sheet's "出門前 15 分鐘擦" (a wait the
sheet does not give is deferred as the viewer asked it), and a face like a painted wall is a white cast."""

from __future__ import annotations

import pytest

from tests.knowledge.conftest import ask


@pytest.mark.parametrize("text", ["防曬擦完要等多久才能出門",  # was "這一項資料卡上沒有寫" and the SPF line
                                  "防曬擦完可以馬上出門嗎",  # was a deferral of 可不可以馬上出門
                                  "防晒涂完能直接出门吗", "擦完防曬等幾分鐘再出門"])
def test_the_wait_before_going_out_is_the_sheets_fifteen_minutes(beauty, text) -> None:
    x, p = ask(beauty, text)
    assert x.intent == "usage" and x.products == ("spf-sunscreen",) and "15 分鐘" in p.lines[0], (x.intent, p.lines)


def test_going_out_right_after_in_english(beauty) -> None:
    x, p = ask(beauty, "can i go outside right after putting the sunscreen on")  # was a deferral of "outside" or "putting"
    assert x.intent == "usage" and "15 minutes" in p.lines[0], p.lines


def test_a_wait_the_sheet_does_not_give_is_deferred_as_asked(beauty) -> None:
    x, p = ask(beauty, "面霜擦完要等多久才能上防曬")  # was "這一項資料卡上沒有寫"; named by what it asks since fresh38 (a wait between steps)
    assert p.mode == "defer" and "間隔多久" in p.lines[0], p.lines
    assert "15 分鐘" not in " ".join(p.lines)  # the sunscreen's own wait is not the wait after the cream


@pytest.mark.parametrize("text", ["擦完臉會不會像刷了牆一樣白",  # was "which product?": 刷牆 was heard, 刷了牆 was not
                                  "涂完会不会白得跟墙壁一样"])
def test_a_face_like_a_painted_wall_is_a_white_cast(beauty, text) -> None:
    x, p = ask(beauty, text)
    assert x.products == ("spf-sunscreen",) and "不泛白" in p.lines[0], (x.products, p.lines)


@pytest.mark.parametrize(("text", "stage"), [("海邊曬一整天夠不夠力", "spf-sunscreen"),  # was "which product?"
                                             ("去滑雪擦這支夠力嗎", None),  # was "which product?"
                                             ("去海边玩一天 这个防晒扛得住吗", None)])  # was a deferral of 「海边玩」
def test_whether_it_holds_up_for_a_day_in_the_sun_is_its_rating_and_reapplying(beauty, text, stage) -> None:
    x, p = ask(beauty, text, stage_product=stage)
    said = " ".join(p.lines)
    assert x.products == ("spf-sunscreen",) and not x.bait and "SPF50+" in said and "補擦" in said, (x.bait, p.lines)


def test_a_whole_day_promised_is_still_corrected(beauty) -> None:
    x, p = ask(beauty, "SPF50+ 擦一次一整天都不用補了吧")
    assert x.bait and "補擦" in " ".join(p.lines), (x.bait, p.lines)


def test_holding_up_in_the_snow_is_a_phones_battery_not_a_sun_factor(tech) -> None:
    x, p = ask(tech, "去滑雪N9电池扛得住吗")
    assert set(x.attrs) == {"battery"} and "5000" in p.lines[0], (x.attrs, p.lines)
