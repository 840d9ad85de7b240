"""The show's allocator policy (vhost.compute.map_big_buffers): a big buffer gets pages of its own
even after a bigger one was freed, so clause audio never settles in the heaps. Run in a child
process: the policy is process-wide."""

from __future__ import annotations

import ctypes
import ctypes.util
import subprocess
import sys

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
