"""What the host says at each moment of a play: built-in lines (zh, en) or the persona's `say:` templates.

Lines are templates in the persona sandbox; each moment has its variables (VARIABLES). The
writer guards them like any line: prices and stock are checked against the live figures,
so only counts and seconds computed here are passed on as numbers the line may state.
A `say:` template may hold several sentences separated by a newline.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from vhost.persona.model import Persona
from vhost.persona.plays import LotteryPlay
from vhost.persona.templates import render

ZH: dict[str, dict[str, tuple[str, ...]]] = {
    "lottery": {
        "open": ("{{ address }}，{{ prize }}抽獎開始了！", "{{ ways }}就能參加，{{ seconds }} 秒後開獎，抽 {{ winners_wanted }} 位。",
                 "{{ rules }}開獎驗證碼已經顯示在畫面上，開獎後可以核對。"),
        "countdown": ("還有 {{ left_s }} 秒開獎，已經有 {{ entrants }} 位參加！", "{{ ways }}就能參加。"),
        "draw": ("時間到，停止參加！一共 {{ entrants }} 位符合資格，現在開獎。",),
        "winners": ("恭喜 {{ names }}，抽中{{ prize }}！",),
        "nobody": ("這一輪沒有符合資格的參加者，抽獎下次再開。",),
        "redraw": ("{{ absent }}沒有回應，重新抽出一位：恭喜 {{ name }}！",),
        "cancel": ("這一輪抽獎取消了，下次再開。",),
    },
    "bargain": {
        "open": ("連麥砍價開始！{{ name }}現在 {{ price }} 元。", "{{ goal }}，就解鎖 {{ next_price }} 元！"),
        "progress": ("再 {{ remaining }}{{ unit }}就解鎖 {{ next_price }} 元！",),
        "unlock": ("解鎖成功！{{ name }}現在 {{ price }} 元！", "{% if next_price %}下一檔 {{ next_price }} 元，{{ goal }}。{% endif %}"),
        "bottom": ("砍到底了！{{ name }}現在 {{ price }} 元。",),
        "end": ("砍價結束，{{ name }}回到 {{ price }} 元，謝謝{{ address }}一起砍！",),
    },
    "flash": {
        "open": ("限時秒殺開始！{{ name }}只要 {{ price }} 元。", "現在只有 {{ left }} 件，{{ seconds }} 秒後結束，手快有手慢無！"),
        "stock": ("{{ name }}只剩 {{ left }} 件了！",),
        "time": ("秒殺還有 {{ left_s }} 秒，{{ name }}只剩 {{ left }} 件！",),
        "sold_out": ("{{ name }}秒殺已經搶光了，謝謝{{ address }}！",),
        "end": ("秒殺結束，{{ name }}回到 {{ price }} 元。",),
    },
    "sold": {"sold_out": ("{{ name }}已經賣完了，謝謝{{ address }}！",)},
}  # fmt: skip

EN: dict[str, dict[str, tuple[str, ...]]] = {
    "lottery": {
        "open": ("The {{ prize }} giveaway is open, {{ address }}!", "{{ ways }} to join; the draw is in {{ seconds }} seconds, with {{ winners_wanted }} to win.",
                 "{{ rules }}The draw's check code is on screen now, so you can verify it afterwards."),
        "countdown": ("{{ left_s }} seconds to the draw, {{ entrants }} of you are in!", "{{ ways }} to join."),
        "draw": ("Time's up, entries are closed! {{ entrants }} of you qualify, drawing now.",),
        "winners": ("Congratulations {{ names }}, you win the {{ prize }}!",),
        "nobody": ("Nobody qualified this round; the giveaway will be back.",),
        "redraw": ("{{ absent }} did not answer, so we drew again: congratulations {{ name }}!",),
        "cancel": ("This giveaway is cancelled; we will run another one.",),
    },
    "bargain": {
        "open": ("The bargain is on! The {{ name }} is {{ price }} yuan now.", "{{ goal }} and we unlock {{ next_price }} yuan!"),
        "progress": ("{{ remaining }} more {{ unit }} unlocks {{ next_price }} yuan!",),
        "unlock": ("Unlocked! The {{ name }} is {{ price }} yuan now!", "{% if next_price %}Next step {{ next_price }} yuan: {{ goal }}.{% endif %}"),
        "bottom": ("That's the bottom of the ladder: the {{ name }} is {{ price }} yuan now.",),
        "end": ("The bargain is over; the {{ name }} is back to {{ price }} yuan. Thanks for bargaining, {{ address }}!",),
    },
    "flash": {
        "open": ("Flash sale! The {{ name }} is just {{ price }} yuan.", "Only {{ left }} {{ 'unit' if left == 1 else 'units' }}, and it ends in {{ seconds }} seconds!"),
        "stock": ("Only {{ left }} {{ 'unit' if left == 1 else 'units' }} of the {{ name }} left!",),
        "time": ("{{ left_s }} seconds left in the flash sale, {{ left }} {{ 'unit' if left == 1 else 'units' }} left!",),
        "sold_out": ("The {{ name }} flash sale is sold out, thank you {{ address }}!",),
        "end": ("The flash sale is over; the {{ name }} is back to {{ price }} yuan.",),
    },
    "sold": {"sold_out": ("The {{ name }} is sold out, thank you {{ address }}!",)},
}  # fmt: skip

# variables of each play's templates (besides address and host), for authors and lint
VARIABLES: dict[str, dict[str, str]] = {
    "lottery": {
        "prize": "the prize", "keyword": "the join keyword", "ways": "how to join, as a phrase",
        "rules": "what entrants must also have, as a sentence (or empty)", "seconds": "the window, seconds",
        "winners_wanted": "how many win", "left_s": "seconds to the draw", "entrants": "how many joined (qualified, at the draw)",
        "names": "the winners' names", "absent": "the absent winner (redraw)", "name": "the winner drawn again (redraw)",
    },
    "bargain": {
        "product": "the product sheet", "name": "its name", "price": "the price on air now", "list_price": "the list price",
        "next_price": "the next step's price", "goal": "what unlocks it, as a phrase", "remaining": "how much is still needed",
        "unit": "the goal's unit (likes, 砍, yuan of gifts)", "target": "the goal",
    },
    "flash": {
        "product": "the product sheet", "name": "its name", "price": "the flash price (the sheet's once it ends)",
        "list_price": "the list price", "left": "units left", "stock": "units offered", "seconds": "how long it runs",
        "left_s": "seconds left",
    },
}  # fmt: skip


def lines(kind: str, moment: str, say: Mapping[Any, str], variables: dict[str, Any], en: bool) -> list[str]:
    """The sentences for one moment: the persona's template if it has one, else the built-in ones."""
    custom = say.get(moment)
    templates = custom.split("\n") if custom else (EN if en else ZH)[kind][moment]
    out = []
    for t in templates:
        text = render(t, variables).strip()
        if text:
            out.append(text)
    return out


