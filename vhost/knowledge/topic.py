"""What an honest deferral names: the viewer's own words for the thing asked, said back cleanly.

"資料卡上沒有寫X1可不可以單耳用" (a yes/no question in its A-not-A form, right after the product's name),
"X1的充電時間" (a how-long question by the attribute's name), "N9的5G" (the viewer's term), never a fragment
of the message ("X1的充電盒充滿要"), the viewer's situation ("我安卓機"), a number or a claim of theirs.
"""

from __future__ import annotations

import re

from vhost.knowledge import attrwords as A
from vhost.knowledge import lexicon as L
from vhost.knowledge.understood import Understood
from vhost.persona.model import Persona
from vhost.text.fold import fold, has_cjk, to_simplified, to_traditional

_PARTICLES = re.compile(r"(?:嗎|吗|呢|吧|啊|呀|哦|喔|不|沒|没|麼|么|嘛|[?？!！。，,.~～\s])+$")
_CLAIMISH = re.compile(r"不會|不会|不用|沒有|没有|一定|保證|保证|100%|最|第一|全網|全网|淡化|美白|祛|治|抗老|抗皺|抗皱|去皺|去皱|"
                       r"always|never|won't|guarantee|best|whiten|cure|heal", re.I)  # a claim, or an efficacy one, is never echoed


def _echoes(words: str) -> bool:
    """A claim, an efficacy claim or a complaint about our product: never named back."""
    words = _ASKED_BOTH_WAYS.sub("", words)  # "會不會沾到" asks; "不會沾到" claims
    return bool(_CLAIMISH.search(words) or L.COMPLAINED.search(fold(words, keep_separators=True)))


_ASKED_BOTH_WAYS = re.compile(r"會不會|会不会|能不能|可不可以|有沒有|有没有|是不是|要不要")
_EMOJI = re.compile(r"[\U0001F300-\U0001FAFF]")
_LEADING = re.compile(r"^(?:主播|請問|请问|想問|想问|問一下|问一下|那個|那个|這個|这个|這款|这款|你們|你们|我想知道|[這这那][副支台部顆颗瓶罐管條条根件盒])+")


def _names_missing(u: Understood, own: str) -> bool:
    """The viewer wrote a missing attribute's own Chinese word of three characters or more ("保質期") outside the words
    a deferral would quote back (`own`; "用水洗不洗得掉" holds 洗得掉 and reads well as it is)."""
    f, kept = fold(u.text), re.sub(r"([\u4e00-\u9fff])不\1", r"\1", fold(own))
    return u.lang != "en" and any(len(w) >= 3 and has_cjk(w) and w in f and w not in kept for a in u.missing if a in A.ATTRIBUTES for w in (fold(x) for x in A.ATTRIBUTES[a]))


def latin_term_in_chinese(text: str, lang: str) -> str:
    """A Latin term for something no sheet has, typed in a Chinese question, in Chinese ("nude" -> 裸色); "" if none.
    In English, the term as typed ("recyclable")."""
    if (term := _LATIN_TERM.search(text)) is None:
        return ""
    if lang == "en":
        return term.group()
    said = _LATIN_ZH[re.sub(r"[\s-]+", " ", term.group().lower())]
    return said if lang == "zh-Hant" else to_simplified(said)


