"""From an understood question to what may be said: the safe answer, and what an LLM answer must hold.

The plan's lines are always correct by construction (facts from the sheet, honest deferrals,
corrections of bait, questions back when the product is unclear); the writer says them when
the LLM is not asked, is late, or writes something that misses the fact or fails the guard.
"""

from __future__ import annotations

import re
from dataclasses import replace

from vhost.knowledge import attrwords as A
from vhost.knowledge import lexicon as L
from vhost.knowledge.attributes import attributes_in
from vhost.knowledge.kb import Fact, be
from vhost.knowledge.ladder import CHECKS
from vhost.knowledge.names import name_product, unwanted
from vhost.knowledge.planned import Plan, name_of
from vhost.knowledge.reading import by_unit
from vhost.knowledge.room import room_line
from vhost.knowledge.rule import CONFIRM, PRICE_ON_THE_WAY, cue
from vhost.knowledge.several import TOGETHER, several, tail_once, together
from vhost.knowledge.topic import is_embedded_question, latin_term_in_chinese, topic_phrase
from vhost.knowledge.understand import Understood
from vhost.persona.model import Persona
from vhost.persona.templates import format_price
from vhost.text.fold import fold

# intents an LLM may phrase (with the facts); the rest are said from the plan as written
# (spec answers come from the sheet's own sentences: measured, the 1.5B model misstates them often)
# the model phrases answers built on the sheet's facts, and small talk (the persona's own lines
# stand by); whether the host is a real person is never left to it
LLM_INTENTS = frozenset({"usage", "suitability", "recommend", "greeting", "chitchat"})
_COMPLIMENT = re.compile(r"好听|好聽|温柔|溫柔|好看|好美|好可爱|好可愛|漂亮|nicevoice|lovelyvoice|soundsnice|soundgreat|cute|pretty")
# an efficacy claim asked about ("聽說可以修復爛臉，真的嗎"): not a reaction the viewer has
_EFFICACY = re.compile(r"好得快|好得比較快|養回來|养回来|屏障|好得比较快|快點好|快点好|好快啲|修復|修复|治好|治療|治疗|改善|救|聽說|听说|真的嗎|真的吗|can it (?:fix|cure|heal|repair)|does it (?:fix|cure|heal)|heal faster|clear (?:it |them )?up faster", re.I)
# a health worry safe to name back (no disease, no efficacy), so the viewer hears their question was heard: the
# first that the (folded) question names, a function before the organ ("堵耳朵會不會傷聽力": 聽力)
_WORRIES = tuple((re.compile(p), zh, en) for p, zh, en in (
    (r"辐射|radiation|(?<![a-z])sar(?![a-z])", "輻射和健康的問題", "Radiation and health are"),
    (r"听力|hearing", "對聽力的影響", "Effects on your hearing are"), (r"视力|eyesight", "對視力的影響", "Effects on your eyesight are"),
    (r"睡眠", "對睡眠的影響", "Effects on your sleep are"), (r"耳朵", "對耳朵的影響", "Effects on your ears are"),
    (r"眼睛", "對眼睛的影響", "Effects on your eyes are"),
    (r"痘|粉刺|闭口|暗疮|acne|pimple|breakout", "痘痘這類皮膚狀況", "Acne and other skin conditions are"),
))  # a disease is never named on air (the guard refuses 濕疹, eczema): those stay "這類健康問題"  # fmt: skip
_POLICY_NAME = {"warranty": ("保固", "the warranty"), "returns": ("退換貨", "returns"), "shipping": ("發貨和物流", "shipping"),
                "how_to_buy": ("下單方式", "ordering")}
