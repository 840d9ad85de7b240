"""Scores: a static part fixed when a message arrives, and a part that moves with time and stage."""

from __future__ import annotations

import math

from vhost.events import ChatEvent, EventKind
from vhost.intake.classify import is_greeting
from vhost.intake.cluster import Cluster
from vhost.intake.config import Weights


def static_score(
    w: Weights, ev: ChatEvent, *, question: bool, product: str | None, injection: bool, new_here: bool = False
) -> float:
    s = w.base
    if question:
        s += w.question
    elif is_greeting(ev.text):
        s += w.greeting
    if product is not None:
        s += w.product_mention
    if ev.user.first_time:
        s += w.first_time
    elif new_here:
        s += w.new_in_show
    if 1 <= ev.user.guard_level <= 3:
        s += w.guard * (4 - ev.user.guard_level)
    if ev.paid:
        s += w.paid * math.log1p(ev.value_cny)
    if ev.kind is EventKind.SUPERCHAT:
        s += w.superchat * min(1.0, ev.value_cny / w.superchat_full_cny) if w.superchat_full_cny > 0 else w.superchat
    if injection:
        s += w.injection
    return s


def cluster_score(w: Weights, cl: Cluster, now: float, product_id: str | None, fresh_first: bool = False) -> float:
    """Best member + how many asked - how long since the newest ask + stage and deadline pressure.
    fresh_first: the room keeps asking, age weighs `age_loaded` a second."""
    age = w.age_loaded if fresh_first else w.age
    s = cl.best()[0] + w.cluster * math.log2(cl.size) - age * max(0.0, now - cl.last_t)
    if product_id is not None and cl.product_id == product_id:
        s += w.product_on_stage
    if cl.deadline is not None:
        window = max(cl.deadline - cl.first_t, 1e-6)
        s += w.deadline * min(1.0, max(0.0, (now - cl.first_t) / window))
    return s


def explain(cl: Cluster, now: float, product_id: str | None) -> str:
    parts = []
    if cl.deadline is not None:
        parts.append(f"superchat, {max(0.0, cl.deadline - now):.0f} s to deadline")
    if cl.question:
        parts.append("question")
    if cl.product_id:
        parts.append(f"about {cl.product_id}" + (" (on stage)" if cl.product_id == product_id else ""))
    if cl.size > 1:
        parts.append(f"{cl.size} asked")
    if cl.injection:
        parts.append("marked injection")
    return ", ".join(parts) or "chat"
