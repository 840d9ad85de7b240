"""Claims a line may only make with evidence on the sheet, and the words the meaning guard reads a line by: yes/no
capabilities, invented policies, running our own product down, agreeing with a viewer, the Latin a Chinese sentence
may carry. Written in either script and folded at use, as in lexicon.py."""

from __future__ import annotations

# yes/no capability claims: allowed un-negated only when the product's own sheet text has the
# word, or (water) its rating supports it. Folded at use.
CAPABILITIES: dict[str, tuple[str, ...]] = {
    "immersion": ("泡溫泉", "溫泉", "hot spring", "游泳", "泡水", "潛水", "在水下", "水下拍", "水下用", "水裡", "浸水", "下水", "洗澡", "swim", "swimming", "underwater", "submerge", "dive", "diving", "shower"),
    "wireless_charging": ("無線充電", "wireless charging"),
    "drop": ("防摔", "耐摔", "摔不壞", "drop-proof", "shockproof"),
    "whitening": ("美白", "淡斑", "祛斑", "whitening", "lightening"),
    "antiaging": ("抗老", "抗衰", "除皺", "去皺", "淡紋", "anti-aging", "antiaging", "wrinkle"),
    "allergy_free": ("不會過敏", "不過敏", "零過敏", "無刺激", "零刺激", "hypoallergenic", "won't irritate", "no irritation"),
    "all_day": ("一整天", "24小時", "二十四小時", "全天", "all day", "24 hours"),
    "everyone": ("所有人都能用", "人人都能用", "孕婦可用", "孕婦能用", "嬰兒", "寶寶可以用", "safe for everyone", "safe during pregnancy", "safe for pregnant"),
    "no_transfer": ("完全不沾杯", "絕不沾杯", "不掉色", "never transfers", "transfer-proof", "smudge-proof"),
    "network5g": ("5g",),
    "nfc": ("nfc",),
}
IMMERSION_RATINGS = ("ipx7", "ipx8", "ip67", "ip68")


# invented policies: allowed only when the persona's own texts say them
POLICY_CLAIMS = (
    r"包郵|包邮|免運|免运|免郵|免邮|順豐|顺丰|京東物流|京东物流|次日達|次日达|當日達|当日达|當天發|当天发|今天發|今天发|"
    r"隔天到|明天到|\d+\s*(?:天|日|小時|小时|個月|个月|年)\s*(?:內|内)?\s*(?:可以|能|就能|就可以|都可以|都能)?\s*(?:發貨|发货|到貨|到货|送達|送达|送到|寄到|收到|就到|退|換|换|保固|保修|質保|质保)|"
    r"(?:保固|保修|質保|质保|退換|退换|包退|包換|包换)\s*\d+|七天無理由|七天无理由|7天無理由|7天无理由|無理由退|无理由退|"
    r"運費險|运费险|假一賠|假一赔|終身保|终身保|"
    r"free shipping|next[- ]day|same[- ]day|\d+[- ]day (?:return|refund|warranty|delivery|shipping)|"
    r"(?:one|two|three|\d+)[- ]years? (?:warranty|guarantee)|lifetime (?:warranty|guarantee)|money[- ]back"
)

# disparaging our own product (with the product named or "it" in a reply about it)
DISPARAGE = (
    "不好用", "很差", "太差", "很爛", "垃圾", "無法正常使用", "不能正常使用", "不能用", "用不了", "質量差", "品質差",
    "發熱嚴重", "發熱確實", "問題很多", "不值", "不推薦", "别買", "別買", "難用", "容易壞", "會壞", "坑人", "不靠譜", "不行",
    "不是很好", "不太好", "一般般", "很一般",
    "terrible", "awful", "poor quality", "doesn't work", "does not work", "not worth", "don't buy", "do not buy",
    "overheats", "breaks easily", "bad product", "is bad", "not good",
)
# agreeing with the viewer: said right after a bait claim, it confirms the wrong fact
AGREE = ("對", "对", "沒錯", "没错", "是的", "對的", "对的", "對啊", "对啊", "是啊", "可以的", "當然", "当然", "yes", "right", "correct", "exactly", "sure", "of course", "yeah")

# Latin words a Chinese sentence may carry: units, codes and standards (plus the sheet's own words)
LATIN_OK = (
    "mah", "gb", "tb", "mb", "hz", "khz", "w", "v", "a", "ml", "g", "kg", "mm", "cm", "db", "ms", "oled", "lcd", "amoled", "usb",
    "usb-c", "type-c", "typec", "ipx", "ip", "spf", "pa", "led", "gan", "nfc", "5g", "4g", "wifi", "wi-fi", "ai", "app", "vc", "b5",
    "c", "pd", "qc", "anc", "enc", "cpu", "ram", "rom", "ok", "vip", "x", "ios", "android", "pro", "max", "plus", "mini",
    # devices and parts said by name in Chinese speech ("能充 Switch 嗎", "插兩張 SIM"): not a switch of language
    "sim", "esim", "switch", "ipad", "iphone", "macbook", "airpods", "lightning", "sd", "tf", "gps", "otg",
)
