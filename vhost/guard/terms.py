"""Banned-term matching that survives the usual dodges: script, width, separators, pinyin.

Terms are folded once at construction into one alternation regex; allowed compounds
(最近, 第一次) are matched the same way and excuse any banned hit that lies inside them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from pypinyin import Style, lazy_pinyin

from vhost.errors import ConfigError
from vhost.text.fold import fold, has_cjk

_ASCII_WORD = re.compile(r"^[\x00-\x7f]+$")
_LATIN = re.compile(r"[a-z]")


@dataclass(frozen=True)
class TermList:
    banned: tuple[str, ...]
    allowed: tuple[str, ...]


def parse_terms(lines: Iterable[str], source: str = "") -> TermList:
    """One term a line; `#` comments; `!term` marks an allowed compound."""
    banned: list[str] = []
    allowed: list[str] = []
    for raw in lines:
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("!"):
            if line[1:].strip():
                allowed.append(line[1:].strip())
        else:
            banned.append(line)
    return TermList(tuple(banned), tuple(allowed))


def load_terms(path: Path) -> TermList:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ConfigError(f"{path}: banned-terms file not found", fix="fix compliance.include in the persona") from None
    except (OSError, UnicodeDecodeError) as e:
        raise ConfigError(f"{path}: cannot read banned-terms file: {e}") from None
    return parse_terms(text.splitlines(), str(path))


def _alternation(terms: Iterable[str]) -> re.Pattern[str] | None:
    uniq = sorted({t for t in terms if t}, key=len, reverse=True)
    if not uniq:
        return None
    return re.compile("|".join(re.escape(t) for t in uniq))


def _en_key(term: str) -> str:
    return " ".join(w for w in re.split(r"[\s-]+", term.lower()) if w)


def _en_regex(terms: Iterable[str]) -> re.Pattern[str]:
    parts = []
    for t in sorted(terms, key=len, reverse=True):
        body = r"[\s-]+".join(re.escape(w) for w in re.split(r"[\s-]+", t))
        parts.append(r"(?<![a-z0-9])" + body + r"(?![a-z0-9])")
    return re.compile("|".join(parts))


def _pinyin_items(folded: str) -> list[str]:
    items = lazy_pinyin(folded, style=Style.NORMAL, errors=lambda s: list(s))  # type: ignore[arg-type,return-value]
    return items if len(items) == len(folded) else []


class TermMatcher:
    """Finds banned terms in a sentence; returns the original (unfolded) term names."""

    def __init__(self, terms: TermList) -> None:
        self._cjk_names: dict[str, str] = {}
        en: dict[str, str] = {}
        for term in terms.banned:
            if _ASCII_WORD.match(term) and not has_cjk(term):
                en.setdefault(_en_key(term), term)
            else:
                self._cjk_names.setdefault(fold(term), term)
        allowed_f = [fold(a) for a in terms.allowed if has_cjk(a)]
        self._cjk = _alternation(self._cjk_names)
        self._allow = _alternation(allowed_f)
        self._en_names = en
        self._en = _en_regex(en) if en else None
        # pinyin only for multi-character terms that no allowed compound contains, so
        # 第一 (inside 第一次) never fires on diyici; and only spans that hold a Latin letter
        self._py_names: dict[str, str] = {}
        for f, name in self._cjk_names.items():
            if len(f) >= 2 and has_cjk(f) and not any(f in a for a in allowed_f):
                key = "".join(lazy_pinyin(f, style=Style.NORMAL))
                if len(key) >= 4:
                    self._py_names.setdefault(key, name)
        self._py = _alternation(self._py_names)

    def find(self, text: str) -> list[str]:
        hits: list[str] = []
        folded = fold(text)
        if self._cjk is not None and folded:
            spans = [m.span() for m in self._allow.finditer(folded)] if self._allow else []
            for m in self._cjk.finditer(folded):
                s, e = m.span()
                if any(a <= s and e <= b for a, b in spans):
                    continue
                hits.append(self._cjk_names[m.group()])
        if self._en is not None:
            low = " ".join(text.lower().split())
            for m in self._en.finditer(low):
                hits.append(self._en_names.get(_en_key(m.group()), m.group()))
        if self._py is not None and _LATIN.search(folded):
            hits.extend(self._pinyin_hits(folded))
        return hits

    def _pinyin_hits(self, folded: str) -> list[str]:
        items = _pinyin_items(folded)
        if not items:
            return []
        owner: list[int] = []
        for i, item in enumerate(items):
            owner.extend([i] * len(item))
        joined = "".join(items)
        assert self._py is not None
        out: list[str] = []
        for m in self._py.finditer(joined):
            s, e = m.span()
            if s >= len(owner) or e - 1 >= len(owner):
                continue
            chars = range(owner[s], owner[e - 1] + 1)
            # a real dodge mixes Latin letters in; pure CJK homophones (用久 for 永久) are fine
            if any(_LATIN.match(folded[c]) for c in chars):
                out.append(self._py_names[m.group()])
        return out
