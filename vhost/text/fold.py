"""Text folding shared by moderation and the guard, so 國家級, 国家级, ｸﾞ and guojiaji all match.

fold(): NFKC (full/half width), lower case, Traditional -> Simplified, separators removed.
pinyin_key(): the toneless pinyin of the folded text, for homophone matching.
"""

from __future__ import annotations

import functools
import re
import unicodedata

import opencc
from pypinyin import Style, lazy_pinyin

# Caches keyed by a text (a chat message, a line) hold the texts seen lately, not the show's
# history: at 65,536 entries each grew for the first 17 hours of a show (1.5 MiB a program hour).
TEXT_CACHE = 4096
_t2s = opencc.OpenCC("t2s")
_s2t = opencc.OpenCC("s2tw")  # Taiwan's standard forms (唇膏, 裡面, 著): the personas' zh-Hant, not 脣膏 / 裏面 / 着
# separators people insert to dodge filters: spaces, punctuation, zero-width and symbols
SEPARATOR = re.compile(r"[\s\u200b-\u200f\u2060\ufeff_*.\-·•,，。、|/\\~～!！?？:：;；'\"“”‘’()（）\[\]【】<>《》+=#@&^$%`]")
_SEP = re.compile(SEPARATOR.pattern + "+")


@functools.lru_cache(maxsize=TEXT_CACHE)
def to_simplified(text: str) -> str:
    return str(_t2s.convert(text))


# OpenCC writes a 干 it has no phrase for as 幹 (do): on a live-commerce stream it is nearly always 乾 (dry:
# 干皮, 偏干, 会不会干), so 幹 stays only in the words where it means do / trunk / capable
_DO = re.compile(r"(?<![能骨樹主實苦精才軀])幹(?![什嘛麼啥活部線勁練事掉架道將])")


@functools.lru_cache(maxsize=TEXT_CACHE)
def to_traditional(text: str) -> str:
    return _DO.sub("乾", str(_s2t.convert(text)))


