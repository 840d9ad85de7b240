"""Voice activity of the anchor: webrtcvad on 20 ms frames at 16 kHz, turned into turns.

A turn starts when `onset_frames` of the last `onset_frames + 1` frames are speech (a cough
or a click is one frame and starts nothing); its onset is the first speech frame of that
run, so latency is measured from when the anchor really began. A turn ends after
`end_s` without speech; its end is where the last speech frame ended.
"""

from __future__ import annotations

import collections
from dataclasses import dataclass

import numpy as np

from vhost.errors import VhostError

VAD_RATE = 16000
FRAME_S = 0.02
FRAME = int(VAD_RATE * FRAME_S)


class StreamResampler:
    """Linear interpolation across chunk boundaries (no clicks between chunks)."""

    def __init__(self, src: int, dst: int) -> None:
        self.src, self.dst = src, dst
        self.step = src / dst
        self._pos = 0.0
        self._prev: float | None = None

    def __call__(self, pcm: np.ndarray) -> np.ndarray:
        if self.src == self.dst or len(pcm) == 0:
            return pcm.astype(np.int16, copy=False)
        x = pcm.astype(np.float32)
        if self._prev is not None:
            x = np.concatenate([[self._prev], x]).astype(np.float32)
        last = len(x) - 1
        if last < self._pos:
            self._prev = float(x[-1])
            self._pos -= last
            return np.zeros(0, np.int16)
        n = int((last - self._pos) // self.step) + 1
        at = self._pos + self.step * np.arange(n)
        out = np.interp(at, np.arange(len(x)), x)
        self._pos = self._pos + self.step * n - last
        self._prev = float(x[-1])
        return np.clip(np.round(out), -32768, 32767).astype(np.int16)


@dataclass(frozen=True, slots=True)
class Turn:
    """A change of the anchor's state, on the program clock."""

    kind: str  # start | end
    t: float  # start: the onset (first speech frame); end: where the last speech frame ended
    detected_s: float  # program time of the frame that decided it


def _load_webrtcvad(aggressiveness: int):  # -> webrtcvad.Vad
    try:
        import webrtcvad
    except ImportError:
        raise VhostError("webrtcvad is not installed", fix="run: .venv/bin/pip install -e '.[anchor]'") from None
    return webrtcvad.Vad(aggressiveness)


class VoiceActivity:
    def __init__(self, *, aggressiveness: int = 2, onset_frames: int = 3, end_s: float = 0.4, min_dbfs: float = -50.0) -> None:
        self._vad = _load_webrtcvad(aggressiveness)
        self.onset_frames = onset_frames
        self.end_frames = max(1, round(end_s / FRAME_S))
        self.floor_dbfs = min_dbfs
        self._floor = 32768.0 * 10 ** (min_dbfs / 20)
        self._buf = np.zeros(0, np.int16)
        self._t: float | None = None  # program time of the first sample in _buf
        self._recent: collections.deque[tuple[float, bool]] = collections.deque(maxlen=onset_frames + 1)
        self.speaking = False
        self._silent = 0
        self._last_speech_end = 0.0
        self.frames = 0
        self.speech_frames = 0

    def is_speech(self, frame: np.ndarray) -> bool:
        f = frame.astype(np.float32)
        if float(np.sqrt(np.mean(f * f))) < self._floor:
            return False
        return bool(self._vad.is_speech(frame.astype("<i2").tobytes(), VAD_RATE))

    def feed(self, pcm16k: np.ndarray, t: float) -> list[Turn]:
        """Audio at 16 kHz starting at program time t (contiguous with the last call or not)."""
        if self._t is None or abs(self._t + len(self._buf) / VAD_RATE - t) > 0.1:
            self._buf, self._t = np.zeros(0, np.int16), t  # a gap in the input: start over here
        self._buf = np.concatenate([self._buf, pcm16k.astype(np.int16, copy=False)])
        out: list[Turn] = []
        while len(self._buf) >= FRAME:
            assert self._t is not None
            frame, self._buf = self._buf[:FRAME], self._buf[FRAME:]
            ft, self._t = self._t, self._t + FRAME_S
            turn = self._frame(ft, self.is_speech(frame))
            if turn is not None:
                out.append(turn)
        return out

    def _frame(self, t: float, speech: bool) -> Turn | None:
        self.frames += 1
        self.speech_frames += speech
        self._recent.append((t, speech))
        if speech:
            self._silent = 0
            self._last_speech_end = t + FRAME_S
        if not self.speaking:
            if sum(s for _, s in self._recent) >= self.onset_frames:
                self.speaking = True
                onset = next(ft for ft, s in self._recent if s)
                return Turn("start", onset, t + FRAME_S)
            return None
        if not speech:
            self._silent += 1
            if self._silent >= self.end_frames:
                self.speaking = False
                self._recent.clear()
                return Turn("end", self._last_speech_end, t + FRAME_S)
        return None
