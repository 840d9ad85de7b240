"""The writer: a job in, guarded lines out, streamed as the LLM writes them.

Nothing reaches TTS without passing the guard. A refused sentence is regenerated once
with the reason as a repair hint, then replaced by a persona line; a late or failing
backend is answered from the persona (rules, FAQs, selling points, holding lines).
An error message is never spoken.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import logging
import re
from collections.abc import AsyncGenerator, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from vhost.clock import Clock
from vhost.guard import Guard, Verdict
from vhost.llm.base import LLM, GenParams
from vhost.llm.prompt import build_messages, own_words, script
from vhost.persona.model import Persona, Product
from vhost.plays.live import LiveFacts, live_product
from vhost.text.chunker import SentenceChunker
from vhost.text.fold import fold
from vhost.text.names import spoken_name
from vhost.writer.answering import Answer, Answering
from vhost.writer.clean import apply_replacements, clean_sentence
from vhost.writer.jobs import Line, WriteJob, WriterConfig, _family, _pick_fields, _thanks_numbers, _thanks_text
from vhost.writer.onair import OnAir, Prepared
from vhost.writer.replies import Replies
from vhost.writer.stream import StreamFailed, sentences
from vhost.writer.templates import BUILTIN_THANKS, MANY_ASKED, THANKS_VIEWER, Candidate, Templates

log = logging.getLogger(__name__)
_HELLO = re.compile(r"晚上好|早上好|下午好|午安|晚安|你好|妳好|大家好|哈囉|哈喽|来了|來了|^(?:hi|hello|hey)\b", re.I)
__all__ = ["Line", "WriteJob", "Writer", "WriterConfig"]  # the director imports these from here



def _said_too(names: tuple[str, ...]) -> tuple[str, ...]:
    """Viewers' names as written and as said (小明240, 小明): both may appear in a line."""
    return tuple(dict.fromkeys(x for n in names for x in (n, spoken_name(n)) if x))


class _Failed(Exception):
    """The LLM produced nothing usable: reason for stats, never spoken."""


@dataclass
class _Job:
    job: WriteJob
    persona: Persona
    guard: Guard
    templates: Templates
    product: Product | None
    question: str
    viewer: str
    merged: int
    extra: tuple[float, ...]
    emitted: int = 0
    first_token: float | None = None
    rejected: list[str] | None = None
    answer: Answer | None = None  # a viewer question, understood and planned
    bait: tuple[str, ...] = ()
    allow: tuple[str, ...] = ()  # names that may appear in a Chinese sentence


