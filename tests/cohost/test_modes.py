"""Review, assist and the operator's requests in whole shows on the fast clock (real
intake, director, writer and guard; a scripted LLM; a tone for a voice)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest

from tests.fakes.fake_llm import FakeLLM, Reply
from tests.tts.engines import ScriptedTTS
from vhost.clock import FastClock
from vhost.cohost.config import CohostConfig
from vhost.cohost.review import ReviewError
from vhost.show import Show, ShowConfig

PERSONA = Path("personas/tech_reviewer.yaml")
CHAT = Path("personas/samples/tech_chat.jsonl")


def rows(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()] if path.exists() else []


def make(tmp_path: Path, duration: float = 40.0, **cohost: Any) -> tuple[Show, FastClock, FakeLLM]:
    clock = FastClock()
    cfg = ShowConfig(persona=PERSONA, sources=[f"replay:{CHAT}"], out=tmp_path / "out", duration_s=duration, watch=False,
                     cohost=CohostConfig(**cohost))  # fmt: skip
    llm = FakeLLM(clock, [], default=Reply.text("X1 單次續航 8 小時。"))
    return Show(cfg, llm=llm, tts=ScriptedTTS("tone", seconds=1.0), clock=clock, busy_llm=False), clock, llm


async def run_with(show: Show, operator: Callable[[], Awaitable[None]]) -> None:
    """The show and an operator on the same clock; the operator stops with the show."""
    task = asyncio.create_task(operator())
    try:
        await show.run()
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)


async def test_review_mode_speaks_only_what_was_approved_or_edited(tmp_path):
    show, clock, _ = make(tmp_path, mode="review", review_timeout_s=6.0, review_default="reject")
    review = show.cohost.review
    decided: dict[str, list[str]] = {"approve": [], "reject": [], "edit": [], "refused": []}
    plan = ["approve", "edit", "reject", "approve", "refuse", "approve", "reject", "wait"]

    async def operator() -> None:
        seen: set[str] = set()
        while True:
            await clock.sleep(0.1)
            for item in review.pending():
                if item["id"] in seen:
                    continue
                seen.add(item["id"])
                action = plan[len(seen) - 1] if len(seen) <= len(plan) else "wait"
                if action == "approve":
                    review.approve(item["id"])
                    decided["approve"].append(item["text"])
                elif action == "reject":
                    review.reject(item["id"])
                    decided["reject"].append(item["text"])
                elif action == "edit":
                    text = review.edit(item["id"], "家人們，這款耳機我們實測過，值得一看。").text
                    decided["edit"].append(text)
                elif action == "refuse":  # an edit the guard refuses keeps the line waiting
                    with pytest.raises(ReviewError) as e:
                        review.edit(item["id"], "這是全網最低價，只要 99 元！")
                    assert any(r.startswith(("banned:", "price:")) for r in e.value.reasons), e.value.reasons
                    decided["refused"].append(item["text"])
                    assert item["id"] in [i["id"] for i in review.pending()]
                    review.approve(item["id"])
                    decided["approve"].append(item["text"])

    await run_with(show, operator)
    out = tmp_path / "out"
    spoken = [r for r in rows(out / "transcript.jsonl") if r["kind"] != "human"]
    heard = "".join(r["text"] for r in spoken)
    assert decided["approve"] and decided["edit"] and decided["reject"] and decided["refused"]
    assert "家人們，這款耳機我們實測過，值得一看。" in heard
    for text in decided["reject"]:
        assert text not in heard or text in decided["approve"], f"rejected line spoken: {text}"  # (the same line may come again and be approved)
    said = {line for r in spoken for line in decided["approve"] + decided["edit"] if line in r["text"]}
    for r in spoken:  # every sentence heard was decided by the operator
        rest = r["text"]
        for line in sorted(said, key=len, reverse=True):
            rest = rest.replace(line, "")
        assert not rest.strip(), f"undecided words on air: {rest!r} in {r['text']!r}"
    log = rows(out / "review.jsonl")
    assert {x["decision"] for x in log} >= {"approve", "edit", "reject"}
    timed_out = [x for x in log if x["by"] == "timeout"]
    assert timed_out and all(x["decision"] == "reject" and x["waited_s"] == pytest.approx(6.0, abs=0.3) for x in timed_out)
    assert next(x for x in log if x["decision"] == "edit")["edited"] == "家人們，這款耳機我們實測過，值得一看。"


async def test_review_timeout_default_approve_keeps_the_show_going(tmp_path):
    show, clock, _ = make(tmp_path, duration=30.0, mode="review", review_timeout_s=3.0, review_default="approve")
    await show.run()
    out = tmp_path / "out"
    log = rows(out / "review.jsonl")
    spoken = [r for r in rows(out / "transcript.jsonl")]
    assert log and all((x["by"], x["decision"]) in (("timeout", "approve"), ("show", "withdrawn")) for x in log)
    assert sum(x["decision"] == "approve" for x in log) >= 5
    assert spoken and spoken[0]["start_s"] >= 3.0, "the first line waited its review time"


async def test_assist_mode_speaks_when_asked_or_after_the_gap(tmp_path):
    show, clock, llm = make(tmp_path, duration=45.0, mode="assist", assist_gap_s=10.0)
    asked: dict[str, Any] = {}

    async def operator() -> None:
        await clock.sleep_until(13.0)
        waiting = show.intake.waiting(clock.now())
        assert waiting, "chat should be waiting: assist answers only when asked"
        asked["index"] = waiting[-1]["index"]  # the least urgent one, on purpose
        asked["at"] = clock.now()
        asked["answer"] = show.cohost.answer(asked["index"])
        show.cohost.pin("n9-phone")
        await clock.sleep_until(16.0)
        asked["pitch_at"] = clock.now()
        asked["pitch"] = show.cohost.pitch()

    await run_with(show, operator)
    spoken = rows(tmp_path / "out" / "transcript.jsonl")
    assert asked["answer"] and asked["pitch"]
    by_id = {r["id"]: r for r in spoken}
    answer = by_id[asked["answer"]]
    assert asked["index"] in answer["reply_to"] and answer["start_s"] - asked["at"] < 2.0
    pitch = by_id[asked["pitch"]]
    assert pitch["kind"] == "pitch" and pitch["start_s"] >= answer["end_s"]
    assert any("N9 手機的一個賣點" in c[-1].content for c in llm.calls), "the pinned product was pitched"
    # everything else waited for 10 s of quiet after the last sound
    last_end = 0.0
    for r in sorted(spoken, key=lambda r: r["start_s"]):
        if r["id"] not in (asked["answer"], asked["pitch"]):
            assert r["start_s"] - last_end >= 10.0 - 0.5, f"{r['kind']} at {r['start_s']} only {r['start_s'] - last_end:.1f} s after the last"
        last_end = max(last_end, r["end_s"])
    assert len(spoken) <= 6


async def test_switching_modes_at_runtime(tmp_path):
    show, clock, _ = make(tmp_path, duration=20.0, mode="review", review_timeout_s=100.0)

    async def operator() -> None:
        await clock.sleep_until(5.0)
        waiting = show.cohost.review.pending()  # the first answer (and a quiet-chat line after it)
        assert waiting and waiting[0]["kind"] == "reply" and show.stage.stats.utterances == 0
        show.cohost.set_mode("auto")  # what waited is approved; the AI speaks freely again

    await run_with(show, operator)
    spoken = rows(tmp_path / "out" / "transcript.jsonl")
    assert spoken and 5.0 <= spoken[0]["start_s"] < 6.0
    assert len(spoken) >= 4
    approved = [x["by"] for x in rows(tmp_path / "out" / "review.jsonl") if x["decision"] == "approve"]
    assert approved and set(approved) == {"operator"}  # what waited at the switch; nothing after it waits
