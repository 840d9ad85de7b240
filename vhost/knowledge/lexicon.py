"""Words viewers use, by meaning: intent cues and the patterns that decide a reading (what each attribute is called
is in attrwords.py; the claims that need evidence are in claims.py).

Written in either Chinese script or English and folded at use (Simplified, lower case, no
separators), so 續航/续航 and "Battery life" match the same entry. These lists carry the
vocabulary; deciding between competing readings is understand.py's job.
"""

from __future__ import annotations

import re

from vhost.text.fold import fold

# -- intents ------------------------------------------------------------------------------------
INTENTS = (
    "price", "promo", "stock", "spec", "usage", "suitability", "compare", "recommend", "how_to_buy",
    "shipping", "returns", "warranty", "gift", "bundle", "authenticity", "lottery", "bargain", "medical",
    "greeting", "chitchat", "off_topic", "complaint",
)  # fmt: skip
# intents a product sheet or the persona's policies answer with facts
FACT_INTENTS = frozenset({"price", "promo", "stock", "spec", "gift", "bundle", "how_to_buy", "shipping", "returns",
                          "warranty", "authenticity", "lottery", "bargain", "usage", "suitability"})  # fmt: skip
POLICY_INTENTS = ("how_to_buy", "shipping", "returns", "warranty", "authenticity", "lottery", "bargain")
PRODUCT_INTENTS = frozenset({"price", "promo", "stock", "spec", "gift", "bundle", "usage", "suitability", "medical"})

