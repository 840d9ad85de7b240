"""From a job the director decided to what the stage plays: the utterance, then its lines written and voiced clause by
clause beside each other (first audio early), each line through the co-host's review: a mixin of `vhost.show.Show`,
which declares what it reads here."""

from __future__ import annotations

import asyncio
import collections
import contextlib
import logging
from typing import Any

from vhost.director.pacing import speaking_rate
from vhost.llm.chain import Attempt, start_trace
from vhost.sinks.base import AudioFormat
from vhost.stage.utterance import Utterance

log = logging.getLogger("vhost.show")


class Preparing:
    """Utterances made ready for the stage."""

    clock: Any
    writer: Any
    voice: Any
    cohost: Any
    metrics: Any
    _llm_trace: dict[str, list[Attempt]]
    _prep_s: collections.deque[float]

    def _utterance(self, job: Any, now: float) -> Utterance:
        reply_to: tuple[int, ...] = ()
        event_s = None
        if job.pick is not None:
            evs = tuple(e for p in (job.pick, *job.group) for e in (p.event, *p.merged))
            reply_to, event_s = tuple(e.index for e in evs), job.pick.event.t
        elif job.thanks is not None:
            reply_to = tuple(e.index for e in job.thanks.events)
            event_s = min((e.t for e in job.thanks.events), default=None)
        emotion = motion = None
        if job.segment is not None:
            emotion = job.segment.emotion
            motion = job.segment.motion if job.kind in ("pitch", "script") else None
        return Utterance(job.kind, job, id=job.utterance_id, reply_to=reply_to, event_s=event_s, created_s=now, emotion=emotion, motion=motion)

    async def _prepare(self, utt: Utterance) -> None:
        self._llm_trace[utt.id] = start_trace()  # this task's LLM requests (an LLM chain records them)
        while len(self._llm_trace) > 256:  # an utterance dropped before it was finished
            del self._llm_trace[next(iter(self._llm_trace))]
        # unbounded: a job writes a handful of lines, and the end marker must always fit (a full
        # queue that refused it once left an utterance waiting on air for good)
        lines: asyncio.Queue[Any] = asyncio.Queue()

        async def write() -> None:
            try:
                # closed here on cancel too, not whenever the garbage collector gets to it:
                # the backend's stream (and its decode) ends with the utterance
                async with contextlib.aclosing(self.writer.write(utt.job)) as written:
                    async for line in written:
                        if utt.first_token_s is None and line.first_token_s is not None:
                            utt.first_token_s = line.first_token_s
                        if utt.written_s is None:
                            utt.written_s = self.clock.now()
                        await lines.put(line)
            finally:
                lines.put_nowait(None)

        async def speak() -> None:
            while (line := await lines.get()) is not None:
                if (line := await self.cohost.gate(utt, line)) is None:
                    continue  # rejected in review
                if line.leans_on:  # before its audio is ready: the stage lets that sentence end first
                    utt.leans_on.add(line.leans_on)
                t0 = self.clock.now()
                spoken = False
                # clause by clause (first audio early), brisker while the room keeps asking
                async for piece in self.voice.pieces(line, speaking_rate(utt.job.brief)):
                    spoken = True
                    utt.queued_s += len(piece.pcm) / AudioFormat().sample_rate
                    if utt.ready_s is None:
                        utt.ready_s = self.clock.now()
                        self._prep_s.append(utt.ready_s - utt.created_s)
                    await utt.pieces.put(piece)
                self.metrics.tts_done(self.clock.now() - t0, spoken)  # per sentence, as the voice counts

        try:
            async with asyncio.TaskGroup() as tg:
                tg.create_task(write())
                tg.create_task(speak())
        except* Exception as eg:  # never fatal for the show: the utterance ends early
            log.warning("utterance %s preparation failed: %s", utt.id, eg.exceptions[0])
        finally:
            utt.prepared = True
            utt.pieces.put_nowait(None)
