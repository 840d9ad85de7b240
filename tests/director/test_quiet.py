"""Small talk when the room is quiet (the chat down): never dead air because every line was said lately."""

from __future__ import annotations

import itertools
from pathlib import Path

from vhost.clock import FastClock
from vhost.director.director import Director
from vhost.intake.intake import Intake
from vhost.intake.ledger import Ledger
from vhost.persona.loader import load_persona


def test_when_every_quiet_line_was_said_lately_the_oldest_is_said_again() -> None:
    persona = load_persona(Path("personas/tech_reviewer.yaml"))
    ledger = Ledger()
    director = Director(persona, Intake(persona, ledger), ledger, FastClock())
    seg = director.segment(0.0)
    said: list[str] = []
    for k in range(40):  # the chat is down for a long while: filler after filler
        job = director._quiet(seg, float(k))
        assert job is not None, f"no quiet line after {said[-8:]}"  # dead air until the next pitch
        said.append(job.lines[0])
        director.memory.extend(job.lines)
    assert len(set(said)) > 1
    # a repeat is the line said longest ago, not the one just heard
    assert all(a != b for a, b in itertools.pairwise(said))



def test_the_anchors_words_stay_in_the_prompt_memory_after_many_short_lines() -> None:
    """Fillers said after the anchor spoke must not push the anchor's words out of what the next prompt reads."""
    from vhost.llm.prompt import user_prompt

    persona = load_persona(Path("personas/tech_reviewer.yaml"))
    ledger = Ledger()
    director = Director(persona, Intake(persona, ledger), ledger, FastClock())
    director.heard("我們的充電頭這週賣得特別好")
    seg = director.segment(0.0)
    for k in range(6):
        job = director._quiet(seg, float(k))
        assert job is not None
        director.memory.extend(job.lines)
    job = director._quiet(seg, 7.0)
    assert job is not None
    assert "充電頭這週賣得特別好" in user_prompt("pitch", "zh-Hant", memory=job.memory), job.memory