def topic_phrase(u: Understood, persona: Persona) -> str:
    """What an honest deferral names: the viewer's own words trimmed to the point ("雙卡雙待",
    "打遊戲會發燙") or their question as an embedded one ("可不可以單耳用", "充電盒充滿要多久")
    when they read cleanly, else the missing attribute's name, else "這一項"."""
    own, named = _own_words(u, persona), u.topic()
    if u.missing and u.lang != "en" and (term := latin_term_in_chinese(u.text, u.lang)):
        return term  # "有冇nude色": 裸色, a Chinese sentence says it in Chinese
    if "delivery_time" in u.missing and u.lang != "en" and (place := _PLACE_ZH.search(u.text) or _LIVES_IN.search(u.text)):
        said = f"發到{place.group(1)}的時間"  # "发新疆一般多久能到": the place named, not "發貨和到貨時間"
        return to_traditional(said) if u.lang == "zh-Hant" else said.replace("發", "发").replace("時間", "时间")
    if "charge_habit" in u.missing:
        return named  # "上夜班的 白天睡觉前插上充好还是醒了再充": how best to charge it, not the night shift around it
    if "handheld" in u.missing and _POCKET.search(fold(u.text)):
        return "pocket fit" if u.lang == "en" else ("放不放得進口袋" if u.lang == "zh-Hant" else "放不放得进口袋")  # not 握持感
    if "coupon" in u.missing and u.lang != "en" and (offer := _SPEND_SAID.search(u.text)):
        if not offer.group(2):
            return offer.group()  # "滿千送百": the offer in the viewer's words, not "優惠券和滿減"
        said = offer.group(1) + "的優惠"  # "買滿500有沒有折": 滿500的優惠, not the question
        return to_traditional(said) if u.lang == "zh-Hant" else to_simplified(said)
    if _names_missing(u, own) and named not in ("這一項", "that detail"):
        return named  # "口紅買回去放抽屜裡 保質期有多久": the thing asked (保質期), not the situation around it
    if u.unsaid:
        # the viewer's clause reads best when it holds the word ("盒子有磁吸"); "does the serum have peptides" is no
        # topic ("does the have peptides"): the word itself
        if own and not (u.lang == "en" and (_EN_ASKED.match(own) or _NAME_GAP.search(own))) and all(w in fold(own) for w in u.unsaid[:2]):
            return f'"{own}"' if u.lang == "en" else own
        return _unsaid_words(u)
    if u.lang == "en" and "operation" in u.missing and (how := _EN_OPERATE_SPLIT.search(u.text)):
        both = " on and off" if re.search(r"\bon\s*(?:n|and|&|/)\s*off\b", u.text, re.I) else f" {how.group(3).lower()}"
        return f"how to {how.group(1).lower()} {how.group(2).strip()}{both}"  # "how do i switch the ANC on n off": "how to switch ANC on and off"
    if u.lang == "en" and "operation" in u.missing and (how := _EN_OPERATE.search(u.text)):
        return f"how to {how.group(1).lower()} {how.group(2).strip()}"  # "how to turn on game mode", not "operating steps"
    if u.lang != "en" and "operation" in u.missing and (way := next((w for k, w in _WAYS if k in fold(u.text)), None)):
        return way  # "怎麼跟手機配對", "怎麼連接手機": what is not on the sheet is how to pair, not "操作方法"
    if u.lang != "en" and "operation" in u.missing and (mode := _MODE.search(u.text)):
        said = mode.group(1) + "怎麼開"  # "遊戲模式咋開": the mode named, not "操作方法"
        return to_traditional(said) if u.lang == "zh-Hant" else said.replace("怎麼開", "怎么开")
    if u.lang == "en" and "compat" in u.missing and (dev := _EN_DEVICE.search(u.text)):
        return f"compatibility with {_EN_DEVICES[dev.group().lower()]}"  # "X1 works w/ iphone?"
    if u.lang == "en" and "operation" in u.missing and (how := _EN_PAIR.search(u.text)):
        device = " to a phone" if re.search(r"phone|android", u.text, re.I) else ""
        return f"how to {how.group(1).lower()} it{device}"  # "how do i pair the earbuds with my phone"
    if u.lang == "en" and named != "that detail":
        return named  # "battery life" reads better in an English sentence than the viewer's clause
    if set(u.missing) & (A.POLICY_ATTRS | _BY_NAME) and named != "這一項":
        return named  # the shop's policies have names viewers know: 運費和包郵, 發貨和到貨時間
    if any(u.viewers_word(a) for a in u.missing):
        return named  # the viewer's own word for the thing ("NFC", "雙卡"), not the clause around it
    if u.lang == "en":
        return f'"{own}"' if own else named
    if own and (_WH.search(own) or _CHOICE.search(own)) and named != "這一項" and "operation" not in u.missing:
        return named  # "X1 的充電時間" reads better than "X1 從沒電到滿要充多久"; "能不能帶上飛機" is the thing itself
    return own or (named if named != "這一項" else _thing_asked(u, persona) or named)


def _thing_asked(u: Understood, persona: Persona) -> str:
    """The thing a "what / how much is the X" question asks for, when nothing else names it: "精華的pH值是多少" -> "PH值"
    (a short term of the trade may be Latin), never the viewer's situation, a number or a claim."""
    first = persona.product(u.product)
    names = sorted({fold(w) for w in ((first.name, *first.aliases) if first is not None else ())}, key=len, reverse=True)
    banned = banned_words(persona)
    for clause in re.split(r"[\s，,。！!？?、~～]+", u.text.strip()):
        c = clause
        for w in names:
            c = _drop_name(c, w)
        c = _PARTICLES.sub("", _LEADING.sub("", c.strip()))
        if not (m := _ASK_TAIL.search(c)):
            continue
        thing = c[: m.start()].strip("的 ")
        latin = re.findall(r"[A-Za-z]+", thing)
        if not 2 <= len(thing) <= 6 or re.search(r"\d", thing) or _SITUATION.search(thing) or _echoes(thing) or _ASK_WORDS.search(thing):
            continue
        if len(latin) > 1 or any(len(x) > 4 for x in latin) or not has_cjk(thing) or any(b in fold(thing) for b in banned):
            continue  # "pH值", "SIM卡": a term; a Latin phrase in a Chinese sentence is mixed language
        thing = re.sub(r"[A-Za-z]+", lambda x: x.group().upper(), thing)  # "PH值", as a code is written in Chinese text
        return to_traditional(thing) if u.lang == "zh-Hant" else thing
    return ""

