"""The writer's view of a viewer question: understood, matched against the author's rules, planned.

Kept out of writer.py so the writer stays a stream of guarded lines. One `Answering` per
persona: the understander (knowledge base + embeddings) is built on first use, and the
rule matchers exist per language, so an English viewer of a Chinese persona gets the
English edition's rule text.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace

from vhost.guard.numbers import close
from vhost.knowledge.answer import Plan, plan
from vhost.knowledge.kb import restate, rule_intent
from vhost.knowledge.lexicon import INTENT_CUES, POLICY_INTENTS
from vhost.knowledge.names import name_product, short_name
from vhost.knowledge.understand import Understander, Understood
from vhost.persona.model import Persona
from vhost.plays.live import LiveFacts, label_for
from vhost.text.fold import fold, has_cjk, key_in
from vhost.writer.templates import JUST_SAID, Candidate, Templates, safe_render

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Answer:
    understood: Understood
    plan: Plan
    rule: Candidate | None  # an author's rule that matches and fits the understanding: said as written


# what a repeat may be merged on: a fact of the sheet or a policy, not stock (it changes) nor a personal answer
_SAME_FACTS = frozenset({"price", "promo", "spec", "gift", "bundle", "warranty", "returns", "shipping", "how_to_buy", "authenticity"})


class Answering:
    def __init__(self, persona: Persona, live: LiveFacts | None = None) -> None:
        """live: the plays' prices and stock on air: price and stock answers state them, not the sheet's."""
        self.persona = persona
        self.live = live
        self._understander: Understander | None = None
        self._keys: dict[tuple[str, str, str | None, str | None], str | None] = {}  # answer_key, by question and context
        self._templates = {"zh": Templates(persona.edition(persona.identity.languages[0]), live),
                           "en": Templates(persona.edition("en"), live)}  # fmt: skip

    @property
    def understander(self) -> Understander:
        if self._understander is None:
            self._understander = Understander(self.persona)
        return self._understander

    def warm(self, questions: list[str]) -> None:
        """Encode the questions ahead (the sentence encoder caches them): a worker thread can
        carry the forward pass (about 0.2 s a question) that answer() would make on the loop."""
        self.understander.emb.encode(questions)

    def answer_key(self, question: str, lang: str, stage: str | None = None, last: str | None = None) -> str | None:
        """What answers a question, as a key: viewers asking the X1's price in other words get the same key, so
        the director merges a repeat into the answer just given. None for what is personal (usage, suitability,
        a recommendation), a correction, a deferral, a question back, small talk and the plays."""
        if (question, lang, stage, last) in self._keys:
            return self._keys[question, lang, stage, last]
        # the product last talked about too, as the answer will read it: "防水嗎" after the X1 was answered is the X1's
        u = self.understander.understand(question, lang, stage_product=stage, last_product=last)
        key = None
        if u.products and not (u.bait or u.missing or u.ambiguous) and u.answered_as in _SAME_FACTS:
            # the language is part of it: an English viewer is not merged into an answer said in Chinese
            key = "said:" + "|".join(("en" if lang == "en" else "zh", ",".join(u.products), u.answered_as, ",".join(u.attrs)))
        if len(self._keys) > 512:
            self._keys.clear()
        self._keys[question, lang, stage, last] = key
        return key

    def edition(self, lang: str) -> Persona:
        return self.persona.edition(lang)

    def answer(self, question: str, lang: str, *, viewer: str = "", stage_product: str | None = None,
               last_product: str | None = None) -> Answer:  # fmt: skip
        u = self.understander.understand(question, lang, stage_product=stage_product, last_product=last_product)
        ed = self.edition(lang)
        if self.live is not None:
            u = self._live(u, ed, lang)
            playing = self.live.play_answer(u.answered_as, lang)
            if playing:  # a viewer asking about the play running now: how it stands, not the rule's generic text
                return Answer(u, Plan("fact", playing), None)
        return Answer(u, plan(u, ed, viewer), self._rule(question, u, ed, lang, viewer))

    def _live(self, u: Understood, ed: Persona, lang: str) -> Understood:
        """Facts restated with the live price and stock; a viewer quoting the live price is not baiting."""
        assert self.live is not None
        fam = "en" if lang == "en" else "zh"
        facts = restate(u.facts, ed, fam, self.live)
        prices = [lp.price for pid in u.products if (lp := self.live.live_price(pid)) is not None]
        bait = tuple(b for b in u.bait if not (_number(b) is not None and any(close(_number(b) or 0, x) for x in prices)))
        return replace(u, facts=facts, bait=bait) if (facts != u.facts or bait != u.bait) else u

    def _rule(self, question: str, u: Understood, ed: Persona, lang: str, viewer: str) -> Candidate | None:
        """The most specific matching rule (longest keyword), if it fits what was understood.

        A rule about another intent (下單 in "已下單什麼時候發貨") or another product than the
        one the question is about (多長 of the cable, asked of the earbuds) gives way."""
        best: tuple[int, Candidate] | None = None
        for rule, keys, pat in self._templates["en" if lang == "en" else "zh"].rules():
            hit = max((len(k) for k in keys if key_in(k, question)), default=0)
            if not hit and not (pat is not None and pat.search(question)):
                continue
            hit = hit or 99  # an author's regex is as specific as it gets
            intent = rule_intent(rule)
            if intent and intent != u.answered_as and u.confidence >= 0.3 and not (intent in ("spec",) and u.answered_as in ("usage", "suitability")):
                continue
            if intent is None and u.answered_as not in _FEATURE_INTENTS and u.facts and u.confidence >= 0.3:
                continue  # a rule on a feature (螢幕) does not answer "a dead pixel, can I swap it" (returns)
            if rule.product and u.products and rule.product not in u.products:
                continue
            if len(u.products) > 1 and not rule.product:
                continue  # "X1 和 P65 價格": the plan answers for both, a rule for one
            if u.missing or len(u.attrs) > 1 or len({f.kind for f in u.facts}) > 1 or any(f.kind == "flash" for f in u.facts):
                continue  # a rule answers one thing: the plan also covers the rest, or says what it lacks
            if rule.product is None and not rule.intent and u.facts and u.answered_as in ("spec", "usage", "suitability"):
                continue  # a generic rule never beats a fact the sheet states about the product asked of
            prod = ed.product(rule.product) or ed.product(u.product) or None
            text = safe_render(rule.reply, ed, prod, viewer, live=self.live)
            if text and _states_less(text, u):
                continue  # "活動到幾號": a promo rule without the end date gives way to the sheet's promo fact
            if text and self._hides_play(text, u, ed):
                continue  # "C1 多少錢" in a flash sale: the plan names the 限時秒殺價 and the price it returns to
            if text and (best is None or hit > best[0]):
                best = (hit, Candidate(text, f"rule:{rule.id}", prod, rule.emotion))
        return best[1] if best else None

    def _hides_play(self, text: str, u: Understood, ed: Persona) -> bool:
        """A price rule said while a play sets the price, without naming the play's price."""
        if self.live is None or u.answered_as != "price":
            return False
        for pid in u.products:
            lp, prod = self.live.live_price(pid), ed.product(pid)
            if lp is not None and prod is not None and fold(label_for(prod, lp.kind)) not in fold(text):
                return True
        return False

    def templates(self, lang: str) -> Templates:
        return self._templates["en" if lang == "en" else "zh"]


