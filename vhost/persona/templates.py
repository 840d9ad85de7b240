"""Persona line templates: Jinja2 in a sandbox stricter than Jinja's own.

Persona files are written by people who are not the operator, and a template runs on
every utterance of an overnight show, so the sandbox bounds the *work*, not only the
access: a whitelist of syntax (no macros, imports, includes or recursive loops), of
filters, of globals and of callable methods; a step budget shared by loop iterations,
calls, filters and operators; size checks on every string, list and number produced;
and a capped output. Undefined variables are errors: a blank price said on air is worse
than the holding line the writer falls back to.
"""

from __future__ import annotations

import contextvars
import re
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from typing import Any

from jinja2 import StrictUndefined, nodes
from jinja2 import TemplateError as JinjaTemplateError
from jinja2.runtime import LoopContext
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

from vhost.errors import ConfigError

MAX_SOURCE = 4000  # characters of one template
MAX_OUTPUT = 4000  # characters one render may produce
MAX_STEPS = 10_000  # loop iterations + calls + filters + operators per render
MAX_ITEMS = 1000  # items in a range or produced list
MAX_INT = 10**15  # magnitude of any number produced
MAX_ARG = 10_000  # magnitude of an integer argument to a call or filter
DEADLINE_S = 0.25  # wall-clock belt on top of the step budget

_ALLOWED_NODES: tuple[type[nodes.Node], ...] = (
    nodes.Template, nodes.Output, nodes.TemplateData, nodes.Name, nodes.Const, nodes.Getattr,
    nodes.Getitem, nodes.Slice, nodes.Filter, nodes.Test, nodes.If, nodes.For, nodes.Assign,
    nodes.Compare, nodes.Operand, nodes.And, nodes.Or, nodes.Not, nodes.Neg, nodes.Pos,
    nodes.CondExpr, nodes.Concat, nodes.List, nodes.Tuple, nodes.Dict, nodes.Pair, nodes.Call,
    nodes.Keyword, nodes.Add, nodes.Sub, nodes.Mul, nodes.Div, nodes.FloorDiv, nodes.Mod,
    nodes.Pow, nodes.With,
)

_STR_METHODS = frozenset({
    "upper", "lower", "title", "capitalize", "strip", "lstrip", "rstrip", "startswith",
    "endswith", "replace", "split", "isdigit", "count", "find",
})
_DICT_METHODS = frozenset({"get", "items", "keys", "values"})
_LOOP_METHODS = frozenset({"cycle", "changed"})


class TemplateError(ConfigError):
    """A template failed to compile or render; the message names where it was written."""


class _Exhausted(Exception):
    """The template used up its budget."""


class _Budget:
    __slots__ = ("deadline", "steps")

    def __init__(self) -> None:
        self.steps = 0
        self.deadline = time.monotonic() + DEADLINE_S

    def tick(self, n: int = 1) -> None:
        self.steps += n
        if self.steps > MAX_STEPS:
            raise _Exhausted(f"template did too much work (over {MAX_STEPS} steps)")
        if self.steps % 256 == 0 and time.monotonic() > self.deadline:
            raise _Exhausted(f"template ran over {DEADLINE_S}s")


_budget: contextvars.ContextVar[_Budget | None] = contextvars.ContextVar("vhost_template_budget", default=None)


def _tick(n: int = 1) -> None:
    b = _budget.get()
    if b is None:  # rendering outside render(): give it a fresh budget of its own
        b = _Budget()
        _budget.set(b)
    b.tick(n)


def _check_value(v: Any) -> Any:
    if isinstance(v, str):
        if len(v) > MAX_OUTPUT:
            raise _Exhausted(f"template produced a string over {MAX_OUTPUT} characters")
    elif isinstance(v, (list, tuple)):
        if len(v) > MAX_ITEMS:
            raise _Exhausted(f"template produced a list over {MAX_ITEMS} items")
    elif isinstance(v, int) and not isinstance(v, bool):
        if abs(v) > MAX_INT:
            raise _Exhausted("template produced a number too large")
    elif isinstance(v, float) and abs(v) > MAX_INT:
        raise _Exhausted("template produced a number too large")
    return v


