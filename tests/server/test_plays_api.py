"""The plays through the control API against a running show (real server, wall clock)."""

from __future__ import annotations

from pathlib import Path

from tests.server.conftest import Served, serve, wait_until

PLAYS = Path(__file__).parent / "data" / "plays.yaml"


async def said(s: Served, kind: str) -> list[str]:
    rows = (await s.client.get("/api/transcript", params={"limit": 1000})).json()["rows"]
    return [r["text"] for r in rows if r["kind"] == kind]


async def test_lottery_from_the_api(tmp_path: Path) -> None:
    async with serve(tmp_path, persona=PLAYS) as s:
        r = await s.client.get("/api/plays")
        assert r.status_code == 200 and r.json()["available"] == {"lottery": ["lottery"], "bargain": ["n9-phone"], "flash": ["c1-cable"]}
        r = await s.client.post("/api/plays/lottery/start", json={"segment": "lottery"})
        assert r.status_code == 200, r.text
        lot = r.json()["lottery"]
        assert lot["state"] == "open" and len(lot["commitment"]) == 64 and "seed" not in lot
        again = await s.client.post("/api/plays/lottery/start")
        assert again.status_code == 409 and "still open" in again.json()["detail"]
        viewers = [{"kind": "danmaku", "user": {"id": f"v{i}", "name": f"觀眾{i}"}, "text": "福袋"} for i in range(6)]
        idx = (await s.client.post("/api/events", json=viewers)).json()["indexes"]
        assert (await s.client.post("/api/plays/lottery/extend", json={"seconds": 1})).status_code == 200
        drawn = await wait_until(lambda: _state(s, "lottery", "drawn"), timeout=20)
        assert drawn, "the lottery was never drawn"
        assert drawn["eligible"] == 6 and len(drawn["winners"]) == 2 and drawn["seed"]
        fates = {e["index"]: e for e in (await s.client.get("/api/events")).json()["rows"]}
        assert {fates[i]["reason"] for i in idx} == {"lottery: entered"}
        absent = drawn["winners"][0]
        r = await s.client.post("/api/plays/lottery/redraw", json={"winner": absent["key"]})
        assert r.status_code == 200
        after = r.json()["lottery"]
        assert absent["key"] not in [w["key"] for w in after["winners"]] and after["absent"] == [absent]
        assert (await s.client.post("/api/plays/lottery/redraw", json={"winner": "nobody"})).status_code == 409
        assert await wait_until(lambda: _said_has(s, "lottery", "重新抽出"), timeout=15)
        assert await wait_until(lambda: _said_has(s, "lottery", after["winners"][-1]["name"]), timeout=15)
        assert (tmp_path / "out" / "lottery.jsonl").is_file()


async def test_bargain_and_flash_from_the_api_with_stock_pushed_by_the_shop(tmp_path: Path) -> None:
    async with serve(tmp_path, persona=PLAYS) as s:
        assert (await s.client.post("/api/plays/bargain/approve")).status_code == 409  # nothing to approve yet
        r = await s.client.post("/api/plays/bargain/start", json={"product": "n9-phone"})
        assert r.status_code == 200 and r.json()["bargain"]["price"] == 2299
        r = await s.client.post("/api/plays/bargain/approve")
        assert r.json()["bargain"]["price"] == 2199 and r.json()["bargain"]["next_price"] == 2099
        assert await wait_until(lambda: _said_has(s, "bargain", "解鎖成功！N9 手機現在 2199 元"), timeout=15)
        assert (await s.client.post("/api/plays/bargain/stop")).json()["bargain"]["state"] == "ended"

        r = await s.client.post("/api/plays/flash/start", json={"product": "c1-cable"})
        assert r.status_code == 200 and r.json()["flash"]["left"] == 50
        # the shop's backend reports the units left, then sells them
        assert (await s.client.post("/api/events", json={"kind": "stock", "product": "c1-cable", "stock": 7})).status_code == 200
        # said in the opening ("現在只有 7 件") if it was not on air yet, else as the units left ("只剩 7 件")
        assert await wait_until(lambda: _said_has(s, "flash", "有 7 件", "只剩 7 件"), timeout=20), "the pushed stock was never said"
        assert (await s.client.get("/api/status")).json()["plays"]["flash"]["left"] == 7
        order = {"kind": "order", "id": "T-1", "product": "c1-cable", "count": 7, "value_cny": 203, "user": {"id": "b", "name": "b"}}
        for _ in range(2):  # a retried callback counts once
            assert (await s.client.post("/api/events", json=order)).status_code == 200
        assert await wait_until(lambda: _said_has(s, "flash", "搶光"), timeout=20)
        flash = (await s.client.get("/api/plays")).json()["flash"]
        assert (flash["state"], flash["left"], flash["sold"]) == ("sold_out", 0, 7)
        assert (await s.client.post("/api/plays/flash/stop")).status_code == 409


async def _state(s: Served, kind: str, state: str) -> dict | None:
    play = (await s.client.get("/api/plays")).json().get(kind)
    return play if play and play["state"] == state else None


async def _said_has(s: Served, kind: str, *texts: str) -> bool:
    return any(t in x for x in await said(s, kind) for t in texts)
