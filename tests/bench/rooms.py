"""Generated live rooms for the pacing benchmark: danmaku at a set rate, about 30% questions
(asked in waves, as a room does when the host shows something), chatter, gifts, superchats,
guards, entering viewers and likes. Seeded, so a rate always gives the same room.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

QUESTIONS = (
    "耳機多少錢", "耳机几钱", "X1 防水嗎", "能戴著跑步嗎", "續航多久啊", "充電盒能充幾次", "降噪怎麼樣", "藍牙幾代",
    "耳機重不重", "有貨嗎", "怎麼買", "什麼時候發貨", "充電頭幾瓦", "P65 能充筆電嗎", "快充頭幾個口", "充電頭多少錢",
    "手機多少錢", "N9 活動價到什麼時候", "手機防水嗎", "手機電池多大", "螢幕多大", "刷新率多少", "拍照怎麼樣", "內存多大",
    "手機送什麼", "有組合價嗎", "線多長", "充電線多少錢", "线几瓦", "能退貨嗎", "是正品嗎", "保修多久",
    "how much are the earbuds", "is the phone waterproof", "how long does the battery last", "does the charger work with a laptop",
    "耳機咋賣", "X1現在多少", "耳機音質好嗎", "耳機延遲高不高", "打遊戲能用嗎", "耳機有白色嗎", "降噪能關嗎", "充電盒多重",
    "快充頭能充手機嗎", "P65 有幾個 USB-C", "快充頭發燙嗎", "手機幾吋", "N9 電池多少毫安", "手機能用多久", "N9 有 5G 嗎",
    "手機重不重", "N9 有什麼顏色", "組合價多少", "手機送保護殼嗎", "線是 C 口嗎", "線能充筆電嗎", "一百瓦是真的嗎",
    "包郵嗎", "幾天到", "能開發票嗎", "今天下單明天到嗎", "X1 跟 AirPods 比呢", "推薦哪個", "是新品嗎",
)  # fmt: skip
CHATTER = (
    "主播晚上好", "666", "來了來了", "哈哈哈", "好看", "打卡", "主播聲音好聽", "[doge]", "路過", "支持", "這個顏色好看",
    "剛下單了", "已拍", "期待", "好便宜", "hello", "lol", "主播辛苦了", "第一次來", "關注了", "111", "哇",
)  # fmt: skip
NAMES = ("小明", "阿傑", "Lily", "喵喵", "老王", "小雨", "阿哲", "Tom", "糖糖", "小白", "路人甲", "Kevin")
GIFTS = (("小心心", 0.1), ("辣條", 0.1), ("牛哇牛哇", 1.0), ("打call", 0.5), ("告白氣球", 50.0), ("嘉年華", 500.0))


def room(rate: float, seconds: float, seed: int = 7) -> list[dict]:
    """Events for a room with `rate` danmaku per second for `seconds`, sorted by time."""
    rng = random.Random(seed * 1000 + int(rate * 100))
    ev: list[dict] = []
    users = [f"{NAMES[i % len(NAMES)]}{i}" for i in range(max(50, int(rate * seconds)))]

    def who() -> dict:
        i = rng.randrange(len(users))
        return {"id": f"u{i}", "name": users[i]}

    t = 1.0
    while t < seconds:
        t += rng.expovariate(rate)
        if rng.random() < 0.3:
            q = rng.choice(QUESTIONS)
            ev.append({"t": t, "kind": "danmaku", "user": who(), "text": q})
            if rng.random() < 0.35:  # a wave: others ask the same thing within seconds
                for _ in range(rng.randint(1, 4)):
                    ev.append({"t": t + rng.uniform(0.5, 8.0), "kind": "danmaku", "user": who(), "text": q})
        else:
            ev.append({"t": t, "kind": "danmaku", "user": who(), "text": rng.choice(CHATTER)})
    t = 2.0
    while t < seconds:  # small gifts in combos, now and then a big one
        t += rng.expovariate(max(0.02, rate * 0.12))
        name, value = GIFTS[min(len(GIFTS) - 1, int(rng.paretovariate(2.5)) - 1)]
        n = rng.choice((1, 1, 2, 5, 10))
        ev.append({"t": t, "kind": "gift", "user": who(), "gift": {"name": name, "count": n}, "value_cny": round(value * n, 2)})
    for i, t in enumerate(range(40, int(seconds), 90)):  # a superchat with a question every 90 s
        ev.append({"t": float(t), "kind": "superchat", "user": who(), "text": ("耳機續航多久？", "手機現在多少錢？", "充電頭能充 MacBook 嗎？")[i % 3],
                   "value_cny": 30.0 + 20 * (i % 3)})  # fmt: skip
    for t in range(70, int(seconds), 150):  # a guard purchase (艦長) now and then
        u = who()
        ev.append({"t": float(t), "kind": "guard", "user": {**u, "guard_level": 3}, "gift": {"name": "艦長", "count": 1}, "value_cny": 198.0})
    t = 0.5
    while t < seconds:
        t += rng.expovariate(max(0.05, rate * 0.6))
        ev.append({"t": t, "kind": "enter", "user": who()})
    for t in range(5, int(seconds), 5):
        ev.append({"t": float(t), "kind": "like", "user": who(), "count": rng.randint(5, int(20 + rate * 40))})
    for t in range(30, int(seconds), 60):
        ev.append({"t": float(t) + 0.5, "kind": "follow", "user": who()})
    ev = [e for e in ev if e["t"] < seconds]
    ev.sort(key=lambda e: e["t"])
    for e in ev:
        e["t"] = round(e["t"], 2)
    return ev


def write_room(path: Path, rate: float, seconds: float, seed: int = 7) -> Path:
    path.write_text("\n".join(json.dumps(e, ensure_ascii=False) for e in room(rate, seconds, seed)) + "\n", encoding="utf-8")
    return path
