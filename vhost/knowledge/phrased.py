"""Attributes said outright in a phrase, which a word by word (or sound by sound) reading misses or mishears: how to
switch a mode on, how to pair, days to a place, instalments, a spend-and-save offer, when the next draw opens, a
discount code, a restock, where it is made, a screen read in the sun, video out over a cable, a bigger size, whether
it holds up for a day in the sun, which sells best, a delivery before a holiday or a date."""

from __future__ import annotations

import re

from vhost.text.fold import fold

_MODE_HOW = re.compile(r"模式.{0,3}(?:咋|怎么|怎样|如何|点)(?:样)?(?:切|开|关|设置|调)|(?:咋|怎么|怎样|如何|点)(?:样)?(?:切|开|关)(?:到|换)?.{0,4}模式|"
                       r"设置里?.{0,4}开|要自己(?:去)?(?:设置|开|调)")
_PAIR_HOW = re.compile(r"连(?:手机|电脑|蓝牙|iphone|安卓).{0,3}(?:咋弄|怎么弄|咋搞|怎么搞|点搞|点整)|(?:怎么|怎样|如何|点样|点|咋).{0,6}(?:配对|连接|连上|配上)|(?:怎么|怎样|如何|点样|点|咋)(?:样)?连(?:手机|电脑|蓝牙|iphone|安卓|苹果|平板|ipad)")
_DAYS_TO = re.compile(r"[发寄送运]到.{1,8}(?:要|得|需要)?(?:几天|多少天|多久)|寄.{1,6}(?:要|得|需要)(?:几天|多少天|多久)")  # "寄新疆要几天"
INSTALMENTS_COUNTED = re.compile(r"分(?:\d{1,2}|[两二三六十]+)期")  # "分12期", "分三期" (folded)
_INSTALMENTS = re.compile(rf"{INSTALMENTS_COUNTED.pattern}|分期|免息|零利率|installments?")
_SPEND_OFF = re.compile(r"满(?:\d+|[一二两三四五六七八九十百千万]+)(?:元|块)?(?:有没有|有冇|能|会)?(?:减|折|送|立减|返)|满额")  # 滿2000減100, 滿千送百, 滿額
_DRAWN = r"(?:福袋|盲盒|抽奖|giveaway|draw|luckybag|blindbox)"
_WHEN_NEXT = r"(?:下一?[轮波次个]|什么时候|啥时候|几时|几点|when|whattime|next)"
_NEXT_DRAW = re.compile(rf"{_DRAWN}.{{0,6}}{_WHEN_NEXT}|{_WHEN_NEXT}.{{0,4}}{_DRAWN}")
_CODE = re.compile(r"优惠码|折扣码|优惠代码|券码")
_RESTOCK = re.compile(r"断货.{0,6}补|会补[吗嘛么]|卖完.{0,4}补|还(?:会)?补(?:吗|嘛|不补|货)|补不补|会再补")
# putting more on over makeup ("防晒可以叠在粉底上面补吗", "can i reapply over my foundation"): the sheet says under makeup only
_OVER_MAKEUP = re.compile(r"[叠盖抹擦涂补]在?(?:粉底|底妆|妆)(?:液)?上|(?:粉底|底妆|带妆|妆上|补妆)(?:的时候|时)?(?:上面|上)?(?:再)?[叠补擦涂抹]|"
                          r"(?:over|on ?top ?of)(?:my|the|your)?(?:makeup|foundation)")
# when the bargain ladder opens ("砍价几点开始", "what time does the serum bargain start"): the rundown gives its order, not a clock time
_BARGAIN_WHEN = re.compile(r"(?:砍价|开砍|bargain|haggl).{0,10}(?:什么时候|啥时候|几点|几时|when|whattime|whatday)|"
                           r"(?:什么时候|啥时候|几点|几时|when|whattime)\w{0,16}(?:砍价|开砍|bargain|haggl)")
# the size of the text on screen ("字可以調很大嗎", "bigger font for my grandpa"): by its words, not its sound (字體 sounds like 自提)
_FONT = re.compile(r"字体|字型|字号|字(?:可以|能|能不能|会不会|可不可以)?(?:调|放|变|弄|设)(?:得|成)?(?:很|更|超|比较)?大|大字|字(?:太|很|超|好)小|"
                   r"fontsize|textsize|(?:bigger|larger|big|large)(?:text|font)|(?:text|font)(?:bigger|larger)")
