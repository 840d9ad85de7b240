"""`vhost persona lint|show|preview|new|schema` and the four shipped personas."""

from __future__ import annotations

import json
import shutil
import wave
from pathlib import Path

import pytest

from vhost.cli import main
from vhost.persona.lint import lint, spoken_lines
from vhost.persona.loader import load_persona
from vhost.persona.schema import schema_text
from vhost.persona.templates import render
from vhost.persona.variables import sample_variables
from vhost.text.fold import has_cjk

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(__file__).parent / "data"
SHIPPED = ["tech_reviewer.yaml", "beauty_lab.yaml", "tech_reviewer.en.yaml", "beauty_lab.en.yaml"]


@pytest.mark.parametrize("name", ["bad_schema", "bad_lint"])
def test_lint_output_is_exactly_the_expected_text(name: str, monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(DATA)
    assert main(["persona", "lint", f"{name}.yaml"]) == 1
    out, err = capsys.readouterr()
    assert out == (DATA / f"{name}.expected").read_text(encoding="utf-8")
    assert err.strip().endswith("problems in 1 file")


@pytest.mark.parametrize("name", SHIPPED)
def test_shipped_personas_lint_clean(name: str) -> None:
    assert lint(ROOT / "personas" / name) == []


@pytest.mark.parametrize("name", SHIPPED)
def test_shipped_personas_are_complete(name: str) -> None:
    p = load_persona(ROOT / "personas" / name)
    assert len(p.products) >= 3
    assert p.rundown.loop and p.rundown.total_s == 3600
    kinds = {s.kind for s in p.rundown.segments}
    assert {"opening", "pitch", "qa", "lottery", "bargain", "theme", "closing"} <= kinds
    assert len(p.replies) >= 15 and len(p.thanks) >= 3
    assert p.compliance.include, "shares the compliance lists of personas/common"
    first = (ROOT / "personas" / name).read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=schema.json"
    if p.identity.languages == ["en"]:
        for line in spoken_lines(p):
            text = render(line.text, sample_variables(p, line.context, product=line.product, segment=line.segment))
            assert not has_cjk(text), (line.loc, text)


def test_shipped_product_ids_stay_compatible() -> None:
    p = load_persona(ROOT / "personas" / "tech_reviewer.yaml")
    x1, p65 = p.product("x1-earbuds"), p.product("p65-charger")
    assert x1 is not None and p65 is not None and (x1.price, p65.price) == (199, 129)
    en = load_persona(ROOT / "personas" / "tech_reviewer.en.yaml")
    assert [(x.id, x.price, x.stock) for x in en.products] == [(x.id, x.price, x.stock) for x in p.products]


@pytest.mark.parametrize("name", SHIPPED)
def test_shipped_lines_pass_the_guard(name: str) -> None:
    from vhost.guard.guard import Guard

    p = load_persona(ROOT / "personas" / name)
    g = Guard(p)
    for line in spoken_lines(p):
        text = render(line.text, sample_variables(p, line.context, product=line.product, segment=line.segment))
        if text:
            assert g.check(text, product=line.product).ok, (line.loc, text)


def test_banned_terms_are_found_through_folding(tmp_path: Path) -> None:
    f = tmp_path / "p.yaml"
    f.write_text(
        "id: p\nidentity: {name: 主播}\ncompliance:\n  banned: [國家級]\n  replacements: {國家級: 通過檢測的}\n"
        "fillers:\n  - 这是国家级的\n  - 國 家 級\n  - 最近很冷\n  - the BEST price\n  - bestseller\n",
        encoding="utf-8",
    )
    got = [m for m in (x.split(": ", 1)[1] for x in lint(f)) if m.startswith("banned")]
    assert got == [
        "banned term '國家級' in a filler; say '通過檢測的' instead",
        "banned term '國家級' in a filler; say '通過檢測的' instead",
        "banned term 'the best' in a filler",
    ]


def test_show_json_is_the_resolved_persona(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["persona", "show", str(ROOT / "personas" / "beauty_lab.en.yaml"), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["id"] == "beauty_lab.en"
    serum = next(x for x in data["products"] if x["id"] == "ha-serum")
    assert serum["name"] == "Hyaluronic Hydrating Serum" and serum["price"] == 189  # text from the child, price from the parent
    assert any(x.endswith("cosmetics_banned.txt") for x in data["compliance"]["include"])
    assert "emotions" in data["avatar"] and data["avatar"]["emotions"]["happy"]["vts_hotkey"] == "Smile"


def test_preview_renders_rundown_and_replies(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["persona", "preview", str(ROOT / "personas" / "tech_reviewer.yaml")]) == 0
    out = capsys.readouterr().out
    assert "rundown 1:00:00, loops" in out
    assert "先看 X1 無線藍牙耳機，到手價 199 元。" in out
    assert "「多少錢」 → X1 無線藍牙耳機現在是 199 元。" in out
    assert "{{" not in out
    assert main(["persona", "preview", str(ROOT / "personas" / "tech_reviewer.yaml"), "--segment", "phone"]) == 0
    out = capsys.readouterr().out
    assert "N9 手機" in out and "X1" not in out and "replies:" not in out


def test_preview_unknown_segment_is_a_one_line_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["persona", "preview", str(ROOT / "personas" / "tech_reviewer.yaml"), "--segment", "phnoe"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no segment 'phnoe'" in err and "did you mean 'phone'" in err


@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="needs espeak-ng")
def test_preview_say_writes_a_wav(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "preview.wav"
    args = ["persona", "preview", str(ROOT / "personas" / "tech_reviewer.en.yaml"), "--segment", "opening", "--say"]
    assert main([*args, "--out", str(out)]) == 0
    assert f"audio: {out}" in capsys.readouterr().out
    with wave.open(str(out)) as w:
        assert w.getnchannels() == 1 and w.getsampwidth() == 2
        assert w.getnframes() / w.getframerate() > 1.0  # two sentences of speech


def test_new_writes_a_starter_that_passes_lint(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "my_show.yaml"
    assert main(["persona", "new", "我的直播間", "--out", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=") and "\n# " in text
    assert lint(out) == []
    assert main(["persona", "lint", str(out)]) == 0
    assert main(["persona", "new", "again", "--out", str(out)]) == 2  # never overwrites silently
    capsys.readouterr()


def test_schema_command_writes_the_committed_text(tmp_path: Path) -> None:
    out = tmp_path / "schema.json"
    assert main(["persona", "schema", "--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == schema_text()


def test_lint_of_a_missing_file_and_several_files(capsys: pytest.CaptureFixture[str]) -> None:
    ok = str(ROOT / "personas" / "tech_reviewer.yaml")
    assert main(["persona", "lint", ok, "/nonexistent/x.yaml"]) == 1
    out, err = capsys.readouterr()
    assert out == "/nonexistent/x.yaml:1:1: file not found\n"
    assert "1 problem in 2 files" in err
