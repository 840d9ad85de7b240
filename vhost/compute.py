"""One worker thread for the show's CPU-heavy steps that must not hold the event loop (the
stage renders every 20 ms frame on it): resampling and loudness of each synthesized clause,
the sentence encoder's forward pass over a viewer's question. numpy lets go of the GIL in
both, so the loop keeps its time while the worker computes.

One thread, not the default pool: each thread that allocates gets a malloc arena of its own,
and big numpy buffers freed in several arenas left 50 MiB more resident in a long show.
"""

from __future__ import annotations

import asyncio
import ctypes
import ctypes.util
import functools
import gc
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import ParamSpec, TypeVar

_P = ParamSpec("_P")
_R = TypeVar("_R")
_lock = threading.Lock()
_pool: ThreadPoolExecutor | None = None


def _executor() -> ThreadPoolExecutor:
    global _pool
    with _lock:
        if _pool is None:
            _pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="vhost-compute")
        return _pool


async def off_loop(fn: Callable[_P, _R], *args: _P.args, **kwargs: _P.kwargs) -> _R:
    """fn(*args, **kwargs) on the compute thread; the caller awaits its result."""
    return await asyncio.get_running_loop().run_in_executor(_executor(), functools.partial(fn, *args, **kwargs))


def _libc() -> ctypes.CDLL | None:
    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
    except OSError:
        return None


_c = _libc()
_trim: Callable[[int], int] | None = getattr(_c, "malloc_trim", None)  # glibc only
_mallopt: Callable[[int, int], int] | None = getattr(_c, "mallopt", None)
M_MMAP_THRESHOLD = -3  # glibc's mallopt parameter number
BIG_BUFFER_BYTES = 128 * 1024  # glibc's own starting threshold


def map_big_buffers(threshold: int = BIG_BUFFER_BYTES) -> bool:
    """Every allocation of `threshold` bytes or more gets pages of its own, handed back to the
    OS the moment it is freed (glibc mallopt M_MMAP_THRESHOLD; False where there is none).

    glibc otherwise raises that threshold each time such a buffer is freed (up to 32 MiB), so
    after the first long clause every clause buffer and FFT work array was cut from the heaps
    instead, and their high-water mark stayed resident: a long show's RSS swung by 5-10 MiB
    between trims and stepped up by 10-15 MiB for good when a voice with other clause lengths
    took over (a failover to espeak-ng). Set once, the swing and the step are gone (the step
    measured 2.5 MiB). A clause buffer then costs one mmap and its page faults (well under a
    millisecond, on the compute thread)."""
    if _mallopt is None:
        return False
    return bool(_mallopt(M_MMAP_THRESHOLD, threshold))


def release_free_memory() -> bool:
    """Hand the pages malloc holds free back to the OS (glibc's malloc_trim; False elsewhere).
    Clause buffers and encoder activations are freed in several arenas (the loop's, the compute
    thread's); without this a long show kept what they once needed: resident memory stepped up
    by 5-10 MiB after an engine failover and stayed."""
    return bool(_trim(0)) if _trim is not None else False


def freeze_startup_objects() -> int:
    """Before going on air: what the show built to start (persona, tables, models, caches
    warmed) leaves the garbage collector's generations for good (gc.freeze), after one full
    collection. A full collection walks every tracked object in the process while holding the
    GIL: with the startup objects in it that took 180 ms during a burst of chat, and the stage
    missed its frames for as long. How many objects were frozen; thaw_startup_objects() undoes it."""
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()


def thaw_startup_objects() -> None:
    """After the show: the frozen objects go back to the oldest generation (a process that runs
    another show, such as a test run, collects them again)."""
    gc.unfreeze()
