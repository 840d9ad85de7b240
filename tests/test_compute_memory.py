"""The show's allocator policy (vhost.compute.map_big_buffers): a big buffer gets pages of its own
even after a bigger one was freed, so clause audio never settles in the heaps. Run in a child
process: the policy is process-wide."""

from __future__ import annotations

import ctypes
import ctypes.util
import subprocess
import sys
from pathlib import Path

import pytest

CHILD = r"""
import ctypes, ctypes.util, sys
import numpy as np
from vhost.compute import map_big_buffers

class MallInfo2(ctypes.Structure):
    _fields_ = [(n, ctypes.c_size_t) for n in "arena ordblks smblks hblks hblkhd usmblks fsmblks uordblks fordblks keepcost".split()]

libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
libc.mallinfo2.restype = MallInfo2
if sys.argv[1] == "policy":
    assert map_big_buffers()
long_clause = np.ones(8 << 20, np.uint8)  # a long clause's work array, freed
del long_clause
before = libc.mallinfo2().hblkhd
clause = np.ones(1 << 20, np.uint8)  # the next clause
print(libc.mallinfo2().hblkhd - before)
"""


def _glibc_mallinfo2() -> bool:
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
    except OSError:
        return False
    return hasattr(libc, "mallinfo2") and hasattr(libc, "mallopt")


def _mapped_after(mode: str) -> int:
    out = subprocess.run([sys.executable, "-c", CHILD, mode], capture_output=True, text=True, timeout=60, check=True)
    return int(out.stdout.strip())


@pytest.mark.skipif(not _glibc_mallinfo2(), reason="glibc's mallopt/mallinfo2 only")
def test_a_clause_buffer_is_mapped_even_after_a_longer_one_was_freed() -> None:
    assert _mapped_after("policy") >= 1 << 20  # its own pages: back to the OS when freed
    # without the policy glibc raised its threshold to the freed 8 MiB and cut the next clause
    # from the heap, where its pages stayed resident after it was freed
    assert _mapped_after("default") == 0


async def test_startup_objects_are_out_of_the_collector_while_on_air(tmp_path) -> None:
    """A full collection in a chat burst walks only what the show made since it went on air
    (gc.freeze before air), not the persona, tables and models: that walk held the loop 180 ms."""
    import gc

    from tests.fakes.fake_llm import FakeLLM, Reply
    from vhost.clock import FastClock
    from vhost.show import Show, ShowConfig

    clock = FastClock()
    on_air: list[tuple[int, int]] = []

    class Probe:
        name = "probe"

        async def events(self):  # type: ignore[no-untyped-def]
            await clock.sleep_until(1.0)
            on_air.append((gc.get_freeze_count(), len(gc.get_objects(generation=2))))
            return
            yield

    cfg = ShowConfig(persona=Path("personas/tech_reviewer.yaml"), out=tmp_path / "out", duration_s=3.0, watch=False)
    show = Show(cfg, llm=FakeLLM(clock, [], default=Reply.text("X1 單次續航 8 小時。")), sources=[Probe()], clock=clock, busy_llm=False)
    await show.run()
    (frozen, oldest), = on_air
    assert frozen > 50_000 and oldest < frozen // 5  # most of the process is out of the full collections
    assert gc.get_freeze_count() == 0  # thawed after the show
