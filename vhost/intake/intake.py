"""The Intake facade the director calls: submit every event, ask for the next reply or thanks.

Policy choices (documented for the director and writer):
- chat text is always quoted data; a free message marked as prompt injection is DROPPED
  ("prompt injection: ...") unless IntakeConfig.answer_injections; a paid one is still
  picked with injection=True so the payer is acknowledged without the text being obeyed;
- superchats are never stale before their window ends and are offered in every chat mode
  once they are within urgent_window_s of their deadline (chat_mode "none" included);
- likes are counted (DROPPED "counted"), enters and system events DROPPED "not answered".
"""

from __future__ import annotations

import re
from collections import Counter, deque
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from vhost.events import COMMERCE_KINDS, ChatEvent, EventKind, Fate
from vhost.intake.classify import ProductMatcher, is_question
from vhost.intake.cluster import Cluster, cluster_key
from vhost.intake.config import IntakeConfig
from vhost.intake.folding import detect_lang
from vhost.intake.gifts import GiftBatcher, ThanksBatch
from vhost.intake.injection import find_injection
from vhost.intake.ledger import Ledger
from vhost.intake.moderation import Moderator
from vhost.intake.pool import Pool
from vhost.intake.scoring import cluster_score, explain, static_score
from vhost.persona.model import Persona

CHAT_MODES = ("all", "questions", "paid", "none")
_EMOTICONS = re.compile(r"(?:\[[^\[\]\s]{1,24}\]\s*)+")  # "[dog][热]": Bilibili emoticons as text
_THANKED_KINDS = frozenset({EventKind.GIFT, EventKind.GUARD, EventKind.FOLLOW})


@dataclass(frozen=True)
class Pick:
    event: ChatEvent  # the representative message (best of its cluster)
    merged: tuple[ChatEvent, ...]  # others in the same cluster, answered together
    score: float
    lang: str  # zh-Hans | zh-Hant | en
    injection: bool  # marked as a prompt-injection attempt: acknowledge, never obey
    product_id: str | None  # product the question is about, if any
    reason: str = ""  # why it won (for logs)
    speak_name: bool = True  # False: the viewer's name is masked, spam or abuse; say "a viewer" instead


