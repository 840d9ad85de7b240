"""The persona engineer's graded chat corpus through the real persona: what must be stopped is
stopped, what must be answered is answered, and product questions find their product."""

from __future__ import annotations

import json
from pathlib import Path

from vhost.intake.intake import Intake
from vhost.intake.ledger import Ledger
from vhost.persona.loader import load_persona
from vhost.sources.replay import parse_line

CORPUS = Path("personas/corpora/tech_reviewer.jsonl")
PERSONA = Path("personas/tech_reviewer.yaml")


def test_corpus_triage() -> None:
    persona = load_persona(PERSONA)
    ledger = Ledger()
    intake = Intake(persona, ledger)
    checked = 0
    paid_injections: set[int] = set()
    checked_paid = 0
    for n, line in enumerate(CORPUS.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        t, ev = parse_line(line, f"{CORPUS}:{n}")
        expect = json.loads(line).get("expect", {})
        ev = intake.submit(ev, t)
        row = ledger.rows()[ev.index]
        kind = expect.get("adversarial")
        where = f"{CORPUS}:{n} {ev.text!r} -> {row}"
        if kind in ("toxic", "spam"):
            assert row["fate"] == "blocked", where
        elif kind == "injection" and ev.paid:
            assert row["fate"] is None, where  # the payer is acknowledged; the pick says injection
            paid_injections.add(ev.index)
        elif kind == "injection":
            assert row["fate"] in ("blocked", "dropped"), where
        elif ev.kind.value in ("danmaku", "superchat") and row.get("reason", "").split(":")[0] not in ("duplicate spam",):
            # ordinary questions, wrong-price bait, absolute-claim bait and off-topic chat reach the writer
            assert row["fate"] is None or kind == "offtopic", where
        if "product" in expect:
            assert intake._products.find(ev.text) == expect["product"], where
        checked += 1
        while (pick := intake.next_reply(t, chat_mode="paid")) is not None:
            assert pick.injection == (pick.event.index in paid_injections)
            paid_injections.discard(pick.event.index)
            checked_paid += 1
    assert checked > 250 and checked_paid and not paid_injections
