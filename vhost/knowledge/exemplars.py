"""How viewers ask, by intent: the nearest-neighbour bank for the sentence embedding.

Generic on purpose (no product of any persona): the persona's own facts are matched
separately. zh-Hant, zh-Hans and English, short and colloquial, the way chat is typed.
"""

from __future__ import annotations

EXEMPLARS: dict[str, tuple[str, ...]] = {
    "price": (
        "這個多少錢", "多少钱啊", "怎麼賣的", "价格是多少", "現在什麼價", "要多少錢才能買", "貴不貴", "這款賣多少",
        "how much is it", "what's the price", "how much does this cost", "price?",
    ),
    "promo": (
        "有優惠嗎", "有没有优惠券", "能打折嗎", "活動價到什麼時候", "原價多少", "現在便宜了多少", "还能再便宜点吗", "有滿減嗎",
        "is there a discount", "any coupon code", "how long does the sale last", "what was the original price",
    ),
    "stock": (
        "還有貨嗎", "还有吗", "賣完了沒", "庫存還有多少", "还剩几件", "什麼時候補貨", "現貨嗎",
        "is it in stock", "how many are left", "sold out already?",
    ),
    "spec": (
        "續航怎麼樣", "电池能用多久", "重量多少", "防水等級是多少", "是什麼材質", "參數是多少", "尺寸多大", "有幾個接口",
        "螢幕多大", "含量是多少", "發熱嚴重嗎", "玩久了會不會燙", "what are the specs", "how long does the battery last", "is it waterproof", "how heavy is it",
    ),
    "usage": (
        "這個怎麼用", "怎么连接手机", "一次用幾滴", "先擦哪個", "可以充筆電嗎", "能帶上飛機嗎", "用完要洗掉嗎", "多久擦一次",
        "how do I use it", "can it charge my laptop", "how do I pair it", "do I need to reapply",
    ),
    "suitability": (
        "敏感肌能用嗎", "油皮適合嗎", "孕婦可以用嗎", "學生黨適合嗎", "会不会过敏", "干皮用着会不会紧", "小孩能用嗎", "適合運動的時候戴嗎",
        "is it good for sensitive skin", "is it suitable for oily skin", "can kids use it",
    ),
    "compare": (
        "跟蘋果比怎麼樣", "和AirPods哪個好", "這兩款有什麼區別", "比別家好在哪", "哪個更值", "跟上一代比差在哪",
        "how does it compare to airpods", "which is better", "what's the difference between the two",
    ),
    "recommend": (
        "推薦買哪個", "值得入手嗎", "我該買哪款", "送女朋友選哪個", "新手推薦哪個", "值不值得買",
        "should I buy it", "which one do you recommend", "is it worth it",
    ),
    "how_to_buy": (
        "怎麼買", "在哪裡下單", "链接在哪", "購物車裡哪個是", "怎么拍", "幾號鏈接", "怎麼付款",
        "主播求個鏈接", "求链接", "貨到付款可以嗎", "能用花唄分期嗎",
        "how do I buy", "where is the link", "how do I order", "cash on delivery ok?",
    ),
    "shipping": (
        "什麼時候發貨", "几天能到", "快遞是哪家", "包郵嗎", "下單了還沒收到", "能寄到香港嗎", "运费多少",
        "when will it ship", "how long is delivery", "is shipping free",
    ),
    "returns": (
        "能退貨嗎", "不喜欢可以退吗", "退款要多久", "可以換貨嗎", "有七天無理由嗎",
        "can I return it", "how do refunds work", "can I exchange it",
    ),
    "warranty": (
        "保修多久", "壞了怎麼辦", "有保固嗎", "售後找誰", "能維修嗎",
        "is there a warranty", "what if it breaks", "how long is the guarantee",
    ),
    "gift": (
        "送什麼", "有贈品嗎", "买了送啥", "附贈什麼東西", "有小禮物嗎",
        "is there a free gift", "what comes free with it", "do I get anything extra",
    ),
    "bundle": (
        "有套裝嗎", "一起買便宜嗎", "組合價多少", "兩瓶一起多少錢", "有沒有套餐", "第二件半價嗎", "買兩件有優惠嗎",
        "is there a bundle", "how much for the set", "any combo deal",
    ),
    "authenticity": (
        "是正品嗎", "會不會是假貨", "是官方的嗎", "靠谱吗", "是原裝的嗎",
        "is it genuine", "is this authentic", "is it fake",
    ),
    "lottery": ("怎麼抽獎", "福袋怎麼參加", "什麼時候開獎", "中獎了嗎", "how do I join the giveaway", "when is the draw"),
    "bargain": ("怎麼砍價", "可以連麥嗎", "砍價怎麼參加", "還能再砍嗎", "how does the bargain work", "can I call in"),
    "medical": (
        "能治痘痘嗎", "可以祛斑嗎", "能防皮膚癌嗎", "對皮膚病有用嗎", "能美白嗎", "戴久了會傷耳朵嗎", "手機輻射大嗎",
        "does it cure acne", "will it fix my eczema", "does it prevent skin cancer", "is the radiation harmful",
    ),
    "greeting": ("主播晚上好", "大家好", "我來了", "打卡", "哈囉主播", "hi everyone", "hello", "good evening"),
    "chitchat": (
        "主播今天好美", "你今天吃了什麼", "你聲音好好聽", "好無聊啊", "主播是真人嗎", "今天天氣好冷", "主播幾歲",
        "you look great today", "what did you eat", "lol nice", "are you a real person",
    ),
    "off_topic": ("你怎麼看選舉", "最近買什麼股票好", "比特幣會漲嗎", "聊聊政治", "what do you think of the election", "which stocks should I buy"),
    "complaint": (
        "我的貨還沒到氣死了", "質量太差了", "客服都不回", "收到的是壞的", "你們騙人", "差評",
        "my order is broken", "this is a scam", "worst service ever",
    ),
}
