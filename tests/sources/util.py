"""Helpers shared by the source tests."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Callable
from typing import Any


async def eventually(pred: Callable[[], bool], limit: float = 10.0) -> None:
    """Poll ``pred`` until true; fails the test after ``limit`` seconds (a hang guard, not a speed check)."""
    async with asyncio.timeout(limit):
        for _ in itertools.count():
            if pred():
                return
            await asyncio.sleep(0.02)


async def take(src: Any, n: int, limit: float = 10.0) -> list[Any]:
    out: list[Any] = []
    agen = src.events()
    try:
        async with asyncio.timeout(limit):
            async for ev in agen:
                out.append(ev)
                if len(out) >= n:
                    break
    finally:
        await agen.aclose()
    return out
