"""How the words of a question are read before any intent is weighed: units and forms that name
an attribute ("一米" a length, "8+128" memory), where Latin words start in folded text, and the
names a deferral or a grouped answer gives each attribute."""

from __future__ import annotations

import re

from vhost.text.fold import SEPARATOR, fold

ATTR_NAMES: dict[str, tuple[str, str]] = {
    "charge_time": ("充電時間", "charging time"), "shades": ("顏色和色號", "colours"), "origin": ("產地", "country of origin"),
    "shelf_life": ("保存期限", "shelf life"), "weight": ("重量", "weight"), "sound": ("音質", "sound quality"),
    "heat": ("發熱", "heat"), "melt": ("遇熱會不會融化", "heat resistance"), "cold": ("低溫表現", "performance in the cold"), "eye_area": ("眼周使用", "use around the eyes"),
    "sun_readable": ("戶外螢幕亮度", "screen brightness in sunlight"), "font_size": ("字體大小", "font size"), "over_makeup": ("妝上補擦", "how to reapply over makeup"), "men": ("男生使用", "whether men can use it"), "senior_mode": ("長輩模式", "senior mode"), "bargain_time": ("砍價開始時間", "bargain start time"), "video_out": ("影像輸出", "video output"), "bigger_size": ("大瓶裝", "bigger sizes"), "sales": ("銷量", "sales figures"), "system": ("系統", "operating system"), "network": ("網絡", "network support"),
    "mic": ("麥克風", "microphone"), "nfc": ("NFC", "NFC"), "wireless_charging": ("無線充電", "wireless charging"), "game": ("遊戲表現", "gaming performance"),
    "size_fit": ("佩戴感", "fit"), "handheld": ("握持感", "in-hand feel"), "shade_pick": ("哪個色號適合哪種膚色", "shade advice by skin tone"), "material": ("材質", "material"), "texture": ("質地", "texture"),
    "fragrance": ("香味", "scent"), "ingredients": ("成分", "ingredients"), "capacity": ("容量", "size"),
    "battery": ("續航", "battery life"), "water": ("防水", "water resistance"), "screen": ("螢幕", "screen"),
    "camera": ("鏡頭", "camera"), "storage": ("儲存", "storage"), "memory_card": ("記憶卡擴充", "memory card support"), "children": ("兒童使用", "use on children"), "pregnancy": ("孕期使用", "use during pregnancy"), "warranty_period": ("保固期限", "warranty period"), "power": ("充電功率", "charging power"), "ports": ("接口", "ports"),
    "length": ("長度", "length"), "bluetooth": ("藍牙", "Bluetooth"), "noise": ("降噪", "noise cancelling"),
    "refresh": ("刷新率", "refresh rate"), "spf": ("防曬係數", "SPF"), "connector": ("接頭", "connector"),
    "laptop": ("筆電充電", "laptop charging"), "sensitive": ("敏感肌使用", "sensitive skin"),
    "whitecast": ("泛白", "white cast"), "transfer": ("持妝時間", "transfer"), "moisture": ("滋潤度", "moisture"),
    "daytime": ("白天使用", "daytime use"), "reapply": ("補擦", "reapplying"), "removal": ("卸除", "removal"),
    "alcohol": ("酒精", "alcohol"), "courier": ("快遞公司", "courier"), "remote": ("偏遠地區配送", "shipping to remote areas"), "invoice": ("發票", "invoices"), "purchase_limit": ("每人限購數量", "the limit per person"), "certification": ("3C 認證", "3C certification"),
    "multipoint": ("同時連兩台裝置", "multipoint (two devices at once)"), "data_transfer": ("資料傳輸", "data transfer"), "headphone_jack": ("耳機孔", "headphone jack"), "delivery_time": ("發貨和到貨時間", "delivery times"), "flash_time": ("秒殺開始時間", "flash sale start time"),
    "chip": ("處理器", "processor"), "voltage": ("電壓", "voltage"), "power_split": ("功率分配", "power split"), "coverage": ("顯色和遮蓋力", "coverage"), "goods_channel": ("是不是公司貨", "sourcing and version"), "battery_care": ("一直插著充電", "storage in the case or on the charger"),
    "gift_box": ("禮盒包裝", "gift box"), "cruelty_free": ("動物實驗和純素", "cruelty-free and vegan status"), "anti_fake": ("防偽碼", "anti-counterfeit code"), "registration": ("備案和特證", "registration and filing"), "operation": ("操作方法", "operating steps"), "coupon": ("優惠券和滿減", "coupons"), "front_camera": ("前鏡頭", "front camera"),
    "shipping_fee": ("運費和包郵", "shipping costs"), "how_to_use": ("用法", "how to use it"), "amount": ("用量", "how much to use"), "overseas": ("海外配送", "shipping abroad"),
    "payment": ("付款方式", "payment options"), "return_terms": ("退貨條件", "return conditions"),
    "makeup": ("上妝", "wearing it under makeup"), "age": ("適用年齡", "age range"), "flight": ("能不能帶上飛機", "carry-on rules"),
    "elder": ("適不適合長輩用", "suitability for older users"), "sleep": ("適不適合戴著睡覺", "sleep comfort"),
    "mixing": ("能不能混在一起用", "guidance on mixing"),
    "compat": ("相容性", "compatibility"), "restock": ("補貨時間", "restock date"), "future_sale": ("之後的活動", "future sales"), "draw_time": ("開獎時間", "draw time"), "ship_from": ("發貨地", "where orders ship from"),
    "pickup": ("超商取貨", "convenience-store pickup"), "address_change": ("下單後改地址", "policy on address changes"), "cold_pack": ("冬天運輸的保溫包裝", "packaging for cold weather"),
    "prize_claim": ("中獎後怎麼領獎和寄送", "prize claiming and delivery"), "first_charge": ("第一次充電要不要充滿", "first-charge advice"), "wait_time": ("兩個步驟之間要間隔多久", "how long to wait between steps"), "charge_habit": ("充電習慣（像是充整晚）", "overnight charging and other charging habits"),
    "extended_warranty": ("延保和加購保固", "extended warranty options"), "bulk_discount": ("多買的優惠", "discounts for buying several"), "gift_terms": ("買多件或買組合時贈品送幾個", "gift terms for several items or a set"),
    "set_choice": ("組合能不能自選款式", "how to pick what goes in the set"),
}  # fmt: skip


