"""VTube Studio output against a fake VTS server speaking the public API."""

from __future__ import annotations

import asyncio
import itertools
import socket
import time
from pathlib import Path

import pytest

from tests.fakes.vts_server import FakeVts, wait_until
from vhost.avatar.mapping import AvatarMap
from vhost.avatar.vts import VtsOutput, from_spec
from vhost.events import Cue
from vhost.persona.model import AvatarConfig, EmotionMap, Identity, Persona

PERSONA = Persona(
    id="t",
    identity=Identity(name="測試"),
    avatar=AvatarConfig(
        emotions={
            "excited": EmotionMap(vts_hotkey="Sparkle Eyes"),
            "shy": EmotionMap(vts_expression="shy.exp3.json"),
            "happy": EmotionMap(vts_expression="smile.exp3.json"),
        },
        motions={"wave": EmotionMap(vts_hotkey="wave")},
    ),
)
HOTKEYS = [
    {"name": "Sparkle Eyes", "type": "ToggleExpression", "description": "", "file": "sparkle.exp3.json",
     "hotkeyID": "hk-sparkle", "keyCombination": [], "onScreenButtonID": -1},
    {"name": "Wave", "type": "TriggerAnimation", "description": "", "file": "wave.motion3.json",
     "hotkeyID": "hk-wave", "keyCombination": [], "onScreenButtonID": 2},
]  # fmt: skip


def output(vts: FakeVts, tmp: Path, **kw) -> VtsOutput:
    kw.setdefault("backoff", (0.05, 0.2))
    return VtsOutput(vts.url, tmp / "vts_token", AvatarMap(PERSONA), **kw)


async def test_first_run_asks_for_a_token_and_stores_it(tmp_path: Path) -> None:
    async with FakeVts() as vts:
        out = output(vts, tmp_path)
        await out.start()
        assert await wait_until(lambda: out.status == "connected")
        await out.close()
    assert [s.type for s in vts.seen] == ["AuthenticationTokenRequest", "AuthenticationRequest"]
    token = (tmp_path / "vts_token").read_text().strip()
    assert token in vts.tokens and vts.of("AuthenticationRequest")[0].data["authenticationToken"] == token
    req = vts.of("AuthenticationTokenRequest")[0].data
    assert 3 <= len(req["pluginName"]) <= 32 and 3 <= len(req["pluginDeveloper"]) <= 32
    assert (tmp_path / "vts_token").stat().st_mode & 0o077 == 0
    assert vts.bad_envelopes == []


async def test_next_run_only_authenticates(tmp_path: Path) -> None:
    (tmp_path / "vts_token").write_text("tok-123\n")
    async with FakeVts(tokens={"tok-123"}) as vts:
        out = output(vts, tmp_path)
        await out.start()
        assert await wait_until(lambda: out.status == "connected")
        await out.close()
    assert [s.type for s in vts.seen] == ["AuthenticationRequest"]


async def test_refused_token_is_replaced(tmp_path: Path) -> None:
    (tmp_path / "vts_token").write_text("revoked\n")
    async with FakeVts() as vts:
        out = output(vts, tmp_path)
        await out.start()
        assert await wait_until(lambda: out.status == "connected")
        await out.close()
    assert [s.type for s in vts.seen] == [
        "AuthenticationRequest",
        "AuthenticationTokenRequest",
        "AuthenticationRequest",
    ]
    assert (tmp_path / "vts_token").read_text().strip() in vts.tokens