_YOUR_NAME = re.compile(r"主播叫(?:啥|什么|咩|乜)|你叫(?:啥|什么|咩|乜)|叫什么名|叫啥名|叫咩名|叫乜名|什么名字|啥名字|你是谁|主播是谁|怎么称呼|点称呼|点叫你|怎么叫你|whatsyourname|whoareyou|yourname")
_ARE_YOU_REAL = re.compile(r"真人|机器人|是ai|是人吗|是人嘛|虚拟|数字人|are you (?:a )?(?:real|human|bot|ai|robot)|is this (?:a )?(?:bot|ai)", re.I)
_RECORDED = re.compile(r"预录|录好的|录播|提前录|录像吗|是直播吗|prerecorded|isthis(?:stream)?(?:live|recorded)|isitlive(?:or|$)|(?:is|are)(?:this|it|you|u)arecording")  # not "when are you live again"
_ABOUT_YOU = re.compile(r"(?:主播|你)(?:是)?(?:哪里|哪儿|边度|哪个地方|哪国|哪个国家|那里)(?:的)?人|(?:主播|你)(?:老家|家乡|来自)|(?:主播|你)(?:今年)?(?:几岁|多大了|几多岁|年纪)|"
                        r"whereareyoufrom|wherere?(?:u|you)from|wherer(?:u|you)from|yourhometown|howoldareyou|howoldru|howoldareu")
_AI_HOST = {  # what the host says of itself, after "我是…": asked whether it is real, live, or where it is from
    "real": {False: "AI 驅動的虛擬主播，商品資訊都以資料卡為準。", True: "a virtual host run by AI; product details always follow the product card."},
    "live": {False: "AI 驅動的虛擬主播，現在是直播，公屏上的問題都是即時回答的。", True: "a virtual host run by AI; this is live, and I answer the chat as it comes."},
    "about": {False: "AI 驅動的虛擬主播，沒有家鄉也沒有年紀，每天在直播間陪大家。", True: "a virtual host run by AI, so no hometown and no age; I'm here in the stream with you."},
}
_ADVICE = re.compile(r"来得及|来不及|会涨|会跌|会升|会降|该不该|要不要买|值不值得|值得买|能不能买|可以买吗|能买吗|入手|抄底|收.{0,6}(?:吗|嘛|不)$|"
                     r"shouldi(?:buy|get|sell)|worth(?:buying|it)|toolate|willitgo(?:up|down)|goingup|goingdown|buythe|sellnow")
_PROGRESS = re.compile(r"砍到(?:第)?[几哪]|到哪了|第几[档格]了|进度|howfar(?:are|r)?we|progress|whichstep(?:are|r)we|whatstep(?:are|r)we")
_FINE_CLAUSE = re.compile(r"[，,][^，,。.]*(?:沒問題|没问题|no problem)")
_IF = re.compile(r"如果|萬一|万一|要是|假如|\bif\b", re.I)  # what might happen, not what did: no "stop using it" first
_SPECIAL = re.compile(r"孕|哺乳|喂奶|餵奶|寶寶|宝宝|嬰兒|婴儿|小孩|兒童|儿童|pregnan|breastfeed|baby|babies|child|kids", re.I)
_REACTION = re.compile(r"刺痛|刺刺|過敏|过敏|紅腫|红肿|發癢|发痒|很癢|很痒|好癢|好痒|起疹|疹子|泛紅|泛红|爆痘|爛臉|烂脸|灼熱|灼热|(?<![a-z])(?:sting|rash|itch|burn(?!s?\s+(?:\w+\s+)?eas)|allerg|breakout|red and)", re.I)  # not the "rash" of "crashing", nor "i burn super easy" (in the sun)


def _each_its_own(facts: tuple[Fact, ...], asked: set[str]) -> bool:
    """The first two facts each answer an ask of their own: different attributes asked ("單手拿著沉不沉 屏幕多大": the
    weight, the screen), or, for two policies, which carry none, different intents ("N9是公司貨嗎 壞了保固找誰": the
    product page, then the warranty)."""
    if len(facts) < 2:
        return False
    a, b = facts[0], facts[1]
    if a.kind == b.kind == "policy":
        return a.intents != b.intents
    one, two = set(a.attrs) & asked, set(b.attrs) & asked
    return bool(one and two) and not one & two