# Regular expressions over folded text (Simplified, lower case, separators removed).
# Each intent's cue carries a weight: strong cues decide alone, weak ones need the embedding.
INTENT_CUES: dict[str, tuple[tuple[str, float], ...]] = {
    "price": (
        (r"实付多少|实付几|到手价|到手多少|多少钱|几钱|几块|多少块|块钱|几多钱|多钱|咋卖|怎么卖|怎卖|啥价|什么价|价格|价钱|价位|售价|单价|报价|正价|贵不贵|贵吗|便宜吗|多少米(?!长)|几米钱|几个钱|几蚊|几多钱|要多少|卖多少|价多少|各多少|💰|[¥￥]|duoshaoqian|jiqian|jiage|jikuai|duoshao$|最便宜|最低价|(?<=[\u4e00-\u9fff])jg$", 1.0),
        (r"price|cost|howmanyyuan|pricing|expensive|cheap|rmb|yuan|goingfor|gofor(?![a-z])", 1.0),  # "what do the X1 go for"
        (r"howmuch(?!\w{0,20}(?:doi(?:actually|really|even)?need|shouldi(?:actually|really)?(?:use|put|apply)|toapply|touse))", 0.6),  # "how much storage" asks for a spec; "how much do i need" the use
        (r"各自?多少|各要多少|分别多少|都多少|一共多少|总共多少|加起来多少", 1.0),  # "四個各要多少": each one's price
        (r"after(?:the|a|your)?discount|with(?:the)?discount|discountedprice|打完折|折后|到手价", 1.2),  # "whats this one after the discount": the price now
        (r"几个米|多少个米|多少前|几多前|几个钱|whatsthedamage", 0.9),  # money slang and typos
        (r"(?:^|[^\da-z])\d{2,5}$|[一二两三四五六七八九十百千]{3,}$", 0.8),  # "快充頭一百二十九？": a price, asked back
        (r"多少\W*$", 0.4),
        (r"一[支瓶罐盒个件套只台副根条]多少(?![毫克瓦小米天个])", 1.0),
        (r"入手要多少|入手价|入手多少|到手多少", 1.5),
        (r"原价多少|原价是多少|原价几|原价.{0,4}多少|原本卖多少|原本多少|原来多少|原来卖", 1.3),  # the list price is a price, the promo beside it
        (r"是不是\d|(?<![a-z])\d+[块元]?[吗嘛么]|(?<![a-z])\d+元?(?:对吧|是吧|对不对|对吗|吧$)|[一二两三四五六七八九十百千]{2,}[块元]?(?:[吗嘛]|是吧|对吧|对不对|对吗)$|is\d+right|\d+right$|\d+yeah|(?<!spf)(?<!ip)(?<!pa)(?<!\d)\d{2,5}(?:or|还是)\d{2,5}", 0.8),
    ),
    "promo": (
        (r"限时优惠|限时吗|limitedtime|以后都|以后还|一直都|一直是|一直这个价|会涨|涨价|恢复原价|永久|截止|结束|到哪天|到几号|能便宜|再便宜|有活动|活动吗|有没有活动|优惠|折扣|打折|几折|活动价|活动到|活动什么时候|券|满减|降价|特价|秒杀|福利价|促销|减价|便宜点|有没有便宜|原价|划算|到手价|价还有多久|价到几号|价到什么时候|还有几天|换机价|限定价|省多少|便宜多少|少多少钱|还是这个价|一直这个价|啥活动|什么活动|活动不$", 1.0),
        (r"discount|coupon|promo|deal|sale|offer|cheaper|originalprice|regularprice|listprice|winterprice|\bend\b", 1.0),
        (r"(?<![a-z])yh(?![a-z])", 1.0),  # pinyin initials of 优惠 ("yh到啥时候")
        (r"抢购价|限时抢|秒杀价|秒杀多少|flashprice", 1.1),  # the flash sale's price: a promotion's figure
        (r"以后是|之后是|以后会|之后会|过了以后|过后还|恢复到|恢复\d|涨回|变回\d|回到原价", 1.0),  # "12月31號以後是259嗎": the price after the promotion
        (r"还剩几天|还有几天|剩几天|还剩多少天|几天结束|dayslef|howmanydays(?:left|until)", 1.3),
        (r"(?:till|until|untill|til)when|howlong(?:does|will|is)?(?:the|this|that)?\w{0,12}(?:price|deal|sale|promo)(?:last|on|valid|good)", 1.2),  # "till when is this price"  # "年末價還剩幾天": how long the price lasts, not stock
        (r"go(?:es)?back(?:to|up)|backtonormal|afterdec|afterjan|afterthesale|aftertheyear|whenitends|untilwhen|tillwhen", 1.0),
    ),
    "stock": (
        (r"有货|没货|还有吗|抢到|抢得到|还能买|还能抢|还有没有|库存|卖完|卖光|售罄|断货|补货|剩多少|剩几|还剩|抢完|抢光|缺货|现货|有现货|几件|还有多少[件个罐瓶支盒副台部条根对]|还有多少(?=$|[啊呀啦呢吗嘛?？]|几钱|多少钱|几多钱)|货够|够不够卖|囤货|我要囤|囤几|要?拿[\d一二两三四五六七八九十百]+[个件台条支瓶]|还够吗|货还够|放了?几[支根件个瓶条台]|一共放|放出来|限量几|限量多少", 1.0),
        (r"instock|outofstock|soldout|stock|available|(?:basically|already|all|itsall|isit)gone|stillget(?:this|it|one|the|a)|sellingout|any\w{0,12}left|howmany\w{0,24}left|gotleft|haveleft|restock|youhuo|downtothelast|(?:the|only)last\d+", 1.0),
        (r"还有几[台部件个支瓶罐盒条根副]|还(?:有)?很多[吗嘛没]|还多[吗嘛]|还有剩|有剩[吗嘛没不]|可以卖|能卖几|一共几[支条件瓶台部罐]|总共几[支条件瓶台部罐]", 1.0),
        (r"downto(?:like|about|only|just)?\d+(?:bottles?|tubes?|jars?|pieces?|units?|pcs|sets?|pairs?|phones?|cables?|chargers?|sticks?)|还够多[吗嘛]|(?:only|like|just|about)?\d+left|只剩|就剩|蹲一[个台部件支瓶]|剩下?[\d一二两三四五六七八九十]+[台部件个支瓶罐盒条根副]", 1.5),  # "N9只剩10台了？蹲一个": how many are left
    ),
    "how_to_buy": (
        (r"(?<![a-z])lj(?![a-z])|(?<!蓝牙)连接呢|求连接|上连接|发连接|在哪里下|哪里下|在哪下|求链|上链|咋下单|下不了单|找不到链|怎么买|咋买|哪里买|在哪买|在哪下单|怎么下单|怎样下单|如何下单|怎样买|如何购买|怎么拍|链接|连接在哪|购物车|小黄车|上车|怎么付款|付款方式|下单方式|哪里拍|拍哪个|几号链接|发票|开票|收据|按钮|下单键|拍下|购买键", 1.0),
        (r"在哪[里裡]?(?:拍|买|下单)|哪里(?:拍|买|下单)|怎么(?:拍|下单)|找不到链接|找半天|^点买|点样买|点落单", 1.2),  # "兩瓶組在哪裡拍": where to order it
        (r"分期|花呗|货到付款|付款方式|信用卡|支付宝|微信支付|先用后付|统编|统一编号|installment|cashondelivery|creditcard|paylater", 1.2),
        (r"tap\w{0,6}buy|click\w{0,6}buy|howdoiget|wheredoibuy|wherecanibuy|wheredoiget|wherecaniget|howcanibuy|howdoiorder|howcaniorder|whereisthelink|wheresthelink|linkfor|linkplease|linkpls", 1.3),
        (r"howdoibuy|howtobuy|wheretobuy|wherecanibuy|link|cart|order|checkout|purchase|pay|invoice|receipt|fapiao", 0.8),
    ),
    "shipping": (
        (r"发货|发货时间|几天到|多久到|多久能到|什么时候到|啥时候到|快递|物流|运费|包邮|邮费|到货|送到|配送|派送|顺丰|几号到|寄出|寄到|还没到|没收到|催单|多久发|几天发|(?:什么时候|啥时候|几时|几号)(?:能|会|可以)?发|多久寄|几天寄|什么时候寄|啥时候寄|今天发|当天发|发吗|能到吗|明天到|明天能到|后天到|fahuo", 1.0),
        (r"ship|shipping|delivery|deliver|arrive|postage|courier|track|whenwillitcome|whenwilliget|gethere|whenwillmy|whereismyorder", 1.0),
        (r"(?:order|parcel|package)\w{0,12}(?:hasnt|hasn't|not)\w{0,6}(?:moved|come|arrived|shipped)|whereisit\W*$", 1.3),  # "my order hasn't moved in 4 days"
        (r"冻坏|寄.{0,6}(?:会不会坏|冻)|运输中", 1.0),  # "冬天寄會不會凍壞": what the parcel goes through
    ),
    "returns": (
        (r"取消(?:订单|订单吗|一[台个支瓶单]|吗|嗎)|能取消|可以取消|想取消|cancel(?:my|the|an|one)?(?:order|purchase)|cancel(?:it|one)(?!\w)|canicancel", 1.3),  # "下錯單了 可以取消嗎": cancelled under the platform's rules
        (r"得退|退得|换新|买错了|买错|换色|换个色|能换吗|退货|退換|退换|退款|能退|可以退|退不退|不满意|不喜欢能|七天无理由|无理由|换货|退吗|包退|可退", 1.0),
        (r"return|refund|exchange|send(?:it|them)?back|moneyback|swap", 1.0),
        (r"能换不|能换吗|能不能换|可以换吗|可以换不|可不可以换|换一个|换一支|换一瓶", 1.2),  # "顏色不一樣 能換不": an exchange, whatever the complaint
    ),
    "warranty": (
        (r"is(?:that|this|it)(?:still)?covered|underwarranty", 1.4),  # "screen went black after 3 weeks, is that covered?"
        (r"找谁|谁处理|谁负责|算不算保|保修|保固|质保|坏了|售后|维修|保多久|保几年|包几年|包多久|保一年|故障|返修|出问题|烧了|烧坏", 1.0),
        (r"warranty|guarantee|repair|broken|breaks|aftersales|service|isitcovered|covered|stopsworking|stoppedworking|dies|died|stopped(?:charging|pairing|connecting)|whodoicontact|whoshouldicontact|whodoi(?:talk|speak|reach\w{0,3})to|whoshouldi(?:talk|speak)to", 1.0),
        (r"保养(?:多久|几年|几长|期)", 1.0),  # "P65 保養幾耐": how long it is covered
    ),
    "authenticity": (
        (r"(?:韩国|日本|美国|欧洲|法国|德国|泰国)(?:进口|入口|原装|产的|货)|正品|假货|正版|官方|专柜|防伪|验货|真货|山寨|仿的|高仿|原装|原厂|副厂|真假|正货|靠谱吗|靠不靠谱|骗人|骗子|水货|翻新|三无|备案", 1.0),
        (r"真的吗|是真的", 0.5),  # "降噪 50 分貝是真的嗎" doubts a spec
        (r"genuine|authentic|fake|real(?!ly|quick|fast|soon|talk|life|world)|original|legit|scam|counterfeit|knockoff|refurbished|dupe", 1.0),  # not "real quick"
        (r"gr[ae]yimport|gr[ae]ymarket|parallelimport|3c(?:认证|标|标志|认可)|(?:有过|过了?|通过)(?:bsmi|3c)|rebrand|药证|特证|妆字号|药妆字号", 1.2),  # "official or some grey import", "有3C標嗎": where it came from, what it is certified as
    ),
    "gift": (
        (r"送什么|送啥|赠品|赠送|送不送|有送|有没有送|附赠|加送|送的|赠|买.{0,8}送|礼品|小礼物|送东西|小样|试用装|附什么|附啥|附了什么|小东西|送.{1,6}[吗嘛不]$|送.{1,6}[吗嘛不](?=还是|要|得)|有.{1,6}送[吗嘛不]?$", 1.0),
        (r"(?:有没有|有啥|有什么)(?:东西)?跟埋|跟埋.{0,4}(?:一起|一齐)寄|(?:有没有|有什么|有啥)东西.{0,4}一起寄", 1.6),  # "有冇嘢跟埋一齊寄嚟": what comes along, free
        (r"gift|freebie|comeswith|comewith|whatsfree|(?<!cruelty)(?<!cruelty-)free(?!shipping)|bonus|buy.{1,12}get|(?:do|would|will)i(?:also)?get.{1,16}with(?:it|them|that)", 1.0),
    ),
    "bundle": (
        (r"套装|组合|套餐|一起买|搭配买|两个一起|打包|一套|两瓶|双瓶|两支|双色|组合价|买两|一起拍|一起带|一起入|一起下单", 1.0),
        (r"买一送一|第二件|买二送|买2送|买一赠一|[两2][支瓶罐个件盒条根](?:一起|一块)|双支|[两双2][支瓶罐][装装]", 1.3),  # a second one for less is a set the sheet may sell
        (r"bundle|set(?!(?:me|you|us|them)back|up|ting)|combo|together|package|twopack|duo(?!shao)|\dpack|two\w{0,12}deal|\d[a-z]{0,12}deal|pair(?!ing|ed|(?:it|them|the\w{0,16}|my\w{0,8})?(?:with|to))|2x", 1.0),  # not "pair the earbuds with my phone"
    ),
    "lottery": ((r"抽奖|开奖|中奖|抽几个|抽多少|怎么抽|奖品|中几个|几个人中|几个名额|名额|中了要|中了怎么|怎么领奖|领奖", 1.0), (r"lottery|raffle|draw|prize|winner", 1.0), (r"参与|参加", 0.9),
                (r"福袋|盲盒|luckybag|blindbox|giveaway", 1.4),
                (r"礼物(?:都|也)?(?:计|算)|送.{0,6}礼物.{0,4}(?:计|算|有份)|(?:do|does)(?:a|any)?\w{0,10}gifts?count", 1.6),  # "送1蚊禮物都計㗎": who joins the draw
                (r"抽中|能中|(?:几|多少)个?人(?:能|会)?中|中的是", 1.2)),  # "抽中送撒啊", "幾個人能中": the draw, whatever it gives  # a play named outright: "how do I get in on the lucky bag"
    "bargain": ((r"便宜\d+[块元]?[吗嘛吧]|便宜[一二两三四五六七八九十百]+[块元]?[吗嘛吧]|\d+拿走|拿走[吧呗]?$", 1.3),
                (r"(?:点赞|赞)(?:数|数量)?(?:够|到|满|破|达到|过).{0,8}(?:多少|几|跌|降|价|便宜)|下一刀|下一档|解锁下", 1.3),  # "點讚夠兩千會跌到幾錢"
                (r"[一那嗰哪这呢]一?[格档]|下一格", 1.2),
                (r"\d+likes?(?:=|is|gets?|for|to|unlocks?)?\d+|砍到(?:第)?[几哪]|砍到哪", 1.3),  # "2000 likes = 1999 right?", "砍到第幾檔了"
                (r"(?:send|give|gift)\w{0,24}gifts?\w{0,24}(?:drops?|godown|goesdown|cheaper)|gifts?\w{0,16}(?:drops?|goesdown)to\d+", 1.3),  # "if i send 100 kuai in gifts the phone drops to 1999": the ladder  # "送禮物嗰一格要刷幾多錢", "連麥那檔": a step of the ladder
                (r"解锁哪|哪一?档|点赞.{0,6}(?:降|砍)|赞.{0,8}(?:才会|才能)?降|多少[个個]?赞|几[个個]赞|几档|第.档|第.关|几关|过关|砍价|连麦|砍一刀|砍到|上麦|讲价|还价|议价|卖我|卖给我|便宜点卖|抹零|少点卖|卖不卖|\d+卖吗", 1.0), (r"bargain|haggle|negotiate|callin|kan(?![a-z])|spams?kan|spammingkan|(?:type|send|say)s?kan|kaninchat|kanlike|kan\d*times|thekan|dokan|kanthing|howmanylikes|likes?(?:till|until|to(?:get|unlock))|downto\d|getitdown|kan\d|\dkan|bargaincall|getonthecall|callin", 1.0)),
    "compare": (
        (r"哪个好|哪款好|哪个更|比较|对比|区别|差别|不同|不一样|差异|差在哪|跟.{1,6}比|和.{1,6}比|比.{1,6}好|比.{1,6}强|比.{1,6}差|苹果|华为|小米|三星|airpods|索尼|sony|bose|兰蔻|雅诗兰黛|资生堂|迪奥|圣罗兰|ysl|vs", 1.0),
        (r"compare|versus|vs|betterthan|which(?:is|one(?:is)?)?(?:bigger|smaller|larger|lighter|heavier|longer|shorter|cheaper|faster)|difference|differ|apple|samsung|iphone|airpods|whichisbetter|thebest|numberone|都是", 1.0),
    ),
    "recommend": (
        (r"推荐|适合我吗|选哪个|买哪个|选哪款|买哪款|买啥|买什么|需要买|该买|值得买|值不值|该买|要不要买|入手|建议买|值得入|种草|哪个先|先买哪|买哪|选哪|推哪|推什么|推啥|推一个|推个|\d+以内|\d+以下|预算\d+|从哪个开始|从哪开始|预算|值得冲|能冲吗|好货|有什么好|有啥好|有啥福利|什么福利|今天有什么|今天有啥", 1.2),
        (r"wantsomething|lookingforsomething|needsomething|somethingfor(?:my|a|her|him|the)|anythingfor(?:my|a|her|him)|anythingthat|recommend|shouldibuy|whichone|worthit|worth|suggest|whichshould|whichisbestfor|bestfor|under\d+|below\d+|budget|shouldistartwith|starterpick|whatshouldiget|whattoget|what(?:do|should)igrab|whattograb|bestpick|toppick|whichwouldyoupick|whatwouldyoupick", 1.2),
    ),
    "usage": (
        (r"天天擦|每天擦|要不要卸|要卸吗|提前多久|怎么擦|可以擦|能擦|先擦|后擦|能当.{1,4}用|当.{1,4}用吗|能充.{1,8}吗|可以充.{1,8}吗", 1.0),
        (r"叠着用|叠加用|叠用|layer", 1.3),  # "能跟A醇疊著用嗎": layering is the order of the routine (not 疊券, stacking coupons)
        (r"滴多少|每次.{0,2}(?:用|擦|涂|抹|挤|按|滴)多少|(?:每次|一次).{0,2}(?:用|擦|涂|挤|按|滴)?几(?:滴|下|泵|泡)", 1.3),  # how much a time is the amount
        (r"怎么用|咋用|用法|使用方法|怎么连|怎么配对|怎么充|怎么擦|怎么涂|用几滴|几滴|先用|后用|顺序|多久用一次|补涂|补擦|卸妆|要卸|怎么洗|怎么戴|能不能用|可以用|能用|能充|能带|能戴|可以带|可以戴|能不能|可以吗|行不行|可不可以", 0.6),
        (r"howtouse|howdoiuse|howdoyouuse|canitcharge|canicharge|canyou|cani|canit|pair|connect|apply|reapply|remove", 0.6),
        (r"howmuch\w{0,20}(?:doi(?:actually|really|even)?need|shouldi(?:actually|really)?(?:use|put|apply)|toapply|touse)|whendoi(?:put|apply|use)|howdoi(?:pair|connect)|howto(?:pair|connect)|pair(?:ing)?(?:it|them|the\w{0,16})?(?:with|to)|怎么配对|怎么连|怎么跟.{1,6}(?:配对|连)|第一次.{0,4}配对", 1.0),  # how to pair it
    ),
    "suitability": (
        (r"孕|哺乳|喂奶|宝宝能|婴儿|儿童能|小孩能|小朋友|\d+岁|幼儿|toddler|\d+\s?(?:yr|year)s?old", 1.2),
        (r"敏感肌|敏感|干皮|油皮|混油|混干|痘痘肌|孕妇|宝宝|小孩|儿童|学生|老人|男生能用|女生|适合|适不适合|会不会过敏|过敏|刺激|烂脸|闷痘|爆痘|黄皮|黑皮|白皮|显白|素颜|皮薄|皮很薄|一碰就红|容易红|泛红|红血丝|屏障受损|孩子|老人家", 0.8),
        (r"sensitive|dryskin|oilyskin|pregnan|kids|children|suitable|suit|allergic|allergy|irritat|breakout|reactive|superoily|superdry|imoily|imdry|formen|forguys|boyfriend|男生|男士|男朋友|干敏|敏皮", 0.8),
        (r"works?w(?:ith)?(?:my)?(?:iphone|android|mac|ipad|samsung|huawei)|compatiblewith|compatibility|(?:iphone|android|ios)compatible", 1.3),  # "works w/ iphone?": our product with the viewer's device
        # who it is for ("給我爸", "手小", "for my mom"); where it is used is a fact asked for a situation (SITUATION)
        (r"显黑吗|显白吗|会显黑|会不会显黑|显不显黑|显不显白|衬不衬肤|衬肤色吗|提不提气色|showsdark|looksdarker|makemelookdark", 1.6),  # how a shade looks on the viewer, not whitening
        (r"给我[爸妈]|给[爸妈]|爸妈|老人家|手小|手比较小|手很小|手太小|smallhands|formy(?:mom|dad|son|daughter|kid|gf|bf|wife|husband)", 0.9),
        # the viewer's own body: small ears, peeling lips, very oily skin, an elder at home, a child's age
        (r"耳朵小|小耳朵|耳朵比较小|(?:嘴唇|嘴巴|唇)\S{0,4}(?:脱皮|起皮|爆皮|干裂)|大油田|油田|tanskin|minepeel|lipspeel|peeleasily|\d+yo(?:son|daughter|kid)?", 0.8),
        (r"(?:small|tiny|little)ears|earsare(?:tiny|small|little|big)|(?:small|tiny|little)earcanals?", 1.0),  # "my ears are tiny, will these pop out": who wears them
    ),
    "medical": (
        (r"淡化|细纹|皱纹|抗皱|治|治疗|治好|医治|祛痘|去痘|闭口|粉刺|痘印|痘坑|消炎|抗癌|防癌|皮肤癌|癌|湿疹|皮炎|疗效|药(?!证|妆字)|伤口|疤|淡斑|祛斑|去斑|美白|抗衰|抗老|除皱|去皱|淡纹|紧致|去黑头|生发|减肥|辐射|致癌|伤身体|对身体有害|有害吗|有毒|伤耳朵|伤眼|耳聋|掉发|头疼|头痛|粉刺|痘印|长痘|爆痘|过敏了|红肿|发炎|(?:脸|皮肤|嘴唇|眼睛|耳朵|身上)\S{0,6}怎么办$|痤疮|酒糟|皮肤病|好痒|很痒|发痒|一直痒|止痒|刺痛|起疹|疹子|烂脸|伤听力|听力|会好吗|能好吗|好得了|中毒|修复屏障|修护屏障|晒不黑|(?<![会能])不会(?:晒)?黑|完全不黑|暗疮|中耳炎|感染|整亲|整伤|弄伤", 1.0),
        (r"对身体\S{0,5}影响|对健康\S{0,5}影响|影响健康|痕痕|好痕|咁痕|腱鞘炎|关节炎|颈椎病|(?:会不会|会|能不能)加重|激光|镭射|医美|光子嫩肤|刷酸|果酸|(?:吃|擦|用|刷)a酸|维a酸|异维a|isotretinoin|accutane|电磁波|lasertreatment|afterlaser|起搏器|节律器|心脏支架|助听器|pacemaker|hearingaid|炎症|发炎|中耳炎|耳道炎|耳朵炎|伤眼|伤视力|视力下降|(?:hurt|damage|ruin|harm|badfor)\w{0,6}(?:my|your|the|his|her)?eyes(?:ight)?|eyestrain|easieron(?:my|your|the|his|her|their)?eyes|护眼", 1.0),  # "会不会把耳朵闷出炎症", "hurt my eyesight", "放枕頭旁邊對身體有沒有影響", "耳仔痕痕" (itchy): health
        (r"cure|treat|heal|acne|eczema|cancer|medical|medicine|whiten|antiaging|wrinkle|scar(?![ey]|f)|radiation|harmful|toxic|brain|cancer|tumou?r|hearing damage|hearing|sting|rash|itch|burning|redness|brokeout|breakout|infection|infect", 1.0),
    ),
    "complaint": (
        (r"(?<!佩)服了|醉了|搞什么|搞啥|什么鬼|气死|无语|离谱|好生气|很生气|很失望|好失望|太失望|失望|wtf|nothingcame|nevercame|neverarrived|disappointed|(?:so|way|super|really)?annoying|sofrustrating|kept(?:on)?crashing|keepscrashing", 1.2),  # venting, not a question
        (r"左耳没声|右耳没声|一边没声|一只没声|不响了|没声了|差评|投诉|垃圾|骗|太差|(?<!好)不好用|坏的|有问题|质量问题|不回|不理|怎么还不|退钱|气死|坑|智商税|翻车|就断|断了|用不了|就坏|没用多久|刚买就|质量不行|一直没到|一直不到|还不发|还没发|还没到|还没收到|没声音了|没反应了|不充电了|充不进|坏掉|坏了|上次买的", 0.9),
        (r"连不上|连接不上|配对不上|连不了|搜不到|wontconnect|wontpair|cantconnect|notconnecting|doesntconnect", 1.5),  # it will not connect: a problem to follow up
        (r"(?:left|right)(?:one|bud|side|ear)\w{0,10}(?:quieter|louder|muffled|dead|nosound|silent)|(?:left|right)(?:one|bud|side|ear)(?:is|s)?(?:not|n?t)working|吱吱声|滋滋声|嗞嗞声|异响|怪声|有杂音|buzz(?:ing|es)?|whin(?:e|ing)|ghosted|noreply|neverrepl|nobodyrepl|noonerepl|nooneanswer|nobodyanswer|ignoringme|leftonread|(?:second|third|fourth|\d(?:nd|rd|th))timeasking|botrepl|automatedrepl|sendingbot", 1.3),  # a noise it makes, support gone quiet
        (r"(?:买了|收到|到了)(?:的)?.{0,4}(?:不能用|用不了|没法用|不好用|不会用|坏)", 1.3),  # "買了不能用"
        (r"什么品质|什么质量|啥品质|啥质量|这品质|这质量|才用.{0,4}(?:天|次|周|个月)就|用了?.{0,3}(?:天|次)就(?:坏|断|裂|破|没)", 1.2),  # "才用兩天就裂開": what it is worth
        (r"漏了|漏液|破了|碎了|裂了|裂开|压坏|摔坏|收到.{0,6}(?:坏|漏|破|碎|裂|烂)|到了?.{0,3}(?:是)?烂的|烂了", 1.2),
        (r"(?:好|很|太|超)严重", 1.0),  # "發燙好嚴重": a complaint, not "is the heat serious" (發熱嚴重嗎)  # damaged on arrival: before any shipping word
        (r"scratch|dented|fraying|smellsoff|smellsweird|smellsbad|smellssour|gonebad|complain|terrible|worst|broken|scam|refund now|angry|rubbish|garbage|ripoff|isdead|stoppedworking|doesntworkanymore|igotis", 0.8),
        (r"arrived(?:broken|damaged|cracked|leaking)|camebroken|camedamaged|isleaking|leaked", 1.2),
        (r"smells\w{0,8}(?:off|sour|weird|bad|funny)|wentbad|hasgonebad|变质|发臭|酸味", 1.2),  # "my serum smells kinda off like sour": gone bad
        (r"hasntmoved|hasnotmoved|stillhasnt|stillnot(?:here|arrived|shipped)|notarrivedyet|wheresmyorder|whereismyorder|wtf", 1.0),
    ),
    "greeting": (
        (r"^(?:主播|大家|各位|宝宝们|家人们|姐妹们|老师)?(?:早上好|中午好|下午好|晚上好|你好|您好|好呀|早|晚安|来了|我来了|打卡|报到|哈喽|嗨)", 1.0),
        (r"^(?:我)?来了?啦?(?:宝宝们|家人们|姐妹们|大家)?|主播(?:早上|中午|下午|晚上)好", 1.0),  # "嚟咗啦寶寶們 主播晚上好呀": arriving, the viewers called 寶寶們
        (r"^(?:hi|hello|hey|goodmorning|goodevening|goodnight|yo)(?:there|everyone|all)?\W*$", 1.0),
        (r"justtunedin|tunedin$|^(?:hi|hello|hey|yo)(?:there|everyone|all|guys)?(?:watching)?from[a-z]+\W*$|^(?:hi|hello|hey)+\w{0,20}(?:firsttime|justjoined)|第一次来|第一次看", 1.0),
    ),
    "chitchat": (
        (r"下一[场轮](?:几点|什么时候|啥时候|何时|多久)|下一[场轮].{0,4}开|nextround|nextshow", 1.6),  # the stream's next round: talk about the stream
        (r"下播|几点播|明天播|几点开播|几点.{0,4}直播|明天.{0,6}直播|下次.{0,4}直播|你多大|几岁|吃饭了|吃了吗|好美|好漂亮|好可爱|好帅|声音好听|唱歌|真人吗|机器人吗|是ai吗|哈哈|累不累|辛苦", 0.9),
        (r"(?:host|you|u)(?:even)?(?:a)?realperson|isthehost(?:even)?(?:a)?(?:real|human|bot|ai)|howoldareyou|areyoureal|areyouabot|whereareyoufrom|whattime|lol|haha", 0.9),
        (r"是不是ai|系咪ai|是ai来|ai嚟|是不是机器人|是不是真人", 1.3),  # "你係咪AI嚟㗎": is the host an AI
        (r"golive|nextstream|nextlive|streamschedule", 1.0),
        (r"主播叫|你叫什么|你叫啥|叫咩名|叫乜名|怎么称呼你|点称呼你|whatsyourname|whoareyou|yourname", 1.2),  # the host's name
    ),
    "off_topic": (
        (r"请假条|假条|帮我写|代写|写(?:个|篇|封)(?:作文|文章|论文|情书|检讨|请假)|elclasico|clasico|premierleague|championsleague|worldcup|superbowl", 1.3),  # "帮我写个请假条", "el clasico tmrw?"
        (r"抄底|大盘|a股|港股|美股|茅台|政治|选举|股票|基金|炒股|比特币|币圈|投资|彩票|赌|台独|总统|习近平|战争|打仗|哪个党|政党", 1.3),
        (r"挖矿|矿卡|矿机|矿场|(?:tesla|nvidia|apple|amazon|google|tencent|alibaba)stock|stocks?(?:bounce|price|crash|rally)|bouncesback|buythedip", 1.3),  # mining cards, a share price: not our shelf
        (r"politic|election|stock market|stockmarket|bitcoin|crypto|(?<![a-z])btc(?![a-z])|(?<![a-z])eth(?![a-z])|以太坊|炒币|虚拟币", 1.3),  # "which crypto should I buy": not a shopping question
        (r"invest|gambl|war(?!rant|m|d|e|n|s)", 1.0),
        # the world outside the stream: a match, homework, a TV series, a medicine we do not sell
        (r"球赛|比赛谁赢|谁赢了|写作业|作业|功课|物理题|数学题|化学题|这道题|道题|韩剧|电视剧推荐|减肥药|减肥茶|瘦身药|火锅店|火锅推荐|餐厅|馆子|哪家.{0,6}好吃|好吃的|世界杯|足球|篮球|外卖|点外卖|(?:今晚|晚上|中午|午饭|晚饭|宵夜|夜宵).{0,4}吃(?:啥|什么|咩|乜)|吃(?:啥|什么|咩|乜)(?:好|外卖)", 1.3),
        (r"homework|whowon|thegamelast|kdrama|dietpill|weightlosspill|weather|forecast|willitrain", 1.0),
        # a lottery draw, a pill that melts weight, a place to eat, a course to take: "六合彩開咩號", "吃了就掉秤的藥", "dumpling spot in sydney", "考研英语网课"
        (r"网课|考研|考公|雅思|托福|补习班|驾校|onlinecourse|六合彩|双色球|大乐透|开奖号码|开(?:什么|咩|乜|啥)号|掉秤的?药|吃了就(?:瘦|掉秤)|(?:dumpling|food|ramen|brunch|pizza|sushi|coffee)spot|placetoeat|wheretoeat|restaurant", 1.5),
        (r"医院|诊所|瘦脸针|玻尿酸针|肉毒|水光针|医美|整容|微整|打针", 1.0),  # a clinic or an injection: not something we sell
        # a state lottery's draw ("今天双色球开奖了吗": not our giveaway), a medicine asked for ("有沒有推薦的安眠藥"), a series ("new season of squid game")
        (r"双色球|大乐透|六合彩|威力彩|刮刮乐|体彩|福彩|安眠药|止痛药|感冒药|退烧药|褪黑素|sleepingpills?|melatonin|squidgame|newseason|spoilers?|netflix|episode", 2.2),
        # any medicine or remedy asked for by name ("有沒有推薦的生髮水", "有推薦的止癢藥嗎"): nothing we sell
        (r"(?:推荐|求推荐|安利|有没有|有冇|有啥|有什么)(?:的|个|一下|款|一款|些)?[^\s，,。？?！!]{0,6}(?:药膏|药水|药丸|生发水|生发液|生发|防脱发?|胶囊|保健品|药(?=吗|嘛|呢|啊|呀|$))|recommend(?:any|a|some)?(?:meds|medicine|pills|hairgrowth|hairloss)", 2.2),
        # a series, a game, school, a trip: "繁花第二季啥時候出", "原神新角色要不要抽", "寫篇作文", "寒假想去北海道"
        (r"第.季|新剧|追剧|电视剧|电影|上映|动漫|新番|原神|上分|段位|英雄联盟|新角色|抽卡|作文|考试|论文|期末|寒假|暑假|旅游|旅行|机票|酒店|签证|"
         r"北海道|大阪|东京|首尔|osaka|tokyo|seoul|travel|vacation|holiday trip|movie|anime|exam|essay", 1.0),
        (r"(?:在|有人)追(?:剧|番|[^\s，,。？?！!]{1,6}(?:好看|吗|嘛|没))|追剧|追番|电视剧|综艺|看剧|韩综", 1.3),  # "有沒有人在追繁花 好好看": a series
        (r"天气|天氣|下雨吗|会下雨|打风|台风|挂风球|风球|哪个队|哪队|哪支队|押哪|押注|下注|赢球|湖人|勇士|nba", 1.3),  # the weather, a match to bet on
        (r"(?:明天|今天|后天|周末|今晚|这几天).{0,6}(?:下雨[吗不没]|会下雨|天气|气温|几度|冷不冷|热不热)", 1.7),  # "明天上海下雨嗎": the weather, not a water rating
        (r"football|soccer|basketball|(?<![a-z])nba(?![a-z])|restaurant|ramen|dentist|thematch(?:tonight|today)|thegame(?:tonight|today)", 1.3),  # "lol" is no chat about us
    ),
}

