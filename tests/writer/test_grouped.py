"""One breath, several answers: each says which product it is about, and a fragment is never all that is left."""

from __future__ import annotations

from pathlib import Path

from vhost.persona.loader import load_persona
from vhost.writer.answering import name_product, shorten, spoken_name

ROOT = Path(__file__).resolve().parents[2]


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
