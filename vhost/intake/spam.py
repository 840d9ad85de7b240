"""Spam shapes no word list catches: links, contact ids, phone numbers, QR codes and floods.

Patterns run on the folded views from terms.py, so ｗｗｗ．, 薇信 and digits split by
spaces are caught the same as their plain forms.
"""

from __future__ import annotations

import re

from vhost.intake.folding import fold
from vhost.intake.terms import words_view

_TLD = r"(?:com|cn|net|org|top|xyz|cc|io|me|vip|shop|link|club|site|tv|info|live|app|co)"
_CONTACT_ZH = r"(?:微信|威信|薇信|维信|徽信|v信|扣扣|企鹅|电报)"
_CONTACT_EN = r"(?:vx|wx|weixin|wechat|qq|telegram|tg|whatsapp|line)"
_CONTACT = rf"(?:{_CONTACT_ZH}|{_CONTACT_EN})"

# (reason, pattern, view): view "w" = words (separators kept), "f" = folded (separators removed)
_PATTERNS: list[tuple[str, re.Pattern[str], str]] = [
    ("url", re.compile(rf"(?:https?:|www\.|(?<![a-z0-9])[a-z0-9][a-z0-9-]*\.{_TLD}(?![a-z]))"), "w"),
    ("url", re.compile(rf"[a-z0-9]{{2,}}(?:点|dot){_TLD}(?![a-z])"), "f"),
    ("contact id", re.compile(rf"(?:加|\+|➕){_CONTACT}"), "f"),
    ("contact id", re.compile(rf"{_CONTACT_ZH}(?:号|号码|id)?[a-z0-9_-]{{5,20}}"), "f"),
    ("contact id", re.compile(rf"(?<![a-z]){_CONTACT_EN}[\s:#_-]*(?:号|号码|id)?[\s:#_-]*(?=[a-z_-]*\d)[a-z0-9_-]{{5,20}}"), "w"),
    ("contact id", re.compile(r"(?:加|➕|\+)(?:v|q)(?![a-z])"), "f"),
    ("phone number", re.compile(r"(?<!\d)(?:\+?86)?1[3-9]\d{9}(?!\d)"), "f"),
    ("contact id", re.compile(r"(?<!\d)\d{5,11}(?:qq|扣扣)|(?:qq|扣扣)\d{5,11}"), "f"),
    ("qr code", re.compile(r"二维码|扫码|扫一扫|qr ?code|qrcode"), "w"),
]


def find_spam(text: str) -> str | None:
    folded = fold(text)
    words = words_view(text)
    for reason, pat, view in _PATTERNS:
        if pat.search(words if view == "w" else folded):
            return reason
    return None


_flood_cache: dict[tuple[int, int], tuple[re.Pattern[str], re.Pattern[str]]] = {}


def is_flood(text: str, run: int = 6, repeats: int = 4) -> bool:
    """哈哈哈哈哈哈, 666666, 来了来了来了来了: one char or a short unit over and over."""
    pats = _flood_cache.get((run, repeats))
    if pats is None:
        pats = (re.compile(rf"(.)\1{{{run - 1},}}"), re.compile(rf"(.{{2,4}})\1{{{repeats - 1},}}"))
        _flood_cache[(run, repeats)] = pats
    folded = fold(text)
    return bool(pats[0].search(folded) or pats[1].search(folded))
