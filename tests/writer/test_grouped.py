"""One breath, several answers: each says which product it is about, and a fragment is never all that is left."""

from __future__ import annotations

from pathlib import Path

import pytest

from vhost.knowledge.names import name_product, spoken_name
from vhost.persona.loader import load_persona
from vhost.writer.answering import Answering, plan_candidates, shorten

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def tech():
    persona = load_persona(ROOT / "personas/tech_reviewer.yaml")
    return persona, Answering(persona)


def test_each_answer_in_a_group_names_its_product() -> None:
    beauty = load_persona(ROOT / "personas/beauty_lab.yaml")
    tech = load_persona(ROOT / "personas/tech_reviewer.yaml")
    assert spoken_name(tech, "x1-earbuds") == "X1"
    assert spoken_name(beauty, "vc-cream") == "面霜"
    assert name_product("一罐 50 克。", beauty, "vc-cream") == "面霜：一罐 50 克。"
    assert name_product("X1 單次續航 8 小時。", tech, "x1-earbuds") == "X1 單次續航 8 小時。"  # already named
    en = load_persona(ROOT / "personas/beauty_lab.en.yaml")
    out = name_product("50 g a jar.", en, "vc-cream")
    assert out.endswith(": 50 g a jar.") and out.isascii()


def test_shorten_keeps_the_fact_not_a_fragment() -> None:
    assert shorten("N9 是 5000 毫安電池，我們實測影片連續播放 18 小時。", ("5000",)) == "N9 是 5000 毫安電池。"
    full = "絲絨霧面脣膏，添加乳木果油，擦起來不拔乾。"
    assert shorten(full) == full  # the first clause alone is only a name


def test_a_busy_room_answer_keeps_the_clause_that_answers_the_question(tech) -> None:
    """The short form keeps the fact's number and the clause that speaks to what was asked."""
    persona, answering = tech
    cases = {
        "充電頭能充筆電嗎": ("65", "筆電"),  # not just "P65 是 65 瓦。"
        "X1 和 P65 一起買有優惠": ("199", "129", "折扣"),  # both products, and that there is no extra discount
    }
    for text, said in cases.items():
        ans = answering.answer(text, "zh-Hant")
        spoken = "".join(c.text for c in plan_candidates(ans, brief=1, persona=persona))
        assert all(s in spoken for s in said), (text, spoken)
    ans = answering.answer("P65 多少瓦", "zh-Hant")
    spoken = "".join(c.text for c in plan_candidates(ans, brief=1, persona=persona))
    assert spoken == "P65 是 65 瓦。", spoken  # still short when the rest is beside the point
    ans = answering.answer("X1 和 P65 有折扣嗎", "zh-Hant")
    spoken = "".join(c.text for c in plan_candidates(ans, brief=1, persona=persona))
    assert spoken.startswith("X1 直播間價格是 199 元，P65 直播間價格是 129 元"), spoken  # the code, a space, then the words
