import asyncio
import time

from vhost.clock import FastClock, WallClock, wait_for


async def test_fast_clock_skips_idle_time():
    clock = FastClock()
    async with clock.running():
        t0 = time.monotonic()
        await clock.sleep(3600.0)
        assert time.monotonic() - t0 < 1.0
        assert clock.now() >= 3600.0


async def test_fast_clock_counts_busy_time_but_not_idle():
    clock = FastClock()
    async with clock.running():
        woke: list[float] = []

        async def sleeper():
            await clock.sleep_until(10.0)
            woke.append(clock.now())

        task = asyncio.create_task(sleeper())
        with clock.busy():
            start = clock.now()
            await asyncio.to_thread(time.sleep, 0.3)  # compute in a thread: no jump meanwhile
            assert clock.now() - start >= 0.29
            assert not woke
        await task
        assert woke and 10.0 <= woke[0] < 10.2


async def test_fast_clock_wakes_sleepers_in_deadline_order():
    clock = FastClock(wall=False)
    order: list[int] = []
    async with clock.running():

        async def at(t: float, tag: int) -> None:
            await clock.sleep_until(t)
            order.append(tag)

        await asyncio.gather(at(5, 2), at(1, 1), at(9, 3))
    assert order == [1, 2, 3]
    assert clock.now() == 9


async def test_wait_for_on_program_clock_times_out():
    clock = FastClock()
    async with clock.running():
        never = asyncio.get_running_loop().create_future()
        t0 = clock.now()
        try:
            await wait_for(clock, never, 3.0)
        except TimeoutError:
            pass
        else:
            raise AssertionError("expected a timeout")
        assert 3.0 <= clock.now() - t0 < 3.2


async def test_wall_clock_sleeps_for_real():
    clock = WallClock()
    async with clock.running():
        t0 = time.monotonic()
        await clock.sleep(0.05)
        assert time.monotonic() - t0 >= 0.045