# a viewer leaving ("晚安喇各位", "gn all, bye"): a goodbye, not a welcome (README: Intent labels, rule 1)
LEAVING = re.compile(r"晚安|拜拜|掰掰|再见|先走|走了|撤了|先撤|先闪|闪了|下线|睡了|去睡|明天见|明天再来|听日见|听日再|下次见|下次再|goodnight|seeyou|gottago|byebye")
_LEAVING_EN = re.compile(r"\b(?:bye|gn|nite|gtg|night all|i'?m off|heading off|logging off)\b", re.I)


_ASKS = re.compile(r"[?？吗嗎呢几幾么麼嘛咩哪啥]|多少|什么|什麼|怎么|怎麼|\b(?:how|what|when|which)\b", re.I)


def leaving(text: str) -> bool:
    return LEAVING.search(fold(text)) is not None or _LEAVING_EN.search(text) is not None


# hello said at the end of a message that asks nothing ("啱啱落班 入嚟聽吓你講嘢 大家好呀", "卸完妝先入嚟 大家晚上好呀")
_HELLO_AT_END = re.compile(r"(?:大家|各位|主播|宝宝们|家人们|姐妹们|老师|你)(?:早上|中午|下午|晚上)?好(?:呀|啊|啦|哦|喔|吖|嘅|咯)*$|"
                           r"(?:hi|hello|hey)(?:everyone|everybody|all|guys|chat|fam)$")


