from __future__ import annotations

from tests.intake.flood import flood_lines
from vhost.events import Fate
from vhost.intake.intake import Intake
from vhost.intake.ledger import Ledger
from vhost.intake.moderation import Moderator
from vhost.sources.replay import parse_line


def replay(intake: Intake, ledger: Ledger, lines: list[str], pick_every: float = 4.0) -> tuple[int, int]:
    """Feed the flood on program time; a simulated director answers one pick every ~4 s
    (the segment product alternates every 120 s) and thanks each settled batch."""
    events = [parse_line(line, f"flood:{n}") for n, line in enumerate(lines, 1)]
    next_tick = pick_every
    picks = thanks = 0

    def tick(now: float) -> None:
        nonlocal picks, thanks
        product = "x1" if int(now // 120) % 2 == 0 else "p65"
        pick = intake.next_reply(now, product_id=product)
        if pick is not None:
            picks += 1
            uid = f"r{picks}"
            assert ledger.fate(pick.event.index, Fate.ANSWERED, utterance=uid)
            for ev in pick.merged:
                assert ledger.fate(ev.index, Fate.MERGED, utterance=uid)
        batch = intake.take_thanks(now)
        if batch is not None:
            thanks += 1
            for ev in batch.events:
                assert ledger.fate(ev.index, Fate.THANKED, utterance=f"t{thanks}")

    for t, ev in events:
        while next_tick <= t:
            tick(next_tick)
            next_tick += pick_every
        intake.submit(ev, t)
    end = events[-1][0]
    for _ in range(3):
        tick(next_tick)
        next_tick += pick_every
    intake.close(end + 12)
    ledger.close()
    return picks, thanks


def test_seeded_flood_replay_exact_fates(persona) -> None:
    ledger = Ledger()
    intake = Intake(persona, ledger)
    lines = flood_lines(seed=20261201, n=5000)
    picks, thanks = replay(intake, ledger, lines)
    rows = ledger.rows()
    assert [r["index"] for r in rows] == list(range(5000))
    assert all(r["fate"] in {f.value for f in Fate} for r in rows)
    counts = ledger.counts()
    assert sum(counts.values()) == 5000
    assert (picks, thanks) == (316, 118)
    # small talk older than 8 s goes stale instead of joining the greeting answered later
    assert counts == {"answered": 316, "merged": 1184, "thanked": 349, "dropped": 2681, "blocked": 470}
    stats = intake.stats()
    assert stats["blocked"] == {"spam": 144, "flood": 184, "blocklist": 142}
    assert stats["dropped"] == {
        "not answered": 241,
        "counted": 474,
        "prompt injection": 49,
        "duplicate spam": 69,
        "stale": 1820,
        "rate-limited": 8,
        "show ended": 20,
    }
    assert stats["likes"] == 11908
    superchats = [r for r in rows if r["kind"] == "superchat"]
    assert len(superchats) == 23 and all(r["fate"] == "answered" for r in superchats)


def test_nothing_blocked_is_ever_picked(persona) -> None:
    ledger = Ledger()
    intake = Intake(persona, ledger)
    replay(intake, ledger, flood_lines(seed=7, n=1500))
    mod = Moderator(persona, intake.config)
    spoken = [r for r in ledger.rows() if r["fate"] in ("answered", "merged")]
    assert spoken and all(mod.content(r["text"]) is None for r in spoken)
    assert all(r["reason"] for r in ledger.rows() if r["fate"] in ("blocked", "dropped"))
