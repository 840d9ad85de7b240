"""Written Cantonese read as Mandarin, for understanding only: "有冇贈品" is "有沒有贈品",
"而家幾多錢" is "現在多少錢", "N9 仲有冇貨" is "N9 還有沒有貨".

Viewers from Hong Kong and Guangdong type Cantonese; the sheet, the lexicon and the question
bank are Mandarin. The host answers in Mandarin (Traditional script for a Traditional message),
so the viewer's own words named back in a deferral are the Mandarin ones too. Only characters
and phrases that are Cantonese (冇, 唔, 咗, 嘅, 啲, 而家, 幾耐…) are rewritten; a character that is
also everyday Mandarin (平, 邊, 同, 點) only inside a phrase that is Cantonese (平啲, 邊部, 點樣).
"""

from __future__ import annotations

import functools
import re

# (Cantonese, Mandarin), both scripts; longer phrases are matched first
_PHRASES = (
    ("有冇得", "能不能"), ("冇得", "不能"), ("有冇", "有沒有"), ("有無", "有沒有"), ("係唔係", "是不是"), ("係咪", "是不是"),
    ("唔係", "不是"), ("唔該", "謝謝"), ("唔使", "不用"), ("使唔使", "需不需要"), ("啱唔啱", "適不適合"),
    ("幾多錢", "多少錢"), ("几多钱", "多少钱"), ("幾多", "多少"), ("几多", "多少"), ("幾耐", "多久"), ("几耐", "多久"),
    ("得唔得", "行不行"), ("聽日", "明天"), ("听日", "明天"), ("尋日", "昨天"), ("寻日", "昨天"), ("今日", "今天"),
    ("即刻", "立刻"), ("幾時", "什麼時候"), ("几时", "什么时候"), ("而家", "現在"), ("宜家", "現在"), ("乜嘢", "什麼"), ("咩嘢", "什麼"),
    ("點樣", "怎樣"), ("点样", "怎样"), ("點解", "為什麼"), ("点解", "为什么"), ("點買", "怎麼買"), ("点买", "怎么买"),
    ("點用", "怎麼用"), ("点用", "怎么用"), ("點搽", "怎麼擦"), ("点搽", "怎么擦"), ("點揀", "怎麼選"), ("点拣", "怎么选"),
    ("點補", "怎麼補"), ("点补", "怎么补"), ("點抽", "怎麼抽"), ("点抽", "怎么抽"), ("點參加", "怎麼參加"), ("点参加", "怎么参加"),
    ("平啲", "便宜點"), ("平唔平", "便不便宜"), ("好平", "很便宜"), ("有冇平啲", "有沒有便宜點"), ("有冇平", "有沒有便宜"), ("勁啲", "強點"), ("好啲", "好點"),
    ("呢啲", "這些"), ("嗰啲", "那些"), ("呢個", "這個"), ("呢个", "这个"), ("嗰個", "那個"), ("嗰个", "那个"),
    ("呢部", "這部"), ("呢支", "這支"), ("呢隻", "這隻"), ("呢款", "這款"), ("呢樽", "這瓶"), ("呢罐", "這罐"), ("呢條", "這條"),
    ("邊個", "哪個"), ("边个", "哪个"), ("邊部", "哪部"), ("边部", "哪部"), ("邊款", "哪款"), ("边款", "哪款"), ("邊隻", "哪隻"),
    ("邊支", "哪支"), ("邊度", "哪裡"), ("边度", "哪里"), ("邊種", "哪種"), ("边种", "哪种"), ("邊樣", "哪樣"),
    ("影相", "拍照"), ("落單", "下單"), ("落单", "下单"), ("一齊", "一起"), ("一齐", "一起"), ("攞", "拿"), ("嚟", "來"),
    ("搽", "擦"), ("靚", "好看"), ("啱", "適合"), ("揀", "選"), ("拣", "选"), ("睇", "看"), ("慳", "省"), ("悭", "省"),
    ("冇", "沒有"), ("唔", "不"), ("咗", "了"), ("嘅", "的"), ("佢", "它"), ("俾", "給"), ("畀", "給"), ("啲", "些"),
    ("咁", "這麼"), ("嘢", "東西"), ("樽", "瓶"), ("仲", "還"), ("喺", "在"), ("幾重", "多重"), ("几重", "多重"),
    ("耐咗", "久了"), ("耐了", "久了"), ("屋企", "家裡"), ("個mon", "個螢幕"), ("个mon", "个屏幕"), ("推介", "推薦"),
    ("打機", "打遊戲"), ("打机", "打游戏"), ("落雨", "下雨"), ("手提電腦", "筆記本電腦"), ("手提电脑", "笔记本电脑"), ("保用", "保固"),
    ("整爛", "弄壞"), ("整烂", "弄坏"), ("點算", "怎麼辦"), ("点算", "怎么办"), ("搵", "找"), ("冇聲", "沒聲"), ("嬲", "生氣"),
    ("舊水", "百塊"), ("旧水", "百块"), ("黐杯", "沾杯"), ("黐", "黏"), ("有咗BB", "懷孕了"), ("有咗bb", "懷孕了"), ("飲嘢", "喝東西"),
    ("飲", "喝"), ("後生女", "年輕女生"), ("后生女", "年轻女生"), ("頂唔頂得順", "撐不撐得住"), ("顶唔顶得顺", "撑不撑得住"),
    ("朝早", "早上"), ("叉幾耐", "充多久"), ("叉几耐", "充多久"), ("叉滿電", "充滿電"), ("叉满电", "充满电"), ("叉電", "充電"), ("叉电", "充电"), ("幾大支", "多大支"), ("几大支", "多大支"), ("戴住", "戴著"), ("嗰", "那"), ("幾長", "多長"), ("几长", "多长"), ("部機", "部手機"), ("部机", "部手机"), ("賣斷", "賣完"), ("卖断", "卖完"), ("賣晒", "賣完"), ("卖晒", "卖完"), ("返貨", "補貨"), ("返货", "补货"), ("淋親", "淋到"), ("淋亲", "淋到"),
)
# 係 is 是 except inside Mandarin words (關係, 聯係); 咩 ends a question (嗎) or asks what (什麼)
_HAI = re.compile(r"(?<![關关聯联體体維维派干])係(?![數数統统列])")
_ME_WHAT = re.compile(r"(?<=[用買买食做揀拣睇搽擦要送飲饮叫])咩")  # "用咩", "叫咩名": what, even at the end
_ME_END = re.compile(r"咩(?=\s*[?？!！~～]*\s*$|\s)")
_TAIL = re.compile(r"[㗎喎囉啩嘞]+|嚟(?=[㗎喎]*\s*[?？!！]*\s*$)")  # "正貨嚟㗎": the tail says nothing
_CANTONESE = re.compile(r"[冇唔咗嘅啲佢畀睇嚟攞㗎喎囉咩乜嗰慳搽靚啱揀喺]|仲有|屋企|而家|幾耐|几耐|[幾几]多(?!少)|邊[個部款隻支度種樣]|边[个部款度种]|點樣|点样|點解|一齊|影相|落單|係咪|聽日|听日|尋日|即刻|打機|落雨|手提電腦|保用|整爛|點算|点算|[搵嬲黐]|舊水|旧水|飲|幾長|几长|部機|叉[滿满]?[電电]|朝早|叉[幾几]耐|[幾几]大支")


@functools.lru_cache(maxsize=4096)
def _pattern() -> re.Pattern[str]:
    # "耳几多少" is a typed 耳機 before 多少, not the Cantonese 幾多
    alts = (re.escape(c) + ("(?!少)" if c.endswith("多") else "") for c, _m in sorted(_PHRASES, key=lambda p: len(p[0]), reverse=True))
    return re.compile("|".join(alts))


_MANDARIN = dict(_PHRASES)


def is_cantonese(text: str) -> bool:
    return bool(_CANTONESE.search(text))


def to_mandarin(text: str) -> str:
    """The message with its Cantonese words in Mandarin; unchanged when it has none."""
    if not _CANTONESE.search(text):
        return text  # Mandarin, whatever else it holds (係數, 平時, 旁邊 stay as they are)
    t = _ME_WHAT.sub("什麼", text)
    t = _ME_END.sub("嗎", t)
    t = t.replace("咩", "什麼")
    t = _TAIL.sub("", t)
    t = _pattern().sub(lambda m: _MANDARIN[m.group()], t)
    return _HAI.sub("是", t)
