"""A parcel that came damaged and a new one asked for is a return; the sun's UV is the SPF; pairing with an
Android phone (配上) is the steps the sheet does not give; a phone's back cover is its material."""

from __future__ import annotations

import pytest

from tests.knowledge.conftest import ask


@pytest.mark.parametrize("text", ["cream jar came cracked open, stuff all over the box 😭 how do i get a new one", "收到的面霜罐子裂了 怎么换新的"])
def test_damaged_on_arrival_and_a_new_one_asked_is_a_return(beauty, text) -> None:
    x, p = ask(beauty, text)
    assert x.intent == "returns" and ("平台規則" in p.lines[0] or "platform rules" in p.lines[0]), p.lines  # was the cart


def test_an_order_asked_for_is_still_the_checkout(beauty) -> None:
    x, p = ask(beauty, "how do i get the serum duo")
    assert x.intent == "how_to_buy" and "cart" in p.lines[0], p.lines


@pytest.mark.parametrize("text", ["去爬合歡山 高山紫外線很強 這支擋得住嗎", "does the sunscreen block uv"])
def test_uv_is_the_sun_protection_factor(beauty, text) -> None:
    x, p = ask(beauty, text, stage_product="spf-sunscreen")
    assert "spf" in x.attrs and "SPF50+" in " ".join(p.lines), p.lines


def test_pairing_steps_are_deferred(tech) -> None:
    x, p = ask(tech, "新买的耳机咋跟安卓配上 要装啥软件不")
    assert "operation" in x.attrs and p.mode == "defer", (x.attrs, p.lines)


def test_a_back_cover_is_the_material(tech) -> None:
    x, p = ask(tech, "N9是塑料后盖还是玻璃的 手感咋样")
    assert x.missing == ("material",) and "後蓋" in p.lines[0] and "OLED" not in " ".join(p.lines), p.lines  # the viewer's own word for it


@pytest.mark.parametrize("text", ["will the P65 fast charge my galaxy s24 and my switch at the same time? pls say yes",
                                  "can the P65 charge my laptop and phone at the same time"])
def test_two_devices_charged_at_once_is_the_ports(tech, text) -> None:
    x, p = ask(tech, text)
    assert "ports" in x.attrs and "three ports" in " ".join(p.lines), p.lines


def test_at_the_same_time_without_charging_is_no_port(beauty) -> None:
    x, _ = ask(beauty, "can i use the serum and cream at the same time")
    assert "ports" not in x.attrs, x.attrs


@pytest.mark.parametrize(("text", "said"), [("精华早上用还是晚上用 要洗完脸马上抹吗", "早晚都能用"), ("can i use the serum morning and night?", "morning and night")])
def test_morning_or_night_is_answered_by_both(beauty, text, said) -> None:
    x, p = ask(beauty, text)
    assert said in p.lines[0], p.lines  # was the morning routine


@pytest.mark.parametrize("text", ["精華跟面霜可以一起用嗎", "can i use the serum and cream at the same time", "精华能混面霜里一起抹吗"])
def test_two_of_ours_used_together_is_the_routine(beauty, text) -> None:
    x, p = ask(beauty, text)
    said = " ".join(p.lines)
    assert x.intent == "usage" and "how_to_use" in x.attrs, (x.intent, x.attrs)
    assert ("先用精華" in said or "then cream" in said) and p.mode != "defer", p.lines  # was a deferral on "一起用" / "time"


def test_used_together_where_no_routine_exists_is_not_one(tech) -> None:
    x, _ = ask(tech, "X1跟N9可以一起用嗎")
    assert "how_to_use" not in x.attrs


@pytest.mark.parametrize(("persona", "stage", "text", "said"), [
    ("tech", None, "my subway ride is lowkey deafening, how much does the X1 actually block", "35 dB"),
    ("tech", None, "how well do the X1 block noise on a plane", "35 dB"),
    ("beauty", "spf-sunscreen", "how well does it block the sun", "SPF50+"),  # the sun blocked is the SPF, not noise
])
def test_what_it_blocks(tech, beauty, persona, stage, text, said) -> None:
    x, p = ask(tech if persona == "tech" else beauty, text, stage_product=stage)
    assert said in p.lines[0], p.lines

