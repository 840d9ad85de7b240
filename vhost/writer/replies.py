"""The writer's answers to viewer questions: each understood and planned (vhost.writer.answering), then said by
the author's rule, the plan's own lines or the LLM phrasing the facts; several asked in one breath are answered
together, each naming its product. A mixin of Writer: every line still goes through its guard (_template)."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncGenerator, Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from vhost.clock import Clock
from vhost.compute import off_loop
from vhost.knowledge.lexicon import POLICY_INTENTS
from vhost.knowledge.names import name_product
from vhost.text.names import spoken_name
from vhost.writer.answering import Answer, Answering, just_said, plan_candidates, shorten
from vhost.writer.jobs import Line, WriterConfig
from vhost.writer.templates import Candidate

if TYPE_CHECKING:
    from vhost.writer.writer import _Job

JUST_SAID_S = 30.0  # a fact heard this recently is "as I just said"


def _facts_first(ans: Answer) -> int:
    if ans.rule is not None or ans.plan.mode in ("fact", "correct", "caution", "decline"):
        return 0
    return 1 if ans.plan.mode == "defer" else 2


class Replies:
    clock: Clock
    config: WriterConfig
    answering: Answering
    stats: dict[str, Any]
    _last_product: str | None
    on_air: Callable[[float], Sequence[str]]  # the sentences begun on air within that many seconds

    if TYPE_CHECKING:  # the Writer's: the guard, the safe fallback, the LLM

        def _template(self, ctx: _Job, cand: Candidate, origin: str, replaced: tuple[str, ...] = ()) -> Line | None: ...

        def _first_safe(self, ctx: _Job, cands: Iterable[Candidate], replaced: tuple[str, ...]) -> Line | None: ...

        def _generate(self, ctx: _Job) -> AsyncGenerator[Line, None]: ...

    async def _answer(self, ctx: _Job) -> AsyncGenerator[Line, None]:
        """A viewer's question (or, in a busy room, a few of them in one breath): each answered by
        the author's rule if one fits, else its plan (the LLM phrasing the facts where it may and the
        room is calm, the plan's own lines otherwise)."""
        job = ctx.job
        stage = (job.segment.product if job.segment is not None else None) or (job.product.id if job.product else None)
        asked = [(ctx.question, ctx.viewer)] + [
            (p.event.text, spoken_name(p.event.user.name, en=job.lang == "en") if p.speak_name else "") for p in job.group
        ]
        with self.clock.busy():
            await off_loop(self.answering.warm, [q for q, _ in asked])
        answers = []
        for question, viewer in asked:
            ans = self.answering.answer(
                question, job.lang, viewer=viewer, stage_product=stage, last_product=self._last_product
            )
            if ans.understood.product:
                self._last_product = ans.understood.product
            answers.append(ans)
        brief = job.brief or (1 if len(answers) > 1 else 0)
        # one answer for viewers who asked the same thing in other words ("耳機多少錢" / "X1 現在多少")
        said: set[tuple[Any, ...]] = set()
        unique = []
        for ans in answers:
            u = ans.understood
            key = (u.products, u.answered_as, u.attrs, u.missing, u.bait, u.ambiguous)
            if key not in said or not u.products:
                said.add(key)
                unique.append(ans)
        answers = unique
        if len(answers) > 1:  # in one breath, small talk ("收到小明的留言") only costs the others air time
            answers = [a for a in answers if a.rule is not None or a.plan.mode != "open"] or answers[:1]
            answers.sort(key=_facts_first)  # what answers first, "which one do you mean?" last
        spoken = 0
        for i, ans in enumerate(answers):  # no preamble: each answer of a group names its product
            ctx.answer, ctx.bait = ans, ans.understood.bait
            ctx.persona = self.answering.edition(job.lang)
            ctx.product = ctx.persona.product(ans.understood.product) or (
                job.product if not ans.understood.products else None
            )
            ctx.emitted = 0 if i else ctx.emitted
            # a holding line only if the utterance would otherwise say nothing at all
            hold = i == len(answers) - 1 and spoken == 0
            async with contextlib.aclosing(self._one_answer(ctx, ans, brief, name_it=len(answers) > 1, hold=hold)) as lines:
                async for line in lines:
                    spoken += 1
                    yield line

    async def _one_answer(self, ctx: _Job, ans: Answer, brief: int, name_it: bool = False, hold: bool = True) -> AsyncGenerator[Line, None]:
        """hold: a holding line when nothing planned is safe (unless another answer of the same
        breath was said: then nothing rather than "I'll come back to that")."""
        if ans.rule is not None:
            text = shorten(ans.rule.text) if brief else ans.rule.text
            if name_it and ans.understood.answered_as not in POLICY_INTENTS:
                text = name_product(text, ctx.persona, ans.understood.product)
            rule = ans.rule if text == ans.rule.text else Candidate(text, ans.rule.source, ans.rule.product, ans.rule.emotion)
            rule = just_said(rule, ans.understood, self.on_air(JUST_SAID_S), ctx.job.lang)
            line = self._template(ctx, rule, "template")
            if line is not None:
                self.stats["rule_answers"] += 1
                self.stats["answers"]["rule"] += 1
                ctx.emitted += 1
                yield line
                return
        if ans.plan.llm and self.config.llm_answers and not brief:
            self.stats["answers"]["llm"] += 1
            async with contextlib.aclosing(self._generate(ctx)) as gen:
                async for line in gen:
                    yield line
            return
        self.stats["answers"][ans.plan.mode] += 1
        for line in self._plan_lines(ctx, brief, name_it):
            ctx.emitted += 1
            yield line
        if ctx.emitted == 0 and hold:  # every planned line refused: never silence a viewer's question
            fallback = self._first_safe(ctx, ctx.templates.holding(ctx.job.lang), ())
            if fallback is not None:
                ctx.emitted += 1
                yield fallback

    def _plan_lines(self, ctx: _Job, brief: int = 0, name_it: bool = False) -> Iterator[Line]:
        assert ctx.answer is not None
        for i, cand in enumerate(plan_candidates(ctx.answer, brief, ctx.persona, name_it)):
            if i == 0:  # even in a busy room: "剛才說了" is half a second (10/s room, p50 3.36 s with it, 3.41 s without)
                cand = just_said(cand, ctx.answer.understood, self.on_air(JUST_SAID_S), ctx.job.lang)
            line = self._template(ctx, cand, "template")
            if line is not None:
                yield line
