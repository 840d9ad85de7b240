"""The show's background loops (the plays' cards, progress, persona reload, the LLM heartbeat, the journal's
checkpoints) and the transcript's row for a finished utterance: a mixin of `vhost.show.Show`, which declares
what it reads here."""

from __future__ import annotations

import asyncio
import logging
import sys
import time
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from vhost.compute import off_loop, release_free_memory
from vhost.errors import VhostError
from vhost.events import Cue
from vhost.llm.chain import Attempt, transcript_fields
from vhost.persona.model import Persona
from vhost.stage.utterance import Utterance

log = logging.getLogger("vhost.show")
TRIM_EVERY_S = 30.0  # wall seconds between handing free allocator pages back to the OS (vhost.compute)
PROMO_CHECK_S = 10.0  # wall seconds between looks at the sheet's promo windows


def promo_state(persona: Persona, at: datetime) -> tuple[tuple[str, bool], ...]:
    """Which promos are on at `at` (the audience's wall clock): a change means other prices on air."""
    return tuple((p.id, p.promo.active(at)) for p in persona.products if p.promo is not None)


def transcript_row(utt: Utterance, heard: list[str], llm_tried: Sequence[Attempt] | None) -> dict[str, Any]:
    """One line of transcript.jsonl: what was heard of an utterance, when, and where its time went."""
    assert utt.start_s is not None  # only an utterance that went on air has a row
    row: dict[str, Any] = {
        "id": utt.id,
        "kind": utt.kind,
        "text": "".join(heard) if utt.job.lang.startswith("zh") else " ".join(heard),
        "reply_to": list(utt.reply_to),
        "event_s": None if utt.event_s is None else round(utt.event_s, 3),
        "start_s": round(utt.start_s, 3),
        "end_s": round(utt.end_s if utt.end_s is not None else utt.start_s, 3),
        "first_audio_s": round(utt.first_audio_s, 3) if utt.first_audio_s is not None else None,
        "lang": utt.job.lang,
    }
    if utt.first_token_s is not None:
        row["first_token_s"] = round(utt.first_token_s, 3)
    # where the time went between the event and first audio (vhost.pacing)
    row["decided_s"] = round(utt.created_s, 3)
    for k in ("written_s", "ready_s"):
        if (v := getattr(utt, k)) is not None:
            row[k] = round(v, 3)
    if utt.replaced:
        row["guard"] = utt.replaced
    if utt.interrupted and utt.interrupt_reason not in (None, "finished"):
        row["interrupted"] = utt.interrupt_reason
    if utt.partial:
        row["cut"] = utt.partial
    row.update(transcript_fields(llm_tried))
    return row