_IN_THE_SUN = re.compile(r"(?:屏|萤幕|荧幕|画面|screen|display).{0,12}(?:太阳|阳光|日光|户外|sunlight|brightsun|inthesun|outdoors)|"
                         r"(?:太阳|阳光|日光|sunlight|brightsun|inthesun|outdoors).{0,12}(?:屏|萤幕|荧幕|画面|看得清|看不清|screen|display|see|read)")
_VIDEO_OUT = re.compile(r"投屏|视频输出|影像输出|外接显示器|接显示器|接屏幕|(?:push|send|output|carry|run)\w{0,8}video|videoout|hdmi|(?:to|onto)(?:a|my|the)?(?:monitor|tv)")
_BIGGER = re.compile(r"大(?:瓶|支|罐|管|盒|包)装|更大(?:的)?(?:瓶|支|罐|管)|大(?:一)?(?:点|啲|些)的(?:瓶|支|罐|管)|"
                     r"(?:bigger|larger)(?:bottle|tube|jar|pack|size)|jumbo|familysize")
_SUN = r"(?:海边|沙滩|暴晒|晒一整天|晒一天|大太阳|太阳底下|烈日|户外|滑雪|雪地|爬山|行山|beach|allday|skiing|ski|hike|outdoors|strongsun|thesun)"
_ENOUGH = r"(?:够不够力|够力|扛得住|扛不扛得住|顶得住|顶唔顶|顶不顶|挡得住|够不够|够唔够|够吗|够嘛|撑到|撑得到|撑得住|enough|holdup|strongenough|protectenough)"
_SUN_DAY = re.compile(rf"{_SUN}.{{0,14}}{_ENOUGH}|{_ENOUGH}.{{0,14}}{_SUN}")
HOLDS_UP = re.compile(_ENOUGH)  # whether it holds up: "一整天" there is the viewer's day, asked about, not a claim
_SALES = re.compile(r"bestsell|mostpopular|sells?(?:the)?(?:best|most)|卖(?:得)?(?:最好|最多|最火)|销量|最热卖|最畅销|最受欢迎")
# a delivery asked before a day: a holiday, a date ("聖誕節前能到嗎", "arrive by the 20th", "過年還出貨嗎")
DAY = re.compile(r"圣诞节?|元旦|过年|春节|除夕|情人节|\d{1,2}[号日]|christmas|xmas|newyears?|valentines?|(?:the)?\d{1,2}(?:st|nd|rd|th)")
_BY_DAY = re.compile(rf"(?:{DAY.pattern}|(?:礼拜|星期|周)[一二三四五六日天]|周末).{{0,4}}(?:前|之前|以前).{{0,6}}(?:到|寄|收|出货|发货)|(?:arrive|deliver|ship|getthere|getit).{{0,16}}(?:before|by)(?:{DAY.pattern})|"
                     rf"(?:before|by)(?:{DAY.pattern}).{{0,12}}(?:arrive|deliver|ship)|(?:{DAY.pattern}).{{0,6}}(?:还会|还|会)?(?:出货|发货)")
# a play or a deal asked of a day to come ("聖誕節有冇福袋", "will the flash sale come back before christmas"): no sheet plans one
_ON_A_DAY = re.compile(rf"(?:{DAY.pattern}).{{0,8}}(?:有没有|有冇|有无|会不会|还会|还有|会有|有)(?:.{{0,4}})(?:福袋|盲盒|抽奖|活动|优惠|秒杀|折扣|券)|"
                       rf"(?:giveaway|luckybag|blindbox|sale|deal|discount|promo).{{0,20}}(?:on|for|before|at|over|by)(?:{DAY.pattern})|"
                       rf"(?:{DAY.pattern}).{{0,12}}(?:giveaway|luckybag|blindbox|sale|deal|discount)")