def plan(u: Understood, persona: Persona, viewer: str = "") -> Plan:
    """persona: the edition in the answer language (persona.edition(u.lang))."""
    en = u.lang == "en"
    name = name_of(persona, u.product, en)
    facts = [f for f in u.facts if f.product is None or f.product in u.products or not u.products]
    if u.answered_as == "bundle" and u.intent == "bundle" and len(u.products) == 1 and any(f.kind == "bundle" and f.product == u.product for f in facts):
        # "serum duo, how much is it n how much do i save vs 2 singles": what the singles come to, then the set and its saving
        # (not a single's price in the set's place)
        facts.sort(key=lambda f: {"apart": 0, "bundle": 1}.get(f.kind, 2))
    if len(u.products) > 1 and u.answered_as in ("spec", "usage", "suitability", "compare"):
        # "充电线配那个65w的头 给笔记本充 直接插就完事": a fact of each product before a second of one
        firsts = [f for i, f in enumerate(facts) if all(g.product != f.product for g in facts[:i])]
        facts = [*firsts, *(f for f in facts if f not in firsts)]
    if u.answered_as == "compare" and len(u.products) >= 2 and len(u.attrs) >= 2:
        # "邊個瓦數高啲 條線有幾長": each one's figure on the measure compared, then what else was asked of one
        shared = {a for a in u.attrs if all(any(a in f.attrs for f in facts if f.product == p) for p in u.products[:2])}
        facts.sort(key=lambda f: not f.attrs & shared)
    # several products: each line says which one it is about ("面霜：一罐 50 克。" beside the sunscreen's line)
    texts = tuple(dict.fromkeys(name_product(f.text, persona, f.product) if len(u.products) > 1 and f.product else f.text
                                for f in facts))[: _lines_for(u, facts)]  # fmt: skip
    if u.answered_as == "recommend" and len(u.products) == 1 and texts:
        texts = (name_product(texts[0], persona, u.product, full=True), *texts[1:])  # the one recommended is named: "P65 氮化鎵快充頭：65 瓦輸出，…"
    if len(u.products) > 1:
        texts = tail_once(texts, en)
        if u.answered_as in ("price", "bundle") and TOGETHER.search(fold(u.text)) and facts and all(f.kind == "price" for f in facts):
            texts = (*texts, together(facts, persona, en))  # "各多少 一起買多少": each price, then what they come to
    must = _must(facts[:1])
    thanks = (("Thank you!",) if en else ("謝謝誇獎！",)) if _COMPLIMENT.search(fold(u.text)) else ()  # "聲音好聽 是真人嗎"
    asked_name = bool(_YOUR_NAME.search(fold(u.text)))
    named = ((f"I'm {persona.identity.name}.",) if en else (f"我是{persona.identity.name}。",)) if asked_name else ()
    chat = u.answered_as in ("chitchat", "greeting")
    if asked := ("live" if chat and _RECORDED.search(fold(u.text)) else "about" if chat and _ABOUT_YOU.search(fold(u.text))
                 else "real" if _ARE_YOU_REAL.search(fold(u.text)) or _ARE_YOU_REAL.search(u.text) else ""):  # fmt: skip
        # always honest about being an AI host: "是真人嗎", "是不是預錄好的", "主播你係邊度人"
        named_me = asked_name or asked != "real"
        me = (f"I'm {persona.identity.name}, " if en else f"我是{persona.identity.name}，") if named_me else ("I'm " if en else "我是 ")
        return Plan("open", (*thanks, me + _AI_HOST[asked][en]))
    if len(u.products) == 1 and u.answered_as == "spec" and texts and L.INTRO.search(fold(u.text)) and (p := persona.product(u.product)):
        return Plan("fact", (f"{'These are' if be(p.name) == 'are' else 'This is'} the {p.name}." if en else f"這是{p.name}。", *texts[:1]), facts=texts)  # "這是什麼": what it is, then why
    if u.products and u.answered_as == "chitchat" and L.HOST_USES.search(fold(u.text)):  # honest: an AI host uses nothing
        return Plan("open", ("I'm a virtual host, so I haven't used it myself; here is what our sheet says." if en
                             else "我是 AI 主播，自己沒有用過，說說資料卡上寫的。", *texts[:1]))  # fmt: skip
    if named and u.answered_as in ("chitchat", "greeting") and not u.products:  # "主播叫什麼名字": the persona's name
        return Plan("open", (*thanks, *named))
    if (room := room_line(u, persona)) is not None:
        mode, said, unknown = room
        return Plan(mode, said, unknown=unknown)  # the room's own lines: declined topics, the next round, the call, the schedule
    if u.answered_as == "medical":
        # the viewer's own words are not repeated: they may name a disease or an efficacy claim
        line = ("Health questions are not something we can judge; please ask a doctor if you're concerned." if en
                else "這類健康問題我們不做判斷，有疑慮請諮詢醫生。")  # fmt: skip
        if worry := next(((zh, said) for pat, zh, said in _WORRIES if pat.search(fold(u.text))), None):
            line = (f"{worry[1]} not something we can judge; please ask a doctor if you're concerned." if en
                    else f"{worry[0]}我們不做判斷，有疑慮請諮詢醫生。")  # fmt: skip
        if _REACTION.search(u.text) and not _EFFICACY.search(u.text):  # no selling point after "my face stings"; the returns policy when asked
            return Plan("caution", (_stop_using(en), *_returns(u)))
        point = next((f.text for f in u.facts if f.kind in ("point", "faq") and f.product == u.product), None)
        claim = [f.text for f in u.facts if f.kind == "script" and f.product == u.product][:1]  # "看起來更有光澤": the sheet's own claim
        advice = [f.text for f in u.facts if f.kind == "advice"][:1]  # "孕婦能擦嗎": the persona's own advice (ask a doctor first)
        health = cue(fold(u.text), "medical") > 0
        more = any(not _SPECIAL.search(c) for c in re.split(r"[\s,，。？?！!]+", u.text) if c)  # "含鉛嗎 孕婦擦會怎樣": two asks
        lead = [line, *advice] if health or more or not advice else advice  # not judged, then the advice
        return Plan("caution", (*lead, *([point] if point else []), *claim))
    if u.answered_as == "returns" and _REACTION.search(u.text) and _returns(u) and not _IF.search(u.text):
        return Plan("caution", (_stop_using(en), *_returns(u)))  # "過敏了可以退嗎": stop first, then the policy
    if u.answered_as == "complaint":
        who = f"{viewer}, " if en and viewer else (f"{viewer}，" if viewer else "")
        sorry = f"{who}抱歉遇到這個問題，請在訂單頁聯繫客服，我們會跟進。"
        if en:
            sorry = f"{who}sorry about that; please contact customer service from your order page and we'll follow up."
            sorry = sorry[:1].upper() + sorry[1:]  # "Sorry about that" when no name leads
        if _REACTION.search(u.text):  # a reaction on the skin: stop first, then a doctor, then the shop
            return Plan("caution", (_stop_using(en), sorry, *_returns(u)))
        if _returns(u):
            return Plan("caution", (sorry, *_returns(u)))
        return Plan("caution", (sorry,))
    if u.ambiguous and not u.products:
        names = [name_of(persona, pid, en) for pid in u.ambiguous[:3]]
        what = u.topic() if u.attrs else ""
        what = "" if what in ("這一項", "that detail") else what
        q = (f"Which one do you mean{' for ' + what if what else ''}: {' or '.join(names)}?" if en
             else f"想問哪一款{'的' + what if what else ''}呢？{'還是'.join(names)}？")  # fmt: skip
        return Plan("clarify", (q,))
    from vhost.knowledge.lexicon import PRODUCT_INTENTS

    if u.answered_as in PRODUCT_INTENTS and not u.products and not (u.missing and set(u.missing) <= A.POLICY_ATTRS | {"future_sale"}):
        names = [name_of(persona, p.id, en) for p in persona.products[:4]]
        q = f"Which product do you mean: {', '.join(names)}?" if en else f"想問哪一款呢？我們有{'、'.join(names)}。"
        return Plan("clarify", (q,))
    if u.facts and all(f.kind == "step" for f in u.facts) and (CONFIRM.search(fold(u.text)) or CHECKS.search(fold(u.text))):
        # a ladder step asked to confirm: yes when the viewer's figures are the step's, else no, and the steps as they are
        right = set(re.findall(r"\d+", u.facts[0].text)) <= set(re.findall(r"\d+", u.text)) and len(u.facts) == 1
        return Plan("fact" if right else "correct", (("Yes." if en else "對。") if right else ("Not quite." if en else "不是哦。"), *texts))
    if u.answered_as == "bargain" and _PROGRESS.search(fold(u.text)):
        # "砍到第幾檔了", "how far are we": where the room has got is on the overlay's progress bar, then the steps
        line = "The progress bar on screen shows how far we've got." if en else "砍價進度看畫面上的進度條。"
        return Plan("fact", (line, *texts[:1]))
    if u.bait and u.answered_as in PRICE_ON_THE_WAY and u.facts and u.facts[0].kind == "price":
        # "唇膏89包郵嗎": not that price, the price now, then the question asked (shipping, returns…)
        rest = plan(replace(u, bait=(), facts=u.facts[1:]), persona, viewer)
        return Plan("correct", ("That's not the price." if en else "不是這個價格。", u.facts[0].text, *rest.lines[:1]), unknown=rest.unknown)
    if u.bait and not (u.missing and all(_capability(b) for b in u.bait)):
        return _correct(u, persona, texts, name, en)  # a capability the sheet is silent on is deferred, below
    if u.answered_as in ("suitability", "usage") and _SPECIAL.search(u.text):
        line = ("During pregnancy or for babies and children, please ask a doctor first." if en
                else "孕期、哺乳期或寶寶、小孩使用，請先諮詢醫生。")  # fmt: skip
        return Plan("caution", (line, *texts[:1]))
    topic = topic_phrase(u, persona) if u.missing else ""
    if u.missing:
        if u.lacking and u.lacking != u.products[:1]:  # "X1跟P65防水嗎": the P65's sheet lacks it, not the X1's
            name = (" and the " if en else "和").join(name_of(persona, pid, en) for pid in u.lacking[:2])
        # the "not" comes before the topic: a capability named after it would read as a claim
        d = (f"I don't have the {name}'s {topic} in my notes yet; I'll check and let you know." if en
             else f"資料卡上沒有寫{name}{'' if is_embedded_question(topic) else '的'}{topic}，我確認後再告訴大家。")  # fmt: skip
        if en and topic.startswith(('"', "how to ", "how much ", "whether ")):
            d = f"My notes on the {name} don't cover {topic} yet; I'll check and let you know."
        if not u.products or set(u.missing) <= A.SHOP_WIDE:  # the shop's shipping or payment, not "the cream's Alipay"
            ours = "" if any(u.viewers_word(a) for a in u.missing) or topic.startswith(("the ", "how ")) else "our "  # "I don't have Alipay in my notes", "our shipping costs"
            d = f"I don't have {ours}{topic} in my notes yet; I'll check and let you know." if en else f"資料卡上沒有寫{topic}，我確認後再告訴大家。"
            if en and topic.startswith('"'):
                d = f"My notes don't cover {topic} yet; I'll check and let you know."
        if topic in ("這一項", "that detail"):
            d = "I don't have that in my notes yet; I'll check and let you know." if en else "這一項資料卡上沒有寫，我確認後再告訴大家。"
        # what it does know after it: one fact, or two when each answers another ask ("單手拿著沉不沉 屏幕多大": the weight, the screen)
        both = len(texts) >= 2 and _each_its_own(u.facts, set(u.attrs))
        if u.answered_as in ("price", "stock") and texts and set(u.missing) <= A.POLICY_ATTRS:
            return Plan("defer", (texts[0], d), unknown=topic)  # "N9多少錢 可以分期嗎": the price asked first, then what the sheet lacks
        return Plan("defer", (d, *texts[: 2 if both else 1]), unknown=topic)
    if (multi := several(u, persona, facts, texts, name, en)) is not None:
        return multi  # two or more products: sets, totals, comparisons; a rival, never named
    if texts:
        # a usage or suitability answer must state the fact it was given; a recommendation may choose among them
        # a usage or suitability answer must state the fact it was given (so the model may only
        # phrase it when there is a fact to check); a recommendation may choose among them
        checked = u.answered_as in ("usage", "suitability")
        llm = u.answered_as in LLM_INTENTS and (not checked or bool(must))
        return Plan("fact", texts, must=must if checked else (), facts=texts, llm=llm)
    if u.answered_as in ("warranty", "returns", "shipping", "how_to_buy"):
        # a policy the persona did not write: the platform's rules and the order page, never an invented term
        what = _POLICY_NAME[u.answered_as][1 if en else 0]
        return Plan("fact", (f"{what[:1].upper() + what[1:]} follows the platform's rules; you can reach customer service from your order page.",) if en
                    else (f"{what}以平台規則為準，可以在訂單頁聯繫客服處理。",))  # fmt: skip
    if u.answered_as in ("greeting", "chitchat") and u.products and _QUESTION.search(u.text):
        # "插頭能折疊嗎": a question about the product that the sheet does not cover, not small talk
        if term := latin_term_in_chinese(u.text, u.lang):  # "口红有没有shimmer": named, in Chinese; "is it recyclable": named
            return Plan("defer", (f'My notes on the {name} don\'t cover "{term}" yet; I\'ll check and let you know.' if en
                                  else f"資料卡上沒有寫{name}的{term}，我確認後再告訴大家。",), unknown=term)  # fmt: skip
        return Plan("defer", ("I don't have that in my notes yet; I'll check and let you know." if en
                              else "這一項資料卡上沒有寫，我確認後再告訴大家。",))  # fmt: skip
    if u.answered_as in ("compare", "recommend", "spec") and not u.products and "sales" in u.attrs:
        # "which one's your best seller": no sales figures on the sheet (said so, none called the best), then the shelf
        return Plan("defer", ("I don't have sales figures in my notes yet; I'll check and let you know." if en
                              else "資料卡上沒有寫各款的銷量，我確認後再告訴大家。", *_shelf(persona, en, u.text)))  # fmt: skip
    if u.answered_as in ("greeting", "chitchat", "compare", "recommend"):
        # a question the understanding could not place ("插頭能折疊嗎", "活動截止哪天") is not
        # small talk: left to the model it gets an invented answer, so the persona's line is said
        unplaced = u.answered_as == "chitchat" and _QUESTION.search(u.text) and not L.TO_HOST.search(u.text)
        # advice on buying something not ours ("主播懂显卡挖矿不 现在收二手矿卡还来得及吗"): the model agreed; the persona's line
        unplaced = unplaced or (u.answered_as == "chitchat" and not u.products and bool(_ADVICE.search(fold(u.text))))
        # a budget named is answered with the prices that fit it, as planned (the model drops prices, or picks the set)
        free = u.answered_as in LLM_INTENTS and not unplaced and not (u.answered_as == "recommend" and L.BUDGET.search(u.text)) \
            and not L.BOUGHT.search(fold(u.text).strip())  # "已拍": thanked in the persona's words
        return Plan("open", _social(u.answered_as, viewer, persona, en, u.text), llm=free)
    return Plan("defer", ("Let me check that and come back to you." if en else "這個問題我確認一下再回覆大家。",))


