"""`vhost persona ask FILE "問題"`: how a question is understood and what the host would say.

For persona authors: no stream, no model. Shows the intent (with its confidence and runner-up
scores), the product and where it came from, the attributes and facts found, what the sheet
lacks, the viewer's claims the sheet contradicts, the answer plan, the author's rule that would
win, and the lines said without the model, each checked by the guard as on air.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from vhost.guard.guard import Guard
from vhost.llm.prompt import script
from vhost.persona.loader import load_persona
from vhost.persona.model import Persona
from vhost.text.fold import detect_lang
from vhost.writer.answering import Answering


def answer_language(persona: Persona, text: str, lang: str | None) -> str:
    """The writer's choice: the viewer's script, else the persona's first language."""
    if lang:
        return lang
    got = detect_lang(text)
    if got == "zh":
        first = persona.identity.languages[0]
        return first if first.startswith("zh-") else "zh-Hant"
    return got


def explain(persona: Persona, question: str, *, lang: str | None = None, stage: str | None = None,
            last: str | None = None) -> dict[str, Any]:  # fmt: skip
    lang = answer_language(persona, question, lang)
    ans = Answering(persona).answer(question, lang, viewer="", stage_product=stage, last_product=last)
    u, plan = ans.understood, ans.plan
    guard = Guard(persona)
    said = [ans.rule.text] if ans.rule is not None else list(plan.lines)
    product = persona.edition(lang).product(u.product)
    lines = []
    for text in said:
        text = script(text, lang) if lang.startswith("zh") else text
        v = guard.check(text, product=product, origin="template", lang=lang, bait=u.bait)
        lines.append({"text": text, "guard": "ok" if v.ok else "refused", "reasons": list(v.reasons)})
    return {
        "question": question, "lang": lang, "intent": u.intent, "answered_as": u.answered_as, "confidence": u.confidence, "scores": u.scores,
        "products": list(u.products), "product_from": u.product_from, "attributes": list(u.attrs),
        "facts": [f.text for f in u.facts], "missing": list(u.missing), "bait": list(u.bait), "ambiguous": list(u.ambiguous),
        "plan": {"mode": plan.mode, "lines": list(plan.lines), "model_may_phrase": plan.llm, "must_say": list(plan.must)},
        "rule": ans.rule.source if ans.rule is not None else None, "says": lines,
    }  # fmt: skip


def cmd_ask(args: argparse.Namespace) -> int:
    persona = load_persona(args.file)
    out = [explain(persona, q, lang=args.lang, stage=args.stage, last=args.last) for q in args.questions]
    if args.json:
        print(json.dumps(out if len(out) > 1 else out[0], ensure_ascii=False, indent=2))
        return 0
    for r in out:
        prods = ", ".join(r["products"]) or "-"
        print(f"{r['question']}  [{r['lang']}]")
        route = f"; answered as {r['answered_as']}" if r["answered_as"] != r["intent"] else ""
        print(f"  intent     {r['intent']} ({r['confidence']:.2f}; {', '.join(f'{k} {v:.2f}' for k, v in r['scores'].items())}{route})")
        print(f"  product    {prods} (from {r['product_from']})" + (f"; could be {', '.join(r['ambiguous'])}" if r["ambiguous"] else ""))
        if r["attributes"]:
            print(f"  asks       {', '.join(r['attributes'])}")
        for f in r["facts"]:
            print(f"  fact       {f}")
        if r["missing"]:
            print(f"  not on the sheet: {', '.join(r['missing'])}")
        if r["bait"]:
            print(f"  contradicts the sheet: {', '.join(r['bait'])} (corrected, never agreed with)")
        p = r["plan"]
        print(f"  plan       {p['mode']}" + ("; the model may phrase it" + (f", stating {', '.join(p['must_say'])}" if p["must_say"] else "")
                                             if p["model_may_phrase"] else ""))  # fmt: skip
        if r["rule"]:
            print(f"  rule       {r['rule']}")
        for line in r["says"]:
            mark = "" if line["guard"] == "ok" else f"   <- guard refuses: {', '.join(line['reasons'])}"
            print(f"  says       {line['text']}{mark}")
        print()
    return 0


def add_ask(s: argparse._SubParsersAction) -> None:
    ap = s.add_parser("ask", help="how a question is understood and what would be said (no stream, no model)")
    ap.add_argument("file", metavar="FILE")
    ap.add_argument("questions", nargs="+", metavar="QUESTION")
    ap.add_argument("--lang", choices=("zh-Hant", "zh-Hans", "en"), help="answer language (default: the question's)")
    ap.add_argument("--stage", metavar="PRODUCT", help="the product on stage (context for 'this one')")
    ap.add_argument("--last", metavar="PRODUCT", help="the product talked about last")
    ap.add_argument("--json", action="store_true", help="print the result as JSON")
    ap.set_defaults(func=cmd_ask)
