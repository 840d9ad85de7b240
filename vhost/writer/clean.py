"""Tidy one LLM sentence before the guard: emotion tags out, speaker prefixes and list marks off."""

from __future__ import annotations

import re

_TAG = re.compile(r"[\[【(（]\s*([A-Za-z_]{2,20})\s*[\]】)）]")
_LIST = re.compile(r"^\s*(?:[-*•·]+|\d+[.)、]|[（(]?\d+[)）])\s*")
_MARKDOWN = re.compile(r"\*{1,3}|`{1,3}|^#{1,6}\s+")
_WRAP = re.compile(r"^[「『\"“]+|[」』\"”]+$")


def split_emotion(text: str) -> tuple[str, str | None]:
    """'[happy] 好的！' -> ('好的！', 'happy'); every tag is stripped, the first one kept."""
    found = _TAG.findall(text)
    if not found:
        return text, None
    return _TAG.sub("", text).strip(), found[0].lower()


def clean_sentence(text: str, host_name: str = "") -> str:
    t = text.strip()
    if host_name:
        t = re.sub(rf"^\s*{re.escape(host_name)}\s*[:：]\s*", "", t)
    t = _LIST.sub("", t)
    t = _MARKDOWN.sub("", t)
    t = _WRAP.sub("", t.strip())
    return t.strip()


def apply_replacements(text: str, replacements: dict[str, str]) -> str:
    for a, b in replacements.items():
        if a:
            text = text.replace(a, b)
    return text