UNITS = (
    (re.compile(r"(?:\d|[一二兩两三四五六七八九十半])\s*(?:米|公尺|m(?![a-z]))", re.I), "length"),
    (re.compile(r"(?:\d|[一二兩两三四五六七八九十半])\s*(?:公斤|克|kg)|(?<![\d.])(?:\d{2,}|\d+\.\d+|[016789])\s*g(?![a-z])|(?:多少|幾|几)\s*(?:g|克)(?![a-z])", re.I), "weight"),  # 5G: a network
    (re.compile(r"(?:\d|[一二兩两三四五六七八九十])\s*(?:毫升|ml)", re.I), "capacity"),
    (re.compile(r"(?:\d|[一二兩两三四五六七八九十])\s*(?:滴|泵)"), "amount"),  # "一次得擠5滴吧": the amount
    # "how much sunscreen do i actually need for face + neck": how much at a time, not the bottle's size
    (re.compile(r"\bhow much (?!battery|storage|space|memory|money|cash|power|charge|time|ram\b)(?:[a-z]+ ){0,2}(?:do|should|would|shall) (?:i|you|we) "
                r"(?:actually |really |usually |normally )?(?:use|need|apply|put on|put|squeeze)\b", re.I), "amount"),
    (re.compile(r"(?:\d|[一二兩两三四五六七八九十])\s*(?:毫安|mah)", re.I), "battery"),
    (re.compile(r"\d\s*(?:hz|赫兹|赫茲)", re.I), "refresh"),
    # "P65才45W吧", "是100w嗎": a wattage said back (not "65w夠唔夠我macbook用", which names the charger)
    (re.compile(r"(?:才|只有|就|是|不是|真的?|only|just|is|legit|really|actually|truly)\s*\d{2,3}\s*(?:w|瓦|watts?)(?![a-z])|(?<![a-z])\d{2,3}\s*(?:w|瓦|watts?)(?![a-z])(?=\s*(?:的)?\s*(?:吧|吗|嗎|而已|对吧|對吧|[?？]))|\d{2,3}\s*(?:w|瓦|watts?)\s*(?:or|还是|還是|定係)(?![a-z])", re.I), "power"),  # "100W or just 60"
    (re.compile(r"十[几幾來来]?[岁歲]|(?<!\d)1[0-9]\s*(?:岁|歲)|(?<!\d)1[0-9]\s*-?\s*(?:yr|year)s?\s*-?\s*old|\bteens?\b|青少年|(?<!\d)[2-9][0-9]\s*(?:多|几|幾|來|来)?\s*(?:岁|歲)|[二三四五六七八九]十[几幾來来多]?\s*[岁歲]|(?:mom|mum|mother|dad|father|she|he)(?:\s+is|\'s)\s+[2-9][0-9]\b|(?:媽|妈|爸)\D{0,2}[2-9][0-9](?:了|多)|(?<!\d)[1-9][0-9]\s*(?:yo|y/o|yrs? old|years? old)\b", re.I), "age"),  # "我媽50幾歲"  # a child under ten: "children"
    (re.compile(r"(?:多少|幾多|几多|幾|几)\s*(?:%|％|趴)|百分之(?:多少|幾|几)|what\s*%|what percent|"
                r"(?<![\d.])(?!100\s*[%％])\d+(?:\.\d+)?\s*(?:%|％|趴)(?=\s*(?:的)?\s*[\u4e00-\u9fff]{2})(?!\s*(?:折|优惠|優惠|回馈|off))|"
                r"(?<=[\u4e00-\u9fff])(?:有|是|到|有到)?(?<![\d.])(?!100\s*[%％])\d+(?:\.\d+)?\s*(?:%|％)(?=\s*(?:吧|吗|嗎|呢|對吧|对吧|[?？]|$))", re.I), "ingredients"),  # "玻尿酸有到5%吧": a concentration said back  # "玻尿酸幾多%": a concentration, not a price
    # "the serum's got like 5% HA right": a concentration said back in English
    (re.compile(r"(?<![\d.])\d+(?:\.\d+)?\s*%\s*(?:of\s+)?(?:ha\b|hyaluronic|vit(?:amin)?\s*c\b|vc\b|niacinamide|panthenol|retinol|ascorb)", re.I), "ingredients"),
    (re.compile(r"(?:\d|[一二兩两三四五六七八九十])\s*(?:吋|寸|inch)", re.I), "screen"),
    (re.compile(r"(?<!\d)\d{1,2}\s*\+\s*(?:64|128|256|512|1t)(?!\d)|(?<!\d)(?:64|128|256|512)\s*(?:g|gb)?(?:還是|还是|或|/|or)\s*(?:128|256|512|1t)|(?<!\d)(?:128|256|512)\s*(?:g|gb)(?![a-z])", re.I), "storage"),
)


