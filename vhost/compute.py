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


def _malloc_trim() -> Callable[[int], int] | None:
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        return libc.malloc_trim  # type: ignore[no-any-return]
    except (OSError, AttributeError):  # not glibc: nothing to hand back this way
        return None


_trim = _malloc_trim()


def release_free_memory() -> bool:
    """Hand the pages malloc holds free back to the OS (glibc's malloc_trim; False elsewhere).
    Clause buffers and encoder activations are freed in several arenas (the loop's, the compute
    thread's); without this a long show kept what they once needed: resident memory stepped up
    by 5-10 MiB after an engine failover and stayed."""
    return bool(_trim(0)) if _trim is not None else False