def _check_args(args: Iterable[Any]) -> None:
    for a in args:
        if isinstance(a, int) and not isinstance(a, bool) and abs(a) > MAX_ARG:
            raise _Exhausted(f"argument {a} is too large (limit {MAX_ARG})")


def _bounded_iter(value: Any) -> Iterator[Any]:
    """Every `for` loop iterates through this (injected into the AST), one step per item."""
    for item in value:
        _tick()
        yield item


def _bounded_concat(parts: list[Any]) -> str:
    _tick()
    return _check_value("".join(str(p) for p in parts))


def _safe_range(*args: int) -> range:
    _check_args(args)
    r = range(*args)
    if len(r) > MAX_ITEMS:
        raise _Exhausted(f"range over {MAX_ITEMS} items")
    return r


def _money(value: Any) -> str:
    """199.0 -> 199, 99.5 -> 99.5: prices read aloud without a stray .0."""
    return format_price(float(value))


def format_price(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.2f}".rstrip("0").rstrip(".")


_FILTERS = (
    "upper", "lower", "title", "capitalize", "trim", "default", "d", "round", "int", "float",
    "join", "length", "count", "first", "last", "replace", "truncate", "abs", "string", "list",
    "sort", "unique", "min", "max", "sum", "reverse", "map", "select", "reject", "selectattr",
    "rejectattr",
)


def _guard_filter(fn: Callable[..., Any]) -> Callable[..., Any]:
    def guarded(*args: Any, **kwargs: Any) -> Any:
        _tick()
        _check_args(args[1:])
        _check_args(kwargs.values())
        return _check_value(fn(*args, **kwargs))

    guarded.jinja_pass_arg = getattr(fn, "jinja_pass_arg", None)  # type: ignore[attr-defined]
    return guarded


class PersonaEnvironment(ImmutableSandboxedEnvironment):
    """The sandbox: see the module docstring for what it bounds."""

    intercepted_binops = frozenset({"+", "-", "*", "/", "//", "%", "**"})

    def __init__(self) -> None:
        super().__init__(autoescape=False, undefined=StrictUndefined, keep_trailing_newline=False)
        self.globals.clear()
        self.globals["range"] = _safe_range
        kept = {name: _guard_filter(self.filters[name]) for name in _FILTERS}
        kept["money"] = _guard_filter(_money)
        kept["_vhost_iter"] = _bounded_iter
        kept["_vhost_concat"] = _bounded_concat
        self.filters = kept

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if attr.startswith("model_") or attr in {"mro", "format", "format_map"}:
            return False
        return super().is_safe_attribute(obj, attr, value)

    def is_safe_callable(self, obj: Any) -> bool:
        if obj is _safe_range:
            return True
        owner = getattr(obj, "__self__", None)
        name = getattr(obj, "__name__", "")
        if isinstance(owner, str):
            return name in _STR_METHODS
        if isinstance(owner, dict):
            return name in _DICT_METHODS
        if isinstance(owner, LoopContext):
            return name in _LOOP_METHODS
        return False

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        _tick()
        if not __self.is_safe_callable(__obj):
            raise SecurityError(f"calling '{getattr(__obj, '__name__', type(__obj).__name__)}' is not allowed in persona templates")
        _check_args(args)
        _check_args(kwargs.values())
        return _check_value(__context.call(__obj, *args, **kwargs))

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        _tick()
        if operator == "%" and isinstance(left, str):
            raise SecurityError("printf-style % formatting is not allowed in persona templates")
        if operator == "*":
            for seq, n in ((left, right), (right, left)):
                if isinstance(seq, (str, list, tuple)) and isinstance(n, int) and len(seq) * max(n, 0) > MAX_OUTPUT:
                    raise _Exhausted("template repeated a value too many times")
        if operator == "**" and (abs(_num(right)) > 64 or abs(_num(left)) > 10**6):
            raise _Exhausted("exponent too large")
        return _check_value(self.binop_table[operator](left, right))