class ShowLoops:
    """Loops that run beside the stage for the whole show."""

    clock: Any
    stage: Any
    plays: Any
    intake: Any
    ledger: Any
    journal: Any
    config: Any
    director: Any
    writer: Any
    voice: Any
    metrics: Any
    metered_llm: Any
    cue_file: Any
    sources: list[Any]
    delivered: Any
    persona: Persona
    persona_errors: list[str]
    persona_error: str
    reloads: int
    _taken: list[int]

    async def _play_cards(self) -> None:
        """The plays move on with time (a draw on the second); their state goes to the overlay on change."""
        seen = -1
        while True:
            self.plays.tick(self.clock.now())
            if self.plays.version != seen:
                seen = self.plays.version
                for name, card in self.plays.cards(self.clock.now()):
                    await self.stage.emit(Cue(self.stage.program_s, "play", name=name, extra={"play": card}))
            await self.clock.sleep(0.25)

    async def _progress(self, t0: float) -> None:
        tty = sys.stderr.isatty()
        while True:
            await asyncio.sleep(0.5 if tty else 10)
            s = self.stage.stats
            line = (
                f"[program {self.stage.program_s:7.1f}s | wall {time.monotonic() - t0:6.1f}s] "
                f"queue {self.intake.pending():3d} | utterances {s.utterances:3d} | events {len(self.ledger):4d}"
            )
            print(("\r" + line) if tty else line, end="" if tty else "\n", file=sys.stderr, flush=True)

    async def _watch(self) -> None:
        try:
            from vhost.persona.watch import PersonaWatcher
        except ImportError:
            return

        switches: set[asyncio.Task[None]] = set()
        latest = 0

        async def switch(p: Persona, n: int) -> None:
            # the writer's understanding of the new persona takes seconds of CPU: built off the event loop
            # while the persona on air keeps talking, then every stage switches at its next boundary
            try:
                ready = await self.writer.prepare(p)
            except VhostError as e:
                failed([e.one_line()])
                return
            if n != latest:
                return  # a newer save arrived meanwhile; it goes on air instead
            self.reloads += 1
            self.persona_error = ""
            self.persona = p
            self.director.set_persona(p)
            self.writer.set_persona(ready)
            self.voice.set_persona(p)
            self.plays.set_persona(p)
            log.warning("persona reloaded (%d)", self.reloads)

        def changed(p: Persona) -> None:
            nonlocal latest
            latest += 1
            task = asyncio.get_running_loop().create_task(switch(p, latest), name=f"persona-switch-{latest}")
            switches.add(task)
            task.add_done_callback(switches.discard)

        def failed(errors: list[str]) -> None:
            self.persona_errors.extend(errors)
            del self.persona_errors[:-100]  # the latest ones: an editor saving a broken file for hours
            self.persona_error = errors[0] if errors else "rejected"
            for e in errors:
                log.error("persona change rejected: %s", e)

        await PersonaWatcher(self.config.persona, changed, failed, clock=self.clock).run()

    async def _promo_clock(self) -> None:
        """A promo that starts or ends while the show is on air (a sale ending at midnight, overnight): the writer's
        guard and facts hold the prices of when they were built, so they are built again then, off the event
        loop, and the writer switches at its next job. On the wall clock (the audience's, `timezone`), as the
        sheet's windows are written, whatever the program clock does."""
        seen = promo_state(self.persona, self.persona.now())
        while True:
            await asyncio.sleep(PROMO_CHECK_S)
            persona = self.persona
            state = promo_state(persona, persona.now())
            if state == seen:
                continue
            ready = await self.writer.prepare(persona)
            if self.persona is persona:  # else a reload meanwhile was built with the new prices already
                self.writer.set_persona(ready)
                changed = [f"{pid} {'on' if on else 'off'}" for (pid, on), (_, was) in zip(state, seen, strict=False) if on != was]
                log.warning("promo window changed (%s): the writer's prices rebuilt", ", ".join(changed) or "products")
            seen = state

    async def _heartbeat(self) -> None:
        """With alerts on: a hung or failing LLM is noticed while nobody asks it (vhost.llm.heartbeat)."""
        from vhost.llm.heartbeat import heartbeat
        from vhost.llm.prompt import build_messages

        def messages() -> Any:
            lang = self.persona.identity.languages[0]
            return build_messages(self.persona.edition(lang), "filler", lang)

        await heartbeat(self.metered_llm, self.metrics, self.clock, messages)

    def _committed(self) -> None:
        """The journal committed: every event handed to intake so far is held (kill -9 included)."""
        for src, n in zip(self.sources, self._taken, strict=True):
            durable = getattr(src, "durable", None)
            if durable is not None:
                durable(n)

    def _checkpoint(self, commit: bool = True) -> None:
        """Counters and rundown position into the journal; written rows to the OS."""
        j = self.journal
        j.set_state("director", self.director.position())
        j.set_state("intake", self.intake.counters())
        j.set_state("stage", {k: v for k, v in self.stage.stats.__dict__.items() if k != "frames"})
        j.set_state("sources", dict(self.delivered))
        if commit:
            j.commit()
        self.ledger.flush_file()
        self.cue_file.flush()

    async def _keep_journal(self) -> None:
        trimmed = time.monotonic()
        while True:
            await asyncio.sleep(self.journal.flush_s)  # wall time, in --fast too
            self._checkpoint()
            if time.monotonic() - trimmed >= TRIM_EVERY_S:
                trimmed = time.monotonic()
                await off_loop(release_free_memory)

