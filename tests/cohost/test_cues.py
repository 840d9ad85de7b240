"""Cues in the anchor's recognised words, with products resolved as viewer questions are."""

from __future__ import annotations

from pathlib import Path

import pytest

from vhost.cohost.cues import CueReader
from vhost.knowledge.understand import Understander
from vhost.persona.loader import load_persona

WAKE = ["小助手", "助手", "assistant"]


@pytest.fixture(scope="module")
def zh() -> CueReader:
    u = Understander(load_persona(Path("personas/tech_reviewer.yaml")))
    return CueReader(WAKE, u.mentions)


@pytest.fixture(scope="module")
def en() -> CueReader:
    u = Understander(load_persona(Path("personas/tech_reviewer.en.yaml")))
    return CueReader(WAKE, u.mentions)


@pytest.mark.parametrize(
    ("text", "action", "product"),
    [
        ("小助手，介紹一下 X1", "pitch", "x1-earbuds"),
        ("小助手介绍一下充电头吧", "pitch", "p65-charger"),  # Simplified, as the recogniser often writes
        ("小助手,你来讲讲N9手机", "pitch", "n9-phone"),
        ("小助手，介紹一下", "pitch", None),  # the one on stage
        ("助手，回答一下彈幕", "answer", None),
        ("小助手先停一下", "quiet", None),
        ("小助手，你來", "resume", None),
        ("小助手，N9 現在多少錢？", "ask", "n9-phone"),
    ],
)
def test_chinese_cues(zh, text, action, product):
    cue = zh.read(text, 10.0)
    assert cue is not None and (cue.action, cue.product) == (action, product)


def test_no_name_no_cue(zh):
    assert zh.read("今天天氣不錯，我們來看看 X1", 1.0) is None
    assert zh.read("這個耳機很好用", 2.0) is None


def test_the_name_alone_carries_to_the_next_turn(zh):
    assert zh.read("小助手……", 20.0) is None
    cue = zh.read("介紹一下 N9 手機", 22.5)
    assert cue is not None and (cue.action, cue.product) == ("pitch", "n9-phone")
    assert zh.read("小助手", 30.0) is None
    assert zh.read("介紹一下 N9 手機", 36.0) is None, "too long after the name"


@pytest.mark.parametrize(
    ("text", "action", "product"),
    [
        ("Assistant, tell them about the N9 phone.", "pitch", "n9-phone"),
        ("Okay assistant, introduce the earbuds please", "pitch", "x1-earbuds"),
        ("Assistant, answer the chat.", "answer", None),
        ("Assistant, hold on.", "quiet", None),
        ("Assistant, go ahead.", "resume", None),
        ("Assistant, how long does the X1 battery last?", "ask", "x1-earbuds"),
    ],
)
def test_english_cues(en, text, action, product):
    cue = en.read(text, 10.0)
    assert cue is not None and (cue.action, cue.product) == (action, product)
    if action == "ask":
        assert cue.text == "how long does the X1 battery last?"
