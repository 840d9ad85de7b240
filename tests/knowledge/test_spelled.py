"""Pinyin read back into the words the lexicon knows."""

from __future__ import annotations

import pytest

from vhost.knowledge.spelled import read_pinyin


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("zhe ge erji shi zhengpin ma", "这个耳机是正品吗"),  # 是 正品, not the loose sound of 湿疹
        ("zhubo jiao sha mingzi", "主播叫啥名字"),
        ("kou hong you ji ge se", "口红有几个色"),
        ("jing hua duo shao qian", "精华多少钱"),
        ("P65 duoshao qian a", "P65 多少钱啊"),  # a code stays as typed
        ("chongdiantou shi 120W de ba", "充电头是 120W 的吧"),
    ],
)
def test_pinyin_is_read_as_characters(typed: str, read: str) -> None:
    assert read_pinyin(typed) == read


@pytest.mark.parametrize("text", ["ok gn guys see u tmr", "N9多少钱", "how much is the serum", "jg"])
def test_what_is_not_pinyin_is_unchanged(text: str) -> None:
    assert read_pinyin(text) == text
