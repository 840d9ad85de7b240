"""Moderation: what may never reach a prompt or the air, and who is talking too much.

Content verdicts (BLOCKED) come from term lists, spam shapes, floods, the persona's own
banned words and taboo topics, and the user blocklist. Volume verdicts (DROPPED) come
from per-user rate limits and repeats. That state matters only within the rate and
duplicate windows, so a viewer's is let go once they have been quiet longer than both:
what stays grows with how many viewers chat at once, not with how long the show runs
(kept for max_users viewers, it grew by one state of ~1.5 KB per distinct viewer for
the first nine hours of a show: 3 MiB per program hour). Whether a viewer chatted in the
show lately (`knows`) is kept apart, one timestamp a viewer, for known_for_s.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from vhost.events import ChatEvent, Fate
from vhost.intake.cluster import cluster_key
from vhost.intake.config import IntakeConfig
from vhost.intake.spam import find_spam, is_flood
from vhost.intake.terms import Term, TermMatcher, read_term_file
from vhost.persona.model import Persona

_T = TypeVar("_T")


@dataclass(frozen=True, slots=True)
class Verdict:
    fate: Fate  # BLOCKED or DROPPED
    reason: str  # "spam: url", "blocklist: chat_blocklist.txt:5 (pinyin)", "rate-limited: ..."

    @property
    def category(self) -> str:
        return self.reason.split(":", 1)[0]


@dataclass(slots=True)
class _UserState:
    """Plain short lists, not deques: a deque is a ~600-byte block however few it holds, and a raid
    of thousands of viewers held 1.5 KB each for the 30 s of the windows (memory the allocator kept)."""

    times: list[float]  # the latest rate_limit messages' times, oldest first
    seen: float  # program time of this viewer's latest message (the LRU order)
    recent: list[tuple[str, float]] = field(default_factory=list)  # the latest RECENT (cluster key, time)


RECENT = 4


def _expire(lru: OrderedDict[str, _T], last: Callable[[_T], float], before: float, keep: int) -> None:
    """Drop entries from the least recent end while older than `before` or more than `keep`."""
    while lru:
        key, value = next(iter(lru.items()))
        if len(lru) <= keep and last(value) >= before:
            return
        del lru[key]


def _push(xs: list[_T], x: _T, keep: int) -> None:
    xs.append(x)
    if len(xs) > keep:
        del xs[: len(xs) - keep]


def _seen(st: _UserState) -> float:
    return st.seen


def _list_category(path: Path) -> str:
    return "spam" if "spam" in path.stem else "blocklist"


class Moderator:
    def __init__(self, persona: Persona, config: IntakeConfig) -> None:
        self.config = config
        self._list_terms: list[Term] = []
        for p in config.lists:
            self._list_terms.extend(read_term_file(Path(p), _list_category(Path(p))))
        self._blocked_users = set(config.blocked_users)
        self._users: OrderedDict[str, _UserState] = OrderedDict()  # rate and repeat state, least recent first
        self._known: OrderedDict[str, float] = OrderedDict()  # viewer id -> latest message, least recent first
        self.set_persona(persona)

    def set_persona(self, persona: Persona) -> None:
        terms = list(self._list_terms)
        if self.config.apply_persona_banned:
            for i, t in enumerate(persona.compliance.banned):
                allowed = t.startswith("!")
                terms.append(Term(t.lstrip("!").strip(), f"compliance.banned[{i}]", "allowed" if allowed else "persona banned"))
            # included files (the Advertising Law list) guard what the host says; from them chat takes
            # only the allowed compounds, unless configured otherwise, so 哪個最好 stays answerable
            for inc in persona.compliance.include:
                path = Path(inc)
                if path.is_file():
                    only = not self.config.apply_persona_includes
                    terms += read_term_file(path, "persona banned", allowed_only=only)
        terms += [Term(t, f"identity.taboo_topics[{i}]", "taboo topic") for i, t in enumerate(persona.identity.taboo_topics)]
        self._terms = TermMatcher(terms, pinyin_min_syllables=self.config.pinyin_min_syllables)

    def block_user(self, user_id: str) -> None:
        self._blocked_users.add(user_id)

    def unblock_user(self, user_id: str) -> None:
        self._blocked_users.discard(user_id)

    def user_blocked(self, ev: ChatEvent) -> bool:
        return ev.user.id in self._blocked_users or (bool(ev.user.name) and ev.user.name in self._blocked_users)

    def content(self, text: str) -> Verdict | None:
        """Why this text must never be spoken or prompted, or None."""
        hit = self._terms.find(text)
        if hit is not None:
            term, how = hit
            return Verdict(Fate.BLOCKED, f"{term.category}: {term.where}" + (" (pinyin)" if how == "pinyin" else ""))
        spam = find_spam(text)
        if spam is not None:
            return Verdict(Fate.BLOCKED, f"spam: {spam}")
        if is_flood(text, self.config.flood_run, self.config.flood_repeats):
            return Verdict(Fate.BLOCKED, "flood: repeated characters")
        return None

    def check(self, ev: ChatEvent, now: float) -> Verdict | None:
        """Full verdict for a chat message; updates the sender's rate state when it passes."""
        if self.user_blocked(ev):
            return Verdict(Fate.BLOCKED, "user blocklist")
        if len(ev.text) > self.config.max_text_chars:
            return Verdict(Fate.DROPPED, f"too long: over {self.config.max_text_chars} characters")
        v = self.content(ev.text)
        if v is not None:
            return v
        if ev.paid or ev.user.moderator:
            return None
        return self._volume(ev, now)

    def _volume(self, ev: ChatEvent, now: float) -> Verdict | None:
        cfg = self.config
        uid = ev.user.id
        self._known[uid] = now
        self._known.move_to_end(uid)
        _expire(self._known, float, now - cfg.known_for_s, cfg.max_users)
        st = self._users.get(uid)
        if st is None:
            st = _UserState([], now)
            self._users[uid] = st
        else:
            st.seen = max(st.seen, now)
            self._users.move_to_end(uid)
        # a state quiet longer than both windows can no longer decide a verdict
        _expire(self._users, _seen, now - max(cfg.rate_window_s, cfg.duplicate_window_s), cfg.max_users)
        key = cluster_key(ev.text)
        for k, t in st.recent:
            if k == key and now - t < cfg.duplicate_window_s:
                return Verdict(Fate.DROPPED, f"duplicate spam: same message within {cfg.duplicate_window_s:g} s")
        if len(st.times) == cfg.rate_limit and now - st.times[0] < cfg.rate_window_s:
            return Verdict(Fate.DROPPED, f"rate-limited: over {cfg.rate_limit} messages in {cfg.rate_window_s:g} s")
        _push(st.times, now, cfg.rate_limit)
        _push(st.recent, (key, now), RECENT)
        return None

    def knows(self, user_id: str, now: float | None = None) -> bool:
        """Has this viewer chatted in the show lately (within known_for_s, among the last max_users)?"""
        t = self._known.get(user_id)
        return t is not None and (now is None or now - t < self.config.known_for_s)

    def tracked_users(self) -> int:
        """Viewers remembered as having chatted lately (one timestamp each)."""
        return len(self._known)

    def rate_states(self) -> int:
        """Viewers whose rate and repeat state is held (those who chatted within the windows)."""
        return len(self._users)
