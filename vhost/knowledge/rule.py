"""The written intent rule (README: Intent labels) where the scores alone do not draw the line: a return
asked after a reaction, venting, who repairs it, the viewer's device or body, which one to buy for a person,
a measured figure asked with a weak "how much", a price figure asked of a promotion, two products on one
measure, a rank claim, pregnancy. Each boundary is one `if`, with the viewers' words it was written for."""

from __future__ import annotations

import re

from vhost.knowledge import attrwords as A
from vhost.knowledge import lexicon as L
from vhost.text.fold import fold

# a wrong price said on the way to one of these questions is corrected first ("唇膏89包郵嗎")
PRICE_ON_THE_WAY = ("shipping", "how_to_buy", "returns", "gift", "stock", "warranty")
CUES = {i: tuple((re.compile(p), w) for p, w in pats) for i, pats in L.INTENT_CUES.items()}
WHICH_PRICE = re.compile(r"哪[个款](?:更|比较)?(?:贵|便宜)|谁(?:更|比较)?(?:贵|便宜)|边个(?:更|比较)?(?:抵|平)|哪个(?:更|比较)?(?:划算|抵)|which(?:one)?(?:is|s)?(?:cheaper|pricier|moreexpensive)|whichcosts(?:less|more)")
_MEASURED = frozenset({"storage", "refresh", "length", "screen", "power", "weight", "battery", "camera"})
_PRICE_WORD = re.compile(r"howmuch(?:is|for|are|do|does)|多少钱|价|钱|前$|到手|yuan|rmb")
_PROMO_PRICE = re.compile(r"(?:限定|活动|年末|换机|冬季|节日|双十二|双12)(?:的)?(?:价|价格)(?:是|要)?(?:多少|几多|几钱)|(?:promo|deal|sale|winter)price(?:is)?(?:howmuch|what)|whatsthe(?:promo|deal|winter)price")
_WORKS_WITH = re.compile(r"能用|可以用|用不用|用得了|用得到|能连|可以连|能不能连|连不连|连得上|连得到|能充|可以充|充得|带得动|能给|给.{0,8}充|能不能用|能用吧|ok[吗嗎]|works?|charge|compatible|connect|support|支援|支持")
_SHADE = re.compile(r"色|shade|colou?r")
_AT_ONCE = re.compile(r"同时|一起充|一次插|atonce|sametime|simultaneous")
_WHICH_ONE = re.compile(r"哪[个款支只隻](?!\S{0,3}(?:好|厉害|强))|哪个色|哪个号|which(?:one|shade|colou?r)|bestpick|toppick")
_WHICH_MORE = re.compile(r"(?:谁|哪[个款支瓶])(?:的)?\S{0,6}(?:更|比较)?(?:大|高|长|重|轻|快|久|多|少|强|好)|which\w{0,12}(?:bigger|higher|longer|heavier|lighter|faster|more|less|stronger|better)")
_RANKED = re.compile(r"第一(?![次档关步个天])|业界|全(?:网|港|台|国|世界|球)\w{0,4}最|市面上最|no\.?1|numberone|\bbest\b"
                     r"|the(?:fastest|quickest|best|cheapest|lightest|brightest)\w{0,24}(?:outrn|outthere|outnow|onthemarket|ever|rightnow|intheworld)")  # "the fastest charging phone out rn"
# a certification or where it is made (answered from the sheet); genuine or not adds the factory and dupes
_CERTIFIED = re.compile(r"3c|bsmi|认证|进口|哪国|哪个国家|产地|madein|whichcountry|certif")
_GENUINE = re.compile(_CERTIFIED.pattern + r"|原厂|副厂|dupe")
# a comparison word: "比", "vs", "哪個", "差別", "better than"; without one, "兩頭都是c口嗎" asks about one product
_SETS_AGAINST = re.compile(r"比|vs|versus|差别|区别|差在|不一样|一样|同一|哪[个款支瓶部台只条根]|谁|边个|别家|其他|第一|最|best|both|either|which|than|differen|same")
_BOTH_HAVE = re.compile(r"都(?:是|有|含|能|可以|防水|保湿)|同一|哪[个款支瓶]|谁|both|which|same")
_FOR_SOMEONE = re.compile(r"送(?:给)?(?:我)?(?:妈|爸|老婆|老公|男朋友|女朋友|朋友|闺蜜|同事|长辈|人)|给我?(?:妈|爸|老婆|老公|男朋友|女朋友)|礼物|"
                          r"for(?:my)?(?:mom|mum|dad|wife|husband|gf|bf|girlfriend|boyfriend|friend)|asagift|present")
