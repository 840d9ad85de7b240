"""Chinese typed as toneless pinyin, read back into characters: "zhe ge erji shi zhengpin ma" reads as
"这个耳机是正品吗", so the intent cues, the attribute words and the question bank see the words they know.

The words come from the lexicon itself (the intent cues' plain alternatives, every attribute word) and a short
list of chat's everyday words; a run of syllables becomes the longest word with the same sound (the sounds
typists confuse, zh/z, -ng/-n, are one). A lone syllable becomes a character only where chat nearly always
means one (shi 是, ma 吗, sha 啥); anything else stays as typed, so nothing is guessed that the words do not say.
"""

from __future__ import annotations

import functools
import re

from vhost.knowledge import attrwords as A
from vhost.knowledge import lexicon as L
from vhost.text.fold import has_cjk, looks_like_pinyin, loosen, pinyin_syllables, split_syllables, to_simplified

# chat's everyday words, read first where two words sound alike (使用 before 試用, 適用; 一支 before 醫治: "duo shao qian yi zhi")
_EVERYDAY = ("这个", "一支", "一瓶", "一罐", "一条", "一根", "一台", "一副", "一款", "哪款", "一下", "爸爸", "妈妈", "男朋友", "女朋友", "那个", "这款", "那款", "这支", "主播", "名字", "叫啥", "叫什么", "什么", "怎么", "怎么样", "多少", "多少钱",
             "可以", "能不能", "有没有", "是不是", "现在", "还有", "正品", "真的", "假的", "真货", "喜欢", "推荐", "适合", "使用",
             "好用", "东西", "宝宝", "家人们", "今天", "明天", "什么时候", "链接", "下单", "发货", "快递", "优惠", "活动", "便宜",
             "价格", "颜色", "色号", "防水", "续航", "电池", "充电", "快充", "质地", "成分", "敏感肌", "干皮", "油皮", "孕妇",
             "耳机", "手机", "充电头", "数据线", "面霜", "精华", "口红", "唇膏", "防晒", "防晒霜", "福袋", "盲盒", "砍价", "连麦")
# a lone syllable read as the character chat almost always means by it
_ONE = {"shi": "是", "ma": "吗", "sha": "啥", "de": "的", "le": "了", "ne": "呢", "ba": "吧", "you": "有", "mei": "没",
        "ji": "几", "jiao": "叫", "wo": "我", "ni": "你", "hao": "好", "bu": "不", "zai": "在", "yao": "要", "mai": "买", "neng": "能", "gei": "给", "a": "啊"}
_LONGEST = 5  # syllables in the longest word read


def _plain(alternative: str) -> bool:
    return len(alternative) >= 2 and all("\u4e00" <= c <= "\u9fff" for c in alternative)


@functools.cache
def _words() -> tuple[dict[tuple[str, ...], str], dict[tuple[str, ...], str]]:
    """Each known word by its syllables, and by its loose syllables (the first word that sounds so)."""
    cues = [alt for pats in L.INTENT_CUES.values() for pat, _w in pats for alt in pat.split("|")]
    attrs = [to_simplified(w) for ws in A.ATTRIBUTES.values() for w in ws]
    exact: dict[tuple[str, ...], str] = {}
    loose: dict[tuple[str, ...], str] = {}
    for w in (*_EVERYDAY, *cues, *attrs):
        if _plain(w):
            exact.setdefault(tuple(pinyin_syllables(w)), w)
            loose.setdefault(tuple(pinyin_syllables(w, loose=True)), w)
    return exact, loose


_TOKEN = re.compile(r"[A-Za-z]+|[^A-Za-z]+")


def read_pinyin(text: str) -> str:
    """The message with its pinyin words read as characters; a message not typed in pinyin is unchanged."""
    if has_cjk(text) or not looks_like_pinyin(text):
        return text
    exact, loose = _words()
    out: list[str] = []
    run: list[str] = []  # the syllables of the letters typed since the last other character

    def flush() -> None:
        # the fewest pieces, a word said as typed before one only its loose sound matches:
        # "shi zheng pin" is 是 正品, not 湿疹 pin
        n = len(run)
        none: list[str] = []
        best: list[tuple[float, list[str]]] = [(0.0, none)] + [(float("inf"), none)] * n
        for i in range(n):
            cost, said = best[i]
            one = _ONE.get(run[i])
            for j, piece, c in [(i + 1, one or f" {run[i]} ", 1.2 if one else 2.0)] + [
                (j, w, 1.0 if tuple(run[i:j]) in exact else 1.5)
                for j in range(i + 2, min(n, i + _LONGEST) + 1)
                if (w := exact.get(tuple(run[i:j])) or loose.get(tuple(loosen(s) for s in run[i:j]))) is not None
            ]:
                if cost + c < best[j][0]:
                    best[j] = (cost + c, [*said, piece])
        out.extend(best[n][1])
        run.clear()

    for tok in _TOKEN.findall(text):
        syl = split_syllables(tok.lower()) if tok.isalpha() else None
        if syl is not None:
            run.extend(syl)
        elif tok.isspace() and run:
            continue  # the spaces between pinyin words join them ("zheng pin" is 正品)
        else:
            flush()
            out.append(tok)
    flush()
    return re.sub(r"\s+", " ", "".join(out)).strip()
