import random

import pytest

from vhost.clock import FastClock
from vhost.sources.backoff import Backoff


def test_sequence_is_base_times_factor_pow_n_capped():
    b = Backoff(base=1.0, factor=1.5, cap=5.0, jitter=0.0)
    assert [round(b.next(), 4) for _ in range(6)] == [1.0, 1.5, 2.25, 3.375, 5.0, 5.0]
    b.reset()
    assert b.next() == 1.0


def test_jitter_stays_within_bounds_and_varies():
    b = Backoff(base=10.0, factor=1.0, cap=10.0, jitter=0.2, rng=random.Random(1))
    delays = [b.next() for _ in range(200)]
    assert all(8.0 <= d <= 12.0 for d in delays)
    assert len({round(d, 6) for d in delays}) > 100


def test_many_attempts_do_not_overflow():
    b = Backoff(base=1.0, factor=10.0, cap=60.0, jitter=0.0)
    for _ in range(1000):
        assert b.next() <= 60.0


@pytest.mark.parametrize("kw", [{"base": 0}, {"factor": 0.5}, {"cap": 0.5}, {"jitter": 1.0}])
def test_rejects_nonsense(kw):
    with pytest.raises(ValueError):
        Backoff(**kw)


async def test_sleep_runs_on_the_injected_clock():
    clock = FastClock(wall=False)
    b = Backoff(base=30.0, factor=2.0, cap=600.0, jitter=0.0)
    async with clock.running():
        await b.sleep(clock)
        await b.sleep(clock)
    assert clock.now() == pytest.approx(90.0)
