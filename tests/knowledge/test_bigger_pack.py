"""A bigger pack than the sheet lists is deferred by name, then the size there is ("大瓶" sounds like 大屏: no screen)."""

from __future__ import annotations

import pytest

from tests.knowledge.conftest import ask


@pytest.mark.parametrize(("text", "stage", "size"), [
    ("does this one come in a bigger bottle?", "spf-sunscreen", "50 ml"),  # was the size alone, as if that answered it
    ("有大一點的瓶嗎", "ha-serum", "30 毫升"),
    ("防曬有冇大支裝", None, "50 毫升"),  # was "沒有寫清透防曬乳有沒有大支裝" and the SPF
])
def test_a_bigger_pack_is_deferred_then_the_size_said(beauty, text, stage, size) -> None:
    x, p = ask(beauty, text, stage_product=stage)
    assert "bigger_size" in x.missing and "screen" not in x.attrs, (x.attrs, x.missing)
    assert ("大瓶裝" in p.lines[0] or "bigger sizes" in p.lines[0]) and size in " ".join(p.lines[1:]), p.lines


def test_a_bigger_pack_is_never_a_screen(beauty) -> None:
    x, _ = ask(beauty, "有沒有大瓶裝")  # no product named, none on stage: which one (was read as 大屏, a screen)
    assert "bigger_size" in x.attrs and "screen" not in x.attrs, x.attrs
