"""The anchor's voice in the program (only when configured): a small jitter buffer whose
audio is added to each program frame, with the music bed ducked while the anchor talks."""

from __future__ import annotations

import collections
from collections.abc import Callable

import numpy as np

from vhost.audio.convert import PROGRAM_RATE

Mixer = Callable[[np.ndarray, bool], np.ndarray]


class AnchorMix:
    def __init__(self, *, gain: float = 1.0, start_s: float = 0.06, max_s: float = 0.3) -> None:
        self.gain = gain
        self._start = int(start_s * PROGRAM_RATE)  # buffered before playing starts (absorbs arrival jitter)
        self._max = int(max_s * PROGRAM_RATE)  # beyond this the oldest audio is dropped (bounded delay)
        self._chunks: collections.deque[np.ndarray] = collections.deque()
        self._n = 0
        self._playing = False
        self.active = False  # the last frame carried the anchor's voice
        self.dropped_s = 0.0
        self.underruns = 0

    def push(self, pcm48: np.ndarray) -> None:
        self._chunks.append(pcm48.astype(np.int16, copy=False))
        self._n += len(pcm48)
        while self._n > self._max and self._chunks:
            old = self._chunks.popleft()
            self._n -= len(old)
            self.dropped_s += len(old) / PROGRAM_RATE

    def take(self, n: int) -> np.ndarray | None:
        if not self._playing:
            if self._n < self._start:
                return None
            self._playing = True
        if self._n < n:
            self._playing = self._n > 0  # ran dry: refill before playing again
            self.underruns += 1
        out = np.zeros(n, np.int16)
        got = 0
        while got < n and self._chunks:
            c = self._chunks[0]
            k = min(n - got, len(c))
            out[got : got + k] = c[:k]
            got += k
            if k == len(c):
                self._chunks.popleft()
            else:
                self._chunks[0] = c[k:]
            self._n -= k
        return out if got else None

    def wrap(self, inner: Mixer | None) -> Mixer:
        def mix(frame: np.ndarray, speaking: bool) -> np.ndarray:
            voice = self.take(len(frame))
            self.active = voice is not None and int(np.abs(voice).max()) > 300
            out = inner(frame, speaking or self.active) if inner is not None else frame
            if voice is None:
                return out
            return np.clip(out.astype(np.int32) + (voice.astype(np.float32) * self.gain).astype(np.int32), -32768, 32767).astype(np.int16)

        return mix
