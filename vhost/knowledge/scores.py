"""How strongly a question points at each intent: lexical cues (slang included), the nearest viewer-style
exemplar in the sentence embedding, the labelled questions' vote, and a few nudges from the attributes named."""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np

from vhost.knowledge import attrwords as A
from vhost.knowledge import lexicon as L
from vhost.knowledge.asked import AskedBank
from vhost.knowledge.bait import RATING
from vhost.knowledge.embed import Embedder
from vhost.knowledge.reading import STORAGE, word_ends, word_starts
from vhost.knowledge.rule import CUES
from vhost.text.fold import fold

OPINION = re.compile(r"你觉得|好看|好不好|喜欢|怎么样$|how do you like|what do you think")
_WAITING = re.compile(r"[\s，,]*(?:蹲+(?:一[个個下])?|冲+|坐等|等等)[\s!！~～]*$")  # "…一共幾支啊 蹲蹲": the viewer waits, it asks nothing
_BARE_HOW_MUCH = re.compile(r"(?:多少|几多)[啊呀阿吖哇嘞咧ㄚ]*$|howmuch(?:isit|isthis|forthis|forit)?$")
_LAUGH = re.compile(r"lol|haha|哈哈+|233+|xswl")
SURE_VOTE = 0.35  # the asked bank alone places the question (the model fairly sure of a question close to what it learned)


def _ends_word(end: int, folded: str, ends: set[int]) -> bool:
    """A match ends a word, or runs on by a suffix ("stinging", "itchy", "scars")."""
    return any(end + len(x) in ends and folded[end : end + len(x)] == x for x in ("", "s", "es", "y", "ed", "ing", "ness"))


class IntentScores:
    """Mixed into the Understander: needs its embedder, the exemplars' vectors and intents, and the labelled bank."""

    emb: Embedder
    _ex: np.ndarray
    _ex_intents: list[str]
    _asked: AskedBank

    unnamed: Callable[[str], str]  # the understander's (vhost.knowledge.names)

    def _intent_scores(self, text: str, vec: np.ndarray, attrs: set[str], *, asked: bool = True) -> dict[str, float]:
        """Lexical cue weight + 0.9 x the best exemplar similarity, per intent, + the labelled questions' vote."""
        f = fold(text)
        cue = dict.fromkeys(L.INTENTS, 0.0)
        unrated = STORAGE.sub("_", RATING.sub("_", f))  # the 68 of IP68, the 256 of 256G: not a price asked back
        starts, ends = word_starts(text), word_ends(text)
        for intent, cues in CUES.items():
            for pat, w in cues:
                t = unrated if intent == "price" else f
                # a Latin cue starts a word: "set" is not in "use the", "end" is not in "recommend";
                # a health word also ends one: "itch" is not in "is it cheaper"
                if any(not m.group()[:1].isascii() or not m.group()[:1].isalpha()
                       or (m.start() in starts and (intent != "medical" or _ends_word(m.end(), t, ends))) for m in pat.finditer(t)):
                    cue[intent] = max(cue[intent], w)
        if attrs and cue["chitchat"] and _LAUGH.search(f) and not any(p.search(_LAUGH.sub("_", f)) for p, _w in CUES["chitchat"]):
            cue["chitchat"] = 0.0  # "does the spf50 one make u look like a ghost in flash photos lol": a question, laughing
        emb = dict.fromkeys(L.INTENTS, 0.0)
        for intent, s in zip(self._ex_intents, (self._ex @ vec).tolist(), strict=True):
            emb[intent] = max(emb[intent], s)
        plain = _WAITING.sub("", self.unnamed(text)).strip() or self.unnamed(text)  # how it asks, whatever the product: the bank holds no names
        vote = self._asked.vote(vec if plain == text else self.emb.encode([plain])[0], plain)
        out = {i: cue[i] + 0.9 * emb[i] + vote.get(i, 0.0) for i in L.INTENTS}
        if cue["complaint"] >= 1.2:
            out["complaint"] += 0.5 + 0.3 * (cue["complaint"] >= 1.5)  # "快遞到了 瓶子碎了": the damage, not the delivery; "連不上怎麼辦": a fault, not the steps
        if cue["how_to_buy"] >= 1.2 and max(cue["lottery"], cue["bargain"]) < 1.0:
            out["how_to_buy"] += 0.3  # "兩瓶組在哪裡拍": where to order it, whatever is ordered
        if cue["bundle"] >= 1.0 and cue["price"] >= 0.6:
            out["bundle"] += 0.3  # "雙色組多少錢" asks the set's price
        if (attrs or asked) and L.HOW_TO.search(f):
            out["usage"] += 1.0  # "遊戲模式咋開": the steps, not what the mode is
        elif attrs & A.DEVICE_ATTRS and cue["recommend"] < 1.0:
            out["suitability"] += 1.3  # "能充筆電嗎", "iPhone能用X1嗎": whether it works with the viewer's device
        elif attrs and (attrs <= A.USAGE_ATTRS or attrs & {"reapply", "how_to_use", "amount", "removal"}):
            out["usage"] += 0.6  # "出門前多久擦": how and when it is used, not what it is
        elif attrs:
            person = cue["suitability"] >= 0.8 and cue["recommend"] < 1.0  # "敏感肌", "給我爸": who it suits
            out["suitability" if person else "spec"] += 0.6 + 0.4 * (not person and bool(L.SITUATION.search(f)))  # "跑步戴會不會掉": the fact, for a situation
        elif _BARE_HOW_MUCH.search(f) and not any(w >= 1.0 for k, w in cue.items() if k != "price"):
            out["price"] += 0.9  # "防嗮多少ㄚ": how much, of nothing else, is the price ("砍到多少" is the ladder's)
        elif not any(cue.values()) and max(cue[i] + 0.9 * emb[i] for i in L.INTENTS) < 0.6 and (max(vote.values(), default=0.0) < SURE_VOTE or OPINION.search(f)):
            # nothing points anywhere: small talk, not a guessed fact; a question about a product
            # that names nothing the sheet has is a spec question (answered by an honest deferral);
            # the host's opinion asked of nothing in particular ("你覺得這款好看嗎") is small talk whatever the bank says
            out["spec" if asked else "chitchat"] = max(out.values()) + 0.01
        asks = any(w >= 0.8 for k, w in cue.items() if k != "greeting") or max(emb.values()) >= 0.85
        if len(f) > 8 and cue["greeting"] and asks:  # a greeting that goes on to ask something is that question
            out["greeting"] -= 0.8
        return out
