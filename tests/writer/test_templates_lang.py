"""Holding lines follow the language being spoken."""

from pathlib import Path

from vhost.persona.loader import load_persona
from vhost.text.fold import has_cjk
from vhost.writer.templates import Templates

PERSONA = Path("personas/tech_reviewer.yaml")


def test_english_job_gets_english_holding_lines_from_a_chinese_persona():
    t = Templates(load_persona(PERSONA))
    en = [c.text for c in t.holding("en")]
    zh = [c.text for c in t.holding("zh-Hant")]
    assert en and not any(has_cjk(x) for x in en)
    assert zh and all(has_cjk(x) for x in zh)
    assert any(c.source == "holding" for c in t.holding("zh-Hant"))  # the persona's own lines come first in its language
