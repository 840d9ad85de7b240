from __future__ import annotations

import json

from tests.bench.bench_triage import run


def test_quick_bench_runs_and_is_json() -> None:
    out = run(quick=True)
    json.dumps(out)
    names = [r[0] for r in out["rows"]]
    assert any(n.startswith("moderate->score") for n in names)
    assert all(isinstance(r[1], int | float) and r[1] > 0 for r in out["rows"])
    assert out["memory"]["events"] == 8000
