"""Streaming sentence chunker for LLM output, aware of CJK punctuation and numbers.

The first clause of a stream is released early (at a comma once it is long enough) so
speech can start while the model is still writing. A '.' or ',' between digits never
splits (¥199.00, 5.3, 1,000): such a mark waits for one lookahead character.
"""

from __future__ import annotations

_HARD = set("。！？!?；;\n…")
_SOFT_LATIN = set(".")
_CLAUSE = set("，,、：:")
_CLOSERS = set("」』”’\"')）】》")
_SPLIT_PREF = set("，,、：: ")


def _is_digit(ch: str) -> bool:
    return ch.isdigit()


def _clean(s: str) -> str:
    return s.strip().strip("\u200b")


def _has_content(s: str) -> bool:
    return any(ch.isalnum() for ch in s)


class SentenceChunker:
    def __init__(self, max_chars: int = 40, early_clause_chars: int = 8) -> None:
        self.max_chars = max(8, max_chars)
        self.early_clause_chars = early_clause_chars
        self._buf = ""
        self._emitted = 0

    def _boundary(self, i: int, final: bool) -> int | None:
        """If position i ends a unit, return the cut index (exclusive), else None.
        Returns -1 when a lookahead character is needed."""
        buf = self._buf
        ch = buf[i]
        nxt = buf[i + 1] if i + 1 < len(buf) else None
        if ch in _HARD:
            j = i + 1
            while j < len(buf) and (buf[j] in _HARD or buf[j] in _CLOSERS):
                j += 1
            if j == len(buf) and not final and ch not in "。！？\n":
                return -1  # "!!" or "?" + closer may still come; cheap to wait one char
            return j
        if ch in _SOFT_LATIN:
            if nxt is None:
                return None if not final else i + 1
            if _is_digit(nxt) and i > 0 and _is_digit(buf[i - 1]):
                return None  # 5.3, 199.00
            if nxt in " \t\n" or nxt in _CLOSERS or not nxt.isascii():
                j = i + 1
                while j < len(buf) and buf[j] in _CLOSERS:
                    j += 1
                return j
            return None  # e.g. "v1.2a", "e.g"
        if ch in _CLAUSE and self._emitted == 0 and i + 1 >= self.early_clause_chars:
            if nxt is None and ch in ",:":  # ASCII marks may sit inside a number: wait one char
                return None if not final else i + 1
            if ch == "," and nxt is not None and _is_digit(nxt) and i > 0 and _is_digit(buf[i - 1]):
                return None  # 1,000
            return i + 1
        return None

    def _take(self, final: bool) -> list[str]:
        out: list[str] = []
        i = 0
        while i < len(self._buf):
            cut = self._boundary(i, final)
            if cut == -1:
                break
            if cut is not None:
                piece = _clean(self._buf[:cut])
                self._buf = self._buf[cut:]
                i = 0
                if _has_content(piece):
                    out.append(piece)
                    self._emitted += 1
                elif out:
                    out[-1] += piece
                continue
            if i + 1 > self.max_chars:
                cut = self._soft_cut()
                piece = _clean(self._buf[:cut])
                self._buf = self._buf[cut:]
                i = 0
                if _has_content(piece):
                    out.append(piece)
                    self._emitted += 1
                continue
            i += 1
        return out

    def _soft_cut(self) -> int:
        """Cut an over-long run at the last clause mark or space, never inside a number."""
        window = self._buf[: self.max_chars]
        for k in range(len(window) - 1, self.max_chars // 3, -1):
            if window[k] in _SPLIT_PREF and not (
                k + 1 < len(self._buf) and _is_digit(self._buf[k + 1]) and _is_digit(window[k - 1])
            ):
                return k + 1
        k = len(window)
        while k > 1 and (_is_digit(self._buf[k - 1]) or self._buf[k - 1] in ".,¥$") and k < len(self._buf) and _is_digit(self._buf[k]):
            k -= 1
        return max(k, 1)

    def feed(self, delta: str) -> list[str]:
        self._buf += delta
        return self._take(final=False)

    def flush(self) -> list[str]:
        out = self._take(final=True)
        rest = _clean(self._buf)
        self._buf = ""
        if _has_content(rest):
            out.append(rest)
            self._emitted += 1
        elif rest and out:
            out[-1] += rest
        return out


def split_sentences(text: str, max_chars: int = 40) -> list[str]:
    """Split finished text (templates, operator lines) the same way, without the early clause."""
    c = SentenceChunker(max_chars=max_chars, early_clause_chars=10**6)
    return c.feed(text) + c.flush()
