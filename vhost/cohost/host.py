"""Co-hosting, attached to a show: the mode, the review queue, the anchor's voice and the
operator's requests. The show calls four hooks (admit, gate, snapshot, tasks); the rest
is wired here, into the director (asked jobs, pin, may_volunteer, memory) and the stage
(the floor, the anchor's voice in the mix).
"""

from __future__ import annotations

import collections
import logging
import time
from collections.abc import Coroutine
from typing import TYPE_CHECKING, Any

from vhost.anchor.listener import AnchorInput, Heard
from vhost.anchor.mix import AnchorMix
from vhost.anchor.sources import AnchorSource, PushSource, from_spec
from vhost.anchor.vad import VoiceActivity
from vhost.anchor.yielding import Floor, YieldPolicy
from vhost.cohost.config import MODES, CohostConfig
from vhost.cohost.cues import Cue, CueReader
from vhost.cohost.review import ReviewQueue
from vhost.events import ChatEvent, EventKind, User
from vhost.intake.cluster import bigrams, similar
from vhost.llm.prompt import script
from vhost.stage.utterance import new_id
from vhost.text.fold import fold
from vhost.writer.jobs import Line, _family, _pick_fields, _thanks_numbers

if TYPE_CHECKING:
    from vhost.clock import Clock
    from vhost.show import Show
    from vhost.writer.writer import WriteJob

log = logging.getLogger(__name__)
REPEAT_WINDOW_S = 90.0  # a written line this close to what the anchor said in this window is not said
REPEAT_SIMILARITY = 0.5
INVITE_S = 1.5  # "你來": the AI may speak unasked for this long in assist mode
MAX_HEARD_CHARS = 160


def open_anchor(config: CohostConfig, clock: Clock) -> AnchorSource | None:
    """The anchor's input, and the speech model prepared (joined and checked once, about a
    second; after that a stamp check): called before the LLM loads, so a wrong spec, model
    name or missing package is a one-line error at once."""
    if not config.anchor_audio:
        return None
    source = from_spec(config.anchor_audio, clock)
    if config.anchor_asr:
        from vhost.asr.whisper import prepare

        prepare(config.anchor_asr)
    return source


