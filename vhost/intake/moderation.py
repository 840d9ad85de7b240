"""Moderation: what may never reach a prompt or the air, and who is talking too much.

Content verdicts (BLOCKED) come from term lists, spam shapes, floods, the persona's own
banned words and taboo topics, and the user blocklist. Volume verdicts (DROPPED) come
from per-user rate limits and repeats; that state is an LRU bounded by max_users.
"""

from __future__ import annotations

from collections import OrderedDict, deque
from dataclasses import dataclass, field
from pathlib import Path

from vhost.events import ChatEvent, Fate
from vhost.intake.cluster import cluster_key
from vhost.intake.config import IntakeConfig
from vhost.intake.spam import find_spam, is_flood
from vhost.intake.terms import Term, TermMatcher, read_term_file
from vhost.persona.model import Persona


@dataclass(frozen=True, slots=True)
class Verdict:
    fate: Fate  # BLOCKED or DROPPED
    reason: str  # "spam: url", "blocklist: chat_blocklist.txt:5 (pinyin)", "rate-limited: ..."

    @property
    def category(self) -> str:
        return self.reason.split(":", 1)[0]


@dataclass(slots=True)
class _UserState:
    times: deque[float]
    recent: deque[tuple[str, float]] = field(default_factory=lambda: deque(maxlen=4))


def _list_category(path: Path) -> str:
    return "spam" if "spam" in path.stem else "blocklist"


class Moderator:
    def __init__(self, persona: Persona, config: IntakeConfig) -> None:
        self.config = config
        self._list_terms: list[Term] = []
        for p in config.lists:
            self._list_terms.extend(read_term_file(Path(p), _list_category(Path(p))))
        self._blocked_users = set(config.blocked_users)
        self._users: OrderedDict[str, _UserState] = OrderedDict()
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
        st = self._users.get(ev.user.id)
        if st is None:
            st = _UserState(deque(maxlen=cfg.rate_limit))
            self._users[ev.user.id] = st
            if len(self._users) > cfg.max_users:
                self._users.popitem(last=False)
        else:
            self._users.move_to_end(ev.user.id)
        key = cluster_key(ev.text)
        for k, t in st.recent:
            if k == key and now - t < cfg.duplicate_window_s:
                return Verdict(Fate.DROPPED, f"duplicate spam: same message within {cfg.duplicate_window_s:g} s")
        if len(st.times) == cfg.rate_limit and now - st.times[0] < cfg.rate_window_s:
            return Verdict(Fate.DROPPED, f"rate-limited: over {cfg.rate_limit} messages in {cfg.rate_window_s:g} s")
        st.times.append(now)
        st.recent.append((key, now))
        return None

    def knows(self, user_id: str) -> bool:
        """Has this viewer chatted recently (within the bounded user window)?"""
        return user_id in self._users

    def tracked_users(self) -> int:
        return len(self._users)
