"""One short thank-you line per batch: a few names, the gifts in words, guard levels by their names.

"謝謝小明、阿傑等 5 位家人們的小心心和牛哇牛哇！" rather than a label list with counts;
Bilibili guards are named as the platform names them (艦長 / 提督 / 總督), Twitch subs and
bits as Twitch does. Never a raw kind label ("guard", "gift").
"""

from __future__ import annotations

from dataclasses import dataclass

from vhost.events import ChatEvent, EventKind
from vhost.intake.gifts import ThanksBatch
from vhost.text.names import spoken_name, spoken_names

GUARD_ZH = {1: "總督", 2: "提督", 3: "艦長"}
GUARD_EN = {1: "Governor", 2: "Admiral", 3: "Captain"}


@dataclass(frozen=True)
class Said:
    viewer: str  # the names, as said: 小明、阿傑等 5 位家人們
    gift: str  # what they sent, in words: 小心心和牛哇牛哇
    guard: str  # guard / sub purchases in words: 開通艦長 (empty when none)
    guard_names: str


def _label(ev: ChatEvent, en: bool) -> str | None:
    """The word for what one event gave, or None (a follow)."""
    if ev.kind is EventKind.FOLLOW:
        return None
    if ev.kind is EventKind.GUARD:
        return None  # said separately
    if ev.currency == "bits":
        return f"{int(ev.amount)} bits"
    if ev.kind is EventKind.SUPERCHAT:
        return "Super Chat" if en else "醒目留言"
    return ev.gift_name or ("gift" if en else "禮物")


def _guard_word(ev: ChatEvent, en: bool) -> str:
    if ev.platform == "twitch":
        return "sub" if en else "訂閱"
    level = ev.user.guard_level if ev.user.guard_level in GUARD_ZH else 3
    name = ev.gift_name if ev.gift_name and not ev.gift_name.isdigit() and ev.gift_name.lower() != "guard" else None
    if en:
        return GUARD_EN[level]
    return name or GUARD_ZH[level]


def _join(items: list[str], en: bool) -> str:
    if not items:
        return ""
    if en:
        return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
    return items[0] if len(items) == 1 else "、".join(items[:-1]) + "和" + items[-1]


def phrase(batch: ThanksBatch, *, en: bool, address: str, names: int = 3, gifts: int = 2, brief: bool = False) -> Said:
    """Names, gifts and guards of a batch in words; at most `names` names (the name part only:
    小明240 is said 小明), then "and N others";
    at most `gifts` gifts (those worth most), then "and more". brief (a question waits behind
    the line): the count without the address, "小明等 5 位" rather than "小明等 5 位家人們"."""
    value: dict[str, float] = {}
    guards: list[str] = []
    guard_people: list[str] = []
    for ev in batch.events:
        if ev.kind is EventKind.GUARD:
            w = _guard_word(ev, en)
            if w not in guards:
                guards.append(w)
            said_as = spoken_name(ev.user.name, en=en) if ev.user.name in batch.names else ""
            if said_as and said_as not in guard_people:
                guard_people.append(said_as)
            continue
        label = _label(ev, en)
        if label is not None:
            value[label] = value.get(label, 0.0) + ev.value_cny + 0.001  # a free gift still counts, behind paid ones
    top = sorted(value, key=lambda g: -value[g])[: max(1, gifts)]  # those that mattered most; the rest in "and more"
    more = len(value) > len(top)
    # names as a host says them (小明240 -> 小明); everyone counted, named or not
    shown = spoken_names(batch.names, en=en)[: max(0, names)]
    others = batch.others + max(0, len(batch.names) - len(shown))
    if en:
        viewer = _join(shown + ([f"{others} others"] if others else []), True) if shown else "everyone"
        gift = _join(top, True) + (" and more" if more else "") or "support"
        guard = ("the " + _join(guards, True)) if guards else ""
    else:
        counted = f"等 {others + len(shown)} 位" + ("" if brief else address)
        viewer = "、".join(shown) + (counted if others else "") if shown else address
        gift = _join(top, False) + ("等禮物" if more else "") or "支持"
        guard = ("開通" + _join(guards, False)) if guards else ""
    return Said(viewer, gift, guard, _join(guard_people, en))


def guard_line(said: Said, *, en: bool) -> str:
    """Guards first, in the platform's words; other gifts of the batch after them."""
    who = said.guard_names or said.viewer
    if en:
        line = f"Thank you {who} for the {said.guard.removeprefix('the ')}!"
        return line if not said.gift or said.gift == "support" else line[:-1] + f", and everyone for the {said.gift}!"
    line = f"謝謝{who}{said.guard}！"
    return line if not said.gift or said.gift == "支持" else line[:-1] + f"，也謝謝大家的{said.gift}！"
