"""What viewers and sheets call each attribute of a product or a policy, and the sets of attributes that
decide how a question is read (how it is used, the viewer's own device, the shop's policies). Words in either script,
folded at use, as in lexicon.py."""

from __future__ import annotations

# -- attributes ---------------------------------------------------------------------------------
# canonical attribute -> what viewers and sheets call it. A sheet's spec key joins the attribute
# whose words contain it; an attribute the sheet lacks is what an honest deferral names.
ATTRIBUTES: dict[str, tuple[str, ...]] = {
    "battery": ("電比較耐用", "電耐用", "哪個電", "電比較耐", "比較耐電", "耐用電", "耐電", "比較耐用電", "充三次電", "充兩次電", "充好幾次電", "一天充", "老是沒電", "總是沒電", "忘記充電", "忘了充電", "forgets to charge", "forget to charge", "always dead", "always dying", "runs out of battery", "電撐", "刷一天", "刷一整天", "追一天", "看一天劇", "撐比較久", "撐得久", "撐多久", "充幾次", "沖幾次", "頂得住", "頂不頂", "頂多久", "電可以頂", "撐得住", "撐不撐", "電夠不夠", "電夠用", "沒電", "幾天一充", "一天一充", "充飽", "聽整天", "撐一天", "撐整天", "續航", "電池", "電量", "用多久", "撐多久", "能撐", "撐幾", "幾個鐘", "看一整天", "用一整天", "能用多久", "待機", "充一次", "充滿", "續航時間", "耗電", "掉電", "掉电",
                "幾小時", "幾個小時", "多少小時", "聽多久", "能聽", "聽幾", "玩多久", "小時飛機", "小時的飛機", "個小時飛機", "個鐘飛機", "hour flight", "hr flight", "hours flight", "long flight", "long haul",
                "毫安", "battery", "lasts", "last", "charge lasts", "hours", "mah", "charging case", "charge case"),
    "how_to_use": ("疊著用", "叠着用", "疊加用", "疊用", "layer", "layering", "幾下", "先用", "先擦", "先抹", "再疊", "先上哪", "順序", "最後一步", "誰先", "哪個先", "哪个先", "先後", "先后", "疊擦", "叠擦", "which first", "what order", "before or after", "goes first", "which goes on first", "last step", "cream first", "serum first", "serum then", "cream then", "then cream", "then serum", "apply first", "use first", "怎麼用", "用法", "使用方法", "使用步驟", "怎麼擦", "怎麼塗", "how to use", "how do i use", "how do you use", "how do i even use", "how do i actually use", "how should i use", "how am i supposed to use", "per use", "how to apply", "how do i apply", "how do you apply"),
    "amount": ("擠幾下", "壓幾下", "擠多少下", "用量", "一次倒", "一次用多少", "倒多少", "一泵", "幾泵", "擠多少", "用多少", "幾滴", "用幾滴", "滴多少", "滴幾多", "塗多少", "擦多少", "how many drops", "drops of", "drops each", "drops per", "drops at a time", "how much do i use", "how much should i use", "挖多少", "一次挖", "黃豆大", "硬幣大"),  # how much at a time ("幾滴", "挖多少", "how many drops"): not the steps or the order
    "charge_time": ("到充滿", "充滿要多長", "充滿需要多長", "充飽要多長", "沖滿", "充滿一次", "充到滿", "多久充滿", "充飽要", "回血", "充電時間", "充多久", "充滿要多久", "充滿電要", "幾小時充滿", "充電要多久", "charging time", "to charge", "charge time"),
    "water": ("泳池", "掉進水", "掉水裡", "掉進馬桶", "撈起來", "大雨", "暴雨", "扛水", "溫泉", "hot spring", "hot springs", "淋了", "淋濕", "淋到", "雨天", "下雨天", "怕汗", "怕不怕汗", "防汗", "耐汗", "防水", "進水", "淋雨", "下雨", "游泳", "泡水", "洗澡", "流汗", "出汗", "汗", "潑水", "防潑水", "掉水", "馬桶", "水", "ip", "ipx",
              "waterproof", "water", "rain", "sweat", "sweaty", "sweating", "gym", "workout", "working out", "健身", "swim", "swimming", "shower", "splash"),
    "weight": ("like a brick", "砸到臉", "砸臉", "砸到鼻子", "drop it on my face", "falls on my face", "很墜", "墜不墜", "會墜", "比較重", "比較輕", "更輕", "更重", "哪個重", "哪個輕", "lighter", "heavier", "重量", "多重", "重多少", "幾克", "重不重", "輕不輕", "重嗎", "輕嗎", "很重", "太重", "會重", "沉不沉", "沉嗎", "壓手", "分量", "細粒", "細細粒", "好細粒", "weight", "heavy", "weigh", "light", "grams",
               "add much", "to my pack", "ultralight", "backpack", "塞包", "放包", "裝包", "包裡", "隨身帶", "便攜", "帶出門", "portable", "in my bag", "in a bag"),  # "出差塞包裡方便嗎": how heavy it is to carry
    "bluetooth": ("慢半拍", "慢一拍", "對不上", "不同步", "音畫", "聲畫", "藍牙", "連接", "配對", "延遲", "斷連", "連電腦", "連手機", "連得上", "bluetooth", "latency", "connection", "pairing", "lag", "delay"),
    # what no sheet of ours states: said to be missing, by name
    "data_transfer": ("move my old data", "moving my old data", "move my data", "moving my data", "old data over", "data over", "transfer my data", "舊手機資料", "資料轉移", "搬資料", "換機資料", "傳資料", "傳輸資料", "資料傳輸", "數據傳輸", "傳數據", "傳文件", "傳檔案", "data transfer", "transfer data", "transfer files", "file transfer"),
    "headphone_jack": ("耳機孔", "耳機插孔", "3.5mm", "3.5孔", "headphone jack", "aux port", "aux jack"),
    "multipoint": ("兩台", "兩個手機", "連兩個", "連兩台", "接兩個", "兩個設備", "兩部", "多點", "同時連", "一拖二", "multipoint", "two devices", "two phones"),
    "front_camera": ("前置", "前鏡頭", "自拍", "前攝", "front camera", "selfie"),
    "invoice": ("統編", "統一編號", "發票", "開票", "專票", "普票", "收據", "invoice", "receipt", "fapiao"),
    "purchase_limit": ("限購", "一次過掃", "一次過買", "掃十", "掃貨", "囤貨", "每人限", "一人限", "最多買幾", "最多能買", "最多可以買", "能買幾", "可以買幾", "限幾", "purchase limit", "limit per", "per person",
                       "how many can i buy", "max per"),
    "certification": ("3c認證", "3c", "ccc", "bsmi", "認證", "certified", "certification", "certificate"),
    "shipping_fee": ("by不", "by嗎", "by吗", "包郵", "運費", "郵費", "免運", "免郵", "free shipping", "shipping free", "ships free", "ship free", "free delivery", "delivery fee", "cost to ship", "how much is shipping", "how much for shipping",
                     "shipping cost", "shipping fee", "postage"),
    "overseas": ("the us", "the states", "america", "hong kong", "hk", "taiwan", "macau", "singapore", "malaysia", "canada", "australia", "japan", "usa", "uk",
                 "kl", "kuala lumpur", "penang", "johor", "brunei", "perth", "sydney", "melbourne", "brisbane", "auckland", "new zealand", "toronto", "vancouver", "london", "korea", "seoul",  # where viewers live (not a trip's destination: "snorkeling in thailand")
                 "海外", "國外", "寄出國", "台灣", "香港", "澳門", "新加坡", "馬來西亞", "overseas", "international", "abroad", "worldwide"),
    "delivery_time": ("時候發", "時候寄", "幾時寄", "幾時發", "多久發", "幾天發", "多久寄", "幾天寄", "幾時出貨", "when will it ship", "when does it ship", "when will my order ship", "when do you ship", "how soon", "會出貨", "明天出貨", "今天出貨", "幾天出貨", "多久出貨", "什麼時候出貨", "會到", "明天會到", "今天發", "明天發", "隔天發", "幾號發", "幾號能寄", "什麼時候寄", "哪天寄", "明天能到", "今天能到", "後天能到", "時候能到", "幾號能到", "哪天能到", "到貨", "幾天收到", "多久收到", "幾天能收到", "送到", "當天發", "當日發", "今天到", "明天到", "幾天到", "多久到", "幾號到", "幾天能到", "多久能到",
                      "明天能發", "今天能發", "明天能寄", "今天能寄", "之前能到", "前能到", "走之前到", "before i leave", "in time for", "ship in time", "arrive in time", "get here in time", "be here in time", "in time??", "in time?",
                      "same day", "next day", "how many days", "ship tomorrow", "ship today", "ships tomorrow", "ships today"),
    "courier": ("順豐", "哪家快遞", "快遞走哪", "走哪家快遞", "走什麼快遞", "中通", "圓通", "韻達", "申通", "極兔", "京東", "郵政快遞", "什麼快遞", "啥快遞", "什麼物流", "啥物流", "哪家物流", "發什麼快遞", "京東物流", "courier", "which carrier"),
    # a place the couriers reach seldom or not at all: named back as the viewer's place ("寄到離島")
    "remote": ("離島", "外島", "偏遠地區", "偏遠", "金門", "馬祖", "澎湖", "綠島", "蘭嶼", "鄉下", "農村", "村裡", "山區", "remote area", "rural"),
    "noise": ("聽得到", "聽不聽得到", "還聽得到", "聽唔聽到", "講電話", "將噪", "将噪", "隔掉", "聊天聲", "分貝", "db", "安靜", "靜音", "吵不吵", "壓掉", "隔絕", "降噪", "噪音", "吵", "隔音", "anc", "noise", "noise cancelling", "noise canceling",
              "blocks noise", "block noise", "blocking noise", "blocks out", "block out", "shuts out"),
    "sound": ("音質", "音效", "低音", "好聽", "聲音", "sound", "audio", "bass"),
    "power": ("火力", "大電流", "吃幾瓦", "吃多少瓦", "幾大火", "幾多火", "出到幾大", "總共出到", "功率", "幾瓦", "多少火", "幾火", "瓦數", "快充", "充電速度", "充得快", "充電最快", "充電快", "充最快", "fastest charging", "fastest-charging", "charges fastest", "charging speed", "瓦", "w", "watt", "watts", "power", "fast charging", "fast charge", "wattage"),
    "ports": ("both at once", "at the same time", "all at once", "simultaneously", "同時怼", "一次怼", "怼幾根", "插幾根", "同時叉", "一次插", "一次充", "一起插", "三個一起", "同時插", "插幾", "窿", "幾條線", "接口", "幾個口", "孔", "插口", "插位", "幾多個位", "多少個位", "幾個位", "位插", "a口", "c口", "同時充", "一起充", "幾個設備", "幾台設備", "個口", "个口", "usb", "port", "ports"),  # not the 口 of 口罩, 口紅
    "length": ("夠不夠長", "夠長", "太短", "長不長", "短不短", "夠不夠遠", "長度", "多長", "幾米", "線長", "length", "how long is the cable", "meters", "metres", "cable length"),
    "screen": ("荧幕", "熒幕", "畫面夠大", "畫面大不大", "畫面大嗎", "畫面夠不夠大", "畫面會不會太小", "面板", "字會不會太小", "字太小", "字細", "字太細", "字小", "睇唔到字", "看不清字", "看字", "字夠大", "字夠不夠大", "大屏", "多大屏", "螢幕", "屏幕", "屏", "顯示", "尺寸", "幾吋", "幾寸", "screen", "display", "inch", "size"),
    "refresh": ("幀率", "帧率", "fps", "掉幀", "掉帧", "卡不卡", "順不順", "刷新率", "高刷", "幾hz", "流暢", "refresh", "refresh rate", "hz"),
    "camera": ("mp", "ois", "optical stabilisation", "optical stabilization", "矇晒", "會唔會矇", "影到矇", "拍糊", "會糊", "糊掉", "拍到模糊", "blurry", "night mode", "night shots", "night photos", "concert", "演唱會", "拍演唱會", "影演唱會", "主攝", "後置", "萬像素", "幾百萬", "拍視頻", "錄影", "錄像", "vlog", "會抖", "抖到", "手抖", "晃", "畫素", "画素", "鏡頭", "拍照", "相機", "像素", "像數", "攝像", "防手震", "防抖", "夜景", "拍得", "拍出來", "camera", "photo", "photos", "picture", "megapixel", "lens"),
    "storage": ("切來切去", "重開", "多開", "kill apps", "kills apps", "killing apps", "in the bg", "in the background", "tabs open", "後台", "殺後台", "room for photos", "room for pics", "儲存", "內存", "記憶體", "運存", "空間", "幾個g", "gb", "存儲", "storage", "memory", "ram", "space"),
    "capacity": ("裝得比較多", "裝比較多", "哪個裝得多", "jar", "pump", "罐多大", "這瓶多大", "那瓶多大", "本身多大", "裝得多", "装得多", "量多", "哪個量", "量比較多", "bigger bottle", "bottle is bigger", "bigger", "larger", "smaller", "哪瓶大", "哪瓶比較大", "容量", "多大瓶", "多大支", "多大罐", "多大一", "一瓶多大", "一罐多大", "幾克", "多少毫升", "幾毫升", "毫升", "多少克", "一瓶多少", "一罐多少", "ml", "how big", "volume"),
    "ingredients": ("分子量", "幾種分子", "大小的分子", "幾種大小", "molecular", "ascorbic", "active stuff", "actives", "percent-wise", "percentage", "what kind of vitamin c", "kind of vit c", "what's in", "what is in", "what's actually in", "烟酰胺", "煙醯胺", "菸鹼醯胺", "niacinamide", "成分", "含什麼", "裡面有什麼", "裡有啥", "裡面有啥", "裡有什麼", "加了什麼", "含量", "濃度", "配方", "添加", "有加", "加了", "幾個點", "幾趴", "百分之", "%", "b5", "維他命b5",
                    "泛醇", "a醇", "vc", "維c", "维生素c", "ingredient", "ingredients", "formula", "contains", "concentration", "percent",
                    "what's in", "what is in", "what goes in", "made of", "how strong", "strength"),
    "texture": ("oil slick", "glazed", "greasy", "好厚", "厚唔厚", "厚不厚", "膩", "油膩", "水光", "啞光", "亮面", "滋潤型", "glossy", "dewy", "finish", "水水", "稠", "稀", "水狀", "乳狀", "膏狀", "好推", "推得開", "質感", "質地", "黏", "黏不黏", "粘不粘", "油", "清爽", "厚重", "膚感", "焗", "悶", "透氣", "texture", "sticky", "greasy", "feel", "heavy"),
    "spf": ("怕曬黑", "uva", "plus signs", "how many plus", "幾個加號", "how protective", "指數", "幾個加", "pa幾", "曬黑", "曬超黑", "曬很黑", "曬得很黑", "曬傷", "不會黑", "曬不黑", "防曬力", "係數", "spf", "pa", "防曬多少", "防曬指數", "倍數", "防曬係數", "sun protection", "多少倍", "幾倍", "紫外線", "uv", "block the sun", "blocks the sun", "sun block", "sunblock"),
    "shades": ("乾燥玫瑰", "楓葉紅", "奶茶色", "色號", "顏色", "幾個色", "幾種顏色", "什麼顏色", "色", "jigese", "yanse", "shade", "shades", "colour", "color", "colors", "colours"),
    "swatch": ("試色", "色卡", "試色卡", "swatch", "swatches", "tester"),
    "fragrance": ("香精", "香味", "味道", "香不香", "fragrance", "scent", "smell"),
    "alcohol": ("酒味", "酒精味", "酒氣", "酒精", "alcohol"),
    "stability": ("氧化", "變黃", "變色", "oxidiz", "oxidis", "stable vitamin", "穩定的維他命", "穩定型", "stable kind", "stable form", "stable type", "stable one", "vc穩定", "vc穩不穩", "維c穩定", "維c穩不穩"),  # "is the vit C the stable kind": the sheet's "一種穩定的維他命 C 衍生物"
    "shelf_life": ("still good to use", "still ok to use", "still usable", "有效期", "expiry date", "expiration", "best before", "crack it open", "once opened", "once i open", "after opening", "still good by", "still be good", "go bad", "goes bad", "開了放到", "開了半年", "開了一年", "開了幾個月", "開了很久", "放了半年", "開了蓋", "開蓋", "開瓶", "打開後", "打開以後", "開了能放", "多久用完", "拆封後", "保質", "保存期限", "保質期", "保存", "過期", "開封", "開了以後", "開了之後", "多久內用完", "放幾年", "放多久", "能放", "用多久過期", "shelf life", "expire", "expiry", "expiration"),
    "whitecast": ("一層牆", "刷了一層", "像鬼", "鬼一樣", "ghost", "flashback", "flash photo", "白白", "刷牆", "刷了牆", "刷過牆", "牆一樣白", "牆壁一樣", "一臉白", "發白", "變白", "死白", "泛白", "假白", "變灰", "灰灰", "發灰", "顯灰", "灰白", "white cast", "whitecast", "ashy"),
    "transfer": ("survive a coffee", "survive coffee", "drink coffee", "drinking coffee", "coffee cup", "sip of coffee", "after lunch", "after eating", "after a meal", "撐幾小時", "撐幾個小時", "幾小時不掉", "幾個小時不掉", "幾個鐘不掉", "吃飯就沒", "吃个饭就没", "吃個飯就沒", "吃完飯就沒", "一吃就沒", "吃東西就沒", "喝水就沒", "gone after", "wears off", "wear off", "worn off", "redo it", "都是印", "留印", "有印", "唇印", "一圈紅", "杯口", "甩色", "落色", "褪色", "印在杯", "杯子上", "吸管", "沾口罩", "戴口罩", "沾到", "蹭", "rub off", "mask", "沾杯", "掉色", "持久", "持妝", "維持多久", "脫色", "脫妝", "transfer", "smudge", "long lasting", "lasting"),
    "moisture": ("脫皮", "保水", "沙漠肌", "沙漠皮", "補水", "补水", "起皮", "死皮", "乾裂", "卡紋", "拔乾", "乾", "緊繃", "滋潤", "保濕", "dry", "drying", "moisturizing", "hydrating", "hyaluronic"),
    "daytime": ("白天", "早上", "早晚", "白天用", "天天", "每天", "晚上擦", "晚上也能", "晚上可以用", "晚上可以擦", "晚上能用", "晚上能擦", "morning", "in the am", "in the a.m.", "daytime", "during the day", "every day", "daily", "night only", "only at night", "at night", "nighttime", "night time", "overnight", "before bed", "am and pm", "am or pm"),
    "reapply": ("put this on again", "put it on again", "put it back on again", "reapply it", "need to put", "put this back on", "put it back on", "back on after", "touch up", "touch it up", "stay all day", "last all day", "出門前多久", "出门前多久", "提前多久擦", "多久前擦", "how long before", "不用補", "不用再補", "不補", "一直補", "需要補", "還要補", "before heading out", "before going out", "before i step out", "step out", "stepping out", "head out", "返工前", "上班前", "出門先", "啱啱出門", "剛出門", "no need to wait", "before i go out", "before going outside", "before heading outside", "go out right after", "go outside right after", "go out straight after", "go outside straight after", "補擦", "補塗", "補一次", "咋補", "怎麼補", "點樣補", "點補", "要補", "再補", "再抹", "再擦", "多久擦一次", "提前多久", "提前多少分鐘", "提前幾分鐘", "提早多久", "出門前", "才能出門", "才可以出門", "才出門", "再出門", "馬上出門", "直接出門", "立刻出門", "多久前擦", "reapply", "how often", "how early"),
    "removal": ("弄掉", "卸妝", "要卸", "洗掉", "洗得掉", "洗不掉", "卸得掉", "卸不掉", "remove", "removal", "wash off"),
    "sensitive": ("皮膚薄", "皮膚好薄", "皮膚很薄", "皮很薄", "皮好薄", "thin skin", "泛紅", "換季", "gets red", "red easily", "sting", "stings", "freaks out", "reacts to everything", "reactive", "敏感肌", "敏感", "刺激", "刺刺", "刺痛", "容易泛紅", "容易過敏", "過敏", "sensitive", "irritation", "allergy"),
    "ship_from": ("發貨地", "从哪里发", "從哪裡發", "哪裡發貨", "哪里发货", "哪裡出貨", "ships from", "ship from"),
    # where the parcel is collected, and how it travels in the cold: the shipping policy's details a sheet may lack
    "address_change": ("錯地址", "舊地址", "地址錯", "地址揀錯", "改地址", "改收货地址", "地址打错", "地址打錯", "地址填错", "地址填錯", "地址写错", "地址寫錯", "换地址", "換地址", "地址填成", "地址改成",
                       "改成家里", "change the address", "change my address", "wrong address", "update the address", "update my address", "edit the address"),
    "pickup": ("超商取貨", "超商", "便利店", "便利商店", "店到店", "全家", "7-11", "711", "萊爾富", "ok超商", "自取", "自提", "到店取", "門市取貨", "取貨點",
               "store pickup", "convenience store", "pick it up myself"),
    "eye_area": ("眼周", "眼部", "眼下", "眼睛周圍", "眼尾", "黑眼圈", "eye area", "under eye", "under-eye", "around the eyes", "around my eyes"),
    "cold": ("零下", "低溫", "凍到關機", "凍關機", "冷到關機", "冰天雪地", "below zero", "sub-zero", "freezing cold", "in the cold"),
    "cold_pack": ("凍壞", "保溫", "冰袋", "防凍", "冷鏈", "會凍", "freeze in", "frozen in", "cold weather"),  # not 冷凍 (放冰箱冷凍: storage)
    "makeup": ("上妝", "粉底", "底妝", "化妝", "妝前", "搓泥", "under makeup", "foundation"),
    "laptop": ("筆電", "充電腦", "筆記本", "手提電腦", "macbook", "laptop", "notebook", "dell", "xps", "thinkpad", "lenovo", "聯想", "戴爾", "surface", "matebook"),
    "connector": ("插得上", "插不上", "插不插得上", "插得進", "插不進", "直接插", "插唔插到", "插到嗎", "接頭", "type-c", "typec", "lightning", "蘋果線", "connector", "usb-c", "plug", "哪頭", "邊頭", "幾個頭", "一頭", "兩頭", "雙頭", "which end", "both ends"),
    "material": ("cable jacket", "outer jacket", "nylon", "rubber", "sheath", "gorilla", "康寧", "大猩猩", "材質", "外皮", "編織", "耐用", "後蓋", "背蓋", "塑料", "塑膠", "玻璃背", "material", "braided", "durable", "back cover", "plastic back", "glass back"),
    "future_sale": ("雙十二", "雙12", "雙十一", "雙11", "618", "黑五", "black friday", "double 12", "double twelve", "12.12", "double 11", "11.11", "singles day", "還會再降", "會不會再降", "以後還會降", "之後還會降", "下次活動", "next sale"),
    "draw_time": ("幾點開獎", "幾點開抽", "什麼時候開獎", "什麼時候開抽", "幾點抽", "下一輪福袋", "下一波福袋", "下個福袋", "福袋什麼時候", "福袋啥時候", "福袋幾點", "福袋幾時",
                  "next giveaway", "next draw", "what time does the draw", "when is the draw", "when does the draw", "draw happen"),
    "restock": ("再有貨", "幾時有貨", "幾時先有貨", "幾時先再有貨", "什麼時候有貨", "何時有貨", "補貨", "再補", "再進貨", "再入貨", "入返貨", "會唔會入貨", "會不會入貨", "restock", "back in stock"),  # Cantonese 返貨 is read as 補貨 first
    "payment": ("visa", "mastercard", "付款方式", "貨到付款", "到付", "收到貨再付", "收貨再付", "收到再付", "收到了再付", "到了再付", "貨到再付", "分期", "花唄", "信用卡", "刷卡付", "支付寶", "微信支付", "支付方式", "街口支付", "街口", "Line Pay", "先用後付", "八達通", "轉數快", "payme", "fps", "installment", "installments",
                "credit card", "cash on delivery", "pay on delivery", "pay upon delivery", "pay when it arrives", "pay when it comes", "pay at the door", "pay when i get it", "pay when i receive", "pay cash", "pay in cash", "cash when", "paypal", "pay later", "alipay", "wechat pay", "apple pay"),
    "return_terms": ("拆封", "開封了", "開封還", "開封也", "開封能", "開封可以", "開過封", "拆開了", "拆開還", "拆開後", "拆開也", "拆開能退", "拆開可以退", "用過一次", "用了一次", "already opened", "opened the box", "unboxed", "七天無理由", "7天無理由", "無理由", "拆封了", "拆了", "用過了", "用過還", "試用過", "不喜歡能退", "return window", "opened", "used it"),
    "origin": ("產地", "哪裡產", "哪产", "哪裡生產", "哪國產", "哪個國家產", "哪個國家的", "國產", "進口", "製造", "哪裡做的", "原產", "入口貨", "入口的", "入口㗎", "入口嘅", "韓國貨", "日本貨", "美國貨", "法國貨", "歐洲貨", "進口貨", "國貨",
               "日本入口", "韓國入口", "法國入口", "made in", "where is it made", "manufactured", "origin"),
    "size_fit": ("戴著", "掉", "會掉", "耳朵", "舒服", "耳塞", "fit", "fall out", "comfortable", "ear", "small ear", "ears hurt", "hurt my ears"),
    # a phone in the hand: "手小會不會太大", "單手拿得住嗎" (answered by the screen and the weight)
    "handheld": ("褲袋", "牛仔褲", "pocket", "手會酸", "手酸", "手會不會酸", "手小", "手比較小", "手很小", "手太小", "單手", "好握", "握持", "握感", "拿得住", "會不會太大", "會太大嗎", "太大了嗎", "大不大",
                 "small hands", "one hand", "one-handed", "too big"),
    "heat": ("發熱", "發燙", "燙", "熱", "溫度", "heat", "hot", "overheat"),
    "melt": ("融化", "熔化", "化掉", "捂化", "會化", "會不會化", "體溫", "melt", "melts", "melting"),
    "system": ("系統", "安卓", "android", "ios", "system", "os"),
    # our product with the viewer's device ("iPhone能用X1嗎", "X1 works w/ iphone?"): not the product's own system
    "compat": ("兼容", "相容", "適配", "支援蘋果", "支援iphone", "支援安卓", "蘋果能用", "蘋果手機能用", "iphone能用", "安卓能用", "安卓手機能用",
               "compatible", "compatibility", "works with", "work with", "works w"),
    "network": ("5g", "4g", "網絡", "信號", "雙卡", "sim", "network", "signal", "dual sim"),
    "nfc": ("nfc", "刷卡", "公交卡", "悠遊卡", "八達通", "一卡通", "交通卡", "嗶卡", "tap to pay", "transit card", "octopus card"),
    "pregnancy": ("孕婦", "懷孕", "孕期", "哺乳", "備孕", "餵奶", "pregnant", "pregnancy", "breastfeeding", "nursing"),
    # taking it on a plane ("可以帶上飛機嗎", "is it carry on ok"): a liquid is answered by its volume (facts._PROXY)
    "flight": ("帶上飛機", "帶上機", "拿上飛機", "帶飛機", "登機", "手提行李", "隨身行李", "托運", "過安檢", "安檢", "carry on", "carry-on", "carryon",
               "hand luggage", "cabin bag", "tsa", "airport security", "onto a plane"),  # "bring … on a plane": phrased.py
    # mixed into another product ("精華能兌進面霜裡嗎", "溝埋粉底一齊搽", "mix it into my foundation"): no sheet says; the routine after
    "mixing": ("混著用", "混著擦", "混用", "混在一起", "混進", "混进", "混到", "兑进", "兌進", "兑到", "兌到", "兑在", "兌在", "摻", "掺", "mix with", "mix it", "mix them", "mix into",
               "mix in", "mix the", "mix my", "mixing", "mixed with"),
    # an older user ("給阿公用", "can my grandpa figure it out"): asked alone; beside another attribute, that one is asked (understand.py)
    "elder": ("長輩", "老人家", "老人", "爺爺", "奶奶", "阿公", "阿嬤", "阿嫲", "外公", "外婆", "婆婆", "grandpa", "grandma", "grandparents", "grandparent",
              "granny", "elderly", "seniors", "old people", "older people", "old folks"),
    # worn in bed ("戴著睡會痛嗎", "can i wear them to sleep")
    "sleep": ("戴著睡", "睡覺戴", "睡覺可以戴", "睡覺能戴", "睡覺時戴", "戴住瞓", "瞓覺戴", "側睡", "wear them to sleep", "wear it to sleep", "wear to sleep",
              "sleep with them in", "sleep with it in", "sleep in them", "sleeping with them", "wear them in bed", "wear it in bed"),
    # a man using what is sold to women ("男生可以擦嗎", "can guys use it too"): no sheet says who it is for by sex
    "men": ("男生可以", "男生能", "男生適合", "男生適不適合", "男生用", "男生擦", "男生塗", "男性可以", "男性能", "男性適合", "男性用", "男士可以", "男士用", "男人可以", "男人用", "男的可以", "男的能", "男的用",
            "for men", "for guys", "guys use", "guys can", "men use", "men can", "a guy use", "a guy can", "unisex"),
    "mic": ("麥克風", "收音", "通話音質", "通話品質", "通話清", "mic", "microphone", ),  # the microphone: no sheet says
    "senior_mode": ("長輩模式", "老人模式", "長者模式", "簡易模式", "極簡模式", "senior mode", "elderly mode", "easy mode", "simple mode"),  # a phone's mode for older users: no sheet lists one
    "children": ("小朋友", "小孩", "兒童", "孩子", "寶寶", "嬰兒", "幼兒", "kids", "kid", "children", "child", "toddler", "baby", "yr old", "year old", "years old"),
    "extended_warranty": ("延保", "延長保固", "延長保修", "加購保固", "碎屏險", "碎屏保", "extended warranty", "warranty extension", "add-on warranty", "care plan", "accident protection"),
    "warranty_period": ("保固期", "保固幾年", "保修幾年", "保幾年", "包幾年", "保多久", "保固多久", "保修期", "保修多久", "幾年保固", "year warranty", "years warranty",
                        "warranty period", "how long is the warranty"),
    "memory_card": ("記憶卡", "內存卡", "存儲卡", "sd卡", "tf卡", "擴容", "擴充", "microsd", "memory card", "sd card"),
    "wireless_charging": ("無線充電", "无线充电", "無線充", "无线充", "wireless charging"),
    "game": ("遊戲", "打遊戲", "吃雞", "王者", "原神", "和平精英", "game", "gaming", "genshin", "pubg"),
    "voltage": ("插座直接能用", "插座能用", "插座可以用", "插座能不能用", "電壓", "帶出國", "出國用", "出國能用", "出國可以用", "國外用", "國外能用", "110v", "220v", "110 v", "220 v", "voltage", "travel adapter",
                "插頭", "轉換頭", "插座能用", "插座可以用", "travel plug", "100v", "100 v", "their outlets", "the outlets", "outlets there", "wall outlets"),
    # keeping it charged: left plugged in, in its case all the time, overnight ("一直插著可以嗎", "keep the buds in the case 24/7")
    "battery_care": ("一直插著", "一直插在", "一直插", "插整晚", "整晚插", "充一整晚", "充整晚", "過充", "傷電池", "損電池", "電池壽命", "電池老化",
                     "overcharge", "overcharging", "24/7", "in the case all the time", "leave it plugged", "plugged in overnight", "wreck the battery",
                     "ruin the battery", "kill the battery", "battery health", "battery long term"),
    # where the goods came through: the official channel or a parallel import ("台灣公司貨還是水貨", "global version or china rom")
    "goods_channel": ("公司貨", "平行輸入", "平輸", "國行", "行貨", "港版", "美版", "國際版", "陸版", "global version", "china rom", "chinese rom",
                      "china version", "international version", "grey import", "gray import", "parallel import", "hk version", "us version"),
    # how well a colour covers what is under it ("嘴唇偏暗沉 這支顏色蓋得住嗎"): no sheet says
    "coverage": ("蓋得住", "蓋不住", "遮得住", "遮不住", "遮蓋力", "顯色度", "顯不顯色", "顯色嗎", "coverage", "opaque", "sheer", "pigmented"),
    "power_split": ("does it split", "split ok", "split between", "每個口", "每一個口", "each port", "per port", "各自多少瓦", "各多少瓦", "分別多少瓦", "功率怎麼分", "功率咋分", "怎麼分配", "功率分配", "power split", "split the power", "三個口一起", "三個口同時", "幾個口一起", "幾個口同時", "口一起插", "口同時插", "all three at once", "all 3 at once"),
    "gift_box": ("禮盒裝", "禮盒", "禮品盒", "禮物包裝", "包裝成禮物", "gift box", "gift wrap", "gift-wrap"),
    "anti_fake": ("防偽碼", "防偽", "驗真", "掃碼驗", "authenticity code", "verification code"),
    "registration": ("特證", "特证", "備案", "备案", "註冊證", "注册证", "妝字號", "妆字号", "國妝特字", "国妆特字", "filing", "registration number", "registered with"),
    "operation": ("去哪裡開", "去哪開", "哪裡開", "在哪裡開", "在哪開", "哪裡設定", "where do i turn", "where to turn on", "where do i switch", "怎麼配對", "怎麼連", "如何配對", "how to pair", "how do i pair", "怎麼開", "怎麼打開", "怎麼開啟", "咋開", "咋打開", "點開", "怎樣開", "長按", "按兩下", "按幾下", "怎麼切", "怎麼切換", "怎麼關", "怎麼設定", "怎麼設置", "要按哪", "按哪個", "turn on", "switch on",
                  "turn off", "activate", "enable"),
    "cruelty_free": ("cruelty free", "cruelty-free", "vegan", "動物實驗", "動物測試", "純素"),
    "chip": ("處理器", "芯片", "晶片", "跑分", "驍龍", "天璣", "cpu", "processor", "chipset", "chip", "soc"),
    "coupon": ("student discount", "學生優惠", "學生價", "學生折扣", "first order", "首單", "新客", "新人優惠", "新人價", "優惠券", "優惠卷", "優惠代碼", "滿減", "券", "會員價", "會員折扣", "會員", "coupon", "voucher", "promo code", "member price", "member discount", "discount code", "discount codes", "promo codes"),
}