def normalize_width(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


@functools.lru_cache(maxsize=TEXT_CACHE)
def fold(text: str, *, keep_separators: bool = False) -> str:
    t = to_simplified(normalize_width(text).lower())
    return t if keep_separators else _SEP.sub("", t)


def key_in(key: str, text: str) -> bool:
    """An author's keyword in a viewer's text: Chinese as a substring of the folded text, a Latin keyword
    only as a whole word (or its plural), separators aside ("ram" is not in "ramen"; "type c" is in "Type-C")."""
    k = fold(key)
    if not k:
        return False
    if not k.isascii():
        return k in fold(text)
    letters = r"[\W_]*".join(re.escape(c) for c in k)
    return re.search(rf"(?<![a-z0-9]){letters}(?:e?s)?(?![a-z0-9])", fold(text, keep_separators=True)) is not None  # "earbud" in "earbuds"


@functools.lru_cache(maxsize=TEXT_CACHE)
def pinyin_syllables(text: str, loose: bool = False) -> list[str]:
    """Toneless pinyin of each CJK character, other characters kept one by one: 国家级 -> [guo, jia, ji].
    loose: the sounds typists confuse are one (zh/z, ch/c, sh/s, -ng/-n): 防嗮 reads as 防曬."""
    syl = lazy_pinyin(fold(text), style=Style.NORMAL, errors=lambda s: list(s))  # type: ignore[arg-type,return-value]
    return [loosen(x) for x in syl] if loose else syl


def pinyin_key(text: str, loose: bool = False) -> str:
    """pinyin_syllables run together: 国家级 -> guojiaji."""
    return "".join(pinyin_syllables(text, loose))


def loosen(pinyin: str) -> str:
    """Pinyin (a syllable, or syllables typed together) with the sounds typists confuse made one."""
    return _LOOSE_END.sub("n", _LOOSE_START.sub(r"\1", pinyin))


_LOOSE_START = re.compile(r"([zcs])h")
_LOOSE_END = re.compile(r"(?<=[aeio])ng(?![aeiou])")


_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def has_cjk(text: str) -> bool:
    return _CJK.search(text) is not None


# every syllable of Mandarin (v for ü): "do", "u", "go" are English, not pinyin
_SYLLABLES = frozenset(["a", "ai", "an", "ang", "ao", "ba", "bai", "ban", "bang", "bao", "bei", "ben", "beng", "bi", "bian", "biao", "bie", "bin", "bing", "bo", "bu", "ca", "cai", "can", "cang", "cao", "ce", "cen", "ceng", "cha", "chai", "chan", "chang", "chao", "che", "chen", "cheng", "chi", "chong", "chou", "chu", "chua", "chuai", "chuan", "chuang", "chui", "chun", "chuo", "ci", "cong", "cou", "cu", "cuan", "cui", "cun", "cuo", "da", "dai", "dan", "dang", "dao", "de", "dei", "den", "deng", "di", "dia", "dian", "diao", "die", "ding", "diu", "dong", "dou", "du", "duan", "dui", "dun", "duo", "e", "ei", "en", "eng", "er", "fa", "fan", "fang", "fei", "fen", "feng", "fo", "fou", "fu", "ga", "gai", "gan", "gang", "gao", "ge", "gei", "gen", "geng", "gong", "gou", "gu", "gua", "guai", "guan", "guang", "gui", "gun", "guo", "ha", "hai", "han", "hang", "hao", "he", "hei", "hen", "heng", "hong", "hou", "hu", "hua", "huai", "huan", "huang", "hui", "hun", "huo", "ji", "jia", "jian", "jiang", "jiao", "jie", "jin", "jing", "jiong", "jiu", "ju", "juan", "jue", "jun", "ka", "kai", "kan", "kang", "kao", "ke", "kei", "ken", "keng", "kong", "kou", "ku", "kua", "kuai", "kuan", "kuang", "kui", "kun", "kuo", "la", "lai", "lan", "lang", "lao", "le", "lei", "leng", "li", "lia", "lian", "liang", "liao", "lie", "lin", "ling", "liu", "lo", "long", "lou", "lu", "luan", "lun", "luo", "lv", "lve", "ma", "mai", "man", "mang", "mao", "me", "mei", "men", "meng", "mi", "mian", "miao", "mie", "min", "ming", "miu", "mo", "mou", "mu", "na", "nai", "nan", "nang", "nao", "ne", "nei", "nen", "neng", "ni", "nian", "niang", "niao", "nie", "nin", "ning", "niu", "nong", "nou", "nu", "nuan", "nuo", "nv", "nve", "o", "ou", "pa", "pai", "pan", "pang", "pao", "pei", "pen", "peng", "pi", "pian", "piao", "pie", "pin", "ping", "po", "pou", "pu", "qi", "qia", "qian", "qiang", "qiao", "qie", "qin", "qing", "qiong", "qiu", "qu", "quan", "que", "qun", "ran", "rang", "rao", "re", "ren", "reng", "ri", "rong", "rou", "ru", "rua", "ruan", "rui", "run", "ruo", "sa", "sai", "san", "sang", "sao", "se", "sen", "seng", "sha", "shai", "shan", "shang", "shao", "she", "shei", "shen", "sheng", "shi", "shou", "shu", "shua", "shuai", "shuan", "shuang", "shui", "shun", "shuo", "si", "song", "sou", "su", "suan", "sui", "sun", "suo", "ta", "tai", "tan", "tang", "tao", "te", "teng", "ti", "tian", "tiao", "tie", "ting", "tong", "tou", "tu", "tuan", "tui", "tun", "tuo", "wa", "wai", "wan", "wang", "wei", "wen", "weng", "wo", "wu", "xi", "xia", "xian", "xiang", "xiao", "xie", "xin", "xing", "xiong", "xiu", "xu", "xuan", "xue", "xun", "ya", "yan", "yang", "yao", "ye", "yi", "yin", "ying", "yo", "yong", "you", "yu", "yuan", "yue", "yun", "za", "zai", "zan", "zang", "zao", "ze", "zei", "zen", "zeng", "zha", "zhai", "zhan", "zhang", "zhao", "zhe", "zhei", "zhen", "zheng", "zhi", "zhong", "zhou", "zhu", "zhua", "zhuai", "zhuan", "zhuang", "zhui", "zhun", "zhuo", "zi", "zong", "zou", "zu", "zuan", "zui", "zun", "zuo"])


# pinyin syllables that are also English words (or chat English)
_ENGLISH_SYLLABLES = frozenset(["a", "an", "ban", "bin", "bo", "die", "fan", "gun", "hang", "he", "hen", "long", "man", "me", "mo", "no", "pan", "pie", "pin", "ran", "sang", "she", "shun", "tan", "wan", "yang", "yo", "you", "ma", "pa", "ha", "ye", "o", "e", "er", "ai", "hi", "ok", "bang", "bun", "dun", "gang", "hum", "lee", "lie", "ping", "pong", "sun", "tie", "ting", "wing", "zen"])


def looks_like_pinyin(text: str) -> bool:
    """Chinese typed as toneless pinyin ("shouji duo shao qian"): most words are pinyin syllables."""
    words = re.findall(r"(?<![a-z0-9])[a-z]+(?![a-z0-9])", text.lower())  # not the "n" of a code like "n9"
    if len(words) < 3:
        return False
    hits = sum(1 for w in words if w in _SYLLABLES or _split_pinyin(w))
    if hits / len(words) < 0.8:
        return False
    # a long syllable run ("shouji"), or short syllables two of which are no English word ("p65 hai you huo ma");
    # "he ran a long way" is English: every syllable in it is an English word too
    return any(len(w) >= 4 for w in words) or sum(1 for w in words if w in _SYLLABLES and w not in _ENGLISH_SYLLABLES) >= 2


def split_syllables(word: str) -> list[str] | None:
    """Letters typed together cut into pinyin syllables, longest first ("zhengpin" -> zheng pin); None if not pinyin."""
    if not word:
        return []
    for i in range(min(6, len(word)), 0, -1):
        if word[:i] in _SYLLABLES and (rest := split_syllables(word[i:])) is not None:
            return [word[:i], *rest]
    return None


def _split_pinyin(word: str) -> bool:
    """Two or three syllables written together: "shouji", "duoshao"."""
    n = len(word)
    for i in range(1, n):
        if word[:i] in _SYLLABLES and (word[i:] in _SYLLABLES or any(word[i:j] in _SYLLABLES and word[j:] in _SYLLABLES for j in range(i + 1, n))):
            return True
    return False


_EN_WORD = re.compile(r"(?<![A-Za-z0-9])[A-Za-z]?[a-z]+(?:'[a-z]+)?(?![A-Za-z0-9])")  # "what", "Malaysia"; not "ANC", "X1"


# Chinese chat's pinyin initials: 價格, 鏈接, 優惠, 主播, 永遠的神 ("p65 jg", "lj?", "yh到啥時候")
_PINYIN_SHORT = re.compile(r"(?<![a-z])(?:jg|lj|yh|zb|yyds|xswl|dbq|awsl|nsdd)(?![a-z])", re.I)
_ZH_PARTICLE_END = re.compile(r"[啊吗嗎呢吧啦呀哦喔㗎嘛咩]\s*$")


def english_with_a_term(text: str) -> bool:
    """An English message that borrows a Chinese word or asks again in Chinese ("what unlocks the last 砍价 step?",
    "do u ship to Malaysia? 大马可以寄吗"): its first sentence is English words around at most a short term."""
    first = re.split(r"[?？!！。\n]", text.strip(), maxsplit=1)[0] or text
    cjk = len(_CJK.findall(first))
    words = _EN_WORD.findall(first)
    lead = _CJK.split(first, maxsplit=1)[0]  # "X1 續航 how many hours 啊", "cable有冇discount code㗎": Chinese with English words
    # "do i need lip balm under the lipstick 还是直接涂?": an English question with a Chinese tail, when the English words lead
    return len(words) >= 3 and (cjk <= 4 or len(words) >= 1.5 * cjk) and len(words) >= cjk and len(_EN_WORD.findall(lead)) >= 2 \
        and not _ZH_PARTICLE_END.search(first) and not looks_like_pinyin(" ".join(words))


def detect_lang(text: str) -> str:
    """zh-Hant, zh-Hans, en, or plain "zh" when the characters exist in both scripts (or pinyin)."""
    if not has_cjk(text) or english_with_a_term(text):
        return "zh" if looks_like_pinyin(text) or _PINYIN_SHORT.search(text) else "en"
    if to_simplified(text) != text:
        return "zh-Hant"
    return "zh-Hans" if to_traditional(text) != text else "zh"


# chat shorthand in English questions, written out as the lexicon reads them ("hw much rn", "come w/ a case", "tmrw")
_SHORTHAND = {"hw": "how", "rn": "right now", "tmrw": "tomorrow", "tmr": "tomorrow", "tmw": "tomorrow", "u": "you", "ur": "your",
              "r": "are", "pls": "please", "plz": "please", "thx": "thanks", "bc": "because", "abt": "about", "w/o": "without", "w/": "with"}  # fmt: skip
_SHORTHAND_RE = re.compile(r"(?<![A-Za-z0-9/])(?:" + "|".join(map(re.escape, sorted(_SHORTHAND, key=len, reverse=True))) + r")(?![A-Za-z0-9/])", re.I)


# "she's 70 w super dry lips": an age, then "with" (not 70 W)
_AGE_THEN_W = re.compile(r"\b((?:she's|shes|he's|hes|she is|he is|i'm|im|i am|turning|turned|aged?)\s+\d{1,3}(?:\s*(?:yo|y/o|years? old))?)\s+w\s+(?=[A-Za-z])", re.I)


_JUICE = re.compile(r"\bjuice(?=\s+(?:up|my|the|both|it|them|a|two|2|his|her|everything)\b)", re.I)  # "juice both at once": charge


def plain_english(text: str) -> str:
    """English chat shorthand written out; a message with Chinese in it or none of it is unchanged."""
    if has_cjk(text):
        return text
    text = _JUICE.sub("charge", _AGE_THEN_W.sub(r"\1 with ", text))
    if not _SHORTHAND_RE.search(text):
        return text
    return _SHORTHAND_RE.sub(lambda m: _SHORTHAND[m.group().lower()], text)
