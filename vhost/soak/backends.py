"""The soak's backends and the gates its faults close.

- ScriptedLLM: a stand-in host model behind the LLM Protocol. It answers from the product
  facts in the system prompt with delays on the program clock (first token, then a delta
  every few hundredths of a second) and now and then opens with a line the guard must
  refuse, as a small model does. `--llm` replaces it with the real chain.
- LLMGate: wraps whichever LLM the show uses; while its fault is on, every request stalls
  before its first token (a hung backend), until the writer's deadline gives up on it.
- ToneTTS: a fast voice that needs no model: a voiced tone per syllable whose length
  follows the text (about 4.5 Chinese syllables a second), so program audio has speech-like
  timing and real silences where nothing is said.
- TTSGate: wraps a voice engine; while its fault is on, every sentence fails at once
  ("connection refused"), so the failover chain goes on to the next engine.
"""

from __future__ import annotations

import asyncio
import random
import re
import shutil
from collections.abc import AsyncIterator, Sequence
from typing import Any

import numpy as np

from vhost.clock import Clock
from vhost.llm.base import ChatMessage, GenParams
from vhost.tts.base import TTS, Speech, TTSError, VoiceSpec

_PRODUCT = re.compile(r"(?:產品|产品|Product)[:：]\s*([^（(\n]+)")
_PRICE = re.compile(r"(?:現價|现价|價格|价格|Price now|Price)[:：]\s*([\d.]+)")
_POINTS = re.compile(r"(?:賣點|卖点|Selling points)[:：]\s*([^\n]+)")
_QUOTE = re.compile(r"「([^」]*)」")
RISKY_ZH = ("這是全網最低價！", "加我微信 abc123 領券。", "這款可以治療失眠。", "國家級認證，第一品牌！")
RISKY_EN = ("This is the best one in the world!", "As an AI, I cannot say more.")


def scripted_reply(messages: Sequence[ChatMessage], rng: random.Random, risky: float, *, risky_lines: tuple[tuple[str, ...], tuple[str, ...]] = (RISKY_ZH, RISKY_EN),
                   echo: bool = False) -> str:  # fmt: skip
    """A stand-in host model's answer: from the facts in the system prompt, sometimes badly.

    With probability `risky` it opens with a line the guard must refuse; with `echo` it obeys a
    quoted instruction by repeating it, the way a small model does. A rewrite request is obeyed."""
    system, user = messages[0].content, messages[-1].content
    en = "English" in system
    name_m, price_m, points_m = _PRODUCT.search(system), _PRICE.search(system), _POINTS.search(system)
    name = name_m.group(1).strip() if name_m else ("this one" if en else "這款")
    price = price_m.group(1) if price_m else ""
    points = [p for p in (points_m.group(1).split("；") if points_m else []) if p]
    quote = _QUOTE.search(user)
    said = quote.group(1) if quote else ""
    low = said.lower()
    out: list[str] = []
    repair = any(k in user for k in ("改寫", "改写", "Rewrite"))
    if not repair and rng.random() < risky:
        out.append(rng.choice(risky_lines[1] if en else risky_lines[0]))
    if echo and not repair and any(k in low for k in ("忽略", "ignore", "system", "重複", "repeat", "say ")):
        out.append(said + ("." if en else "。"))
    asks_price = any(k in low for k in ("多少", "價", "价", "錢", "钱", "price", "how much", "cost"))
    if en:
        out.append(f"{name} is {price} yuan right now." if asks_price and price else "Good question, the details are on the product card.")
    elif asks_price and price:
        out.append(f"{name}現在是 {price} 元。")
    elif points:
        out.append(f"{name}{rng.choice(points)}。")
    else:
        out.append("謝謝你的留言，我們繼續看產品。")
    return "".join(out)


class ScriptedLLM:
    name = "scripted"

    def __init__(self, clock: Clock, seed: int = 7, risky: float = 0.05, first_delay_s: float = 0.4, delta_s: float = 0.04) -> None:
        self.clock = clock
        self.rng = random.Random(f"llm:{seed}")
        self.risky = risky
        self.first_delay_s = first_delay_s
        self.delta_s = delta_s
        self.requests = 0

    def reply(self, messages: Sequence[ChatMessage]) -> str:
        return scripted_reply(messages, self.rng, self.risky)

    async def stream(self, messages: Sequence[ChatMessage], params: GenParams) -> AsyncIterator[str]:
        self.requests += 1
        text = self.reply(messages)
        await self.clock.sleep(self.first_delay_s)
        for i in range(0, len(text), 3):
            if i:
                await self.clock.sleep(self.delta_s)
            yield text[i : i + 3]

    async def aclose(self) -> None:
        return None


