"""A message that asks more than one thing: which ask comes first, and what a later clause asks beside it.

The Understander's mixin: the intent is read from the first question in the message (README: Intent labels), and a
second ask the sheet answers outright (the price, stock, a gift...) or another attribute of the same product is
answered after it.
"""

from __future__ import annotations

import re

from vhost.intake.classify import is_question
from vhost.knowledge import attrwords as A
from vhost.knowledge import lexicon as L
from vhost.knowledge.attributes import attribute_words, attributes_in
from vhost.knowledge.kb import Fact
from vhost.knowledge.names import ProductNames
from vhost.knowledge.reading import clauses_of
from vhost.knowledge.rule import cue
from vhost.text.fold import fold

_WORRY = re.compile(r"会不会|会.{0,8}[吗嘛么]$|will|would|easily|容易|does|might|could|caniuse|能用吗|可以用吗|能不能用|可不可以用")  # "anything w fragrance stings my face, can i use the serum": asked before buying
_HAPPENED = re.compile(r"(?<![得不])了(?!.{0,3}会)|已经|之后|以后|最近|这几天|这两天|after|now|got(?!\w*easily)|broke|became|since|lately|recently")
_REACTION = re.compile(r"刺痛|好痒|很痒|发痒|红肿|过敏了|起疹|疹子|sting|redness|itch|rash|burning|brokeout|breakout")
HOW_MANY = re.compile(r"几|多少|多久|多长时间|howmany|howlong|howmuch")


_OUTRIGHT = ("price", "stock", "gift", "promo", "shipping", "returns", "warranty")  # asks a second clause may add
_ASKING = re.compile(r"几|多少|多久|吗|么|啥|什么|咩|边|点样|when|how|what|where|which")  # a clause that asks, not a report ("wrong shade arrived")
_POLICIES = ("shipping", "returns", "warranty", "how_to_buy")
_HOW_MUCH_FIRST = re.compile(r"\s*how\s*much\s+(?:is|was|are|were|for|would|will)\b", re.I)  # "how much was the pink one u swatched, n …"
_FIRST_OF = {"price": 0.4, "stock": 1.0, "gift": 1.0}  # outright asks, and how sure a clause's cue is of each


_PRESENT = re.compile(r"giftfor|asagift|apresent|礼物|送给|送畀|送俾")  # "gift for my grandma": a present the viewer gives, no free gift asked
_HOW_USED = frozenset({"reapply", "how_to_use", "amount", "removal", "mixing"})  # "流汗完要補擦嗎": how it is used, whatever else is named


