"""Bounded reading of one persona YAML file into a tree that remembers where every value was written.

Hostile or careless input (a 10 MB paste, an alias bomb, tabs, GBK bytes) must fail fast with
a line-numbered message, so the file is size-checked before parsing, aliases are counted while
composing, and the expanded size is computed on the shared node graph before anything is built.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

MAX_BYTES = 1 << 20  # 1 MiB
MAX_ALIASES = 32
MAX_NODES = 50_000  # nodes after alias expansion
MAX_TERMS_FILE_LINES = 20_000
_PLAIN_TAGS = frozenset(f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map"))


@dataclass(frozen=True, slots=True)
class Mark:
    file: str
    line: int  # 1-based
    col: int  # 1-based

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}"


class LMap(dict[Any, Any]):
    """A mapping with the marks of its keys and values."""

    def __init__(self, mark: Mark) -> None:
        super().__init__()
        self.mark = mark
        self.key_marks: dict[Any, Mark] = {}
        self.val_marks: dict[Any, Mark] = {}

    def put(self, key: Any, value: Any, key_mark: Mark, val_mark: Mark) -> None:
        self[key] = value
        self.key_marks[key] = key_mark
        self.val_marks[key] = val_mark


class LSeq(list[Any]):
    """A sequence with the mark of each item."""

    def __init__(self, mark: Mark) -> None:
        super().__init__()
        self.mark = mark
        self.marks: list[Mark] = []

    def add(self, value: Any, mark: Mark) -> None:
        self.append(value)
        self.marks.append(mark)


class SourceError(Exception):
    """Problems that stop one file from being read at all; each is 'file:line:col: message'."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__(problems[0] if problems else "unreadable persona file")


