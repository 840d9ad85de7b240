"""VMC over OSC: a real UDP receiver on 127.0.0.1 decoding the datagrams byte by byte."""

from __future__ import annotations

import asyncio
import socket

import pytest

from tests.avatar import osc
from vhost.avatar.mapping import AvatarMap
from vhost.avatar.vmc import VmcOutput, blend_bundle, from_spec
from vhost.clock import FastClock
from vhost.errors import ConfigError
from vhost.events import Cue
from vhost.persona.model import AvatarConfig, EmotionMap, Identity, Persona

PERSONA = Persona(
    id="t",
    identity=Identity(name="測試"),
    avatar=AvatarConfig(
        emotions={"excited": EmotionMap(vmc={"Fun": 0.8, "Joy": 0.4}), "calm": EmotionMap(vmc={})},
        motions={"wink": EmotionMap(vmc={"Blink_R": 1.0})},
    ),
)


class Receiver:
    def __init__(self) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.settimeout(2)
        self.port = self.sock.getsockname()[1]

    def next(self) -> list[tuple[str, str, list[object]]]:
        return osc.packet(self.sock.recv(65536))

    def quiet(self) -> bool:
        self.sock.settimeout(0.05)
        try:
            self.sock.recv(65536)
        except TimeoutError:
            return True
        finally:
            self.sock.settimeout(2)
        return False


def vals(msgs: list[tuple[str, str, list[object]]]) -> dict[str, float]:
    """Check Val..., Apply order and return the values."""
    *body, last = msgs
    assert last == ("/VMC/Ext/Blend/Apply", ",", [])
    assert all(addr == "/VMC/Ext/Blend/Val" and tags == ",sf" for addr, tags, _ in body)
    assert body, "an Apply with no Val is never sent"
    return {str(a[0]): pytest.approx(float(a[1]), abs=1e-6) for _, _, a in body}  # type: ignore[arg-type]


def test_bytes_match_the_protocol_examples() -> None:
    dgram = blend_bundle([("A", 1.0)])
    val = bytes.fromhex("2f564d432f4578742f426c656e642f56616c00002c736600410000003f800000")
    apply = bytes.fromhex("2f564d432f4578742f426c656e642f4170706c79000000002c000000")
    assert dgram == b"#bundle\0" + (1).to_bytes(8, "big") + b"\0\0\0\x20" + val + b"\0\0\0\x1c" + apply


async def test_lipsync_expression_and_reset_order_and_names() -> None:
    rx = Receiver()
    out = VmcOutput("127.0.0.1", rx.port, AvatarMap(PERSONA))
    await out.start()
    await out.send(Cue(0.0, "speaking", value=1))
    assert rx.quiet()  # nothing changed yet: nothing sent
    await out.send(Cue(0.0, "mouth", value=0.5))
    assert vals(rx.next()) == {"A": 0.5}
    await out.send(Cue(0.02, "mouth", value=0.5))
    assert rx.quiet()  # unchanged
    await out.send(Cue(0.04, "mouth", value=1.6))
    assert vals(rx.next()) == {"A": 1.0}  # clamped
    await out.send(Cue(0.06, "viseme", name="o", value=0.9))  # visemes take over from mouth
    assert vals(rx.next()) == {"O": 0.9, "A": 0.0}
    await out.send(Cue(0.08, "mouth", value=0.2))
    assert rx.quiet()
    await out.send(Cue(0.1, "expression", name="excited"))
    assert vals(rx.next()) == {"Fun": 0.8, "Joy": 0.4}
    await out.send(Cue(0.12, "expression", name="Angry"))  # unmapped, but a VRM0 preset name
    assert vals(rx.next()) == {"Angry": 1.0, "Fun": 0.0, "Joy": 0.0}
    await out.send(Cue(0.14, "speaking", value=0))
    assert vals(rx.next()) == {"O": 0.0}  # vowels reset when speech ends; the expression stays
    await out.send(Cue(0.16, "expression", name="no-such-emotion"))
    await out.send(Cue(0.18, "subtitle", text="hi"))
    assert rx.quiet()
    await out.send(Cue(0.2, "viseme", name="E", value=0.6))
    assert vals(rx.next()) == {"E": 0.6}
    await out.close()
    assert vals(rx.next()) == {"E": 0.0}  # closing leaves the mouth shut


async def test_motion_blendshapes_end_after_hold() -> None:
    rx = Receiver()
    clock = FastClock(wall=False)
    async with clock.running():
        out = VmcOutput("127.0.0.1", rx.port, AvatarMap(PERSONA), clock=clock, motion_s=2.0)
        await out.start()
        await out.send(Cue(0.0, "motion", name="wink"))
        assert vals(rx.next()) == {"Blink_R": 1.0}
        await asyncio.sleep(0.05)  # the clock jumps over the hold
        while out._motion:
            await clock.sleep(0.5)
        assert clock.now() >= 2.0
        assert vals(rx.next()) == {"Blink_R": 0.0}
        await out.close()


async def test_vrm1_names_and_spec() -> None:
    rx = Receiver()
    out = from_spec(f"127.0.0.1:{rx.port}", {"vrm": "1"}, {"persona": PERSONA})
    await out.start()
    await out.send(Cue(0, "viseme", name="A", value=0.7))
    await out.send(Cue(0, "expression", name="happy"))
    assert vals(rx.next()) == {"aa": 0.7}
    assert vals(rx.next()) == {"happy": 1.0}
    await out.close()
    default = from_spec("", {}, {})
    assert (default.host, default.port) == ("127.0.0.1", 39539)
    with pytest.raises(ConfigError, match="lipsync"):
        from_spec("", {"lipsync": "jaw"}, {})


async def test_nobody_listening_is_not_an_error() -> None:
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()  # nothing listens there now
    out = VmcOutput("127.0.0.1", port)
    await out.start()
    for i in range(20):
        await out.send(Cue(i * 0.02, "mouth", value=(i % 5) / 4))
    await out.close()
    assert out.stats()["packets"] + out.stats()["errors"] >= 16
