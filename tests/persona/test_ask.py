"""`vhost persona ask`: an author sees how a question is understood and what would be said."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from vhost.cli import main

ROOT = Path(__file__).resolve().parents[2]
TECH = str(ROOT / "personas" / "tech_reviewer.yaml")


def test_ask_shows_understanding_plan_and_guarded_lines(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["persona", "ask", TECH, "耳機 99 對吧", "N9 支援紅外線不"]) == 0
    out = capsys.readouterr().out
    first, second = out.split("\n\n")[:2]
    assert "intent     price" in first and "x1-earbuds (from words)" in first
    assert "contradicts the sheet: 99" in first and "plan       correct" in first
    assert "says       X1 無線藍牙耳機現在是 199 元。" in first and "guard refuses" not in first
    assert "plan       defer" in second and "支援紅外線" in second


def test_ask_json_uses_context_and_language(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["persona", "ask", TECH, "is it waterproof", "--stage", "n9-phone", "--json"]) == 0
    r = json.loads(capsys.readouterr().out)
    assert r["lang"] == "en" and r["products"] == ["n9-phone"] and r["product_from"] == "context"
    assert any("IP54" in line["text"] for line in r["says"]) and all(line["guard"] == "ok" for line in r["says"])


def test_ask_lottery_answer_comes_from_the_play_config(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["persona", "ask", TECH, "福袋怎麼參加", "--json"]) == 0
    said = " ".join(x["text"] for x in json.loads(capsys.readouterr().out)["says"])
    assert "手機保護殼" in said and "關注直播間" in said and "「福袋」" in said  # prize and both ways to join


def test_ask_missing_file_is_a_one_line_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["persona", "ask", "nope.yaml", "多少錢"]) != 0
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "nope.yaml" in err[0]


def test_ask_lottery_with_a_gift_entry_passes_the_guard(capsys: pytest.CaptureFixture[str]) -> None:
    beauty = str(ROOT / "personas" / "beauty_lab.yaml")
    assert main(["persona", "ask", beauty, "盲盒怎麼參加", "--json"]) == 0
    says = json.loads(capsys.readouterr().out)["says"]
    assert all(x["guard"] == "ok" for x in says), says  # no amount the guard cannot place
    assert "精華旅行裝" in says[0]["text"] and "禮物" in says[0]["text"]


def test_two_asks_are_not_answered_by_a_one_thing_rule(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["persona", "ask", TECH, "耳機多少錢 還有貨嗎", "--json"]) == 0
    r = json.loads(capsys.readouterr().out)
    said = " ".join(x["text"] for x in r["says"])
    assert r["rule"] is None and "199" in said and "500" in said
