from __future__ import annotations

import gc
import sys

from tests.intake.conftest import chat
from tests.intake.flood import _QUESTIONS
from vhost.events import ChatEvent, EventKind, Fate, User
from vhost.intake.config import IntakeConfig
from vhost.intake.intake import Intake
from vhost.intake.ledger import Ledger


def _drive(intake: Intake, ledger: Ledger, start: int, stop: int) -> None:
    """1,000 events/s from ever-new viewers; a director answers every 4 s and thanks gifts."""
    for i in range(start, stop):
        now = i / 1000
        user = User(f"viewer{i}", f"觀眾{i % 500}")  # every id new; display names do repeat
        if i % 10 == 0:
            ev = ChatEvent("t", EventKind.GIFT, user, gift_name="小心心", gift_count=1, value_cny=0.1)
        elif i % 10 == 1:
            ev = ChatEvent("t", EventKind.LIKE, user, count=3)
        else:
            ev = chat(f"{_QUESTIONS[i % len(_QUESTIONS)]}{i % 300}", user=user)
        intake.submit(ev, now)
        if i % 4000 == 0:
            pick = intake.next_reply(now)
            if pick is not None:
                ledger.fate(pick.event.index, Fate.ANSWERED, utterance=str(i))
                for m in pick.merged:
                    ledger.fate(m.index, Fate.MERGED, utterance=str(i))
            batch = intake.take_thanks(now)
            for g in batch.events if batch else ():
                ledger.fate(g.index, Fate.THANKED, utterance=str(i))


def test_memory_flat_with_100k_distinct_users(persona, tmp_path) -> None:
    from vhost.journal import Journal

    journal = Journal(tmp_path / "journal.sqlite")  # as in a show: decided rows wait in the journal, not in memory
    ledger = Ledger(tmp_path / "events.jsonl", recorder=journal, reader=journal.decided_rows)
    cfg = IntakeConfig(max_users=5000)
    intake = Intake(persona, ledger, cfg)
    _drive(intake, ledger, 0, 50_000)  # fill every bounded cache, window and LRU first
    gc.collect()
    mid = sys.getallocatedblocks()
    _drive(intake, ledger, 50_000, 100_000)
    gc.collect()
    end = sys.getallocatedblocks()
    assert intake.stats()["tracked_users"] == 5000
    assert intake.pending() <= cfg.max_pending
    assert ledger.in_memory() <= cfg.max_pending_events + 64 + 1000  # only rows waiting for a fate: the pool and the thanks backlog
    # 50,000 more viewers leave almost nothing behind (unbounded per-user state is ~10 blocks each)
    assert end - mid < 5_000, (mid, end)
    intake.close(100.0)
    ledger.close()
    assert sum(ledger.counts().values()) == 100_000
    journal.close()


def test_a_raid_of_the_same_few_asks_keeps_the_pool_small(persona, tmp_path) -> None:
    """30,000 messages in 10 s, a handful of texts (each within the stale window): the pool keeps
    at most max_pending_events of them (and their events' memory), every one still gets a fate."""
    ledger = Ledger(tmp_path / "events.jsonl")
    cfg = IntakeConfig()
    intake = Intake(persona, ledger, cfg)
    texts = ("耳機多少錢", "續航多久", "666", "主播好", "有貨嗎")
    for i in range(30_000):
        intake.submit(chat(texts[i % len(texts)], user=User(f"v{i}", f"觀眾{i}")), i / 3000)
        assert intake._pool.events() <= cfg.max_pending_events + 64
    reasons = intake.stats()["dropped"]
    assert isinstance(reasons, dict) and reasons.get("pool overflow", 0) > 20_000
    pick = intake.next_reply(10.0)
    assert pick is not None and len(pick.merged) > 100  # a big cluster is still answered as many-asked
    intake.close(10.0)
    ledger.close()
    assert sum(ledger.counts().values()) == 30_000


def test_text_caches_hold_recent_texts_not_the_show(persona, tmp_path) -> None:
    """12,000 distinct messages (about three hours of a busy room): every cache keyed by a text
    holds at most TEXT_CACHE of them (at 65,536 each grew for the first 17 hours of a show)."""
    from vhost.text.fold import TEXT_CACHE

    def caches() -> dict:
        return {f"{name}.{attr}": f for name, mod in list(sys.modules.items()) if name.startswith("vhost.")
                for attr, f in list(vars(mod).items()) if callable(getattr(f, "cache_info", None))}  # fmt: skip

    for f in caches().values():  # what other tests put there (the offline grader's caches) is not the show's
        f.cache_clear()
    ledger = Ledger(tmp_path / "events.jsonl")
    intake = Intake(persona, ledger, IntakeConfig())
    for i in range(12_000):
        intake.submit(chat(f"{_QUESTIONS[i % len(_QUESTIONS)]}，第{i}次問", user=User(f"v{i}", f"觀眾{i}")), i * 0.9)
        if i % 50 == 0:
            pick = intake.next_reply(i * 0.9)
            for ev in [pick.event, *pick.merged] if pick is not None else ():
                ledger.fate(ev.index, Fate.ANSWERED, utterance=str(i))
    infos = {k: f.cache_info() for k, f in caches().items()}
    assert any(info.currsize == TEXT_CACHE for info in infos.values())  # the texts did go through them
    over = {k: info.currsize for k, info in infos.items() if info.currsize > TEXT_CACHE}
    assert not over, over
    intake.close(12_000.0)
    ledger.close()


def test_a_raids_viewers_cost_little_while_their_windows_are_open(persona) -> None:
    """A raid brings thousands of viewers inside the rate and repeat windows at once; their state is
    held until the windows close, and memory the allocator takes in a burst is kept after it."""
    import tracemalloc

    from vhost.intake.moderation import Moderator

    mod = Moderator(persona, IntakeConfig())
    events = [chat(f"主播好{i % 7}", user=User(f"raider{i}", f"觀眾{i}")) for i in range(5000)]
    tracemalloc.start()
    try:
        for round_ in range(5):  # five messages each: both windows full, every one inside them
            for i, ev in enumerate(events):
                mod.check(ev, round_ + i / 5000)
        held, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(mod._users) == 5000
    per_viewer = held / 5000
    assert per_viewer < 800, per_viewer  # two deques a viewer held ~1.5 KB
