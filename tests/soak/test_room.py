"""The soak's generated room and its plan: seeded, made again minute by minute (a resumed show
picks the room up where it was), and the faults placed so that each fires and clears."""

from __future__ import annotations

import pytest

from vhost.soak import room
from vhost.soak.plan import AT, EXPECTED_ALERT, burst_fits, outage_s, schedule


def test_room_is_seeded_and_resumable() -> None:
    whole = list(room.room(7, 2.0, 0.0, 600.0))
    assert whole == list(room.room(7, 2.0, 0.0, 600.0))
    assert whole != list(room.room(8, 2.0, 0.0, 600.0))
    ts = [e["t"] for e in whole]
    assert ts == sorted(ts) and all(0.0 <= t < 600.0 for t in ts)
    ids = [e["id"] for e in whole]
    assert len(ids) == len(set(ids))
    # from the middle of a minute: exactly the tail of the whole room, with the same ids
    tail = list(room.room(7, 2.0, 250.5, 600.0))
    assert tail == [e for e in whole if e["t"] >= 250.5]
    kinds = {e["kind"] for e in whole}
    assert {"danmaku", "gift", "superchat", "guard", "like", "follow", "enter"} <= kinds
    assert sum(e["kind"] == "superchat" for e in whole) == 7  # one every 90 s from 40 s
    assert any(e["text"] in room.BAD for e in whole if e["kind"] == "danmaku")


def test_burst_is_n_events_in_its_window_with_superchats() -> None:
    b = list(room.burst(7, 6000, 100.0, 10.0))
    assert len(b) == 6000 and len({e["id"] for e in b}) == 6000
    assert b[0]["t"] == 100.0 and b[-1]["t"] < 110.0
    assert [e["t"] for e in b] == sorted(e["t"] for e in b)
    assert sum(e["kind"] == "superchat" for e in b) == 5


@pytest.mark.parametrize("hours", [0.1, 1.0, 8.0])
def test_schedule_fits_the_show(hours: float) -> None:
    seconds = hours * 3600
    faults = schedule(seconds, burst_s=min(60.0, seconds * 0.03))
    assert [f.kind for f in faults] == list(AT)
    assert all(f.at_s + f.duration_s < seconds for f in faults)
    outage = outage_s(seconds)
    assert 20.0 <= outage <= 300.0
    for f in faults:
        if f.kind in ("chat_drop", "llm_hang", "tts_down", "persona_broken", "disk_low"):
            assert f.duration_s == outage
    # every fault but the burst has an alert that must fire
    assert set(EXPECTED_ALERT) == set(AT) - {"burst"}
    # kill -9 falls before hour 1 of 8: the RSS samples compared come from one process
    kill = next(f for f in faults if f.kind == "kill9")
    assert kill.at_s < seconds / 8


def test_schedule_skips_and_refuses_a_burst_past_the_end() -> None:
    kinds = [f.kind for f in schedule(3600, 60.0, frozenset({"kill9", "burst"}))]
    assert "kill9" not in kinds and "burst" not in kinds and len(kinds) == len(AT) - 2
    with pytest.raises(ValueError, match="does not fit"):
        schedule(360.0, burst_fits(360.0) + 1)
    assert schedule(360.0, 99.0, frozenset({"burst"}))  # no burst, nothing to fit
