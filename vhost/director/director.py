"""The director decides what the host says next.

Order of precedence: the operator's typed lines; the best pending question or paid
message (intake's triage decides which); gift thanks in batches; the rundown segment's
script; a product pitch (generated, at most every `pitch_every_s`); a quiet-chat line.
It never speaks for the sake of it: with nothing worth saying it waits a moment.
"""

from __future__ import annotations

import collections
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from vhost.clock import Clock
from vhost.director.pacing import (
    GROUP,
    GROUP_PART_S,
    LOADED_ASKS,
    LOADED_WINDOW_S,
    THANKS_DUE_S,
    WELCOME_EVERY_S,
    WELCOME_MIN,
    Pace,
    like_line,
    like_milestone,
    pace,
    thanks_due,
    thanks_size,
    welcome_line,
)
from vhost.director.thanks import guard_line
from vhost.director.thanks import phrase as thanks_phrase
from vhost.events import Fate
from vhost.intake.intake import Intake, Pick, ThanksBatch
from vhost.intake.ledger import Ledger
from vhost.persona.model import Persona, Product, Segment
from vhost.persona.templates import format_price, render
from vhost.persona.variables import product_variables, time_of_day
from vhost.plays import Plays
from vhost.stage.utterance import new_id
from vhost.text.fold import fold
from vhost.writer.writer import WriteJob

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DirectorConfig:
    pitch_every_s: float = 30.0
    quiet_after_s: float = 2.0  # a breath, not dead air: an unmanned show is never silent for more than ~3 s
    memory_lines: int = 8
    thanks_every_s: float = 15.0  # gifts waiting longer than this go before ordinary questions
    repeat_window_s: float = 12.0  # the same question again within this window joins the answer just given
    # the same answer asked in other words ("耳機多少錢" after "X1現在多少") within this window joins it too,
    # when the director is given what answers a question (Director(meaning=...)); a paid message never does
    same_answer_window_s: float = 30.0
    # unmanned: when every quiet line was said lately, the one said longest ago is said again rather
    # than dead air until the next pitch; next to a human anchor, a gap is the anchor's to fill
    repeat_quiet: bool = True
    # this many questions in the last 30 s make answers short even with nothing waiting (None: never)
    loaded_asks: int | None = LOADED_ASKS