_TO_THE_HOST = re.compile(r"好听|温柔|好看|好美|好靓|好可爱|漂亮|好帅|吃饭|食饭|吃了|几点|明天|下次|nicevoice|youlook|cute|pretty")
_FIGURE_ASKED = re.compile(r"多少|几钱|几多|啥价|什么价|到手|原价|howmuch|whatsthe(?:price|cost)|whatprice|after(?:the|a|your)?discount|打完折|折后")
_SETS_AGAINST_RIVAL = re.compile(rf"比(?!较)|vs|versus|果子|apple|苹果|华为|小米|三星|samsung|{L.RIVALS}")
_PICK_FOR = re.compile(r"挑[个一]|选[个一]|买[个一]?(?:啥|什么)|有啥|有什么|送.{0,4}礼|礼物|gift|whatshould|whatwould")
_WOULD_IT = re.compile(r"would(?:the|it|this|that)\w{0,12}work|willit\w{0,6}work")  # "gift for my grandma … would the matte one work?": that one, for her
_SAME = re.compile(r"同一|一样|一樣|same")
# a person or an occasion the thing is bought for ("老婆生日", "給剛上大學的兒子", "getting my 15yo nephew smth for christmas")
_FOR_A_PERSON = re.compile(r"(?:给|送|帮|替|畀)(?:我|我的|我家)?(?:妈|爸|老婆|老公|男朋友|女朋友|男友|女友|朋友|闺蜜|同事|长辈|儿子|女儿|弟|妹|哥|姐|侄|外甥|"
                           r"家人|家里人|屋企人|爸妈|父母|老人|奶奶|爷爷|外婆|外公|阿嬷|阿公)|礼物|生日|圣诞|交换礼物|"
                           r"(?:for|getting|get|buy|buying)(?:my|our|a)?\w{0,8}(?:mom|mum|dad|wife|husband|gf|bf|girlfriend|boyfriend|friend|nephew|niece|"
                           r"son|daughter|kid|brother|sister|bro|sis|coworker|colleague|parents|grandma|grandpa)|gift|present|birthday|bday|christmas|xmas")
# one of two set against the other ("N9同X1邊個揀", "選精華還是面霜", "the serum or the sunscreen", "is the N9 overkill or should i just get the earbuds")
_EITHER = re.compile(r"还是|或者|或是|哪[个款样支瓶]|边[个样]|选|拣|\bor\b|\bwhich\b|\bvs\.?|\bbetter\b|overkill")


def choosing_for_someone(text: str, mentioned: tuple[str, ...]) -> bool:
    """Two or more of our products set against each other for a person or a present ("老婆生日 N9同X1邊個揀嚟做禮物好啲",
    "cream or serum for my mom"): compare (README: Intent labels, rule 6), answered with what each is and what it costs.
    The development sets label the same shape either way ("给我爸买 手机跟耳机哪个实用点" was recommend in one,
    "畀屋企人揀 精華同防曬邊樣實用啲" compare in another): the answer is the same facts either way."""
    f = fold(text)
    return len(mentioned) >= 2 and bool(_FOR_A_PERSON.search(f) or _FOR_SOMEONE.search(f) or _PICK_FOR.search(f)) \
        and bool(_EITHER.search(f) or _EITHER.search(text.lower())) and not _SETS_AGAINST_RIVAL.search(f) \
        and not L.BUDGET.search(text)  # "預算200送女朋友 口紅還是精華好": which to buy for a budget, each price (recommend)

