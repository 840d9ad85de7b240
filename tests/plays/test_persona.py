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
    assert "lottery open: 在公屏發送口令「福袋」或關注直播間就能參加，150 秒後開獎，抽 3 位。" in out
    assert main(["persona", "preview", str(ROOT / "personas" / "beauty_lab.en.yaml"), "--segment", "bargain"]) == 0
    out = capsys.readouterr().out
    assert "bargain: 189 → 179 (1500 likes) → 169 (150 \"kan\") → 159 (approval)" in out
    assert "bargain open: 1500 likes and we unlock 179 yuan!" in out
    assert main(["persona", "preview", str(ROOT / "personas" / "tech_reviewer.yaml"), "--segment", "cable"]) == 0
    out = capsys.readouterr().out
    assert "flash: 29 (list 39), 50 units, 120 s" in out and "flash open: 限時秒殺開始！C1 編織快充線只要 29 元。" in out


@pytest.mark.parametrize("name", SHIPPED)
def test_every_play_line_of_the_shipped_personas_passes_the_guard(name: str) -> None:
    """Each moment of each play, as the host would say it, through the guard with the live figures."""
    from tests.plays.conftest import HandClock, danmaku, event
    from vhost.events import ChatEvent, EventKind, User
    from vhost.guard import Guard
    from vhost.orders import OrderBook
    from vhost.plays import Plays

    p = load_persona(ROOT / "personas" / name)
    lang = p.identity.languages[0]
    clock = HandClock()
    plays = Plays(p, clock, OrderBook(lambda pid: (x.stock if (x := p.product(pid)) else None)))  # type: ignore[arg-type]
    guard = Guard(p, live=plays)
    heard: list[str] = []

    def drain(t: float) -> None:
        clock.t = t
        while (line := plays.next_line(t)) is not None:
            for text in line.lines:
                v = guard.check(text, product=p.product(line.product), lang=lang, extra_numbers=line.numbers,
                                allow_words=line.names, origin="template")  # fmt: skip
                assert v.ok, (text, v.reasons)
                heard.append(text)

    seg = {s.kind: s for s in p.rundown.segments}
    plays.segment_started(seg["lottery"], 0.0)
    lot = plays.lottery
    assert lot is not None
    for i in range(12):
        plays.see(danmaku(f"v{i}", lot.config.keyword, ["Alex", "小明", "Mia_88", "阿傑"][i % 4] + str(i)), 1.0)
    for t in range(0, int(lot.config.window_s) + 2, 5):
        drain(float(t))
    plays.redraw(lot.winners[0])
    drain(200.0)
    plays.segment_started(seg["bargain"], 300.0)
    b = plays.bargain
    assert b is not None
    t = 300.0
    while b.next is not None:
        goal, target = b.next.goal
        if goal == "likes":
            plays.see(event(EventKind.LIKE, "fan", count=int(target) // 2), t)
        drain(t := t + 20)
        if goal == "likes":
            plays.see(event(EventKind.LIKE, "fan", count=int(target)), t)
        elif goal == "kan":
            for i in range(int(target)):
                plays.see(danmaku(f"k{i}", b.ladder.keyword), t)
        elif goal == "gift_cny":
            plays.see(event(EventKind.GIFT, "g", value_cny=target, gift_name="gift", gift_count=1), t)
        else:
            plays.approve()
        drain(t := t + 1)
    plays.segment_started(seg["flash"], 600.0)
    f = plays.flash
    assert f is not None
    for i, units in enumerate((f.left // 2, f.left // 2 - 3, 2)):
        plays.commerce(ChatEvent("shop", EventKind.ORDER, User("b", "b"), id=f"o{i}", product_id=f.product.id, count=units))
        drain(610.0 + 10 * i)
    plays.commerce(ChatEvent("shop", EventKind.ORDER, User("b", "b"), id="last", product_id=f.product.id, count=f.left))
    drain(650.0)
    assert f.state == "sold_out"
    assert len(heard) >= 20, heard
