"""Which attributes a text names (a question, a fact, a spec key), by word, by phrase and by sound,
and the tokens (numbers, codes) that carry a fact: how words are read into the knowledge base's terms."""

from __future__ import annotations

import re

from pypinyin import lazy_pinyin

from vhost.knowledge.attrwords import ATTRIBUTES, WEAK_WORDS
from vhost.text.fold import fold, has_cjk, looks_like_pinyin

_VALUE_TOKEN = re.compile(r"[A-Za-z]*\d+(?:\.\d+)?[A-Za-z+]*\+*|[A-Za-z]{2,}\d*\+*")
_ATTR_WORDS: dict[str, tuple[str, ...]] = {a: tuple(dict.fromkeys(fold(w) for w in ws if fold(w))) for a, ws in ATTRIBUTES.items()}
# English phrases as written ("how big"), matched word by word
_PHRASES: dict[str, str] = {}
for _w in sorted((w for ws in ATTRIBUTES.values() for w in ws if w.isascii()), key=lambda w: " " in w):
    _PHRASES[fold(_w)] = " ".join(fold(_w, keep_separators=True).split())  # "white cast" over "whitecast": the words apart


_WEAK = {a: frozenset(fold(w) for w in ws) for a, ws in WEAK_WORDS.items()}


_NOT_ATTR = re.compile(r"(?:挂|拔|丢|断|关|删)掉|台湾公司货|(?:台湾|香港|日本|美国|国外|当地)(?=的?插座)|干燥玫瑰|屏障|严重|重要|重新|重复|水货|口袋|链接|(?<!蓝牙)连接呢|求连接|上连接|发连接|换机|好点|边只|哪只|右耳|到手(?=[几多价])")  # 掛掉 (it dies) and 拔掉 (unplugged) are no fit (掉); 台灣公司貨 (goods through the official importer) and 台灣插座 (its sockets) ship nowhere; 屏障 (the skin barrier) is no screen; 發熱嚴重嗎 asks about heat, not weight; 水貨 is not water; 口袋 is no port; 求鏈接 (連接呢, typed for it) is the shop link, not a connection; 換機 (a new phone) sounds like 換季; 好點 (which is better) sounds like 耗電, 邊隻 like 編織, 右耳 like 幼兒; 今天到手幾個米 is what it costs in hand, not a delivery
# "it was 1999 last week" is a time, not how long a charge lasts
_NOT_ATTR_EN = re.compile(r"\b(?:last|past) (?:week|weekend|month|year|night|time|stream|live|sale|drop|few|couple|days?|one|phone|pair|model)\b|"
                          r"\b(?:a|tiny|little|small) splash\b|\bday (?:\d+|one|two|three)\b")  # "or is it a tiny splash": a small amount, not water; "cracked day 2": a day, not the battery
_CJK_WORD = re.compile(r"^[\u4e00-\u9fff]{2,}$")
# attribute words by sound, for typed homophones (續杭 / 降躁 / 藍芽 / 平幕 / 拍招 / 幾哇)
_ATTR_SOUNDS: dict[str, tuple[str, ...]] = {
    a: tuple(dict.fromkeys(" " + " ".join(lazy_pinyin(w)) + " " for w in ws if _CJK_WORD.match(w) and w not in _WEAK.get(a, ())))
    for a, ws in _ATTR_WORDS.items()  # a general word by its sound hears too much: 次幾 is not 刺激
}


def _sounds(folded: str) -> str:
    return " " + " ".join(lazy_pinyin(folded)) + " "


def _word_patterns(w: str) -> tuple[re.Pattern[str], re.Pattern[str] | None]:
    """An English attribute word as a whole word, with or without its separators ("type-c", "typec"), and
    the phrase it is written as when that has several words ("how big"): compiled once, as hundreds of
    them are tried on every question (compiled each time, they held the event loop ~20 ms a question)."""
    pat = rf"(?<![a-z0-9]){re.escape(w)}(?:s|es)?(?![a-z])"
    if len(w) == 1:  # a unit letter ("多少w", "65 w", "how many w"), not the "w" of "hurt w most buds"
        pat = rf"(?:(?<![a-z0-9])(?<![a-z] )|(?<=many )|(?<=what )){re.escape(w)}(?![a-z])"
    phrase = _PHRASES.get(w, w)
    said = re.compile(r"(?<![a-z0-9])" + re.escape(phrase).replace("'", "'?") + "(?:s|es)?(?![a-z])") if " " in phrase else None
    return re.compile(pat), said  # "whats in" too


_ASCII_WORDS = {w: _word_patterns(w) for ws in _ATTR_WORDS.values() for w in ws if w.isascii()}


def attribute_words(text: str) -> dict[str, bool]:
    """attribute -> True when named by a specific word, False when only by a general one."""
    f = _NOT_ATTR.sub("_", fold(text))
    spaced = _NOT_ATTR_EN.sub(" ", " " + fold(text, keep_separators=True) + " ")
    pinyin = looks_like_pinyin(text)  # "kou hong you ji ge se": syllables run together once folded
    out: dict[str, bool] = {}
    for attr, words in _ATTR_WORDS.items():
        for w in words:
            if w.isascii():
                pat, said = _ASCII_WORDS[w]
                hit = bool(pat.search(spaced) or pat.search(f)) or (pinyin and len(w) >= 4 and w in f) or (
                    said is not None and said.search(spaced) is not None
                )
            else:
                hit = w in f
            if hit:
                strong = w not in _WEAK.get(attr, ())
                out[attr] = out.get(attr, False) or strong
                if strong:
                    break
    if not any(out.values()) and has_cjk(f):
        # each run between separators on its own: "聽嗎 同老婆" is no 馬桶 by its sound
        runs = re.split(r"[\s,.!?;:，。！？；：、~]+", _NOT_ATTR.sub("_", fold(text, keep_separators=True)))
        heard = " / ".join(_sounds(re.sub(r"(?<=[这那哪每一两几])个", "_", r)) for r in runs if r)  # 這個多少瓦 is the power, not 各多少瓦 by its sound
        for attr, sounds in _ATTR_SOUNDS.items():
            if attr not in out and any(k in heard for k in sounds):
                out[attr] = True
    return out


def first_named(text: str, attrs: set[str]) -> dict[str, int]:
    """Where in the folded text each of these attributes is first named by one of its words (not by sound)."""
    f = _NOT_ATTR.sub("_", fold(text))
    out: dict[str, int] = {}
    for a in attrs:
        at = [i for w in _ATTR_WORDS.get(a, ()) if (i := f.find(w)) >= 0]
        if at:
            out[a] = min(at)
    return out


def attributes_in(text: str, *, strict: bool = False) -> set[str]:
    """Canonical attributes the text names; strict: general words count only when nothing specific is named."""
    found = attribute_words(text)
    if not strict or not any(found.values()):
        return set(found)
    return {a for a, strong in found.items() if strong}


def value_tokens(text: str) -> tuple[str, ...]:
    """Folded numbers and codes that carry a fact: '8 小時' -> ('8',), 'IPX5' -> ('ipx5',)."""
    toks = [fold(m.group()) for m in _VALUE_TOKEN.finditer(text)]
    return tuple(dict.fromkeys(t for t in toks if (t and any(c.isdigit() for c in t)) or (t and t.isupper())))
