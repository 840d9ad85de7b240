"""The show journal and crash-safe outputs under load.

- a 60k-event burst through Intake with the spooled ledger, without and with the journal:
  events/s, and the longest the event loop is held by one journal commit (p50/p99/max);
- GET /api/events at 58k events: the old ledger.rows() file re-read vs the journal's
  indexed page (per read);
- program.wav: unbuffered 20 ms frames with the header patched every second (µs per frame);
- resume: repair + settle a show folder with a 58k-event journal and a 1 h cues.jsonl (s).
"""

from __future__ import annotations

import json
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

from tests.intake.conftest import make_persona
from tests.intake.flood import flood_lines
from vhost.intake.intake import Intake
from vhost.intake.ledger import Ledger
from vhost.journal import Journal
from vhost.resume import prepare
from vhost.sinks.base import AudioFormat
from vhost.sinks.wav import WavSink
from vhost.sources.replay import parse_line


class TimedJournal(Journal):
    """Records how long each commit holds the loop."""

    def __init__(self, *a: Any, **kw: Any) -> None:
        super().__init__(*a, **kw)
        self.times: list[float] = []

    def commit(self) -> None:
        t0 = time.perf_counter()
        super().commit()
        self.times.append(time.perf_counter() - t0)


def _burst(n: int, journal: bool, tmp: Path) -> tuple[float, list[float]]:
    lines = flood_lines(seed=3, n=n, seconds=60.0)
    evs = [parse_line(line, "bench")[1] for line in lines]
    j = TimedJournal(tmp / f"j{int(journal)}.sqlite") if journal else None
    ledger = Ledger(tmp / f"events{int(journal)}.jsonl", recorder=j)
    intake = Intake(make_persona(), ledger)
    t0 = time.perf_counter()
    last = t0
    for i, ev in enumerate(evs):
        intake.submit(ev, i * 0.001)
        if j is not None and time.perf_counter() - last >= j.flush_s:  # what the show's checkpoint task does
            j.commit()
            ledger.flush_file()
            last = time.perf_counter()
    if j is not None:
        j.commit()
    took = time.perf_counter() - t0
    ledger.close("show ended")  # every row in the file, as at the end of a show
    ledger.write_jsonl(tmp / f"events{int(journal)}.jsonl")
    if j is not None:
        j.commit()
    return n / took, (j.times if j else [])


def run(quick: bool = False) -> dict[str, Any]:
    n = 6000 if quick else 60_000
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        base_rate, _ = _burst(n, False, tmp)
        rate, commits = _burst(n, True, tmp)
        ms = sorted(t * 1000 for t in commits)
        # /api/events: old full re-read vs the journal page
        ledger = Ledger(tmp / "events1.jsonl")
        ledger._started = True  # read what the burst wrote
        t0 = time.perf_counter()
        reads = 3 if quick else 5
        for _ in range(reads):
            rows = [r for r in ledger.rows() if r["index"] > n - 101][:100]
        old_ms = (time.perf_counter() - t0) / reads * 1000
        j = Journal(tmp / "j1.sqlite")
        t0 = time.perf_counter()
        for _ in range(50):
            page = j.events_after(n - 101, 100)
        new_ms = (time.perf_counter() - t0) / 50 * 1000
        assert [r["index"] for r in page] == [r["index"] for r in rows]
        j.close()
        # program.wav frame cost
        import asyncio

        fmt = AudioFormat()
        frame = np.zeros(fmt.frame_samples, np.int16).tobytes()
        frames = 3000 if quick else 30_000

        async def write() -> float:
            sink = WavSink(tmp / "program.wav")
            await sink.start(fmt)
            t0 = time.perf_counter()
            for i in range(frames):
                await sink.write(frame, i * 0.02)
            took = time.perf_counter() - t0
            await sink.close()
            return took / frames * 1e6

        us_per_frame = asyncio.run(write())
        # resume of a big show folder: wav repaired, cues cut, journal settled
        show = tmp / "show"
        show.mkdir()
        (tmp / "program.wav").rename(show / "program.wav")
        seconds = frames * 0.02
        with (show / "cues.jsonl").open("w") as f:
            for k in range(int(seconds * 50)):
                f.write(json.dumps({"t": round(k * 0.02, 3), "type": "mouth", "value": 0.3}) + "\n")
            f.write('{"t": 1e9, "ty')
        (tmp / "events1.jsonl").rename(show / "events.jsonl")
        (show / "transcript.jsonl").write_text("")
        (tmp / "j1.sqlite").rename(show / "journal.sqlite")
        j = Journal(show / "journal.sqlite")
        t0 = time.perf_counter()
        res = prepare(show, j, fmt)
        resume_s = time.perf_counter() - t0
        j.close()
    rows_out = [
        ("60k-event burst through intake + ledger, events/s: without / with the journal", f"{base_rate:,.0f} / {rate:,.0f}", ""),
        ("journal commit holding the loop, ms p50 / p99 / max", f"{statistics.median(ms):.2f} / {ms[int(len(ms) * 0.99)]:.2f} / {ms[-1]:.2f}", "< 20"),
        (f"GET /api/events page at {n:,} events, ms: file re-read / journal", f"{old_ms:.1f} / {new_ms:.2f}", "flat"),
        ("program.wav, µs per 20 ms frame (unbuffered, header every 1 s)", f"{us_per_frame:.1f}", ""),
        (f"resume of a {seconds / 60:.0f}-min show ({n:,} events), s", f"{resume_s:.2f}", "< 5"),
    ]
    return {
        "rows": rows_out,
        "burst_events_per_s": {"without": round(base_rate), "with": round(rate)},
        "commit_ms": {"p50": statistics.median(ms), "p99": ms[int(len(ms) * 0.99)], "max": ms[-1], "count": len(ms)},
        "events_read_ms": {"file": old_ms, "journal": new_ms},
        "wav_us_per_frame": us_per_frame,
        "resume_s": resume_s,
        "resume": res.summary(),
    }
