"""The REST control API against a running show (real stage, espeak-ng voice, scripted LLM)."""

from __future__ import annotations

import json
import wave

import httpx

from server.deps import get_settings
from tests.server.conftest import TOKEN, Served, fake_show, serve, wait_until


async def transcript(s: Served, after: str | None = None) -> list[dict]:
    params = {"limit": 1000} | ({"after": after} if after else {})
    r = await s.client.get("/api/transcript", params=params)
    assert r.status_code == 200, r.text
    return r.json()["rows"]


async def test_auth_is_required(live: Served):
    async with httpx.AsyncClient(base_url=live.url) as anon:
        for method, path in (("GET", "/api/status"), ("POST", "/api/say"), ("POST", "/api/takeover"), ("GET", "/api/transcript"), ("POST", "/api/stop")):
            r = await anon.request(method, path, json={"text": "hi"})
            assert r.status_code == 401, (path, r.text)
            assert "token" in r.json()["detail"]
            r = await anon.request(method, path, json={"text": "hi"}, headers={"Authorization": "Bearer wrong-" + TOKEN})
            assert r.status_code == 401
    r = await live.client.get("/api/status")
    assert r.status_code == 200
    body = r.json()
    assert body["running"] is True and body["held"] is False
    assert set(body) >= {"program_s", "on_air", "next", "pending", "events", "utterances", "voice", "counts"}
    # loopback without a token: the API is open to local programs (dependency override of the settings)
    live.app.dependency_overrides[get_settings] = lambda: live.settings.model_copy(update={"control_token": ""})
    try:
        async with httpx.AsyncClient(base_url=live.url) as anon:
            assert (await anon.get("/api/status")).status_code == 200
    finally:
        live.app.dependency_overrides.clear()


async def test_say_is_spoken_and_written(live: Served):
    line = "大家好，我是今晚的主持人。"
    r = await live.client.post("/api/say", json={"text": line})
    assert r.status_code == 200 and r.json() == {"queued": True, "text": line}
    rows = await wait_until(lambda: _human(live, line), timeout=15)
    assert rows, "the operator's line never reached the transcript"
    assert rows[0]["kind"] == "human" and rows[0]["start_s"] <= rows[0]["end_s"]
    # paging: after the last row nothing new; an unknown id is a clear 404
    page = (await live.client.get("/api/transcript", params={"limit": 1})).json()
    assert len(page["rows"]) == 1 and page["total"] >= 1
    rest = await transcript(live, after=page["next_after"])
    assert [r["id"] for r in rest] == [r["id"] for r in (await transcript(live))[1:]]
    r = await live.client.get("/api/transcript", params={"after": "u99999"})
    assert r.status_code == 404 and r.json()["detail"].startswith("after:")


async def _human(s: Served, line: str) -> list[dict]:
    return [r for r in await transcript(s) if r["kind"] == "human" and r["text"] == line]


async def test_say_is_validated(live: Served):
    for body, field in (({"text": ""}, "text"), ({"text": "x" * 501}, "text"), ({"text": "   "}, "text"), ({}, "text"), ({"text": "a", "x": 1}, "x")):
        r = await live.client.post("/api/say", json=body)
        assert r.status_code == 422, body
        detail = r.json()["detail"]
        assert isinstance(detail, str) and "\n" not in detail and detail.startswith(field), detail
    r = await live.client.post("/api/say", content=b"{not json", headers={"Content-Type": "application/json"})
    assert r.status_code == 422 and isinstance(r.json()["detail"], str)


async def test_takeover_holds_the_ai_until_resume(live: Served):
    # a question keeps the AI busy; then the anchor takes over
    q = {"kind": "danmaku", "user": {"id": "u1", "name": "小明"}, "text": "這個耳機續航多久？"}
    assert (await live.client.post("/api/events", json=q)).status_code == 200
    await wait_until(lambda: _ai_rows(live), timeout=15)
    r = await live.client.post("/api/takeover")
    assert r.status_code == 200 and r.json()["held"] is True
    held_at = r.json()["program_s"]
    # while held: questions queue, operator lines are spoken, the AI says nothing new
    await live.client.post("/api/events", json={**q, "user": {"id": "u2", "name": "阿傑"}, "text": "充電頭能充筆電嗎？"})
    line = "我來回答這個。"
    await live.client.post("/api/say", json={"text": line})
    assert await wait_until(lambda: _human(live, line), timeout=15)
    status = (await live.client.get("/api/status")).json()
    assert status["held"] is True and status["pending"] >= 1
    r = await live.client.post("/api/resume")
    assert r.status_code == 200 and r.json()["held"] is False
    resumed_at = r.json()["program_s"]
    rows = await transcript(live)
    during = [x for x in rows if held_at <= x["start_s"] < resumed_at]
    assert during and all(x["kind"] == "human" for x in during), during
    # after resume the waiting question is answered
    answered = await wait_until(lambda: [x for x in _snap(live) if x["start_s"] >= resumed_at and x["kind"] == "reply"], timeout=15)
    assert answered


def _snap(s: Served) -> list[dict]:
    path = s.settings.out / "transcript.jsonl"
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


async def _ai_rows(s: Served) -> list[dict]:
    return [r for r in await transcript(s) if r["kind"] != "human"]