def _stop_using(en: bool) -> str:
    return "Please stop using it; if the discomfort stays, see a doctor." if en else "請先停用，不適沒有緩解請諮詢醫生。"


def _returns(u: Understood) -> tuple[str, ...]:
    """The returns policy, when the question also asked about returning it ("過敏了可以退嗎")."""
    return tuple(f.text for f in u.facts if f.kind == "policy" and "returns" in f.intents)[:1]


def _must(facts: list[Fact]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(m for f in facts for m in f.must))


def _lines_for(u: Understood, facts: list[Fact]) -> int:
    """How many facts a fact answer says: each price of three or more products; the price, the size and a freebie asked
    ("精華一毫升算下來多少 有送小樣嗎"); else two."""
    if u.answered_as in ("price", "stock", "bundle") and len(u.products) > 2:
        return 4
    if u.answered_as == "price" and facts[-1:] and facts[-1].kind == "gift":
        return 3
    if u.answered_as == "compare" and len(u.products) >= 2 and len(u.attrs) >= 2:
        return 3  # two products compared and another measure asked
    # "成身汗頂唔頂得順 幾重㗎": three measures asked, three facts, each on a measure of its own
    return 3 if len(u.attrs) >= 3 and len(facts) >= 3 and all(f.attrs & set(u.attrs) for f in facts[:3]) else 2


