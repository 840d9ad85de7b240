"""The co-host panel of the console in headless Chromium: review mode end to end (approve,
edit, a refused edit, reject), click a waiting message to have it answered, pin and pitch,
the anchor's recognised speech, and the console microphone (Chromium's fake device)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from tests.anchor.speech import ESPEAK, anchor_wav, espeak
from tests.anchor.test_sources import Recorder
from tests.avatar.browser import CHROMIUM, Browser
from tests.server.conftest import TOKEN, fake_show, serve, wait_until
from vhost.cohost.config import CohostConfig

pytestmark = [pytest.mark.system, pytest.mark.skipif(CHROMIUM is None, reason="chromium not installed")]
FAKE_MIC = ("--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream", "--autoplay-policy=no-user-gesture-required")


def js(s: str) -> str:
    return json.dumps(s, ensure_ascii=False)


async def login(b: Browser) -> None:
    assert await b.wait_for("!document.getElementById('login').hidden", True) is True
    await b.eval(f"document.getElementById('token').value = {js(TOKEN)}; document.getElementById('login-form').requestSubmit()")
    assert await b.wait_for("document.getElementById('live').textContent", "live") == "live"
    assert await b.wait_for("!!document.getElementById('cohost')", True) is True


def transcript_has(text: str) -> str:
    return f"[...document.querySelectorAll('#transcript .text')].some(e => e.textContent.includes({js(text)}))"


FIRST = "document.querySelector('#cohost-review li')"


async def test_review_mode_in_the_console(tmp_path):
    async with serve(tmp_path, cohost=CohostConfig(mode="review", review_timeout_s=120)) as s, Browser(tmp_path / "profile", s.url + "/") as b:
        await login(b)
        assert await b.wait_for("document.querySelector('.modes button.on').dataset.mode", "review") == "review"
        # approve: the line is spoken and shows in the transcript
        assert await b.wait_for(f"!!{FIRST}", True) is True, "no line came up for review"
        text = await b.eval(f"{FIRST}.querySelector('input').value")
        await b.eval(f"{FIRST}.querySelector('button.approve').click()")
        assert await b.wait_for(transcript_has(text), True) is True
        # a refused edit: the guard's reasons show, the line keeps waiting
        assert await b.wait_for(f"!!{FIRST} && {FIRST}.querySelector('input').value !== {js(text)}", True) is True
        item = await b.eval(f"{FIRST}.dataset.id")
        await b.eval(f"{{ const i = {FIRST}.querySelector('input'); i.value = {js('這是全網最低價！')}; i.dispatchEvent(new Event('input'));"
                     f"{FIRST}.querySelector('button.approve').click() }}")  # fmt: skip
        why = await b.wait_for(f"{FIRST}.querySelector('.why').textContent.includes('banned')", True)
        assert why is True and await b.eval(f"{FIRST}.dataset.id") == item
        # an edit the guard passes replaces the AI's line (Enter sends it)
        edited = "想看哪一項實測，打在公屏上。"
        await b.eval(f"{{ const i = {FIRST}.querySelector('input'); i.value = {js(edited)}; i.dispatchEvent(new Event('input'));"
                     "i.dispatchEvent(new KeyboardEvent('keydown', {key: 'Enter', bubbles: true})) }")  # fmt: skip
        assert await b.wait_for(transcript_has(edited), True) is True
        # reject: never heard
        assert await b.wait_for(f"!!{FIRST} && {FIRST}.dataset.id !== {js(item)}", True) is True
        rejected_id = await b.eval(f"{FIRST}.dataset.id")
        await b.eval(f"{FIRST}.querySelector('button.reject').click()")
        gone = await b.wait_for(f"!document.querySelector('#cohost-review li[data-id={js(rejected_id)}]')", True)
        assert gone is True, (rejected_id, await b.eval("document.getElementById('error').textContent"), s.show.cohost.review.pending(), list(s.show.cohost.review.recent))
        # back to auto from the console: the AI speaks freely
        await b.eval("document.querySelector('.modes button[data-mode=auto]').click()")
        assert await b.wait_for("document.querySelector('.modes button.on').dataset.mode", "auto") == "auto"
        assert s.show.cohost.mode == "auto"
    log = [json.loads(x) for x in (tmp_path / "out" / "review.jsonl").read_text(encoding="utf-8").splitlines()]
    decisions = {x["id"]: x for x in log}
    assert decisions[rejected_id]["decision"] == "reject"
    assert decisions[item]["decision"] == "edit" and decisions[item]["edited"] == edited
    rows = [json.loads(x) for x in (tmp_path / "out" / "transcript.jsonl").read_text(encoding="utf-8").splitlines()]
    assert decisions[rejected_id]["text"] not in "".join(r["text"] for r in rows if r["id"] == decisions[rejected_id]["utterance"])


async def test_answer_pin_and_pitch_from_the_console(tmp_path):
    async with serve(tmp_path, cohost=CohostConfig(mode="assist", assist_gap_s=600)) as s, Browser(tmp_path / "profile", s.url + "/") as b:
        await login(b)
        chat = [{"kind": "danmaku", "user": {"id": "a", "name": "小明"}, "text": "主播晚上好"},
                {"kind": "danmaku", "user": {"id": "b", "name": "阿傑"}, "text": "充電頭能充筆電嗎？"}]  # fmt: skip
        indexes = (await s.client.post("/api/events", json=chat)).json()["indexes"]
        item = f"document.querySelector('#cohost-queue li[data-index=\"{indexes[1]}\"]')"
        assert await b.wait_for(f"!!{item}", True) is True, "the waiting message is not listed"
        await b.eval(f"{item}.click()")

        async def answered():
            rows = (await s.client.get("/api/transcript")).json()["rows"]
            return next((r for r in rows if indexes[1] in r["reply_to"]), None)

        row = await wait_until(answered, timeout=15)
        assert row and row["kind"] == "reply"
        shown = await b.wait_for(transcript_has(row["text"][:6]), True)
        assert shown is True, (row, await b.eval("[...document.querySelectorAll('#transcript .text')].map(e => e.textContent)"))
        pin = "document.querySelector('#cohost-products li[data-id=\"n9-phone\"] button.pin')"
        await b.eval(f"{pin}.click()")
        assert await b.wait_for("!!document.querySelector('#cohost-products li.pinned[data-id=\"n9-phone\"]')", True) is True
        assert s.show.director.pinned == "n9-phone"
        await b.eval("document.querySelector('#cohost-products li[data-id=\"p65-charger\"] button.pitch').click()")

        async def pitched():
            rows = (await s.client.get("/api/transcript")).json()["rows"]
            return next((r for r in rows if r["kind"] == "pitch"), None)

        assert await wait_until(pitched, timeout=15)
        assert any("P65" in c[-1].content for c in s.show.llm.calls)  # type: ignore[attr-defined]


def anchor_show(wav: Path):
    """The console's fake show, with the anchor recording played in real time and a
    recogniser that returns the words the anchor says."""
    inner = fake_show()

    def build(settings):
        show = inner(settings)
        assert show.cohost.anchor is not None
        show.cohost.anchor.recognizer = Recorder("小助手，介紹一下 N9 手機")
        return show

    return build


@pytest.mark.skipif(ESPEAK is None, reason="espeak-ng not installed")
async def test_anchor_speech_shows_in_the_console(tmp_path):
    wav = tmp_path / "anchor.wav"
    anchor_wav(wav, [(1.0, espeak("jie4 shao4 yi2 xia4", voice="cmn-latn-pinyin"))], 4.0)
    cfg = CohostConfig(anchor_audio=f"wav:{wav}", anchor_asr=None)
    async with serve(tmp_path, anchor_show(wav), cohost=cfg) as s, Browser(tmp_path / "profile", s.url + "/") as b:
        await login(b)
        heard = "[...document.querySelectorAll('#cohost-heard .text')].map(e => e.textContent).join('|')"
        assert await b.wait_for(heard, "小助手，介紹一下 N9 手機", timeout=20) == "小助手，介紹一下 N9 手機"
        assert await b.wait_for("!!document.querySelector('#transcript .kind.anchor')", True) is True
        assert "wav:" in await b.eval("document.getElementById('cohost-anchor').textContent")


async def test_console_microphone_streams_to_the_show(tmp_path):
    cfg = CohostConfig(anchor_audio="console:", anchor_asr=None)
    async with serve(tmp_path, cohost=cfg) as s, Browser(tmp_path / "profile", s.url + "/", FAKE_MIC) as b:
        await login(b)
        assert await b.wait_for("!document.getElementById('cohost-mic').hidden", True) is True
        await b.eval("document.getElementById('cohost-mic').click()")
        assert await b.wait_for("window.vhostCohost.mic()", True) is True, await b.eval("document.getElementById('error').textContent")
        source = s.show.cohost.console_source()
        assert source is not None
        got = await wait_until(lambda: source.received_s > 1.0, timeout=15)
        assert got, f"only {source.received_s:.2f} s of microphone audio arrived"
        assert source.peers == 1
        await b.eval("document.getElementById('cohost-mic').click()")
        assert await wait_until(lambda: source.peers == 0, timeout=5)
        assert np.isfinite(source.received_s)
