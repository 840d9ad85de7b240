"""Which facts of the sheet answer a question, once its intent, products and attributes are known: the
price, promotion, stock, gift or set for the money asks (a flash sale's own figures while one is ahead or
running), the best-matching spec, FAQ or selling point for the product asks (scored by the attribute, the
embedding and shared characters), the persona's advice beside a fact for who it suits, the policies, and
what the sheet does not say (a mixin of the understander: it reads `_fact_vecs` and `_weak_only`)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

import numpy as np

from vhost.knowledge import attrwords as A
from vhost.knowledge import lexicon as L
from vhost.knowledge.attributes import attributes_in, first_named, value_tokens
from vhost.knowledge.embed import Embedder
from vhost.knowledge.kb import Fact, KnowledgeBase
from vhost.knowledge.reading import clauses_of
from vhost.knowledge.rule import WHICH_PRICE, cue
from vhost.text.fold import fold

NOW = re.compile(r"现在|目前|下单|今天买|一直|平时|平常|rightnow|now|today|always(?!miss)|normally|usually|ifibuy|buyit")  # "always miss it": no time asked
_FLASH_FIGURES = re.compile(r"限量|放了?\d+|放(?:几|多少)|几[支条件个瓶台部]|多少[支条件个瓶台部]|多久|多长时间|几分钟|howmany|howlong|units")
_STOCK_NOW = re.compile(r"还有没有货|有没有货|有货[吗嘛没不]|还有货|有现货|现在还有|instock|stillavailable")
_LEFT_NOW = re.compile(r"还剩|剩多少|剩几|还有多少|还有几")  # what is left now, after the flash sale
_WHEN = re.compile(r"几点|什么时候|啥时候|何时|哪天|几号|when|whattime|starttime")
_SAVED = re.compile(r"降了多少|降多少|便宜了多少|便宜多少|省了多少|省多少|省了?几[百十]|便宜了?几[百十]|少了多少|减了多少|减多少|差多少|差了多少|优惠多少|howmuchoff|howmuchcheaper|howmuchdoisave|howmuchless")
_TWO = re.compile(r"[两二2]|two|pair|duo")  # two of one, as a two-piece set holds them
_SHOP_TERMS = {"coupon": ("promo", "price"), "gift_box": ("gift",), "bulk_discount": ("price", "promo", "bundle"), "gift_terms": ("gift",)}  # the shop's terms asked with a product intent
# attributes told in the same unit: "一支幾克" is answered by the weight or the net content, whichever the sheet has
_SAME_MEASURE = {"capacity": {"weight"}, "weight": {"capacity"}, "flight": {"capacity"}}  # "可以帶上飛機嗎": a liquid's volume
_PROXY = {"size_fit": {"weight"}, "handheld": {"screen", "weight"}, "flight": {"capacity"}, "sleep": {"weight"}, "mixing": {"how_to_use", "makeup"}}  # what the sheet says that comes closest to an attribute it does not have
_BOTH_TIMES = re.compile(r"早上.{0,6}晚上|晚上.{0,6}早上|morning.{0,20}night|night.{0,20}morning|amorpm|早晚")
_BOTH_TIMES_SAID = re.compile(r"早晚|morningandnight|morningandevening|dayandnight")
_VERSUS_SINGLE = re.compile(r"差多少|差几|省多少|省几|单买|单支|单瓶|单罐|单件|分开买|一支多少|划算|便宜多少|whichischeaper|save|single|separately|onebyone|individually")
_WATER_RATING = re.compile(r"防水|防泼水|waterproof|water-resistant|splash|ip[x0-9]\d")
_ASKS_WATERPROOF = re.compile(r"防水|游泳|泡水|下水|waterproof|swim")
_ON_A_MEASURE = re.compile(r"(?:哪[个款支瓶]|谁)(?:的)?(?:比较|更|会)|which\w{0,12}(?:more|less|better|er)\b|最(?!近|后|好|新|便宜)|(?:全网|全国|业界|市面上?)第一|\bthe\s+(?!best\b)[a-z]{3,}est\b")  # "跟YSL比 哪個比較不乾", "the fastest charging": on that measure
_SHADE_FOR = re.compile(r"哪[个隻只支]色|哪个号|边[只隻个]色|(?:适合|衬|显白|揀|拣|选).{0,6}色|色号?.{0,4}(?:适合|衬|显白)|whichshade|whichcolou?r|shadefor|bestshade")
_TONE_LOOK = re.compile(r"显黑|显白|衬肤")  # "黃黑皮塗這個口紅會顯黑嗎": how a shade looks on them
_SKIN_TONE = re.compile(r"皮|肤|显白|衬|适合|skin|tone|suit")
_WHAT_IS = re.compile(r"是什么东西|是啥东西|是什么|是啥|是干嘛|干嘛的|干什么的|啥玩意|什么东西|有什么用|有啥用|whatis|whats|whatdoes.{0,12}do")
_EXPLAINS = re.compile(r"也就是|即是|一种|又叫|又称|whichis|akindof|aformof|alsocalled|alsoknownas")
_FIGURE_ASKED = re.compile(r"多大|多少|几|多久|多长|多重|多厚|howbig|howmuch|howmany|howlong|howheavy|percent|concentration|浓度|百分之")  # a figure asked
_BRIGHTER = re.compile(r"美白|变白|白一点|淡斑|提亮|whiten|brighten|lighten|darkspot|glow")  # an efficacy asked that the sheet's own claim speaks to
_DEVICE_KIND = re.compile(r"手机|笔电|电脑|平板|phone|laptop|tablet")  # the kind of device a viewer charges or connects
_FOLLOW_UP = re.compile(r"^[的也还又]?(?:呢|咧|嘞|呐|是吗|是不是|一样吗|有吗|有没有|有冇|也有吗|点呀|如何|怎么样|咋样|andthe|what ?about|howabout|wbu)?[呢吗嘛啊呀]*$")  # "P65呢"
_WHICH_KINDS = re.compile(r"(?:啥|什么|哪些|哪种|哪类)(?:设备|机|电子产品)|whatdevices|whichdevices")  # the kinds it works with
_GLOW = re.compile(r"亮采|提亮|光泽|radian|glow|brighter")  # the brightening a cosmetic may claim (not whitening)
_LISTED = ("price", "stock")  # "四個各要多少": a figure each, for up to four products


def _whichever(f: Fact, kb: KnowledgeBase) -> Fact:
    """One product's wording of a policy, said when no product was asked of: "找到X1 無線藍牙耳機就能下單" becomes
    "找到想要的商品就能下單" ("can i pay cash on delivery" is not told to pick the earbuds)."""
    p = kb.persona.product(f.product) if f.product else None
    if p is None or p.name not in f.text:
        return f
    en = kb.lang == "en"
    text = re.sub(rf"(?:the )?{re.escape(p.name)}", "the one you want", f.text) if en else f.text.replace(p.name, "想要的商品")
    return replace(f, text=text, product=None, must=tuple(m for m in f.must if m not in fold(p.name)))


def _unnamed(text: str, kb: KnowledgeBase, pid: str) -> str:
    """A fact's folded text without its product's name ("維他命 C 亮采面霜" names no claim)."""
    prod = kb.persona.product(pid)
    return fold(text).replace(fold(prod.name), " ") if prod is not None else fold(text)


class FactFinder:
    _fact_vecs: dict[str, np.ndarray]
    _weak_only: bool
    emb: Embedder
    mentions: Callable[[str], list[str]]  # the understander's (vhost.knowledge.names)
    _without_names: Callable[[str], str]

    def _best_facts(self, kb: KnowledgeBase, fam: str, pid: str, vec: np.ndarray, text: str, attrs: set[str]) -> list[Fact]:
        # the product's own lines; the shop's answer on what is asked when the product's own sheet says nothing of it
        # ("那罐霜保质期到啥时候": 保存期限印在包裝上, for any product)
        own = any(f.product == pid and f.attrs & attrs for f in kb.facts)
        idx = [i for i, f in enumerate(kb.facts) if (f.product == pid and f.kind in ("faq", "point", "spec", "script"))
               or (not own and f.product is None and f.kind in ("faq", "advice") and f.attrs & attrs)]
        if not idx:
            return []
        sims = self._fact_vecs[fam][idx] @ vec
        q = fold(text)
        grams = {q[i : i + 2] for i in range(len(q) - 1)}
        kinds = {m.group() for m in _DEVICE_KIND.finditer(q)}
        scored = []
        for j, i in enumerate(idx):
            fact = kb.facts[i]
            cue = fold(fact.cue)
            lex = sum(1 for g in grams if g in cue) / max(1, len(grams))
            hit = len(attrs & fact.attrs)
            # a line that names what is asked without a figure ("續航和螢幕是換機時很值得比較的兩項") when a figure is asked
            # or names two asked at once with neither figure ("老人看字夠大不 電池耐用嗎": each one's own line, with its figure)
            named_only = hit and not value_tokens(fact.text) and (_FIGURE_ASKED.search(q) or (fact.kind == "script" and hit >= 2))
            bonus = {"faq": 0.15, "advice": 0.0, "spec": 0.05, "point": 0.0, "script": -0.15}[fact.kind]  # the sheet before the pitch
            if _WHAT_IS.search(q) and _EXPLAINS.search(fold(fact.text)):
                bonus += 0.5  # "泛醇是啥玩意兒": the line that says what it is ("也就是維他命原 B5"), not the formula's figures
            if kinds and any(k in fold(fact.text) for k in kinds):
                bonus += 0.2  # "P65可以充手機嗎": the line that names the viewer's kind of device ("筆電手機都能充")
            scored.append(((1.0 if named_only else 2.0) * hit + float(sims[j]) + lex + bonus, hit, fact))
        scored.sort(key=lambda x: -x[0])
        out: list[Fact] = []
        covered: set[str] = set()
        for score, hit, fact in scored:
            if attrs and not hit and not (self._weak_only and score - 2.0 * hit >= 0.8):
                continue
            if fact.kind == "script" and not hit:
                continue  # a pitch line answers what it names, not what it only sounds like
            if not attrs and score < 1.0:
                continue
            new = fact.attrs & attrs - covered
            if out and not new:
                continue
            out.append(fact)
            covered |= fact.attrs
            if not attrs or attrs <= covered or len(out) >= (3 if len(attrs) >= 3 else 2):
                break
        if len(out) > 1 and len(attrs) > 1:  # "螢幕多大 電池呢": the screen, then the battery, as asked
            where = first_named(text, attrs)
            out.sort(key=lambda x: min((where[a] for a in x.attrs & attrs if a in where), default=len(q)))
        return out

    def _facts(self, intent: str, products: tuple[str, ...], attrs: set[str], kb: KnowledgeBase, fam: str,
               vec: np.ndarray, text: str) -> tuple[list[Fact], list[str], list[str]]:  # fmt: skip
        """The facts that answer, the attributes the sheet does not give, and the products whose own sheet lacks one
        of them ("X1跟P65防水嗎": the P65, which has no water rating), for the deferral to name."""
        facts: list[Fact] = []
        missing: list[str] = []
        lacking: list[str] = []
        q = fold(text)
        for pid in products[: 4 if intent in _LISTED else 2]:
            if intent in ("promo", "stock") and L.FLASH.search(q) and L.FLASH_OVER.search(q) and _FLASH_FIGURES.search(q) \
                    and (flash := kb.find(pid, "flash")) is not None and (now := kb.find(pid, "price")) is not None:
                if _LEFT_NOW.search(q) and (left := kb.find(pid, "stock")) is not None:
                    # "沒搶到 恢復原價是多少 還剩多少支": the price after it and the stock now, not the flash sale's units
                    facts += [now, left] if cue(q, "price") >= 0.6 or "原价" in q else [left]
                    continue
                facts += [flash, now]  # "秒殺那批有多少支 沒搶到還能按原價拍嗎": the flash sale's figures, then the price after it
                continue
            if intent in ("price", "promo", "stock") and L.FLASH.search(q) and not L.FLASH_OVER.search(q) \
                    and (flash := kb.find(pid, "flash")) is not None:
                ahead = kb.find(pid, "flash_ahead")  # the flash sale is still to come
                if ahead is not None and _WHEN.search(q):
                    # "秒殺幾點開": the sheet has no hour; when it opens (and its price, when that is asked too)
                    # its figures too when the price, the units or how long it runs are asked ("幾點開 限量幾支")
                    facts.append(flash)  # with its figures: the price to set an alarm for ("秒殺幾點開搶 我先定鬧鐘")
                    missing.append("flash_time")
                elif ahead is not None and NOW.search(q) and (now := kb.find(pid, "price")) is not None:
                    # "不是說秒殺 29 嗎 現在下單多少": the price now, and that the flash sale is to come (no figure beside a
                    # figure the viewer took for today's); "on sale rn or do i wait for the flash thing": its figures, to wait for
                    facts += [now, flash if re.search(r"waitfor|等(?:到|等)?(?:秒杀|抢购|flash)", q) else ahead]
                else:
                    if intent == "stock" and _STOCK_NOW.search(q) and (now := kb.find(pid, "stock")) is not None:
                        facts.append(now)  # "仲有冇貨？秒殺嗰陣有幾多條": the stock now, then the flash sale's units
                    facts.append(flash)  # "秒殺有幾支": the flash sale's figures, not the shelf price
                continue
            if intent in ("price", "promo", "stock", "gift", "bundle"):
                if intent == "bundle" and not kb.find(pid, "bundle"):
                    facts.extend(now for now in [kb.find(pid, "price")] if now is not None)  # "耳機有組合價嗎": none; its price
                    facts.extend(f for f in kb.facts if f.kind == "bundle")  # the sets there are, on other products
                    continue
                if intent == "bundle" and _VERSUS_SINGLE.search(q) and (single := kb.find(pid, "apart") or kb.find(pid, "price")) is not None:
                    facts.append(single)  # "跟雙瓶組差多少", "單買呢": the items one by one beside the set's price
                fact = kb.find(pid, intent)
                if intent == "price" and _SAVED.search(q) and (deal := kb.find(pid, "promo")) is not None:
                    fact = deal  # "原價多少 現在降了多少": the promotion with what it saves, not the bare price
                if fact is not None:
                    facts.append(fact)
                # "防水嗎 送什麼": both; the size only asked in a clause of its own ("送啥 面霜本身多大", not "一瓶多少")
                alone = any("capacity" in attributes_in(c) for c in clauses_of(text)[1:])
                extra = attrs - {"restock", *(() if alone else ("capacity",))} if intent in ("price", "gift", "stock") else set()
                if intent == "price" and (unit := L.PER_UNIT.search(text.lower())):
                    # "精華一毫升合多少錢", "C1一米合幾塊": the price and the size or the length (the sum is the viewer's)
                    extra = {*extra - {"length", "capacity", "weight"}, *(("length",) if re.search(r"米|公尺|metre|meter|per\s*m$", unit.group()) else ("capacity", "weight"))}
                if extra:
                    facts.extend(self._best_facts(kb, fam, pid, vec, text, extra)[:1])
                if intent in ("price", "stock", "promo") and L.FREEBIE.search(q) and (gift := kb.find(pid, "gift")) is not None and gift not in facts:
                    facts.append(gift)  # "whats this one going for today n is there a freebie": the price (and its size), then the gift
            elif intent == "compare" and WHICH_PRICE.search(q) and (now := kb.find(pid, "price")) is not None:
                facts.append(now)  # "which is cheaper": each one's price now
            elif intent in ("spec", "usage", "suitability", "compare", "recommend", "medical"):
                # "哪個比較不怕水" of two named products: each one's water fact, not their lead points
                general = intent in ("compare", "recommend") and (not attrs or (self._weak_only and len(products) < 2 and not _ON_A_MEASURE.search(q) and not (intent == "recommend" and attrs == {"moisture"})))
                got = [] if general else self._best_facts(kb, fam, pid, vec, text, attrs)
                if got and _BOTH_TIMES.search(q) and (both := [f for f in kb.of(pid) if _BOTH_TIMES_SAID.search(fold(f.text))]):
                    got = [both[0], *(f for f in got if f is not both[0])]  # "早上用還是晚上用": 早晚都能用, not the morning routine
                proxy = set().union(*(_PROXY.get(a, set()) for a in attrs))
                if not got and _WHICH_KINDS.search(q):
                    kinds = [(len(set(_DEVICE_KIND.findall(fold(f.text)))), f) for f in kb.of(pid) if f.kind in ("point", "faq")]
                    best = max(kinds, key=lambda x: x[0]) if kinds else None
                    got = [best[1]] if best is not None and best[0] else []  # "適合給啥設備充電": the line naming the most kinds
                if not got and intent == "compare" and len(products) == 1 and attrs and not general \
                        and not attrs & A.USAGE_ATTRS and all(kb.products_with(a) - {pid} for a in attrs):  # a measure another sheet states (not 銷量, not daily use)
                    missing.extend(a for a in sorted(attrs) if a not in missing)  # "N9是全網充電最快的吧": a measure the sheet lacks, said so
                    lacking.append(pid)
                elif not got and intent in ("compare", "recommend"):
                    got = [f for f in kb.of(pid) if f.kind == "point"][:1]  # the author's lead point
                if intent == "recommend" and (L.BUDGET.search(text) or cue(q, "price") >= 0.6) and (now := kb.find(pid, "price")) is not None:
                    # "預算兩百左右 買啥好": what it costs, then why; of two named ("口紅還是精華"), what each costs
                    got = [now] if len(products) > 1 else [now, *got][:2]
                elif not got and (intent in ("usage", "suitability") or (intent == "spec" and (L.SITUATION.search(q) or L.DEVICE.search(q) or proxy))):
                    # "iPhone能用嗎": how it connects is the closest fact the sheet has (Bluetooth, the connector); "ok for a
                    # 12h flight": the battery; "小耳朵戴著會掉嗎": the weight, not the water rating
                    got = (self._best_facts(kb, fam, pid, vec, text, {"bluetooth", "connector"})[:1] if "compat" in attrs else []) \
                        or (self._best_facts(kb, fam, pid, vec, text, proxy)[: len(proxy)] if proxy else []) or self._related(kb, fam, pid, vec)
                    if not attrs:
                        missing.append("unknown")  # "能當隔離用嗎": say what is not known, then the closest fact
                        lacking.append(pid)
                elif intent == "medical" and _BRIGHTER.search(q) and (glow := [f for f in kb.of(pid) if f.kind in ("point", "faq", "script") and _GLOW.search(_unnamed(f.text, kb, pid))]):
                    # "能美白淡斑嗎": not judged, then what it is (its lead point) and the claim the sheet does make ("看起來更有光澤")
                    got = [*[f for f in kb.of(pid) if f.kind == "point"][:1], glow[0]]
                elif intent == "medical" and not any(f.kind in ("point", "faq") for f in got) and (not got or _BRIGHTER.search(q)):
                    # "will the cream whiten my skin": not judged, then what the sheet does say (its lead point), not a texture
                    got = [f for f in kb.of(pid) if f.kind == "point"][:1] or got
                if (intent == "suitability" or (intent == "medical" and "pregnancy" in attrs)) and attrs - set().union(*(f.attrs for f in got)):
                    advice = [f for f in kb.of(None) if f.kind == "advice" and f.attrs & attrs]
                    got = advice[:1] + got[:1] if advice else got  # "敏感肌擦防曬會刺痛嗎": the persona's advice, then the fact
                facts.extend(got)
                if intent in ("recommend", "suitability") and ((("shades" in attrs and _SHADE_FOR.search(q)) and _SKIN_TONE.search(q))
                                                               or (_TONE_LOOK.search(q) and pid in kb.products_with("shades"))):
                    missing.append("shade_pick")  # "黃皮適合哪個色號": the sheet lists the shades, not who each one suits
                covered = set().union(*(f.attrs for f in got)) if got else set()
                unrated = "water" in attrs and _ASKS_WATERPROOF.search(q) and not any(_WATER_RATING.search(fold(f.text)) for f in kb.of(pid))
                if unrated:
                    covered.discard("water")  # "防曬防水嗎": "流汗後記得補擦" is about sweat, not a water rating the sheet lacks
                if (intent == "spec" or (intent in ("usage", "suitability") and attrs)) and not (self._weak_only and got):
                    lacks = [a for a in sorted(attrs) if a not in covered and a != "daytime" and (pid not in kb.products_with(a) or (a == "water" and unrated))
                             and not (_SAME_MEASURE.get(a, set()) & covered)]  # fmt: skip
                    if not got and not attrs:
                        lacks.append("unknown")
                    missing.extend(lacks)
                    lacking.extend([pid] if lacks else [])
            if intent in L.POLICY_INTENTS:
                facts.extend(f for f in kb.of(pid) if f.kind == "policy" and intent in f.intents)
        if intent == "bargain" and not products:
            facts.extend(f for f in kb.policies() if f.id.endswith(":ladder"))  # the ladder there is, when no product is named
        if intent in L.POLICY_INTENTS:
            own = [f for f in kb.policies() if intent in f.intents]
            shop_wide = [f for f in own if f.product is None]
            # no product asked of: one product's wording of a per-product policy, not one line per product
            facts.extend(shop_wide if products or shop_wide else [_whichever(f, kb) for f in own[:1]])
        if intent not in L.PRODUCT_INTENTS and intent not in ("compare", "recommend") and not self._weak_only:
            # "開發票嗎", "發啥快遞": something specific that no sheet or policy states
            said = attributes_in(" ".join(f.text for f in facts if f.kind == "policy"))
            missing.extend(a for a in sorted(attrs) if not kb.products_with(a) and a in A.POLICY_ATTRS and a not in said)
        if intent == "authenticity" and "certification" in attrs and not any("certification" in f.attrs for f in facts) \
                and not any(kb.products_with("certification") & set(products)):
            missing.append("certification")  # "N9是国行还是水货 有没有3C认证": the shop's word on genuine goods, and no mark on the sheet
        if "purchase_limit" in attrs and "purchase_limit" not in missing and not kb.products_with("purchase_limit"):
            missing.append("purchase_limit")  # "秒殺的口紅每人限購幾支": no limit on the sheet, whatever else is asked
        if intent in ("stock", "price") and "payment" in attrs and "payment" not in missing \
                and not any("payment" in f.attrs for f in kb.policies()):
            missing.append("payment")  # "呢部仲有冇貨 可唔可以分期俾": the stock, and instalments the sheet does not offer
        for term, asked_as in _SHOP_TERMS.items():  # "有券嗎", "會員有沒有額外折扣", "有禮盒嗎": none on the sheet, none promised
            if term in attrs and intent in asked_as and not any(term in f.attrs for f in kb.policies()):
                if term == "bulk_discount" and _TWO.search(q) and any(f.kind == "bundle" and f.product in products for f in facts):
                    continue  # "口紅買兩支有冇優惠": the two-piece set is that discount
                missing.append(term)
        return facts, missing, lacking

    def _clause_facts(self, intent: str, products: tuple[str, ...], attrs: set[str], kb: KnowledgeBase, fam: str,
                      clause: str) -> tuple[list[Fact], list[str], list[str]]:  # fmt: skip
        """_facts for one clause of the message, read on its own (its own embedding)."""
        return self._facts(intent, products, attrs, kb, fam, self.emb.encode([clause])[0], clause)

    def _each_own(self, intent: str, products: tuple[str, ...], kb: KnowledgeBase, fam: str,
                  text: str) -> tuple[list[Fact], list[str], list[str]] | None:  # fmt: skip
        """"X1多重 C1多長", "精華有香味嗎 防曬呢": each product asked in a clause of its own gets its own answer (a bare
        "P65呢" asks what the clause before asked); None unless every clause names one product and asks something."""
        clauses = clauses_of(text)
        if intent not in ("spec", "usage", "suitability") or len(products) < 2 or len(clauses) < 2:
            return None
        asks: list[tuple[str, set[str], str]] = []
        for clause in clauses:
            named = self.mentions(clause)
            rest = self._without_names(clause)
            attrs = attributes_in(rest, strict=True)
            if not attrs and asks and _FOLLOW_UP.match(fold(rest)):
                attrs = asks[-1][1]  # "P65呢": what the clause before asked, of this one
            if len(named) != 1 or not attrs or named[0] in [a[0] for a in asks]:
                return None
            asks.append((named[0], attrs, clause))
        if len(asks) < 2:
            return None
        facts: list[Fact] = []
        missing: list[str] = []
        lacking: list[str] = []
        for pid, attrs, clause in asks:
            got, lacks, _ = self._clause_facts(intent, (pid,), attrs, kb, fam, clause)
            facts.extend(got[:1])
            missing.extend(lacks)
            lacking.extend([pid] if lacks else [])
        return facts, missing, lacking

    def _related(self, kb: KnowledgeBase, fam: str, pid: str, vec: np.ndarray) -> list[Fact]:
        """The product's fact closest to the question, when it names no attribute ("能充 Switch 嗎")."""
        idx = [i for i, f in enumerate(kb.facts) if f.product == pid and f.kind in ("faq", "point")]
        if not idx:
            return []
        sims = self._fact_vecs[fam][idx] @ vec
        j = int(np.argmax(sims))
        return [kb.facts[idx[j]]] if float(sims[j]) >= 0.3 else []  # nothing close: the deferral alone, not a stray fact
