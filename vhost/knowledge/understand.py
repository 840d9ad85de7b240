"""Question understanding: intent, product(s), the facts asked for, what the sheet lacks, bait.

Three signals, each weak alone: lexical cues by intent (slang included), the nearest
viewer-style exemplar in a multilingual sentence embedding, and the attributes the
question names. Products come from the words (names, aliases and codes in every edition,
homophone typos through pinyin), else from the attribute (only the N9 has a refresh rate),
else from context (the product on stage, then the last one talked about). A claim in the
question that the sheet contradicts ("99 對吧", "IP68", "可以游泳吧") is kept as bait, so
the answer corrects it instead of agreeing. Which facts answer it is vhost.knowledge.facts; where the written
intent rule overrides the scores, vhost.knowledge.rule.
"""

from __future__ import annotations

import re
from datetime import datetime

import numpy as np

from vhost.intake.classify import is_question
from vhost.knowledge import attrwords as A
from vhost.knowledge import lexicon as L
from vhost.knowledge.asked import AskedBank
from vhost.knowledge.asks import HOW_MANY, Asks
from vhost.knowledge.attributes import attributes_in
from vhost.knowledge.bait import contradicted
from vhost.knowledge.coverage import substances, unsaid
from vhost.knowledge.embed import Embedder, default_embedder
from vhost.knowledge.exemplars import EXEMPLARS
from vhost.knowledge.facts import NOW, FactFinder
from vhost.knowledge.kb import Fact, KnowledgeBase, build
from vhost.knowledge.names import _product_text
from vhost.knowledge.priced import TOGETHER_ASK, money_facts
from vhost.knowledge.reading import by_unit, clauses_of, strip_units
from vhost.knowledge.rule import (
    CONFIRM,
    GOODS_DOUBTED,
    PRICE_ON_THE_WAY,
    answered_by,
    as_labelled,
    asks_what_now,
    by_the_rule,
    choosing_for_someone,
    cue,
    set_asked,
)
from vhost.knowledge.scores import OPINION, IntentScores
from vhost.knowledge.settled import asked_of, before_going_out, for_products, read_named
from vhost.knowledge.situated import GUESSED_FOR, AttributeVote
from vhost.knowledge.spelled import read_pinyin
from vhost.knowledge.topic import banned_words
from vhost.knowledge.understood import Understood
from vhost.knowledge.which import WhichProduct
from vhost.persona.model import Persona
from vhost.text.cantonese import to_mandarin
from vhost.text.fold import fold, looks_like_pinyin, plain_english

# the viewers addressed ("嚟咗啦寶寶們"), not a baby: read as 大家 everywhere (cues, attributes, the plan's checks)
_ADDRESS = re.compile(r"寶寶們|宝宝们|寶貝們|宝贝们")
# a phone or tablet named by the viewer (the Switch or a laptop charged stays: the deferral names it)
_DEVICE_NAMED = re.compile(rf"(?:{L.PHONE_BRAND.pattern}|ipad|galaxy)(?:\s*(?:pro|max|plus|mini|air|ultra|\d+))*", re.I)
_DEVICES = re.compile(r"設備|设备|電腦|电脑|筆電|笔电|平板|devices?|gadgets?|computers?", re.I)  # "適合給啥設備充電": the kind asked, no word the sheet lacks
# words of the stream, the host and buying: a message with one of them is not the world outside
_OURS = re.compile(r"主播|直播|你们|你家|店|链接|下单|买|拍|货|价|钱|元|块|便宜|贵|优惠|活动|福袋|盲盒|抽奖|抽到|抽中|旅行装|小样|试用装|正装|砍|秒杀|赠|送|用|擦|涂|戴|充|"
                   r"你|u\b|\byou|host|stream|buy|order|price|cost|cheap|deal|sale|ship|use|wear|apply|charge", re.I)
_THANKS = re.compile(r"谢谢|多谢|感谢|感恩|thank|thx|\bty\b")
_TO_HOST = re.compile(r"主播.{0,3}(?:好|很|真|超|太)(?:美|帅|靓|漂亮|可爱|温柔|好听|有条理|专业|厉害|会讲)|(?:主播|你)(?:是|系).{0,3}(?:工程师|真人|机器人|ai)|"
                      r"urso|youreso|youareso|urvoice|yourvoice|realface|urface|yourface|areu(?:a|an)?(?:real|ai|bot|human)")