async def test_denied_stops_without_a_retry_loop(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    async with FakeVts(deny=True) as vts:
        out = output(vts, tmp_path, backoff=(0.01, 0.01))
        await out.start()
        assert await wait_until(lambda: out.status == "denied")
        await asyncio.sleep(0.3)  # a retry loop would have reconnected ~30 times by now
        assert vts.connections == 1 and out._task is not None and out._task.done()
        await out.send(Cue(0, "mouth", value=0.5))  # still harmless
        await out.close()
    assert not (tmp_path / "vts_token").exists()
    assert any("denied" in r.message for r in caplog.records)


async def test_lipsync_keepalive_while_speaking_and_final_zero(tmp_path: Path) -> None:
    (tmp_path / "vts_token").write_text("t\n")
    async with FakeVts(tokens={"t"}) as vts:
        out = output(vts, tmp_path, keepalive_s=0.5)
        await out.start()
        assert await wait_until(lambda: out.status == "connected")
        await out.send(Cue(0, "speaking", value=1))
        await out.send(Cue(0, "mouth", value=0.6))  # one value, then nothing changes for 2.5 s
        t_start = time.monotonic()
        await asyncio.sleep(2.5)
        await out.send(Cue(2.5, "speaking", value=0))
        assert await wait_until(lambda: not out._final)
        t_end = time.monotonic()
        await asyncio.sleep(0.3)  # after the final 0, the output goes quiet
        await out.close()
    injects = vts.of("InjectParameterDataRequest")
    times = [t_start] + [s.at for s in injects if s.at <= t_end]
    assert max(b - a for a, b in itertools.pairwise(times)) <= 1.0  # ≥ 1 Hz, value unchanged
    assert len(injects) >= 4
    for s in injects:
        assert s.data["mode"] == "set" and s.data["faceFound"] is False
        (p,) = s.data["parameterValues"]
        assert p["id"] == "MouthOpen" and type(p["value"]) is float
    assert [s.data["parameterValues"][0]["value"] for s in injects[:-1]] == [0.6] * (len(injects) - 1)
    assert injects[-1].data["parameterValues"][0]["value"] == 0.0
    assert injects[-1].at <= t_end + 0.05


async def test_453_454_and_8(tmp_path: Path) -> None:
    (tmp_path / "vts_token").write_text("t\n")
    params = {"MouthOpen"}  # MouthSmile unknown to this model -> 453
    async with FakeVts(tokens={"t"}, parameters=params, locked={"MouthOpen"}, unauth_after_injects=6) as vts:
        out = output(vts, tmp_path, rate_hz=50)
        await out.start()
        assert await wait_until(lambda: out.status == "connected")
        await out.send(Cue(0, "speaking", value=1))
        for i in range(40):
            await out.send(Cue(i * 0.02, "viseme", name="AIUEO"[i % 5], value=0.3 + (i % 3) / 10))
            await asyncio.sleep(0.02)
        assert await wait_until(lambda: vts.connections >= 2 and out.status == "connected")
        await out.close()
    assert "MouthSmile" not in out.stats()["parameters"]  # 453: dropped, lip-sync goes on
    assert out.stats()["mode"] == "add"  # 454: someone else holds "set"
    assert len(vts.of("AuthenticationRequest")) >= 2  # 8: authenticated again on a new connection
    modes = [s.data["mode"] for s in vts.of("InjectParameterDataRequest")]
    assert "add" in modes and modes.index("add") >= 1


async def test_hotkeys_by_name_with_backoff_and_clamped_expression_fade(tmp_path: Path) -> None:
    (tmp_path / "vts_token").write_text("t\n")
    vts = FakeVts(
        tokens={"t"}, hotkeys=HOTKEYS, expressions={"shy.exp3.json", "smile.exp3.json"}, hotkey_busy=[203, 200]
    )
    async with vts:
        out = output(vts, tmp_path, fade_s=5.0)
        await out.start()
        assert await wait_until(lambda: out.status == "connected")
        await out.send(Cue(0, "expression", name="excited"))
        await out.send(Cue(0, "motion", name="wave"))  # persona says "wave", VTS says "Wave": case-insensitive
        await out.send(Cue(0, "expression", name="shy"))
        await out.send(Cue(0, "expression", name="happy"))
        await out.send(Cue(0, "expression", name="unmapped"))
        assert await wait_until(lambda: len(vts.of("ExpressionActivationRequest")) >= 3, timeout=8)
        await out.close()
    triggers = [s.data["hotkeyID"] for s in vts.of("HotkeyTriggerRequest")]
    assert triggers == ["hk-sparkle", "hk-sparkle", "hk-sparkle", "hk-wave"]  # 203, 200, then it went through
    gaps = [
        b.at - a.at for a, b in zip(vts.of("HotkeyTriggerRequest"), vts.of("HotkeyTriggerRequest")[1:], strict=False)
    ]
    assert gaps[0] >= 0.4 and gaps[1] >= 0.9  # backed off, doubling
    assert len(vts.of("HotkeysInCurrentModelRequest")) == 1  # the list is fetched once and reused
    expr = [
        (s.data["expressionFile"], s.data["active"], s.data["fadeTime"]) for s in vts.of("ExpressionActivationRequest")
    ]
    assert expr == [("shy.exp3.json", True, 2.0), ("shy.exp3.json", False, 2.0), ("smile.exp3.json", True, 2.0)]


async def test_vts_not_running_is_quiet_and_harmless(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    out = from_spec(f"ws://127.0.0.1:{port}", {"token_file": str(tmp_path / "tok")}, {"persona": PERSONA})
    out.backoff = (0.02, 0.05)
    await out.start()
    for i in range(10):
        await out.send(Cue(i * 0.02, "mouth", value=0.5))
    await out.send(Cue(0.2, "expression", name="excited"))
    assert await wait_until(lambda: out.connections >= 3)
    assert out.status in ("offline", "connecting")
    await out.close()
    offline = [r for r in caplog.records if "not reachable" in r.message]
    assert len(offline) == 1  # logged once, not once per attempt
