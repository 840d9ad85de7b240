"""Viewers' names as a host says them: "小明240" is 小明, "user_8823" is user.

Platform names often end in digits or a random suffix that nobody reads out; saying them
costs seconds of air for nothing. The name part is said, at most a few characters of it,
and an English line does not try to read a Chinese name (the English voice cannot).
"""

from __future__ import annotations

import re

from vhost.text.fold import has_cjk

MAX_CJK = 4  # characters of a Chinese name said
MAX_LATIN = 12
_SUFFIX = re.compile(r"(?:[\s_\-.]*\d+|[_\-.][A-Za-z0-9]{3,})+$")


def spoken_name(name: str, *, en: bool = False) -> str:
    """The part of a display name worth saying; "" when nothing is (all digits, or a Chinese
    name in an English line): the caller then addresses the room instead."""
    name = (name or "").strip()
    base = _SUFFIX.sub("", name).strip(" _-.") or ("" if name.isdigit() else name)
    if en and has_cjk(base):
        return ""
    if has_cjk(base):
        return base[:MAX_CJK]
    return base[:MAX_LATIN].rstrip(" _-.")


def spoken_names(names: list[str] | tuple[str, ...], *, en: bool = False) -> list[str]:
    """Each name as said, without the ones that say nothing and without repeats (小明1, 小明2)."""
    out: list[str] = []
    for n in names:
        s = spoken_name(n, en=en)
        if s and s not in out:
            out.append(s)
    return out