# two devices charged at once ("will the P65 fast charge my galaxy and my switch at the same time"): how many ports it has
_CHARGE_AT_ONCE = re.compile(r"(?:charg|plug)\w{0,3}.{0,40}(?:atthesametime|simultaneous|bothatonce|atonce)")
# how much it blocks ("how much does the X1 actually block", "how well do they block"): noise, not the sun ("block uv")
_BLOCKS = re.compile(r"(?:howmuch|howwell|doesit|dothey|willit|canit)\w{0,24}?block(?:s|ing)?(?!uv|thesun|sun|rays)")
# a prize won, claimed or sent ("中了要怎么领 填地址吗", "福袋抽中的殼會另外寄嗎", "won the lucky bag, how do i claim it"): no sheet says
_CLAIM = re.compile(rf"(?:中了|抽中|中奖).{{0,24}}(?:领|攞|寄|地址)|领奖|兑奖|{_DRAWN}.{{0,10}}(?:另外寄|分开寄|单独寄|一起寄)")
_CLAIM_EN = re.compile(r"\b(?:won|win|winner)\b.{0,50}\b(?:claim|address|send|ship|mail|deliver)|\bclaim (?:my |the |your )?(?:prize|reward)|"
                       r"\bprize\b.{0,16}\b(?:ship|send|sent|mail|deliver)", re.I)
# the first charge of a new device ("新手机第一次充电要充满12小时吗", "does it need a full charge the first time"): no sheet says
_FIRST_CHARGE = re.compile(r"(?:第一次|首次|头一次|头次|刚买|新买的?|新机|新手机|刚拿到|刚到手|刚收到).{0,6}(?:充电|充满|充饱)|充满\d+(?:个)?(?:小时|钟)")
_FIRST_CHARGE_EN = re.compile(r"\bfirst(?: time)? (?:full )?charg|\bcharg\w{0,4}\b.{0,24}\b(?:the )?first time\b|\binitial charge|\bfirst time using\b.{0,40}\bfully charge|\bfully charge\b.{0,24}\bbefore (?:pairing|first use|using)", re.I)
# how best to charge a device ("白天睡觉前插上充好还是醒了再充 手机咋充比较好", "is it ok to charge overnight"): no sheet says
_CHARGE_HABIT = re.compile(r"(?:咋|怎么|怎样|如何|点样)充(?:电)?(?:比较好|最好|好|才好|对电池)|充(?:一)?(?:整晚|一夜|通宵|过夜)|整晚(?:插着|充)|"
                           r"边充边(?:用|玩)|充到100|充满(?:再|才)拔|(?:睡前|睡觉前)(?:插上|充)")
_CHARGE_HABIT_EN = re.compile(r"\bcharg\w{0,4} (?:it |the \w+ )?overnight|\bovernight charg|\bbest (?:way )?to charge|\bhow should i charge|\bcharg\w{0,4} (?:it )?to 100", re.I)
# a discount for buying several of one ("要買五條C1公司用 有冇得平啲", "揪團買三支N9有沒有更便宜", "any bulk discount"): no sheet gives one
_BULK = re.compile(r"团购|揪团|批量|批发|大量买|多买|多件优惠|"
                   r"(?:买|要|订|拍|入)(?:[两二三四五六七八九十]|\d{1,3})(?:条|支|台|个|瓶|罐|件|部|对|副|盒).{0,14}(?:便宜|平啲|平d|平点|平的|平滴|优惠|折扣|打折|减)")
_BULK_EN = re.compile(r"\b(?:bulk|wholesale|group buy)\b|\bbuy(?:ing)? (?:\d{1,3}|two|three|four|five|ten)\b.{0,30}\b(?:discount|deal|cheaper)", re.I)
# how a gift goes with several bought or with a set ("买两瓶防晒能送两个旅行装吗", "does the serum duo come w/ 2 travel sizes",
# "if i buy the phone + charger set do i still get the free case"): the sheet names the gift, not how it counts
_GIFT_TERMS = re.compile(r"买(?:[两二三四五]|\d).{0,8}(?:送|赠|旅行装).{0,6}(?:[两二三几四五]|\d|每)|"
                         r"(?:组合|套装|双瓶|双色).{0,16}(?:旅行装|赠品|送[吗嘛几两])|(?:赠品|送).{0,4}每[瓶支台个件罐]")
_GIFT_TERMS_EN = re.compile(r"\b(?:duo|set|bundle)\b.{0,40}\b(?:still get|gifts?|freebies?|free case|travel sizes?)\b|"
                            r"\bbuy(?:ing)? (?:\d|two|three)\b.{0,30}\b(?:gifts?|freebies?|travel sizes?)\b|\b(?:gift|freebie)\b.{0,12}\b(?:each|per (?:bottle|item|order))\b", re.I)