# a free gift asked (folded), not a present for someone ("有冇嘢送", "is there a freebie", not "need it as a gift")
FREEBIE = re.compile(r"comew(?:ith)?(?:a|any|the)?(?:case|gift|freebie|anything|something|extras?)|附(?:什么|啥|咩)|附送|附赠|小东西|有(?:没有|冇)?(?:赠品|送东西|送嘢|嘢送|东西送)|送(?:什么|啥|咩|不送)|有送|赠品|freebie|freegift|anygift|anythingfree|comeswith|comewith|bonus")


def only_greeting(text: str) -> bool:
    """Hello at the end of a message that asks nothing: the day before it is the viewer's, not a question."""
    return _HELLO_AT_END.search(re.sub(r"[\W_]+$", "", fold(text))) is not None and _ASKS.search(text) is None


def only_leaving(text: str) -> bool:
    """Leaving and asking nothing ("晚安喇各位"), not "晚安 明天幾點播" (a question on the way out)."""
    return leaving(text) and _ASKS.search(text) is None


# the flash sale over, missed, or the shelf price asked whatever it does (folded): "秒殺完了", "錯過秒殺 原價多少"
FLASH = re.compile(r"秒杀|限时抢|限时价|限时特|抢购|flashsale|flash")
FLASH_OVER = re.compile(r"(?:秒杀|flash\w{0,6})(?:抢完|卖完)?(?:完了|完|结束|过了|以后|之后|isover|over|ended|done|ends|finishe[sd])|(?:once|after|when)the(?:flash|sale)|(?<!怕)(?<!会)(?<!都)抢不到|没抢到|missedtheflash|错过了?(?:秒杀|抢购)|"
                        r"原价|正价|平时价|平常价|regularprice|listprice|normalprice|normally|usualprice|outsidethe(?:flash|sale)")