_HOW_IT_PLAYS = re.compile(r"延迟|卡|流畅|声音|音效|听|掉帧|发热|烫|lag|latency|delay|sound")
# the product as a whole ("X1 好用嗎", "這個怎麼樣", "質量如何", "is it any good"): its lead selling points
_OVERALL = re.compile(r"卖点|亮点|优点|特色|特点|sellingpoint|bestfeature|好不好用|好唔好用|好用|怎么样|咋样|点样|如何|质量|品质|值得买|值不值|值唔值|靠谱|靠唔靠谱|好唔好|"
                      r"anygood|worthit|isitgood|howisit|howsit|howgoodis|whatsitlike|whatisitlike")
_OWN_PICK = re.compile(r"自己[选挑拣揀]|自选|[选挑拣揀](?:颜色|色号|色|款)|任[选挑]|mixandmatch|choose(?:the|my|own|which)?(?:colou?rs?|shades?)|pick(?:the|my|own|which)?(?:colou?rs?|shades?)")
_CHECKOUT = re.compile(r"结帐|结账|结算|付款时|下单时|checkout|checkingout|atpayment")
_SLANG = re.compile(r"(\d)\1{2,}|2333+|[68]+")  # 666, 888, 2333: cheering, not a number asked about
_ABSOLUTE = re.compile(r"最|第一|全网|no\.?1|numberone|\bbest\b|cheapest")
_TWO_FOR_ONE = re.compile(r"买一送一|买1送1|买一赠一|buyoneget(?:one|1)|buy1get1|bogo|2for1|twoforone")  # folded
_THEIRS = re.compile(r"别家|其他家|别的牌子|其他牌子|别牌|杂牌|anotherbrand|otherbrand")  # not 上次買的: that may be ours
_PAIR_WITH = re.compile(r"(?:搭配|配套|配|搭)(?:个|一个|一款|一条|一根)?(?:啥|什么|哪个|哪款|哪一款|哪种|哪条|哪根)")  # "要配什麼充電頭"
_SET_NAMED = re.compile(r"組合|组合|套裝|套装|套餐|\b(?:bundle|combo|as a set|a set)\b", re.I)
_POLICY_OF = {"shipping": {"delivery_time", "courier", "remote", "shipping_fee", "overseas", "ship_from", "pickup", "cold_pack", "address_change"}, "how_to_buy": {"invoice", "payment", "purchase_limit"}, "promo": {"coupon", "bulk_discount"}, "gift": {"gift_box", "gift_terms"},
              "authenticity": {"anti_fake", "registration", "goods_channel"}, "returns": {"return_terms"}, "warranty": {"warranty_period", "extended_warranty"}, "lottery": {"prize_claim"}}  # fmt: skip
_UNDATED = (("bargain", "bargain_time"), ("stock", "restock"), ("promo", "future_sale"), ("lottery", "draw_time"), ("lottery", "future_sale"), ("lottery", "prize_claim"))
_MEASURE = re.compile(r"[一每單单]([支瓶罐條条根台副盒])")
_IN_THE_BOX = re.compile(r"inthebox|盒里|盒子里|包装里|包装内|盒内|box")
_FREE = re.compile(r"送|赠|免费|free|gift|giveaway|bonus")
_SAVED = re.compile(r"省(?:了|下)?(?:几|多少)|便宜了?(?:几|多少)块|差了?(?:几|多少)(?:块|钱)|howmuch(?:do|would|will|did)?(?:i|we|you)save|howmuchoff|savings")


def _deal_for_price(facts: list[Fact], deal: Fact) -> list[Fact]:
    """The promotion's line in place of its product's price line (it says the price, the list price and the end), once."""
    return list(dict.fromkeys(deal if x.kind == "price" and x.product == deal.product else x for x in facts))


_AFTER_PROMO = re.compile(r"(?:活动|优惠|折扣|打折|促销|sale)(?:结束|完|过)了?(?:后|以后|之后)?|没(?:有)?(?:活动|优惠|打折)的?(?:时候|时)|没打折前|原本|本来卖|after the (?:sale|promo)")
_A_NUMBER = re.compile(r"\d|[一二兩两三四五六七八九十半百千]|\b(?:one|two|three|four|five|six|seven|eight|nine|ten)\b", re.I)
_THIS = re.compile(r"[這这](?:個|个|款|瓶|支|台|部|罐|盒|條|条|根|副|只|件|組|组)|(?i:\bthis\b|\bit\b)")  # the one shown
_DOCTOR_SAID = re.compile(r"(?:医生|皮肤科|derm\w*|doctor|dr)(?:说|讲|叫|让|话|said|says|told|toldme)")
_IF_RETURNED = re.compile(r"(?:如果|万一|要是|假如|\bif\b|what if).{0,14}(?:退|return|refund)")  # a return asked of what might happen
_IN_IT = re.compile(r"有没有(?:加|含)|有冇(?:加|含)|含不含|加没加|有加|加了|含有|doesithave|doesitcontain|isthere\w{0,20}init|any\w{0,20}init")
_WEAR_BOTH = re.compile(r"(?:wear|use|戴|用)\w{0,6}(?:both|两只|兩隻|两边|兩邊|双耳|雙耳)|(?:both|两只|兩隻|两边|兩邊)\w{0,8}(?:buds|earbuds|耳|ear)")
_EACH = re.compile(r"各|分别|两样|两个都|each|both")