# connected to two of the viewer's devices at once ("can the X1 stay connected to my laptop n phone at the same time"): multipoint
_TWO_AT_ONCE = re.compile(r"\b(?:connect(?:ed|s)?|pair(?:ed|s)?|hook(?:ed)? up|link(?:ed)?)\b.{0,40}\b(?:at the same time|at once|simultaneous(?:ly)?)\b", re.I)
# how to work a feature, in English ("how do i switch the ANC on n off", "how do you turn on game mode"): steps no sheet gives
_HOW_OPERATE = re.compile(r"\bhow (?:do|can|would|should) (?:i|you|we|u)\s+(?:switch|turn|toggle|flip|activate|enable|disable)\b", re.I)
# a charger used abroad ("does the P65 work in the UK with an adapter"): the voltage, not shipping there
_USED_ABROAD = re.compile(r"\b(?:charg|plug)\w*\b.{0,24}\b(?:in|at)\s+(?:the\s+)?(?:uk|us|usa|japan|europe|australia|korea|hk|hong kong|canada)\b|\badapt(?:e|o)rs?\b", re.I)
_ON_BOARD = re.compile(r"\b(?:bring|take|carry|pack|allowed)\w*\b.{0,30}\b(?:on(?:to)?|in)\s+(?:a|the|my)?\s*(?:plane|flight|airplane|cabin)s?\b", re.I)
_TRIP_HOURS = re.compile(r"\b\d+\s*(?:h|hr|hrs|hour|hours)\b\s*-?\s*(?:long\s+)?(?:flight|trip|drive|ride|journey|train|bus)|"
                         r"(?:\d+|[一二两三四五六七八九十]+)\s*(?:个)?(?:小时|钟)(?:的)?(?:飞机|航班|车程|火车|高铁)", re.I)
# how long to wait between two steps ("搽完精華要等幾耐先可以搽面霜", "面霜抹完隔幾分鐘再上防曬"): no sheet gives minutes
_WAIT_BETWEEN = re.compile(r"(?:(?:等|隔|间隔)(?:多久|几耐|几分钟|多少分钟|多长时间|一会)|要等(?:多久|几耐|几分钟)?(?:才|再|先)|howlong(?:should|do|to)(?:i|you)?wait|waitbetween|waitbefore)"
                           r"(?!.{0,4}(?:出门|出去|出街|出发|goout|goingout|headout|stepout))")  # before going out: the sheet's 15 minutes
_USE_FOR_THEM = re.compile(r"\bhow (?:would|does|will|can|should) (?:she|he|they|my \w+) (?:even |actually )?(?:use|apply)\b", re.I)
_THEIRS_FITS = re.compile(r"(?:iphone|苹果|安卓|android|华为|三星|samsung|pixel|小米|ipad)\s*\d*\s*(?:pro|max|plus|mini)?(?:啱唔啱|适不适合|适合|能不能|可不可以|能|可以)用")
_WHERE_MADE = re.compile(r"\bwhere\b.{0,30}\bmade\b(?!\s+of)", re.I)