class Asks(ProductNames):
    def _first_asks_spec(self, text: str) -> bool:
        """The message asks two things and the first asks a figure or feature of the product, with no person, device,
        need or steps in it ("充電頭跟線各幾瓦 搭起來筆電夠嗎", "精華香不香啊 我鼻子敏感"): README, Intent labels."""
        clauses = [c for c in re.split(r"[\s，,。！!？?、;；]+", text.strip()) if len(fold(c)) >= 2]
        if len(clauses) < 2:
            return False
        first = fold(clauses[0])
        if not (is_question(clauses[0]) or "几" in first):  # "c1几哇的" asks (哇 for 瓦)
            return False  # "口紅吃個飯就沒了 咋補", "i sweat a ton at the gym, when should i reapply this": what happened, then the ask
        attrs = {a for a, strong in attribute_words(self._without_names(clauses[0])).items() if strong} - A.WHO_ATTRS
        return bool(attrs) and not attrs <= A.USAGE_ATTRS | A.DEVICE_ATTRS and not attrs & _HOW_USED and not (L.DEVICE.search(first) or L.HOW_TO.search(first)
                    or cue(first, "suitability") >= 0.8 or re.search(r"够|夠|enough|用[吗嗎]|用量|一次用|每次", first)
                    or re.search(r"皮(?!革|套)|肌|skin", fold(text)))  # fmt: skip  # "面霜質地油不油 混油皮怕悶": the viewer's skin

    def _feature_first(self, text: str) -> tuple[str, set[str]] | None:
        """A clause asking a feature of the product before the money is asked ("口紅總共有幾個色 秒殺價多少"), with
        the attributes it asks; None when the first clause asks the money itself or names no feature."""
        clauses = clauses_of(text)
        if len(clauses) < 2 or not self._first_asks_spec(text):
            return None
        first = fold(clauses[0])
        if cue(first, "price") >= 0.4 or cue(first, "promo") >= 1.0 or cue(first, "stock") >= 1.0 or L.FLASH.search(first):
            return None
        wanted = attributes_in(self._without_names(clauses[0])) - A.POLICY_ATTRS
        return (clauses[0], wanted) if wanted else None

    @staticmethod
    def _worry(f: str) -> bool:
        """A reaction feared, not had: "會不會刺痛", "will it sting" with no 了 / after / now, and no
        efficacy or cure asked beside it."""
        if not _WORRY.search(f) or _HAPPENED.search(f):
            return False
        rest = _REACTION.sub(" ", f)
        return cue(rest, "medical") < 1.0

    def _first_ask(self, text: str, intent: str) -> str:
        """The message asks two things and the first is an outright figure ("X1幾錢呀？防唔防水㗎"): that is
        the ask (README: Intent labels, the first question in the message); the other is answered after it."""
        clauses = clauses_of(text)
        if len(clauses) >= 2 and intent in _FIRST_OF:
            # "多钱 还有货吗", "还有吗 多少钱", "多钱 送啥": two outright asks, the first clause's is the ask
            first = fold(clauses[0])
            if cue(first, intent) < _FIRST_OF[intent] and any(cue(fold(c), intent) >= _FIRST_OF[intent] for c in clauses[1:]):
                return next((k for k in _FIRST_OF if cue(first, k) >= 1.0), intent)  # the first's own ask, said plainly
            return intent
        if len(clauses) >= 2 and intent in _POLICIES:
            # "幾時發貨呀 有冇得退": the first clause's policy is the ask; the later one is answered after it
            first = fold(clauses[0])
            if cue(first, intent) < 1.0 and _ASKING.search(first) and any(cue(fold(c), intent) >= 1.0 for c in clauses[1:]):
                # "N9多少錢 可以分期嗎": the first's own ask may be a price, stock or gift too (the policy answered after it)
                return next((k for k in (*_POLICIES, *_FIRST_OF) if k != intent and cue(first, k) >= 1.0), intent)
            return intent
        if len(clauses) < 2 or intent not in ("spec", "usage", "suitability"):
            return intent
        first, rest = fold(clauses[0]), [fold(c) for c in clauses[1:]]
        metres = re.search(r"(?:多少|几)米", first) and any(re.search(r"长|length|long", c) for c in rest)  # "這個多少米 夠不夠長"
        if cue(first, intent) >= 1.0 or attributes_in(clauses[0]):
            return intent
        # an outright price, stock or gift asked first, and not again after ("這個有附什麼小東西嗎 殼是什麼顏色的": the gift)
        outright = {"price": (cue(first, "price") >= 1.0 or bool(_HOW_MUCH_FIRST.match(clauses[0]))) and not metres,
                    "stock": cue(first, "stock") >= 1.0, "gift": cue(first, "gift") >= 1.0}
        return next((k for k, asked in outright.items() if asked and any(cue(c, k) < 0.4 for c in rest)), intent)

    @staticmethod
    def _first_asks_price(text: str) -> bool:
        """Two asks, and the first is the price ("呢罐幾錢 係咪已經係活動價"), the second the promotion."""
        clauses = clauses_of(text)
        return len(clauses) >= 2 and cue(fold(clauses[0]), "price") >= 0.4 and cue(fold(clauses[0]), "promo") < 1.0

    @staticmethod
    def _price_then_set(text: str) -> bool:
        """Two asks, the first one product's price, a later one a set or several ("N9單買多少 組合多少",
        "精華一瓶多少 兩瓶一起多少"): the price is the ask (README: Intent labels, the first question)."""
        clauses = [fold(c) for c in clauses_of(text)]
        return len(clauses) >= 2 and cue(clauses[0], "price") >= 0.4 and cue(clauses[0], "bundle") < 1.0 \
            and any(cue(c, "bundle") >= 1.0 for c in clauses[1:])

    @staticmethod
    def _first_clause(text: str) -> str | None:
        """The first of two or more clauses, when it asks how ("一次要用幾滴", "怎麼用")."""
        clauses = clauses_of(text)
        if len(clauses) < 2:
            return None
        return clauses[0] if HOW_MANY.search(fold(clauses[0])) or L.HOW_TO.search(fold(clauses[0])) else None

    def _later_ask(self, text: str, facts: list[Fact]) -> tuple[str, set[str]] | None:
        """A later clause asking another attribute of the same product than the facts found say (its own words,
        a general word too: 擦起來會乾嗎 asks the moisture), with the attributes it asks."""
        said = set().union(*(f.attrs for f in facts))
        for clause in clauses_of(text)[1:]:
            wanted = attributes_in(self._without_names(clause)) - said - A.POLICY_ATTRS
            if wanted:
                return clause, wanted
        return None

    def _second_ask(self, text: str, intent: str) -> str | None:
        """Another clause that asks a different thing the sheet answers outright (price, stock, gifts...)."""
        clauses = clauses_of(text)
        if len(clauses) < 2:
            return None
        for c in clauses:
            f = fold(c)
            if cue(f, intent) >= 1.0:
                continue  # the clause of the main ask
            if intent != "bundle" and cue(f, "bundle") >= 1.0 and any(fold(w) in f for p in self.persona.products for w in self._set_names(p)):
                return "bundle"  # "精華有送東西嗎？雙瓶組是幾錢": the set named, its price
            scored = [(cue(f, other), -n, other) for n, other in enumerate(_OUTRIGHT) if other != intent and not (other == "gift" and _PRESENT.search(f))]
            asked = [x for x in scored if x[0] >= (0.4 if x[2] == "price" else 1.0)]
            if asked:
                return max(asked)[2]  # "till when is this year end price": how long the promotion runs, not the price
        return None
