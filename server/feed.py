"""The live side of the console: transcript rows as they are written, fanned out to clients.

The show writes transcript.jsonl and knows nothing of the server; the tail reads new
complete lines from that file. Each feed client has its own bounded queue: one that falls
behind is dropped, so a stalled browser never holds up the others or the show.
"""

from __future__ import annotations

import asyncio
import collections
import json
import logging
from pathlib import Path
from typing import Any

log = logging.getLogger("server.feed")


class TranscriptTail:
    """New rows of a JSONL file that another writer appends to, kept in a bounded window."""

    def __init__(self, path: Path, keep: int = 5000) -> None:
        self.path = path
        self.rows: collections.deque[dict[str, Any]] = collections.deque(maxlen=keep)
        self.total = 0  # rows seen since the start; older than the window are read from the file
        self._offset = 0
        self._partial = b""

    def poll(self) -> list[dict[str, Any]]:
        """Rows completed since the last poll (a half-written line waits for its newline)."""
        try:
            with self.path.open("rb") as fh:
                fh.seek(self._offset)
                data = fh.read()
        except FileNotFoundError:
            return []
        if not data:
            return []
        self._offset += len(data)
        *lines, self._partial = (self._partial + data).split(b"\n")
        new: list[dict[str, Any]] = []
        for line in lines:
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except ValueError:
                log.warning("transcript: unreadable line skipped: %.80r", line)
                continue
            new.append(row)
        self.rows.extend(new)
        self.total += len(new)
        return new

    def after(self, after: str | None, limit: int) -> list[dict[str, Any]] | None:
        """Rows after the row with id `after` (all rows when None), at most `limit`;
        None when no row has that id."""
        window = list(self.rows)
        if after is None and self.total == len(window):
            return window[:limit]
        for i, row in enumerate(window):
            if row.get("id") == after:
                return window[i + 1 : i + 1 + limit]
        return self._from_file(after, limit)

    def _from_file(self, after: str | None, limit: int) -> list[dict[str, Any]] | None:
        out: list[dict[str, Any]] = []
        seen = after is None
        try:
            with self.path.open(encoding="utf-8") as fh:
                for line in fh:
                    if not line.endswith("\n"):
                        break
                    try:
                        row = json.loads(line)
                    except ValueError:
                        continue
                    if seen:
                        out.append(row)
                        if len(out) >= limit:
                            break
                    elif row.get("id") == after:
                        seen = True
        except FileNotFoundError:
            return [] if after is None else None
        return out if seen else None


class Client:
    """One feed subscriber; a None in its queue means it was dropped for falling behind."""

    def __init__(self, size: int) -> None:
        self.queue: asyncio.Queue[dict[str, Any] | None] = asyncio.Queue(maxsize=size)
        self.dropped = False


class Hub:
    def __init__(self, queue_size: int = 256, max_clients: int = 16) -> None:
        self.queue_size = queue_size
        self.max_clients = max_clients
        self.clients: set[Client] = set()
        self.dropped = 0

    def subscribe(self) -> Client | None:
        if len(self.clients) >= self.max_clients:
            return None
        c = Client(self.queue_size)
        self.clients.add(c)
        return c

    def unsubscribe(self, c: Client) -> None:
        self.clients.discard(c)

    def publish(self, msg: dict[str, Any]) -> None:
        for c in list(self.clients):
            try:
                c.queue.put_nowait(msg)
            except asyncio.QueueFull:
                self._drop(c)

    def close(self) -> None:
        for c in list(self.clients):
            self._drop(c, slow=False)

    def _drop(self, c: Client, slow: bool = True) -> None:
        c.dropped = slow
        self.clients.discard(c)
        self.dropped += slow
        while not c.queue.empty():
            c.queue.get_nowait()
        c.queue.put_nowait(None)