# attributes whose value a viewer may name outright ("豆沙色", "曲面屏", "真皮"): a value the sheet lacks is unsaid
# what no sheet says, and the attribute of the sheet line that comes nearest, said after the deferral
# ("三個口一起插 同時充行不行": how the power splits is not there, the total is; "字可以調很大嗎": the screen)
NEAREST_SAID = {"power_split": "power", "font_size": "screen", "senior_mode": "screen", "sun_readable": "screen"}
VALUE_ATTRS = frozenset({"shades", "screen", "material"})

# the viewer's own device: "能充筆電嗎", "iPhone能用X1嗎" ask whether ours works with theirs (suitability)
DEVICE_ATTRS = frozenset({"laptop", "compat"})
# attributes of who will use it ("阿嬤七十幾歲了", "給小朋友"): a person, not a figure or a feature of the product
WHO_ATTRS = frozenset({"elder", "age", "children", "men"})
# attributes of how and when a product is used (the question is a usage one, not a spec one)
USAGE_ATTRS = frozenset({"mixing", "how_to_use", "amount", "reapply", "removal", "daytime", "laptop", "makeup"})

# attributes of the stream's policies, not of a product: named by a deferral when unstated
POLICY_ATTRS = frozenset({"coupon", "gift_box", "anti_fake", "registration", "invoice", "courier", "origin", "delivery_time", "shipping_fee", "overseas", "payment", "return_terms", "ship_from",
                          "warranty_period", "pickup", "cold_pack", "remote", "purchase_limit", "address_change",
                          "prize_claim", "bulk_discount", "gift_terms", "extended_warranty", "goods_channel"})
