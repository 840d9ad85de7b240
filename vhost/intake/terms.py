"""Term matching over folded views of chat, so 傻逼, 儍逼, ＳＨＡ逼, 煞-逼 and sha bi are one term.

Three views of one message, each built once and cached:
- folded: NFKC, lower case, Simplified, separators removed (CJK terms match as substrings);
- words: the same with separators kept and spelled-out letters joined ("f u c k" -> "fuck"),
  where Latin terms match as whole words (so "class" never matches "ass");
- syllables: "|sha|bi|" (toneless pinyin per CJK character, Latin runs as one token), where
  CJK terms opted into homophone matching match on syllable boundaries.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from pypinyin import Style, lazy_pinyin

from vhost.errors import ConfigError
from vhost.intake.folding import fold
from vhost.text.fold import TEXT_CACHE, has_cjk

_CJK_CHAR = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_SPELLED = re.compile(r"\b([a-z0-9])[\s.\-_*·•,|/\\~]+(?=[a-z0-9]\b)")
_SPACES = re.compile(r"\s+")
_TOKEN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\x00]|[a-z0-9]+")  # \x00: a masked compound


@dataclass(frozen=True, slots=True)
class Term:
    text: str
    where: str  # "chat_blocklist.txt:12" or "compliance.banned[3]": named in the ledger reason
    category: str  # blocklist | spam | persona banned | taboo topic | allowed (a compound that excuses a hit)
    homophones: bool = False


@functools.lru_cache(maxsize=32768)
def _char_syllable(ch: str) -> str:
    return lazy_pinyin(ch, style=Style.NORMAL)[0]


@functools.lru_cache(maxsize=TEXT_CACHE)
def words_view(text: str) -> str:
    return _SPELLED.sub(r"\1", _SPACES.sub(" ", fold(text, keep_separators=True)))


@functools.lru_cache(maxsize=TEXT_CACHE)
def syllables(text: str) -> str:
    """'|sha|bi|' for '傻逼', '|shabi|' for 'SHA BI': per-character readings, context-free on purpose."""
    toks = [_char_syllable(t) if len(t) == 1 and _CJK_CHAR.match(t) else t for t in _TOKEN.findall(fold(text))]
    return "|" + "|".join(toks) + "|" if toks else ""


def read_term_file(path: Path, category: str, *, allowed_only: bool = False) -> list[Term]:
    """'#' comments; '~term' also matches homophones; '!term' is an allowed compound (最近 excuses 最)."""
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except OSError as e:
        raise ConfigError(f"{path}: cannot read chat term list: {e.strerror}", fix="check IntakeConfig.lists") from None
    out: list[Term] = []
    for n, line in enumerate(lines, 1):
        term = line.split("#", 1)[0].strip()
        if not term:
            continue
        if term.startswith("!"):
            if term[1:].strip():
                out.append(Term(term[1:].strip(), f"{path.name}:{n}", "allowed"))
            continue
        if allowed_only:
            continue
        homo = term.startswith("~")
        term = term.lstrip("~").strip()
        if term:
            out.append(Term(term, f"{path.name}:{n}", category, homo))
    return out


class TermMatcher:
    """One compiled alternation per view; finds the first term a message contains."""

    def __init__(self, terms: Iterable[Term], *, pinyin_min_syllables: int = 3) -> None:
        self._by_key: dict[tuple[str, str], Term] = {}
        cjk: list[str] = []
        latin: list[str] = []
        sylls: list[str] = []
        allowed: list[str] = []
        for t in terms:
            f = fold(t.text)
            if not f:
                continue
            if t.category == "allowed":
                allowed.append(f)
            elif has_cjk(f):
                self._by_key.setdefault(("c", f), t)
                cjk.append(f)
                s = syllables(f)
                n = s.count("|") - 1
                if n >= 2 and (t.homophones or n >= pinyin_min_syllables):
                    joined = "|" + s.strip("|").replace("|", "") + "|"
                    for key in (s, joined):
                        self._by_key.setdefault(("s", key), t)
                        sylls.append(key)
            else:
                w = words_view(t.text)
                self._by_key.setdefault(("w", w), t)
                latin.append(w)
        self._cjk = self._alt(cjk)
        self._latin = self._alt(latin, word=True)
        self._syll = self._alt(sylls)
        self._allowed = self._alt(allowed)
        self.size = len(self._by_key)

    @staticmethod
    def _alt(items: list[str], *, word: bool = False) -> re.Pattern[str] | None:
        if not items:
            return None
        body = "|".join(re.escape(x) for x in sorted(set(items), key=len, reverse=True))
        return re.compile(rf"(?<![a-z0-9])(?:{body})(?![a-z0-9])" if word else f"(?:{body})")

    def find(self, text: str) -> tuple[Term, str] | None:
        """The matched term and how ("folded", "word", "pinyin"), or None."""
        folded = fold(text)
        if self._allowed is not None:
            folded = self._allowed.sub("\x00", folded)
        if self._cjk is not None and (m := self._cjk.search(folded)):
            return self._by_key[("c", m.group())], "folded"
        if self._latin is not None and (m := self._latin.search(words_view(text))):
            return self._by_key[("w", m.group())], "word"
        if self._syll is not None:
            s = syllables(folded)
            if s and (m := self._syll.search(s)):
                return self._by_key[("s", m.group())], "pinyin"
        return None