class Cohost:
    def __init__(self, show: Show, source: AnchorSource | None = None) -> None:
        self.show = show
        self.config: CohostConfig = show.config.cohost
        self.mode: str = self.config.mode
        self.review = ReviewQueue(show.clock, timeout_s=self.config.review_timeout_s, default=self.config.review_default,
                                  recheck=self._recheck, log_path=show.config.out / "review.jsonl")  # fmt: skip
        self.review.set_active(self.mode == "review")
        self._last_activity = 0.0  # program time the AI or the anchor was last heard
        self._invited_until = -1.0
        self._requested: dict[str, None] = {}  # utterance ids asked for (never screened as repeats), oldest first
        self._anchor_said: collections.deque[tuple[float, str, frozenset[str], tuple[str, ...]]] = collections.deque(maxlen=32)
        self._rows = 0
        self.cues: CueReader | None = None
        self.anchor: AnchorInput | None = None
        self.floor: Floor | None = None
        show.director.may_volunteer = self.may_volunteer
        source = source or open_anchor(self.config, show.clock)
        if source is not None:
            self._attach_anchor(source)

    def _attach_anchor(self, source: AnchorSource) -> None:
        cfg, show = self.config, self.show
        self.floor = Floor(YieldPolicy(cfg.anchor_yield, cfg.anchor_yield_within_s, cfg.anchor_resume_s))
        show.stage.floor = self.floor
        mix = None
        if cfg.anchor_mix:
            mix = AnchorMix(gain=cfg.anchor_mix_gain)
            show.stage.mixer = mix.wrap(show.stage.mixer)
        recognizer = None
        if cfg.anchor_asr:
            from vhost.asr.whisper import WhisperRecognizer

            recognizer = WhisperRecognizer(cfg.anchor_asr, threads=cfg.anchor_asr_threads, strict=True)
        langs = show.persona.identity.languages
        self.anchor = AnchorInput(
            source, show.clock, self.floor, vad=VoiceActivity(aggressiveness=cfg.anchor_vad), mix=mix, recognizer=recognizer,
            on_heard=self.on_heard, lang="en" if langs and langs[0] == "en" else "zh", prompt=self._prompt(),
        )  # fmt: skip
        self.cues = CueReader(cfg.wake, self._mentions)

    def _prompt(self) -> str:
        """Words the recogniser should spell as the show does: the product names. Never the
        AI's name: over unclear audio Whisper writes its hint back, which would be a false cue."""
        p = self.show.persona
        names = [x.name for x in p.products]
        return "，".join(names) + "。" if p.identity.languages[0].startswith("zh") else ", ".join(names) + "."

    def _mentions(self, text: str) -> list[str]:
        return self.show.writer.answering.understander.mentions(text)

    # -- hooks the show calls ---------------------------------------------------------------------
    def tasks(self) -> list[tuple[str, Coroutine[Any, Any, None]]]:
        return [("anchor", self.anchor.run())] if self.anchor is not None else []

    def may_volunteer(self, now: float) -> bool:
        """Assist mode: the AI speaks unasked only after assist_gap_s of quiet (or when invited)."""
        if self.show.lineup.current is not None or (self.floor is not None and self.floor.speaking):
            self._last_activity = now
        if self.mode != "assist":
            return True
        return now < self._invited_until or now - self._last_activity >= self.config.assist_gap_s

    def admit(self, job: WriteJob, now: float) -> bool:
        """False for a written line or a pitch that repeats what the anchor just said."""
        if job.utterance_id in self._requested or not self._anchor_said:
            return True
        recent = [a for a in self._anchor_said if now - a[0] <= REPEAT_WINDOW_S]
        if job.kind == "pitch" and job.product is not None:
            window = self.show.config.pitch_every_s
            if any(job.product.id in prods and now - t <= window for t, _, _, prods in recent):
                log.info("pitch of %s skipped: the anchor just talked about it", job.product.id)
                return False
        if job.kind in ("filler", "script") and job.lines:
            for line in job.lines:
                g = bigrams(fold(line))
                if any(similar(g, said, REPEAT_SIMILARITY) for _, _, said, _ in recent):
                    log.info("%s skipped: the anchor just said it: %s", job.kind, line)
                    return False
        return True

    async def gate(self, utt: Any, line: Line) -> Line | None:
        """Review mode: the line as approved or edited, or None. Operator lines pass."""
        if utt.kind == "human":
            return line
        return await self.review.gate(utt.id, utt.kind, utt.job, line)

    def _recheck(self, job: Any, text: str) -> tuple[Line | None, tuple[str, ...]]:
        """An edited line, through the guard as strictly as a written one."""
        text = script(text.strip(), job.lang)
        _, viewer, _, values, pid = _pick_fields(job.pick)
        product = (self.show.persona.product(pid) if pid else None) or job.product
        v = self.show.writer.guard.check(text, product=product, origin="edited", lang=job.lang,
                                         extra_numbers=tuple(values + _thanks_numbers(job.thanks)), allow_words=(viewer,) if viewer else ())  # fmt: skip
        if not v.ok:
            return None, v.reasons
        return Line(text, _family(text), "edited"), ()

    # -- the anchor's words -----------------------------------------------------------------------
    def on_heard(self, h: Heard) -> None:
        show = self.show
        lang = show.persona.identity.languages[0] if show.persona.identity.languages else "zh-Hant"
        text = script(h.text, lang)[:MAX_HEARD_CHARS] if lang.startswith("zh") else h.text[:MAX_HEARD_CHARS]
        self._rows += 1
        row: dict[str, Any] = {
            "id": f"a{self._rows:05d}", "kind": "anchor", "text": text, "reply_to": [], "event_s": None,
            "start_s": round(h.start_s, 3), "end_s": round(h.end_s, 3), "first_audio_s": None, "lang": h.lang,
            "heard_s": round(h.heard_s, 3), "asr_s": round(h.asr_s, 3),
        }  # fmt: skip
        if not h.sure:
            row["unsure"] = True  # on record, but neither remembered nor obeyed
        show.transcript.write(row)
        show.transcript.flush()
        if not h.sure:
            return
        show.director.heard(text)
        try:
            products = tuple(self._mentions(text))
        except Exception:  # understanding is a nicety here: the memory already has the words
            products = ()
        self._anchor_said.append((h.end_s, text, bigrams(fold(text)), products))
        self._refresh_prepared(h)
        cue = self.cues.read(text, h.end_s) if self.cues is not None else None
        if cue is not None:
            self.follow(cue)

    def _refresh_prepared(self, h: Heard) -> None:
        """Small talk written before the anchor spoke is dropped: the next is written knowing it."""
        nxt = self.show.lineup.peek()
        if nxt is not None and not nxt.started and nxt.kind in ("filler", "pitch") and nxt.id not in self._requested and nxt.created_s <= h.end_s:
            self.show.withdraw(nxt, "the anchor spoke")

    def follow(self, cue: Cue) -> None:
        log.info("anchor cue: %s %s", cue.action, cue.product or cue.text)
        if cue.action == "pitch":
            self.pitch(cue.product)
        elif cue.action == "answer":
            self._ask("reply", None)
        elif cue.action == "quiet":
            self.show.director.hold(True)
        elif cue.action == "resume":
            self.show.resume()
            self._invited_until = self.show.clock.now() + INVITE_S
        elif cue.action == "ask":
            name = "主播" if self.show.persona.identity.languages[0].startswith("zh") else "the host"
            ev = self.show.submit(ChatEvent(platform="anchor", kind=EventKind.DANMAKU, user=User("anchor", name), text=cue.text))
            if ev is not None:
                self.answer(ev.index)

    # -- the operator's requests ------------------------------------------------------------------
    def _ask(self, kind: str, what: Any) -> str:
        uid = new_id()
        self._requested[uid] = None
        if len(self._requested) > 256:
            del self._requested[next(iter(self._requested))]
        self.show.director.ask(kind, uid, what)
        return uid

    def answer(self, index: int) -> str | None:
        """Answer waiting message `index` next; None when it no longer waits."""
        pick = self.show.intake.take(index, self.show.clock.now())
        return None if pick is None else self._ask("reply", pick)

    def pitch(self, product_id: str | None = None) -> str | None:
        """Pitch a product next: the one named, else the pinned one, else the one on stage."""
        d = self.show.director
        seg = d.segment(self.show.clock.now())
        pid = product_id or d.pinned or (seg.product if seg else None)
        product = self.show.persona.product(pid) if pid else None
        return None if product is None else self._ask("pitch", product)

    def pin(self, product_id: str | None) -> None:
        self.show.director.pin(product_id)

    def set_mode(self, mode: str) -> None:
        if mode not in MODES:
            raise ValueError(f"mode must be one of {', '.join(MODES)}")
        self.mode = mode
        self.review.set_active(mode == "review")
        self._last_activity = self.show.clock.now()

    # -- state ----------------------------------------------------------------------------------
    def snapshot(self) -> dict[str, Any]:
        show, now = self.show, self.show.clock.now()
        anchor = None
        if self.anchor is not None:
            anchor = {
                "source": self.anchor.source.name, "speaking": bool(self.floor and self.floor.speaking),
                "console_mic": isinstance(self.anchor.source, PushSource) and self.anchor.source.name == "console",
                "heard": [{"start_s": round(h.start_s, 2), "text": h.text} for h in list(self.anchor.heard)[-8:]],
                "stats": self.anchor.stats(),
            }  # fmt: skip
        return {
            "mode": self.mode, "review": {"pending": self.review.pending(), "recent": list(self.review.recent)[-10:],
                                          "timeout_s": self.review.timeout_s, "default": self.review.default},
            "assist_gap_s": self.config.assist_gap_s, "quiet_s": round(now - self._last_activity, 1),
            "pinned": show.director.pinned, "products": [{"id": p.id, "name": p.name} for p in show.persona.products],
            "queue": show.intake.waiting(now), "anchor": anchor,
        }  # fmt: skip

    def console_source(self) -> PushSource | None:
        src = self.anchor.source if self.anchor is not None else None
        return src if isinstance(src, PushSource) and src.name == "console" else None

    def stats(self) -> dict[str, Any]:
        return {"mode": self.mode, "review": self.review.stats(), "anchor": self.anchor.stats() if self.anchor else None}

    async def aclose(self) -> None:
        self.review.close()
        if self.anchor is not None:
            t0 = time.monotonic()
            await self.anchor.source.aclose()
            log.debug("anchor input closed in %.2f s", time.monotonic() - t0)