# other brands' products, as viewers name them: a comparison with them is answered with our own measurements
# only (the plan), and names ours set against another (the rule). Phone makers are not here: "我蘋果手機" is
# the viewer's phone (PHONE_BRAND), a rival only when set against ours ("n9和果子比")
RIVALS = r"airpods|索尼|sony|bose|迪奥|dior|圣罗兰|ysl|小金条|兰蔻|雅诗兰黛|资生堂|安耐晒|anessa|小棕瓶|sk-?ii"

# where or when it is used: "跑步戴會不會掉", "地鐵上降噪有用不", "ok for a flight" ask how the product itself does
# there, a fact of the sheet (spec), not whether it suits the viewer (README: Intent labels)
SITUATION = re.compile(r"跑步|健身|运动时|打球|通勤|上下班|地铁|捷运|公交上|爬山|登山|海边|出差|坐飞机|飞机上|开车|车上|睡觉戴|戴着睡|侧睡|瞓觉|"
                       r"okfor|goodfor|enoughfor|fora\d*h?flight|flight|commut|gym|running|hiking|beach|tosleep|inbed")
# the steps asked: "遊戲模式咋開", "降噪要怎麼開", "how do i turn on ANC" (usage), whatever attribute is named
HOW_TO = re.compile(r"连(?:手机|电脑|蓝牙|iphone|安卓).{0,3}(?:咋弄|怎么弄|咋搞|怎么搞|点搞|点整)|(?:怎么|怎样|咋|如何|点样)(?:样)?(?:打?开|关掉?|切换?|设置|调|用|戴|擦|涂|上脸|连|配对|搬|转移|迁移|补|充电|充)|开(?:啥|什么)模式|用(?:啥|什么|哪个)模式|"
                    r"配(?:啥|什么|哪)[根条个]?线|点衬|怎么配|咋配|whichport|what(?:cable|port)(?:should|do)i|(?:在哪|哪里|哪儿)(?:里)?(?:打?开|关|切换|设置)|(?:怎么|怎样|如何|点样).{0,6}(?:配对|连接|连上)|要按几下|要点开|一起用|搭配用|搭着用|叠着用|叠加用|混着用|混用|摇一摇|摇匀|当面膜|厚敷|usethemtogether|usetogether|layer(?:it|them)?with|mixwith|shakeit|shakebefore|"
                    r"how(?:would|does|will|can|should)(?:she|he|my\w{2,8}|they)(?:even|actually)?use|howdoi(?:actually)?(?:turn|switch|use|set|pair|connect|enable|put|get|charge)|howto(?:turn|switch|use|set|enable|put)|howdoyou(?:turn|switch|use)")
