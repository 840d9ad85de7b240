"""The console's Plays panel in headless Chromium against the running server."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.avatar.browser import CHROMIUM, Browser
from tests.server.conftest import serve, wait_until

pytestmark = [pytest.mark.system, pytest.mark.skipif(CHROMIUM is None, reason="chromium not installed")]
PLAYS = Path(__file__).parent / "data" / "plays.yaml"


def by_id(i: str) -> str:
    return f"document.getElementById({json.dumps(i)})"


async def test_console_runs_the_plays(tmp_path: Path) -> None:
    async with serve(tmp_path, persona=PLAYS) as s, Browser(tmp_path / "profile", s.url + "/#token=" + s.settings.control_token) as b:
        assert await b.wait_for(by_id("live") + ".textContent", "live") == "live"
        assert await b.wait_for(by_id("lottery-segment") + ".value", "lottery") == "lottery"
        assert await b.eval(by_id("lottery-extend") + ".disabled") is True
        # start a lottery, give it more time, viewers join, it draws
        await b.eval(by_id("lottery-start") + ".click()")
        assert await b.wait_for(by_id("lottery-line") + ".dataset.state", "open") == "open"
        lot = s.show.plays.lottery
        assert lot is not None and lot.state == "open"
        assert lot.commitment in await b.eval(by_id("lottery-commitment") + ".textContent")
        closes = lot.closes
        await b.eval(by_id("lottery-extend") + ".click()")
        assert await wait_until(lambda: s.show.plays.lottery.closes > closes + 29)  # type: ignore[union-attr]
        assert s.show.plays.lottery.closes == pytest.approx(closes + 30)  # type: ignore[union-attr]
        viewers = [{"kind": "danmaku", "user": {"id": f"v{i}", "name": f"觀眾{i}"}, "text": "福袋"} for i in range(5)]
        assert (await s.client.post("/api/events", json=viewers)).status_code == 200
        s.show.plays.lottery.closes = s.show.clock.now()  # skip the wait: the draw is due now
        assert await b.wait_for(by_id("lottery-line") + ".dataset.state", "drawn", timeout=20) == "drawn"
        winners = "[...document.querySelectorAll('#lottery-winners li')].map(li => li.dataset.key)"
        first = await b.wait_for(f"{winners}.length", 2)
        assert first == 2
        before = await b.eval(winners)
        assert before == s.show.plays.lottery.winners
        # the first winner does not answer: redraw from the same seed
        await b.eval("document.querySelector('#lottery-winners li .redraw').click()")
        assert await b.wait_for(f"{winners}.includes({json.dumps(before[0])})", False) is False
        after = await b.eval(winners)
        assert before[1] in after and len(after) == 2 and s.show.plays.lottery.absent == [before[0]]
        assert s.show.plays.lottery.seed.hex() in await b.eval(by_id("lottery-commitment") + ".textContent")
        # a second lottery, cancelled from the console (the confirm box answered yes)
        await b.eval("window.confirm = () => true")
        await b.eval(by_id("lottery-start") + ".click()")
        assert await b.wait_for(by_id("lottery-line") + ".dataset.state", "open") == "open"
        await b.eval(by_id("lottery-cancel") + ".click()")
        assert await b.wait_for(by_id("lottery-line") + ".dataset.state", "cancelled") == "cancelled"

        # bargain: start, approve a step, end
        await b.eval(by_id("bargain-start") + ".click()")
        assert await b.wait_for(by_id("bargain-line") + ".dataset.state", "running") == "running"
        await b.eval(by_id("bargain-approve") + ".click()")
        assert await b.wait_for(f"{by_id('bargain-line')}.textContent.includes('¥2199 → ¥2099')", True) is True
        assert s.show.plays.live_price("n9-phone").price == 2199  # type: ignore[union-attr]
        await b.eval(by_id("bargain-stop") + ".click()")
        assert await b.wait_for(by_id("bargain-line") + ".dataset.state", "ended") == "ended"

        # flash sale: start, stock from the shop shows, end
        await b.eval(by_id("flash-start") + ".click()")
        assert await b.wait_for(by_id("flash-line") + ".dataset.state", "running") == "running"
        assert (await s.client.post("/api/events", json={"kind": "stock", "product": "c1-cable", "stock": 9})).status_code == 200
        assert await b.wait_for(f"{by_id('flash-line')}.textContent.includes('9/50 left')", True) is True
        await b.eval(by_id("flash-stop") + ".click()")
        assert await b.wait_for(by_id("flash-line") + ".dataset.state", "ended") == "ended"
        # a control that does not apply now shows why
        await b.eval(f"{by_id('flash-stop')}.disabled = false; {by_id('flash-stop')}.click()")
        assert "no flash sale is running" in await b.wait_for(by_id("play-error") + ".textContent", "no flash sale is running")

        async def kinds() -> bool:
            rows = (await s.client.get("/api/transcript", params={"limit": 1000})).json()["rows"]
            return {"lottery", "bargain", "flash"} <= {r["kind"] for r in rows}

        assert await wait_until(kinds, timeout=30), "the plays were not all said"