class Intake:
    def __init__(self, persona: Persona, ledger: Ledger, config: IntakeConfig | None = None) -> None:
        self.config = config or IntakeConfig()
        self.ledger = ledger
        self._mod = Moderator(persona, self.config)
        self.set_persona(persona)
        c = self.config
        self._gifts = GiftBatcher(
            settle_s=c.gift_settle_s,
            max_wait_s=c.gift_max_wait_s,
            big_cny=c.big_gift_cny,
            max_batch=c.max_gift_batch,
            names=c.thanks_names,
        )
        self._next_index = 0
        self._pool = Pool(c, lambda ev, reason: self._fate(ev, Fate.DROPPED, reason))
        self._likes = 0
        self._like_total = 0  # as the platform reports it (Bilibili LIKE_INFO_V3_UPDATE)
        self._watched = 0
        self._last_expire = float("-inf")
        self._enters = 0
        self._entrants: deque[str] = deque(maxlen=50)  # names of viewers who came in since the last welcome
        self._asked_at: deque[float] = deque(maxlen=256)  # when questions arrived (how fast the room asks)
        self._counts: Counter[str] = Counter()  # per reason category, bounded by the set of categories
        self._largest: list[int] = []  # sizes of the largest clusters handed out (top 5)
        # the show's plays (vhost.plays.Plays.see): every viewer event after moderation, with the reason
        # of a BLOCKED verdict; a reason back means the message was a play's (a lottery keyword, 砍)
        self.plays: Callable[[ChatEvent, float, str | None], str | None] | None = None

    # -- configuration ---------------------------------------------------------------
    def set_persona(self, persona: Persona) -> None:
        """Hot reload: new terms also apply to what is already waiting."""
        self.persona = persona
        self._mod.set_persona(persona)
        self._products = ProductMatcher(persona)
        zh = [x for x in persona.identity.languages if x.startswith("zh")]
        self._default_zh = zh[0] if zh else "zh-Hans"
        for cl in getattr(self, "_pool", ()):
            keep = []
            for m in cl.members:
                v = self._mod.content(m[2].text)
                if v is None:
                    keep.append(m)
                else:
                    self._fate(m[2], v.fate, v.reason)
            cl.members[:] = keep
            if not keep:
                self._pool.remove(cl)

    def block_user(self, user_id: str) -> None:
        self._mod.block_user(user_id)

    # -- intake ----------------------------------------------------------------------
    def submit(self, ev: ChatEvent, now: float, *, again: bool = False) -> ChatEvent:
        """Index, record and triage one event. again=True: an event of this show handed in
        once more after a restart (it keeps its index and time)."""
        if again:
            self._next_index = max(self._next_index, ev.index + 1)
        else:
            ev = replace(ev, index=self._next_index, t=ev.t or now)
            self._next_index += 1
        self.ledger.record(ev)
        if now - self._last_expire >= 1.0:
            self._last_expire = now
            self._pool.expire(now)
        kind = ev.kind
        if kind is EventKind.LIKE:
            if ev.text == "like_total" and not ev.user.id:  # the room's running total, not a delta
                self._like_total = max(self._like_total, ev.count)
            else:
                self._likes += max(ev.count, 1)
            self._fate(ev, Fate.DROPPED, "counted")
            self._play(ev, now)
        elif kind is EventKind.ENTER:
            self._enters += 1
            if self.name_ok(ev):
                self._entrants.append(ev.user.name)  # welcomed in a batch when the room is quiet
            self._fate(ev, Fate.DROPPED, "not answered")
        elif kind is EventKind.SYSTEM:
            self._system(ev, now)
        elif kind in COMMERCE_KINDS:  # orders and stock: the show's order book counts them
            self._fate(ev, Fate.DROPPED, "counted")
        elif kind in _THANKED_KINDS or (kind is EventKind.SUPERCHAT and not ev.text.strip()):
            self._thankable(ev, now)
        else:
            self._chat(ev, now)
        return ev

    def _fate(self, ev: ChatEvent, fate: Fate, reason: str) -> None:
        if self.ledger.fate(ev.index, fate, reason):
            self._counts[f"{fate.value}:{reason.split(':', 1)[0]}"] += 1

    def _system(self, ev: ChatEvent, now: float) -> None:
        self._fate(ev, Fate.DROPPED, "not answered")
        # the Bilibili source sends SUPER_CHAT_MESSAGE_DELETE as text "superchat_delete", id "1,2,3"
        if ev.text.startswith("watched:"):
            self._watched = max(self._watched, ev.count)
        if ev.text == "superchat_delete":
            for mid in filter(None, ev.id.split(",")):
                self.retract(mid, now)

    def _thankable(self, ev: ChatEvent, now: float) -> None:
        if self._mod.user_blocked(ev):
            self._fate(ev, Fate.BLOCKED, "user blocklist")
            self._play(ev, now, "user blocklist")
            return
        if self._gifts.full():
            self._fate(ev, Fate.DROPPED, "pool overflow: thanks backlog full")
        else:
            self._gifts.add(ev, now, speak_name=self.name_ok(ev))
        self._play(ev, now)

    def _play(self, ev: ChatEvent, now: float, blocked: str | None = None) -> str | None:
        return self.plays(ev, now, blocked) if self.plays is not None else None

    def name_ok(self, ev: ChatEvent) -> bool:
        """May this viewer's display name be said on air or put in a prompt?"""
        name = ev.user.name
        return bool(name) and not ev.user.masked and self._mod.content(name) is None and find_injection(name) is None

    def _chat(self, ev: ChatEvent, now: float) -> None:
        new_here = not self._mod.knows(ev.user.id, now)
        verdict = self._mod.check(ev, now)
        if verdict is not None:
            self._fate(ev, verdict.fate, verdict.reason)
            if verdict.fate is Fate.BLOCKED:
                self._play(ev, now, verdict.reason)
            return
        claimed = self._play(ev, now)
        if claimed:  # a lottery keyword or a 砍: counted by the play, not answered
            self._fate(ev, Fate.DROPPED, claimed)
            return
        text = ev.text.strip()
        if not text or _EMOTICONS.fullmatch(text):
            self._fate(ev, Fate.DROPPED, "empty: emoticon only" if text else "empty: nothing to answer")
            return
        inj = find_injection(ev.text)
        if inj is not None and not ev.paid and not self.config.answer_injections:
            self._fate(ev, Fate.DROPPED, f"prompt injection: not answered ({inj})")
            return
        product = self._products.find(ev.text)
        question = is_question(ev.text)
        if question:
            self._asked_at.append(now)
        w = self.config.weights
        static = static_score(w, ev, question=question, product=product, injection=inj is not None, new_here=new_here)
        deadline = None
        if ev.kind is EventKind.SUPERCHAT:
            deadline = now + (ev.duration_s if ev.duration_s > 0 else self.config.superchat_window_s)
        self._pool.add(
            ev,
            static,
            now,
            key=cluster_key(ev.text),
            product=product,
            lang=self._lang_of(ev),
            question=question,
            injection=inj is not None,
            deadline=deadline,
        )

    def _lang_of(self, ev: ChatEvent) -> str:
        lang = ev.lang if ev.lang in ("zh-Hans", "zh-Hant", "en") else detect_lang(ev.text)
        return self._default_zh if lang == "zh" else lang

    # -- the director's side -------------------------------------------------------------
    def next_reply(
        self,
        now: float,
        *,
        product_id: str | None = None,
        chat_mode: str = "all",
        questions_in: str | None = None,
        max_age_s: float | None = None,
        fresh_first: bool = False,
    ) -> Pick | None:
        """The best waiting message. questions_in="zh"|"en": only a question in that language
        family (the second and third of a grouped answer); max_age_s: only free messages asked
        (last) this recently: in a busy room the host answers what is fresh, not what scrolled away;
        fresh_first: the room keeps asking, so age weighs more (`Weights.age_loaded`)."""
        if chat_mode not in CHAT_MODES:
            raise ValueError(f"chat_mode must be one of {', '.join(CHAT_MODES)}, not {chat_mode!r}")

        def only(cl: Cluster) -> bool:
            if max_age_s is not None and cl.deadline is None and now - cl.last_t > max_age_s:
                return False
            if questions_in is None:
                return True
            return (
                cl.question
                and not cl.injection
                and cl.deadline is None
                and ("en" if cl.lang == "en" else "zh") == questions_in
            )

        best = self._pool.take_best(now, product_id, chat_mode, only, fresh_first)
        if best is None:
            return None
        score, cl = best
        if max_age_s is not None and cl.deadline is None and len(cl.members) > 1:
            # at this pace the earlier asks have scrolled away: the answer is for the recent ones
            for ev in cl.expire_before(now - max_age_s):
                self._pool._drop(ev, f"stale: older than {max_age_s:g} s at this pace")
        rep = cl.best()[1]
        self._largest = sorted([*self._largest, cl.size], reverse=True)[:5]
        return Pick(
            event=rep,
            merged=tuple(ev for _, _, ev in cl.members if ev is not rep),
            score=round(score, 3),
            lang=cl.lang if rep is cl.members[0][2] else self._lang_of(rep),
            injection=cl.injection,
            product_id=cl.product_id,
            reason=explain(cl, now, product_id),
            speak_name=self.name_ok(rep),
        )

    def waiting(self, now: float, limit: int = 20) -> list[dict[str, object]]:
        """What waits for an answer, best first (the operator console lists it)."""
        w = self.config.weights
        scored = sorted(((cluster_score(w, cl, now, None), cl) for cl in self._pool), key=lambda x: -x[0])
        out: list[dict[str, object]] = []
        for score, cl in scored[:limit]:
            ev = cl.best()[1]
            out.append({"index": ev.index, "user": ev.user.name if self.name_ok(ev) else "", "text": ev.text, "paid": ev.paid,
                        "value_cny": ev.value_cny, "asked": cl.size, "product": cl.product_id, "t": round(ev.t, 3), "score": round(score, 3)})  # fmt: skip
        return out

    def take(self, index: int, now: float) -> Pick | None:
        """The waiting message `index` (with its cluster), out of the pool as a Pick: the
        operator chose it to be answered next. None when it no longer waits."""
        cl = next((c for c in self._pool if any(ev.index == index for _, _, ev in c.members)), None)
        if cl is None:
            return None
        self._pool.remove(cl)
        rep = next(ev for _, _, ev in cl.members if ev.index == index)
        return Pick(event=rep, merged=tuple(ev for _, _, ev in cl.members if ev is not rep), score=0.0, lang=self._lang_of(rep),
                    injection=cl.injection, product_id=cl.product_id, reason="chosen by the operator", speak_name=self.name_ok(rep))  # fmt: skip

    def thanks_waiting(self, now: float) -> tuple[bool, float, bool]:
        """(a batch is ready, seconds its oldest event has waited, something big waits)."""
        g = self._gifts
        return g.ready(now), g.waited(now), g.big

    def take_thanks(self, now: float) -> ThanksBatch | None:
        return self._gifts.take(now)

    def retract(self, message_id: str, now: float, reason: str = "superchat deleted") -> bool:
        """A platform deleted a message (SUPER_CHAT_MESSAGE_DELETE): it must never be read out."""
        ev = self._pool.retract(message_id) or self._gifts.remove(message_id)
        if ev is None:
            return False
        self._fate(ev, Fate.DROPPED, reason)
        return True

    def pending(self) -> int:
        return len(self._pool)

    def paid_waiting(self) -> bool:
        return self._pool.paid()

    def backlog(self, now: float) -> int:
        """Questions and paid messages waiting for an answer."""
        return self._pool.questions(now)

    def asked_recently(self, now: float, window_s: float = 30.0) -> int:
        """Questions that arrived in the last `window_s` (answered or not): how fast the room asks."""
        return sum(1 for t in self._asked_at if now - window_s <= t <= now)

    def take_entrants(self) -> list[str]:
        """Names of viewers who entered since the last call (for a welcome)."""
        out = list(dict.fromkeys(self._entrants))
        self._entrants.clear()
        return out

    def entrants_waiting(self) -> int:
        return len(self._entrants)

    def likes_total(self) -> int:
        return max(self._like_total, self._likes)

    def requeue_thanks(self, events: tuple[ChatEvent, ...] | list[ChatEvent], now: float) -> None:
        """A thank-you cut before it was heard: its events wait for the next batch (never lost)."""
        for ev in events:
            self._gifts.add(ev, now, speak_name=self.name_ok(ev))

    def urgent(self, now: float) -> bool:
        return self._pool.urgent(now)

    def stats(self) -> dict[str, object]:
        blocked = {k.split(":", 1)[1]: n for k, n in self._counts.items() if k.startswith("blocked:")}
        dropped = {k.split(":", 1)[1]: n for k, n in self._counts.items() if k.startswith("dropped:")}
        return {
            "submitted": self._next_index,
            "likes": self._likes,
            "likes_room_total": max(self._like_total, self._likes),
            "watched": self._watched,
            "enters": self._enters,
            "pending": len(self._pool),
            "pending_events": self._pool.events(),
            "thanks_waiting": len(self._gifts),
            "blocked": blocked,
            "dropped": dropped,
            "largest_clusters": list(self._largest),
            "tracked_users": self._mod.tracked_users(),
            "rate_states": self._mod.rate_states(),
        }

    # -- resume (the show journal) ---------------------------------------------------------
    def counters(self) -> dict[str, Any]:
        return {"next_index": self._next_index, "likes": self._likes, "like_total": self._like_total, "watched": self._watched,
                "enters": self._enters, "counts": dict(self._counts), "largest": list(self._largest)}  # fmt: skip

    def restore_counters(self, c: dict[str, Any]) -> None:
        self._next_index = max(self._next_index, int(c.get("next_index", 0)))
        self._likes = int(c.get("likes", 0))
        self._like_total = int(c.get("like_total", 0))
        self._watched = int(c.get("watched", 0))
        self._enters = int(c.get("enters", 0))
        self._counts.update(c.get("counts", {}))
        self._largest = list(c.get("largest", []))

    def close(self, now: float) -> None:
        for cl in self._pool:
            self._pool.drop_cluster(cl, "show ended")
        for ev in self._gifts.drain():
            self._fate(ev, Fate.DROPPED, "show ended")
