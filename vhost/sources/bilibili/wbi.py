"""WBI request signing, mandatory on getDanmuInfo: ``w_rid = md5(sorted query + mixin key)``."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from urllib.parse import urlencode

# the published permutation that turns img_key + sub_key into the 32-char mixin key
MIXIN_TABLE = (
    46, 47, 18, 2, 53, 8, 23, 32, 15, 50, 10, 31, 58, 3, 45, 35, 27, 43, 5, 49, 33, 9, 42, 19, 29, 28, 14, 39,
    12, 38, 41, 13, 37, 48, 7, 16, 24, 55, 40, 61, 26, 17, 0, 1, 60, 51, 30, 4, 22, 25, 54, 21, 56, 59, 6, 63,
    57, 62, 11, 36, 20, 34, 44, 52,
)  # fmt: skip
_DROP = str.maketrans("", "", "!'()*")


def key_from_url(url: str) -> str:
    """``https://i0.hdslb.com/bfs/wbi/7cd0...077c.png`` -> ``7cd0...077c``."""
    return url.rsplit("/", 1)[-1].split(".", 1)[0]


def mixin_key(img_key: str, sub_key: str) -> str:
    raw = img_key + sub_key
    return "".join(raw[i] for i in MIXIN_TABLE if i < len(raw))[:32]


def sign(params: Mapping[str, object], mixin: str, wts: int) -> dict[str, str]:
    """The params plus ``wts`` and ``w_rid``, in the sorted order the signature covers."""
    merged = {**{k: str(v) for k, v in params.items()}, "wts": str(wts)}
    ordered = {k: merged[k].translate(_DROP) for k in sorted(merged)}
    w_rid = hashlib.md5((urlencode(ordered) + mixin).encode()).hexdigest()
    return {**ordered, "w_rid": w_rid}
