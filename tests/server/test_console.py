"""The operator console in headless Chromium against the running server."""

from __future__ import annotations

import json

import pytest

from tests.avatar.browser import CHROMIUM, Browser
from tests.server.conftest import TOKEN, serve

pytestmark = [pytest.mark.system, pytest.mark.skipif(CHROMIUM is None, reason="chromium not installed")]


def js(s: str) -> str:
    return json.dumps(s, ensure_ascii=False)


async def test_console_token_say_and_takeover(tmp_path):
    line = "我是主播，我來接手。"
    async with serve(tmp_path) as s, Browser(tmp_path / "profile", s.url + "/") as b:
        # no token yet: the page asks for it once and keeps it
        assert await b.wait_for("!document.getElementById('login').hidden", True) is True
        await b.eval(f"document.getElementById('token').value = {js(TOKEN)}; document.getElementById('login-form').requestSubmit()")
        assert await b.wait_for("document.getElementById('live').textContent", "live") == "live"
        assert await b.eval("localStorage.getItem('vhost.token')") == TOKEN
        # type a line and submit it as Enter does
        await b.eval(f"document.getElementById('say').value = {js(line)}; document.getElementById('say-form').requestSubmit()")
        shown = f"[...document.querySelectorAll('#transcript .text')].some(e => e.textContent === {js(line)})"
        assert await b.wait_for(shown, True) is True, "the said line never showed in the console transcript"
        assert await b.eval("document.getElementById('say').value") == ""
        assert any(r["kind"] == "human" and r["text"] == line for r in (await s.client.get("/api/transcript")).json()["rows"])
        # Space outside the text box takes over; the held badge follows the server
        await b.eval("document.body.dispatchEvent(new KeyboardEvent('keydown', {code: 'Space', key: ' ', bubbles: true}))")
        assert await b.wait_for("!document.getElementById('held').hidden", True) is True
        assert s.show.director.held is True
        # Space while typing is just a space
        await b.eval("document.getElementById('resume').click()")
        assert await b.wait_for("document.getElementById('held').hidden", True) is True
        await b.eval("const i = document.getElementById('say'); i.focus(); i.dispatchEvent(new KeyboardEvent('keydown', {code: 'Space', key: ' ', bubbles: true}))")
        assert await b.wait_for("!document.getElementById('held').hidden", True, timeout=1.0) is False
        assert (await s.client.get("/api/status")).json()["held"] is False
        counts = await b.eval("document.getElementById('counts').textContent")
        assert "answered" in counts and "total" in counts
        # reload: the kept token connects straight away
        await b.eval("location.reload()")
        assert await b.wait_for("document.getElementById('app').hidden === false && document.getElementById('live').textContent", "live") == "live"
        assert await b.wait_for(shown, True) is True
