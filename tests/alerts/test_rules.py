"""Alert rules on a virtual program clock: each fires once when its condition has held long
enough, stays quiet while it goes on, and sends one recovery message when it clears."""

from __future__ import annotations

import asyncio
from dataclasses import replace

from tests.tts.engines import running
from vhost.alerts import AlertConfig, Evaluator
from vhost.clock import FastClock
from vhost.metrics import Sample, SourceState

BASE = Sample(
    t=0.0, running=True, held=False, program_s=0.0, lag_s=0.0, silence_s=0.0, voice_engines=(("edge", "ok"), ("espeak", "ok")),
    voice_ok=True, llm_ok=True, sources=(), fallbacks={}, llm_failures=0, guard_refusals=0, sink_restarts=0,
    disk_free_bytes=50 * 2**30,
)  # fmt: skip


class World:
    """A show whose vital signs the test sets, sampled on the clock."""

    def __init__(self, clock: FastClock) -> None:
        self.clock = clock
        self.state: dict = {}
        self.silent_since: float | None = None
        self.dynamic = lambda t: {}

    def sample(self) -> Sample:
        t = self.clock.now()
        silence = 0.0 if self.silent_since is None else t - self.silent_since
        return replace(BASE, t=t, program_s=t, silence_s=silence, **{**self.state, **self.dynamic(t)})


def evaluator(clock: FastClock, world: World, **rules) -> Evaluator:
    cfg = AlertConfig.model_validate({"show": "test", "every_s": 1.0, "rules": rules})
    return Evaluator(cfg, world.sample, clock)


async def play(clock: FastClock, ev: Evaluator, script: list[tuple[float, callable]], until: float) -> None:
    """Run the evaluator on the clock and apply each change at its program time."""
    task = asyncio.create_task(ev.run())
    try:
        for at, change in script:
            await clock.sleep_until(at)
            change()
        await clock.sleep_until(until)
    finally:
        task.cancel()


def log(ev: Evaluator) -> list[tuple[str, str, str, float]]:
    return [(n.status, n.rule, n.subject, round(n.program_s)) for n in ev.history]


async def test_silence_fires_once_and_recovers_once() -> None:
    clock = FastClock(wall=False)
    world = World(clock)
    async with running(clock):
        ev = evaluator(clock, world, silence={"over_s": 10})
        script = [(5.5, lambda: setattr(world, "silent_since", 5.5)), (60.5, lambda: setattr(world, "silent_since", None))]
        await play(clock, ev, script, until=90.0)
    assert log(ev) == [("firing", "silence", "", 16), ("resolved", "silence", "", 61)]
    fired = ev.history[0]
    assert fired.text == "the program has been silent for 10.5 s (limit 10 s)" and fired.severity == "critical"
    assert ev.history[1].text == "the voice is speaking again" and ev.history[1].since_s == 16


async def test_for_s_and_clear_s_hold_back_flapping() -> None:
    clock = FastClock(wall=False)
    world = World(clock)
    async with running(clock):
        ev = evaluator(clock, world, program_lag={"over_s": 2, "for_s": 5, "clear_s": 10})
        lag = lambda v: (lambda: world.state.update(lag_s=v))  # noqa: E731
        script = [(10.5, lag(3.0)), (12.5, lag(0.0)),  # a blip shorter than for_s: nothing
                  (20.5, lag(4.0)), (40.5, lag(0.0)), (45.5, lag(4.0)), (47.5, lag(0.0))]  # fmt: skip
        await play(clock, ev, script, until=80.0)
    # seen at 21, fires 5 s later; the dip at 41-45 is shorter than clear_s; resolves 10 s after 48
    assert log(ev) == [("firing", "program_lag", "", 26), ("resolved", "program_lag", "", 58)]


async def test_counting_rule_fires_on_a_burst_and_clears_when_the_window_passes() -> None:
    clock = FastClock(wall=False)
    world = World(clock)
    async with running(clock):
        ev = evaluator(clock, world, llm_errors={"at_least": 3, "within_s": 60})
        fails = lambda n: (lambda: world.state.update(llm_failures=n))  # noqa: E731
        # two failures, then one 70 s later: never three within a minute
        script = [(10.5, fails(2)), (80.5, fails(3)), (100.5, fails(4)), (101.5, fails(6))]
        await play(clock, ev, script, until=200.0)
    # at 101 two are within the minute; at 102 four → fire; at 161 the one of 100.5 has left → two
    assert log(ev) == [("firing", "llm_errors", "", 102), ("resolved", "llm_errors", "", 161)]
    assert ev.history[0].text.startswith("4 LLM requests failed or timed out in the last 60 s (alert at 3)")


