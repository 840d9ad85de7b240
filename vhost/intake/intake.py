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

import math
import re
from collections import Counter, deque
from dataclasses import dataclass, replace

from vhost.events import ChatEvent, EventKind, Fate
from vhost.intake.classify import ProductMatcher, is_greeting, is_question
from vhost.intake.cluster import Cluster, bigrams, cluster_key, similar
from vhost.intake.config import IntakeConfig
from vhost.intake.folding import detect_lang
from vhost.intake.gifts import GiftBatcher, ThanksBatch
from vhost.intake.injection import find_injection
from vhost.intake.ledger import Ledger
from vhost.intake.moderation import Moderator
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
        self._next_cluster = 0
        self._pool: dict[int, Cluster] = {}
        self._by_key: dict[tuple[str, str | None], int] = {}
        self._recent: deque[int] = deque(maxlen=c.cluster_scan)
        self._likes = 0
        self._last_expire = float("-inf")
        self._enters = 0
        self._counts: Counter[str] = Counter()  # per reason category, bounded by the set of categories
        self._largest: list[int] = []  # sizes of the largest clusters handed out (top 5)

    # -- configuration ---------------------------------------------------------------
    def set_persona(self, persona: Persona) -> None:
        """Hot reload: new terms also apply to what is already waiting."""
        self.persona = persona
        self._mod.set_persona(persona)
        self._products = ProductMatcher(persona)
        zh = [x for x in persona.identity.languages if x.startswith("zh")]
        self._default_zh = zh[0] if zh else "zh-Hans"
        for cl in list(getattr(self, "_pool", {}).values()):
            keep = []
            for m in cl.members:
                v = self._mod.content(m[2].text)
                if v is None:
                    keep.append(m)
                else:
                    self._fate(m[2], v.fate, v.reason)
            cl.members[:] = keep
            if not keep:
                self._remove(cl)

    def block_user(self, user_id: str) -> None:
        self._mod.block_user(user_id)

    # -- intake ----------------------------------------------------------------------
    def submit(self, ev: ChatEvent, now: float) -> ChatEvent:
        ev = replace(ev, index=self._next_index, t=ev.t or now)
        self._next_index += 1
        self.ledger.record(ev)
        if now - self._last_expire >= 1.0:
            self._expire(now)
        kind = ev.kind
        if kind is EventKind.LIKE:
            self._likes += max(ev.count, 1)
            self._fate(ev, Fate.DROPPED, "counted")
        elif kind is EventKind.ENTER:
            self._enters += 1
            self._fate(ev, Fate.DROPPED, "not answered")
        elif kind is EventKind.SYSTEM:
            self._system(ev, now)
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
        if ev.text == "superchat_delete":
            for mid in filter(None, ev.id.split(",")):
                self.retract(mid, now)

    def _thankable(self, ev: ChatEvent, now: float) -> None:
        if self._mod.user_blocked(ev):
            self._fate(ev, Fate.BLOCKED, "user blocklist")
        elif self._gifts.full():
            self._fate(ev, Fate.DROPPED, "pool overflow: thanks backlog full")
        else:
            self._gifts.add(ev, now, speak_name=self.name_ok(ev))

    def name_ok(self, ev: ChatEvent) -> bool:
        """May this viewer's display name be said on air or put in a prompt?"""
        name = ev.user.name
        return bool(name) and not ev.user.masked and self._mod.content(name) is None and find_injection(name) is None

    def _chat(self, ev: ChatEvent, now: float) -> None:
        new_here = not self._mod.knows(ev.user.id)
        verdict = self._mod.check(ev, now)
        if verdict is not None:
            self._fate(ev, verdict.fate, verdict.reason)
            return
        if not ev.text.strip():
            self._fate(ev, Fate.DROPPED, "empty: nothing to answer")
            return
        if _EMOTICONS.fullmatch(ev.text.strip()):
            self._fate(ev, Fate.DROPPED, "empty: emoticon only")
            return
        inj = find_injection(ev.text)
        if inj is not None and not ev.paid and not self.config.answer_injections:
            self._fate(ev, Fate.DROPPED, f"prompt injection: not answered ({inj})")
            return
        product = self._products.find(ev.text)
        question = is_question(ev.text)
        static = self._static_score(ev, question, product, inj is not None, new_here=new_here)
        lang = ev.lang if ev.lang in ("zh-Hans", "zh-Hant", "en") else detect_lang(ev.text)
        if lang == "zh":
            lang = self._default_zh
        paid = ev.kind is EventKind.SUPERCHAT
        key = cluster_key(ev.text)
        cl = None if paid or inj else self._find_cluster(key, product, now)
        if cl is None:
            cl = Cluster(
                id=self._next_cluster,
                key=key,
                grams=bigrams(key),
                product_id=product,
                lang=lang,
                question=question,
                paid=paid,
                injection=inj is not None,
                first_t=now,
                last_t=now,
            )
            if paid:
                window = ev.duration_s if ev.duration_s > 0 else self.config.superchat_window_s
                cl.deadline = now + window
            self._next_cluster += 1
            self._pool[cl.id] = cl
            if not paid and not inj:
                self._by_key[(key, product)] = cl.id
                self._recent.append(cl.id)
        cl.add(static, ev, now)
        cl.question = cl.question or question
        if len(self._pool) > self.config.max_pending:
            self._evict(now)

    def _find_cluster(self, key: str, product: str | None, now: float) -> Cluster | None:
        cfg = self.config
        horizon = now - cfg.cluster_window_s
        cid = self._by_key.get((key, product))
        cl = self._pool.get(cid) if cid is not None else None
        if cl is not None and cl.last_t >= horizon and cl.size < cfg.max_cluster:
            return cl
        grams = bigrams(key)
        for cid in reversed(self._recent):
            cl = self._pool.get(cid)
            if (
                cl is not None
                and cl.product_id == product
                and cl.last_t >= horizon
                and cl.size < cfg.max_cluster
                and similar(grams, cl.grams, cfg.cluster_similarity)
            ):
                return cl
        return None

    def _static_score(
        self, ev: ChatEvent, question: bool, product: str | None, injection: bool, *, new_here: bool = False
    ) -> float:
        w = self.config.weights
        s = w.base
        if question:
            s += w.question
        elif is_greeting(ev.text):
            s += w.greeting
        if product is not None:
            s += w.product_mention
        if ev.user.first_time:
            s += w.first_time
        elif new_here:
            s += w.new_in_show
        if 1 <= ev.user.guard_level <= 3:
            s += w.guard * (4 - ev.user.guard_level)
        if ev.paid:
            s += w.paid * math.log1p(ev.value_cny)
        if ev.kind is EventKind.SUPERCHAT:
            s += w.superchat
        if injection:
            s += w.injection
        return s

    # -- scoring and picking -----------------------------------------------------------
    def _score(self, cl: Cluster, now: float, product_id: str | None) -> float:
        w = self.config.weights
        s = cl.best()[0] + w.cluster * math.log2(cl.size) - w.age * max(0.0, now - cl.last_t)
        if product_id is not None and cl.product_id == product_id:
            s += w.product_on_stage
        if cl.deadline is not None:
            window = max(cl.deadline - cl.first_t, 1e-6)
            s += w.deadline * min(1.0, max(0.0, (now - cl.first_t) / window))
        return s

    def _remove(self, cl: Cluster) -> None:
        self._pool.pop(cl.id, None)
        k = (cl.key, cl.product_id)
        if self._by_key.get(k) == cl.id:
            del self._by_key[k]

    def _drop_cluster(self, cl: Cluster, reason: str) -> None:
        self._remove(cl)
        for _, _, ev in cl.members:
            self._fate(ev, Fate.DROPPED, reason)

    def _expire(self, now: float) -> None:
        self._last_expire = now
        cfg = self.config
        for cl in list(self._pool.values()):
            if cl.deadline is not None:
                if now > cl.deadline + cfg.superchat_grace_s:
                    window = cl.deadline - cl.first_t
                    self._drop_cluster(cl, f"superchat deadline missed: not acknowledged within {window:g} s")
            else:
                # each ask goes stale on its own; a cluster people keep asking stays open
                for ev in cl.expire_before(now - cfg.stale_after_s):
                    self._fate(ev, Fate.DROPPED, f"stale: older than {cfg.stale_after_s:g} s")
                if not cl.members:
                    self._remove(cl)

    def _evict(self, now: float) -> None:
        self._expire(now)
        excess = len(self._pool) - self.config.max_pending
        if excess <= 0:
            return
        free = [c for c in self._pool.values() if c.deadline is None]
        free.sort(key=lambda c: self._score(c, now, None))
        # evict a tenth more than needed so a burst does not rescan the pool on every message
        for cl in free[: excess + self.config.max_pending // 10]:
            self._drop_cluster(cl, "pool overflow: lower score than everything waiting")

    def _eligible(self, cl: Cluster, now: float, chat_mode: str) -> bool:
        if chat_mode == "all":
            return True
        if chat_mode == "questions":
            return cl.question or cl.deadline is not None or cl.product_id is not None
        if chat_mode == "paid":
            return cl.deadline is not None
        return cl.deadline is not None and cl.deadline - now <= self.config.urgent_window_s

    def next_reply(self, now: float, *, product_id: str | None = None, chat_mode: str = "all") -> Pick | None:
        if chat_mode not in CHAT_MODES:
            raise ValueError(f"chat_mode must be one of {', '.join(CHAT_MODES)}, not {chat_mode!r}")
        self._expire(now)
        best: tuple[float, Cluster] | None = None
        for cl in self._pool.values():
            if not self._eligible(cl, now, chat_mode):
                continue
            s = self._score(cl, now, product_id)
            if best is None or s > best[0]:
                best = (s, cl)
        if best is None:
            return None
        score, cl = best
        self._remove(cl)
        rep = cl.best()[1]
        merged = tuple(ev for _, _, ev in cl.members if ev is not rep)
        self._largest = sorted([*self._largest, cl.size], reverse=True)[:5]
        return Pick(
            event=rep,
            merged=merged,
            score=round(score, 3),
            lang=cl.lang if rep is cl.members[0][2] else self._lang_of(rep),
            injection=cl.injection,
            product_id=cl.product_id,
            reason=self._why(cl, now, product_id),
            speak_name=self.name_ok(rep),
        )

    def _lang_of(self, ev: ChatEvent) -> str:
        lang = ev.lang if ev.lang in ("zh-Hans", "zh-Hant", "en") else detect_lang(ev.text)
        return self._default_zh if lang == "zh" else lang

    def _why(self, cl: Cluster, now: float, product_id: str | None) -> str:
        parts = []
        if cl.deadline is not None:
            parts.append(f"superchat, {max(0.0, cl.deadline - now):.0f} s to deadline")
        if cl.question:
            parts.append("question")
        if cl.product_id:
            parts.append(f"about {cl.product_id}" + (" (on stage)" if cl.product_id == product_id else ""))
        if cl.size > 1:
            parts.append(f"{cl.size} asked")
        if cl.injection:
            parts.append("marked injection")
        return ", ".join(parts) or "chat"

    def take_thanks(self, now: float) -> ThanksBatch | None:
        return self._gifts.take(now)

    def retract(self, message_id: str, now: float, reason: str = "superchat deleted") -> bool:
        """A platform deleted a message (SUPER_CHAT_MESSAGE_DELETE): it must never be read out."""
        for cl in list(self._pool.values()):
            for i, (_, _, ev) in enumerate(cl.members):
                if ev.id == message_id:
                    del cl.members[i]
                    self._fate(ev, Fate.DROPPED, reason)
                    if not cl.members:
                        self._remove(cl)
                    return True
        ev = self._gifts.remove(message_id)
        if ev is not None:
            self._fate(ev, Fate.DROPPED, reason)
            return True
        return False

    def pending(self) -> int:
        return len(self._pool)

    def urgent(self, now: float) -> bool:
        cfg = self.config
        for cl in self._pool.values():
            if cl.deadline is not None and cl.deadline - now <= cfg.urgent_window_s:
                return True
            if cl.deadline is None and now - cl.last_t <= cfg.stale_after_s and self._score(cl, now, None) >= cfg.urgent_score:
                return True
        return False

    def stats(self) -> dict[str, object]:
        blocked = {k.split(":", 1)[1]: n for k, n in self._counts.items() if k.startswith("blocked:")}
        dropped = {k.split(":", 1)[1]: n for k, n in self._counts.items() if k.startswith("dropped:")}
        return {
            "submitted": self._next_index,
            "likes": self._likes,
            "enters": self._enters,
            "pending": len(self._pool),
            "pending_events": sum(c.size for c in self._pool.values()),
            "thanks_waiting": len(self._gifts),
            "blocked": blocked,
            "dropped": dropped,
            "largest_clusters": list(self._largest),
            "tracked_users": self._mod.tracked_users(),
        }

    def close(self, now: float) -> None:
        for cl in list(self._pool.values()):
            self._drop_cluster(cl, "show ended")
        for ev in self._gifts.drain():
            self._fate(ev, Fate.DROPPED, "show ended")