def word_starts(text: str) -> set[int]:
    """Indices in fold(text) where a Latin word starts (after a separator, a non-letter or a CJK character)."""
    spaced = fold(text, keep_separators=True)
    out: set[int] = set()
    j = 0
    prev = " "
    for ch in spaced:
        if SEPARATOR.match(ch):
            prev = " "
            continue
        if ch.isascii() and ch.isalpha() and not (prev.isascii() and prev.isalpha()):
            out.add(j)
        prev = ch
        j += 1
    return out


def word_ends(text: str) -> set[int]:
    """Indices in fold(text) just after a Latin word's last letter."""
    spaced = fold(text, keep_separators=True) + " "
    out: set[int] = set()
    j = 0
    for i, ch in enumerate(spaced[:-1]):
        if SEPARATOR.match(ch):
            continue
        j += 1
        nxt = spaced[i + 1]
        if ch.isascii() and ch.isalpha() and not (nxt.isascii() and nxt.isalpha()):
            out.add(j)
    return out


def strip_units(text: str) -> str:
    for pat, _attr in UNITS:
        text = pat.sub(" ", text)
    return text


_WHO = frozenset({"age", "ingredients"})  # "十幾歲的後生女": the viewer, not a figure that picks the product
_NAMES_IT = re.compile(r"\s*的\s*(?![吧吗嗎呢啊嘛對对？?！!，,。]|$)")  # "5000毫安的手機多少錢": the figure picks the product


def by_unit(text: str) -> dict[str, bool]:
    """The attributes a figure with its unit asks about ("是45W吧": the power), not one that only names
    the product ("65w的充電頭多少錢")."""
    return {attr: True for pat, attr in UNITS if any(attr in _WHO or not _NAMES_IT.match(text, m.end()) for m in pat.finditer(text))}


STORAGE = UNITS[-1][0]  # "256G", "8+128": a size, never a price asked back


def clauses_of(text: str) -> list[str]:
    """The message's clauses: at punctuation, at spaces between Chinese words ("x1 how much? waterproof?" keeps its words),
    and at an English "and" that asks again ("how many left and is the deal still on")."""
    parts = re.split(r"[，,。！!？?、;；]+|(?<=[\u4e00-\u9fff])\s+|\s+(?=[\u4e00-\u9fff])|\s+and\s+(?=(?:is|are|does|do|can|will|what|how|any)\b)", text)
    return [c.strip() for c in parts if len(fold(c)) >= 2]
