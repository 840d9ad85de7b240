"""`vhost eval --graded`: every hand-labelled question through the real writer, graded honestly.

Each question is asked on its own (no memory), as the show would ask it: the viewer's
language detected as intake does, the labelled context product on stage, the persona's
rules, knowledge base, LLM and guard all in play. The compute budget is fixed per question
(a token budget; no wall-clock deadline), so the figures do not depend on how busy the
machine is. Answers are graded by vhost.grading, which shares no code with the guard.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from vhost.clock import FastClock
from vhost.events import ChatEvent, EventKind, User
from vhost.grading import GradedItem, Prediction, grade, load_graded, report, sheet_of
from vhost.intake.intake import Pick
from vhost.llm.base import LLM
from vhost.persona.model import Persona
from vhost.text.fold import detect_lang
from vhost.writer.writer import WriteJob, Writer, WriterConfig

# no wall-clock deadline: a fixed token budget per answer, whatever the machine's load
# clock_busy: the model computes off the event loop; the fast clock must not jump past it
BUDGET = WriterConfig(first_token_s=1e6, planned_first_token_s=1e6, stall_s=1e6, max_tokens=96, temperature=0.0, clock_busy=True)
AS_OF = datetime(2026, 12, 4, 20, 0)  # the promos of the shipped sheets run until 2026-12-31


@dataclass
class Asked:
    item: GradedItem
    answer: str
    lines: list[dict[str, Any]]
    prediction: Prediction
    seconds: float


def _lang(persona: Persona, text: str) -> str:
    lang = detect_lang(text)
    langs = persona.identity.languages
    if persona.identity.pin_language:
        return langs[0]
    if lang == "zh":
        return next((x for x in langs if x.startswith("zh")), "zh-Hant")
    if lang == "en" and "en" not in langs:
        return langs[0]
    return lang


async def ask_all(persona: Persona, items: list[GradedItem], llm: LLM, config: WriterConfig = BUDGET) -> list[Asked]:
    clock = FastClock(wall=False)
    out: list[Asked] = []
    async with clock.running():
        writer = Writer(persona, llm, clock, config)
        await writer.warm(llm)
        for n, it in enumerate(items):
            lang = _lang(persona, it.text)
            ev = ChatEvent("eval", EventKind.DANMAKU, User(f"v{n}", "小明" if lang != "en" else "Alex"), text=it.text, index=n)
            pick = Pick(ev, (), 1.0, lang, False, None)
            seg = next((s for s in persona.rundown.segments if s.product == it.context_product), None) if it.context_product else None
            job = WriteJob("reply", f"q{n}", lang, pick=pick, product=persona.product(it.context_product), segment=seg)
            writer._last_product = None  # each question on its own
            t0 = time.perf_counter()
            lines = [x async for x in writer.write(job)]
            dt = time.perf_counter() - t0
            u = writer.answering.understander.understand(it.text, lang, stage_product=it.context_product)
            sep = " " if lang == "en" else ""
            # the catchphrase a writer may append is not part of the answer
            said = [x for x in lines if x.text not in {c.text for c in persona.edition(lang).identity.catchphrases}]
            out.append(Asked(it, sep.join(x.text for x in said), [{"text": x.text, "origin": x.origin, "replaced": list(x.replaced)} for x in lines],
                             Prediction(u.intent, tuple(u.products)), dt))  # fmt: skip
    return out


def evaluate(persona: Persona, corpus: Path, llm: LLM, *, config: WriterConfig = BUDGET) -> dict[str, Any]:
    import asyncio

    items = load_graded(corpus)
    asked = asyncio.run(ask_all(persona, items, llm, config))
    sheet = sheet_of(persona, persona.edition("en"), now=AS_OF)
    grades = {a.item.id: grade(a.item, a.answer or None, sheet) for a in asked}
    rep = report(items, grades, {a.item.id: a.prediction for a in asked})
    d = rep.to_dict()
    by_id = {a.item.id: a for a in asked}
    for row in d["items"]:
        a = by_id.get(row["id"])
        if a is not None:
            row["answer"] = a.answer
            row["lines"] = a.lines
            row["seconds"] = round(a.seconds, 2)
    secs = sorted(a.seconds for a in asked)
    d["seconds_p50"] = round(secs[len(secs) // 2], 2) if secs else None
    d["persona"] = persona.id
    d["corpus"] = str(corpus)
    d["llm"] = getattr(llm, "name", "?")
    d["table"] = rep.table()
    return d


def write(report_: dict[str, Any], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report_, ensure_ascii=False, indent=1), encoding="utf-8")