def banned_words(persona: Persona) -> tuple[str, ...]:
    """The persona's own banned claims, folded ("醫生推薦"): never named back as a topic, from the viewer's clause
    or from the words the sheet lacks."""
    return tuple(b for b in (fold(x) for x in persona.compliance.banned) if b)


def is_embedded_question(topic: str) -> bool:
    """A topic that is the viewer's question embedded ("可不可以單耳用"): said right after the
    product's name ("沒有寫 X1 可不可以單耳用"), not as its attribute ("X1 的產地")."""
    return bool(_A_NOT_A_SAID.search(topic) or _WH.search(topic) or _CHOICE.search(topic) or _X_NOT_X.search(topic))


def _unsaid_words(u: Understood) -> str:
    """The viewer's own words for what the sheet does not cover, in the answer's script."""
    words = [w if w.isascii() else (to_traditional(w) if u.lang == "zh-Hant" else w) for w in u.unsaid[:2]]
    words = [re.sub(r"(?<![a-z])[a-z]{1,2}(?![a-z])", lambda m: m.group().upper(), w) for w in words]  # "A醇", "VC"
    words = [m.group() if w.isascii() and (m := re.search(r"[\s-]?".join(map(re.escape, w)), u.text, re.I)) else w for w in words]  # "BSMI", "night mode" as typed
    if u.lang == "en":
        return '"' + " ".join(words) + '"' if len(words) > 1 and " ".join(words) in u.text.lower() else " or ".join(f'"{w}"' for w in words)
    return "「" + "」和「".join(words) + "」"


_ASK_TAIL = re.compile(r"(?:是)?(?:什麼|什么|多少|多長|多长|多大|多重|多久|幾[個个]?|几[个]?|哪裡|哪里|哪|啥|怎麼樣|怎么样)(?:[嗎吗呢呀啊]?)$")
_ASK_WORDS = re.compile(r"什麼|什么|多少|幾|几|哪裡|哪里|哪|啥|怎麼|怎么|咋|嗎|吗|呢|吧|嘛")
# a question word that an embedded question keeps ("充滿要多久", "是什麼材質")
_WH = re.compile(r"什麼|什么|多少|多久|多長|多长|多大|多重|幾|几|哪|啥|怎麼|怎么")
# a yes/no question asked with a modal ("可以單耳用嗎") is named back as its A-not-A form ("可不可以單耳用")
_MODAL = re.compile(r"(可以|能|會|会|有|要|支援|支持|適合|适合)(?=[\u4e00-\u9fff])")
_A_NOT_A = {"可以": "可不可以", "能": "能不能", "會": "會不會", "会": "会不会", "有": "有沒有", "要": "要不要",
            "支援": "支不支援", "支持": "支不支持", "適合": "適不適合", "适合": "适不适合"}  # fmt: skip
_A_NOT_A_SAID = re.compile(r"(?:可不可以|能不能|會不會|会不会|有沒有|有没有|要不要|支不支援|支不支持|適不適合|适不适合)")
_CHOICE = re.compile(r"還是|还是")
_WAYS = (("配对", "配對方式"), ("连", "連接方式"))  # the steps asked, by the viewer's verb
# a Latin term for something no sheet has, typed in a Chinese question, named in Chinese (a Latin word in a Chinese line
# reads as a mixed-language sentence): "唇膏有冇nude色", "口红有没有shimmer", "這支有支援dual SIM嗎"
_LATIN_ZH = {"nude": "裸色", "shimmer": "閃粉", "glitter": "閃粉", "dual sim": "雙卡", "wireless charging": "無線充電", "night mode": "夜景模式",
             "retinol": "A醇", "fragrance": "香精", "vegan": "純素", "cruelty free": "動物實驗", "recyclable": "可回收", "primer": "妝前乳"}  # fmt: skip