# of those, the shop's whichever product is asked about (a deferral names them without the product: "沒有寫分期")
SHOP_WIDE = POLICY_ATTRS - {"gift_box", "anti_fake", "registration", "origin", "warranty_period"}

# words too general to show what was asked when a more specific attribute is also named
# ("續航多長" asks for battery life, not a length): they never make an attribute "missing"
WEAK_WORDS: dict[str, frozenset[str]] = {
    "length": frozenset({"多長", "long", "meters", "metres"}), "ports": frozenset({"個口", "个口", "usb"}), "shades": frozenset({"色"}),
    "whitecast": frozenset({"白"}), "water": frozenset({"水", "汗", "water"}), "battery": frozenset({"last", "lasts", "hours", "幾小時", "幾個小時", "多少小時"}),
    "capacity": frozenset({"容量", "size", "bigger", "larger", "smaller"}), "ingredients": frozenset({"vc", "維c"}), "screen": frozenset({"尺寸", "size", "屏"}), "sensitive": frozenset({"刺激"}),
    "size_fit": frozenset({"掉", "ear", "戴著"}), "heat": frozenset({"熱"}), "moisture": frozenset({"乾", "dry", "保水"}),
    "power": frozenset({"瓦"}), "texture": frozenset({"油", "heavy", "feel"}), "transfer": frozenset({"持久"}),
    "weight": frozenset({"light"}),
}  # fmt: skip
