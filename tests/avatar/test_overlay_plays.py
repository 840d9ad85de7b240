"""The overlay's play cards (lottery, bargain, flash sale) in headless Chromium, fed by real plays."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.avatar.browser import CHROMIUM, Browser
from tests.plays.conftest import PERSONA, HandClock, danmaku, event
from vhost.avatar.overlay import OverlayOutput
from vhost.events import ChatEvent, Cue, EventKind, User
from vhost.orders import OrderBook
from vhost.persona.loader import load_persona
from vhost.plays import Plays

pytestmark = [pytest.mark.system, pytest.mark.skipif(CHROMIUM is None, reason="needs chromium")]


async def send_cards(ov: OverlayOutput, plays: Plays, t: float) -> None:
    for name, card in plays.cards(t):
        await ov.send(Cue(t, "play", name=name, extra={"play": card}))


def js_text(sel: str) -> str:
    return f"document.querySelector({sel!r}).textContent"


async def test_play_cards_follow_the_plays(tmp_path: Path) -> None:
    clock = HandClock()
    plays = Plays(load_persona(PERSONA), clock, OrderBook(lambda pid: 1000 if pid == "c1-cable" else None))  # type: ignore[arg-type]
    lot = plays.start_lottery()
    for i in range(7):
        plays.see(danmaku(f"v{i}", "福袋", f"觀眾{i}"), 1.0)
    ov = OverlayOutput(port=0)
    await ov.start()
    try:
        async with Browser(tmp_path / "profile", ov.url) as page:
            assert await page.wait_for("window.__overlay && window.__overlay.connected", True) is True
            assert await page.eval("document.getElementById('lottery').hidden") is True
            clock.t = 10.0
            await send_cards(ov, plays, 10.0)
            assert await page.wait_for("document.getElementById('lottery').hidden", False) is False
            assert await page.eval(js_text("#lottery .prize")) == "手機保護殼"
            assert await page.eval(js_text("#lottery .entrants")) == "7"
            assert await page.eval(js_text("#lottery .commitment")) == lot.commitment[:16]
            countdown = await page.wait_for(js_text("#lottery .countdown") + ".startsWith('0:')", True)
            assert countdown is True  # about 30 s left, ticking in the page
            clock.t = 41.0
            plays.tick(41.0)
            await send_cards(ov, plays, 41.0)
            names = "、".join(lot.entries[k].name for k in lot.winners)
            assert await page.wait_for(js_text("#lottery .winners"), "中獎：" + names) == "中獎：" + names
            assert await page.eval("document.querySelector('#lottery .seedrow').hidden") is False
            assert await page.eval(js_text("#lottery .seed")) == lot.seed.hex()[:16]

            plays.start_bargain("n9-phone", 41.0)
            plays.see(event(EventKind.LIKE, "fan", count=800), 42.0)
            await send_cards(ov, plays, 42.0)
            assert await page.wait_for("document.querySelector('#bargain .fill').dataset.pct", "40.0") == "40.0"
            assert await page.eval(js_text("#bargain .price")) == "2299"
            assert await page.eval(js_text("#bargain .goal")) == "下一檔 ¥2199，還差 1200 讚"
            plays.see(event(EventKind.LIKE, "fan", count=1200), 43.0)
            plays.tick(43.0)
            await send_cards(ov, plays, 43.0)
            assert await page.wait_for(js_text("#bargain .price"), "2199") == "2199"
            steps = "[...document.querySelectorAll('#bargain .steps li')].map(li => li.className + ':' + li.textContent).join(',')"
            assert await page.eval(steps) == "done:¥2199,next:¥2099,:¥1999,:¥1899"

            plays.start_flash("c1-cable", 43.0)
            plays.commerce(ChatEvent("shop", EventKind.ORDER, User("b", "b"), id="o1", product_id="c1-cable", count=38))
            await send_cards(ov, plays, 44.0)
            assert await page.wait_for(js_text("#flash .left"), "12") == "12"
            assert await page.eval(js_text("#flash .stock")) == "50"
            assert await page.eval(js_text("#flash .price")) == "29"
            plays.commerce(ChatEvent("shop", EventKind.ORDER, User("b", "b"), id="o2", product_id="c1-cable", count=12))
            plays.tick(45.0)
            await send_cards(ov, plays, 45.0)
            assert await page.wait_for("document.querySelector('#flash .soldout').hidden", False) is False
        # a browser source added mid-show gets the cards at once
        async with Browser(tmp_path / "profile2", ov.url + "?lang=en") as late:
            assert await late.wait_for(js_text("#flash .left"), "0") == "0"
            assert await late.eval(js_text("#bargain .price")) == "2199"
            assert (await late.eval(js_text("#lottery .title"))).startswith("Giveaway")
    finally:
        await ov.close()