def _correct(u: Understood, persona: Persona, texts: tuple[str, ...], name: str, en: bool) -> Plan:
    """Never agree with a wrong number, rating or capability: say it is not so, then the fact."""
    from vhost.knowledge.claims import CAPABILITIES

    bait = u.bait[0]
    fold_b = fold(bait)
    capability = _capability(bait)
    lines: list[str] = []
    # the wrong value is not repeated: on air it would be heard as a claim
    price_said = re.fullmatch(r"\d+(?:\.\d+)?", fold_b) is not None and not re.search(r"[%％趴]", bait)
    if price_said:
        lines.append("That's not the price." if en else "不是這個價格。")
    elif bait[:1].isdigit() and not capability:
        lines.append(f"That's not the {name}'s number on our sheet." if en else f"{name}的資料卡上不是這個數字。")
    elif re.match(r"(?i)ip|spf|pa", bait):
        lines.append("That's not its rating." if en else "不是這個等級。")

    immersion = {fold(w) for w in CAPABILITIES["immersion"]}
    if fold_b in immersion or any(fold(b) in immersion for b in u.bait):
        # "不是防水到可以泡溫泉嗎": the no first; the rating after it, without its "沒問題" (heard as a yes to the soak)
        fact = [_FINE_CLAUSE.sub("", t) for t in texts[:1]]
        said = fold(" ".join([*lines, *fact]))
        no = [] if any(w in said for w in ("泡水", "游泳", "swim", "submerge")) else ["Not for swimming or soaking." if en else "不建議帶著游泳或泡水。"]
        return Plan("correct", (*lines, *no, *fact))
    if not lines:
        lines.append("That's not something we claim." if en else f"{name}的資料卡上沒有這種說法。")
    # "sold out? and it's SPF100 right?": the fact that corrects the claim, then the one asked first when that is another
    about = attributes_in(bait) | set(by_unit(bait))  # "10克": the weight, by its unit
    fixing = [f.text for f in u.facts if about and f.attrs & about and f.text not in texts[:1]][:1]
    if (unit := fold(re.sub(r"^[\d.\s]+", "", bait))) and unit != fold(bait) and not capability and texts \
            and not any(re.search(r"\d", t) for t in (*fixing, *texts[:1])):
        fixing = list(_same_unit(persona, u.product, bait, en))[:1] or fixing  # "the cream is 30g right?": the grams, not "a light cream"
    lines.extend([*fixing, *texts[:1]] if fixing else (texts[:1] or (() if capability else _same_unit(persona, u.product, bait, en))))
    if price_said and (count := [f.text for f in u.facts[1:2] if f.kind == "total"]):
        lines.extend(count)  # "2 sunscreens is a set for 299 right?": not that price; one is 159, the two come to 318
    return Plan("correct", tuple(lines))


