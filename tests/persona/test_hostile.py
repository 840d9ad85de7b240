"""Hostile or careless persona files: clear errors or correct handling, never a hang."""

from __future__ import annotations

from pathlib import Path

import pytest

from vhost.persona.loader import load_persona, load_report

pytestmark = pytest.mark.timeout(20)  # a hang fails the test instead of the suite

MINIMAL = "id: p\nidentity:\n  name: 主播\n"


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def test_ten_megabyte_file_is_refused_before_parsing(tmp_path: Path) -> None:
    f = tmp_path / "big.yaml"
    f.write_text(MINIMAL + "fillers:\n" + "  - 這是一行很長的填充句子。\n" * 400_000, encoding="utf-8")
    assert f.stat().st_size > 10_000_000
    got = load_report(f).problems
    assert len(got) == 1 and got[0].startswith("big.yaml:1:1: file is ") and "1,048,576-byte limit" in got[0]


def test_billion_laughs_alias_bomb_fails_fast(tmp_path: Path) -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i, name in enumerate("bcdefghi"):
        prev = "abcdefghi"[i]
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    f = tmp_path / "bomb.yaml"
    f.write_text(MINIMAL + "fillers: []\n" + "\n".join(lines) + "\n", encoding="utf-8")
    got = load_report(f).problems
    assert len(got) == 1
    assert got[0].startswith("bomb.yaml:") and "YAML aliases" in got[0]


def test_wide_alias_expansion_is_refused_even_under_the_alias_count(tmp_path: Path) -> None:
    # few aliases, but each level multiplies: refused by the expanded size, not by the count
    lines = ["a: &a [" + ",".join(["x"] * 1000) + "]", "b: &b [" + ",".join(["*a"] * 10) + "]",
             "c: &c [" + ",".join(["*b"] * 10) + "]"]
    f = tmp_path / "wide.yaml"
    f.write_text(MINIMAL + "fillers: []\n" + "\n".join(lines) + "\n", encoding="utf-8")
    got = load_report(f).problems
    assert len(got) == 1 and "expand to over 50,000 values" in got[0] and got[0].startswith("wide.yaml:")


def test_recursive_alias_is_refused(tmp_path: Path) -> None:
    f = tmp_path / "rec.yaml"
    f.write_text(MINIMAL + "fillers: &x [a, *x]\n", encoding="utf-8")
    got = load_report(f).problems
    assert len(got) == 1 and "recursive YAML alias" in got[0]


def test_a_few_aliases_still_work(tmp_path: Path) -> None:
    f = tmp_path / "ok.yaml"
    f.write_text(MINIMAL + "holding: &lines [稍等一下。]\nfillers: *lines\n", encoding="utf-8")
    p = load_persona(f)
    assert p.fillers == p.holding == ["稍等一下。"]


def test_tabs_in_indentation_name_every_line(tmp_path: Path) -> None:
    f = tmp_path / "tabs.yaml"
    f.write_text("id: p\nidentity:\n\tname: 主播\n  style:\n  \t- x\n", encoding="utf-8")
    assert load_report(f).problems == [
        "tabs.yaml:3:1: tab in indentation; YAML indents with spaces only",
        "tabs.yaml:5:3: tab in indentation; YAML indents with spaces only",
    ]


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    f = tmp_path / "bom.yaml"
    f.write_bytes(b"\xef\xbb\xbf" + MINIMAL.encode("utf-8"))
    assert load_persona(f).identity.name == "主播"


def test_gbk_bytes_name_the_offset_and_the_fix(tmp_path: Path) -> None:
    f = tmp_path / "gbk.yaml"
    f.write_bytes("id: p\nidentity:\n  name: 科技测评官\n".encode("gbk"))
    got = load_report(f).problems
    assert len(got) == 1
    assert got[0].startswith("gbk.yaml:3:9: not valid UTF-8 (byte 0xbf at offset 24)")
    assert "save it as UTF-8" in got[0]


def test_nul_bytes_and_binary_are_refused(tmp_path: Path) -> None:
    f = tmp_path / "bin.yaml"
    f.write_bytes(b"id: p\x00\x00\n")
    assert "NUL bytes" in load_report(f).problems[0]


def test_yaml_syntax_error_has_a_location(tmp_path: Path) -> None:
    f = tmp_path / "syn.yaml"
    f.write_text(MINIMAL + "holding: [a, b\nfillers: []\n", encoding="utf-8")
    got = load_report(f).problems
    assert len(got) == 1 and got[0].startswith("syn.yaml:5:") and "expected ',' or ']'" in got[0]


def test_top_level_must_be_a_mapping(tmp_path: Path) -> None:
    f = tmp_path / "list.yaml"
    f.write_text("- a\n- b\n", encoding="utf-8")
    assert load_report(f).problems == [
        "list.yaml:1:1: a persona file is a mapping of keys (id:, identity:, ...) at the top level"
    ]


def test_empty_file_reports_missing_keys(tmp_path: Path) -> None:
    f = tmp_path / "empty.yaml"
    f.write_text("", encoding="utf-8")
    assert load_report(f).problems == [
        "empty.yaml:1:1: missing required key 'id'",
        "empty.yaml:1:1: missing required key 'identity'",
    ]


def test_mixed_scripts_and_width_are_plain_text(tmp_path: Path) -> None:
    f = tmp_path / "mixed.yaml"
    f.write_text(MINIMAL + "fillers:\n  - 家人们晚上好，家人們晚上好！ＡＢＣ　full width and English\n", encoding="utf-8")
    assert load_persona(f).fillers == ["家人们晚上好，家人們晚上好！ＡＢＣ　full width and English"]


def test_directory_instead_of_file(tmp_path: Path) -> None:
    (tmp_path / "dir.yaml").mkdir()
    assert load_report(tmp_path / "dir.yaml").problems == ["dir.yaml:1:1: is a directory, not a persona file"]


def test_python_tags_are_refused_not_constructed(tmp_path: Path) -> None:
    f = tmp_path / "tag.yaml"
    f.write_text(MINIMAL + 'fillers: !!python/object/apply:os.system ["touch pwned"]\nholding: [!!python/name:os.system x]\n',
                 encoding="utf-8")
    got = load_report(f).problems
    assert [g.split(": ", 1)[0] for g in got] == ["tag.yaml:4:10", "tag.yaml:5:11"]
    assert all("is not allowed in a persona file" in g for g in got)
    assert not (tmp_path / "pwned").exists()


def test_deep_nesting_is_an_error_not_a_crash(tmp_path: Path) -> None:
    f = tmp_path / "deep.yaml"
    f.write_text(MINIMAL + "fillers: " + "[" * 50_000 + "]" * 50_000 + "\n", encoding="utf-8")
    assert load_report(f).problems == ["deep.yaml:1:1: values nested too deeply (hundreds of levels of [ or {)"]


def test_extends_diamond_cannot_explode(tmp_path: Path) -> None:
    for level in range(8):
        parents = f"[{', '.join([f'l{level + 1}.yaml'] * 4)}]" if level < 7 else "[]"
        (tmp_path / f"l{level}.yaml").write_text(f"extends: {parents}\n", encoding="utf-8")
    (tmp_path / "top.yaml").write_text("id: t\nidentity: {name: t}\nextends: [l0.yaml]\n", encoding="utf-8")
    report = load_report(tmp_path / "top.yaml")
    assert len(report.files) <= 64
    assert any("more than 64 files read through extends and include" in p for p in report.problems)
