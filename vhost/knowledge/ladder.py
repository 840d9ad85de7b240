"""The 砍價 ladder asked about: which of its facts answer ("2000拿走", "點讚1000就能砍到179吧", "連麥那檔是多少錢").

A price the viewer offers or asks to confirm gets the price that stands now first, and no ladder figure that sounds
like theirs beside it; a step asked to confirm gets the steps as they are (the step of the goal named, then the
call-in when the price named is the host's to approve); a step asked about by its goal gets that one step.
"""

from __future__ import annotations

import re

from vhost.knowledge.kb import Fact, KnowledgeBase
from vhost.knowledge.rule import CONFIRM
from vhost.text.fold import fold

# "what do we do to get it down to 2099" asks the ladder
_ASKS_HOW = re.compile(r"几|多少|多久|怎么|怎样|要怎|需要|才能|哪一?档|解锁哪|要做什么|做什么|要干嘛|要干啥|要咋|what|how|which")
# a step checked as true ("刷300块礼物就能砍到1999 真的假的", "发150个砍能到169吗"), besides the confirming tags
CHECKS = re.compile(r"真的假的|真的吗|是真的|(?:能|可以|就能|就可以)(?:砍)?到\d+(?:了)?[吗嘛么]|istrue|isthattrue|"
                    r"听说|听讲|heard|是不是(?:直接|就)?\d+")  # "聽說連麥就能直接砍到159", "heard 500 kans gets it to 2099"
# what unlocks a step, by the step's goal (the suffix of its fact id, "…:step:likes")
_GOALS = {"likes": re.compile(r"点赞|赞|点攒|likes|\d+like(?!ly)"),  # not the "like" of "send like 100 kuai"; 點攒, typed for 點讚
          "gift_cny": re.compile(r"礼物|刷(?!.{0,4}[条个次])|gifts?"),
          # folded, the words run together: "500kansinchat", "typingkan50times"
          "kan": re.compile(r"发.{0,3}砍|\d+[个次条]砍|(?<![a-z])kan(?![a-z])|\d+kans?|(?:typing|type|spams?|spamming)kan|(?:多少|几)[条个次]砍"),
          "approval": re.compile(r"连麦|上麦|callin|call-in")}  # fmt: skip


def ladder_facts(text: str, facts: list[Fact], products: tuple[str, ...], kb: KnowledgeBase) -> list[Fact]:
    """The facts that answer a 砍價 question, from those found for it (`facts`)."""
    f = fold(text)
    said = set(re.findall(r"\d+", text))
    owners = [*products, *(x.product for x in facts if x.id.endswith(":ladder"))]
    confirm = CONFIRM.search(f) is not None or CHECKS.search(f) is not None
    if said and (confirm or not _ASKS_HOW.search(f)):
        if confirm and (steps := _steps(f, owners, kb, said)):
            return steps  # "點讚1000就能砍到179吧": the steps as they are, nothing around them
        # "2000拿走", "1899直接賣我", "是不是已經1899了": the price now, first; no ladder figure that sounds like theirs
        now = [p for pid in dict.fromkeys(owners) if pid and (p := kb.find(pid, "price"))]
        return now[:1] + [x for x in facts if not (x.id.endswith(":ladder") and said & set(re.findall(r"\d+", x.text)))]
    if _ASKS_HOW.search(f) and (steps := _steps(f, list(products), kb)):
        return steps  # "送禮物嗰一格要刷幾多錢", "連麥那檔是多少錢": that step
    return facts


def _steps(f: str, owners: list[str | None], kb: KnowledgeBase, said: set[str] | None = None) -> list[Fact]:
    """The steps whose goal the (folded) question names: asked about (said None), the one step when only one is
    named; confirmed (said: the viewer's figures), the first named, then the call-in when its price was said."""
    steps = [x for pid in dict.fromkeys(owners) if pid for x in kb.of(pid) if x.kind == "step"]
    named = [x for x in steps if (g := _GOALS.get(x.id.rpartition("step:")[2])) is not None and g.search(f)]
    if said is None:
        return named if len(named) == 1 else []
    priced = [x for x in steps if x.id.endswith("step:approval") and set(x.must) & said and x not in named[:1]]
    if not named:
        return []
    # "spams kan like 50 times the phone hits 1999": the count named is wrong and the price is another step's: that
    # step (gifts worth 300) first, then the one named ("2000 likes gets it to 1999": the count is right, the price not)
    count_right = said & (set(re.findall(r"\d+", named[0].text)) - set(named[0].must))
    by_price = [] if count_right else [x for x in steps if not x.id.endswith("step:approval") and set(x.must) & said and x is not named[0]]
    return by_price[:1] + named[:1] + priced
