"""Keeping pace with the room: how busy it is, and what that changes.

A question is worth answering while its viewer is still looking, so the backlog (questions
and paid messages waiting) sets the pace: when it grows, answers get shorter (one sentence,
no catchphrase, no "many of you asked"), several questions are answered in one breath, and
thanks are merged into fewer, shorter lines; when the room is calm the host welcomes the
viewers who came in and celebrates like milestones.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

CALM, BUSY, PEAK = 0, 1, 2
THANKS_EVERY_S = {CALM: 6.0, BUSY: 20.0, PEAK: 30.0}  # between thank-you lines while questions wait
THANKS_MAX_WAIT_S = 25.0  # a gift is thanked within about this long whatever the backlog
# ... so its thanks is due this early: the line on air and the next one decided may come first
THANKS_DUE_S = THANKS_MAX_WAIT_S - 10.0
# a thank-you line stays short (about 4 s): names as said (小明240 is 小明), the rest counted ("等 5 位")
NAMES = {CALM: 2, BUSY: 1, PEAK: 1}  # viewers named in one thank-you line
GIFTS = {CALM: 2, BUSY: 1, PEAK: 1}  # gifts named in it (the rest: "等禮物")
GROUP = {CALM: 1, BUSY: 1, PEAK: 2}  # questions answered in one utterance
GROUP_PART_S = 3.0  # a question grouped after another is heard about one short answer later
FRESH_S = {CALM: 20.0, BUSY: 10.0, PEAK: 8.0}  # a free question asked longer ago than this has scrolled away
WELCOME_EVERY_S = 60.0
WELCOME_MIN = 3  # entering viewers before a welcome is worth saying
LIKE_MILESTONES = (1_000, 5_000, 10_000, 50_000, 100_000, 500_000, 1_000_000)


PICK_LEAD_S = 2.5  # the next line is decided at most this long before the line on air ends
MIN_LEAD_S = 0.5  # ... and at least this long
LEAD_MARGIN_S = 0.3
# a line taken on air still silent this long (or longer than the lead) is slow (an LLM line waiting for
# its first token): the next may then be decided, and play first if it is ready
SOUND_GRACE_S = 1.0


def pick_lead(prep_s: Sequence[float]) -> float:
    """How long before the line on air ends to decide the next one: as long as recent lines took
    from decision to first audio (a template line a fraction of a second, an LLM line seconds),
    plus a margin, within [MIN_LEAD_S, PICK_LEAD_S]. Later is fresher: a question asked meanwhile
    can still be the one answered."""
    if not prep_s:
        return PICK_LEAD_S
    xs = sorted(prep_s)
    return min(PICK_LEAD_S, max(MIN_LEAD_S, xs[int(0.8 * (len(xs) - 1))] + LEAD_MARGIN_S))


BRISK_SPEED = 1.1  # a room that keeps asking hears its lines a tenth quicker, as a host talks when busy


def speaking_rate(brief: int) -> float:
    """How quickly a line is said: brisker while the room keeps asking (brief > 0), since every
    second of the line on air is a second the next question waits; at ease when it is calm."""
    return BRISK_SPEED if brief > 0 else 1.0


LOADED_ASKS = 4  # questions arriving in the last LOADED_WINDOW_S that make a room busy, even with no backlog
LOADED_WINDOW_S = 30.0


@dataclass(frozen=True)
class Pace:
    level: int
    backlog: int
    loaded: bool = False  # questions keep arriving (one every few seconds) though none waits right now

    @property
    def brief(self) -> int:
        """How short answers are: 0 full (LLM phrasing, catchphrase), 1 one sentence, 2 the fact only.
        A room that keeps asking gets short answers even while the backlog is empty: the next
        question is seconds away, and a long answer is what it would wait behind."""
        return max(self.level, 1 if self.loaded else 0)

    @property
    def fresh_s(self) -> float:
        """How long a free question stays worth answering: a room that keeps asking scrolls as a busy
        one does, so its freshest-first order never leaves an older question waiting the calm 20 s."""
        return FRESH_S[max(self.level, BUSY if self.loaded else CALM)]


def pace(backlog: int, asked_recently: int = 0, loaded_asks: int | None = LOADED_ASKS) -> Pace:
    """backlog: questions and paid messages waiting; asked_recently: questions that arrived in
    the last LOADED_WINDOW_S; loaded_asks: how many make the room busy (None: never)."""
    loaded = loaded_asks is not None and asked_recently >= loaded_asks
    return Pace(CALM if backlog <= 1 else BUSY if backlog <= 4 else PEAK, backlog, loaded)


def thanks_due(pace_: Pace, ready: bool, waited_s: float, big: bool, since_last_s: float, reply_waiting: bool) -> bool:
    """Thank now? Big gifts, guards and paid messages at once; otherwise merged, and spaced
    out while questions wait, but never held past THANKS_MAX_WAIT_S (due at THANKS_DUE_S)."""
    if not ready:
        return False
    if big or not reply_waiting or waited_s >= THANKS_DUE_S:
        return True
    return since_last_s >= THANKS_EVERY_S[pace_.level]


def thanks_size(pace_: Pace) -> tuple[int, int]:
    """(names, gifts) said in one thank-you line: with a question waiting, one of each."""
    if pace_.backlog > 0:
        return 1, 1
    return NAMES[pace_.level], GIFTS[pace_.level]


def _wan(n: int) -> str:
    return f"{n // 10_000} 萬" if n >= 10_000 and n % 10_000 == 0 else f"{n:,}"


def like_milestone(total: int, said: int) -> int | None:
    """The highest milestone the room's likes passed that was not said yet."""
    passed = [m for m in LIKE_MILESTONES if said < m <= total]
    return passed[-1] if passed else None


def like_line(milestone: int, *, en: bool, address: str) -> str:
    if en:
        return f"We just passed {milestone:,} likes, thank you {address}!"
    return f"點讚破 {_wan(milestone)} 了，謝謝{address}！"


def welcome_line(names: list[str], *, en: bool, address: str) -> str:
    shown, more = names[:3], max(0, len(names) - 3)
    if en:
        who = ", ".join(shown) + (f" and {more} more" if more else "")
        return f"Welcome {who}! Ask anything in the chat."
    who = "、".join(shown) + (f"等 {len(names)} 位" if more else "")
    return f"歡迎{who}新進來的{address}，有問題直接打在公屏上！"
