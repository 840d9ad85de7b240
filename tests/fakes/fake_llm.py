"""A scripted LLM that implements the real Protocol: deltas, delays on the clock, errors, stalls."""

from __future__ import annotations

import random
import re
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass

from vhost.clock import Clock
from vhost.llm.base import ChatMessage, GenParams, LLMError


@dataclass(frozen=True)
class Reply:
    deltas: tuple[str, ...] = ()
    first_delay: float = 0.0  # program seconds before the first delta
    delay: float = 0.0  # between deltas
    error_after: int | None = None  # raise after this many deltas
    error: str = "backend exploded: HTTP 500 Internal Server Error"
    stall_after: int | None = None  # hang forever after this many deltas

    @classmethod
    def text(cls, text: str, step: int = 3, **kw: float | int | None) -> Reply:
        return cls(tuple(text[i : i + step] for i in range(0, len(text), step)), **kw)  # type: ignore[arg-type]


Responder = Callable[[Sequence[ChatMessage]], Reply]


class FakeLLM:
    name = "fake"

    def __init__(self, clock: Clock, replies: Sequence[Reply | str] | Responder = (), default: Reply | None = None) -> None:
        self.clock = clock
        self._responder = replies if callable(replies) else None
        self._queue = [] if callable(replies) else [r if isinstance(r, Reply) else Reply.text(r) for r in replies]
        self._default = default or Reply()
        self.calls: list[list[ChatMessage]] = []
        self.params: list[GenParams] = []
        self.closed = 0  # streams that ended early (aclose/cancel) or finished
        self.yielded = 0

    def _next(self, messages: Sequence[ChatMessage]) -> Reply:
        if self._responder is not None:
            return self._responder(messages)
        return self._queue.pop(0) if self._queue else self._default

    async def stream(self, messages: Sequence[ChatMessage], params: GenParams) -> AsyncIterator[str]:
        self.calls.append(list(messages))
        self.params.append(params)
        reply = self._next(messages)
        try:
            if reply.first_delay:
                await self.clock.sleep(reply.first_delay)
            for i, d in enumerate(reply.deltas):
                if reply.error_after is not None and i >= reply.error_after:
                    raise LLMError(reply.error)
                if reply.stall_after is not None and i >= reply.stall_after:
                    await self.clock.sleep(1e9)
                if i and reply.delay:
                    await self.clock.sleep(reply.delay)
                self.yielded += 1
                yield d
            if reply.error_after is not None and reply.error_after >= len(reply.deltas):
                raise LLMError(reply.error)
        finally:
            self.closed += 1

    async def aclose(self) -> None:
        return None


_PRODUCT = re.compile(r"(?:產品|产品|Product)[:：]\s*([^（(\n]+)")
_PRICE = re.compile(r"(?:現價|现价|價格|价格|Price now|Price)[:：]\s*([\d.]+)")
_POINTS = re.compile(r"(?:賣點|卖点|Selling points)[:：]\s*([^\n]+)")
_QUOTE = re.compile(r"「([^」]*)」")
RISKY_ZH = ("這是全網最低價！", "只要 99 元就能帶走！", "加我微信 abc123 領券。", "作為AI，我只能這樣說。", "這款可以治療失眠。")
RISKY_EN = ("This is the best one in the world!", "It's only 9 yuan today!", "As an AI, I cannot say more.")


def facts_responder(seed: int = 7, risky: float = 0.2, first_delay: float = 0.3, delay: float = 0.04) -> Responder:
    """A stand-in host model: answers from the facts in the system prompt, sometimes badly.

    With probability `risky` it opens with a forbidden sentence, and it obeys any quoted
    instruction by echoing it, the way a small model does; the guard must catch all of it.
    """
    rng = random.Random(seed)

    def respond(messages: Sequence[ChatMessage]) -> Reply:
        system, user = messages[0].content, messages[-1].content
        en = "English" in system
        name_m, price_m, points_m = _PRODUCT.search(system), _PRICE.search(system), _POINTS.search(system)
        name = name_m.group(1).strip() if name_m else ("this one" if en else "這款")
        price = price_m.group(1) if price_m else ""
        points = [p for p in (points_m.group(1).split("；") if points_m else []) if p]
        quote = _QUOTE.search(user)
        said = quote.group(1) if quote else ""
        out: list[str] = []
        repair = "改寫" in user or "改写" in user or "Rewrite" in user
        if not repair and rng.random() < risky:
            out.append(rng.choice(RISKY_EN if en else RISKY_ZH))
        if not repair and any(k in said.lower() for k in ("忽略", "ignore", "system", "重複", "repeat", "say ")):
            out.append(said + ("." if en else "。"))
        asks_price = any(k in said.lower() for k in ("多少", "價", "价", "錢", "钱", "price", "how much", "cost"))
        if en:
            out.append(f"{name} is {price} yuan right now." if asks_price and price else "Good question, the details are on the product card.")
        elif asks_price and price:
            out.append(f"{name}現在是 {price} 元。")
        elif points:
            out.append(f"{name}{rng.choice(points)}。")
        else:
            out.append("謝謝你的留言，我們繼續看產品。")
        return Reply.text("".join(out), step=3, first_delay=first_delay, delay=delay)

    return respond