def plain(value: Any) -> Any:
    """Drop the marks: plain dicts and lists for validation and JSON."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def read_text(path: Path, shown: str) -> str:
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise SourceError([f"{shown}:1:1: file is {size:,} bytes, over the {MAX_BYTES:,}-byte limit for a persona file"])
        with path.open("rb") as f:
            data = f.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise SourceError([f"{shown}:1:1: file not found"]) from None
    except IsADirectoryError:
        raise SourceError([f"{shown}:1:1: is a directory, not a persona file"]) from None
    except OSError as e:
        raise SourceError([f"{shown}:1:1: cannot read: {e.strerror or e}"]) from None
    if len(data) > MAX_BYTES:
        raise SourceError([f"{shown}:1:1: file is over the {MAX_BYTES:,}-byte limit for a persona file"])
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        col = e.start - (data.rfind(b"\n", 0, e.start) + 1) + 1
        raise SourceError([
            f"{shown}:{line}:{col}: not valid UTF-8 (byte 0x{data[e.start]:02x} at offset {e.start}); "
            "the file looks like GBK/Big5 or another legacy encoding: save it as UTF-8"
        ]) from None
    if "\x00" in text:
        raise SourceError([f"{shown}:1:1: file contains NUL bytes; it is not a text file (save it as UTF-8 text)"])
    return text


def _tab_problems(text: str, shown: str) -> list[str]:
    out = []
    for n, line in enumerate(text.splitlines(), 1):
        lead = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in lead and line.strip():
            out.append(f"{shown}:{n}:{lead.index(chr(9)) + 1}: tab in indentation; YAML indents with spaces only")
    return out


class _Bounded(yaml.SafeLoader):
    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.alias_count = 0

    def compose_node(self, parent: Node | None, index: Any) -> Node:
        if self.check_event(yaml.AliasEvent):
            self.alias_count += 1
            if self.alias_count > MAX_ALIASES:
                m = self.peek_event().start_mark
                raise _Refused(m, f"more than {MAX_ALIASES} YAML aliases (*name); write the values out instead")
        return super().compose_node(parent, index)  # type: ignore[no-any-return,return-value]


class _Refused(Exception):
    def __init__(self, mark: Any, message: str) -> None:
        self.mark = mark
        self.message = message


def _expanded_size(root: Node) -> None:
    """Count nodes as if every alias were expanded, on the shared graph (memoised), so a bomb never expands."""
    memo: dict[int, int] = {}
    active: set[int] = set()

    def size(node: Node) -> int:
        key = id(node)
        if key in memo:
            return memo[key]
        if key in active:
            raise _Refused(node.start_mark, "recursive YAML alias (a value that contains itself)")
        active.add(key)
        total = 1
        if isinstance(node, SequenceNode):
            for child in node.value:
                total += size(child)
                if total > MAX_NODES:
                    break
        elif isinstance(node, MappingNode):
            for k, v in node.value:
                total += size(k) + size(v)
                if total > MAX_NODES:
                    break
        active.discard(key)
        if total > MAX_NODES:
            raise _Refused(node.start_mark, f"YAML aliases expand to over {MAX_NODES:,} values (an alias bomb?)")
        memo[key] = total
        return total

    size(root)


def read_yaml(path: Path, shown: str) -> LMap:
    """Read one file into an LMap; SourceError carries every problem found."""
    text = read_text(path, shown)
    tabs = _tab_problems(text, shown)
    if tabs:
        raise SourceError(tabs)
    loader = _Bounded(text)
    try:
        root = loader.get_single_node()
        if root is not None:
            _expanded_size(root)
    except _Refused as e:
        raise SourceError([f"{shown}:{e.mark.line + 1}:{e.mark.column + 1}: {e.message}"]) from None
    except yaml.MarkedYAMLError as e:
        m = e.problem_mark or e.context_mark
        where = f"{shown}:{m.line + 1}:{m.column + 1}" if m else f"{shown}:1:1"
        what = e.problem or e.context or "invalid YAML"
        if e.context and e.problem:
            what = f"{e.problem} ({e.context})"
        raise SourceError([f"{where}: {what}"]) from None
    except yaml.YAMLError as e:
        raise SourceError([f"{shown}:1:1: invalid YAML: {e}"]) from None
    except RecursionError:
        raise SourceError([f"{shown}:1:1: values nested too deeply (hundreds of levels of [ or {{)"]) from None
    finally:
        loader.dispose()
    if root is None:
        return LMap(Mark(shown, 1, 1))
    if not isinstance(root, MappingNode):
        raise SourceError([f"{shown}:{root.start_mark.line + 1}:{root.start_mark.column + 1}: "
                           "a persona file is a mapping of keys (id:, identity:, ...) at the top level"])
    problems: list[str] = []
    try:
        tree = _build(root, loader, shown, problems)
    except RecursionError:
        raise SourceError([f"{shown}:1:1: values nested too deeply (hundreds of levels of [ or {{)"]) from None
    if problems:
        raise SourceError(problems)
    assert isinstance(tree, LMap)
    return tree


def _mark(node: Node, shown: str) -> Mark:
    return Mark(shown, node.start_mark.line + 1, node.start_mark.column + 1)


def _build(node: Node, loader: _Bounded, shown: str, problems: list[str]) -> Any:
    if node.tag not in _PLAIN_TAGS and not (isinstance(node, MappingNode) and node.tag == "tag:yaml.org,2002:merge"):
        problems.append(f"{_mark(node, shown)}: YAML tag '{node.tag.replace('tag:yaml.org,2002:', '!!')}' is not allowed "
                        "in a persona file (plain text, numbers, lists and mappings only)")
        return None
    if isinstance(node, ScalarNode):
        try:
            return loader.construct_object(node)
        except yaml.YAMLError as e:
            problems.append(f"{_mark(node, shown)}: {getattr(e, 'problem', None) or e}")
            return None
    if isinstance(node, SequenceNode):
        seq = LSeq(_mark(node, shown))
        for child in node.value:
            seq.add(_build(child, loader, shown, problems), _mark(child, shown))
        return seq
    assert isinstance(node, MappingNode)
    out = LMap(_mark(node, shown))
    merged: list[tuple[Node, Node]] = []
    for k, v in node.value:
        if k.tag == "tag:yaml.org,2002:merge":
            sources = v.value if isinstance(v, SequenceNode) else [v]
            for src in sources:
                if isinstance(src, MappingNode):
                    merged.extend(src.value)
                else:
                    problems.append(f"{_mark(src, shown)}: '<<' merges only mappings")
    explicit = [(k, v) for k, v in node.value if k.tag != "tag:yaml.org,2002:merge"]
    for k, v in merged:
        key = _build(k, loader, shown, problems)
        if isinstance(key, (str, int, float, bool)) and key not in out:
            out.put(key, _build(v, loader, shown, problems), _mark(k, shown), _mark(v, shown))
    seen: dict[Any, Mark] = {}
    for k, v in explicit:
        key = _build(k, loader, shown, problems)
        km = _mark(k, shown)
        if not isinstance(key, (str, int, float, bool)) or isinstance(k, (MappingNode, SequenceNode)):
            problems.append(f"{km}: keys must be plain text")
            continue
        if key in seen:
            problems.append(f"{km}: duplicate key '{key}' (first written at line {seen[key].line})")
            continue
        seen[key] = km
        out.put(key, _build(v, loader, shown, problems), km, _mark(v, shown))
    return out


def read_terms(path: Path, shown: str) -> LSeq:
    """A list file (one term a line; lines starting with '#' are comments) as an LSeq marked by line."""
    text = read_text(path, shown)
    seq = LSeq(Mark(shown, 1, 1))
    for n, raw in enumerate(text.splitlines()[:MAX_TERMS_FILE_LINES], 1):
        term = "" if raw.lstrip().startswith("#") else raw.strip()
        if term:
            seq.add(term, Mark(shown, n, len(raw) - len(raw.lstrip()) + 1))
    return seq
