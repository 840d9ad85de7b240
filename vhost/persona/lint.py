"""`vhost persona lint`: everything that can be wrong with a persona before it goes on air.

Schema and references (from the loader), then every template rendered with sample data
for the context it runs in, avatar names resolved, and the persona's own lines checked
against its compliance lists with the same folding the guard uses (vhost.text.fold), so
a clean lint means no shipped line is one the guard would block for a banned term.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from vhost.persona.loader import LoadReport, Loc, did_you_mean, load_report
from vhost.persona.model import Persona, Product, Segment
from vhost.persona.source import SourceError, read_text
from vhost.persona.templates import TemplateError, render
from vhost.persona.variables import Context, sample_variables
from vhost.text.fold import fold, has_cjk


@dataclass(frozen=True, slots=True)
class Line:
    """One line the host may say, where it was written and what it renders with."""

    loc: Loc
    text: str
    context: Context
    what: str
    product: Product | None = None
    segment: Segment | None = None
    template: bool = True


def spoken_lines(p: Persona) -> Iterator[Line]:
    for i, c in enumerate(p.identity.catchphrases):
        yield Line(("identity", "catchphrases", i, "text"), c.text, "general", "catchphrase")
    for i, prod in enumerate(p.products):
        for j, sp in enumerate(prod.selling_points):
            yield Line(("products", i, "selling_points", j), sp, "product", "selling point", prod, template=False)
        for j, f in enumerate(prod.faqs):
            yield Line(("products", i, "faqs", j, "a"), f.a, "product", "FAQ answer", prod)
        for j, g in enumerate(prod.gifts):
            yield Line(("products", i, "gifts", j), g, "product", "gift", prod, template=False)
        for j, b in enumerate(prod.bundles):
            yield Line(("products", i, "bundles", j, "name"), b.name, "product", "bundle name", prod, template=False)
    for i, s in enumerate(p.rundown.segments):
        on_stage = p.product(s.product)
        for j, t in enumerate(s.script):
            yield Line(("rundown", "segments", i, "script", j), t, "segment", "script line", on_stage, s)
        for j, t in enumerate(s.quiet):
            yield Line(("rundown", "segments", i, "quiet", j), t, "segment", "quiet line", on_stage, s)
    stage = p.products[0] if p.products else None
    for i, r in enumerate(p.replies):
        yield Line(("replies", i, "reply"), r.reply, "reply", "reply", p.product(r.product) or stage)
    for i, tier in enumerate(p.thanks):
        yield Line(("thanks", i, "template"), tier.template, "thanks", "thank-you")
    for i, h in enumerate(p.holding):
        yield Line(("holding", i), h, "general", "holding line")
    for i, filler in enumerate(p.fillers):
        yield Line(("fillers", i), filler, "general", "filler")


@dataclass(frozen=True, slots=True)
class Terms:
    banned: tuple[str, ...]
    allowed: tuple[str, ...]


# the guard always applies the shipped Advertising Law list; so does lint
DEFAULT_TERMS = Path(__file__).resolve().parents[2] / "personas" / "common" / "adlaw_banned.txt"


def compliance_terms(p: Persona, problems: list[str], report: LoadReport) -> Terms:
    """Inline banned terms, included files ('#' comments, '!term' allowed compounds) and the shipped list."""
    banned = list(p.compliance.banned)
    allowed: list[str] = []
    files: list[tuple[Loc, str]] = [(("compliance", "include", i), inc) for i, inc in enumerate(p.compliance.include)]
    if DEFAULT_TERMS.is_file() and str(DEFAULT_TERMS) not in p.compliance.include:
        files.append((("compliance",), str(DEFAULT_TERMS)))
    for loc, inc in files:
        try:
            text = read_text(Path(inc), inc)
        except SourceError as e:
            problems.append(f"{report.where(loc)}: {e.problems[0].split(': ', 1)[-1]}")
            continue
        for raw in text.splitlines():
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            (allowed if line.startswith("!") else banned).append(line.lstrip("!").strip())
    return Terms(tuple(t for t in banned if t), tuple(t for t in allowed if t))


_ASCII = re.compile(r"^[\x00-\x7f]+$")


def banned_hits(text: str, terms: Terms) -> list[str]:
    """Banned terms in `text`: CJK folded (script, width, separators); ASCII as whole words, any case."""
    folded = fold(text)
    for a in sorted((fold(x) for x in terms.allowed), key=len, reverse=True):
        if a:
            folded = folded.replace(a, "\x00")
    words = unicodedata.normalize("NFKC", text).lower()
    hits = []
    for t in terms.banned:
        if _ASCII.match(t):
            body = r"[\s-]+".join(re.escape(w) for w in t.lower().split())
            if re.search(r"(?<![a-z0-9])" + body + r"(?![a-z0-9])", words):
                hits.append(t)
        else:
            f = fold(t)
            if f and f in folded:
                hits.append(t)
    # one report per folded term, the longest of overlapping hits only (最低價 rather than 最 as well)
    by_fold: dict[str, str] = {}
    for h in hits:
        by_fold.setdefault(fold(h) if not _ASCII.match(h) else h.lower(), h)
    keys = list(by_fold)
    return [by_fold[k] for k in keys if not any(k != o and k in o for o in keys)]


def _avatar_problems(p: Persona, report: LoadReport) -> list[str]:
    out = []
    emotions = sorted(p.avatar.emotions)
    motions = sorted(p.avatar.motions)

    def check(name: str | None, table: list[str], kind: str, loc: Loc) -> None:
        if name is None:
            return
        if name not in table:
            out.append(f"{report.where(loc)}: {kind} '{name}' is not mapped in avatar.{kind}s{did_you_mean(name, table)}")
        elif (p.avatar.emotions if kind == "emotion" else p.avatar.motions)[name].empty():
            out.append(f"{report.where(loc)}: {kind} '{name}' maps to nothing (set vts_hotkey, vts_expression or vmc)")

    for i, s in enumerate(p.rundown.segments):
        check(s.emotion, emotions, "emotion", ("rundown", "segments", i, "emotion"))
        check(s.motion, motions, "motion", ("rundown", "segments", i, "motion"))
    for i, r in enumerate(p.replies):
        check(r.emotion, emotions, "emotion", ("replies", i, "emotion"))
    for i, t in enumerate(p.thanks):
        check(t.emotion, emotions, "emotion", ("thanks", i, "emotion"))
        check(t.motion, motions, "motion", ("thanks", i, "motion"))
    return out


def _structure_problems(p: Persona, report: LoadReport) -> list[str]:
    out = []
    if not p.rundown.segments:
        out.append(f"{report.where(('rundown',))}: the rundown has no segments (the show would only wait for chat)")
    seen: dict[float, int] = {}
    for i, t in enumerate(p.thanks):
        if t.min_cny in seen:
            out.append(f"{report.where(('thanks', i, 'min_cny'))}: two thank-you tiers start at {t.min_cny:g} CNY")
        seen[t.min_cny] = i
    for i, eng in enumerate(p.voice.order):
        if eng in p.voice.order[:i]:
            out.append(f"{report.where(('voice', 'order', i))}: voice engine '{eng}' listed twice")
    return out


def lint_report(report: LoadReport) -> list[str]:
    if report.persona is None:
        return list(report.problems)
    p = report.persona
    problems: list[str] = []
    terms = compliance_terms(p, problems, report)
    english_only = all(lang == "en" for lang in p.identity.languages)
    for line in spoken_lines(p):
        where = report.where(line.loc)
        texts = [line.text]
        if line.template:
            try:
                out = render(line.text, sample_variables(p, line.context, product=line.product, segment=line.segment),
                             where=where)
            except TemplateError as e:
                hint = ""
                if e.message.endswith("is undefined"):
                    have = ", ".join(sorted(sample_variables(p, line.context, product=line.product, segment=line.segment)))
                    hint = f"; a {line.what} here has: {have}"
                problems.append(f"{e.message} (in a {line.what}{hint})")
                continue
            if out != line.text:
                texts.append(out)
        hits: list[str] = []
        for t in texts:
            hits += [h for h in banned_hits(t, terms) if h not in hits]
        for h in hits:
            fix = p.compliance.replacements.get(h)
            hint = f"; say '{fix}' instead" if fix else ""
            problems.append(f"{where}: banned term '{h}' in a {line.what}{hint}")
        if english_only and has_cjk(texts[-1]):
            problems.append(f"{where}: Chinese text in a {line.what} of an English-only persona")
    problems += _avatar_problems(p, report)
    problems += _structure_problems(p, report)
    from vhost.plays.lint import play_problems

    problems += play_problems(p, report, terms)
    return sorted(set(problems), key=_order)


def _order(problem: str) -> tuple[str, int, int, str]:
    m = re.match(r"^(.*?):(\d+):(\d+): ", problem)
    return (m.group(1), int(m.group(2)), int(m.group(3)), problem) if m else (problem, 0, 0, problem)


def lint(path: str | Path) -> list[str]:
    """Every problem in one persona file, as sorted `file:line:col: message` lines."""
    return lint_report(load_report(path))
