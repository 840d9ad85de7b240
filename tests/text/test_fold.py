"""Traditional characters as a Taiwanese viewer writes them: 干 of dry skin is 乾, 干 of doing stays 幹."""

from __future__ import annotations

import pytest

from vhost.text.fold import to_simplified, to_traditional


@pytest.mark.parametrize(
    ("simplified", "traditional"),
    [
        ("干皮可以用吗", "乾皮可以用嗎"),
        ("混干皮用了会不会干", "混乾皮用了會不會乾"),
        ("冬天皮肤偏干", "冬天皮膚偏乾"),
        ("干燥的季节", "乾燥的季節"),
        ("你在干什么", "你在幹什麼"),
        ("干嘛不买", "幹嘛不買"),
        ("主播好能干", "主播好能幹"),
        ("不会干扰耳机", "不會干擾耳機"),
        ("唇膏里面", "唇膏裡面"),
    ],
)
def test_traditional_reads_as_written_in_taiwan(simplified: str, traditional: str) -> None:
    assert to_traditional(simplified) == traditional
    assert to_simplified(traditional) == simplified
