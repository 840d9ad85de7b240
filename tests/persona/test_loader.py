"""Schema edge cases, extends/include merging and error locations."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from vhost.errors import ConfigError
from vhost.persona.loader import PersonaError, load_persona, load_report
from vhost.persona.schema import DEFAULT_PATH, schema_text

MINIMAL = "id: p\nidentity:\n  name: 主播\n"


def write(tmp: Path, name: str, text: str) -> Path:
    p = tmp / name
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(text, encoding="utf-8")
    return p


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # problems name files relative to the working directory


def problems(path: Path) -> list[str]:
    return load_report(path).problems


def test_minimal_persona_loads(tmp_path: Path) -> None:
    p = load_persona(write(tmp_path, "p.yaml", MINIMAL))
    assert p.identity.name == "主播" and p.rundown.segments == [] and p.extends == []


def test_unknown_key_names_line_column_and_suggests(tmp_path: Path) -> None:
    f = write(tmp_path, "p.yaml", MINIMAL + "  adress: 家人們\nrundwon: {}\n")
    assert problems(f) == [
        "p.yaml:4:3: unknown key 'adress' in identity (did you mean 'address'?)",
        "p.yaml:5:1: unknown key 'rundwon' (did you mean 'rundown'?)",
    ]


def test_unknown_key_deep_inside_lists(tmp_path: Path) -> None:
    f = write(tmp_path, "p.yaml", MINIMAL + "products:\n  - id: a\n    name: A\n    price: 1\n    sellingpoints: [x]\n")
    assert problems(f) == ["p.yaml:8:5: unknown key 'sellingpoints' in products[0] (did you mean 'selling_points'?)"]


def test_wrong_types_are_reported_together(tmp_path: Path) -> None:
    f = write(tmp_path, "p.yaml", MINIMAL + "  max_sentence_chars: lots\n  languages: [klingon]\nproducts: {}\n")
    got = problems(f)
    assert len(got) == 3
    assert got[0].startswith("p.yaml:4:23: identity.max_sentence_chars: Input should be a valid integer")
    assert got[1].startswith("p.yaml:5:15: identity.languages[0]: Input should be 'zh-Hant', 'zh-Hans' or 'en'")
    assert got[2].startswith("p.yaml:6:11: products: Input should be a valid list")


def test_missing_required_key(tmp_path: Path) -> None:
    f = write(tmp_path, "p.yaml", "id: p\nidentity:\n  address: 家人們\n")
    assert problems(f) == ["p.yaml:3:3: missing required key 'name' in identity"]


def test_dangling_product_references(tmp_path: Path) -> None:
    f = write(tmp_path, "p.yaml", MINIMAL + """products:
  - {id: x1-earbuds, name: X1, price: 199}
rundown:
  segments:
    - {id: a, product: x1-earbud}
replies:
  - {id: r, keywords: [錢], reply: hi, product: p65}
""")
    assert problems(f) == [
        "p.yaml:8:24: unknown product 'x1-earbud' (did you mean 'x1-earbuds'?)",
        "p.yaml:10:48: unknown product 'p65' (known: x1-earbuds)",
    ]


def test_duplicate_ids_and_keys(tmp_path: Path) -> None:
    f = write(tmp_path, "p.yaml", MINIMAL + "products:\n  - {id: a, name: A, price: 1}\n  - {id: a, name: B, price: 2}\nid: q\n")
    assert problems(f) == ["p.yaml:7:1: duplicate key 'id' (first written at line 1)"]
    f = write(tmp_path, "q.yaml", MINIMAL + "products:\n  - {id: a, name: A, price: 1}\n  - {id: a, name: B, price: 2}\n")
    assert problems(f) == ["q.yaml:6:10: duplicate product id 'a'"]


def test_bad_regex_and_quoting_hint(tmp_path: Path) -> None:
    f = write(tmp_path, "p.yaml", MINIMAL + "replies:\n  - {id: r, regex: '(unclosed', reply: x}\nholding:\n  - 注意: 這行沒加引號\n")
    got = problems(f)
    assert got[0].startswith("p.yaml:5:20: replies[0].regex: regex does not compile: missing )")
    assert got[1].startswith("p.yaml:7:5: holding[0]: Input should be a valid string")
    assert "put the text in quotes" in got[1]


def test_load_persona_raises_one_line_with_count(tmp_path: Path) -> None:
    f = write(tmp_path, "p.yaml", MINIMAL + "  adress: x\nrundwon: {}\n")
    with pytest.raises(PersonaError) as ei:
        load_persona(f)
    assert isinstance(ei.value, ConfigError)
    assert len(ei.value.problems) == 2
    assert "\n" not in ei.value.one_line() and "and 1 more" in ei.value.one_line()


def test_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"nope.yaml:1:1: file not found"):
        load_persona(tmp_path / "nope.yaml")


def test_extends_merge_rules(tmp_path: Path) -> None:
    write(tmp_path, "common/base.yaml", """\