class Director:
    def __init__(self, persona: Persona, intake: Intake, ledger: Ledger, clock: Clock, config: DirectorConfig | None = None,
                 plays: Plays | None = None, meaning: Callable[[str, str, str | None], str | None] | None = None) -> None:  # fmt: skip
        self.persona = persona
        # (question, lang, product on stage) -> what answers it ("said:x1-earbuds|price|"), None when it is personal,
        # a correction or not known: the writer's understanding (Writer.answer_key)
        self.meaning = meaning
        self.plays = plays  # lottery, bargain, flash sale: started by segments, said ahead of chat
        self.intake = intake
        self.ledger = ledger
        self.clock = clock
        self.config = config or DirectorConfig()
        self.memory: collections.deque[str] = collections.deque(maxlen=self.config.memory_lines)
        self._heard: collections.deque[str] = collections.deque(maxlen=3)  # the anchor's latest turns (a turn may come as two)
        self._operator: collections.deque[tuple[str, str]] = collections.deque(maxlen=32)
        self._seg_idx = -1
        self._seg_start = 0.0
        self._script_pos = 0
        self._quiet_pos = 0
        self._last_pitch = -1e9
        self._last_end = 0.0
        self._rundown_t0 = 0.0
        self.counters: collections.Counter[str] = collections.Counter()
        self._pending_persona: Persona | None = None
        self._last_thanks = 0.0
        self._last_welcome = -1e9
        self._likes_said = 0  # the highest like milestone said
        self._held = False
        # (folded question, utterance id, program time) of recent answers, bounded
        self._answered: collections.deque[tuple[str, str, float]] = collections.deque(maxlen=64)
        # co-hosting (vhost.cohost): jobs asked for by the operator or the anchor, go before chat;
        # the product pinned on stage; whether the AI may speak unasked now (assist mode)
        self._asked: collections.deque[tuple[str, str, Any]] = collections.deque(maxlen=32)
        self._pin: str | None = None
        self._pinned: tuple[tuple[str | None, str], Segment] | None = None
        self.may_volunteer: Callable[[float], bool] = lambda now: True

    # -- control ---------------------------------------------------------------------------
    def set_persona(self, persona: Persona) -> None:
        """Applied at the next utterance boundary (the next call to next_job)."""
        self._pending_persona = persona

    @property
    def held(self) -> bool:
        return self._held

    def hold(self, on: bool = True) -> None:
        """While held (a human anchor is talking), only the operator's typed lines are spoken;
        questions keep queueing and are answered after resume."""
        self._held = on

    def say(self, text: str) -> None:
        """An operator's typed line: spoken next (still guarded, warn-only by default)."""
        self._operator.append((new_id(), text))

    def ask(self, kind: str, utterance_id: str, what: Any = None) -> None:
        """Asked for, said next after typed lines, held or not: ("reply", Pick) answers that
        message, ("reply", None) the best waiting one, ("pitch", Product) pitches it."""
        self._asked.append((kind, utterance_id, what))

    def pin(self, product_id: str | None) -> None:
        """The product on stage until unpinned, whatever the rundown says (its script, about
        another product, is skipped meanwhile)."""
        self._pin = product_id

    @property
    def pinned(self) -> str | None:
        return self._pin

    def heard(self, text: str) -> None:
        """What the anchor said: in memory, so it is not said again."""
        self.memory.append(text)
        self._heard.append(text)

    def _pinned_segment(self, seg: Segment | None) -> Segment | None:
        if self._pin is None or (seg is not None and seg.product == self._pin):
            return seg
        key = (seg.id if seg else None, self._pin)
        if self._pinned is None or self._pinned[0] != key:
            base = seg or Segment(id="pinned", kind="pitch", title="pinned")
            self._pinned = (key, base.model_copy(update={"product": self._pin, "script": [], "quiet": [], "loop_script": False}))
        return self._pinned[1]

    def _asked_job(self, seg: Segment | None, now: float) -> WriteJob | None:
        while self._asked:
            kind, uid, what = self._asked.popleft()
            if kind == "pitch" and what is not None:
                self._last_pitch = now
                return self._job("pitch", now, utterance_id=uid, lang=self.lang(), product=what, segment=seg)
            pick = what if what is not None else self._next_pick(now, seg, "all")
            if pick is not None:
                return self._reply(pick, seg, now, utterance_id=uid)
        return None

    # -- rundown ---------------------------------------------------------------------------
    def segment(self, now: float) -> Segment | None:
        segs = self.persona.rundown.segments
        if not segs:
            return self._pinned_segment(None)
        total = sum(s.duration_s for s in segs)
        el = now - self._rundown_t0
        if el >= total and not self.persona.rundown.loop:
            idx, start = len(segs) - 1, self._rundown_t0 + total - segs[-1].duration_s
        else:
            loops, el = divmod(el, total)
            start = self._rundown_t0 + loops * total
            idx = 0
            while el >= segs[idx].duration_s:
                el -= segs[idx].duration_s
                start += segs[idx].duration_s
                idx += 1
        if (idx, start) != (self._seg_idx, self._seg_start):
            self._seg_idx, self._seg_start, self._script_pos = idx, start, 0
            log.info("segment %s at %.1f s", segs[idx].id, now)
            if self.plays is not None:
                self.plays.segment_started(segs[idx], now)
        return self._pinned_segment(segs[idx])

    def end_segment(self, now: float) -> None:
        """End the segment on now (its flash sale or product sold out): the rundown moves on."""
        seg = self.segment(now)
        if seg is not None:
            self._rundown_t0 -= max(0.0, self._seg_start + seg.duration_s - now)

    def variables(self, now: float, product: Product | None, **extra: Any) -> dict[str, Any]:
        """The template variables of the persona contract (vhost.persona.variables)."""
        at = self.persona.now()
        v: dict[str, Any] = {
            "address": self.persona.identity.address,
            "host": self.persona.identity.name,
            "segment": self._seg_idx,
            "time_of_day": time_of_day(at),
            "counters": dict(self.counters),
            **product_variables(product, at, self.plays),
        }
        v.update(extra)
        return v

    def _render(self, template: str, variables: dict[str, Any]) -> str | None:
        try:
            return render(template, variables)
        except Exception as e:  # a broken template is skipped, never spoken
            log.warning("template skipped: %s", e)
            return None

    def lang(self, pick_lang: str | None = None) -> str:
        langs = self.persona.identity.languages
        first = langs[0] if langs else "zh-Hant"
        if self.persona.identity.pin_language or not pick_lang:
            return first
        if pick_lang == "zh":
            return first if first.startswith("zh") else next((x for x in langs if x.startswith("zh")), "zh-Hant")
        return pick_lang

    # -- decisions -------------------------------------------------------------------------
    def _job(self, kind: str, now: float, **kw: Any) -> WriteJob:
        self.counters[kind] += 1
        return WriteJob(kind=kind, utterance_id=kw.pop("utterance_id", None) or new_id(), memory=self._memory(), **kw)

    def _memory(self) -> tuple[str, ...]:
        """What was said, for the prompt (which reads the latest few): the anchor's last turns stay among
        them however many short lines (fillers) came after, so the host keeps the anchor's context."""
        return (*(m for m in self.memory if m not in self._heard), *self._heard)

    def _reply(self, pick: Pick, seg: Segment | None, now: float, utterance_id: str | None = None, *,
               group: tuple[Pick, ...] = (), brief: int = 0) -> WriteJob:  # fmt: skip
        product = self.persona.product(pick.product_id) or (self.persona.product(seg.product) if seg else None)
        job = self._job("reply", now, utterance_id=utterance_id, lang=self.lang(pick.lang), pick=pick, product=product, segment=seg,
                        group=group, brief=brief)  # fmt: skip
        for p in (pick, *group):
            self._answered.append((fold(p.event.text), job.utterance_id, now))
            if said := self._said(p, seg):
                self._answered.append((said, job.utterance_id, now))
        return job

    def _thanks(self, batch: ThanksBatch, seg: Segment | None, now: float, p: Pace | None = None) -> WriteJob | None:
        """One short line: a few names, the gifts in words, guards as the platform names them."""
        lang = self.lang()
        en = lang == "en"
        p = p or pace(0)
        names, gifts = thanks_size(p)
        said = thanks_phrase(batch, en=en, address=self.persona.identity.address, names=names, gifts=gifts, brief=p.backlog > 0)
        tiers = sorted(self.persona.thanks, key=lambda t: t.min_cny)
        tier = next((t for t in reversed(tiers) if batch.top_value_cny >= t.min_cny), tiers[0] if tiers else None)
        line = None
        if said.guard:
            line = guard_line(said, en=en)
        elif tier is not None:
            line = self._render(
                tier.template,
                self.variables(
                    now,
                    None,
                    viewer=said.viewer,
                    gift=said.gift,
                    total=format_price(batch.total_cny),
                    count=len(batch.events),
                ),
            )
        return self._job(
            "thanks", now, lang=lang, thanks=batch, segment=seg, lines=(line,) if line else (), generate=line is None, brief=p.brief
        )

    def _script(self, seg: Segment, now: float) -> WriteJob | None:
        product = self.persona.product(seg.product)
        if seg.loop_script and seg.script and self._script_pos >= len(seg.script) and now - self._last_end >= self.config.quiet_after_s:
            self._script_pos = 0  # say the script again from the top once chat has been quiet a while
        while self._script_pos < len(seg.script):
            line = self._render(seg.script[self._script_pos], self.variables(now, product))
            self._script_pos += 1
            if line:
                return self._job("script", now, lang=self.lang(), product=product, segment=seg, lines=(line,), generate=False)
        return None

    def _quiet(self, seg: Segment | None, now: float) -> WriteJob | None:
        product = self.persona.product(seg.product) if seg else None
        pool: list[str] = list(seg.quiet) if seg else []
        pool += self.persona.fillers
        if product:
            pool += [f"{product.name}，{p}。" for p in product.selling_points]
        if not pool:
            return None
        again: tuple[int, str] | None = None
        for _ in range(len(pool)):
            tmpl = pool[self._quiet_pos % len(pool)]
            self._quiet_pos += 1
            line = self._render(tmpl, self.variables(now, product))
            if line and line not in self.memory:
                return self._job("filler", now, lang=self.lang(), product=product, segment=seg, lines=(line,), generate=False)
            if line and self.config.repeat_quiet:
                said = max(i for i, m in enumerate(self.memory) if m == line)
                if again is None or said < again[0]:
                    again = (said, line)
        if again is not None:
            return self._job("filler", now, lang=self.lang(), product=product, segment=seg, lines=(again[1],), generate=False)
        return None

    async def next_job(self, now: float) -> WriteJob | None:
        job = await self.next_priority_job(now)
        if job is not None or self._held or not self.may_volunteer(now):
            return job
        seg = self.segment(now)
        if seg is not None and self.plays is not None and self.plays.over(seg, now):
            self.end_segment(now)
            seg = self.segment(now)
        if seg is not None:
            job = self._script(seg, now)
            if job is not None:
                return job
            product = self.persona.product(seg.product)
            if product is not None and now - self._last_pitch >= self.config.pitch_every_s:
                self._last_pitch = now
                return self._job("pitch", now, lang=self.lang(), product=product, segment=seg)
        if now - self._last_end >= self.config.quiet_after_s:
            return self._room_line(seg, now) or self._quiet(seg, now)
        return None

    def _room_line(self, seg: Segment | None, now: float) -> WriteJob | None:
        """When the room is calm: a like milestone, or a welcome to the viewers who came in."""
        if self.intake.backlog(now) > 0:
            return None
        lang = self.lang()
        en, address = lang == "en", self.persona.identity.address
        milestone = like_milestone(self.intake.likes_total(), self._likes_said)
        if milestone is not None:
            self._likes_said = milestone
            return self._job(
                "filler",
                now,
                lang=lang,
                segment=seg,
                lines=(like_line(milestone, en=en, address=address),),
                generate=False,
            )
        if self.intake.entrants_waiting() >= WELCOME_MIN and now - self._last_welcome >= WELCOME_EVERY_S:
            self._last_welcome = now
            names = self.intake.take_entrants()
            return self._job("filler", now, lang=lang, segment=seg, lines=(welcome_line(names, en=en, address=address),), generate=False,
                             names=tuple(names))  # fmt: skip
        return None

    async def next_priority_job(self, now: float, thanks: bool = True) -> WriteJob | None:
        """Only what may cut in ahead of small talk: an operator line, a reply, gift thanks
        (thanks=False: not thanks, which wait for the line on air to end)."""
        if self._pending_persona is not None:
            self.persona, self._pending_persona = self._pending_persona, None
            self.intake.set_persona(self.persona)
        if self._operator:
            uid, text = self._operator.popleft()
            return self._job("human", now, utterance_id=uid, lang=self.lang(), lines=(text,), generate=False)
        seg = self.segment(now)
        if self._asked:
            job = self._asked_job(seg, now)
            if job is not None:
                return job
        if self._held or not self.may_volunteer(now):
            return None
        if self.plays is not None and (said := self.plays.next_line(now)) is not None:
            product = self.persona.product(said.product) if said.product else None
            return self._job(said.kind, now, lang=self.lang(), product=product, segment=seg, lines=said.lines, generate=False,
                             numbers=said.numbers, names=said.names)  # fmt: skip
        mode = seg.chat if seg else "all"
        p = pace(self.intake.backlog(now), self.intake.asked_recently(now, LOADED_WINDOW_S), self.config.loaded_asks)
        ready, waited, big = self.intake.thanks_waiting(now)
        # a paid message is read before thanks (while the segment takes chat at all)
        paid_first = mode != "none" and self.intake.paid_waiting() and waited < THANKS_DUE_S
        if thanks and ready and not paid_first and thanks_due(p, ready, waited, big, now - self._last_thanks, reply_waiting=p.backlog > 0):
            batch = self.intake.take_thanks(now)
            if batch is not None:
                self._last_thanks = now
                return self._thanks(batch, seg, now, p)
        # a room that keeps asking: the freshest question goes first (the one asked seconds ago is
        # still on the viewer's screen), ahead of one worth a little more asked earlier
        fresh = p.brief > 0
        pick = self._next_pick(now, seg, mode, max_age_s=p.fresh_s, fresh_first=fresh)
        if pick is not None:
            group: list[Pick] = []
            if GROUP[p.level] > 1 and not pick.event.paid and not pick.injection:
                family = "en" if pick.lang == "en" else "zh"
                while len(group) < GROUP[p.level] - 1:
                    # its part comes after the answers before it: it must still be fresh when it is heard
                    later = GROUP_PART_S * (len(group) + 1)
                    more = self._next_pick(now, seg, mode, questions_in=family, max_age_s=p.fresh_s - later, fresh_first=fresh)
                    if more is None:
                        break
                    group.append(more)
            return self._reply(pick, seg, now, group=tuple(group), brief=p.brief)
        batch = self.intake.take_thanks(now) if thanks else None
        if batch is not None:
            self._last_thanks = now
            return self._thanks(batch, seg, now, p)
        return None

    def _next_pick(self, now: float, seg: Segment | None, mode: str, questions_in: str | None = None,
                   max_age_s: float | None = None, fresh_first: bool = False) -> Pick | None:  # fmt: skip
        """The best pending question that was not just answered; repeats of an answer given
        moments ago are merged into that answer instead of being answered again."""
        for _ in range(16):
            pick = self.intake.next_reply(now, product_id=seg.product if seg else None, chat_mode=mode, questions_in=questions_in,
                                          max_age_s=max_age_s, fresh_first=fresh_first)  # fmt: skip
            if pick is None or pick.event.paid:
                return pick
            key = fold(pick.event.text)
            hit = next((a for a in self._answered if a[0] == key and now - a[2] <= self.config.repeat_window_s), None)
            why = "same question answered just now"
            if hit is None and (said := self._said(pick, seg)):
                hit = next((a for a in self._answered if a[0] == said and now - a[2] <= self.config.same_answer_window_s), None)
                why = "same answer said just now"  # "耳機多少錢" after "X1現在多少": not the X1's price four times a minute
            if hit is None:
                return pick
            for ev in (pick.event, *pick.merged):
                self.ledger.fate(ev.index, Fate.MERGED, reason=why, utterance=hit[1])
        return None

    def _said(self, pick: Pick, seg: Segment | None) -> str | None:
        """What answers a pick, as the writer's understanding keys it (None without one, or when it is personal)."""
        return self.meaning(pick.event.text, self.lang(pick.lang), seg.product if seg else None) if self.meaning is not None else None

    # -- resume (the show journal) -----------------------------------------------------------
    def position(self) -> dict[str, Any]:
        """Rundown position, counters and short memory: what a restarted show continues from."""
        return {
            "segment": [self._seg_idx, self._seg_start, self._script_pos], "quiet_pos": self._quiet_pos,
            "last_pitch": self._last_pitch, "last_end": self._last_end, "last_thanks": self._last_thanks,
            "rundown_t0": self._rundown_t0, "counters": dict(self.counters), "held": self._held,
            "memory": list(self.memory), "operator": list(self._operator), "answered": list(self._answered),
        }  # fmt: skip

    def restore_position(self, p: dict[str, Any]) -> None:
        self._seg_idx, self._seg_start, self._script_pos = p["segment"]
        self._quiet_pos = p["quiet_pos"]
        self._last_pitch, self._last_end, self._last_thanks = p["last_pitch"], p["last_end"], p["last_thanks"]
        self._rundown_t0 = p["rundown_t0"]
        self.counters.update(p["counters"])
        self._held = p["held"]
        self.memory.extend(p["memory"])
        self._operator.extend((uid, text) for uid, text in p["operator"])
        self._answered.extend((key, uid, t) for key, uid, t in p["answered"])

    # -- feedback --------------------------------------------------------------------------
    def on_played(self, job: WriteJob, lines: list[str] | tuple[str, ...], start_s: float | None, end_s: float | None, interrupted: bool = False) -> None:
        """What was actually heard: memory, and the fates of the events it answered."""
        self.memory.extend(lines)
        if end_s is not None:
            self._last_end = max(self._last_end, end_s)
        uid = job.utterance_id
        heard = bool(lines)
        for pick in (job.pick, *job.group) if job.pick is not None else ():
            if heard:
                self.ledger.fate(pick.event.index, Fate.ANSWERED, utterance=uid)
                for ev in pick.merged:
                    self.ledger.fate(
                        ev.index, Fate.MERGED, reason=f"answered together with #{pick.event.index}", utterance=uid
                    )
            else:
                for ev in (pick.event, *pick.merged):
                    self.ledger.fate(ev.index, Fate.DROPPED, reason="reply was cut before it was spoken")
        if job.thanks is not None:
            if heard:
                for ev in job.thanks.events:
                    self.ledger.fate(ev.index, Fate.THANKED, utterance=uid)
            else:  # thanks are delayed and merged, never lost: back into the next batch
                self.intake.requeue_thanks(job.thanks.events, end_s if end_s is not None else self.clock.now())