_LATIN_TERM = re.compile(r"(?<![A-Za-z])(?:" + "|".join(k.replace(" ", r"[\s-]*") for k in _LATIN_ZH) + r")(?![A-Za-z])", re.I)
_POCKET = re.compile(r"裤袋|口袋|pocket")
_PLACE_ZH = re.compile(r"(?:[發发寄送運运]到?|到)(新疆|西藏|內蒙古?|内蒙古?|青海|甘肅|甘肃|寧夏|宁夏|海南|東北|东北|黑龍江|黑龙江|雲南|云南|貴州|贵州|"
                       r"偏遠地區|偏远地区|偏遠|偏远|[\u4e00-\u9fff]{2,3}(?:省|市|縣|县))")
_LIVES_IN = re.compile(r"(?:我人在|我住在?|人在|住在)([\u4e00-\u9fff]{2,3}?)(?=[\s,，。!?！？]|寄|发|發|要|$)")  # "我人在台中 寄過來要幾天"
_SPEND_SAID = re.compile(r"([满滿](?:\d+|[一二兩两三四五六七八九十百千萬万]+)(?:元|塊|块)?)(有沒有|有没有|有冇|能|會|会)?(?:減|减|折|送|立減|立减|返)(?:\d+|[一二兩两三四五六七八九十百千萬万]+)?(?:的?(?:優惠|优惠)?[券卷])?")
_BY_NAME = frozenset({"senior_mode", "font_size", "over_makeup", "men", "age", "flight", "elder", "sleep", "mixing", "voltage", "power_split", "battery_care", "coverage", "chip", "size_fit", "handheld", "shade_pick", "water", "restock", "sun_readable", "video_out", "bigger_size", "sales", "first_charge", "wait_time"})  # named by the attribute: "P65 的電壓", not "P65 的帶出國"; "X1 的佩戴感", not "X1 的跑步用"; 補貨, not "賣完還補"
_EN_OPERATE_SPLIT = re.compile(r"\b(switch|turn|toggle|flip)\s+(?:the\s+|my\s+)?(?!on\b|off\b)([A-Za-z][A-Za-z -]{1,24}?)\s+(on|off)\b(?!\s+(?:the|my|your|a)\b)", re.I)  # "switch the ANC on"
_EN_OPERATE = re.compile(r"\b(turn on|switch on|turn off|activate|enable|switch to)\s+(?:the\s+)?([a-z][a-z -]{2,24}?)(?=\s+(?:on|for|in)\b|\s*[?.!]|\s*$)", re.I)
_NAME_GAP = re.compile(r"\bthe (?:with|and|for|in|on|of|to|or)\b|\bthe$", re.I)  # "use the with retinol": a name taken out
_EN_ASKED = re.compile(r"(?:does|do|is|are|can|will|has|have)\b", re.I)  # a clause that is still the question
_EN_DEVICES = {"iphone": "iPhone", "android": "Android", "ipad": "iPad", "macbook": "MacBook", "mac": "Mac", "samsung": "Samsung",
               "huawei": "Huawei", "pixel": "Pixel"}
_EN_DEVICE = re.compile(rf"\b(?:{'|'.join(_EN_DEVICES)})(?=\d|\b)", re.I)  # macbook before mac: dict order
_MODE = re.compile(r"([\u4e00-\u9fff]{2}模式)")
_EN_PAIR = re.compile(r"\b(pair|connect)\b", re.I)
_X_NOT_X = re.compile(r"([\u4e00-\u9fff])[不沒没]\1")  # "疼不疼", "洗不洗得掉"
_YES_NO = re.compile(r"(?:[嗎吗么麼嘛]|[^\u4e00-\u9fff]*[不沒没])[\s?？!！~～。.]*$")
# the viewer's situation, not the thing asked ("我安卓機", "上下班坐捷運超吵", "皮很薄一碰就紅")
# ("適合她嗎": the viewer's mother, anywhere in the clause, is no topic: "沒有寫面霜的適合她")
_SITUATION = re.compile(r"^(?:我|你|給我|给我|買給|买给|幫我|帮我|替我)|[很超太]|(?<!其)[他她]")
_EN_LEAD = re.compile(r"^(?:hi|hey|so|and|but|ok|um)?\s*(?:can|could|does|do|did|is|are|will|would|should)\s+(?:i|you|it|we|they|this|that|the \w+)\s+", re.I)