_ARRIVED_DAMAGED = re.compile(r"came|arrived|delivered|showedup|到了|收到|到咗|送到|到手|到货|寄到|寄来|拆开|开箱")
_DAMAGED = re.compile(r"crack|broke|smash|leak|dent|scratch|damag|碎|破|裂|漏|坏|刮|压扁|凹")
_WHAT_NOW = re.compile(r"whatnow|whatdoido|whatshouldi|怎么办|怎么搞|点搞|咋办|咋整|怎么处理|[怎点咋]么?[换退]|[能可](?:以)?[换退]|换货|退货|canireturn|canexchange|howdoireturn|howdoiexchange|(?:get|send)(?:me)?anew(?:one)?|replacement|replaceit|换(?:个|一个)?新的?")
# the price asked once the flash sale is over, or the price to pay now whatever it does: not the flash sale's own
_FLASH_DONE = re.compile(L.FLASH_OVER.pattern + r"|(?:秒杀|flash\w{0,6})完|错过|missed|恢复|回到|返|平时|现在|而家|下单|一直|\d")
_FLASH_ENDED = re.compile(r"(?:秒杀|flashsale|flash)(?:完|结束|过)了?(?:以?后|之后)?|秒杀过后|afterthe(?:flash|sale)")  # "C1秒殺完了還能29買嗎": the price after it
_PLUG_WHICH = re.compile(r"插哪|哪[个一]?[头边孔口].{0,2}插|边头插|插.{0,3}哪[个一]?[孔口头]|which(?:port|end)|whichone(?:do|should)iplug")
_OFFERED = re.compile(r"拿走|卖我|卖给我|卖俾我|卖畀我|成交|我要了|就要了|包了|sellittome|illtakeit")
_HOW_MANY_UNITS = re.compile(r"[放有得](?:几多?|多少)[条支件个瓶台部罐盒副根]|限量|howmany")  # 得幾多支: Cantonese how many


# a gift asked of a purchase ("買雙瓶組還送旅行裝嗎", "都打折了還送試用裝嗎"): what comes free, not the set or the discount
_FREE_ASKED = re.compile(r"(?:还|也|会|有没有|有冇|有)送.{0,8}[吗嘛么不]?$|送(?:什么|啥|咩)|还有(?:赠品|小样|试用装)")
# a breakage hoped against, not reported ("別用幾天就斷了", "不會用兩天就壞吧")
_HOPED_NOT = re.compile(r"(?:别|不要|不会|会不会|怕|担心|希望不).{0,8}(?:断|坏|裂|掉)")
# a figure doubted ("is the cable legit 100W"): the spec, not whether the product is genuine
_FIGURE_DOUBTED = re.compile(r"\d+(?:w|瓦|mah|毫安|hz|db|gb|小时|hours?)")
# what sets the product apart, asked of one ("X1最大的賣點是啥"): its lead points, not a rank against others
_SELLING = re.compile(r"卖点|亮点|优点|优势|特色|特点|强项|sellingpoint|bestfeature|bestthingabout|standout")
# which devices it suits ("P65適合給啥設備充電"), asked of one product
_WHICH_DEVICES = re.compile(r"(?:适合|能|可以)(?:给|帮|替)?(?:啥|什么|哪些|哪种|哪类)(?:设备|机|电子产品|东西)|whatdevices|whichdevices")
# using it with another active ("can i use the serum with retinol", "精華可以跟A醇一起用嗎"): how to pair it, not a health question
_USED_WITH = re.compile(r"(?:use|using|layer|mix)\w{0,20}with|(?:跟|和|同|与|加).{1,8}(?:一起|同时|叠加|搭配)(?:用|擦|涂)|(?:跟|和|同|与|加).{1,10}(?:还能|能|可以|可不可以)?叠(?:上去|上|着用|用|加)")  # "刷酸加A醇的话 精华还能叠上去吗"


def cue(folded: str, intent: str) -> float:
    """The strongest cue of an intent in folded text (0 when none)."""
    return max((w for pat, w in CUES.get(intent, ()) if pat.search(folded)), default=0.0)


