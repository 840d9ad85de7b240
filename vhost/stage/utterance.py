"""Utterance handles: one thing the host says, prepared (write → voice) and played as a unit.

Every utterance can be interrupted. What counts afterwards is what was actually played:
the stage records the sentences heard, and only those reach memory and the transcript.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from vhost.tts.base import VisemeMark, WordMark

# higher wins; pitch/script/filler may be cut (at a pause or sentence end) by anything above
# them; thanks are short and always said whole
PRIORITY = {"human": 100, "reply": 50, "lottery": 45, "bargain": 45, "flash": 45, "thanks": 40, "script": 20, "pitch": 20, "filler": 10}
INTERRUPTIBLE = {"pitch", "script", "filler"}
_ids = itertools.count(1)


def new_id() -> str:
    return f"u{next(_ids):05d}"


def ids_after(last: int) -> None:
    """New utterance ids continue after `last` (a resumed show never reuses an id)."""
    global _ids
    nxt = next(_ids)
    _ids = itertools.count(max(nxt, last + 1))


@dataclass(frozen=True, slots=True)
class Piece:
    """One spoken sentence, or one clause of it, in program format (48 kHz mono s16).

    A sentence spoken clause by clause arrives as `parts` pieces that share `text` (the whole
    sentence: one subtitle, counted as heard once its last clause has played)."""

    pcm: np.ndarray
    text: str
    lang: str
    origin: str = "llm"
    emotion: str | None = None
    replaced: tuple[str, ...] = ()
    words: tuple[WordMark, ...] = ()
    visemes: tuple[VisemeMark, ...] = ()
    engine: str = ""
    part: int = 0
    parts: int = 1
    clause: str = ""  # this piece's own words (the sentence's `text` is shared by its clauses)

    @property
    def opens(self) -> bool:
        return self.part == 0

    @property
    def closes(self) -> bool:
        return self.part >= self.parts - 1


@dataclass
class Utterance:
    kind: str
    job: Any  # vhost.writer.writer.WriteJob
    id: str = field(default_factory=new_id)
    reply_to: tuple[int, ...] = ()
    event_s: float | None = None
    created_s: float = 0.0
    emotion: str | None = None
    motion: str | None = None
    # unbounded: preparation is bounded by the writer's lines, and its end marker must always fit
    pieces: asyncio.Queue[Piece | None] = field(default_factory=asyncio.Queue)
    # filled by the stage
    start_s: float | None = None
    end_s: float | None = None
    first_audio_s: float | None = None
    first_token_s: float | None = None
    written_s: float | None = None  # program time the writer gave its first line (guarded)
    ready_s: float | None = None  # program time its first audio was ready to play
    played: list[str] = field(default_factory=list)
    partial: str | None = None  # what was heard of the sentence on air when it was cut at a pause (its clauses so far)
    leans_on: set[str] = field(default_factory=set)  # sentences on air that its "as I just said" points back to
    replaced: list[str] = field(default_factory=list)
    interrupted: bool = False
    interrupt_reason: str | None = None
    started: bool = False
    taken_s: float | None = None  # program time the stage took it on air (its audio may still be in the making)
    queued_s: float = 0.0  # seconds of audio prepared and waiting to play
    prepared: bool = False  # every line written and voiced (queued_s is all that is left)
    finished: asyncio.Event = field(default_factory=asyncio.Event)
    _tasks: list[asyncio.Task[Any]] = field(default_factory=list)

    @property
    def priority(self) -> int:
        return PRIORITY.get(self.kind, 0)

    @property
    def interruptible(self) -> bool:
        return self.kind in INTERRUPTIBLE

    @property
    def paid(self) -> bool:
        """An answer to a paid message (a superchat): thanks give way to it at their next pause."""
        pick = getattr(self.job, "pick", None)
        return self.kind == "reply" and pick is not None and bool(getattr(pick.event, "paid", False))

    def gives_way_to(self, nxt: Utterance) -> bool:
        """May `nxt` (more important) cut this line at its next pause? Small talk, script and
        pitch give way to any question; thanks to a paid message; an answer never."""
        return self.interruptible or (self.kind == "thanks" and nxt.paid)

    def attach(self, task: asyncio.Task[Any]) -> None:
        self._tasks.append(task)

    def cancel_tasks(self) -> None:
        for t in self._tasks:
            t.cancel()

    def interrupt(self, reason: str = "interrupted") -> None:
        """Stop preparing; the stage stops it at once (immediate) or skips it if not started."""
        if self.interrupted:
            return
        self.interrupted = True
        self.interrupt_reason = reason
        self.cancel_tasks()
        # wake a stage waiting for audio
        with contextlib.suppress(asyncio.QueueFull):
            self.pieces.put_nowait(None)


class Lineup:
    """Utterances waiting to play, highest priority first, FIFO within a priority. Bounded."""

    def __init__(self, lookahead: int = 1) -> None:
        self.lookahead = lookahead
        self._items: list[Utterance] = []
        self._changed = asyncio.Event()
        self.current: Utterance | None = None

    def __len__(self) -> int:
        return len(self._items)

    def items(self) -> list[Utterance]:
        return list(self._items)

    def has_room(self) -> bool:
        return len(self._items) < self.lookahead

    def add(self, utt: Utterance) -> None:
        i = len(self._items)
        while i > 0 and self._items[i - 1].priority < utt.priority:
            i -= 1
        self._items.insert(i, utt)
        self._changed.set()

    def remove(self, utt: Utterance) -> None:
        if utt in self._items:
            self._items.remove(utt)
            self._changed.set()

    def peek(self) -> Utterance | None:
        return self._items[0] if self._items else None

    def pop(self) -> Utterance | None:
        if not self._items:
            return None
        utt = self._items.pop(0)
        self._changed.set()
        return utt

    def poke(self) -> None:
        self._changed.set()

    async def changed(self) -> None:
        self._changed.clear()
        await self._changed.wait()
