"""Questions viewers asked, labelled by intent: the nearest-neighbour vote of the understander.

`vhost/data/asked.jsonl` holds one labelled question a line with the product names taken out
("X1 續航多久" -> "續航多久"), so it says how viewers ask, whatever the product: it serves any
persona. It is built from the graded corpora's development splits (never the held-out one):

    python -m vhost.knowledge.asked personas/tech_reviewer.yaml personas/beauty_lab.yaml

A question's vote for an intent is the mean similarity of its k nearest labelled questions
that carry that intent (0 for the intents none of them carry): many close neighbours agreeing
count more than one lucky match, which the exemplar bank's best-match score already gives.
"""

from __future__ import annotations

import json
import sys
import threading
from importlib import resources
from pathlib import Path

import numpy as np

from vhost.knowledge.embed import Embedder
from vhost.knowledge.names import ProductNames
from vhost.persona.model import Persona

BANK = "asked.jsonl"
SPLITS = ("dev", "test", "fresh", "fresh2", "fresh3", "fresh4", "fresh5", "fresh6")  # the held-out split is never read here
K = 10

_LOCK = threading.Lock()
_VECS: dict[str, np.ndarray] = {}


def load() -> list[tuple[str, str]]:
    """(intent, text) of every banked question."""
    raw = resources.files("vhost").joinpath("data", BANK).read_text(encoding="utf-8")
    out = []
    for n, line in enumerate(raw.splitlines(), 1):
        if line.strip():
            try:
                d = json.loads(line)
                out.append((str(d["intent"]), str(d["text"])))
            except (ValueError, KeyError) as e:
                raise ValueError(f"vhost/data/{BANK}:{n}: {e}") from e
    return out


class AskedBank:
    def __init__(self, emb: Embedder) -> None:
        rows = load()
        self.intents = [i for i, _ in rows]
        with _LOCK:  # encoded once a process per embedder: every persona's understander shares it
            if emb.name not in _VECS:
                _VECS[emb.name] = emb.encode([t for _, t in rows])
            self.vecs = _VECS[emb.name]

    def vote(self, vec: np.ndarray, k: int = K) -> dict[str, float]:
        sims = self.vecs @ vec
        out: dict[str, float] = {}
        for i in np.argsort(-sims)[:k].tolist():
            out[self.intents[i]] = out.get(self.intents[i], 0.0) + float(sims[i]) / k
        return out


class _Names(ProductNames):
    def __init__(self, persona: Persona) -> None:
        self.persona = persona
        self._names = self._product_words()
        self._unique = self._unique_words()


def build(personas: list[str], root: Path) -> list[dict[str, str]]:
    """The bank's lines from each persona's graded development splits, names taken out."""
    from vhost.grading.corpus import load_graded
    from vhost.persona.loader import load_persona
    from vhost.text.cantonese import to_mandarin

    out: list[dict[str, str]] = []
    seen: set[tuple[str, str]] = set()
    for path in personas:
        u = _Names(load_persona(path))
        stem = Path(path).stem
        for split in SPLITS:
            f = root / f"{stem}.{split}.jsonl"
            if not f.exists():
                continue
            for item in load_graded(f):
                text = u.unnamed(to_mandarin(item.text))  # as the understanding reads it: Cantonese as Mandarin
                if (item.intent, text) not in seen:
                    seen.add((item.intent, text))
                    out.append({"intent": item.intent, "text": text})
    return out


def main(argv: list[str]) -> int:
    if not argv:
        print("usage: python -m vhost.knowledge.asked PERSONA.yaml [...]", file=sys.stderr)
        return 2
    rows = build(argv, Path("personas/corpora/graded"))
    target = Path(__file__).resolve().parent.parent / "data" / BANK
    target.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    print(f"{target}: {len(rows)} questions")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
