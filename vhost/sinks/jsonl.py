"""Line-buffered JSONL writers for cues, transcript and event fates."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from vhost.events import Cue


class JsonlWriter:
    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._f = self.path.open("w", encoding="utf-8")
        self.count = 0

    def write(self, obj: dict[str, Any]) -> None:
        self._f.write(json.dumps(obj, ensure_ascii=False, separators=(",", ":")) + "\n")
        self.count += 1

    def flush(self) -> None:
        self._f.flush()

    def close(self) -> None:
        if not self._f.closed:
            self._f.close()


class CueFile:
    """cues.jsonl as a CueSink."""

    name = "cues.jsonl"

    def __init__(self, path: str | Path) -> None:
        self._w = JsonlWriter(path)

    async def start(self) -> None:
        return None

    async def send(self, cue: Cue) -> None:
        self._w.write(cue.to_json())

    async def close(self) -> None:
        self._w.close()