_FEATURE_INTENTS = ("spec", "usage", "suitability", "compare", "recommend")  # what a rule with no intent may answer


def plan_candidates(ans: Answer, brief: int = 0, persona: Persona | None = None, name_it: bool = False) -> Iterator[Candidate]:
    """The plan's lines; in a busy room only what answers (a correction keeps its fact), with
    the products' short names (X1, not X1 無線藍牙耳機). name_it: one of several answers in one
    breath, so its first line says which product it is about ("面霜：一罐 50 克。")."""
    lines = ans.plan.lines
    u = ans.understood
    if brief:
        # a correction keeps its fact; "X1 和 P65 一起買有優惠" is answered for both products it names
        both = ans.plan.mode == "fact" and len(u.products) > 1 and u.product_from == "words"
        lines = lines[:2] if ans.plan.mode == "correct" or both else lines[:1]
    must = {f.text: f.must for f in u.facts}
    for i, text in enumerate(lines):
        if brief:
            # a line that says two facts at once ("X1 199 元，P65 129 元，目前都沒有…") keeps both
            said = must.get(text) or tuple(dict.fromkeys(m for f in u.facts for m in f.must if m in fold(text)))
            text = shorten(text, said, asked=u)
            for p in persona.products if persona is not None else ():
                short = short_name(p.name)
                if short != p.name:  # "X1 無線藍牙耳機直播間價格" → "X1 直播間價格", a space between the code and the words
                    text = re.sub(re.escape(p.name) + r"(?=[\u3400-\u9fff])", short + " ", text).replace(p.name, short)
        if name_it and i == 0 and persona is not None and ans.understood.answered_as not in POLICY_INTENTS:
            text = name_product(text, persona, ans.understood.product)
        yield Candidate(text, f"kb:{ans.plan.mode}")