class LLMGate:
    """The show's LLM, or a hung one while `hang_until` (program time) is ahead."""

    def __init__(self, inner: Any, clock: Clock) -> None:
        self.inner, self.clock, self.name = inner, clock, inner.name
        self.caches_prefix = bool(getattr(inner, "caches_prefix", False))
        self.hang_until = -1.0
        self.hung = 0  # requests that met the hang

    async def stream(self, messages: Sequence[ChatMessage], params: GenParams) -> AsyncIterator[str]:
        if self.clock.now() < self.hang_until:
            self.hung += 1
            await asyncio.Event().wait()  # no first token, ever: the caller's deadline ends it
        async for delta in self.inner.stream(messages, params):
            yield delta

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    async def aclose(self) -> None:
        await self.inner.aclose()


class ToneTTS:
    """A voiced tone per syllable: Chinese characters and digits a syllable each, Latin words
    one per three letters; a short pause after a comma."""

    def __init__(self, name: str = "tone", pitch_hz: float = 180.0, sr: int = 16000) -> None:
        self.name, self.pitch_hz, self.sr = name, pitch_hz, sr

    def syllables(self, text: str) -> list[int]:
        """1 for a syllable, 0 for a pause, in order."""
        out: list[int] = []
        for part in re.findall(r"[\u3400-\u9fff0-9]|[A-Za-z]+|[，、；：,;:]", text):
            if part in "，、；：,;:":
                out.append(0)
            elif part[0].isascii() and part[0].isalpha():
                out.extend([1] * max(1, len(part) // 3))
            else:
                out.append(1)
        return out or [1]

    async def synthesize(self, text: str, voice: VoiceSpec) -> Speech:
        syl = int(self.sr * 0.22)
        t = np.arange(syl) / self.sr
        env = np.sin(np.pi * np.arange(syl) / syl) ** 0.5 * 0.9 + 0.1  # never quite zero inside a word
        parts = []
        for i, s in enumerate(self.syllables(text)):
            if s:
                f = self.pitch_hz * (1.0 + 0.06 * ((i % 4) - 1.5))  # a little melody
                parts.append((np.sin(2 * np.pi * f * t) * env * 9000).astype(np.int16))
            else:
                parts.append(np.zeros(int(self.sr * 0.12), np.int16))
        await asyncio.sleep(0)
        return Speech(pcm=np.concatenate(parts), sample_rate=self.sr, engine=self.name)

    async def aclose(self) -> None:
        return None


class TTSGate:
    """A voice engine that fails every sentence while `down_until` (program time) is ahead."""

    def __init__(self, engine: TTS, clock: Clock) -> None:
        # not `inner`: the chain's health probe would take that to go around the gate
        self.engine, self.clock, self.name = engine, clock, engine.name
        self.down_until = -1.0
        self.failed = 0
        langs = getattr(engine, "langs", None)
        if langs is not None:
            self.langs = langs

    async def synthesize(self, text: str, voice: VoiceSpec) -> Speech:
        if self.clock.now() < self.down_until:
            self.failed += 1
            raise TTSError(f"{self.name}: connection refused")
        return await self.engine.synthesize(text, voice)

    async def aclose(self) -> None:
        await self.engine.aclose()


def voice_chain(kind: str, persona: Any, clock: Clock) -> tuple[TTS, list[TTSGate], str]:
    """The soak's failover chain, the gates of every engine but the last, and a description.

    tone: [tone, espeak-ng] (espeak-ng the last resort, as in a persona's chain), or
    [tone, tone-backup] where espeak-ng is not installed; espeak: [espeak-ng, tone];
    real: the persona's own chain (vhost.tts.registry.build_voice)."""
    from vhost.tts.failover import FailoverTTS
    from vhost.tts.registry import build_voice, voice_spec

    if kind == "real":
        chain = build_voice(persona.voice, clock)
        engines = chain.engines  # type: ignore[attr-defined]
        gates = [TTSGate(e, clock) for e in engines[:-1]]
        chain.engines = [*gates, engines[-1]]  # type: ignore[attr-defined]
        return chain, gates, "the persona's voice: " + " → ".join(e.name for e in engines)
    espeak = None
    if shutil.which("espeak-ng"):
        from vhost.tts.espeak import EspeakTTS

        espeak = EspeakTTS(pitch=persona.voice.espeak.pitch)
    if kind == "espeak":
        if espeak is None:
            from vhost.errors import MissingTool

            raise MissingTool("espeak-ng is not installed (not on PATH)", fix="run: sudo apt-get install espeak-ng, or use --voice tone")
        first: list[TTS] = [espeak]
        last: TTS = ToneTTS("tone")
    else:
        first, last = [ToneTTS("tone")], espeak or ToneTTS("tone-backup", pitch_hz=140.0)
    gates = [TTSGate(e, clock) for e in first]
    chain = FailoverTTS([*gates, last], clock, resolve=lambda engine, spec: voice_spec(persona.voice, engine, spec.lang))
    return chain, gates, " → ".join(e.name for e in [*first, last])
