"""JSONL writers for cues, transcript and event fates, flushed in small batches.

A row reaches the OS at the latest `flush_every` rows or `flush_s` seconds after it was
written (whichever first), and at every explicit flush(), so a kill -9 loses at most the
last few rows; `repair_jsonl` drops a torn last line before a show is resumed.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO

from vhost.events import Cue


class JsonlWriter:
    def __init__(self, path: str | Path, *, append: bool = False, flush_every: int = 64, flush_s: float = 0.25) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._f = self.path.open("a" if append else "w", encoding="utf-8")
        self.count = 0
        self.flush_every = flush_every
        self.flush_s = flush_s
        self._unflushed = 0
        self._since = 0.0

    def write(self, obj: dict[str, Any]) -> None:
        self._f.write(json.dumps(obj, ensure_ascii=False, separators=(",", ":")) + "\n")
        self.count += 1
        self._unflushed += 1
        if self._unflushed == 1:
            self._since = time.monotonic()
        if self._unflushed >= self.flush_every or time.monotonic() - self._since >= self.flush_s:
            self.flush()

    def flush(self) -> None:
        if not self._f.closed and self._unflushed:
            self._f.flush()
            self._unflushed = 0

    def close(self) -> None:
        if not self._f.closed:
            self._f.close()


def _line_start(f: BinaryIO, end: int) -> int:
    """Offset where the line that ends at `end` (exclusive, its newline included) starts."""
    pos = end - 1  # skip the line's own newline
    step = 4096
    while pos > 0:
        lo = max(0, pos - step)
        f.seek(lo)
        nl = f.read(pos - lo).rfind(b"\n")
        if nl >= 0:
            return lo + nl + 1
        pos = lo
        step *= 2
    return 0


def repair_jsonl(path: str | Path, drop: Callable[[dict[str, Any]], bool] | None = None) -> int:
    """Cut a torn last line (a crash mid-write) and then, walking back from the end, every
    row `drop` says to drop (e.g. cues later than the audio kept). Reads only the tail.
    Returns the number of lines left; a missing file is created empty."""
    p = Path(path)
    if not p.exists():
        p.touch()
        return 0
    with p.open("r+b") as f:
        size = keep = f.seek(0, 2)
        while keep > 0:
            start = _line_start(f, keep)
            f.seek(start)
            line = f.read(keep - start)
            if line.endswith(b"\n") and drop is None:
                break
            try:
                torn = not line.endswith(b"\n") or (drop is not None and drop(json.loads(line)))
            except ValueError:
                torn = True
            if not torn:
                break
            keep = start
        if keep != size:
            f.truncate(keep)
        f.seek(0)
        lines = 0
        while data := f.read(1 << 20):
            lines += data.count(b"\n")
    return lines


class CueFile:
    """cues.jsonl as a CueSink."""

    name = "cues.jsonl"

    def __init__(self, path: str | Path, *, append: bool = False) -> None:
        self._w = JsonlWriter(path, append=append, flush_every=256)

    async def start(self) -> None:
        return None

    async def send(self, cue: Cue) -> None:
        self._w.write(cue.to_json())

    def flush(self) -> None:
        self._w.flush()

    async def close(self) -> None:
        self._w.close()