_CLAUSE = re.compile(r"(?<=[，,；;])")


def shorten(text: str, must: tuple[str, ...] = (), asked: Understood | None = None) -> str:
    """The clauses that state the fact ("N9 是 5000 毫安電池" of a longer FAQ answer), for a busy
    room, and those that answer what was asked: "充電頭能充筆電嗎" keeps "筆電可以用它充" with the
    65 瓦, "有優惠嗎" keeps "目前沒有折扣" with the price."""
    end = "." if text.rstrip().endswith(".") and text.isascii() else "。"
    body = text.rstrip().rstrip("。.!！")
    clauses = [c for c in _CLAUSE.split(body) if c.strip()]
    if len(clauses) <= 1:
        return text
    keep = [c for c in clauses if any(m in fold(c) for m in must) or (asked is not None and _answers(c, asked))] or clauses[:1]
    out = "".join(keep).rstrip("，,；; ")
    if not re.search(r"\d", out) and len(out) <= 8:
        return text  # a name or a fragment ("絲絨霧面脣膏") says nothing: keep the whole answer
    return out + end


def _answers(clause: str, u: Understood) -> bool:
    """The clause speaks to the question: a two-character word of it (筆電), or a cue of its intent (折扣 for 優惠)."""
    c, q = fold(clause), fold(u.text)
    if any(q[i : i + 2] in c for i in range(len(q) - 1) if has_cjk(q[i : i + 2]) and all(has_cjk(ch) for ch in q[i : i + 2])):
        return True
    return any(re.search(p, c) for p, w in INTENT_CUES.get(u.answered_as, ()) if w >= 1.0) and u.answered_as not in ("spec", "usage", "suitability")


def _number(text: str) -> float | None:
    m = re.fullmatch(r"\s*(\d+(?:,\d{3})*(?:\.\d+)?)\s*", text)
    return float(m.group(1).replace(",", "")) if m else None


def _states_less(text: str, u: Understood) -> bool:
    """A rule's text lacks a token (a price, a date) that the sheet's fact for this question must state."""
    fact = next((f for f in u.facts if (f.kind == u.answered_as or u.answered_as in f.intents) and f.must), None)
    if fact is None:
        return False
    said = fold(text)
    return any(m not in said for m in fact.must)


def just_said(cand: Candidate, u: Understood, heard: Iterable[str], lang: str) -> Candidate:
    """An answer whose facts were all heard a moment ago (heard: those sentences) says so ("剛才說了，X1 降噪深度
    35 分貝。") rather than reading the rundown's line back as if it were new; only what was said in the viewer's
    language counts (an English viewer did not hear the Chinese line). The lead is one not heard in the window
    ("剛才說了" once, then "再說一次", then "剛剛講過"), so three repeats in half a minute do not sound alike."""
    aired = list(heard)
    text = fold(cand.text)
    must = tuple(dict.fromkeys(m for f in u.facts for m in f.must if m and m in text))
    if max(map(len, must), default=0) < 2:  # "2" (ports) is also in "感謝小明等 2 位": a lone digit proves nothing
        return cand
    back = next((said for said in aired if has_cjk(said) == has_cjk(cand.text) and all(m in fold(said) for m in must)), None)
    if back is None:
        return cand
    leads = JUST_SAID.get(lang, JUST_SAID["zh-Hant"])
    used = [said for said in aired if said.startswith(leads)]
    lead = next((x for x in leads if not any(said.startswith(x) for said in used)), leads[len(used) % len(leads)])
    body = cand.text[0].lower() + cand.text[1:] if lead.isascii() and cand.text.startswith("The ") else cand.text
    return replace(cand, text=lead + body, leans_on=back)
