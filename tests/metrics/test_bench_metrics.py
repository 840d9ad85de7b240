from tests.bench.bench_metrics import run


def test_bench_quick_smoke() -> None:
    out = run(quick=True)
    small, big = out["ledger_bytes"]
    assert big > 5 * small > 0  # the ledger on disk really grew between the two measurements
    assert len(out["rows"]) == 4 and all(len(r) == 3 for r in out["rows"])