def _num(v: Any) -> float:
    return float(v) if isinstance(v, (int, float)) else 0.0


_env = PersonaEnvironment()


def _harden(ast: nodes.Template) -> None:
    """Refuse syntax outside the whitelist and route loops and concatenation through the budget."""
    stack: list[nodes.Node] = [ast]
    while stack:
        node = stack.pop()
        if not isinstance(node, _ALLOWED_NODES):
            raise SecurityError(f"'{type(node).__name__}' is not allowed in persona templates")
        if isinstance(node, nodes.Name) and node.name == "self":
            raise SecurityError("'self' is not available in persona templates")
        if isinstance(node, nodes.For):
            if node.recursive:
                raise SecurityError("recursive loops are not allowed in persona templates")
            node.iter = nodes.Filter(node.iter, "_vhost_iter", [], [], None, None, lineno=node.lineno)
        if isinstance(node, nodes.Concat):
            node.nodes = [nodes.Filter(nodes.List(node.nodes, lineno=node.lineno), "_vhost_concat", [], [], None, None,
                                       lineno=node.lineno)]
        stack.extend(node.iter_child_nodes())


@lru_cache(maxsize=2048)
def _compile(source: str) -> Any:
    if len(source) > MAX_SOURCE:
        raise SecurityError(f"template longer than {MAX_SOURCE} characters")
    if "_vhost" in source:
        raise SecurityError("names starting with _vhost are reserved")
    ast = _env.parse(source)
    _harden(ast)
    code = _env.compile(ast)
    return _env.template_class.from_code(_env, code, _env.make_globals(None), None)


# template text -> "file:line:col" where it was written, filled by the loader (bounded)
_LOCATIONS: OrderedDict[str, str] = OrderedDict()
_MAX_LOCATIONS = 8192


def remember_location(template: str, where: str) -> None:
    _LOCATIONS[template] = where
    _LOCATIONS.move_to_end(template)
    while len(_LOCATIONS) > _MAX_LOCATIONS:
        _LOCATIONS.popitem(last=False)


def location_of(template: str) -> str | None:
    return _LOCATIONS.get(template)


def _fail(template: str, where: str | None, e: BaseException) -> TemplateError:
    at = where or location_of(template) or "<template>"
    line = getattr(e, "lineno", None)
    extra = f" (template line {line})" if isinstance(line, int) and line > 1 else ""
    msg = getattr(e, "message", None) or str(e) or type(e).__name__
    m = re.match(r"^'(?:[\w.]+\.)?(\w+) object' has no attribute '(\w+)'$", msg)
    if m:
        import difflib

        from vhost.persona import model

        cls = getattr(model, m.group(1), None)
        fields = list(getattr(cls, "model_fields", {}))
        close = difflib.get_close_matches(m.group(2), fields, n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        msg = f"{m.group(1).lower()} has no field '{m.group(2)}'{hint}"
    return TemplateError(f"{at}: template error: {msg}{extra}")


def check(template: str, *, where: str | None = None) -> None:
    """Compile only: raise TemplateError on syntax or sandbox refusals."""
    try:
        _compile(template)
    except (JinjaTemplateError, _Exhausted) as e:
        raise _fail(template, where, e) from None


def render(template: str, variables: dict[str, Any], *, where: str | None = None) -> str:
    """Render one persona line; TemplateError (a ConfigError) names the file:line:col it came from."""
    if "{" not in template:
        return template
    token = _budget.set(_Budget())
    try:
        tpl = _compile(template)
        out: list[str] = []
        size = 0
        for chunk in tpl.generate(**variables):
            size += len(chunk)
            if size > MAX_OUTPUT:
                raise _Exhausted(f"template output over {MAX_OUTPUT} characters")
            out.append(chunk)
        return "".join(out).strip()
    except (JinjaTemplateError, _Exhausted, TypeError, ValueError, ArithmeticError, AttributeError, LookupError,
            RecursionError) as e:
        raise _fail(template, where, e) from None
    finally:
        _budget.reset(token)