async def test_skip_cuts_what_is_on_air(tmp_path):
    long = "這款耳機的降噪很強。" * 12
    async with serve(tmp_path, fake_show(long)) as s:
        await s.client.post("/api/events", json={"kind": "danmaku", "user": {"id": "a", "name": "A"}, "text": "主播今天心情怎麼樣？"})
        # skip once the long reply has been heard in part (a line cut before any sound leaves no row)
        on = await wait_until(lambda: _on_air(s, "reply"), timeout=15)
        assert on, "the reply never went on air"
        r = await s.client.post("/api/skip")
        assert r.status_code == 200
        cut = await wait_until(lambda: [x for x in _snap(s) if x["id"] == on["id"]], timeout=10)
        assert cut and cut[0].get("interrupted") == "skipped by operator"
        assert len(cut[0]["text"]) < len(long)


async def _on_air(s: Served, kind: str) -> dict | None:
    on = (await s.client.get("/api/status")).json()["on_air"]
    return on if on and on["kind"] == kind and on["said"] else None


async def test_pushed_events_get_their_fate(live: Served):
    batch = [
        {"kind": "danmaku", "user": {"id": "a", "name": "小明"}, "text": "這個多少錢？"},
        {"kind": "gift", "user": {"id": "b", "name": "Lily"}, "gift": {"name": "小心心", "count": 3}, "value_cny": 3},
        {"kind": "danmaku", "user": {"id": "d", "name": "spam"}, "text": "加微信 abc12345 領紅包 http://x.cn"},
    ]
    r = await live.client.post("/api/events", json=batch)
    assert r.status_code == 200 and r.json() == {"accepted": 3, "indexes": [0, 1, 2], "duplicates": 0}
    rows = (await live.client.get("/api/events")).json()["rows"]
    assert [e["index"] for e in rows] == [0, 1, 2]
    assert rows[2]["fate"] == "blocked" and rows[2]["reason"]
    assert rows[0]["text"] == "這個多少錢？"
    decided = await wait_until(lambda: _fates(live, 2), timeout=15)
    assert decided and decided[0] in ("answered", "merged") and decided[1] == "thanked"
    counts = (await live.client.get("/api/events/counts")).json()
    assert counts["blocked"] == 1 and sum(v for k, v in counts.items() if k != "pending") == 3
    page = (await live.client.get("/api/events", params={"after": 1})).json()
    assert [e["index"] for e in page["rows"]] == [2] and page["next_after"] == 2


async def _fates(s: Served, n: int) -> list[str] | None:
    rows = (await s.client.get("/api/events")).json()["rows"]
    fates = [e["fate"] for e in rows[:n]]
    return fates if all(fates) else None


async def test_bad_event_is_400_naming_the_field(live: Served):
    cases = [
        ({"kind": "danmaku", "user": {"name": "x"}, "text": "hi"}, "user.id"),
        ({"kind": "teleport", "user": {"id": "a"}}, "kind"),
        ([{"kind": "danmaku", "user": {"id": "a"}, "text": "ok"}, {"kind": "gift", "user": {"id": "b"}, "gift": {"count": 1}}], "[1].gift.name"),
    ]
    for body, field in cases:
        r = await live.client.post("/api/events", json=body)
        assert r.status_code == 400, r.text
        assert r.json()["detail"].startswith(field + ":"), r.json()
    r = await live.client.post("/api/events", content=b'{"kind": "danmaku", "user": ', headers={"Content-Type": "application/json"})
    assert r.status_code == 400 and r.json()["detail"].startswith("body: invalid JSON")
    assert (await live.client.get("/api/events/counts")).json().get("pending", 0) == 0
    assert (await live.client.get("/api/events")).json()["rows"] == []  # all or nothing: the good half was not taken
    r = await live.client.post("/api/events", content=b"[" + b" " * (1024 * 1024) + b"]", headers={"Content-Type": "application/json"})
    assert r.status_code == 413 and r.json()["detail"].startswith("body:")


async def test_stop_ends_the_show_with_complete_files(tmp_path):
    async with serve(tmp_path, fake_show(speech_s=None)) as live:  # the real espeak-ng voice
        await _stop_and_check(live)


async def _stop_and_check(live: Served) -> None:
    await live.client.post("/api/say", json={"text": "今天就到這裡，晚安。"})
    await wait_until(lambda: _human(live, "今天就到這裡，晚安。"), timeout=15)
    await live.client.post("/api/events", json={"kind": "follow", "user": {"id": "h", "name": "小雨"}})
    r = await live.client.post("/api/stop")
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["stopped"] is True and body["clean"] is True
    out = live.settings.out
    with wave.open(str(out / "program.wav")) as w:
        assert w.getnframes() == round(body["program_s"] * 48000)
    events = [json.loads(x) for x in (out / "events.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(events) == 1 and events[0]["fate"]
    assert any(r["kind"] == "human" for r in _snap(live))
    assert (out / "cues.jsonl").read_text(encoding="utf-8").endswith("\n")
    status = (await live.client.get("/api/status")).json()
    assert status["running"] is False
    r = await live.client.post("/api/say", json={"text": "還在嗎"})
    assert r.status_code == 409 and "not running" in r.json()["detail"]
