"""The voice that never goes silent: an ordered chain of TTS engines behind the TTS Protocol.

Each engine gets a deadline per sentence (its timeout plus a little per character), so a
hanging primary is abandoned in time and the next engine speaks the same sentence. A failed
engine is skipped and probed in the background with exponential backoff on the program
clock; one good probe puts it back in front. When every engine is down the chain still tries
them all in order, because a late line beats silence.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from vhost.clock import Clock, wait_for, within
from vhost.tts.base import TTS, Speech, TTSError, VoiceSpec

log = logging.getLogger(__name__)

# seconds an engine may take for one sentence before the next one speaks it instead
DEFAULT_TIMEOUTS: Mapping[str, float] = {"edge": 2.5, "piper": 4.0, "fastspeech2": 3.0, "espeak": 3.0}
PROBE_TEXTS: Mapping[str, str] = {"zh": "你好", "en": "Hello"}
WARM_TEXTS: Mapping[str, str] = {"zh": "家人們好，這款耳機到手價一百九十九元。", "en": "Hello everyone, this one is 199 yuan today."}
WARM_LIMIT_S = 60.0  # a cold engine loading its model may take this long once, at the start of a show

SpecResolver = Callable[[str, VoiceSpec], VoiceSpec]


def _same_spec(engine: str, spec: VoiceSpec) -> VoiceSpec:
    return spec


@dataclass
class EngineHealth:
    """Mutable bookkeeping of one engine, owned by the chain; health() hands out copies."""

    state: str = "ok"  # ok | down | retrying
    failures: int = 0
    last_error: str = ""
    next_retry_at: float = 0.0
    probe_lang: str = "zh"


@dataclass(frozen=True, slots=True)
class Failover:
    """One sentence that a later engine had to speak."""

    failed: tuple[str, ...]
    spoke: str
    gap_s: float  # first failure -> the fallback's audio ready (its first sample can play)
    total_s: float  # request -> audio ready


class FailoverTTS:
    name = "failover"

    def __init__(
        self,
        engines: Sequence[TTS],
        clock: Clock,
        *,
        resolve: SpecResolver = _same_spec,
        timeouts: Mapping[str, float] | None = None,
        timeout_s: float = 3.0,
        per_char_s: float = 0.02,
        backoff_s: float = 2.0,
        backoff_max_s: float = 300.0,
        probe_texts: Mapping[str, str] = PROBE_TEXTS,
    ) -> None:
        if not engines:
            raise ValueError("FailoverTTS needs at least one engine")
        names = [e.name for e in engines]
        if len(set(names)) != len(names):
            raise ValueError(f"engine names must be unique: {names}")
        self.engines = list(engines)
        self.clock = clock
        self.resolve = resolve
        self.timeouts = {**DEFAULT_TIMEOUTS, **(timeouts or {})}
        self.timeout_s = timeout_s
        self.per_char_s = per_char_s
        self.backoff_s = backoff_s
        self.backoff_max_s = backoff_max_s
        self.probe_texts = probe_texts
        self._health = {e.name: EngineHealth() for e in engines}
        self._retries: dict[str, asyncio.Task[None]] = {}
        self.last_failover: Failover | None = None
        self.failovers = 0
        self._closed = False

    def timeout_for(self, engine: str, text: str) -> float:
        return self.timeouts.get(engine, self.timeout_s) + self.per_char_s * len(text)

    @staticmethod
    def _speaks(engine: TTS, lang: str) -> bool:
        langs: frozenset[str] | None = getattr(engine, "langs", None)
        return langs is None or lang in langs

    async def synthesize(self, text: str, voice: VoiceSpec) -> Speech:
        candidates = [e for e in self.engines if self._speaks(e, voice.lang)]
        if not candidates:
            raise TTSError(f"no voice engine speaks '{voice.lang}' (chain: {', '.join(e.name for e in self.engines)})")
        up = [e for e in candidates if self._health[e.name].state == "ok"]
        order = up or candidates
        started = self.clock.now()
        first_failure: float | None = None
        failed: list[str] = []
        errors: list[str] = []
        for engine in order:
            try:
                speech = await self._attempt(engine, text, self.resolve(engine.name, voice))
            except TTSError as e:
                now = self.clock.now()
                first_failure = now if first_failure is None else first_failure
                failed.append(engine.name)
                errors.append(str(e))
                self._mark_down(engine.name, str(e), voice.lang)
                continue
            if self._health[engine.name].state != "ok":
                self._mark_up(engine.name)  # every engine was down and this one answered anyway
            if first_failure is not None:
                now = self.clock.now()
                self.last_failover = Failover(tuple(failed), engine.name, now - first_failure, now - started)
                self.failovers += 1
                log.warning("voice: %s failed, %s spoke instead after %.2fs", "+".join(failed), engine.name, now - first_failure)
            return speech
        raise TTSError("every voice engine failed: " + "; ".join(errors))

    async def warm(self, lang: str = "zh") -> dict[str, Speech | None]:
        """Hot standby: every engine that speaks `lang` says one line as the show starts, the
        standbys too, so a failover mid-show finds its engine loaded (models, voice data,
        caches, threads) and speaks with no first-use delay. An engine that cannot is marked
        down now (and probed in the background), so the next line does not wait for it. Each
        engine's speech (None where it failed), for the caller to warm what follows."""
        text = WARM_TEXTS.get(lang) or self.probe_texts.get(lang) or next(iter(WARM_TEXTS.values()))
        out: dict[str, Speech | None] = {}
        for engine in self.engines:
            if not self._speaks(engine, lang):
                continue
            spec = self.resolve(engine.name, VoiceSpec(lang=lang))
            try:  # wall time: loading a cold model is not program time
                speech = await within(getattr(engine, "inner", engine).synthesize(text, spec), WARM_LIMIT_S)
                if len(speech.pcm) == 0:
                    raise TTSError("empty audio")
            except asyncio.CancelledError:
                raise
            except Exception as e:  # a broken standby must not keep the show off air
                msg = f"{engine.name}: no audio within {WARM_LIMIT_S:.0f}s" if isinstance(e, TimeoutError) else str(e) or type(e).__name__
                log.warning("voice: %s failed its warm-up (%s); marked down", engine.name, msg)
                self._mark_down(engine.name, msg if msg.startswith(engine.name) else f"{engine.name}: {msg}", lang)
                out[engine.name] = None
                continue
            out[engine.name] = speech
        return out

    async def _attempt(self, engine: TTS, text: str, spec: VoiceSpec) -> Speech:
        """One engine, one deadline. Bugs inside a backend become TTSError too: one broken
        engine must not take the show down."""
        limit = self.timeout_for(engine.name, text)
        try:
            with self.clock.busy():  # synthesis is work: a FastClock must not skip past the deadline
                speech = await wait_for(self.clock, engine.synthesize(text, spec), limit)
        except TTSError as e:
            msg = str(e)
            raise TTSError(msg if msg.startswith(engine.name) else f"{engine.name}: {msg}") from None
        except TimeoutError:
            raise TTSError(f"{engine.name}: no audio within {limit:.1f}s") from None
        except asyncio.CancelledError:
            raise
        except Exception as e:
            log.exception("voice engine %s raised", engine.name)
            raise TTSError(f"{engine.name}: unexpected {type(e).__name__}: {e}") from None
        if len(speech.pcm) == 0:
            raise TTSError(f"{engine.name}: empty audio")
        return speech

    def _mark_down(self, name: str, error: str, lang: str) -> None:
        h = self._health[name]
        h.failures += 1
        h.state = "down"
        h.last_error = error
        h.probe_lang = lang
        h.next_retry_at = self.clock.now() + min(self.backoff_max_s, self.backoff_s * 2 ** (h.failures - 1))
        task = self._retries.get(name)
        if not self._closed and (task is None or task.done()):
            engine = next(e for e in self.engines if e.name == name)
            self._retries[name] = asyncio.create_task(self._retry(engine), name=f"tts-retry-{name}")

    def _mark_up(self, name: str) -> None:
        h = self._health[name]
        if h.state != "ok":
            log.info("voice: %s is back after %d failure(s)", name, h.failures)
        h.state = "ok"
        h.failures = 0
        h.next_retry_at = 0.0

    async def _retry(self, engine: TTS) -> None:
        """Background health probe with a short text, bypassing any cache around the engine."""
        h = self._health[engine.name]
        probe_engine: TTS = getattr(engine, "inner", engine)
        while h.state != "ok":
            while self.clock.now() < h.next_retry_at and h.state != "ok":
                await self.clock.sleep_until(h.next_retry_at)  # a live failure may push it later
            if h.state == "ok":
                return
            h.state = "retrying"
            text = self.probe_texts.get(h.probe_lang) or next(iter(self.probe_texts.values()))
            spec = self.resolve(engine.name, VoiceSpec(lang=h.probe_lang))
            try:
                await self._attempt(probe_engine, text, spec)
            except TTSError as e:
                if h.state == "ok":  # a live sentence got through meanwhile
                    return
                h.failures += 1
                h.state = "down"
                h.last_error = str(e)
                h.next_retry_at = self.clock.now() + min(self.backoff_max_s, self.backoff_s * 2 ** (h.failures - 1))
                continue
            self._mark_up(engine.name)

    def health(self) -> dict[str, dict[str, Any]]:
        now = self.clock.now()
        return {
            name: {
                "state": h.state,
                "failures": h.failures,
                "last_error": h.last_error,
                "next_retry_s": round(max(0.0, h.next_retry_at - now), 3) if h.state != "ok" else 0.0,
            }
            for name, h in self._health.items()
        }

    async def aclose(self) -> None:
        self._closed = True
        tasks = list(self._retries.values())
        for t in tasks:
            t.cancel()
        for t in tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await t
        self._retries.clear()
        for e in self.engines:
            with contextlib.suppress(Exception):
                await e.aclose()