def ways(c: LotteryPlay, en: bool, figures: bool = True) -> str:
    """How to join, as a phrase; figures=False leaves out amounts (for a line that may state no numbers)."""
    parts = []
    for w in c.join:
        if w == "keyword":
            parts.append(f'send the keyword "{c.keyword}" in chat' if en else f"在公屏發送口令「{c.keyword}」")
        elif w == "follow":
            parts.append("follow the stream" if en else "關注直播間")
        elif w == "medal":
            medal = f"the {c.medal} fan medal" if c.medal else "a fan medal"
            parts.append(f"chat wearing {medal}" if en else (f"戴著「{c.medal}」粉絲牌發言" if c.medal else "戴著粉絲牌發言"))
        elif w == "gift":
            n = f"{c.min_gift_cny:g}"
            if c.min_gift_cny <= 0.1 or not figures:
                parts.append(("send a gift" if en else "送出禮物") if figures is False and c.min_gift_cny > 0.1
                             else ("send any gift" if en else "送出任意禮物"))
            else:
                parts.append(f"send a gift of {n} yuan or more" if en else f"送出 {n} 元以上的禮物")
    text = (" or " if en else "或").join(parts)
    return text[:1].upper() + text[1:] if en else text


def way_numbers(c: LotteryPlay) -> tuple[float, ...]:
    """Figures `ways` states (a gift's smallest value), for the guard to let through."""
    return (c.min_gift_cny,) if "gift" in c.join and c.min_gift_cny > 0.1 else ()


def gift_floors(persona: Persona) -> frozenset[float]:
    """Every giveaway's smallest gift on the rundown, as `ways` says it ("送出 1 元以上的禮物")."""
    return frozenset(x for seg in persona.rundown.segments if seg.lottery is not None for x in way_numbers(seg.lottery))


# what follows a giveaway's smallest gift in `ways` ("1 元以上的禮物", "1 yuan or more"; spaces optional, so
# the grader's normalised text reads the same): the figure in that role is a rule, never a price
GIFT_FLOOR_AFTER = re.compile(r"\s*(?:元|塊|块|yuan|rmb)?\s*(?:以上|或以上|or\s*more|and\s*up)", re.I)


def rules(c: LotteryPlay, en: bool) -> str:
    need = [("follow the stream" if en else "關注直播間") if r == "follow" else ("wear the fan medal" if en else "戴著粉絲牌")
            for r in c.require]  # fmt: skip
    if not need:
        return ""
    return f"To qualify you must also {' and '.join(need)}. " if en else f"參加還需要{'和'.join(need)}。"


def goal(kind: str, target: float, keyword: str, en: bool) -> tuple[str, str]:
    """(the goal as a phrase, the unit of what remains)."""
    n = f"{target:g}"
    if kind == "likes":
        return (f"{n} likes", "likes") if en else (f"點讚 {n} 個", " 個讚")
    if kind == "kan":
        return (f'{n} "{keyword}" in chat', f'"{keyword}"') if en else (f"公屏發 {n} 個「{keyword}」", f" 個「{keyword}」")
    if kind == "gift_cny":
        return (f"{n} yuan of gifts", "yuan of gifts") if en else (f"禮物累計 {n} 元", " 元禮物")
    return ("the host's approval after a call-in", "") if en else ("等主播連麥同意", "")


def sample(kind: str, en: bool) -> dict[str, Any]:
    """Plausible values for lint and preview."""
    if kind == "lottery":
        return {"prize": "a phone case" if en else "手機保護殼", "keyword": "giveaway" if en else "福袋",
                "ways": 'Send "giveaway" in chat' if en else "在公屏發送「福袋」", "rules": "", "seconds": 120,
                "winners_wanted": 3, "left_s": 30, "entrants": 152, "names": "Alex" if en else "小明",
                "absent": "Sam" if en else "小紅", "name": "Alex" if en else "小明"}  # fmt: skip
    if kind == "bargain":
        return {"name": "N9", "price": "2299", "list_price": "2499", "next_price": "2199", "goal": "2000 likes" if en else "點讚 2000 個",
                "remaining": 1800, "unit": "likes" if en else " 個讚", "target": 2000}  # fmt: skip
    return {"name": "C1", "price": "29", "list_price": "39", "left": 12, "stock": 50, "seconds": 120, "left_s": 30}
