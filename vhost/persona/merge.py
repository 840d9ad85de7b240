"""`extends:` and `compliance.include:`: how persona files share lists and products.

Merge rules (also in the schema descriptions): mappings merge key by key, the child winning;
lists are replaced by the child's, except `products` and `replies`, which merge by `id`
(a child product overrides the keys it sets of the parent product with the same id, a child
reply rule replaces the parent rule with its id; new ids are appended), and
`compliance.banned` / `compliance.include`, which are unions, so a child can never drop a
banned term it inherited. Paths are relative to the file that writes them.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from vhost.persona.source import LMap, LSeq, Mark, SourceError, read_yaml

MAX_DEPTH = 8
MAX_FILES = 64  # a diamond of extends could otherwise read the same files exponentially often
UNION_LISTS = {("compliance", "banned"), ("compliance", "include")}


def shown_path(p: Path) -> str:
    """The path as the user should see it: relative to the working directory when inside it."""
    try:
        rel = os.path.relpath(p)
    except ValueError:
        return str(p)
    return str(p) if rel.startswith("..") else rel


def _by_id(base: LSeq, over: LSeq, shallow: bool) -> LSeq:
    out = LSeq(over.mark)
    index: dict[Any, int] = {}
    for item, mark in zip(base, base.marks, strict=True):
        if isinstance(item, LMap) and isinstance(item.get("id"), str):
            index[item["id"]] = len(out)
        out.add(item, mark)
    for item, mark in zip(over, over.marks, strict=True):
        pid = item.get("id") if isinstance(item, LMap) else None
        if isinstance(pid, str) and pid in index:
            i = index[pid]
            old = out[i]
            if shallow and isinstance(old, LMap):
                merged = LMap(item.mark)
                for k in old:
                    merged.put(k, old[k], old.key_marks[k], old.val_marks[k])
                for k in item:
                    merged.put(k, item[k], item.key_marks[k], item.val_marks[k])
                item = merged
            out[i] = item
            out.marks[i] = mark
        else:
            if isinstance(pid, str):
                index[pid] = len(out)
            out.add(item, mark)
    return out


def merge(base: Any, over: Any, path: tuple[str, ...] = ()) -> Any:
    """The child `over` laid on the parent `base` by the rules in the module docstring."""
    if isinstance(base, LMap) and isinstance(over, LMap):
        out = LMap(over.mark)
        for k in base:
            out.put(k, base[k], base.key_marks[k], base.val_marks[k])
        for k in over:
            v = merge(base[k], over[k], (*path, str(k))) if k in base else over[k]
            out.put(k, v, over.key_marks[k], over.val_marks[k])
        return out
    if isinstance(base, LSeq) and isinstance(over, LSeq):
        if path in UNION_LISTS:
            union = LSeq(over.mark)
            seen: set[Any] = set()
            for item, mark in [*zip(base, base.marks, strict=True), *zip(over, over.marks, strict=True)]:
                key = item if isinstance(item, (str, int, float)) else id(item)
                if key not in seen:
                    seen.add(key)
                    union.add(item, mark)
            return union
        if path == ("products",):
            return _by_id(base, over, shallow=True)
        if path == ("replies",):
            return _by_id(base, over, shallow=False)
    return over


def _as_list(value: Any, mark: Mark) -> LSeq:
    if isinstance(value, LSeq):
        return value
    seq = LSeq(mark)
    if value is not None:
        seq.add(value, mark)
    return seq


def _includes(tree: LMap, base_dir: Path, problems: list[str], files: list[Path]) -> None:
    """Resolve compliance.include paths against the file that writes them, so they work from any cwd."""
    comp = tree.get("compliance")
    if not isinstance(comp, LMap) or "include" not in comp:
        return
    inc = _as_list(comp["include"], comp.val_marks["include"])
    resolved = LSeq(inc.mark)
    for item, mark in zip(inc, inc.marks, strict=True):
        if not isinstance(item, str):
            resolved.add(item, mark)  # the schema reports the wrong type
            continue
        p = (base_dir / item).resolve()
        resolved.add(str(p), mark)
        files.append(p)
        if not p.is_file():
            problems.append(f"{mark}: compliance.include '{item}': file not found "
                            f"(paths are relative to {shown_path(base_dir) or '.'}/)")
    comp.put("include", resolved, comp.key_marks["include"], inc.mark)


def resolve(path: Path, problems: list[str], files: list[Path], stack: tuple[Path, ...] = ()) -> LMap | None:
    """Read `path` and everything it extends, merged; problems are appended, never raised."""
    path = path.resolve()
    if len(files) >= MAX_FILES:
        problems.append(f"{shown_path(path)}:1:1: more than {MAX_FILES} files read through extends and include")
        return None
    files.append(path)
    try:
        tree = read_yaml(path, shown_path(path))
    except SourceError as e:
        problems.extend(e.problems)
        return None
    _includes(tree, path.parent, problems, files)
    if "extends" not in tree:
        return tree
    ext = _as_list(tree["extends"], tree.val_marks["extends"])
    tree.put("extends", ext, tree.key_marks["extends"], ext.mark)
    merged: LMap | None = None
    for rel, mark in zip(ext, ext.marks, strict=True):
        if not isinstance(rel, str):
            problems.append(f"{mark}: extends: expected a file path, got {rel!r}")
            continue
        parent = (path.parent / rel).resolve()
        if parent in stack or parent == path:
            chain = " -> ".join(shown_path(p) for p in (*stack, path, parent))
            problems.append(f"{mark}: extends cycle: {chain}")
            continue
        if len(stack) >= MAX_DEPTH:
            problems.append(f"{mark}: extends nested deeper than {MAX_DEPTH} files")
            continue
        if not parent.exists():
            files.append(parent)  # watched, so creating it triggers a reload
            problems.append(f"{mark}: extends '{rel}': file not found (paths are relative to {shown_path(path.parent)}/)")
            continue
        ptree = resolve(parent, problems, files, (*stack, path))
        if ptree is not None:
            merged = ptree if merged is None else merge(merged, ptree)
    return tree if merged is None else merge(merged, tree)
