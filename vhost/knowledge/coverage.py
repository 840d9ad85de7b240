"""What a question names that the product's sheet never mentions: "物理還是化學", "under makeup",
"有防腐劑嗎", "有沒有 A 醇". Such a question is often matched to a nearby fact (the SPF line for a
physical/chemical question); the honest answer says the sheet does not cover the thing named.

A word counts as named when it is left after the product's names, the words of asking
(嗎, 能不能, how, does...) and every word the lexicon knows as an intent cue or an attribute
(those are handled by the attribute logic), and none of its two-character pieces appears in
the product's sheet. Specific substances (A 醇, 維他命 B5) are words the lexicon lists under an
attribute, yet name one thing: they count unless the sheet has them.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from vhost.knowledge import attrwords as A
from vhost.knowledge import lexicon as L
from vhost.text.fold import fold, pinyin_key


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# the words of asking and of talk around a question, folded (Simplified); longest first in the pattern
_ASKING = _words(
    "请问 问下 问一下 想问 想知道 主播 老师 姐妹们 姐妹 家人们 家人 宝宝们 大家 我们 你们 他们 多少 什么 怎么样 怎么 怎样 为什么 如何 "
    "还是 是不是 能不能 可不可以 会不会 有没有 要不要 好不好 行不行 够不够 可以 一下 这个 那个 这款 那款 这种 那种 这瓶 这支 这罐 "
    "这台 那台 这部 那部 这条 那条 这根 那根 这颗 那颗 这副 那副 这件 这盒 这组 那瓶 那支 那罐 "
    "现在 真的 一点 东西 时候 直接 一起 之前 之后 以后 的话 感觉 觉得 比较 一样 另外 注意 平时 一般 效果 情况 东东 就是 还有 然后 "
    "具体 到底 以前 今天 明天 昨天 刚刚 刚才 自己 怎么办 好用 好不 不好 可能 应该 需要 必须 一定 总共 一共 全部 分别 各自 "
    "已经 刚 才 只 擦 抹 涂 变 躺着 躺著 追剧 刷剧 看剧 煲剧 床上 睡前 "  # the viewer's evening ("想躺著追劇 畫面夠大嗎"), not a word the sheet lacks
    "咋 啥 哪 几 吗 嘛 呢 吧 啊 呀 哦 喔 么 啦 哈 呐 捏 我 你 他 她 它 这 那 个 的 了 是 有 在 和 跟 与 同 也 都 就 还 很 太 又 再 "
    "能 会 要 想 用 买 对 不 没 得 着 给 让 被 把 从 到 去 来 上 下 里 中 多 少 吃 说 看 做 过 啥 好 点 一 些 次 足够 够 "
    "俾 畀 嘅 咗 喺 啲 唔 佢 冇 嘢 㗎 咩 啰 㖞"  # Cantonese: "拆開俾兩個人聽" names 拆開, not 拆開俾兩
)
_EN_STOP = frozenset(_words(
    "a an the is are was were be been it its it's this that these those i i'm im you your we our they my me can could does do did "
    "will would should shall may might how how's hows what what's whats when where which why who whom much many any some of to for "
    "in on at with and or but if not no yes ok okay please pls plz hi hey so also too just really very there here get got have has "
    "buy use used using still left more than like right thing things stuff one ones good bad well need want know tell about "
    "come comes anything something everything other else work works fine same different all every each way lot lots "
    "make makes take takes give gives put go goes going feel feels look looks stay stays keep keeps hold holds leave leaves "
    "wear see try think say said let lets long short big small after before during while then again ever never always only even though"
    " now today tonight yeah yep yup nope lol guys gonna wanna gotta kinda sorta tryna came tap over click skin face derm derms dermatologist doctor doc both time times once"
))
_ASK = re.compile("|".join(sorted(map(re.escape, _ASKING), key=len, reverse=True)))
_GIFT = re.compile(r"送|礼物|赠")  # a gift is the gift logic's, not a topic
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")
_SPAN = re.compile(r"[一二两三四五六七八九十几半每]+(?:个|天|周|星期|礼拜|月|年|小时|分钟|次|下|遍|回)?")  # "才用两天": how long, not a topic
_LATIN = re.compile(r"[a-z][a-z0-9'+-]*")
# lexicon words that name one thing rather than a dimension: named, they must be on the sheet
_SPECIFIC = frozenset(fold(w) for w in ("a醇", "泛醇", "vc", "維c", "维生素c", "維他命c", "菸鹼醯胺", "niacinamide",
                                        # actives viewers ask for by name ("有勝肽嗎"): named back when the sheet has none
                                        "胜肽", "勝肽", "多肽", "視黃醇", "视黄醇", "水楊酸", "水杨酸", "果酸", "神經醯胺", "神经酰胺",
                                        "積雪草", "积雪草", "傳明酸", "传明酸", "熊果苷", "玻色因", "蝦青素", "虾青素", "角鯊烷", "角鲨烷",
                                        "防腐劑", "防腐剂", "peptide", "retinol", "salicylic", "ceramide",
                                        "夜景模式", "夜景", "nightmode",  # a camera mode viewers name: on the sheet or not
                                        "妝前乳", "妆前乳", "primer", "冰箱", "冷藏", "fridge", "recyclable", "recycle", "回收",  # uses and care
                                        "foldable", "prongs", "折叠插脚", "身体", "身上", "手肘", "body"))  # a part, the body
# one substance, two names (the mainland's 烟酰胺 is Taiwan's 菸鹼醯胺): the sheet's name is looked for
_NIACINAMIDE = fold("菸鹼醯胺")


@functools.lru_cache(maxsize=1)
def _substance_sounds() -> tuple[tuple[tuple[str, ...], str], ...]:
    """Each substance of three characters or more, by the sound of each of its characters."""
    return tuple((tuple(pinyin_key(c, loose=True) for c in w), w) for w in _SPECIFIC if len(w) >= 3 and not w.isascii())


def _typed_by_sound(t: str) -> str:
    """A substance typed by its sound (放腐劑 for 防腐劑), written as the substance: each character is read once
    (pinyin_key caches it), then compared a window at a time."""
    sounds = [pinyin_key(c, loose=True) if "\u4e00" <= c <= "\u9fff" else "" for c in t]
    for syl, w in _substance_sounds():
        for i in range(len(t) - len(w) + 1):
            if tuple(sounds[i : i + len(w)]) == syl and t[i : i + len(w)] != w:
                t = t[:i] + w + t[i + len(w) :]  # the same length: the sounds stay aligned
    return t


def substances(text: str) -> tuple[str, ...]:
    """The substances a question names ("VC", "維他命C", "菸鹼醯胺"), folded, longest first."""
    f = fold(text)
    for other, ours in _SAME_THING.items():
        f = f.replace(other, ours)
    return _in_order(f, (s for s in _SPECIFIC if s in f))


def _in_order(text: str, found: Iterable[str]) -> tuple[str, ...]:
    """Longest first ("维生素c", not its "c"), then as the viewer said them: the same order on every run (a set's
    order changes with the process, and "身體" against "手肘" once named either)."""
    return tuple(sorted(found, key=lambda s: (-len(s), text.find(s), s)))


_SAME_THING = {w: _NIACINAMIDE for w in {fold(x) for x in ("煙醯胺", "烟酰胺", "煙鹼醯胺", "烟碱酰胺")} - {_NIACINAMIDE}}


@functools.lru_cache(maxsize=1)
def _known() -> tuple[re.Pattern[str], frozenset[str]]:
    """Every intent cue (as one pattern) and every attribute word (folded), but the specific ones."""
    cues = re.compile("|".join(p for pats in L.INTENT_CUES.values() for p, _w in pats))
    # (an older user's words stay: "有長輩模式嗎" names the mode by them)
    words = frozenset(fold(w) for a, ws in A.ATTRIBUTES.items() if a != "elder" for w in ws) - _SPECIFIC
    return cues, words


@functools.lru_cache(maxsize=1)
def _known_sounds() -> frozenset[str]:
    """How the lexicon's Chinese words sound: "平幕" typed for 屏幕 is the attribute, not a new word."""
    return frozenset(pinyin_key(fold(w), loose=True) for ws in A.ATTRIBUTES.values() for w in ws if not w.isascii() and len(w) >= 2)


