"""A Traditional line reads the way the product page does: Taiwan's standard forms, and the persona's
own product names exactly as written."""

from tests.knowledge.conftest import ROOT
from vhost.llm.prompt import own_words, script
from vhost.persona.loader import load_persona


def test_traditional_lines_keep_the_persona_names_and_taiwan_forms() -> None:
    beauty = load_persona(ROOT / "personas/beauty_lab.yaml")
    keep = own_words(beauty)
    owned = [w for _, w in keep]
    assert "維他命 C 亮采面霜" in owned and "精华" not in owned  # a Simplified alias is not a form to keep
    line = script("维他命 C 亮采面霜今天 229 元，这支唇膏里面有乳木果油，干皮也能擦着。", "zh-Hant", keep)
    assert "亮采面霜" in line and "亮採" not in line  # the converter alone writes 亮採
    assert "唇膏" in line and "脣" not in line and "裡面" in line and "著" in line
    assert script("維他命 C 亮采面霜", "zh-Hans", keep) == "维他命 C 亮采面霜"