def by_the_rule(intent: str, f: str, attrs: set[str], mentioned: tuple[str, ...], scores: dict[str, float], *,
                price_said: bool, flash_now: bool) -> str:  # fmt: skip
    """The intent under the written rule, from the scored one; `f` is the folded text. A viewer's phone named
    ("iphone15能用這根線嗎") adds the compatibility attribute, so the answer defers it by name."""
    if intent in ("bundle", "promo") and cue(f, "gift") >= 1.0 and _FREE_ASKED.search(f) and not _FIGURE_ASKED.search(f):
        intent = "gift"  # "買雙瓶組還送旅行裝嗎": what comes free with the purchase (rule 4: gift before bundle, before the price's 5)
    elif intent == "spec" and cue(f, "complaint") >= 1.2 and not (re.search(r"吗|嘛|么|[?？]|(.)不\1", f) or _HOPED_NOT.search(f)):
        intent = "complaint"  # "防曬味道有點沖 服了": a problem vented, nothing asked
    elif intent == "complaint" and _HOPED_NOT.search(f) and not re.search(r"气死|无语|失望|垃圾|差评|投诉|退钱|已经|又", f):
        intent = "spec"  # "C1線耐不耐用 別用幾天就斷了": how it holds up, asked before buying
    elif intent == "authenticity" and _FIGURE_DOUBTED.search(f) and not re.search(r"正品|假货|fake|counterfeit|genuine|authentic", f):
        intent = "spec"  # "is the cable legit 100W or just marketing": the figure doubted, answered from the sheet
    elif intent == "compare" and len(mentioned) <= 1 and _SELLING.search(f) and not _SETS_AGAINST_RIVAL.search(f):
        intent = "spec"  # "X1最大的賣點是啥": what sets it apart, its lead points (no rank against another)
    elif intent == "recommend" and len(mentioned) == 1 and _WHICH_DEVICES.search(f):
        intent = "suitability"  # "P65適合給啥設備充電": what it works with (rule 7)
    elif intent == "medical" and _USED_WITH.search(f) and (cue(f, "medical") < 1.0 or re.search(r"叠|layer", f)):
        intent = "usage"  # "can i use the serum with retinol": how to pair it (rule 7); an active the sheet never names is deferred
    if cue(f, "returns") >= 1.0 and intent in ("medical", "suitability", "shipping", "complaint"):
        intent = "returns"  # "過敏了可以退嗎", "wrong shade arrived, can I send it back": the policy asked (README: Intent labels)
    elif intent == "how_to_buy" and _ARRIVED_DAMAGED.search(f) and _DAMAGED.search(f) and _WHAT_NOW.search(f):
        intent = "returns"  # "cream jar came cracked open, how do i get a new one": a replacement, not an order
    elif intent == "complaint" and cue(f, "warranty") >= 1.0 and cue(f, "complaint") < 1.2:
        intent = "warranty"  # "耳機不響了找誰", "摔壞了算保固嗎": who repairs it, asked without venting
    elif intent == "how_to_buy" and L.ORDERED.search(f) and cue(f, "shipping") >= 1.0:
        intent = "shipping"  # "ordered the lipstick yesterday, how do I track it": where the parcel is, not how to order
    elif intent in ("shipping", "how_to_buy") and cue(f, "complaint") >= 1.2 and not re.search(r"别家|其他家|别的店|另一家|anothershop|otherstore|elsewhere", f):
        intent = "complaint"  # "等了一周還沒發貨 搞什麼": a complaint, not a question about delivery times
    if intent in ("spec", "usage", "compare", "suitability") and L.DEVICE.search(f) and _WORKS_WITH.search(f) \
            and not (L.HOW_TO.search(f) or _WHICH_MORE.search(f) or _AT_ONCE.search(f)) and scores["recommend"] < max(scores.values()):
        intent = "suitability"  # "P65 能充 switch 嗎", "華為手機能連嗎": whether ours works with the viewer's device
        if not attrs & A.DEVICE_ATTRS and L.PHONE_BRAND.search(f):
            attrs.add("compat")  # "iphone15能用這根線嗎": deferred by name, with how it connects
            attrs.discard("system")  # "安卓機": the viewer's phone, not the product's system
    elif intent == "compare" and len(mentioned) < 2 and _FOR_SOMEONE.search(f) and not _SETS_AGAINST_RIVAL.search(f):
        intent = "recommend"  # "送媽媽哪個好", "想送男朋友 哪個好": which to buy for a person, not ours against another brand
    elif intent == "suitability" and _WHICH_ONE.search(f) and not _SHADE.search(f):
        intent = "recommend"  # "黃皮適合哪個色號", "給我爸買 哪個實用": which to buy for a person
    elif intent == "bundle" and cue(f, "how_to_buy") >= 1.0 and not _FIGURE_ASKED.search(f) and "价" not in f:
        intent = "how_to_buy"  # "點買雙瓶組", "how do I buy the two-bottle set": how to order it (the set's facts come too)
    elif intent in ("gift", "spec", "price") and not mentioned and re.search(r"抽中|能中|中的是", f) and cue(f, "lottery") >= 1.2:
        intent = "lottery"  # "抽中的是正裝還是小樣", "幾個人能中": the draw's prize and winners (rule 4)
    elif intent == "gift" and not mentioned and cue(f, "lottery") >= 1.0 and _SAME.search(f):
        intent = "lottery"  # "盲盒抽到的跟下單送的是一樣的嗎": the draw's prize answers it (labelled gift, README: Intent labels)
    if intent == "price" and attrs & _MEASURED and cue(f, "price") < 1.0 and not _PRICE_WORD.search(f) and not price_said:
        intent = "spec"  # "n9 how much storage", "N9刷新率係咪144", "12+256還是8+256": a figure of the sheet, not a price
    if intent == "price" and "length" in attrs and re.search(r"(?:多少|几)米", f) and re.search(r"长|length|long", f) and not _PRICE_WORD.search(f):
        intent = "spec"  # "這個多少米 夠不夠長": 米 is metres beside 長, not the slang for money
    if intent == "price" and price_said and _OFFERED.search(f):
        intent = "bargain"  # "手機1999拿走", "主播1999賣我吧": a price offered to take it home is haggling (rule 4)
    if intent == "price" and cue(f, "bargain") >= 1.2 and not price_said:
        intent = "bargain"  # "連麥那檔是多少錢": a step of the 砍價 ladder (rule 4 comes before the price's rule 5)
    if intent == "price" and cue(f, "bundle") >= 1.0 and not price_said:
        intent = "bundle"  # "how much is the serum duo": a set's price is the set (rule 4 comes before the price's rule 5)
    if intent == "promo" and (_PROMO_PRICE.search(f) or (flash_now and cue(f, "price") >= 0.6) or _FLASH_ENDED.search(f)):
        intent = "price"  # "冬季限定價是多少", "秒殺完了還是39嗎", "不是說秒殺29嗎 現在下單多少": a price figure asked (README: Intent labels)
    if len(mentioned) >= 2 and WHICH_PRICE.search(f):
        intent = "compare"  # "P65同C1邊個貴啲", "X1 or P65, which is cheaper": each one's price
    elif intent == "spec" and ((attrs and len(mentioned) >= 2 and _WHICH_MORE.search(f)) or _RANKED.search(f)):
        intent = "compare"  # "C1和充電頭誰的功率大": two on one measure; "X1降噪是不是業界第一": a rank claim (README: Intent labels)
    if intent == "price" and price_said and not _FIGURE_ASKED.search(f):
        # "唇膏89包郵嗎": a figure said on the way to another question; that question is asked (the figure is corrected first)
        intent = next((i for i in PRICE_ON_THE_WAY if cue(f, i) >= 1.0), intent)
    if intent in ("compare", "spec", "recommend", "usage") and not mentioned and L.HOST_USES.search(f):
        intent = "chitchat"  # "主播平常自己用哪一款": the host's own habit asked, talk with the host (README: Intent labels)
    if "pregnancy" in attrs and intent in ("spec", "usage", "suitability"):
        intent = "medical"  # pregnancy and breastfeeding are health questions (README: Intent labels): the persona's advice
    return intent


