"""Which fact a question asks for when it names none: "出差一周就帶耳機盒子 電夠不" and "how do I actually get the
30 hrs out of it" ask the battery. The attribute words (`attributes_in`) find what a
question names; a situation told instead of a word is read by a model learned from the labelled viewer questions.

`vhost/data/asked_attrs.jsonl` holds every development question about one product's spec, use or fit, product
names taken out, with the attributes of the sheet line its first must-say fact is in, or none when the sheet cannot
answer it (the deferral is the right answer then). A softmax regression over the same features as the intent model
(`vhost.knowledge.asked.features`) is trained on it (`vhost/data/attr_model.npz`); both are rebuilt with the bank:

    python -m vhost.knowledge.asked personas/tech_reviewer.yaml personas/beauty_lab.yaml

The understander asks it only when a spec or usage question about one product names no attribute and the sheet
reading would defer (or has nothing to say: an attribute named that no line of the product has), offers it the
attributes that product's sheet has, and takes its top one only at a probability of GUESS or more, "none"
competing. Leaving each of fresh2 to fresh31 out in turn (4,838 questions, plan only), 9
answers change: 8 give the fact without first deferring on stray words, one gets a wrong fact. On the thirty-second
set, measured before anyone read it, it answered one more line than the same code without it, and none worse.
"""

from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path

import numpy as np

from vhost.knowledge.asked import _sha, _softmax, features, fit, graded, load_weights, save_weights
from vhost.knowledge.embed import Embedder
from vhost.knowledge.kb import SHEET_LINES, Fact
from vhost.text.fold import to_simplified

BANK = "asked_attrs.jsonl"
MODEL = "attr_model.npz"
NONE = "none"  # the sheet has no answer: a deferral, not a fact
GUESS = 0.66  # the bank with fresh34 at 0.55, and with fresh35 at 0.6, answered "N9晚上拍星星行不行" (0.56, 0.66) with the camera line: stars at night are not on the sheet (no development answer changes between 0.6 and 0.66)
ASKED_OF = ("spec", "usage", "suitability")  # the questions it learns from
# the questions it answers: who a product suits ("ok for my 6 yo son", "combination skin") is the persona's advice
# or a deferral, not the nearest fact
GUESSED_FOR = ("spec", "usage")


def _raw() -> str:
    return resources.files("vhost").joinpath("data", BANK).read_text(encoding="utf-8")


def load() -> list[tuple[tuple[str, ...], str]]:
    """(attributes, text) of every banked question; no attributes: the sheet cannot answer it."""
    out = []
    for n, line in enumerate(_raw().splitlines(), 1):
        if line.strip():
            try:
                d = json.loads(line)
                out.append((tuple(str(a) for a in d["attrs"]), str(d["text"])))
            except (ValueError, KeyError, TypeError) as e:
                raise ValueError(f"vhost/data/{BANK}:{n}: {e}") from e
    return out


def _plain(s: str) -> str:
    return to_simplified(s.lower()).replace(" ", "")


def _says(alt: str, text: str) -> bool:
    """A must-say word in a sheet line: a number as a whole number ("8" is not in "4.8" or "18")."""
    a = _plain(alt)
    if not a:
        return False
    pat = ("(?<![0-9.])" if a[0].isdigit() else "") + re.escape(a) + ("(?![0-9])" if a[-1].isdigit() else "")
    return re.search(pat, _plain(text)) is not None


def labelled(personas: list[str], root: Path, splits: tuple[str, ...]) -> list[tuple[str, tuple[str, ...], str]]:
    """(split, attributes, text) of each development question about one product's spec, use or fit whose label
    says what answers it: the attributes of the sheet line that says its first must-say fact (the line that says
    it with the fewest attributes, a spec line before others), none for a question the sheet cannot answer."""
    from vhost.knowledge.kb import build as build_kb

    out: list[tuple[str, tuple[str, ...], str]] = []
    lines: dict[int, list[tuple[Fact, str]]] = {}
    for split, u, item, text in graded(personas, root, splits):
        pid = (item.product if isinstance(item.product, str) else None) or item.context_product
        if item.intent not in ASKED_OF or pid is None:
            continue
        if id(u) not in lines:
            # each line without the product's name: "清透" must be said of the texture, not found in 清透防曬乳's name
            p = u.persona
            lines[id(u)] = [(f, u.unnamed(f.text)) for lang in ("zh", "en")
                            for f in build_kb(p.edition(lang if lang == "en" else p.identity.languages[0]), lang).facts
                            if f.kind in SHEET_LINES and f.attrs]  # fmt: skip
        if item.answerable:
            said = [x for x, unnamed in lines[id(u)] if x.product == pid and any(_says(alt, unnamed) for alt in item.must[0])] if item.must else []
            if not said:
                continue  # answered by no one sheet line (a price, a policy, the persona's advice)
            best = min(said, key=lambda x: (len(x.attrs), x.kind != "spec"))
            out.append((split, tuple(sorted(best.attrs)), text))
        else:
            out.append((split, (), text))
    return out


def build(personas: list[str], root: Path, splits: tuple[str, ...]) -> list[dict[str, object]]:
    """The bank's lines, each text once (its first label)."""
    seen: dict[str, tuple[str, ...]] = {}
    for _, attrs, text in labelled(personas, root, splits):
        seen.setdefault(text, attrs)
    return [{"attrs": list(attrs), "text": text} for text, attrs in seen.items()]


def targets(rows: list[tuple[tuple[str, ...], str]]) -> tuple[np.ndarray, list[str]]:
    """Each question's share over the attributes (spread over a line's several), NONE for no answer."""
    classes = [*sorted({a for attrs, _ in rows for a in attrs}), NONE]
    y = np.zeros((len(rows), len(classes)), np.float32)
    for r, (attrs, _) in enumerate(rows):
        for a in attrs or (NONE,):
            y[r, classes.index(a)] = 1.0 / max(1, len(attrs))
    return y, classes


def train_and_save(emb: Embedder, data: Path) -> str:
    rows = load()
    texts = [t for _, t in rows]
    y, classes = targets(rows)
    w, b = fit(features(emb.encode(texts), texts), y, iters=1500)
    save_weights(data / MODEL, w, b, {"embedder": emb.name, "bank": _sha(_raw()), "attrs": classes, "rows": len(rows)})
    return f"{data / MODEL}: {len(rows)} questions, {len(classes)} attributes"


class AttributeVote:
    """What a question that names no attribute asks of the sheet, by the learned model; None without one."""

    def __init__(self, emb: Embedder) -> None:
        got = load_weights(MODEL, _raw(), emb, "situations are not read")
        self.model: tuple[np.ndarray, np.ndarray, list[str]] | None = (got[0], got[1], list(got[2]["attrs"])) if got is not None else None

    def shares(self, vec: np.ndarray, text: str) -> dict[str, float]:
        if self.model is None:
            return {}
        w, b, classes = self.model
        p = _softmax(features(vec[None, :], [text]) @ w + b)[0]
        return dict(zip(classes, p.tolist(), strict=True))

    def guess(self, vec: np.ndarray, text: str, offered: set[str]) -> str | None:
        """The attribute among `offered` (what the product's sheet has) the question asks for, when the model gives it
        GUESS or more and more than NONE; None otherwise (the deferral or the closest line, as before)."""
        p = self.shares(vec, text)
        if not p or not offered:
            return None
        top = max((a for a in p if a in offered or a == NONE), key=p.__getitem__)
        return top if top != NONE and p[top] >= GUESS else None