class Writer(Replies, OnAir):
    def __init__(
        self,
        persona: Persona,
        llm: LLM,
        clock: Clock,
        config: WriterConfig | None = None,
        guard: Guard | None = None,
        live: LiveFacts | None = None,
    ) -> None:
        """live: the plays' prices and stock on air (vhost.plays), for the guard, answers and prompts."""
        self.llm = llm
        self.live = live
        self.clock = clock
        self.config = config or WriterConfig()
        self._own_guard = guard is None
        self.persona = persona
        self.guard = guard or Guard(persona, live=live)
        self.templates = Templates(persona, live)
        self.answering = Answering(persona, live)
        self._keep = own_words(persona)  # the persona's names as written, in every Traditional line
        self._last_product: str | None = None  # the product the conversation was last about
        self.on_air = lambda within_s: ()  # the show sets it (Replies.on_air)
        self._rewarm: asyncio.Task[None] | None = None
        self._pending: Persona | Prepared | None = None
        self._since: dict[str, int] = {}
        self.stats: dict[str, Any] = {
            "jobs": 0,
            "lines": 0,
            "rejected": collections.Counter(),
            "fallbacks": collections.Counter(),
            "retries": 0,
            "repaired": 0,
            "rule_answers": 0,
            "llm_errors": collections.Counter(),
            "operator_warnings": 0,
            "catchphrases": 0,
            "ended_early": collections.Counter(),
            "injections_acknowledged": 0,
            "answers": collections.Counter(),  # by plan mode: fact, defer, clarify, correct, llm ...
            "missed_fact": 0,
        }

    def answer_key(self, question: str, lang: str, stage: str | None = None) -> str | None:
        """Answering.answer_key of the persona on air now (a reload replaces the answering, and its keys with it),
        with the product last talked about, as the answer itself will read the question."""
        return self.answering.answer_key(question, lang, stage, self._last_product)

    # -- the job -------------------------------------------------------------------------------
    async def write(self, job: WriteJob) -> AsyncGenerator[Line, None]:
        self._apply_pending()
        self.stats["jobs"] += 1
        question, viewer, merged, values, pid = _pick_fields(job.pick)
        product = self.persona.product(pid) or job.product
        # the name part is said ("小明240" is 小明); an English line does not read a Chinese name
        said_name = spoken_name(viewer, en=job.lang == "en")
        ctx = _Job(
            job, self.persona, self.guard, self.templates, product, question, said_name, merged,
            tuple(values + _thanks_numbers(job.thanks) + list(job.numbers)), rejected=[],
            allow=_said_too((viewer, *(getattr(job.thanks, "names", ()) or ()), *job.names)),
        )  # fmt: skip
        said: list[str] = []
        async with contextlib.aclosing(self._lines(ctx)) as lines:
            async for line in lines:
                said.append(line.text)
                self.stats["lines"] += 1
                yield line
        for extra in self._catchphrase(ctx, said):
            self.stats["lines"] += 1
            yield extra

    async def _lines(self, ctx: _Job) -> AsyncGenerator[Line, None]:
        job = ctx.job
        origin = "operator" if job.kind == "human" else "template"
        for text in job.lines:
            line = self._given(ctx, text, origin)
            if line is not None:
                ctx.emitted += 1
                yield line
        if not job.generate:
            return
        if (
            job.kind == "reply" and ctx.merged and not job.brief and not job.group and not _HELLO.search(ctx.question or "")
        ):  # a busy room gets the answer, not the preamble; many hellos are not "many of you asked"
            many = MANY_ASKED.get(job.lang, MANY_ASKED["zh-Hant"]).format(address=ctx.persona.identity.address)
            line = self._template(ctx, Candidate(many, "many"), "template")
            if line is not None:
                yield line
        if job.kind == "reply" and getattr(job.pick, "injection", False):
            # marked as prompt injection (a paid one reaches us): thank the viewer, never quote or obey
            thanks = THANKS_VIEWER.get(job.lang, THANKS_VIEWER["zh-Hant"]).format(viewer=ctx.viewer)
            line = self._first_safe(ctx, [Candidate(thanks, "injection"), *ctx.templates.holding(job.lang)], ())
            if line is not None:
                self.stats["injections_acknowledged"] += 1
                ctx.emitted += 1
                yield line
            return
        if job.kind == "reply" and ctx.question:
            async with contextlib.aclosing(self._answer(ctx)) as answer:
                async for line in answer:
                    yield line
            return
        async with contextlib.aclosing(self._generate(ctx)) as gen:
            async for line in gen:
                yield line

    def _products(self, ctx: _Job) -> list[Product]:
        out = [ctx.product] if ctx.product is not None else []
        if ctx.job.product is not None and ctx.job.product not in out:
            out.append(ctx.job.product)
        return out

    def _check(self, ctx: _Job, text: str, origin: str, product: Product | None = None):  # -> Verdict
        return ctx.guard.check(
            text, product=product or ctx.product, origin=origin, extra_numbers=ctx.extra, lang=ctx.job.lang,
            bait=ctx.bait, allow_words=tuple(a for a in ctx.allow if a),
        )  # fmt: skip

    def _given(self, ctx: _Job, text: str, origin: str) -> Line | None:
        text = text.strip()
        if origin != "operator":  # an operator's words are theirs: warned about, never rewritten
            text = script(apply_replacements(text, ctx.persona.compliance.replacements), ctx.job.lang, self._keep)
        if not text:
            return None
        v = self._check(ctx, text, origin)
        if v.warnings:
            self.stats["operator_warnings"] += 1
            log.warning("operator line spoken with warnings %s: %s", v.warnings, text)
        if v.ok:
            return Line(text, _family(text), origin, warnings=v.warnings)
        self._reject(v.reasons)
        if ctx.job.kind == "thanks":
            cand: Iterable[Candidate] = [Candidate(BUILTIN_THANKS.get(ctx.job.lang, BUILTIN_THANKS["zh-Hant"]), "thanks")]
        else:
            cand = self._fallback_candidates(ctx)
        return self._first_safe(ctx, cand, v.reasons)

    def _template(self, ctx: _Job, cand: Candidate, origin: str, replaced: tuple[str, ...] = ()) -> Line | None:
        text = script(cand.text, ctx.job.lang, self._keep)
        v = self._check(ctx, text, "template", cand.product)
        if not v.ok:
            self._reject(v.reasons, template=True)
            return None
        return Line(text, _family(text), origin, cand.emotion, replaced, leans_on=cand.leans_on)

    def _first_safe(self, ctx: _Job, cands: Iterable[Candidate], replaced: tuple[str, ...]) -> Line | None:
        recent = {fold(m) for m in ctx.job.memory}
        later: list[Candidate] = []
        for c in cands:
            if fold(script(c.text, ctx.job.lang)) in recent:
                later.append(c)  # said a moment ago: only if nothing else is safe
                continue
            line = self._template(ctx, c, "fallback", replaced)
            if line is not None:
                return line
        for c in later:
            line = self._template(ctx, c, "fallback", replaced)
            if line is not None:
                return line
        log.error("no safe fallback line for job %s", ctx.job.utterance_id)
        return None

    def _fallback_candidates(self, ctx: _Job) -> Iterator[Candidate]:
        t = ctx.templates
        if ctx.question and ctx.answer is None:
            yield from t.answers(ctx.question, self._products(ctx), ctx.viewer)
        if ctx.job.kind in ("pitch", "filler", "script") or not ctx.question:
            yield from t.points(ctx.product)
        yield from t.holding(ctx.job.lang)

    def _fallback(self, ctx: _Job, cause: str) -> Line | None:
        self.stats["fallbacks"][cause] += 1
        if ctx.answer is not None and ctx.answer.plan.lines:
            lines = list(self._plan_lines(ctx))
            if lines:
                # the plan's sentences join into one line: a fallback is a single Line
                sep = " " if ctx.job.lang == "en" else ""
                first = lines[0]
                return Line(sep.join(x.text for x in lines), first.lang, "fallback", first.emotion, tuple(ctx.rejected or ()))
        return self._first_safe(ctx, self._fallback_candidates(ctx), tuple(ctx.rejected or ()))

    def _reject(self, reasons: Iterable[str], template: bool = False) -> None:
        for r in reasons:
            key = r.split(":", 1)[0]
            self.stats["rejected"][f"template:{key}" if template else key] += 1

    # -- generation ----------------------------------------------------------------------------
    def _params(self) -> GenParams:
        c = self.config
        return GenParams(max_tokens=c.max_tokens, temperature=c.temperature, top_p=c.top_p)

    def _messages(self, ctx: _Job, repair: tuple[str, str] | None = None):  # -> list[ChatMessage]
        job = ctx.job
        return build_messages(
            ctx.persona, job.kind, job.lang, product=live_product(ctx.product, self.live) if ctx.product else None,
            segment=job.segment, viewer=ctx.viewer,
            viewer_text=ctx.question or _thanks_text(job.thanks), merged=ctx.merged,
            memory=job.memory[-self.config.memory_lines :], repair=repair,
            facts=ctx.answer.plan.facts if ctx.answer else (), unknown=ctx.answer.plan.unknown if ctx.answer else "",
            hint=ctx.answer.understood.answered_as if ctx.answer else "",
        )  # fmt: skip

    async def _generate(self, ctx: _Job) -> AsyncGenerator[Line, None]:
        cfg = self.config
        got = 0
        try:
            async with contextlib.aclosing(self._sentences(ctx, self._messages(ctx))) as sentences:
                async for text, emotion in sentences:
                    line = self._accept(ctx, text, emotion)
                    if line is not None:
                        got += 1
                        ctx.emitted += 1
                        yield line
                    else:
                        refused = text
                        break
                    if got >= cfg.max_sentences:
                        return
                else:
                    refused = None
            if refused is not None:  # the first stream is closed before the repair starts
                async with contextlib.aclosing(self._repair(ctx, refused, cfg.max_sentences - got)) as fixes:
                    async for fixed in fixes:
                        got += 1
                        ctx.emitted += 1
                        yield fixed
                return
        except _Failed as e:
            if got == 0:
                line = self._fallback(ctx, str(e))
                if line is not None:
                    ctx.emitted += 1
                    yield line
            else:  # what was already guarded was said; the rest of the utterance is dropped
                self.stats["ended_early"][str(e)] += 1
            return
        if got == 0:
            line = self._fallback(ctx, "empty")
            if line is not None:
                ctx.emitted += 1
                yield line

    def _accept(self, ctx: _Job, raw: str, emotion: str | None) -> Line | None:
        text = self._tidy(ctx, raw)
        v = self._check(ctx, text, "llm")
        q = fold(ctx.question)
        if len(q) >= 4 and q in fold(text):  # parroting the viewer: how an injection gets on air
            v = Verdict(False, (*v.reasons, "echo"), v.warnings)
        must = ctx.answer.plan.must if ctx.answer is not None and ctx.emitted == 0 else ()
        if must and not all(_states(fold(text), m) for m in must):
            self.stats["missed_fact"] += 1
            v = Verdict(False, (*v.reasons, "missed_fact"), v.warnings)
        if v.ok:
            line = Line(text, _family(text), "llm", emotion, tuple(ctx.rejected or ()), ctx.first_token)
            ctx.first_token = None  # only the first LLM line carries it
            ctx.rejected = []
            return line
        self._reject(v.reasons)
        log.debug("refused %s: %s", v.reasons, text)
        assert ctx.rejected is not None
        ctx.rejected.extend(v.reasons)
        return None

    def _tidy(self, ctx: _Job, raw: str) -> str:
        text = clean_sentence(raw, ctx.persona.identity.name)
        text = apply_replacements(text, ctx.persona.compliance.replacements)
        return script(text, ctx.job.lang) if ctx.job.lang.startswith("zh") else text

    async def _repair(self, ctx: _Job, bad: str, budget: int) -> AsyncGenerator[Line, None]:
        """One fresh request with the guard's reason as a hint; else a persona line."""
        reasons = tuple(ctx.rejected or ())
        planned = ctx.answer is not None and bool(ctx.answer.plan.lines) and ctx.emitted == 0
        if self.config.repair and budget > 0 and not planned:  # a planned answer has its correct lines ready
            self.stats["retries"] += 1
            hint = ", ".join(r.split(":", 1)[0] + (":" + r.split(":", 1)[1] if ":" in r else "") for r in reasons)
            fixed: Line | None = None
            try:
                async with contextlib.aclosing(self._sentences(ctx, self._messages(ctx, repair=(bad, hint)))) as it:
                    async for text, emotion in it:
                        line = self._accept(ctx, text, emotion)
                        if line is None:
                            break
                        line = Line(line.text, line.lang, line.origin, line.emotion, reasons, line.first_token_s)
                        self.stats["repaired"] += 1
                        fixed = line
                        break
                if fixed is not None:
                    yield fixed
                    return
            except _Failed:
                pass
        line = self._fallback(ctx, "guard")
        if line is not None:
            yield line

    async def _sentences(self, ctx: _Job, messages: list[Any]) -> AsyncGenerator[tuple[str, str | None], None]:
        cfg = self.config
        n = ctx.persona.identity.max_sentence_chars
        en = ctx.job.lang == "en"
        # a planned answer is checked for its fact sentence by sentence: no early half-clause
        early = 10**6 if ctx.answer is not None and ctx.answer.plan.must else cfg.early_clause_chars * (2 if en else 1)
        chunker = SentenceChunker(n * 3 if en else n, early)

        def first_token(t: float) -> None:
            if ctx.first_token is None and ctx.emitted == 0:
                ctx.first_token = t

        planned = ctx.answer is not None and bool(ctx.answer.plan.lines)
        deadline = min(cfg.first_token_s, cfg.planned_first_token_s) if planned else cfg.first_token_s
        it = sentences(
            self.llm, self.clock, messages, self._params(), chunker, first_token_s=deadline,
            stall_s=cfg.stall_s, clock_busy=cfg.clock_busy, on_first_token=first_token, name=f"llm:{ctx.job.utterance_id}",
        )  # fmt: skip
        try:
            async with contextlib.aclosing(it) as stream:
                async for item in stream:
                    yield item
        except StreamFailed as e:
            if e.error is not None:
                self.stats["llm_errors"][type(e.error).__name__] += 1
            raise _Failed(e.cause) from None

    # -- catchphrase ---------------------------------------------------------------------------
    def _catchphrase(self, ctx: _Job, said: list[str]) -> Iterator[Line]:
        if ctx.job.kind in ("thanks", "human", "lottery", "bargain", "flash") or ctx.job.brief or ctx.job.group:
            return  # a catchphrase only when the room is calm
        heard = fold(" ".join(said))
        spoke = False  # at most one catchphrase per utterance
        for cp in ctx.persona.identity.catchphrases:
            key = fold(cp.text)
            n = self._since.get(key, 0) + 1
            if key and key in heard:
                n = 0
            elif n >= cp.every and said and not spoke and _family(cp.text) == ("en" if ctx.job.lang == "en" else "zh"):
                line = self._template(ctx, Candidate(cp.text, "catchphrase"), "template")
                if line is not None:
                    self.stats["catchphrases"] += 1
                    n, spoke = 0, True
                    yield line
            self._since[key] = n


def _states(folded: str, token: str) -> bool:
    """The line says the fact's token: a number on its own, not inside a name (the 65 of "P65" is not 65 W)."""
    if not re.fullmatch(r"\d+(?:\.\d+)?", token):
        return token in folded
    return re.search(rf"(?<![0-9a-z.]){re.escape(token)}(?![0-9]|\.[0-9])", folded) is not None
