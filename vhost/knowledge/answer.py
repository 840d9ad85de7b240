"""From an understood question to what may be said: the safe answer, and what an LLM answer must hold.

The plan's lines are always correct by construction (facts from the sheet, honest deferrals,
corrections of bait, questions back when the product is unclear); the writer says them when
the LLM is not asked, is late, or writes something that misses the fact or fails the guard.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from vhost.knowledge.kb import Fact
from vhost.knowledge.understand import Understood
from vhost.persona.model import Persona
from vhost.text.fold import fold

# intents an LLM may phrase (with the facts); the rest are said from the plan as written
# (spec answers come from the sheet's own sentences: measured, the 1.5B model misstates them often)
LLM_INTENTS = frozenset({"usage", "suitability", "recommend", "greeting", "chitchat"})
_PARTICLES = re.compile(r"(?:嗎|吗|呢|吧|啊|呀|哦|喔|不|沒|没|麼|么|嘛|[?？!！。，,.~～\s])+$")
_LEADING = re.compile(r"^(?:主播|請問|请问|想問|想问|問一下|问一下|那個|那个|這個|这个|這款|这款|你們|你们|我想知道)+")


@dataclass(frozen=True)
class Plan:
    mode: str  # fact | defer | clarify | correct | decline | caution | open
    lines: tuple[str, ...]  # the safe answer, in the answer language (script applied by the writer)
    must: tuple[str, ...] = ()  # folded tokens an LLM answer has to contain
    facts: tuple[str, ...] = ()  # fact sentences to give the LLM
    unknown: str = ""  # what the sheet does not say, for the LLM prompt
    llm: bool = False  # may the LLM phrase it


def _name(persona: Persona, pid: str | None, en: bool) -> str:
    p = persona.product(pid)
    if p is None:
        return "it" if en else "這款"
    m = re.match(r"^([A-Za-z]*\d+[A-Za-z0-9]*)\b", p.name)
    return m.group(1) if m else p.name


def topic_phrase(u: Understood, persona: Persona) -> str:
    """The missing attribute's name, else the viewer's own words trimmed to the point."""
    named = u.topic()
    if named not in ("這一項", "that detail"):
        return named
    text = u.text.strip()
    for p in persona.products:
        for w in sorted({p.name, *p.aliases}, key=len, reverse=True):
            text = text.replace(w, "")
    text = _PARTICLES.sub("", _LEADING.sub("", text.strip())).strip(" ，,")
    if u.lang == "en":
        return text if 2 <= len(text) <= 40 and text.isascii() else named
    return text if 2 <= len(text) <= 10 else named


def plan(u: Understood, persona: Persona, viewer: str = "") -> Plan:
    """persona: the edition in the answer language (persona.edition(u.lang))."""
    en = u.lang == "en"
    name = _name(persona, u.product, en)
    facts = [f for f in u.facts if f.product is None or f.product in u.products or not u.products]
    texts = tuple(dict.fromkeys(f.text for f in facts))[:2]
    must = _must(facts[:1])
    if u.intent == "off_topic":
        return Plan("decline", ("That's not a topic for this stream; let's get back to today's products.",) if en
                    else ("這個話題我們不聊，回到今天的產品。",))  # fmt: skip
    if u.intent == "medical":
        line = (f"Health questions are not something we can judge; for the {name} we only share its listed details."
                if en else f"健康和功效方面的問題我們不做判斷，{name}只講資料卡上寫的內容。")  # fmt: skip
        point = next((f.text for f in u.facts if f.kind in ("point", "faq") and f.product == u.product), None)
        return Plan("caution", (line, *([point] if point else ())))
    if u.intent == "complaint":
        who = f"{viewer}, " if en and viewer else (f"{viewer}，" if viewer else "")
        return Plan("caution", (f"{who}sorry about that; please contact support from your order page and we'll follow up." if en
                                else f"{who}抱歉遇到這個問題，請在訂單頁聯繫客服，我們會跟進。",))  # fmt: skip
    if u.ambiguous and not u.products:
        names = [_name(persona, pid, en) for pid in u.ambiguous[:3]]
        what = topic_phrase(u, persona) if u.attrs else ""
        q = (f"Which one do you mean{' for ' + what if what else ''}: {' or '.join(names)}?" if en
             else f"想問哪一款的{what}呢？{'還是'.join(names)}？")  # fmt: skip
        return Plan("clarify", (q,))
    from vhost.knowledge.lexicon import PRODUCT_INTENTS

    if u.intent in PRODUCT_INTENTS and not u.products:
        names = [_name(persona, p.id, en) for p in persona.products[:4]]
        q = f"Which product do you mean: {', '.join(names)}?" if en else f"想問哪一款呢？我們有{'、'.join(names)}。"
        return Plan("clarify", (q,))
    if u.bait:
        return _correct(u, persona, texts, name, en)
    if u.missing:
        topic = topic_phrase(u, persona)
        d = (f"I don't have the {name}'s {topic} in my notes yet; I'll check and let you know." if en
             else f"{name}的{topic}資料卡上沒有寫，我確認後再告訴大家。")  # fmt: skip
        if topic in ("這一項", "that detail"):
            d = "I don't have that in my notes yet; I'll check and let you know." if en else "這一項資料卡上沒有寫，我確認後再告訴大家。"
        return Plan("defer", (d, *texts[:1]), unknown=topic)
    if u.intent == "compare" and u.products:
        line = ("We only compare our own measurements, not other brands." if en else "我們不比別家，只講自己實測的數據。")
        return Plan("fact", (line, *texts[:1]), facts=texts)  # the model invents rivals' numbers
    if texts:
        # a usage or suitability answer must state the fact it was given; a recommendation may choose among them
        return Plan("fact", texts, must=must if u.intent in ("usage", "suitability") else (), facts=texts, llm=u.intent in LLM_INTENTS)
    if u.intent in ("greeting", "chitchat", "compare", "recommend"):
        return Plan("open", _social(u.intent, viewer, persona, en), llm=True)
    return Plan("defer", ("Let me check that and come back to you." if en else "這個問題我確認一下再回覆大家。",))


def _must(facts: list[Fact]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(m for f in facts for m in f.must))


def _correct(u: Understood, persona: Persona, texts: tuple[str, ...], name: str, en: bool) -> Plan:
    """Never agree with a wrong number, rating or capability: say it is not so, then the fact."""
    bait = u.bait[0]
    fold_b = fold(bait)
    lines: list[str] = []
    # the wrong value is not repeated: on air it would be heard as a claim
    if re.fullmatch(r"\d+(?:\.\d+)?", fold_b) or bait[:1].isdigit():
        lines.append("That's not the price." if en else "不是這個價格。")
    elif re.match(r"(?i)ip|spf|pa", bait):
        lines.append("That's not its rating." if en else "不是這個等級。")
    from vhost.knowledge.lexicon import CAPABILITIES

    immersion = {fold(w) for w in CAPABILITIES["immersion"]}
    if fold_b in immersion or any(fold(b) in immersion for b in u.bait):
        lines.extend(texts[:1])
        said = fold(" ".join(lines))
        if not any(w in said for w in ("泡水", "游泳", "swim", "submerge")):
            lines.append("Please don't swim or shower with it." if en else "不建議戴著游泳或泡水。")
        return Plan("correct", tuple(lines))
    if not lines:
        lines.append("That's not something we claim." if en else f"{name}的資料卡上沒有這種說法。")
    lines.extend(texts[:1])
    return Plan("correct", tuple(lines))


def _social(intent: str, viewer: str, persona: Persona, en: bool) -> tuple[str, ...]:
    """What to say to a greeting or small talk when the LLM is not asked or not in time."""
    who = viewer or ("there" if en else persona.identity.address)
    if intent == "greeting":
        return (f"Hi {who}, welcome to the stream!",) if en else (f"歡迎{who}來到直播間！",)
    if intent == "compare":
        return ("We only compare our own measurements, not other brands.",) if en else ("我們不比別家，只講自己實測的數據。",)
    if intent == "recommend":
        names = "、".join(p.name for p in persona.products[:3])
        return ("Tell me what you need and I'll point you to the right one.",) if en else (f"說說你的需求，{names}我幫你對一下。",)
    return (f"Thanks for chatting, {who}!",) if en else (f"謝謝{who}的留言！",)
