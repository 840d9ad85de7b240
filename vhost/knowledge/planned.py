"""What may be said for a question: the plan's own type, and how a product is named in it."""

from __future__ import annotations

from dataclasses import dataclass

from vhost.knowledge.names import short_name
from vhost.persona.model import Persona


@dataclass(frozen=True)
class Plan:
    mode: str  # fact | defer | clarify | correct | decline | caution | open
    lines: tuple[str, ...]  # the safe answer, in the answer language (script applied by the writer)
    must: tuple[str, ...] = ()  # folded tokens an LLM answer has to contain
    facts: tuple[str, ...] = ()  # fact sentences to give the LLM
    unknown: str = ""  # what the sheet does not say, for the LLM prompt
    llm: bool = False  # may the LLM phrase it


def name_of(persona: Persona, pid: str | None, en: bool) -> str:
    p = persona.product(pid)
    if p is None:
        return "it" if en else "這款"
    return short_name(p.name)