def _capability(bait: str) -> bool:
    """5G, 無線充電, NFC: a thing it can do, not a number or rating."""
    from vhost.knowledge.claims import CAPABILITIES

    f = fold(bait)
    return any(f == fold(w) for words in CAPABILITIES.values() for w in words)


def _same_unit(persona: Persona, pid: str | None, bait: str, en: bool) -> tuple[str, ...]:
    """The sheet's line with the same unit as a wrong number ("144Hz" -> the 120Hz line)."""
    p = persona.product(pid)
    unit = fold(re.sub(r"^[\d.\s]+", "", bait))
    if p is None or not unit or unit == fold(bait):
        return ()
    name = name_of(persona, pid, en)
    specs = [f"The {name}'s {k} is {v}." if en else f"{name}的{k}是 {v}。" for k, v in p.specs.items()]
    units = {unit, *_SAME_UNIT.get(unit, ())}
    for line in [*p.selling_points, *specs]:
        if any(re.search(rf"\d\s*{re.escape(x)}(?![a-z])", fold(line)) for x in units):
            return (line if line.endswith(("。", ".", "！", "!")) else line + ("." if en else "。"),)
    return ()


_SAME_UNIT = {"w": ("瓦",), "瓦": ("w",), "g": ("克",), "克": ("g",), "mah": ("毫安",), "毫安": ("mah",), "小时": ("hour", "h"),
              "hours": ("小时",), "hour": ("小时",), "db": ("分贝",), "分贝": ("db",), "吋": ("inch",), "ml": ("毫升",), "毫升": ("ml",)}  # fmt: skip


