"""/api/feed over a real WebSocket, and the pieces behind it (tail and per-client queues)."""

from __future__ import annotations

import asyncio
import json

import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed, InvalidStatus

from server.feed import Hub, TranscriptTail
from tests.server.conftest import TOKEN, serve


async def test_feed_pushes_status_and_transcript_rows(tmp_path):
    async with serve(tmp_path, feed_interval_s=0.3) as s:
        with pytest.raises(InvalidStatus):
            async with connect(f"{s.ws_url}/api/feed?token=wrong"):
                pass
        with pytest.raises(InvalidStatus):
            async with connect(f"{s.ws_url}/api/feed"):
                pass
        async with connect(f"{s.ws_url}/api/feed?token={TOKEN}") as ws:
            first = json.loads(await ws.recv())
            assert first["type"] == "status" and first["data"]["running"] is True
            line = "歡迎新來的朋友。"
            await s.client.post("/api/say", json={"text": line})
            statuses, rows = [], []
            async with asyncio.timeout(15):
                while not any(r["text"] == line for r in rows) or len(statuses) < 3:
                    msg = json.loads(await ws.recv())
                    (statuses if msg["type"] == "status" else rows).append(msg.get("data") or msg.get("row"))
            human = next(r for r in rows if r["text"] == line)
            assert human["kind"] == "human"
            assert [r["id"] for r in rows] == list(dict.fromkeys(r["id"] for r in rows))  # each row once
            assert statuses[-1]["program_s"] > statuses[0]["program_s"]
        # a client that connects later gets the recent rows first
        async with connect(f"{s.ws_url}/api/feed?token={TOKEN}") as ws:
            msgs = [json.loads(await ws.recv()) for _ in range(1 + len(rows))]
            assert msgs[0]["type"] == "status"
            assert any(m.get("row", {}).get("text") == line for m in msgs[1:])
    # leaving the server (lifespan shutdown) stopped the show and completed its files
    out = tmp_path / "out"
    assert s.show.stage.program_s > 0 and not s.app.state.control.running
    assert (out / "events.jsonl").exists() and (out / "program.wav").stat().st_size == 44 + round(s.show.stage.program_s * 48000) * 2


async def test_feed_client_count_is_bounded(tmp_path):
    async with serve(tmp_path, max_clients=1) as s, connect(f"{s.ws_url}/api/feed?token={TOKEN}") as ws:
        await ws.recv()
        async with connect(f"{s.ws_url}/api/feed?token={TOKEN}") as other:
            with pytest.raises(ConnectionClosed):
                await other.recv()
            assert other.close_code == 1013 and "too many" in other.close_reason
        await s.client.post("/api/say", json={"text": "還在。"})
        async with asyncio.timeout(10):  # the first client is still served
            while json.loads(await ws.recv())["type"] != "transcript":
                pass


def test_slow_client_is_dropped_without_blocking_others():
    hub = Hub(queue_size=4, max_clients=3)
    slow, fast = hub.subscribe(), hub.subscribe()
    assert slow is not None and fast is not None
    for i in range(10):
        hub.publish({"n": i})  # never awaits: the show's side cannot block
        if i % 2:
            while not fast.queue.empty():
                fast.queue.get_nowait()
    assert slow.dropped and slow not in hub.clients and hub.dropped == 1
    assert slow.queue.get_nowait() is None and slow.queue.empty()  # the sender sees the end at once
    assert not fast.dropped and fast in hub.clients
    assert hub.subscribe() is not None and hub.subscribe() is not None and hub.subscribe() is None  # bounded


def test_tail_reads_only_complete_lines(tmp_path):
    path = tmp_path / "transcript.jsonl"
    tail = TranscriptTail(path, keep=3)
    assert tail.poll() == []  # the file does not exist yet
    with path.open("w", encoding="utf-8") as fh:
        fh.write(json.dumps({"id": "u1", "text": "一"}) + "\n" + '{"id": "u2", "te')
        fh.flush()
        assert [r["id"] for r in tail.poll()] == ["u1"]
        fh.write('xt": "二"}\n')
        for i in range(3, 7):
            fh.write(json.dumps({"id": f"u{i}"}) + "\n")
        fh.flush()
        assert [r["id"] for r in tail.poll()] == ["u2", "u3", "u4", "u5", "u6"]
    assert tail.total == 6 and [r["id"] for r in tail.rows] == ["u4", "u5", "u6"]  # bounded window
    assert [r["id"] for r in tail.after("u4", 10)] == ["u5", "u6"]
    # older than the window: read back from the file
    assert [r["id"] for r in tail.after(None, 2)] == ["u1", "u2"]
    assert [r["id"] for r in tail.after("u1", 3)] == ["u2", "u3", "u4"]
    assert tail.after("u6", 10) == []
    assert tail.after("u99", 10) is None  # unknown id: the caller is told, not handed everything


async def test_rows_read_through_the_api_still_reach_the_feed(tmp_path):
    """GET /api/transcript reads the same tail as the feed pump: a row it reads first must
    still go out to live clients (the console's transcript missed such rows)."""
    async with serve(tmp_path, feed_interval_s=5.0) as s, connect(f"{s.ws_url}/api/feed?token={TOKEN}") as ws:
        line = "先回答這一題。"
        await s.client.post("/api/say", json={"text": line})
        async with asyncio.timeout(15):
            for _ in range(1500):  # poll faster than the pump
                if any(r["text"] == line for r in (await s.client.get("/api/transcript")).json()["rows"]):
                    break
                await asyncio.sleep(0.01)
            while True:
                msg = json.loads(await ws.recv())
                if msg["type"] == "transcript" and msg["row"]["text"] == line:
                    break
