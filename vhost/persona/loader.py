"""Load a persona file (and what it extends) into the validated model, with compiler-style errors.

Every problem is reported as `file:line:col: message`, several per run: pydantic error
locations are walked back through the marked YAML tree, unknown keys get a did-you-mean,
and product references are resolved. `load_persona` raises one PersonaError carrying them
all; `load_report` never raises for a bad file (lint and the hot-reload watcher use it).
"""

from __future__ import annotations

import difflib
import re
import types
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError

from vhost.errors import ConfigError
from vhost.persona.merge import resolve, shown_path
from vhost.persona.model import Persona, Product
from vhost.persona.source import LMap, LSeq, Mark, plain
from vhost.persona.templates import remember_location

Loc = tuple[str | int, ...]


class PersonaError(ConfigError):
    """A persona file has problems; `problems` holds every `file:line:col: message`."""

    def __init__(self, problems: list[str], path: str) -> None:
        self.problems = problems
        more = f" (and {len(problems) - 1} more: run `vhost persona lint {path}`)" if len(problems) > 1 else ""
        super().__init__(problems[0] + more)


@dataclass
class LoadReport:
    path: Path
    persona: Persona | None
    problems: list[str]
    files: list[Path] = field(default_factory=list)  # every file read, for the watcher
    tree: LMap | None = None

    def where(self, loc: Loc, *, key: bool = False) -> str:
        return str(mark_at(self.tree, loc, key=key)) if self.tree is not None else shown_path(self.path)

    @property
    def ok(self) -> bool:
        return self.persona is not None and not self.problems


def mark_at(tree: Any, loc: Loc, *, key: bool = False) -> Mark:
    """The mark of the value at `loc` (or of its key); parts pydantic adds (union members) are skipped."""
    node = tree
    mark: Mark = tree.mark
    for i, part in enumerate(loc):
        last = i == len(loc) - 1
        if isinstance(node, LMap) and part in node:
            mark = node.key_marks[part] if (key and last) else node.val_marks[part]
            node = node[part]
        elif isinstance(node, LSeq) and isinstance(part, int) and 0 <= part < len(node):
            mark = node.marks[part]
            node = node[part]
    return mark


def _child(node: Any, part: str | int) -> tuple[bool, Any]:
    if isinstance(node, LMap) and part in node:
        return True, node[part]
    if isinstance(node, LSeq) and isinstance(part, int) and 0 <= part < len(node):
        return True, node[part]
    return False, None


def _walked(tree: Any, loc: Loc) -> list[str | int]:
    """The parts of `loc` that name real places in the tree (for a readable dotted path)."""
    node: Any = tree
    out: list[str | int] = []
    for part in loc:
        found, child = _child(node, part)
        if found:
            out.append(part)
            node = child
        elif isinstance(part, str) and not re.search(r"[\[\](),]", part) and part not in {"list", "dict", "str", "int", "float"}:
            out.append(part)  # a missing key: still worth naming
            node = None
    return out


def dotted(parts: list[str | int]) -> str:
    s = ""
    for p in parts:
        s += f"[{p}]" if isinstance(p, int) else (f".{p}" if s else str(p))
    return s


def _model_of(tp: Any) -> type[BaseModel] | None:
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return tp
    if get_origin(tp) in (Union, types.UnionType):
        for a in get_args(tp):
            m = _model_of(a)
            if m is not None:
                return m
    return None


def _step(tp: Any, part: str | int) -> Any:
    m = _model_of(tp)
    if m is not None:
        f = m.model_fields.get(part) if isinstance(part, str) else None
        return f.annotation if f is not None else None
    origin = get_origin(tp)
    args = get_args(tp)
    if origin in (Union, types.UnionType):
        for a in args:
            s = _step(a, part)
            if s is not None:
                return s
    if origin in (list, tuple) and args and isinstance(part, int):
        return args[0]
    if origin is dict and len(args) == 2:
        return args[1]
    return None


def _known_keys(parts: list[str | int]) -> list[str]:
    tp: Any = Persona
    for p in parts:
        tp = _step(tp, p)
        if tp is None:
            return []
    m = _model_of(tp)
    return list(m.model_fields) if m else []