_QUESTION = re.compile(r"[吗嗎嘛么麼呢?？]|[不没沒][\s?？]*$|多少|幾|几|什麼|什么|啥|怎|咋|哪|能不能|可不可以|會不會|会不会|有沒有|有没有|是不是|"
                       r"(?<![a-z])(?:can|does|do|is|are|will|how|what|when|where|which|why)\b", re.I)
_GREET_ZH = ("歡迎{who}來到直播間！", "{who}你好，歡迎！今天的好物都在畫面下方！", "歡迎{who}，有想看的產品直接打在公屏上！")
_GREET_EN = ("Hi {who}, welcome to the stream!", "Welcome in, {who}! Ask about anything on screen.", "Hey {who}, welcome in, glad you're here!")
_CHAT_ZH = ("謝謝{who}的留言！", "收到{who}的留言，想了解哪款可以直接問！", "謝謝{who}陪我們看直播！")
_CHAT_EN = ("Thanks for chatting, {who}!", "Thanks, {who}! Ask me about anything on screen.", "Good to have you here, {who}!")



def _shelf(persona: Persona, en: bool, text: str) -> tuple[str, ...]:
    """A general ask for what to buy ("今天有什麼好貨", "送媽媽 預算三百內"): what is on the shelf with its
    price now, within the budget when one is given, then an invitation to say what they need."""
    budget = L.budget_of(text)
    at = persona.now()
    ruled_out = unwanted(persona, text)  # "除了手機還有什麼推薦"
    items = [(p, p.price_at(at)) for p in persona.products if p.id not in ruled_out]
    fits = [(p, x) for p, x in items if budget is None or x <= budget] or items
    listed = ("; " if en else "、").join(f"{name_of(persona, p.id, en)} {format_price(x)} {'yuan' if en else '元'}" for p, x in fits[:4])
    if en:
        return (f"On the shelf today: {listed}. Tell me what you need and I'll point you to the right one.",)
    return (f"今天有{listed}，說說你的需求，我幫你挑。",)


