"""A byte-bounded LRU of synthesized sentences. Script lines, catchphrases and holding lines
repeat all night; serving them from memory saves the engine call and keeps the voice
available when the network is not."""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np

from vhost.tts.base import TTS, Speech, VoiceSpec

CacheKey = tuple[str, VoiceSpec, str]
_MARK_BYTES = 64  # rough cost of one WordMark/VisemeMark, so marks count against the bound


@dataclass(frozen=True, slots=True)
class CacheStats:
    hits: int
    misses: int
    entries: int
    bytes: int
    max_bytes: int
    evictions: int


def speech_bytes(speech: Speech) -> int:
    return int(speech.pcm.nbytes) + _MARK_BYTES * (len(speech.words) + len(speech.visemes)) + 128


def _frozen(speech: Speech) -> Speech:
    """Cached audio is shared between callers: make it read-only so nobody edits the copy
    everyone else will hear."""
    if not speech.pcm.flags.writeable:
        return speech
    pcm = np.array(speech.pcm, dtype=np.int16, copy=True)
    pcm.setflags(write=False)
    return Speech(pcm=pcm, sample_rate=speech.sample_rate, engine=speech.engine, words=speech.words, visemes=speech.visemes)


class CachedTTS:
    """Wraps one engine; the key is (engine name, resolved voice spec, text). Concurrent
    misses on the same key share one synthesis."""

    def __init__(self, inner: TTS, max_bytes: int = 64 * 1024 * 1024) -> None:
        if max_bytes < 0:
            raise ValueError("max_bytes must be >= 0")
        self.inner = inner
        self.name = inner.name
        self.langs: frozenset[str] | None = getattr(inner, "langs", None)
        self.max_bytes = max_bytes
        self._items: OrderedDict[CacheKey, tuple[Speech, int]] = OrderedDict()
        self._pending: dict[CacheKey, asyncio.Future[Speech]] = {}
        self._bytes = 0
        self._hits = 0
        self._misses = 0
        self._evictions = 0

    def key(self, text: str, voice: VoiceSpec) -> CacheKey:
        return (self.inner.name, voice, text.strip())

    def get(self, text: str, voice: VoiceSpec) -> Speech | None:
        k = self.key(text, voice)
        hit = self._items.get(k)
        if hit is None:
            return None
        self._items.move_to_end(k)
        return hit[0]

    async def synthesize(self, text: str, voice: VoiceSpec) -> Speech:
        k = self.key(text, voice)
        while (pending := self._pending.get(k)) is not None:
            try:
                speech = await asyncio.shield(pending)
            except asyncio.CancelledError:
                task = asyncio.current_task()
                if not pending.cancelled() or (task is not None and task.cancelling()):
                    raise
                continue  # the first caller was interrupted, not us: synthesize ourselves
            self._hits += 1
            return speech
        hit = self._items.get(k)
        if hit is not None:
            self._items.move_to_end(k)
            self._hits += 1
            return hit[0]
        self._misses += 1
        fut: asyncio.Future[Speech] = asyncio.get_running_loop().create_future()
        self._pending[k] = fut
        try:
            speech = _frozen(await self.inner.synthesize(text, voice))
        except asyncio.CancelledError:
            fut.cancel()
            raise
        except BaseException as e:
            fut.set_exception(e)
            fut.exception()  # retrieved here, so a lone caller leaves no "never retrieved" warning
            raise
        finally:
            self._pending.pop(k, None)
        fut.set_result(speech)
        self._put(k, speech)
        return speech

    def _put(self, k: CacheKey, speech: Speech) -> None:
        size = speech_bytes(speech)
        if size > self.max_bytes:
            return
        old = self._items.pop(k, None)
        if old is not None:
            self._bytes -= old[1]
        self._items[k] = (speech, size)
        self._bytes += size
        while self._bytes > self.max_bytes and self._items:
            _, (_, s) = self._items.popitem(last=False)
            self._bytes -= s
            self._evictions += 1

    def stats(self) -> CacheStats:
        return CacheStats(self._hits, self._misses, len(self._items), self._bytes, self.max_bytes, self._evictions)

    def clear(self) -> None:
        self._items.clear()
        self._bytes = 0

    async def aclose(self) -> None:
        self.clear()
        await self.inner.aclose()