def did_you_mean(word: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else (f" (known: {', '.join(choices)})" if choices else "")


def _short(v: Any) -> str:
    r = repr(v)
    return r if len(r) <= 40 else r[:37] + "..."


def _schema_problems(tree: LMap, err: ValidationError) -> list[str]:
    out: list[tuple[Mark, str]] = []
    for e in err.errors(include_url=False):
        loc: Loc = tuple(e["loc"])
        parts = _walked(tree, loc)
        kind = e["type"]
        if kind == "extra_forbidden":
            parent, name = parts[:-1], str(parts[-1]) if parts else "?"
            where = f" in {dotted(parent)}" if parent else ""
            msg = f"unknown key '{name}'{where}{did_you_mean(name, _known_keys(parent))}"
            if " " in name.strip():
                msg += "; a ', ' inside {...} splits the text: put it in quotes"
            out.append((mark_at(tree, loc, key=True), msg))
            continue
        if kind == "missing":
            parent, name = parts[:-1], str(parts[-1]) if parts else "?"
            where = f" in {dotted(parent)}" if parent else ""
            out.append((mark_at(tree, loc), f"missing required key '{name}'{where}"))
            continue
        msg = str(e["msg"]).removeprefix("Value error, ")
        got = e.get("input")
        if kind.endswith(("_type", "_parsing")) or kind in {"literal_error", "string_pattern_mismatch"}:
            msg += f" (got {_short(got)})"
        if kind == "string_type" and isinstance(got, dict):
            msg += "; a ': ' inside unquoted text starts a mapping: put the text in quotes"
        label = dotted(parts)
        out.append((mark_at(tree, loc), f"{label}: {msg}" if label else msg))
    seen: set[str] = set()
    lines = []
    for m, msg in sorted(out, key=lambda x: (x[0].file, x[0].line, x[0].col)):
        line = f"{m}: {msg}"
        if line not in seen:
            seen.add(line)
            lines.append(line)
    return lines


def _items(data: Any, *keys: str) -> list[Any]:
    for k in keys:
        data = data.get(k) if isinstance(data, dict) else None
    return data if isinstance(data, list) else []


def reference_problems(data: dict[str, Any], where: Any) -> list[str]:
    """Dangling or duplicate ids (a rundown that pitches a product the sheet lacks), on the raw data.

    Works on unvalidated data so these are reported together with schema problems.
    """
    out: list[str] = []

    def ids_of(items: list[Any]) -> list[Any]:
        return [x.get("id") if isinstance(x, dict) else None for x in items]

    products = ids_of(_items(data, "products"))
    known = list(dict.fromkeys(x for x in products if isinstance(x, str)))

    def dup(kind: str, values: list[Any], base: Loc) -> None:
        seen: set[str] = set()
        for i, v in enumerate(values):
            if isinstance(v, str) and v in seen:
                out.append(f"{where((*base, i, 'id'))}: duplicate {kind} id '{v}'")
            if isinstance(v, str):
                seen.add(v)

    dup("product", products, ("products",))
    dup("segment", ids_of(_items(data, "rundown", "segments")), ("rundown", "segments"))
    dup("reply rule", ids_of(_items(data, "replies")), ("replies",))

    for base in (("rundown", "segments"), ("replies",)):
        for i, item in enumerate(_items(data, *base)):
            pid = item.get("product") if isinstance(item, dict) else None
            if isinstance(pid, str) and pid not in known:
                out.append(f"{where((*base, i, 'product'))}: unknown product '{pid}'{did_you_mean(pid, known)}")
    return out


def _remember_templates(node: Any) -> None:
    if isinstance(node, LMap):
        for k, v in node.items():
            if isinstance(v, str) and "{" in v:
                remember_location(v, str(node.val_marks[k]))
            else:
                _remember_templates(v)
    elif isinstance(node, LSeq):
        for v, m in zip(node, node.marks, strict=True):
            if isinstance(v, str) and "{" in v:
                remember_location(v, str(m))
            else:
                _remember_templates(v)


def _position(problem: str) -> tuple[str, int, int]:
    m = re.match(r"^(.*?):(\d+):(\d+): ", problem)
    return (m.group(1), int(m.group(2)), int(m.group(3))) if m else (problem, 0, 0)


def edition_problems(persona: Persona, lang: str, edition: Persona, where: str) -> list[str]:
    """An edition is the same IP in another language: same products, same prices, stock and promos."""
    out: list[str] = []
    mine = {p.id: p for p in persona.products}
    theirs = {p.id: p for p in edition.products}
    for pid in sorted(set(mine) ^ set(theirs)):
        side = "the edition" if pid in mine else "this persona"
        out.append(f"{where}: edition {lang}: product '{pid}' is missing from {side}")
    for pid in sorted(set(mine) & set(theirs)):
        a, b = mine[pid], theirs[pid]
        if (a.price, a.stock, a.promo) != (b.price, b.stock, b.promo):
            out.append(f"{where}: edition {lang}: product '{pid}' has another price, stock or promo than this persona")
        if _play_figures(a) != _play_figures(b):
            out.append(f"{where}: edition {lang}: product '{pid}' has another bargain ladder or flash sale than this persona")
    if lang not in edition.identity.languages:
        out.append(f"{where}: edition {lang}: the edition's identity.languages does not list {lang}")
    if persona.timezone != edition.timezone:  # the same promo window would open at another hour in another language
        theirs_tz, mine_tz = (z or "the machine's" for z in (edition.timezone, persona.timezone))
        out.append(f"{where}: edition {lang}: timezone {theirs_tz} is not this persona's ({mine_tz})")
    return out


def _play_figures(p: Product) -> tuple[object, ...]:
    """The prices, goals and units of a product's plays (their wording may differ by language)."""
    ladder = tuple((s.price, s.goal) for s in p.bargain.steps) if p.bargain else None
    flash = (p.flash.price, p.flash.stock, p.flash.window_s) if p.flash else None
    return ladder, flash


def _attach_editions(report: LoadReport, persona: Persona) -> None:
    loaded: dict[str, Persona] = {}
    for lang, rel in persona.editions.items():
        where = report.where(("editions", lang))
        mark = mark_at(report.tree, ("editions", lang)) if report.tree is not None else None
        # relative to the file that names the edition (a persona extending this one may live elsewhere)
        base = Path(mark.file).parent if mark is not None and mark.file else report.path.parent
        if not (base / rel).exists() and (report.path.parent / rel).exists():
            base = report.path.parent
        sub = load_report(base / rel, editions=False)
        report.files.extend(f for f in sub.files if f not in report.files)
        if sub.persona is None:
            report.problems.extend(sub.problems or [f"{where}: edition {lang}: {rel} could not be loaded"])
            continue
        report.problems.extend(sub.problems)
        report.problems.extend(edition_problems(persona, lang, sub.persona, where))
        loaded[lang] = sub.persona
    persona.attach_editions(loaded)


def load_report(path: str | Path, *, editions: bool = True) -> LoadReport:
    """Load and validate; every problem is collected, nothing expected is raised."""
    p = Path(path)
    problems: list[str] = []
    files: list[Path] = []
    tree = resolve(p, problems, files)
    problems[:] = dict.fromkeys(problems)  # a file reached twice through extends reports once
    report = LoadReport(path=p, persona=None, problems=problems, files=files, tree=tree)
    if tree is None or problems:
        return report
    data = plain(tree)
    persona: Persona | None = None
    try:
        persona = Persona.model_validate(data)
    except ValidationError as e:
        problems.extend(_schema_problems(tree, e))
    problems.extend(reference_problems(data, report.where))
    if persona is not None and editions and persona.editions:
        _attach_editions(report, persona)
    problems[:] = sorted(dict.fromkeys(problems), key=_position)
    if not problems and persona is not None:
        report.persona = persona
        _remember_templates(tree)
    return report


def load_persona(path: str | Path) -> Persona:
    """The validated persona, or a PersonaError (a ConfigError) listing every problem."""
    report = load_report(path)
    if report.persona is None:
        if not report.problems:
            report.problems.append(f"{shown_path(Path(path))}:1:1: persona could not be loaded")
        raise PersonaError(report.problems, shown_path(Path(path)))
    return report.persona