def _family(lang: str) -> str:
    return "en" if lang == "en" else "zh"


class Understander(Asks, WhichProduct, FactFinder, IntentScores):
    def __init__(self, persona: Persona, *, embedder: Embedder | None = None, at: datetime | None = None) -> None:
        self.persona = persona
        self.emb = embedder or default_embedder()
        self.at = at or persona.now()
        self.kb: dict[str, KnowledgeBase] = {fam: build(persona.edition(fam if fam == "en" else persona.identity.languages[0]), fam, self.at)
                                             for fam in ("zh", "en")}  # fmt: skip
        self._names = self._product_words()
        ex_texts = [t for ts in EXEMPLARS.values() for t in ts]
        self._ex_intents = [i for i, ts in EXEMPLARS.items() for _ in ts]
        self._ex = self.emb.encode(ex_texts)
        self._asked = AskedBank(self.emb)
        self._situated = AttributeVote(self.emb)
        self._fact_vecs = {fam: self.emb.encode([f.cue for f in kb.facts]) for fam, kb in self.kb.items()}
        self._unique = self._unique_words()
        self._weak_only = False
        self._banned = banned_words(persona)
        self._sheet_text = {p.id: fold(" ".join(_product_text(e.product(p.id) or p) for e in self._editions())) for p in persona.products}

    # -- the whole question ----------------------------------------------------------------
    def understand(self, text: str, lang: str, *, stage_product: str | None = None, last_product: str | None = None) -> Understood:
        fam = _family(lang)
        kb = self.kb[fam]
        text = to_mandarin(text)  # "有冇贈品", "而家幾多錢": the lexicon, the sheet and the bank are Mandarin
        text = plain_english(text)  # "hw much rn", "does it come w/ a case"
        typed_pinyin = looks_like_pinyin(text)
        text = read_pinyin(text)  # "zhe ge erji shi zhengpin ma": the words the cues and the bank know
        text = _ADDRESS.sub("大家", text)
        vec = self.emb.encode([text])[0]
        # "C1 是一米的吧", "N9 8+128 的": a unit or a form says what is asked, before any word does
        unit = by_unit(text)
        bare = strip_units(text) if unit else text
        named = read_named(text, bare, unit, kb, self.persona, self._without_names)
        attrs = asked_of(named, text, bare, self._without_names)
        self._weak_only = bool(named) and not any(named.values())
        mentioned = tuple(self.mentions(text))
        source = "words" if mentioned else "none"
        if not mentioned and not (stage_product and _THIS.search(text)) and (sheet := self.sheet_mentions(text)):  # "呢部…電可以頂幾耐": the one shown, not the sheet with "電可以"
            mentioned, source = tuple(sheet[:1]), "sheet"
        if not mentioned and (has := [p.id for p in self.persona.products if any(s in self._sheet_text[p.id] for s in substances(text))]) \
                and len(has) == 1:
            mentioned, source = (has[0],), "sheet"  # "VC濃度幾趴": the one product whose sheet has vitamin C
        # a question about a product, named or on stage ("這罐還有多少"), is never small talk
        about = bool(mentioned) or (stage_product is not None and is_question(text) and not L.TO_HOST.search(text))
        scores = self._intent_scores(text, vec, attrs, asked=about and not OPINION.search(fold(text)))
        intent = answered_by(max(scores, key=scores.__getitem__), fold(text), attrs, mentioned)
        if _SLANG.fullmatch(fold(text).strip()) or L.BOUGHT.search(fold(text).strip()):
            intent = "chitchat"  # "666"; "已拍" (thanked)
        elif intent == "gift" and _IN_THE_BOX.search(fold(text)) and not _FREE.search(fold(text)):
            intent = "spec"  # "does the n9 come with a charger in the box": what is in the box, not a free gift (rule 7)
        elif intent == "chitchat" and not mentioned and L.only_leaving(text):
            intent = "greeting"  # "晚安喇各位，聽日再嚟睇": leaving, nothing asked (README: Intent labels, rule 1)
        elif intent == "warranty" and "shelf_life" in attrs:
            intent = "spec"  # "保質期多久": how long the product keeps, not how long it is covered
        elif intent == "authenticity" and attrs - A.POLICY_ATTRS and not (GOODS_DOUBTED.search(fold(text)) and attrs <= A.POLICY_ATTRS | {"certification"}):
            intent = "spec"  # "一百瓦是真的嗎" checks a number on the sheet, not whether the goods are genuine
        elif intent in ("spec", "usage", "suitability") and attrs and attrs <= A.POLICY_ATTRS - {"origin", *(("overseas",) if mentioned else ())}:
            # "今天下單明天到嗎", "可以開專票嗎", "拆了能退嗎": the shop's policy, whatever the product
            intent = next((i for i, group in _POLICY_OF.items() if attrs & group), intent)
        elif intent in ("spec", "usage", "suitability", "chitchat", "compare") and not attrs and self._price_said(text, mentioned or (stage_product,)):
            intent = "price"  # "is the N9 still 2499", "saw the P65 for 89 elsewhere": a price said back is a price asked
        if "coupon" in attrs and intent in ("spec", "usage", "suitability", "promo") and (attrs - {"coupon"} <= {"how_to_use", "operation"}) \
                and (attrs & {"how_to_use", "operation"} or _CHECKOUT.search(fold(text))):
            intent = "how_to_buy"  # "優惠券結帳時要怎麼用": using a coupon is paying (README: Intent labels, rule 3)
        elif "coupon" in attrs and intent == "gift" and not mentioned:
            intent = "promo"  # "有沒有滿千送百那種": a spend-and-save offer, not a free gift
        if intent in ("how_to_buy", "returns") and attrs & {"pickup", "cold_pack", "courier", "delivery_time", "address_change"} and not attrs & _POLICY_OF["how_to_buy"] \
                and (intent == "how_to_buy" or "address_change" in attrs):
            intent = "shipping"  # "可以超商取貨嗎", "今天拍下啥時候能發 順豐還是中通", "wrong address, can i change it": the parcel, not the checkout
        if intent == "gift" and attrs & _POLICY_OF["shipping"] and not L.FREEBIE.search(fold(text)):
            intent = "shipping"  # "gets to me in singapore before xmas? need it as a gift": a present's delivery, not a free gift
        if intent == "shipping" and attrs & {"payment", "invoice"} and not attrs & _POLICY_OF["shipping"]:
            intent = "how_to_buy"  # "can I pay cash when the parcel arrives": paying, asked on the way to the delivery
        if intent == "compare" and "compat" in attrs:
            intent = "suitability"  # "iPhone能用X1嗎": whether ours works with theirs, not a comparison
        if scores["medical"] >= 1.0 and cue(fold(text), "medical") > 0 and cue(fold(text), "off_topic") < 1.3:
            intent = "medical"  # safety first: an efficacy question (in health words) is never answered as a spec
            if self._worry(fold(text)):
                intent = "suitability"  # "敏感肌擦了會刺痛嗎" before buying: who it suits (a patch test), not "stop using it"
        if intent == "medical" and attrs & {"fragrance", "alcohol"} and _IN_IT.search(fold(text)):
            intent = "spec"  # "面霜有沒有加香料 我聞到香味會頭痛": whether it is in it (the headache is the reason asked)
        if intent == "medical" and substances(text) and _DOCTOR_SAID.search(fold(text)) and not cue(fold(text), "medical") >= 1.3:
            intent = "spec"  # "does the serum have any retinol in it? my derm said no retinol": what is in it (the doctor's word is theirs)
        if intent == "medical" and _IF_RETURNED.search(fold(text)):
            intent = "returns"  # "如果過敏咗係咪一定退唔到": whether it could be returned, asked before buying
        if intent in ("complaint", "medical") and _THEIRS.search(fold(text)) and is_question(text) and attrs & _POLICY_OF["shipping"]:
            intent = "shipping"  # "上次在别家买个充电器等了快十天 你们这边发新疆多久能到": ours, asked after theirs
        elif intent in ("complaint", "medical") and _THEIRS.search(fold(text)) and is_question(text):
            # "之前用別家精華刺痛了好幾天，這個會不會刺激": what happened with another product, asked of ours before buying
            intent = "suitability" if intent == "medical" or self._worry(fold(text)) else "spec"
        f = fold(text)
        flash_now = bool(L.FLASH.search(f) and (L.FLASH_OVER.search(f) or NOW.search(f)))
        intent = by_the_rule(intent, f, attrs, mentioned, scores, price_said=self._price_said(text, mentioned or (stage_product,)), flash_now=flash_now)
        if intent == "bundle" and len(mentioned) <= 1 and _WEAR_BOTH.search(f) and cue(f, "price") < 0.6:
            intent = "spec"  # "can i wear both X1 buds at the same time": both earbuds worn, no set asked
        if intent == "spec" and attrs == {"certification"} and GOODS_DOUBTED.search(f):
            intent = "authenticity"  # "P65係咪原廠貨嚟 有冇過3C": whether it is genuine (the shop's word), then the mark
        if intent in ("spec", "gift") and L.PER_UNIT.search(text.lower()) and (cue(f, "price") >= 0.4 or re.search(r"多少|几|howmuch|cost|price", f)):
            intent = "price"  # "how much per ml is the serum", "C1一米合幾塊", "精華一毫升算下來多少 有送小樣嗎": the price, with the size beside it
        if intent == "spec" and len(mentioned) >= 2 and not attrs and re.search(r"都是|both(?:are|r)", f):
            intent = "compare"  # "N9 跟 P65 都是手機對吧": what each one is, as two of ours set side by side
        if intent in ("recommend", "suitability", "gift", "spec", "chitchat") and choosing_for_someone(text, mentioned):
            intent = "compare"  # "老婆生日 N9同X1邊個揀嚟做禮物好啲", "cream or serum for my mom": two of ours set against each other (rule 6)
        if intent not in ("greeting", "chitchat", "off_topic") and self._nothing_of_ours(f, text, mentioned, attrs):
            intent = "off_topic"  # "繁花第二季啥時候出", "王者玩啥英雄好上分": the world outside named, nothing of ours (rule 1)
        elif (intent != "chitchat" and _THANKS.search(f) and not is_question(text)) or (intent not in ("greeting", "chitchat") and _TO_HOST.search(f) and not mentioned):
            intent = "chitchat"  # "謝謝寶 買了倆", "收到了 耳機音質很頂 謝謝測評官", "ur so pretty": talk with the host (rule 1)
        if intent != "greeting" and not mentioned and (L.only_leaving(text) or L.only_greeting(text)) and not is_question(text):
            intent = "greeting"  # "要去洗澡了 先下線 晚安～", "卸完妝先入嚟 大家晚上好呀": leaving or arriving, nothing asked (rule 1)
        intent = self._first_ask(text, intent)
        if intent in ("spec", "usage", "suitability", "compare", "recommend") and (m := _PAIR_WITH.search(f)) \
                and (paired := tuple(x for x in self.mentions(f[m.end():]) if x in mentioned or not is_question(f[: m.start()]))) \
                and set(paired) != set(mentioned) and len(paired) <= len(mentioned):
            # "手機要配什麼充電頭": the one to pair with it, recommended (not a deferral on "配什麼充電頭" for the phone);
            # "新手机配什么线好": the cable, named after 配 by its kind alone (when nothing was asked before it: "p65能充macbook吗
            # 要配啥线" asks of the charger first)
            intent, mentioned, attrs = "recommend", paired, attrs - {"camera", "screen", "battery"}
        ranked = sorted(scores.values(), reverse=True)
        confidence = max(0.0, min(1.0, 0.5 * (ranked[0] - ranked[1]) + 0.35 * min(ranked[0], 2.0)))
        counted = _MEASURE.search(fold(text))
        products = self._products(intent, mentioned, attrs, kb, stage_product, last_product, flash=bool(L.FLASH.search(fold(text))),
                                  measure=counted.group(1) if counted else "", this=bool(_THIS.search(text)), each=bool(_EACH.search(fold(text))), text=text)  # fmt: skip
        loose = False  # "耳機跟充電頭一起買多少" with no set of the two: a bundle question, answered with each price and the sum
        if intent in ("price", "bundle") and len(mentioned) >= 2:
            asked, (intent, products) = intent, self._together(mentioned)
            loose = intent == "price" and (asked == "bundle" or bool(TOGETHER_ASK.search(fold(text)))) and not _EACH.search(fold(text))
            if asked == "bundle" and intent == "price" and CONFIRM.search(fold(text)) and any(prod.bundles for x in mentioned if (prod := self.persona.product(x))):
                intent, products = "bundle", mentioned  # "bundle is phone + earbuds right?": no; the set there is
            if asked == "bundle" and intent == "price" and scores["promo"] >= 1.0 and not _SET_NAMED.search(text):
                intent = "promo"  # "X1 和 P65 一起買有優惠嗎" with no set of the two: each price, and no extra discount
                # ("put the serum n the cream together as a set for cheaper" asks for a set: none, then each price)
        elif intent == "promo" and len(mentioned) >= 2 and (joint := self._together(mentioned))[0] == "bundle":
            intent, products = joint  # "N9 with the charger, is it cheaper": the set that holds both
        if not mentioned and products:
            source = "attribute" if products[0] not in (stage_product, last_product) else "context"
        attrs = for_products(attrs, products, kb, f)
        host = L.HOST_USES.search(f) is not None
        intro = not attrs and (host or (L.INTRO.search(f) is not None and cue(f, "price") < 1.0))  # "這是什麼", "介紹一下", "主播用過嗎" (not "whats this one after the discount")
        if intro and not mentioned and stage_product is not None:
            products = (stage_product,)
        overall = len(products) == 1 and not attrs and (intro or (intent in ("spec", "usage", "suitability", "chitchat") and _OVERALL.search(f) is not None))
        if overall:
            intent = "chitchat" if host else "spec"  # README: Intent labels, rule 1 (the host) or 7 (the product itself)
        if intent in ("greeting", "chitchat") and attrs <= {"overseas"}:
            attrs = set()  # "hey from vancouver": where the viewer is, a welcome, not shipping asked
        ambiguous = self._ambiguous(intent, products, attrs, kb, text)
        points = [x for x in kb.of(products[0]) if x.kind == "point"][:2] if overall else []
        facts, missing, lacking = (points, [], []) if points else self._facts(intent, products, attrs, kb, fam, vec, text)
        if not points and (per := self._each_own(intent, products, kb, fam, text)) is not None:
            facts, missing, lacking = per  # "X1多重 C1多長": each product's own ask, answered for each
        if ((not attrs and "unknown" in missing) or (not facts and not missing)) and not intro and intent in GUESSED_FOR \
                and len(products) == 1 and not L.DEVICE.search(f) and (told := self._situation(text, vec, products[0], kb)):
            # "14 小時的飛機撐得住嗎": a situation told and no attribute named, so the sheet reading would defer (or has
            # nothing to say: "早上八點出門晚上十點才回家 撐得到嗎" names the daytime, which no line of the phone's has); a
            # device named ("充得了switch嗎") asks whether it works with that one, which the deferral names
            attrs = {told}
            facts, missing, lacking = self._facts(intent, products, attrs, kb, fam, vec, text)
        if facts and intent in ("price", "promo", "stock") and len(products) == 1 and (earlier := self._feature_first(text)) is not None:
            clause, wanted = earlier  # "口紅總共有幾個色 秒殺價多少": the shades asked first, then the flash sale's price
            more, _, _ = self._clause_facts("spec", products, wanted, kb, fam, clause)
            if more and more[0] not in facts:
                facts, attrs = [more[0], *facts], attrs | wanted
            elif more and more[0] != facts[0]:
                facts = [more[0], *(x for x in facts if x != more[0])]  # "x1防水嗎 多少錢": the water rating, then the price
        if facts and (second := self._second_ask(text, intent)) is not None:
            more, _, _ = self._facts(second, products, set(), kb, fam, vec, text)
            priced = {x.product for x in facts if x.kind == "promo"}  # a promotion line says the price already
            for f2 in more[:1]:
                if f2.kind == "gift" and intent in ("stock", "promo", "spec"):
                    # "剩沒幾台了吧 買了還有送殼嗎": the gift asked second, said second, not after a line of the first ask's
                    # (a price with its size and a freebie says all three, in that order)
                    facts = [facts[0], f2, *(x for x in facts[1:] if x != f2)]
                elif f2.kind == "promo" and any(x.kind == "price" and x.product == f2.product for x in facts):
                    facts = _deal_for_price(facts, f2)  # "面霜现在多少 活动价能用到啥时候": the promotion's line says the
                    # price, the list price and the end: not the price twice
                elif f2 not in facts and not (f2.kind == "price" and f2.product in priced):
                    facts.append(f2)  # "X1多少錢 還有貨嗎": both asks answered
        elif facts and intent in ("spec", "usage", "suitability", "how_to_buy") and len(products) == 1 and (later := self._later_ask(text, facts)):
            clause, wanted = later  # "唇膏有幾個色號？擦起來會乾嗎？": the shades, then the moisture, not the shades alone
            more, _, _ = self._clause_facts("spec" if intent == "how_to_buy" else intent, products, wanted, kb, fam, clause)
            if added := [f for f in more[:1] if f not in facts and f.attrs & wanted]:  # "where's the link for the cable? and does it do 100w?"
                facts.extend(added)
                attrs = attrs | wanted  # asked too, and answered: no "not on the sheet" for that clause
        if facts and intent == "usage" and len(products) == 1 and self._first_clause(text) is not None:
            # "精華一次要用幾滴？早上晚上都可以擦嗎？": the whole message finds the routine (its words of both asks);
            # each clause read alone finds its own answer (兩到三滴; 早晚都能用), the first said first
            each = []
            for clause in clauses_of(text)[:2]:
                own, _, _ = self._clause_facts(intent, products, before_going_out(attributes_in(self._without_names(clause), strict=True), clause), kb, fam, clause)
                each.extend(own[:1])
            if len(each) == 2 and each[0] != each[1]:
                facts = each  # and the second clause's own answer, not the routine both found together
            elif each and each[0] not in facts:
                facts.insert(0, each[0])
        if len(products) == 1 and (nearest := next((A.NEAREST_SAID[a] for a in missing if a in A.NEAREST_SAID), None)) \
                and (line := next((x for x in kb.of(products[0]) if nearest in x.attrs), None)) is not None:
            # "三個口一起插 同時充行不行": how it splits is not on the sheet, the total it gives is; "字可以調很大嗎": the screen
            facts = [line, *(x for x in facts if x != line)]
        # what the sheet never dates, asked of what it does say: said so by name, then the stock now, today's
        # promotion, how the draw runs ("什麼時候補貨", "雙十二還會再降嗎", "福袋幾點開抽")
        missing.extend(a for i, a in _UNDATED if intent == i and a in attrs)
        if intent == "bundle" and _OWN_PICK.search(f):
            missing.append("set_choice")  # "雙色組可以自己揀色嗎": the sheet names the set, not whether its items are chosen
        if (intent == "bundle" or (loose and intent == "price")) and len(products) >= 2 and self.persona.bundle_holding(products) is None \
                and facts and all(f.kind == "price" for f in facts) and set_asked(text) and not CONFIRM.search(f):
            # "is there a set with the serum and the sunscreen": none of those, each price, and the set there is
            facts.extend(b for pid in products if (b := kb.find(pid, "bundle")) is not None and b not in facts)
        if (intent == "gift" and _TWO_FOR_ONE.search(f)) or (intent == "how_to_buy" and cue(f, "bundle") >= 1.0):
            # "口紅買一送一嗎": no such gift, and the set there is; "how do i get the duo": the set too
            facts.extend(b for pid in products if (b := kb.find(pid, "bundle")) is not None and b not in facts)
        if "origin" in attrs or ("certification" in attrs and cue(fold(text), "authenticity") >= 1.0):
            # "n9是正品吗 哪里产的": whether it is genuine (the shop's word on it), then where it is made; "有3C標嗎": likewise
            facts[:0] = [x for x in kb.policies() if "authenticity" in x.intents and x not in facts][:1]
        if intent in ("medical", "complaint") and (cue(fold(text), "returns") >= 1.0 or (intent == "complaint" and asks_what_now(f))):
            # "過敏了可以退嗎": stop, then the policy; "防晒到手瓶子漏了一半 咋整": sorry, then the policy
            facts.extend(f for f in kb.policies() if "returns" in f.intents and f not in facts)
        if intent == "spec" and facts and not missing and HOW_MANY.search(fold(text)) and not any(_A_NUMBER.search(f.text) for f in facts):
            # "口紅持妝幾小時" answered by "比較不沾杯": a number asked, none on the sheet; said so, then the fact
            missing.extend(sorted(set().union(*(f.attrs for f in facts)) & attrs) or ["unknown"])
        prods = [p for p in (self.persona.product(x) for x in products) if p is not None]
        sheet_text = " ".join(self._sheet_text.get(p.id, "") for p in prods)
        bait = contradicted(text, prods, sheet_text, intent, self.at)
        if bait and len(facts) > 1 and intent in ("spec", "usage", "suitability") \
                and (near := attributes_in(next((c for c in clauses_of(text) if bait[0] in c), ""))):
            facts.sort(key=lambda x: not x.attrs & near)  # "SPF50+ 擦一次一整天都不用補了吧": the reapply line corrects it, first
        if intent in PRICE_ON_THE_WAY and len(products) == 1 and self._price_said(text, products) \
                and (wrong := contradicted(text, prods, sheet_text, "price", self.at)) and (price := kb.find(products[0], "price")) is not None:
            # "唇膏89包郵嗎": a wrong price said on the way to another question is corrected first, then that question
            bait, facts = (*bait, *wrong), [price, *facts]
        if intent == "price" and len(products) == 1 and _SAVED.search(f) and (deal := kb.find(products[0], "promo")) is not None and deal.must:
            facts = _deal_for_price(facts, deal)  # "N9原本賣多少 我想算算省了幾塊": the line that says 省 200
        intent, facts = money_facts(text, f, intent, facts, products, mentioned, kb)  # the ladder, a sale, a basket, several of one
        off = () if overall else self._unsaid(text, intent, products, attrs, bait, missing, typed_pinyin)
        if loose and intent == "price":
            intent = "bundle"  # README: Intent labels (buying two or more together); the facts are each price
        if len(products) == 1 and (intent == "bundle" or cue(f, "bundle") >= 1.0):
            products = self._set_by_items(products[0], mentioned, text)  # README: Intent labels (a set asked for by its items names them all)
        if off:
            missing.append("unsaid")  # "物理防曬還是化學防曬": not the SPF line, an honest "not on the sheet"
        asked = as_labelled(intent, f, attrs, mentioned, flash=bool(L.FLASH.search(f)), first_spec=self._first_asks_spec(text))
        if asked == "promo" and intent == "price" and len(products) == 1 and (deal := kb.find(products[0], "promo")) is not None \
                and deal not in facts and any(x.kind == "price" and x.product == products[0] for x in facts):
            # routed by its price words, read as the promotion ("這價格是 limited time 嗎"): the promotion's line, which says
            # the price, how long it lasts and the list price
            facts = _deal_for_price(facts, deal)
        if asked == "price" and self._feature_first(text) is not None:
            asked = "spec"  # "x1防水嗎 多少錢": the first of two asks labels the message (README: Intent labels)
        if asked == "bundle" and self._price_then_set(text):
            asked = "price"  # "精華一瓶多少 兩瓶一起多少": the first ask is the one price; the answer gives both
        if asked == "promo" and not L.FLASH.search(f) and (self._first_asks_price(text) or (_AFTER_PROMO.search(f) and HOW_MANY.search(f))):
            asked = "price"  # "防晒jg多少 有活动没", "活動結束後會變多少": a price figure asked (README: Intent labels, rule 5)
        return Understood(
            text=text, lang=lang, intent=asked, route=intent if asked != intent else "", confidence=round(confidence, 3), products=products, product_from=source,
            attrs=tuple(sorted(attrs)), facts=tuple(dict.fromkeys(facts)), missing=tuple(dict.fromkeys(missing)),
            lacking=tuple(dict.fromkeys(lacking)),
            bait=bait, ambiguous=ambiguous, unsaid=off,
            scores={k: round(v, 3) for k, v in sorted(scores.items(), key=lambda x: -x[1])[:4]},
        )  # fmt: skip

    def _situation(self, text: str, vec: np.ndarray, pid: str, kb: KnowledgeBase) -> str | None:
        """The attribute of the product's sheet that a situation told asks for, when the learned model is sure of it
        (vhost.knowledge.situated); it reads the question as the bank holds it, names taken out."""
        plain = self.unnamed(text)
        return self._situated.guess(vec if plain == text else self.emb.encode([plain])[0], plain, kb.attrs_of(pid))

    def _nothing_of_ours(self, f: str, text: str, mentioned: tuple[str, ...], attrs: set[str]) -> bool:
        """The world outside named (a series, a game, homework, a trip, a stock) and no product, feature, word of the shop,
        the plays or the host beside it."""
        played = attrs == {"game"} and not _HOW_IT_PLAYS.search(f)  # "原神新角色要不要抽", "王者玩啥英雄": the game, not our earbuds in it
        if mentioned or (attrs and not played) or len(f) < 6 or _OURS.search(f) or self.sheet_mentions(text) or L.HOST_USES.search(f):
            return False
        return cue(f, "off_topic") >= 1.0 and max(cue(f, i) for i in L.INTENTS if i not in ("off_topic", "greeting", "chitchat")) < 1.0

    def _unsaid(self, text: str, intent: str, products: tuple[str, ...], attrs: set[str], bait: tuple[str, ...],
                missing: list[str], typed_pinyin: bool = False) -> tuple[str, ...]:  # fmt: skip
        """What the question names that the asked products' sheets never mention; only for questions
        about the product itself, and (when an attribute was named) only a substance ("有 A 醇嗎")."""
        if intent not in ("spec", "usage", "suitability") or not products or bait:
            return ()
        f = fold(text)
        if typed_pinyin or _ABSOLUTE.search(f):
            return ()  # typed in pinyin ("mian shuang duo shao"); an absolute claim asked ("全網最便宜"): answered, not deferred
        sheet = " ".join(self._sheet_text.get(p, "") for p in products)
        words = [w for kind, w, _pid in self._names if kind in ("cjk", "latin") and len(w) >= 2]
        # an attribute named leaves the rest to the attribute logic, unless it is one whose value the viewer
        # may name ("豆沙色", "曲面屏") and the sheet has: a value it never mentions is said to be missing, not matched
        text = _DEVICES.sub(" ", _DEVICE_NAMED.sub(" ", re.sub(r"[冲衝](?=[电電])", "充", text)))  # 衝電: charging, typed by its sound  # "給我的iPad Pro和Pixel 8充": the viewer's devices, not words the sheet lacks
        off = unsaid(text, sheet, words, specific_only=bool(attrs - (A.VALUE_ATTRS - set(missing))))
        # a claim the persona bans ("醫生推薦") is not a topic we lack: it is never named back, the sheet answers
        return tuple(w for w in off if not any(b in fold(w) or fold(w) in b for b in self._banned))
