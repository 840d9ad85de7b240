"""The co-hosting routes against a running show: review decisions (an edit is guarded),
answer this message, pin, pitch, mode, and the console microphone's WebSocket."""

from __future__ import annotations

import asyncio

import numpy as np
import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed, InvalidStatus

from tests.anchor.speech import ESPEAK, RATE, espeak
from tests.server.conftest import TOKEN, Served, serve, wait_until
from vhost.cohost.config import CohostConfig


async def pending(s: Served) -> list[dict]:
    r = await s.client.get("/api/cohost")
    assert r.status_code == 200, r.text
    return r.json()["review"]["pending"]


async def said(s: Served) -> str:
    rows = (await s.client.get("/api/transcript", params={"limit": 1000})).json()["rows"]
    return " ".join(r["text"] for r in rows)


async def next_item(s: Served, seen: set[str]) -> dict:
    async def new():
        return [i for i in await pending(s) if i["id"] not in seen]

    items = await wait_until(new, timeout=15)
    assert items, "no line came up for review"
    seen.add(items[0]["id"])
    return items[0]


async def test_review_decisions(tmp_path):
    async with serve(tmp_path, cohost=CohostConfig(mode="review", review_timeout_s=60)) as s:
        seen: set[str] = set()
        first = await next_item(s, seen)
        assert set(first) >= {"id", "utterance", "kind", "text", "left_s"} and 0 < first["left_s"] <= 60
        r = await s.client.post(f"/api/review/{first['id']}/approve")
        assert r.status_code == 200 and r.json() == {"id": first["id"], "decision": "approve"}
        r = await s.client.post(f"/api/review/{first['id']}/approve")
        assert r.status_code == 404 and "no line" in r.json()["detail"]
        assert await wait_until(lambda: _has(s, first["text"]), timeout=10)

        second = await next_item(s, seen)
        r = await s.client.post(f"/api/review/{second['id']}/edit", json={"text": "這是全網最低價，買到就是賺到！"})
        assert r.status_code == 422 and "banned:" in r.json()["detail"]
        assert second["id"] in [i["id"] for i in await pending(s)], "a refused edit keeps the line waiting"
        r = await s.client.post(f"/api/review/{second['id']}/edit", json={"text": "   "})
        assert r.status_code == 422 and "text" in r.json()["detail"]
        edited = "想看哪一項實測，打在公屏上。"
        r = await s.client.post(f"/api/review/{second['id']}/edit", json={"text": edited})
        assert r.status_code == 200 and r.json()["text"] == edited
        assert await wait_until(lambda: _has(s, edited), timeout=10)

        third = await next_item(s, seen)
        assert (await s.client.post(f"/api/review/{third['id']}/reject")).status_code == 200
        r = await s.client.post("/api/mode", json={"mode": "sometimes"})
        assert r.status_code == 422 and "mode" in r.json()["detail"]
        r = await s.client.post("/api/mode", json={"mode": "auto"})
        assert r.status_code == 200 and (await s.client.get("/api/status")).json()["cohost"]["mode"] == "auto"
        await s.client.post("/api/stop")
        log = (s.settings.out / "review.jsonl").read_text(encoding="utf-8")
        assert '"decision":"reject"' in log and f'"edited":"{edited}"' in log


async def _has(s: Served, text: str) -> bool:
    return text in await said(s)


async def test_answer_pin_and_pitch(tmp_path):
    async with serve(tmp_path, cohost=CohostConfig(mode="assist", assist_gap_s=300)) as s:
        chat = [{"kind": "danmaku", "user": {"id": f"v{i}", "name": f"觀眾{i}"}, "text": t}
                for i, t in enumerate(["主播晚上好", "充電頭能充筆電嗎？", "X1 防水嗎"])]  # fmt: skip
        r = await s.client.post("/api/events", json=chat)
        assert r.status_code == 200
        indexes = r.json()["indexes"]
        queue = (await s.client.get("/api/cohost")).json()["queue"]
        assert {q["index"] for q in queue} == set(indexes) and all(q["text"] for q in queue)
        r = await s.client.post("/api/answer", json={"index": indexes[1]})
        assert r.status_code == 200
        uid = r.json()["utterance"]

        async def answered():
            rows = (await s.client.get("/api/transcript")).json()["rows"]
            return next((x for x in rows if x["id"] == uid), None)

        row = await wait_until(answered, timeout=15)
        assert row and row["reply_to"] == [indexes[1]] and row["kind"] == "reply"
        assert (await s.client.post("/api/answer", json={"index": indexes[1]})).status_code == 404
        assert (await s.client.post("/api/answer", json={"index": -1})).status_code == 422
        assert (await s.client.post("/api/pin", json={"product": "no-such"})).status_code == 404
        r = await s.client.post("/api/pin", json={"product": "n9-phone"})
        assert r.status_code == 200 and (await s.client.get("/api/cohost")).json()["pinned"] == "n9-phone"
        r = await s.client.post("/api/pitch", json={})
        assert r.status_code == 200
        pid = r.json()["utterance"]
        row = await wait_until(lambda: _row(s, pid), timeout=15)
        assert row and row["kind"] == "pitch"
        assert any("N9" in c[-1].content for c in s.show.llm.calls), "the pinned product was pitched"  # type: ignore[attr-defined]
        assert (await s.client.post("/api/pin", json={"product": None})).status_code == 200
        assert (await s.client.get("/api/cohost")).json()["pinned"] is None
        # assist: nothing else was said unasked
        rows = (await s.client.get("/api/transcript")).json()["rows"]
        assert {x["id"] for x in rows} <= {uid, pid}


async def _row(s: Served, uid: str) -> dict | None:
    rows = (await s.client.get("/api/transcript")).json()["rows"]
    return next((x for x in rows if x["id"] == uid), None)


@pytest.mark.skipif(ESPEAK is None, reason="espeak-ng not installed")
async def test_console_microphone_websocket(tmp_path):
    async with serve(tmp_path, cohost=CohostConfig(anchor_audio="console:", anchor_asr=None)) as s:
        url = s.ws_url + "/api/anchor/audio"
        with pytest.raises(InvalidStatus) as refused:  # no token: refused at the handshake
            async with connect(url + "?rate=16000"):
                pass
        assert refused.value.response.status_code == 403
        speech = espeak("Let me take over for a moment, thanks.")
        pcm = np.concatenate([np.zeros(RATE // 4, np.int16), speech, np.zeros(RATE // 2, np.int16)])
        speaking = []
        async with connect(f"{url}?rate={RATE}&token={TOKEN}") as ws:
            step = RATE // 25
            for i in range(0, len(pcm), step):
                await ws.send(pcm[i : i + step].astype("<i2").tobytes())
                await asyncio.sleep(step / RATE)
                if i % (step * 10) == 0:
                    speaking.append((await s.client.get("/api/cohost")).json()["anchor"]["speaking"])
        anchor = (await s.client.get("/api/cohost")).json()["anchor"]
        assert anchor["console_mic"] is True and any(speaking)
        assert anchor["stats"]["turns"] == 1 and anchor["stats"]["audio_s"] >= len(pcm) / RATE - 0.1


async def test_microphone_refused_without_a_console_input(tmp_path):
    async with serve(tmp_path) as s:
        with pytest.raises(ConnectionClosed) as e:
            async with connect(f"{s.ws_url}/api/anchor/audio?token={TOKEN}") as ws:
                await ws.recv()
        assert e.value.rcvd is not None and "--anchor-audio console:" in e.value.rcvd.reason