identity: {name: 父, address: 大家, style: [a, b]}
products:
  - {id: x1, name: X1, price: 199, stock: 5, specs: {重量: 5 克}}
  - {id: p65, name: P65, price: 129}
replies:
  - {id: price, keywords: [錢], reply: 父的回答}
  - {id: ship, keywords: [發貨], reply: 父的發貨}
compliance:
  banned: [爆款, 神器]
  include: [terms.txt]
""")
    write(tmp_path, "common/terms.txt", "# comment\n秒殺\n")
    child = write(tmp_path, "shows/child.yaml", """\
id: child
extends: ../common/base.yaml
identity: {name: 子, style: [c]}
products:
  - {id: x1, price: 179}
  - {id: c1, name: C1, price: 39}
replies:
  - {id: price, keywords: [價格], reply: 子的回答}
compliance:
  banned: [神器, 必買]
""")
    p = load_persona(child)
    assert (p.identity.name, p.identity.address, p.identity.style) == ("子", "大家", ["c"])  # maps merge, lists replace
    assert [x.id for x in p.products] == ["x1", "p65", "c1"]
    x1 = p.product("x1")
    assert x1 is not None and (x1.name, x1.price, x1.stock, x1.specs) == ("X1", 179, 5, {"重量": "5 克"})
    assert [(r.id, r.reply) for r in p.replies] == [("price", "子的回答"), ("ship", "父的發貨")]
    assert p.compliance.banned == ["爆款", "神器", "必買"]  # a union: a child cannot drop a banned term
    assert p.compliance.include == [str((tmp_path / "common/terms.txt").resolve())]
    assert p.extends == ["../common/base.yaml"]
    assert {f.name for f in load_report(child).files} == {"child.yaml", "base.yaml", "terms.txt"}


def test_errors_in_a_parent_name_the_parent_file(tmp_path: Path) -> None:
    write(tmp_path, "base.yaml", "identity:\n  name: 父\n  catchphrase: [x]\n")
    child = write(tmp_path, "child.yaml", "id: c\nextends: [base.yaml]\n")
    assert problems(child) == ["base.yaml:3:3: unknown key 'catchphrase' in identity (did you mean 'catchphrases'?)"]


def test_extends_cycle_and_missing_parent(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", "id: a\nidentity: {name: A}\nextends: [b.yaml]\n")
    write(tmp_path, "b.yaml", "extends: [a.yaml]\n")
    got = problems(tmp_path / "a.yaml")
    assert got == ["b.yaml:1:11: extends cycle: a.yaml -> b.yaml -> a.yaml"]
    write(tmp_path, "c.yaml", "id: c\nidentity: {name: C}\nextends: [gone.yaml]\n")
    assert problems(tmp_path / "c.yaml") == ["c.yaml:3:11: extends 'gone.yaml': file not found (paths are relative to ./)"]


def test_missing_include_file(tmp_path: Path) -> None:
    f = write(tmp_path, "p.yaml", MINIMAL + "compliance:\n  include: [lists/none.txt]\n")
    assert problems(f) == ["p.yaml:5:13: compliance.include 'lists/none.txt': file not found (paths are relative to ./)"]


def test_mixed_simplified_and_traditional_is_just_text(tmp_path: Path) -> None:
    f = write(tmp_path, "p.yaml", "id: p\nidentity:\n  name: 科技测评官 科技測評官\n  address: 家人们／家人們\n")
    p = load_persona(f)
    assert p.identity.name == "科技测评官 科技測評官" and p.identity.address == "家人们／家人們"


def test_numbers_in_specs_are_kept_as_written(tmp_path: Path) -> None:
    f = write(tmp_path, "p.yaml", MINIMAL + "products:\n  - {id: a, name: A, price: 1, specs: {藍牙: 5.3, 接口: 3}}\n")
    assert load_persona(f).products[0].specs == {"藍牙": "5.3", "接口": "3"}


def test_committed_schema_is_up_to_date() -> None:
    assert DEFAULT_PATH.read_text(encoding="utf-8") == schema_text(), "run: vhost persona schema"
    schema = json.loads(schema_text())
    assert schema["additionalProperties"] is False and "identity" in schema["required"]
    assert "merge" in schema["description"]  # the merge rules are documented for editors