_CHEAPEST = re.compile(r"便宜|实惠|划算|低价|价|最平|平[嘅的啲]|cheap|price|deal")  # 最平: Cantonese cheapest


# whether the goods are genuine ("是国行还是水货", "原廠貨嚟"), asked with a mark or a figure: the shop's word on them first
GOODS_DOUBTED = re.compile(r"正品|国行|水货|行货|真货|原厂货|原厂嘅|假货|山寨|贴牌|fake|genuine|authentic|counterfeit")


def answered_by(asked: str, f: str, attrs: set[str], mentioned: tuple[str, ...]) -> str:
    """The intent whose facts answer a question the scores already read under the written rule, where the two
    differ (as_labelled goes the other way): a rank claim on the price of one product is answered with its
    price ("這線是不是全網最便宜": 39 元), never a ranking; a certification or where it is made is answered from the product's sheet ("充電頭有3C認證嗎")."""
    if asked == "compare" and len(mentioned) <= 1 and _RANKED.search(f) and _CHEAPEST.search(f) and not _SETS_AGAINST_RIVAL.search(f):
        return "price"  # (a rank claim on a measure stays compare: by_the_rule routes it so, "不比別家" then the figure)
    if asked == "authenticity" and mentioned and (attrs & {"origin", "anti_fake"} or _CERTIFIED.search(f)) and not GOODS_DOUBTED.search(f):
        return "spec"  # (whether the goods are genuine, asked with it, is the shop's word on them first: "是国行还是水货 有没有3C")
    return asked