async def test_each_source_has_its_own_alert() -> None:
    clock = FastClock(wall=False)
    world = World(clock)

    def sources(t: float) -> tuple[SourceState, ...]:
        a = ("bilibili:1", "down", 10.0) if t < 100 else ("bilibili:1", "up", 100.0)
        b = ("twitch:x", "up", 0.0) if t < 50 else ("twitch:x", "failed", 50.0)
        return tuple(SourceState(n, st, t - since, 0, 0, "") for n, st, since in (a, b, ("replay:chat", "ended", 0.0)))

    world.dynamic = lambda t: {"sources": sources(t)}
    async with running(clock):
        ev = evaluator(clock, world, source_down={"over_s": 30})
        await play(clock, ev, [], until=150.0)
    assert log(ev) == [
        ("firing", "source_down", "bilibili:1", 41),
        ("firing", "source_down", "twitch:x", 81),
        ("resolved", "source_down", "bilibili:1", 100),
    ]
    assert "stopped" in ev.history[1].text and "connected again" in ev.history[2].text


async def test_voice_on_its_last_engine_and_disk_low() -> None:
    clock = FastClock(wall=False)
    world = World(clock)
    async with running(clock):
        ev = evaluator(clock, world, disk_low={"below_mb": 500})
        script = [
            (10.5, lambda: world.state.update(voice_engines=(("edge", "down"), ("espeak", "ok")))),
            (20.5, lambda: world.state.update(disk_free_bytes=100 * 2**20)),
            (30.5, lambda: world.state.update(voice_engines=(("edge", "ok"), ("espeak", "ok")))),
        ]
        await play(clock, ev, script, until=40.0)
    assert log(ev) == [("firing", "voice_last_engine", "", 11), ("firing", "disk_low", "", 21), ("resolved", "voice_last_engine", "", 31)]
    assert ev.history[0].text == "the voice is on its last engine, espeak (edge down)"
    assert ev.history[1].text == "100 MB free on the output disk (limit 500 MB)"


async def test_silence_during_an_operator_takeover_is_not_an_alert() -> None:
    clock = FastClock(wall=False)
    world = World(clock)
    world.state["held"] = True
    world.silent_since = 0.0
    async with running(clock):
        ev = evaluator(clock, world, silence={"over_s": 5})
        await play(clock, ev, [(30.5, lambda: world.state.update(held=False))], until=40.0)
    assert log(ev) == [("firing", "silence", "", 31)]


async def test_close_resolves_what_still_fires() -> None:
    clock = FastClock(wall=False)
    world = World(clock)
    world.silent_since = 0.0
    async with running(clock):
        ev = evaluator(clock, world, silence={"over_s": 5})
        await play(clock, ev, [], until=20.0)
        await ev.close("the show ended")
    assert log(ev) == [("firing", "silence", "", 6), ("resolved", "silence", "", 20)]
    assert ev.history[1].text == "the show ended" and ev.firing() == []


def test_disabled_rules_are_not_evaluated() -> None:
    cfg = AlertConfig.model_validate({"rules": {"silence": {"enabled": False}, "disk_low": {"enabled": False}}})
    ev = Evaluator(cfg, lambda: replace(BASE, silence_s=999, disk_free_bytes=0), FastClock(wall=False))
    assert ev.step() == []


async def test_rejected_persona_edit_and_a_resume_after_a_crash() -> None:
    clock = FastClock(wall=False)
    world = World(clock)
    world.state["crash_resumed_s"] = 0.0  # this run took over from a crashed one when it began
    async with running(clock):
        ev = evaluator(clock, world, crash_restart={"stable_s": 30})
        script = [(10.5, lambda: world.state.update(persona_error="p.yaml:3:5: banned term")),
                  (40.5, lambda: world.state.update(persona_error=""))]  # fmt: skip
        await play(clock, ev, script, until=60.0)
    assert log(ev) == [("firing", "crash_restart", "", 0), ("firing", "persona_rejected", "", 11),
                       ("resolved", "crash_restart", "", 30), ("resolved", "persona_rejected", "", 41)]  # fmt: skip
    assert ev.history[0].text == "the show restarted after a crash and resumed at program 0 s"
    assert "p.yaml:3:5: banned term" in ev.history[1].text
