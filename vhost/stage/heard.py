"""What the room heard lately: the lines begun on air, a cut one only as far as its clauses played. The writer reads it
to say "剛才說了" of a fact heard a moment ago, and of nothing else."""

from __future__ import annotations

import collections


class Heard:
    def __init__(self, keep: int = 16) -> None:
        self._lines: collections.deque[tuple[float, str]] = collections.deque(maxlen=keep)  # (start, line)

    def began(self, start_s: float, text: str) -> None:
        """A sentence went on air: a reply written while it plays hears it as said (the stage lets it end)."""
        self._lines.append((start_s, text))

    def cut(self, played: list[str], partial: str) -> None:
        """The utterance on air was cut at a pause: its sentence begun and not played whole reads as the clauses heard."""
        self._lines = collections.deque(((s, partial if t.startswith(partial) and t not in played else t) for s, t in self._lines),
                                        maxlen=self._lines.maxlen)  # fmt: skip

    def within(self, now: float, seconds: float) -> list[str]:
        """The lines begun in the last `seconds`, oldest first."""
        return [t for s, t in self._lines if now - s <= seconds]
