"""Gift batching: a combo of 30 小心心 from ten viewers is one thank-you line, not thirty."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from vhost.events import ChatEvent, EventKind

_GUARD_NAMES = {1: "总督", 2: "提督", 3: "舰长"}


@dataclass(frozen=True)
class ThanksBatch:
    events: tuple[ChatEvent, ...]  # gifts/superchats/guards/follows thanked together
    names: tuple[str, ...]  # distinct viewer names, most valuable first (at most IntakeConfig.thanks_names)
    total_cny: float
    gift_summary: str  # "小心心×12, 嘉年華×1"
    top_value_cny: float  # the largest single value, for the thanks tier
    others: int = 0  # distinct viewers not named ("and N others")
    follows: int = 0  # follow events in the batch


def gift_label(ev: ChatEvent) -> str | None:
    if ev.kind is EventKind.FOLLOW:
        return None
    if ev.gift_name:
        return ev.gift_name
    if ev.kind is EventKind.GUARD:
        return _GUARD_NAMES.get(ev.user.guard_level, "guard")
    if ev.kind is EventKind.SUPERCHAT:
        return "醒目留言"
    return "gift"


class GiftBatcher:
    """Holds thankable events until they settle; bounded by `limit` batches' worth."""

    def __init__(self, *, settle_s: float, max_wait_s: float, big_cny: float, max_batch: int, names: int) -> None:
        self.settle_s = settle_s
        self.max_wait_s = max_wait_s
        self.big_cny = big_cny
        self.max_batch = max_batch
        self.names = names
        self.capacity = max_batch * 5
        self._buf: list[tuple[ChatEvent, bool]] = []  # (event, name may be spoken)
        self._first_t = 0.0
        self._last_t = 0.0
        self._big = False

    def __len__(self) -> int:
        return len(self._buf)

    def full(self) -> bool:
        return len(self._buf) >= self.capacity

    def add(self, ev: ChatEvent, now: float, *, speak_name: bool = True) -> None:
        if not self._buf:
            self._first_t = now
        self._buf.append((ev, speak_name))
        self._last_t = now
        self._big = self._big or ev.value_cny >= self.big_cny

    def waited(self, now: float) -> float:
        """How long the oldest thankable event has waited (0 when none)."""
        return now - self._first_t if self._buf else 0.0

    @property
    def big(self) -> bool:
        """A big gift, a guard purchase or a superchat waits: thank it without delay."""
        return self._big or any(e.kind in (EventKind.GUARD, EventKind.SUPERCHAT) for e, _ in self._buf)

    def ready(self, now: float) -> bool:
        if not self._buf:
            return False
        return (
            self._big
            or len(self._buf) >= self.max_batch
            or now - self._last_t >= self.settle_s
            or now - self._first_t >= self.max_wait_s
        )

    def take(self, now: float) -> ThanksBatch | None:
        if not self.ready(now):
            return None
        part, self._buf = self._buf[: self.max_batch], self._buf[self.max_batch :]
        self._big = any(e.value_cny >= self.big_cny for e, _ in self._buf)
        self._first_t = now
        return self._summarise(part)

    def remove(self, message_id: str) -> ChatEvent | None:
        for i, (ev, _) in enumerate(self._buf):
            if ev.id == message_id and ev.kind is EventKind.SUPERCHAT:
                del self._buf[i]
                return ev
        return None

    def drain(self) -> list[ChatEvent]:
        out = [e for e, _ in self._buf]
        self._buf = []
        self._big = False
        return out

    def _summarise(self, part: list[tuple[ChatEvent, bool]]) -> ThanksBatch:
        per_user: dict[str, list[float]] = {}  # id -> [value, first position]
        speakable: dict[str, str] = {}
        gifts: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])  # label -> [count, value]
        follows = 0
        for pos, (ev, ok) in enumerate(part):
            u = per_user.setdefault(ev.user.id, [0.0, float(pos)])
            u[0] += ev.value_cny
            if ok and not ev.user.masked and ev.user.name:
                speakable.setdefault(ev.user.id, ev.user.name)
            label = gift_label(ev)
            if label is None:
                follows += 1
                continue
            g = gifts[label]
            g[0] += ev.gift_count or ev.count or 1
            g[1] += ev.value_cny
        ranked = sorted(per_user, key=lambda uid: (-per_user[uid][0], per_user[uid][1]))
        names = tuple(speakable[u] for u in ranked if u in speakable)[: self.names]
        summary = ", ".join(
            f"{label}×{int(c)}" for label, (c, _v) in sorted(gifts.items(), key=lambda kv: (-kv[1][1], -kv[1][0]))
        )
        return ThanksBatch(
            events=tuple(e for e, _ in part),
            names=names,
            total_cny=round(sum(e.value_cny for e, _ in part), 2),
            gift_summary=summary,
            top_value_cny=max((e.value_cny for e, _ in part), default=0.0),
            others=len(per_user) - len(names),
            follows=follows,
        )