# the viewer's own device by name: "P65 能充 switch 嗎", "安卓機連得上嗎", "iphone15能用這根線嗎" (suitability)
PHONE_BRAND = re.compile(r"iphone|苹果|安卓|android|华为|huawei|samsung|三星|小米|pixel|oppo|vivo|荣耀|红米|redmi")  # a phone, named by its maker
DEVICE = re.compile(rf"switch|{PHONE_BRAND.pattern}|ipad|macbook|轻薄本|笔记本|笔电|电脑|laptop|平板|tablet|点烟孔|车充")

# a viewer's complaint about our product (folded): never named back as a deferral's topic ("發燙好嚴重"), which
# would run the product down on air
COMPLAINED = re.compile(r"严重|很差|太差|烂|坏|不好|不行|没法|用不了|垃圾|坑|terrible|awful|broken|\bbad\b")
# the host's own use or habit asked ("主播用的是這款嗎", "主播平常自己用哪一款", "do you use it"): talk with the host;
# an AI host has used nothing, and says so before the sheet's lead point
HOST_USES = re.compile(r"(?:主播|你)(?:平常|平时|自己|本人|私下)|你(?:用的|用哪|也用|最喜欢哪|喜欢哪)|主播.{0,4}(?:用过|用的|自己用|在用|有用|用不用|试过)|"
                       r"你.{0,2}(?:用过|自己用|在用|试过|有用)|doyou(?:yourself)?(?:use|like|prefer|own)|haveyouused|youuseit|your(?:own|favou?rite|pick)")