def as_labelled(route: str, f: str, attrs: set[str], mentioned: tuple[str, ...], *, flash: bool, first_spec: bool) -> str:
    """What the viewer asked under the written rule (README: Intent labels) where it differs from the intent
    whose facts answer it: "充電頭有3C認證嗎", "面霜哪國產的" ask authenticity and are answered from the spec
    sheet; "這線是不是全網最便宜" is a rank claim answered with the price; "秒殺放幾條" asks the flash sale's
    quantity, answered with its figures. first_spec: the message asks two things and the first is a figure or
    a feature of the product ("耳機單邊幾克啊 我耳朵小怕重", "防曬幾多倍？要唔要卸妝"): the first ask is the label."""
    if route in ("spec", "usage", "recommend", "compare") and len(mentioned) <= 1 and _PLUG_WHICH.search(f):
        return "usage"  # "P65 插筆電要插哪個孔", "C1 邊頭插手機": how to connect it
    if route in ("spec", "usage") and (attrs & {"origin", "anti_fake"} or cue(f, "authenticity") >= 1.0 or _GENUINE.search(f)) \
            and not (_FIGURE_DOUBTED.search(f) and not _GENUINE.search(f)):  # "legit 100W": the figure doubted stays spec
        return "authenticity"
    if route == "price" and _RANKED.search(f) and "bestprice" not in f:
        return "compare"
    if route in ("price", "promo") and flash and (cue(f, "stock") >= 1.0 or _HOW_MANY_UNITS.search(f)) and cue(f, "price") < 0.6 and "价" not in f:
        return "stock"  # "秒殺限量幾支", not "秒殺價多少 放幾支" (the first ask is the price)
    if route in ("suitability", "usage") and first_spec:
        return "spec"
    if route == "compare" and len(mentioned) <= 1 and not _SETS_AGAINST.search(f) and not _RANKED.search(f) and not WHICH_PRICE.search(f):
        return "spec"  # "C1兩頭都是type-c嗎", "c1有lightning頭的嗎 iphone12要用": one product, nothing set against it
    if route == "spec" and (_RANKED.search(f) or (len(mentioned) >= 2 and _BOTH_HAVE.search(f))):
        return "compare"  # "N9銷量第一吧"; "面霜和精華都含VC嗎", "精華同面霜邊個保濕啲": two on one measure
    if route == "greeting" and (_TO_THE_HOST.search(f) or cue(f, "chitchat") >= 0.9) and not L.only_leaving(f):
        return "chitchat"  # "寶寶們好～主播今晚好靚", "晚安 明天幾點還播": talk with the host, not only hello
    if route == "price" and cue(f, "promo") >= 1.0 and not _FIGURE_ASKED.search(f) and not flash:
        return "promo"  # "這價格是 limited time 嗎", "面霜是不是以後都229": how long a price lasts, whether there is a discount
    if route == "recommend" and _SETS_AGAINST_RIVAL.search(f):
        return "compare"  # "n9和果子比咋樣 值不值": ours set against another
    if route == "suitability" and (_WHICH_ONE.search(f) or (_PICK_FOR.search(f) and not _WOULD_IT.search(f))):
        return "recommend"  # "黃皮適合哪個色號", "給我媽挑個禮物 兩百以內有啥": which to buy for a person
    if route == "lottery" and cue(f, "gift") >= 1.0 and _SAME.search(f):
        return "gift"  # "福袋跟買手機送的是同一個東西嗎": the gift, asked beside the giveaway
    if route == "price" and flash and not _FLASH_DONE.search(f):
        return "promo"  # "秒殺線多少錢": the flash sale's price (README: Intent labels, rule 5)
    if route == "complaint" and asks_what_now(f):
        return "returns"  # "my earbuds came with a scratch, what now": damage on arrival, asked what to do
    return route


def asks_what_now(f: str) -> bool:
    """It arrived and the viewer asks what to do ("防晒到手瓶子漏了一半 咋整", "my earbuds came with a scratch, what now")."""
    return bool(_ARRIVED_DAMAGED.search(f) and _WHAT_NOW.search(f))


CONFIRM = re.compile(r"对吧|是吧|对不对|是不是|吧$|right\??$|isntit|correct\??$")  # "組合是2199吧", "bundle is phone + earbuds right?"
_SET_ASKED = re.compile(r"组合|套装|套餐|便宜|优惠|划算|折|bundle|combo|cheaper|discount|deal|save(?:anything|money|any)|anysavings")


def set_asked(text: str) -> bool:
    """The viewer asks for a set or a deal on several products ("有組合價嗎", "is there a set with…")."""
    return bool(_SET_ASKED.search(fold(text)) or re.search(r"\bsets?\b", text, re.I))
