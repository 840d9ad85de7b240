"""What a money question's facts become once it is read: the steps of the 砍價 ladder, how long a price lasts (the
promotion), what the flash sale saves, a set and the rest of a basket, several of one product. Each step reshapes the
facts found for the question (and sometimes its intent) and leaves them as they are when it does not apply."""

from __future__ import annotations

import re

from vhost.knowledge import lexicon as L
from vhost.knowledge.kb import Fact, KnowledgeBase
from vhost.knowledge.ladder import ladder_facts
from vhost.knowledge.many import count_of, many, measure_of, set_and_rest

# "is 2299 a limited time thing", "到什麼時候", "活動後會恢復嗎": how long the price lasts (folded text)
_HOW_LONG_PRICE = re.compile(r"limitedtime|howlong|tillwhen|untilwhen|到什么时候|到几号|到哪天|限时吗|一直(?:是|都)?这个价|以后还是|会涨吗|会恢复|normalprice|regularprice|forever|permanent|gonnalast|willitlast")
_BACK_TO = re.compile(r"回(?:到)?\d|变回\d|恢复\d|backto\d")  # "過了就回39了": the usual price said back, beside the sale
_HOW_MUCH_OFF = re.compile(r"便宜多少|省多少|差多少|便宜几|多便宜|howmuchcheaper|howmuchless|save")
# one's own price asked beside several ("一瓶多少 兩瓶一起多少", "單買多少")
_ONE_PRICE = re.compile(r"[一单每](?:瓶|支|台|罐|根|条|个|件|盒)(?:要|是)?(?:多少|几钱|几多|啥价|什么价)|"
                        r"[这那呢](?:瓶|支|台|罐|根|条|个|件|盒)(?:现在|而家|今天)?(?:要|是)?(?:多少|几钱|几多|啥价|什么价)|单买(?:要|是)?(?:多少|几钱|几多)|\beach\b|single")
# the products asked for together ("一起多少", "加起來", "phone + cable")
TOGETHER_ASK = re.compile(r"一起|一共|总共|加起来|合计|打包|together|intotal|altogether|\+|加(?=.{0,8}(?:多少|几钱|价))|what'?sthedamage")


def money_facts(text: str, f: str, intent: str, facts: list[Fact], products: tuple[str, ...], mentioned: tuple[str, ...],
           kb: KnowledgeBase) -> tuple[str, list[Fact]]:  # fmt: skip
    """The intent and facts of a money question (`f` is the folded text), after the steps that apply to it."""
    one = products[0] if len(products) == 1 else None
    if intent == "bargain":
        facts = ladder_facts(text, facts, products, kb)
    if intent == "price" and one and _HOW_LONG_PRICE.search(f) and (promo := kb.find(one, "promo")) is not None:
        # "is 2299 a limited time thing or the normal price now": the promotion, its end and the list price
        intent, facts = "promo", [promo, *(x for x in facts if x.kind not in ("price", "promo"))]
    if one and L.FLASH.search(f) and (_HOW_MUCH_OFF.search(f) or _BACK_TO.search(f)) and (usual := kb.find(one, "flash_saving")) is not None:
        # "秒殺價比平時便宜多少", "秒殺價29不會只有兩分鐘吧？過了就回39了？": the usual price and the difference, then the sale
        sale = [x for x in (kb.find(one, "flash"),) if x is not None]
        facts = [usual, *sale] if _HOW_MUCH_OFF.search(f) else [*sale, usual]
    if intent in ("price", "bundle") and len(products) >= 3 and kb.persona.bundle_holding(products) is None and TOGETHER_ASK.search(f) \
            and (parts := set_and_rest(kb.persona, kb, products)):
        intent, facts = "bundle", parts  # "手機 充電頭 數據線三件一起拍": the set that holds two, the third, and the total
    if intent in ("price", "bundle", "promo", "recommend") and one and len(mentioned) <= 1 and (n := count_of(f, text)) \
            and (several := many(kb.persona, kb, one, n, measure_of(f), facts)):
        if _ONE_PRICE.search(f) and (price := kb.find(one, "price")) is not None and price not in several:
            several = [price, *several]  # "精華一瓶多少 兩瓶一起多少": the one price, then the set of two
        intent, facts = "bundle", several  # "想買兩台N9，一共多少錢": that many at today's price (README: Intent labels, rule 4)
    return intent, facts
