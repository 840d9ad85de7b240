"""Which attributes a question asks, once its words are read together: a word that only sounds like an attribute, or
names one that no product here has, is dropped ("lipstick is 5g right?" is a weight where nothing is a device; "電池耐用嗎"
is the battery, not the material); a phrase names one outright (`phrased.by_phrase`); general words count when nothing
specific is said; and, once the product is known, an attribute it cannot have is read as the one it does ("X1會不會太大"
is how earbuds fit, "充電頭可唔可以同時叉兩部機" a charger's ports). Called by the understander on every question."""

from __future__ import annotations

import re
from collections.abc import Callable

from vhost.knowledge.attributes import attribute_words
from vhost.knowledge.kb import KnowledgeBase
from vhost.knowledge.phrased import by_phrase
from vhost.knowledge.reading import clauses_of
from vhost.persona.model import Persona
from vhost.text.fold import fold

_FITS = re.compile(r"适合|适不适合|合适|合不合适|(?:能|可以|可不可以|能不能)(?:用|擦|涂|抹|戴)|可用|用得|(?<!啱)啱(?!啱)|岁.{0,3}(?:用|擦|涂)|年[纪龄]|太早|太小|toosoon|tooearly|okfor|suitable|goodfor|fine for|tooold|tooyoung|canuse|canshe|canhe|cani|can(?:my|our|your|a)\w{0,30}(?:use|wear|apply)")
_LASTS_TILL = re.compile(r"\blasts? (?:till|until|through|thru|past|to the end|into)\b|\bgonna last\b(?! (?:\d|a day|all day))|"
                         r"\b(?:deal|price|sale|promo|offer|discount)s? (?:last|lasts|run|runs)\b")  # "how long does the winter deal last"
_SEND_BACK = re.compile(r"退|换货|return|refund|sendit(?:back)?")
_TOGETHER_USE = re.compile(r"一起(?:用|擦|抹|搽)|同时(?:用|擦|抹)|(?:use|apply|layer)\w{0,30}(?:together|atthesametime)")

_DAYTIME_ASKED = re.compile(r"白天.{0,4}(?:能|可以)|能不能白天|(?:早上|白天).{0,3}(?:能|可以|也能)用|daytime|duringtheday")


def before_going_out(attrs: set[str], text: str) -> set[str]:
    """"早上出門前多久擦": how long before going out (reapplying's fact), not whether it is for the day."""
    return attrs - {"daytime"} if "reapply" in attrs and not _DAYTIME_ASKED.search(fold(text)) else attrs


_HELD_FOR = ((re.compile(r"裤袋|口袋|牛仔裤|pocket"), "screen"), (re.compile(r"手(?:会|会不会)?酸|手累|累手|tired|ache|heavy|重"), "weight"))
# two devices connected or charged at once ("同時連兩台", "能接兩部手機嗎"), not two of them bought ("我要兩台手機")
_CONNECTS = re.compile(r"连|接|配对|切换|同时|一起|一齐|充|叉|插|connect|pair|switch|multipoint|atonce|sametime|simultaneous|devices")


def read_named(text: str, bare: str, unit: dict[str, bool], kb: KnowledgeBase, persona: Persona,
               without_names: Callable[[str], str]) -> dict[str, bool]:
    """attribute -> named by a specific word (True) or only a general one (False). bare: the text without the figures
    that `unit` already read ("C1 是一米的吧": the length)."""
    named = {**attribute_words(without_names(bare)), **unit}  # 快充 of "快充頭" names the charger, not fast charging
    if "children" in named or ("age" in named and not _FITS.search(fold(text))):
        named.pop("age", None)  # "12歲小朋友": a child, said once; "他70歲了 這台字可以調很大嗎": who it is for, not what is asked
    if "network" in named and not kb.products_with("network") and all(p.category == "cosmetics" for p in persona.products):
        named.pop("network", None)  # "lipstick is 5g right?": no product here is a device; 5 g is a weight
        if re.search(r"\d\s*g\b", text.lower()):
            named["weight"] = True
    for absent in ("camera", "battery"):  # "look like a ghost in flash photos", "這罐可以用多久": no product here has one
        if absent in named and not kb.products_with(absent):
            named.pop(absent)
    if "battery" in named and _LASTS_TILL.search(text.lower()) and not re.search(r"batter|电|续航|mah|charge", fold(text)):
        named.pop("battery", None)  # "is the winter price gonna last till christmas": how long a price runs, not a battery
    if "battery" in named and re.search(r"(?:电池|电量|续航)(?:的|很|够)?(?:耐用|耐不耐用)", fold(text)):
        named.pop("material", None)  # "電池耐用嗎": how long the battery lasts, not what the phone is made of
    if "shelf_life" in named and not _SEND_BACK.search(fold(text)):
        named.pop("return_terms", None)  # "精華開封可以放多久": how long it keeps once opened, not whether it can be returned
    if "cold_pack" in named and not re.search(r"寄|运|快递|发货|物流|收到|路上|ship|deliver|transit|mail|parcel", fold(text)):
        named.pop("cold_pack", None)  # "零下二十度 N9會不會凍到關機": the product in the cold, not a parcel on its way
    if "payment" in named and re.search(r"收到货再付|收货再付|收到了?再付|到了再付|货到再付|货到付款", fold(text)):
        named.pop("delivery_time", None)  # "能不能收到貨再付錢": paying on delivery, not when the parcel arrives
    if "voltage" in named and not re.search(r"寄|运|快递|发货|ship|deliver|mail", fold(text)):
        for travel in ("overseas", "compat"):
            named.pop(travel, None)  # "going to japan, does the P65 work w/ their outlets": the voltage abroad, not shipping there
    if "compat" in named:
        named.pop("system", None)  # "安卓能用嗎": the viewer's phone, not the product's system
    if "moisture" in named and "补水" in fold(text) and not re.search(r"防水|游泳|下水|waterproof|swim", fold(text)):
        named.pop("water", None)  # "冬天想補水": hydrating the skin, not a water rating
    if "data_transfer" in named:
        named.pop("transfer", None)  # "does the C1 do data transfer": files, not a lipstick's transfer onto a cup
    if "melt" in named:
        named.pop("heat", None)  # "does the lipstick melt in a hot car": whether it melts, not how hot it runs
    for attr, drop in by_phrase(text):
        named[attr] = True  # said outright in a phrase ("遊戲模式咋切", "分12期", "盲盒下一輪幾時開"), not by a word's sound
        for other in drop:
            named.pop(other, None)
    if "spf" in named and not kb.products_with("spf"):
        for sunny in ("spf", "reapply"):
            named.pop(sunny, None)  # "去滑雪N9電池扛得住嗎": the battery in the snow; no product here has a sun protection factor
    if "screen" in named and not any(f.kind in ("spec", "point") and "screen" in f.attrs for f in kb.facts):
        named.pop("screen", None)  # "what size is the sunscreen": no product here has a screen; a size is the bottle's
        if re.search(r"size|尺寸|大小", fold(text)):
            named.setdefault("capacity", True)
    if kb.products_with("how_to_use") and _TOGETHER_USE.search(fold(text)):
        named["how_to_use"] = True  # "精華跟面霜可以一起用嗎", "can i use the serum and cream at the same time": the routine answers it
    return named