# the product on stage asked about as a whole ("這是什麼", "介紹一下", "what is this"): named, then its lead points
INTRO = re.compile(r"这是什么|这个是什么|这是啥|介绍一下|介绍下|介绍介绍|讲讲这|说说这|whatisthis|whatsthis|tellmeabout|introduce")
# the viewer has ordered (folded): "已經下單了 什麼時候發" asks the shipping
ORDERED = re.compile(r"ordered|ibought|已经?下单|下单了|下了单|拍了|已经买|买了|已拍|已买|拍下了|入手了|抢到了")
# all the message says is that they bought ("已拍", "買了兩支", "just ordered"): thanked, not a complaint or the cart
BOUGHT = re.compile(rf"^(?:我|刚|刚刚|我刚)?(?:已经)?(?:{ORDERED.pattern}|下单啦|买啦|拍啦|入了|冲了|已下单|已入)(?:[一两二三四五\d]+[个件支瓶台条盒罐])?"
                    r"[!！~～。.啦了哈呀]*$|^(?:i)?(?:just)?(?:bought|ordered)(?:it|one|two)?[!.]*$")

# words that turn a question to the host herself ("你今天吃了嗎", "how is your day"): small talk, not the product
TO_HOST = re.compile(r"你覺得|你觉得|主播|你(?![們们家])|\byour?\b(?! guys)|what do you think|how do you like", re.I)

