"""The overlay: the cue feed over a real aiohttp server, and the page in headless Chromium."""

from __future__ import annotations

import json
from pathlib import Path

import aiohttp
import pytest

from tests.avatar.browser import CHROMIUM, Browser
from vhost.avatar.overlay import OverlayOutput, from_spec
from vhost.errors import ConfigError
from vhost.events import Cue


async def test_feed_sends_json_cues_and_state_to_late_joiners() -> None:
    ov = OverlayOutput(port=0)
    await ov.start()
    try:
        await ov.send(Cue(1.0, "speaking", value=1, utterance="u1"))
        await ov.send(Cue(1.0, "subtitle", text="歡迎來到直播間", utterance="u1"))
        await ov.send(Cue(1.02, "mouth", value=0.4))  # not state: a late joiner does not replay it
        async with aiohttp.ClientSession() as http:
            async with http.get(ov.url) as r:
                assert r.status == 200 and r.content_type == "text/html"
                assert 'id="subtitle"' in await r.text()
            async with http.ws_connect(ov.url + "ws") as ws:
                first = [json.loads((await ws.receive()).data) for _ in range(2)]
                assert first == [
                    {"t": 1.0, "type": "subtitle", "text": "歡迎來到直播間", "utterance": "u1"},
                    {"t": 1.0, "type": "speaking", "value": 1, "utterance": "u1"},
                ]
                await ov.send(Cue(2.0, "expression", name="happy"))
                assert json.loads((await ws.receive()).data) == {"t": 2.0, "type": "expression", "name": "happy"}
    finally:
        await ov.close()
    assert ov.stats()["dropped"] == 0


async def test_port_in_use() -> None:
    a = from_spec("0", {}, {})
    await a.start()
    try:
        with pytest.raises(ConfigError, match="cannot listen"):
            await OverlayOutput(port=a.port).start()
    finally:
        await a.close()


@pytest.mark.system
@pytest.mark.skipif(CHROMIUM is None, reason="needs chromium")
async def test_page_in_headless_chromium_shows_the_subtitle(tmp_path: Path) -> None:
    ov = OverlayOutput(port=0)
    await ov.start()
    try:
        async with Browser(tmp_path / "profile", ov.url) as page:
            assert await page.wait_for("window.__overlay && window.__overlay.connected", True) is True
            assert await page.eval("getComputedStyle(document.body).backgroundColor") == "rgba(0, 0, 0, 0)"
            await ov.send(Cue(0.0, "speaking", value=1, utterance="u7"))
            await ov.send(Cue(0.0, "subtitle", text="這款耳機續航三十小時", utterance="u7"))
            await ov.send(Cue(0.02, "mouth", value=0.75))
            await ov.send(Cue(0.04, "expression", name="Excited"))
            text = "document.getElementById('subtitle').textContent"
            assert await page.wait_for(text, "這款耳機續航三十小時") == "這款耳機續航三十小時"
            assert await page.eval("document.getElementById('subtitle').classList.contains('on')") is True
            assert await page.wait_for("document.getElementById('mouth').dataset.value", "0.750") == "0.750"
            assert await page.wait_for("document.getElementById('face').dataset.expression", "excited") == "excited"
            await ov.send(Cue(0.1, "speaking", value=0, utterance="u7"))
            assert await page.wait_for("document.getElementById('mouth').dataset.value", "0.000") == "0.000"
    finally:
        await ov.close()