def unsaid(text: str, sheet: str, names: list[str], *, specific_only: bool = False) -> tuple[str, ...]:
    """Words of `text` that the folded `sheet` text never mentions. names: the product words (folded).
    specific_only: only the substances named (when an attribute was asked, the attribute logic decides)."""
    t = fold(text, keep_separators=True)
    viewers: dict[str, str] = {}  # the sheet's name -> the viewer's, to name it back as they wrote it
    for other, ours in _SAME_THING.items():
        if other in t:
            t, viewers[ours] = t.replace(other, ours), other
    t = _typed_by_sound(t)  # "放腐劑" typed for 防腐劑: named back as the substance
    for n in names:  # longest first: "玻尿酸保湿精华" before "精华"; "vc面霜" is a name, not vitamin C asked of
        t = t.replace(n, " ")
    bare = re.sub(r"\s+", "", t)
    named = _in_order(bare, (s for s in _SPECIFIC if s in bare and s not in sheet))
    if specific_only:
        return _as_said(named[:1], viewers)
    cues, words = _known()
    t = re.sub(r"([\u4e00-\u9fff])不\1", r"\1", t)  # 耐不耐折 -> 耐折
    t = re.sub(r"打个底", "打底", t)  # "要先打个底吗": 打底 (a base first), not 先打
    out: list[str] = []
    for w in _LATIN.findall(t):
        forms = {w, w.rstrip("s")}
        if len(w) >= 3 and not forms & (_EN_STOP | words) and not any(f in sheet for f in forms) and not any(c.isdigit() for c in w):
            out.append(w)
    cjk = cues.sub(" ", _LATIN.sub(" ", t))
    for w in sorted((w for w in words if not w.isascii() and len(w) >= 2), key=len, reverse=True):
        cjk = cjk.replace(w, " ")
    out.extend(n for n in named[:1] if not any(n in w for w in out))  # "维生素c", not its "c" as well; "peptides" once
    runs = [r for r in _CJK_RUN.findall(_ASK.sub(" ", cjk)) if len(r) >= 2 and not _GIFT.search(r) and not L.COMPLAINED.search(r)
            and not _SPAN.fullmatch(r)]  # fmt: skip
    on_sheet = [r for r in runs if any(r[i : i + 2] in sheet for i in range(len(r) - 1))]
    if on_sheet and "还是" in t:
        runs = []  # "霧面還是水光": one of the options is on the sheet, and the sheet's fact answers which
    said_names = {pinyin_key(n, loose=True) for n in names if len(n) >= 2 and not n.isascii()}  # "口洪" typed for 口紅: the name
    for run in runs:
        if run not in on_sheet and pinyin_key(run, loose=True) not in _known_sounds() | said_names:
            out.append(run)
    return _as_said(tuple(dict.fromkeys(out)), viewers)


def _as_said(words: tuple[str, ...], viewers: dict[str, str]) -> tuple[str, ...]:
    """The viewer's own name for a substance the sheet names otherwise ("煙醯胺", not "菸鹼醯胺")."""
    for ours, other in viewers.items():
        words = tuple(w.replace(ours, other) for w in words)
    return words
