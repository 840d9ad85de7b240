"""The same hello from several viewers in a row is welcomed in different words, not one canned line three times."""

from __future__ import annotations

from vhost.knowledge.answer import plan


def test_the_same_hello_from_different_viewers_is_not_one_line_repeated(tech) -> None:
    persona, u = tech
    lines = set()
    for viewer in ("喵喵", "小雨", "老王"):
        x = u.understand("你好", "zh-Hant")
        said = plan(x, persona.edition("zh-Hant"), viewer=viewer).lines[0]
        assert viewer in said and "歡迎" in said, said
        lines.add(said.replace(viewer, "{who}"))
    assert len(lines) == 3, lines  # was "{who}你好，歡迎！今天的好物都在畫面下方！" for all three

