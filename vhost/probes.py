"""Liveness and readiness of a show, for /healthz and /readyz (Docker, systemd, k8s probes).

- healthy: the show runs and its program keeps up with its clock (a frozen or wedged
  stage falls behind at once; a process whose event loop is stuck cannot answer at all);
- ready: healthy, and the voice and the LLM can be used (their latest attempts worked).
Both read the same counters as /metrics; neither reads a file.
"""

from __future__ import annotations

from typing import Any

from vhost.metrics import Sample, ShowMetrics

MAX_LAG_S = 10.0


def health(metrics: ShowMetrics, max_lag_s: float = MAX_LAG_S) -> tuple[bool, dict[str, Any]]:
    s = metrics.sample()
    return _verdict(s, {"running": s.running, "program_advancing": s.running and s.lag_s < max_lag_s})


def readiness(metrics: ShowMetrics, max_lag_s: float = MAX_LAG_S) -> tuple[bool, dict[str, Any]]:
    s = metrics.sample()
    checks = {"running": s.running, "program_advancing": s.running and s.lag_s < max_lag_s, "voice": s.voice_ok, "llm": s.llm_ok}
    return _verdict(s, checks)


def _verdict(s: Sample, checks: dict[str, bool]) -> tuple[bool, dict[str, Any]]:
    ok = all(checks.values())
    return ok, {
        "ok": ok,
        "checks": checks,
        "program_s": round(s.program_s, 3),
        "lag_s": round(s.lag_s, 3),
        "silence_s": round(s.silence_s, 3),
    }
