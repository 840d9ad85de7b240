"""The plays in persona files: lint, preview, edition agreement, and the shipped personas."""

from __future__ import annotations

from pathlib import Path

import pytest

from vhost.cli import main
from vhost.persona.lint import lint
from vhost.persona.loader import load_persona

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ["tech_reviewer.yaml", "tech_reviewer.en.yaml", "beauty_lab.yaml", "beauty_lab.en.yaml"]


def test_lint_finds_broken_plays(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(DATA)
    assert "\n".join(lint("bad_plays.yaml")) + "\n" == (DATA / "bad_plays.expected").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", SHIPPED)
def test_shipped_personas_run_all_three_plays(name: str) -> None:
    p = load_persona(ROOT / "personas" / name)
    kinds = {s.kind: s for s in p.rundown.segments}
    assert {"lottery", "bargain", "flash"} <= set(kinds)
    lottery = kinds["lottery"].lottery
    assert lottery is not None and lottery.winners >= 1 and lottery.keyword
    for kind in ("bargain", "flash"):
        product = p.product(kinds[kind].product)
        assert product is not None and getattr(product, kind) is not None
    assert lint(ROOT / "personas" / name) == []


def test_an_edition_with_another_ladder_is_a_problem(tmp_path: Path) -> None:
    personas = ROOT / "personas"
    zh = (personas / "tech_reviewer.yaml").read_text(encoding="utf-8").replace("common/", f"{personas}/common/")
    en = (personas / "tech_reviewer.en.yaml").read_text(encoding="utf-8").replace("common/", f"{personas}/common/")
    (tmp_path / "tech_reviewer.yaml").write_text(zh, encoding="utf-8")
    (tmp_path / "tech_reviewer.en.yaml").write_text(en.replace("{price: 2099, kan: 200}", "{price: 2049, kan: 200}"), encoding="utf-8")
    problems = lint(tmp_path / "tech_reviewer.yaml")
    assert any("product 'n9-phone' has another bargain ladder or flash sale" in x for x in problems), problems


def test_preview_reads_the_plays(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["persona", "preview", str(ROOT / "personas" / "tech_reviewer.yaml"), "--segment", "lottery"]) == 0
    out = capsys.readouterr().out
    assert "lottery: 手機保護殼 x3, 150 s, join: keyword, follow (福袋)" in out
    assert "lottery open: 在公屏發送「福袋」或關注直播間就能參加，150 秒後開獎，抽 3 位。" in out
    assert main(["persona", "preview", str(ROOT / "personas" / "beauty_lab.en.yaml"), "--segment", "bargain"]) == 0
    out = capsys.readouterr().out
    assert "bargain: 189 → 179 (1500 likes) → 169 (150 \"kan\") → 159 (approval)" in out
    assert "bargain open: 1500 likes and we unlock 179 yuan!" in out
    assert main(["persona", "preview", str(ROOT / "personas" / "tech_reviewer.yaml"), "--segment", "cable"]) == 0
    out = capsys.readouterr().out
    assert "flash: 29 (list 39), 50 units, 120 s" in out and "flash open: 限時秒殺開始！C1 編織快充線只要 29 元。" in out
