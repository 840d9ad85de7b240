"""What the director asks of the writer (WriteJob) and what comes back (Line)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from vhost.persona.model import Product, Segment
from vhost.text.fold import has_cjk

if TYPE_CHECKING:
    from vhost.intake.intake import Pick, ThanksBatch


@dataclass(frozen=True)
class WriteJob:
    kind: str  # reply | pitch | thanks | filler | script | human
    utterance_id: str
    lang: str  # zh-Hant | zh-Hans | en: the language to speak
    pick: Pick | None = None
    thanks: ThanksBatch | None = None
    product: Product | None = None
    segment: Segment | None = None
    lines: tuple[str, ...] = ()  # already-rendered lines: guarded, not generated
    memory: tuple[str, ...] = ()  # what was actually played recently, newest last
    generate: bool = True  # False: speak `lines` only
    numbers: tuple[float, ...] = ()  # counts and seconds a play's lines may state (prices and stock are still checked)
    names: tuple[str, ...] = ()  # viewers' names the lines say (a lottery's winners)
    group: tuple[Pick, ...] = ()  # more questions answered in the same utterance (a busy room)
    brief: int = 0  # 0 calm, 1 busy, 2 peak: answers get shorter as the backlog grows


@dataclass(frozen=True)
class Line:
    text: str
    lang: str  # zh | en: language family for the TTS voice
    origin: str  # llm | template | operator | fallback
    emotion: str | None = None
    replaced: tuple[str, ...] = ()  # guard reasons of the sentences this line replaced
    first_token_s: float | None = None  # program time of the first LLM token (first LLM line of a job)
    warnings: tuple[str, ...] = ()  # guard warnings on operator lines
    leans_on: str | None = None  # "as I just said": the sentence on air lately that it points back to


@dataclass(frozen=True)
class WriterConfig:
    first_token_s: float = 3.0  # no token by then: answer from the persona
    # ... sooner when the answer's own lines are ready (a greeting, a planned fact): waiting on
    # the model then only holds the room up
    planned_first_token_s: float = 1.5
    stall_s: float = 4.0  # a gap this long mid-stream ends the utterance
    max_sentences: int = 3
    max_tokens: int = 96
    temperature: float = 0.7
    top_p: float = 0.9
    repair: bool = True  # regenerate a refused sentence once before falling back
    llm_answers: bool = True  # let the LLM phrase answers whose facts it is given (checked); False: the plan's lines
    early_clause_chars: int = 8
    memory_lines: int = 4
    # hold clock.busy() while waiting on the backend, so FastClock never skips real decode or
    # network time (which would fire the deadline at once). Off by default: the show wraps real
    # backends in BusyLLM already, and fakes' delays run on the clock.
    clock_busy: bool = False


def _family(text: str) -> str:
    return "zh" if has_cjk(text) else "en"


def _pick_fields(pick: Any) -> tuple[str, str, int, list[float], str | None]:
    """(question, viewer name, merged count, paid values, product id) from an intake Pick."""
    if pick is None:
        return "", "", 0, [], None
    ev = getattr(pick, "event", None)
    merged = tuple(getattr(pick, "merged", ()) or ())
    text = getattr(ev, "text", "") or ""
    user = getattr(ev, "user", None)
    values = [float(getattr(e, "value_cny", 0.0) or 0.0) for e in (ev, *merged) if e is not None]
    return text, getattr(user, "name", "") or "", len(merged), [v for v in values if v], getattr(pick, "product_id", None)


def _thanks_text(batch: Any) -> str:
    if batch is None:
        return ""
    names = "、".join(getattr(batch, "names", ()) or ())
    return f"{names} {getattr(batch, 'gift_summary', '') or ''}".strip()


def _thanks_numbers(batch: Any) -> list[float]:
    if batch is None:
        return []
    out = [float(getattr(batch, "total_cny", 0) or 0), float(getattr(batch, "top_value_cny", 0) or 0)]
    for ev in getattr(batch, "events", ()) or ():
        out += [float(getattr(ev, "value_cny", 0) or 0), float(getattr(ev, "gift_count", 0) or 0)]
    out += [len(getattr(batch, "events", ()) or ()), float(getattr(batch, "others", 0) or 0)]
    return [v for v in out if v]
