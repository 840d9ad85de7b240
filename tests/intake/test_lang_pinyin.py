"""A viewer typing Chinese in pinyin is answered in Chinese."""

from __future__ import annotations

import pytest

from vhost.intake.folding import detect_lang as intake_lang
from vhost.text.fold import detect_lang


@pytest.mark.parametrize("text", ["n9 duoshao qian a", "erji xianzai mai duoshao qian", "mian shuang duo shao"])
def test_pinyin_is_chinese(text: str) -> None:
    assert detect_lang(text) == "zh" and intake_lang(text) == "zh"


@pytest.mark.parametrize("text", ["how much is the n9", "is it ok for my kid", "hello from penang"])
def test_english_stays_english(text: str) -> None:
    assert detect_lang(text) == "en" and intake_lang(text) == "en"