# (pattern, the attributes it names, attributes it rules out); matched on the folded text, "where … made" on the text as typed
_PHRASES: tuple[tuple[re.Pattern[str], str | tuple[str, ...], tuple[str, ...], bool], ...] = (
    (_MODE_HOW, "operation", (), True),  # "遊戲模式咋切", "120hz要自己去設置裡開嗎": how to switch it on, which the sheet does not give
    (_PAIR_HOW, "operation", (), True),  # "怎麼跟手機配對": the steps, which the sheet's "藍牙 5.3" does not give
    (_DAYS_TO, "delivery_time", (), True),  # "發到新疆要幾天": how long delivery takes to a place, which no sheet states
    (_INSTALMENTS, "payment", ("nfc",), True),  # "N9可以刷卡分12期嗎": paying in instalments (刷卡 here pays, it is no NFC question)
    (_SPEND_OFF, "coupon", (), True),  # "全館滿2000折300": a spend-and-save offer, which no sheet states
    (_NEXT_DRAW, "draw_time", (), True),  # "盲盒下一輪幾時開", "next giveaway when?": when the draw opens, which no sheet states
    (_CODE, "coupon", (), True),  # "有冇優惠碼可以輸入": by its words, not its sound (優惠碼 sounds like 有優惠嗎)
    (_RESTOCK, "restock", (), True),  # "賣完還補嗎": by its words, not its sound (還補 sounds like 還不, 會補 like 會不)
    (_OVER_MAKEUP, "over_makeup", ("makeup",), True),  # "防晒可以叠在粉底上面补吗": over makeup, which no sheet states (under it, the sheet does)
    (_BARGAIN_WHEN, "bargain_time", (), True),  # "what time does the serum bargain start": no clock time on any sheet
    (_FONT, "font_size", ("pickup",), True),  # "我阿公眼睛不好 字可以調很大嗎": the text size, which no sheet states
    (_IN_THE_SUN, "sun_readable", (), True),  # "N9在海邊大太陽下 畫面看得清楚嗎": the screen in the sun, which no sheet states
    (_VIDEO_OUT, "video_out", ("laptop",), True),  # "can the C1 push video from my laptop to a monitor": video, not charging the laptop
    # "有沒有大瓶裝" (大瓶 sounds like 大屏), "come in a bigger bottle?": a pack the sheet does not list, then the size there is
    (_BIGGER, ("bigger_size", "capacity"), ("screen",), True),
    (_SUN_DAY, ("spf", "reapply"), (), True),  # "海邊曬一整天夠不夠力", "去滑雪擦這支夠力嗎": its protection, then reapplying
    (_SALES, "sales", (), True),  # "which one's your best seller", "哪款賣得最好": sales figures, which no sheet states
    (_BLOCKS, "noise", (), True),  # "how much does the X1 actually block": its noise cancelling
    (_CHARGE_AT_ONCE, "ports", ("connector",), True),  # "fast charge my galaxy s24 and my switch at the same time": the ports
    (_ON_A_DAY, "future_sale", (), True),  # "聖誕節有冇福袋": a play on a day to come, which no sheet plans (named by the day)
    (_BY_DAY, "delivery_time", (), True),  # "圣诞节前能到吗 要送人": a delivery by a day, which no sheet promises (named by the day)
    (_CLAIM, "prize_claim", (), True),  # "中了要怎么领": how a prize is claimed and sent, which no sheet states
    (_CLAIM_EN, "prize_claim", (), False),
    (_FIRST_CHARGE, "first_charge", (), True),  # "第一次充电要充满12小时吗": no sheet says; said so by name, then the battery
    (_FIRST_CHARGE_EN, "first_charge", (), False),
    (_CHARGE_HABIT, "charge_habit", ("daytime",), True),  # "咋充比較好", "充一整晚傷不傷": how best to charge it, which no sheet says
    (_CHARGE_HABIT_EN, "charge_habit", ("daytime",), False),
    (_BULK, "bulk_discount", (), True),  # "買五條有冇得平啲": no sheet gives a discount for several; said so, then the price
    (_BULK_EN, "bulk_discount", (), False),
    (_GIFT_TERMS, "gift_terms", (), True),  # "買兩瓶送兩個嗎": the sheet names the gift, not how it counts
    (_GIFT_TERMS_EN, "gift_terms", (), False),
    (_TWO_AT_ONCE, "multipoint", ("laptop",), False),  # "stay connected to my laptop n phone at the same time": two devices, no charging
    (_HOW_OPERATE, "operation", (), False),  # "how do i switch the ANC on n off": the steps, which the sheet's "35 dB" does not give
    (_USED_ABROAD, "voltage", ("overseas",), False),  # "does the P65 work in the UK with an adapter": the voltage
    (_ON_BOARD, "flight", (), False),  # "can i bring the p65 on a plane" (not "block noise on a plane": used there)
    (_TRIP_HOURS, "battery", ("overseas",), False),  # "get me thru a 14hr flight to toronto": the battery, not shipping there
    (_WAIT_BETWEEN, ("wait_time", "how_to_use"), (), True),  # not on the sheet, said so by name; then the steps it gives
    (_USE_FOR_THEM, "how_to_use", (), False),  # "my mum is 70 … how would she even use it": the steps
    (_THEIRS_FITS, "compat", ("system",), True),  # "我部iPhone 15啱唔啱用條線": whether ours works with their phone
    (_WHERE_MADE, "origin", (), False),  # "where is the x1 made", a name between the words (not "made of": the material)
)


def by_phrase(text: str) -> list[tuple[str, tuple[str, ...]]]:
    """The attributes the text names in a phrase, each with the attributes that phrase rules out."""
    f = fold(text)
    return [(attr, drop) for pat, attrs, drop, folded in _PHRASES if pat.search(f if folded else text)
            for attr in ((attrs,) if isinstance(attrs, str) else attrs)]
