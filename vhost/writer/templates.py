"""Persona lines the writer can say without the LLM: reply rules, FAQs, selling points, holding lines.

Rules and FAQs that match a viewer question win over generation outright; the rest are
fallbacks when the LLM is late, fails, or writes something the guard refuses.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass

from vhost.persona.model import FAQ, Persona, Product, ReplyRule
from vhost.persona.variables import safe_render, variables  # noqa: F401 - re-exported for the writer
from vhost.text.fold import fold, has_cjk, key_in

log = logging.getLogger(__name__)

BUILTIN_HOLDING = {
    "zh-Hant": ("這個問題我先記下來，等一下回答大家。", "謝謝大家的留言，我們繼續看。"),
    "zh-Hans": ("这个问题我先记下来，等一下回答大家。", "谢谢大家的留言，我们继续看。"),
    "en": ("Good question, let me come back to that in a moment.", "Thanks for the messages, let's keep going."),
}
BUILTIN_THANKS = {"zh-Hant": "謝謝大家的支持！", "zh-Hans": "谢谢大家的支持！", "en": "Thank you all for the support!"}
THANKS_VIEWER = {"zh-Hant": "謝謝{viewer}的支持！", "zh-Hans": "谢谢{viewer}的支持！", "en": "Thank you {viewer} for the support!"}
MANY_ASKED = {
    "zh-Hant": "很多{address}都在問這個。",
    "zh-Hans": "很多{address}都在问这个。",
    "en": "Many of you asked about this.",
}
# an answer whose fact was on air a moment ago (the rundown's line, another viewer's answer) says so, in a
# different way each time within the window (each as short: one phrase three times in half a minute sounds impatient)
JUST_SAID = {
    "zh-Hant": ("剛才說了，", "再說一次，", "剛剛講過，"),
    "zh-Hans": ("刚才说了，", "再说一次，", "刚刚讲过，"),
    "en": ("As I just said, ", "Once more: ", "Like I said, "),
}

@dataclass(frozen=True)
class Candidate:
    text: str
    source: str  # rule:<id> | faq:<product> | point:<product> | holding | builtin
    product: Product | None = None
    emotion: str | None = None
    leans_on: str | None = None  # the sentence heard lately that its "as I just said" lead points back to


class Templates:
    """Precompiled matchers over one persona's rules and FAQs."""

    def __init__(self, persona: Persona, live: object = None) -> None:
        """live: the plays' prices and stock on air (vhost.plays.live.LiveFacts), for rule and FAQ templates."""
        self.persona = persona
        self.live = live
        self._rules: list[tuple[ReplyRule, tuple[str, ...], re.Pattern[str] | None]] = []
        for r in persona.replies:
            pat = None
            if r.regex:
                try:
                    pat = re.compile(r.regex, re.I)
                except re.error as e:
                    log.warning("persona %s: reply rule %s: bad regex skipped: %s", persona.id, r.id, e)
            self._rules.append((r, tuple(fold(k) for k in r.keywords if fold(k)), pat))
        self._hold = 0

    def rules(self) -> list[tuple[ReplyRule, tuple[str, ...], re.Pattern[str] | None]]:
        return self._rules

    def _faqs(self, products: list[Product]) -> Iterator[tuple[Product, FAQ]]:
        for p in products:
            for f in p.faqs:
                yield p, f

    def answers(self, question: str, products: list[Product], viewer: str = "") -> Iterator[Candidate]:
        """Rule and FAQ answers that match a viewer's question, best first."""
        if not question:
            return
        for rule, keys, pat in self._rules:
            if any(key_in(k, question) for k in keys) or (pat is not None and pat.search(question)):
                prod = self.persona.product(rule.product) or (products[0] if products else None)
                text = safe_render(rule.reply, self.persona, prod, viewer, live=self.live)
                if text:
                    yield Candidate(text, f"rule:{rule.id}", prod, rule.emotion)
        for p, f in self._faqs(products or list(self.persona.products)):
            if any(key_in(k, question) for k in f.q):
                text = safe_render(f.a, self.persona, p, viewer, live=self.live)
                if text:
                    yield Candidate(text, f"faq:{p.id}", p)

    def points(self, product: Product | None) -> Iterator[Candidate]:
        if product is None:
            return
        for sp in product.selling_points:
            yield Candidate(f"{product.name}，{sp}。", f"point:{product.id}", product)

    def holding(self, lang: str) -> Iterator[Candidate]:
        """Holding lines in the language being spoken (they carry no facts, so the
        built-in line in the right language beats a persona line in the wrong one)."""
        english = lang == "en"
        lines = [x for x in self.persona.holding if has_cjk(x) != english]
        n = len(lines)
        for i in range(n):  # rotate so the same holding line does not repeat back to back
            text = safe_render(lines[(self._hold + i) % n], self.persona, None)
            if text:
                self._hold = (self._hold + i + 1) % n
                yield Candidate(text, "holding")
        for text in BUILTIN_HOLDING.get(lang, BUILTIN_HOLDING["zh-Hant"]):
            yield Candidate(text, "builtin")
