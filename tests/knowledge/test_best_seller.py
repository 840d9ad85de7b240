"""Which one sells best: the sheet has no sales figures, so none is called the best seller; the shelf is offered."""

from __future__ import annotations

import pytest

from tests.knowledge.conftest import ask


@pytest.mark.parametrize(("persona", "text", "deferral"), [
    ("tech", "which one's your best seller", "I don't have sales figures"),  # was "We only compare our own measurements, not other brands."
    ("tech", "哪款賣得最好", "資料卡上沒有寫各款的銷量"),  # was the shelf alone
    ("beauty", "你们家卖最好的是哪个", "資料卡上沒有寫各款的銷量"),  # was the line about other brands
])
def test_the_best_seller_is_deferred_and_the_shelf_offered(tech, beauty, persona, text, deferral) -> None:
    x, p = ask(tech if persona == "tech" else beauty, text)
    said = " ".join(p.lines)
    assert p.lines[0].startswith(deferral) and ("元" in p.lines[1] or "yuan" in p.lines[1]), p.lines
    assert not any(w in said.lower() for w in ("best seller", "賣得最好", "最暢銷", "別家", "other brands")), said


def test_one_products_sales_are_deferred_by_name(tech) -> None:
    x, p = ask(tech, "X1銷量怎麼樣")
    assert p.lines[0].startswith("資料卡上沒有寫X1的銷量"), p.lines