def _own_words(u: Understood, persona: Persona) -> str:
    text = u.text.strip()
    first = persona.product(u.product)
    names = sorted({first.name, *first.aliases}, key=len, reverse=True) if first is not None else []
    for w in names:
        text = re.sub(re.escape(w), " ", text, flags=re.I)
    if u.lang == "en":
        text = _EN_LEAD.sub("", re.sub(r"[?!.~]+", " ", text).strip()).strip()
        text = re.sub(r"^(?:the|a|an|my|your)\s+|\s+(?:the|a|an)$", "", re.sub(r"\s+", " ", text), flags=re.I).strip()
        ok = 2 <= len(text) <= 28 and text.isascii() and 1 <= len(text.split()) <= 4
        return text if ok and not re.search(r"\d", text) and not _echoes(text) else ""
    banned = banned_words(persona)
    folded_names = sorted({fold(w) for w in names}, key=len, reverse=True)
    for clause in re.split(r"[\s，,。！!？?、~～]+", u.text.strip()):
        yes_no = bool(_YES_NO.search(clause))
        c = _LEADING.sub("", clause.strip())
        inside = False
        for w in folded_names:  # the product's words in either script ("耳机" for 耳機), longest first
            inside = inside or fold(c, keep_separators=True).find(w) > 0
            c = _LEADING.sub("", _drop_name(c, w).strip())
        if inside:
            continue  # "耳朵小小的戴X1會不會痛": the clause around a name reads badly without it
        said = _PARTICLES.sub("", c).strip(" 了")  # "有白的", "水水的還是稠稠的" keep their 的
        c = said if _CHOICE.search(said) else said.strip("的")
        if re.search(r"\d|[一二兩两三四五六七八九十百千]{2,}|[一二兩两三四五六七八九十半][米克瓦個个天年吋寸毫]", c) or _echoes(c) or _EMOJI.search(c) \
                or any(b in fold(c) for b in banned):
            continue  # a number the viewer said is never repeated as if it were ours; nor a claim
        if re.search(r"[A-Za-z]{3,}", c) or _SITUATION.search(c) or len(c) < 2:
            continue  # "能充switch": mixed language; "我安卓機": the viewer's situation, not the topic
        if not all(has_cjk(ch) or ch.isalnum() for ch in c):
            continue
        if _WH.search(c) or _CHOICE.search(c):
            if 4 <= len(c) <= 12 and not re.match(r"[的了有是跟和與与或]|[多幾几哪啥什怎]", c) and not re.search(r"[A-Za-z]", c):
                return c  # "充電盒充滿要多久", "曲面還是直屏": the question itself, embedded
            continue
        if yes_no:  # "洗得掉嗎" -> "洗不洗得掉", "連得上嗎" -> "連不連得上"
            c = re.sub(r"([\u4e00-\u9fff])得([上下到掉完滿满])$", r"\1不\1得\2", c)
        m = _MODAL.search(said)
        if yes_no and m and m.start() <= 3 and not _A_NOT_A_SAID.search(c) and (2 if m.start() == 0 else 1) <= len(said) - m.end() <= 8:
            # "可以單耳用嗎" -> "可不可以單耳用", "有白的嗎" -> "有沒有白的", "早上能擦嗎" -> "早上能不能擦"
            return said[: m.start()] + _A_NOT_A[m.group()] + said[m.end() :]
        if (_A_NOT_A_SAID.match(c) or _X_NOT_X.search(c)) and 3 <= len(c) <= 10 and not _ASK_WORDS.search(c):
            return c  # "能不能涂全身", "電池耐不耐用", "洗不洗得掉": the viewer's yes/no question
        c = re.sub(r"^(?:[的有是能會会要]|可以)+(?=[\u4e00-\u9fff]{2})", "", c) if len(c) > 3 else c
        if _ASK_WORDS.search(c) or re.match(r"[里裡在的了有線线能會会要发發]|可以", c) or re.search(r"[要能會会得才把]$|看看|一下", c) or len(c) < 2:
            continue  # "持妝幾小時", "里有", "充滿要": a fragment, not a topic
        if 2 <= len(c) <= 8 and sum(has_cjk(ch) for ch in c) >= 2:
            return c
    return ""


def _drop_name(clause: str, folded_name: str) -> str:
    """The clause without the product's name, matched in either script ("耳机" for 耳機)."""
    f = fold(clause, keep_separators=True)
    if len(f) != len(clause) or not folded_name:
        return clause.replace(folded_name, "")
    i = f.find(folded_name)
    while i >= 0:
        clause, f = clause[:i] + clause[i + len(folded_name) :], f[:i] + f[i + len(folded_name) :]
        i = f.find(folded_name)
    return clause
