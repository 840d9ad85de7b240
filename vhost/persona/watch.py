"""Hot reload: poll a persona file and everything it extends or includes; hand over valid edits only.

An edit is judged by the full lint (schema, references, templates, banned terms), so a
typo saved at 3 a.m. is rejected with its file:line:col errors and the last good persona
keeps running. Polling (not inotify) because it works the same on every filesystem and
editor (atomic renames included), and the file set is a handful of small files.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import Any

from vhost.persona.lint import lint_report
from vhost.persona.loader import load_report
from vhost.persona.model import Persona

log = logging.getLogger(__name__)

Snapshot = dict[Path, tuple[int, int, int] | None]


def _stat(p: Path) -> tuple[int, int, int] | None:
    try:
        st = os.stat(p)
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_size, st.st_ino)


def _check(path: Path) -> tuple[Persona | None, list[str], list[Path]]:
    report = load_report(path)
    problems = lint_report(report)
    return (report.persona if not problems else None), problems, report.files


class PersonaWatcher:
    """Calls on_change(persona) for each valid edit and on_error(problems) for each invalid one."""

    def __init__(
        self,
        path: str | Path,
        on_change: Callable[[Persona], None],
        on_error: Callable[[list[str]], None],
        interval: float = 0.5,
        clock: Any = None,
    ) -> None:
        """clock: the show's program clock (vhost.clock.Clock); polls run on it and a check counts
        as work, so a fast-clock show notices an edit as soon as a real-time one would."""
        self.clock = clock
        self.path = Path(path)
        self.on_change = on_change
        self.on_error = on_error
        self.interval = interval
        self.files: list[Path] = [self.path.resolve()]
        self._snap: Snapshot = {}
        self.changes = 0  # valid reloads handed over
        self.rejections = 0

    async def _sleep(self, seconds: float) -> None:
        await (self.clock.sleep(seconds) if self.clock is not None else asyncio.sleep(seconds))

    @contextmanager
    def _working(self) -> Iterator[None]:
        with self.clock.busy() if self.clock is not None else nullcontext():
            yield

    async def _check(self) -> tuple[Persona | None, list[str], list[Path]]:
        with self._working():
            return await asyncio.to_thread(_check, self.path)

    def snapshot(self) -> Snapshot:
        return {p: _stat(p) for p in self.files}

    async def _settled(self) -> Snapshot:
        """Wait until the files stop changing (an editor mid-save), bounded to a few polls."""
        snap = self.snapshot()
        for _ in range(5):
            await self._sleep(min(self.interval, 0.1))
            again = self.snapshot()
            if again == snap:
                break
            snap = again
        return snap

    async def run(self) -> None:
        _, _, files = await self._check()
        self.files = list(dict.fromkeys([self.path.resolve(), *files]))
        self._snap = self.snapshot()
        while True:
            await self._sleep(self.interval)
            if self.snapshot() == self._snap:
                continue
            self._snap = await self._settled()
            persona, problems, files = await self._check()
            self.files = list(dict.fromkeys([self.path.resolve(), *files]))
            # stats from before the check, so an edit saved while checking is seen next poll
            self._snap = {p: self._snap[p] if p in self._snap else _stat(p) for p in self.files}
            try:
                if persona is not None:
                    self.changes += 1
                    log.info("persona %s reloaded from %s", persona.id, self.path)
                    self.on_change(persona)
                else:
                    self.rejections += 1
                    for line in problems:
                        log.error("persona edit rejected: %s", line)
                    self.on_error(problems)
            except Exception:
                log.exception("persona reload callback failed")