# what viewers call a kind of product besides its sheet name ("豆子" for earbuds, "小方塊" for a charger,
# "唇彩" for a lipstick): a persona's product that its own names place in a kind answers to the kind's
# other words too, when it is the only one of that kind
PRODUCT_KINDS: tuple[tuple[str, ...], ...] = (
    ("耳機", "藍牙耳機", "無線耳機", "耳塞", "豆子", "豆豆", "耳豆", "earbuds", "earphones", "headphones", "buds"),
    ("充電頭", "充電器", "插頭", "快充頭", "充電插頭", "方塊頭", "小方塊", "豆腐頭", "豆腐塊", "火牛", "這顆頭", "charger", "adapter", "plug", "brick"),
    ("手機", "新機", "機子", "phone", "smartphone", "handset"),
    ("充電線", "數據線", "快充線", "傳輸線", "線材", "cable", "cord"),
    ("精華", "精華液", "原液", "水光瓶", "水光精華", "serum", "essence"),  # 水光 alone is a lipstick finish
    ("面霜", "乳霜", "保濕霜", "VC霜", "維C霜", "霜", "vit c cream", "vitamin c cream", "vit c stuff", "cream", "moisturizer", "moisturiser"),
    ("防曬", "防曬乳", "防曬霜", "防曬液", "防哂", "spf50 one", "spf 50 one", "the spf50", "sunscreen", "sunblock", "sun cream"),
    ("唇膏", "口紅", "唇彩", "唇釉", "唇泥", "唇蜜", "lipstick", "lippie"),
)

# a budget said with its amount ("預算三百內", "學生黨得兩百塊", "under 2500"): what fits, never a price claimed
BUDGET = re.compile(r"(?:預算|预算|budget|under|below)[^0-9一二兩两三四五六七八九十百千]{0,3}([0-9]+|[一二兩两三四五六七八九十百千]+)|"
                     r"([0-9]+|[一二兩两三四五六七八九十百千]+)\s*(?:元|塊|块|蚊|rmb|yuan)?\s*(?:以內|以内|以下|之內|之内|內|内)|"
                     r"(?:只有|就|得|有)\s*([0-9]+|[一二兩两三四五六七八九十百千]+)\s*(?:元|塊|块|蚊)", re.I)  # "學生黨得兩百塊": a budget
_A_BIT_OVER = re.compile(r"\s*(?:元|塊|块|蚊|rmb|yuan)?\s*(?:出头|出頭|多|左右|上下|ish|or so)", re.I)


def budget_of(text: str) -> float | None:
    """The most a viewer means to spend ("預算三百內": 300; "预算一百出头": a little over 100, read as 130)."""
    from vhost.guard.numbers import cn_to_number  # the guard's reading of 三百

    m = BUDGET.search(text)
    if m is None or not (raw := m.group(1) or m.group(2) or m.group(3)):
        return None
    value = float(raw) if raw.isdigit() else cn_to_number(raw)
    if value is None:
        return None
    return value * 1.3 if _A_BIT_OVER.match(text, m.end()) else value

# the price per millilitre or gram ("精華一毫升合多少錢", "how much per ml"): the price and the size, the sum left to the viewer
PER_UNIT = re.compile(r"每\s*(?:米|公尺)|[一每]\s*(?:毫升|ml|克|g)(?![a-z])|per\s*(?:ml|gram|g|metre|meter|m)(?![a-z])|一(?:毫升|克|米)合")
