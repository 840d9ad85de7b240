"""An author's rule answers what it is about; the plan answers the rest."""

from __future__ import annotations

from pathlib import Path

import pytest

from vhost.guard import Guard
from vhost.persona.loader import load_persona
from vhost.writer.answering import Answering

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def tech():
    persona = load_persona(ROOT / "personas/tech_reviewer.yaml")
    return persona, Answering(persona)


def test_a_feature_rule_does_not_answer_a_returns_question(tech) -> None:
    _, answering = tech
    ans = answering.answer("if the N9 screen has a dead pixel can I swap it", "en")
    assert ans.understood.intent == "returns"
    assert ans.rule is None or "screen" not in ans.rule.text, ans.rule
    assert "platform rules" in " ".join(ans.plan.lines)
    # the same rule still answers the screen itself
    ans = answering.answer("N9螢幕多大", "zh-Hant")
    assert ans.understood.intent == "spec" and ans.rule is not None and "6.6" in ans.rule.text, ans


def test_a_deferral_never_repeats_the_viewers_gift_words(tech) -> None:
    persona, answering = tech
    ans = answering.answer("想送男朋友當生日禮物 N9有禮盒裝嗎", "zh-Hant")
    line = " ".join(ans.plan.lines)
    assert "禮盒裝" in line and "禮物" not in line and "男朋友" not in line, ans.plan.lines
    g = Guard(persona)
    assert all(g.check(x, product=persona.product("n9-phone"), origin="template").ok for x in ans.plan.lines)


def test_a_budget_is_answered_with_the_prices_that_fit_as_planned(tech) -> None:
    _, answering = tech
    ans = answering.answer("預算兩百以內 推薦買啥", "zh-Hant")
    line = " ".join(ans.plan.lines)
    assert not ans.plan.llm and "199" in line and "2299" not in line, ans.plan
