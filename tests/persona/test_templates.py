"""The template sandbox: normal lines render, escapes and runaway work are refused quickly."""

from __future__ import annotations

from pathlib import Path

import pytest

from vhost.errors import ConfigError
from vhost.persona.loader import load_persona
from vhost.persona.model import Product
from vhost.persona.templates import MAX_OUTPUT, TemplateError, format_price, render

pytestmark = pytest.mark.timeout(20)  # a hang fails the test instead of the suite

X1 = Product(id="x1", name="X1 耳機", price=199, stock=500, specs={"續航": "30 小時"}, selling_points=["a", "b"])
VARS = {"product": X1, "price": "199", "address": "家人們", "viewer": "小明", "counters": {"reply": 3}}


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ("{{ address }}晚上好", "家人們晚上好"),
        ("{{ product.name }}只要 {{ price }} 元", "X1 耳機只要 199 元"),
        ("{{ product.specs['續航'] }}", "30 小時"),
        ("{{ product.price | money }} / {{ 99.5 | money }}", "199 / 99.5"),
        ("{% if product.stock > 100 %}貨很多{% else %}快沒了{% endif %}", "貨很多"),
        ("{% for s in product.selling_points %}{{ loop.index }}.{{ s }}{% endfor %}", "1.a2.b"),
        ("{{ viewer ~ '你好' }}", "小明你好"),
        ("{{ counters.reply + 1 }}", "4"),
        ("{{ product.selling_points | join('、') | upper }}", "A、B"),
        ("純文字，沒有模板", "純文字，沒有模板"),
        ("{% for i in range(3) %}{{ i }}{% endfor %}", "012"),
    ],
)
def test_normal_templates_render(template: str, expected: str) -> None:
    assert render(template, VARS) == expected


ESCAPES = [
    "{{ ''.__class__.__mro__ }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ cycler.__init__.__globals__.os }}",
    "{{ joiner.__init__.__globals__ }}",
    "{{ namespace.__init__.__globals__ }}",
    "{{ lipsum.__globals__['os'] }}",
    "{{ product.__class__.__init__.__globals__ }}",
    "{{ product.model_config }}",
    "{{ product.model_copy() }}",
    "{{ product.price_at() }}",
    "{{ product|attr('__class__') }}",
    "{{ range.__globals__ }}",
    "{{ self }}",
    "{{ self.__init__.__globals__ }}",
    "{{ ().__class__.__base__.__subclasses__() }}",
    "{{ {}.__class__ }}",
    "{{ '{0.__class__}'.format(1) }}",
    "{{ 'x'.format_map({}) }}",
    "{{ '%s' % product }}",
    "{{ config }}",
    "{{ request }}",
    "{% include '/etc/passwd' %}",
    "{% import 'os' as os %}",
    "{% from 'x' import y %}",
    "{% extends 'base.html' %}",
    "{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}",
    "{% for x in [1] recursive %}{{ loop([1]) }}{% endfor %}",
    "{% set x %}{{ 1 }}{% endset %}",
    "{% filter upper %}x{% endfilter %}",
    "{{ _vhost_iter }}",
    "{{ undefined_name }}",
]


@pytest.mark.parametrize("template", ESCAPES)
def test_escapes_are_refused(template: str) -> None:
    with pytest.raises(TemplateError) as ei:
        render(template, VARS)
    assert isinstance(ei.value, ConfigError)
    assert ei.value.one_line().startswith("<template>: template error: ")


RUNAWAY = [
    "{% for i in range(10**9) %}x{% endfor %}",
    "{% for i in range(100000) %}{% endfor %}",
    "{% set r = range(1000) %}{% for a in r %}{% for b in r %}{% for c in r %}{% endfor %}{% endfor %}{% endfor %}",
    "{% for a in 'abcdefghij' * 100 %}{% for b in 'abcdefghij' * 100 %}{% endfor %}{% endfor %}",
    "{{ 'a' * 10**9 }}",
    "{{ [1] * 10**8 }}",
    "{{ 10**10**10 }}",
    "{{ 9**64 * 9**64 }}",
    "{% set s = 'aaaaaaaaaa' %}" + "{% set s = s ~ s %}" * 40 + "{{ s }}",
    "{% set s = 'aaaaaaaaaa' %}" + "{% set s = s + s %}" * 40 + "{{ s }}",
    "{% for i in range(1000) %}{{ 'abcd' * 1000 }}{% endfor %}",
    "{{ 'x' | replace('', 'y' * 4000) }}",
    "{{ 'a'.center(100000) }}",
    "{{ 'a' | center(10**9) }}",
    "{{ lipsum(10**9) }}",
    "{{ range(1000) | list | map('string') | join * 100 }}",
    "{{ 1 }}" + "x" * 5000,
]


@pytest.mark.parametrize("template", RUNAWAY)
def test_runaway_work_is_bounded(template: str) -> None:
    with pytest.raises(TemplateError):
        render(template, VARS)


def test_output_is_capped() -> None:
    ok = "{% for i in range(300) %}abc{% endfor %}"
    assert len(render(ok, VARS)) == 900
    with pytest.raises(TemplateError, match="over"):
        render("{% for i in range(1000) %}abcde{% endfor %}", VARS)
    assert MAX_OUTPUT < 5000


def test_errors_name_where_the_template_was_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    f = tmp_path / "p.yaml"
    f.write_text('id: p\nidentity: {name: 主播}\nfillers:\n  - "{{ nobody }}在嗎"\n', encoding="utf-8")
    p = load_persona(f)
    with pytest.raises(TemplateError) as ei:
        render(p.fillers[0], VARS)
    assert ei.value.one_line() == "p.yaml:4:5: template error: 'nobody' is undefined"
    with pytest.raises(TemplateError, match=r"^here:1:2: template error"):
        render("{{ nobody }}", VARS, where="here:1:2")


def test_format_price() -> None:
    assert [format_price(x) for x in (199.0, 99.5, 0.1, 2299, 12.25)] == ["199", "99.5", "0.1", "2299", "12.25"]