_SENT_BACK = re.compile(r"退|换|換|return|refund|exchange|sendit?back|moneyback|无理由|無理由")


def asked_of(named: dict[str, bool], text: str, bare: str, without_names: Callable[[str], str]) -> set[str]:
    """The attributes asked: the specific ones, else the general ones; the first clause's too when it asks in general words."""
    attrs = {a for a, strong in named.items() if strong} or set(named)
    if attrs != set(named) and len(parts := clauses_of(bare)) >= 2:
        for part in parts:
            # "how long does it last on a full charge, n is it ok in the rain": the first ask too, though said in general
            # words; "邊個瓦數高啲 條線有幾長": a clause of its own asking in general words is asked as well
            if (own := attribute_words(without_names(part))) and not any(own.values()) and set(own) <= set(named) - attrs:
                attrs |= set(own)
    if len(attrs) > 1 or re.search(r"模式|字|font|text", fold(text)):
        attrs.discard("elder")  # "老人家用N9字夠大嗎", "長輩要用 有長輩模式嗎": the screen or the mode, for an older user
    if "return_terms" in attrs and len(attrs) > 1 and not _SENT_BACK.search(fold(text)):
        attrs.discard("return_terms")  # "X1 剛拆封 要怎麼連上我的手機": just opened, then how to pair it; no return asked
    if "multipoint" in attrs and not _CONNECTS.search(fold(text)):
        attrs.discard("multipoint")  # "我要兩台手機": two bought, not two connected
    return before_going_out(attrs, text)


_IN_SYNC = re.compile(r"(?:声音|声|音)(?:跟|和|同|与)?(?:画面|画)|音画|声画|对不上|不同步|慢半拍|慢一拍|outofsync|lipsync|av(?:sync|delay)")


_STAYS_ON = frozenset({"transfer", "reapply", "spf"})  # how long it stays on the skin, asked in a battery's words


def for_products(attrs: set[str], products: tuple[str, ...], kb: KnowledgeBase, f: str) -> set[str]:
    """The attributes read again once the products are known (f: the folded text)."""
    if "handheld" in attrs and products and not any(p in kb.products_with("screen") for p in products):
        attrs = (attrs - {"handheld"}) | {"size_fit"}  # "X1會不會太大": earbuds are worn, not held
    elif "handheld" in attrs and products and (also := {a for pat, a in _HELD_FOR if pat.search(f)}):
        attrs = (attrs - {"size_fit"}) | also  # "塞唔塞得入褲袋": the screen's size; "拿久了手會不會酸": the weight (what the sheet has of it)
    if "ingredients" in attrs and products and products[0] in kb.products_with("spf") and re.search(r"strong|强|夠力|够力", f):
        attrs = (attrs - {"ingredients"}) | {"spf"}  # "how strong is yours" of a sunscreen: its SPF, not a concentration
    if "multipoint" in attrs and products and all(p in kb.products_with("ports") for p in products[:1]):
        attrs = (attrs - {"multipoint"}) | {"ports"}  # "充電頭可唔可以同時叉兩部機": a charger's ports, not a connection
    if "ports" in attrs and len(attrs) > 1 and products and not any(p in kb.products_with("ports") for p in products):
        attrs = attrs - {"ports"}  # "can the X1 stay connected to my Switch and my laptop at the same time": no ports asked of earbuds
    if "battery" in attrs and products and not any(p in kb.products_with("battery") for p in products) \
            and any(a in _STAYS_ON and any(p in kb.products_with(a) for p in products) for a in attrs):
        attrs = attrs - {"battery"}  # "口紅擦了能撐幾小時不掉", "防曬早上擦一次就能撐到晚上吧": how long it stays on, no battery's
    if "sound" in attrs and "bluetooth" in attrs and _IN_SYNC.search(f):
        attrs = attrs - {"sound"}  # "會不會聲音跟畫面對不上": the latency, not the sound quality
    return attrs
