"""The alert evaluator: samples the show every `every_s` program seconds, runs the rules,
and raises each alert once when it starts and once when it recovers.

Per (rule, subject): quiet → pending (the condition holds, for_s not yet over) → firing
(one notice) → clearing (the condition is gone, clear_s not yet over) → quiet (one
recovery notice). The evaluator only reads counters and hands notices to the dispatcher's
queues; it never waits on the network and a bug in it never stops the show.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from vhost.alerts.config import AlertConfig
from vhost.alerts.notify import Dispatcher, Notice
from vhost.alerts.rules import Finding, enabled
from vhost.clock import Clock
from vhost.metrics import Sample

log = logging.getLogger(__name__)


@dataclass
class AlertState:
    pending_since: float | None = None
    firing_since: float | None = None
    clearing_since: float | None = None
    last: Finding | None = None


class Evaluator:
    def __init__(
        self,
        config: AlertConfig,
        sample: Callable[[], Sample],
        clock: Clock,
        *,
        show: str = "",
        dispatcher: Dispatcher | None = None,
        wall: Callable[[], float] = time.time,
    ) -> None:
        self.config = config
        self.sample = sample
        self.clock = clock
        self.show = config.show or show or "vhost"
        self.dispatcher = dispatcher or Dispatcher(config.notify, config.queue)
        self.wall = wall
        self.rules = enabled(config)
        self._states: dict[tuple[str, str], AlertState] = {}
        self.history: list[Notice] = []  # bounded below: the latest notices, for status and tests
        self.max_history = 200
        self._crashed = False

    def states(self) -> Iterator[tuple[tuple[str, str], bool]]:
        for key, st in self._states.items():
            yield key, st.firing_since is not None

    def firing(self) -> list[tuple[str, str]]:
        return [key for key, on in self.states() if on]

    # -- one round ------------------------------------------------------------------------------
    def step(self, s: Sample | None = None) -> list[Notice]:
        s = s if s is not None else self.sample()
        out: list[Notice] = []
        for name, rule, check, counted in self.rules:
            findings = check(rule, s, counted)
            keys = set(findings) | {k[1] for k in self._states if k[0] == name}
            for subject in sorted(keys):
                st = self._states.setdefault((name, subject), AlertState())
                f = findings.get(subject)
                notice = self._advance(name, subject, rule, st, f, s)
                if notice is not None:
                    out.append(notice)
                if st.firing_since is None and st.pending_since is None and f is None:
                    del self._states[(name, subject)]  # a subject that went away (a removed source)
        for n in out:
            self._emit(n)
        return out

    def _advance(self, name: str, subject: str, rule: object, st: AlertState, f: Finding | None, s: Sample) -> Notice | None:
        t = s.t
        for_s = getattr(rule, "for_s", 0.0)
        clear_s = getattr(rule, "clear_s", 0.0)
        severity = getattr(rule, "severity", "critical")
        if f is not None and f.active:
            st.last, st.clearing_since = f, None
            if st.firing_since is not None:
                return None
            st.pending_since = t if st.pending_since is None else st.pending_since
            if t - st.pending_since + 1e-9 >= for_s:
                st.firing_since, st.pending_since = t, None
                return self._notice("firing", name, subject, severity, f.text, f.value, s, t)
            return None
        st.pending_since = None
        if st.firing_since is None:
            return None
        st.clearing_since = t if st.clearing_since is None else st.clearing_since
        if t - st.clearing_since + 1e-9 < clear_s:
            return None
        since = st.firing_since
        st.firing_since = st.clearing_since = None
        text = (f.resolved or f.text) if f is not None else "no longer applies"
        return self._notice("resolved", name, subject, severity, text, f.value if f else 0.0, s, since)

    def _notice(self, status: str, rule: str, subject: str, severity: str, text: str, value: float, s: Sample, since: float) -> Notice:
        return Notice(status, rule, subject, severity, self.show, text, value, s.program_s, since, self.wall())

    def _emit(self, n: Notice) -> None:
        (log.warning if n.status == "firing" else log.info)("alert %s", n.title() + ": " + n.text)
        self.history.append(n)
        del self.history[: -self.max_history]
        self.dispatcher.send(n)

    # -- the task --------------------------------------------------------------------------------
    async def run(self) -> None:
        self.dispatcher.start()
        while True:
            try:
                self.step()
            except Exception:  # never fatal for the show; logged once
                if not self._crashed:
                    log.exception("alert evaluation failed")
                self._crashed = True
            await self.clock.sleep(self.config.every_s)

    async def close(self, reason: str = "the show ended", timeout_s: float = 3.0) -> None:
        """Recovery notices for what still fires (the show is over), then deliver the queue."""
        if self._states:
            s = self.sample()
            for (name, subject), st in list(self._states.items()):
                if st.firing_since is not None:
                    sev = next((getattr(r, "severity", "critical") for n, r, _, _ in self.rules if n == name), "critical")
                    self._emit(self._notice("resolved", name, subject, sev, reason, 0.0, s, st.firing_since))
                    st.firing_since = None
        self.dispatcher.start()  # a show that ended before the first round still flushes
        await self.dispatcher.close(timeout_s)