def _social(intent: str, viewer: str, persona: Persona, en: bool, text: str = "") -> tuple[str, ...]:
    """What to say to a greeting or small talk: the persona's own lines, varied by the message."""
    who = viewer or ("everyone" if en else persona.identity.address)
    pick = (sum(map(ord, text)) + sum(map(ord, viewer))) % 3  # the same "你好" from three viewers is not one line said three times
    if intent in ("greeting", "chitchat") and L.leaving(text):  # "晚安喇各位，聽日再嚟睇": a goodbye, not a welcome
        return (f"Good night, {who}, thanks for watching! See you next time." if en else f"{who}晚安，謝謝陪伴，下次見！",)
    if intent == "greeting":
        return ((_GREET_EN if en else _GREET_ZH)[pick].format(who=who),)
    if intent == "chitchat" and L.BOUGHT.search(fold(text).strip()):
        return (f"Thank you for your order, {who}!",) if en else (f"謝謝{who}的支持，下單成功就等收貨啦！",)
    if intent == "chitchat":
        return ((_CHAT_EN if en else _CHAT_ZH)[pick].format(who=who),)
    if intent == "compare":
        return ("We only compare our own measurements, not other brands.",) if en else ("我們不比別家，只講自己實測的數據。",)
    if intent == "recommend":
        return _shelf(persona, en, text)
    return (f"Thanks for chatting, {who}!",) if en else (f"謝謝{who}的留言！",)
