"""VMC protocol output: blendshapes over OSC/UDP to a VMC Marionette (VSeeFace, EVMC4U, ...).

Every change goes out as one OSC bundle: a /VMC/Ext/Blend/Val per changed shape, then
exactly one /VMC/Ext/Blend/Apply. UDP never blocks and nobody listening is not an error,
so the show goes on whether or not the avatar app is running.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
from typing import Any, Literal, cast

from pythonosc.osc_bundle_builder import IMMEDIATELY, OscBundleBuilder
from pythonosc.osc_message_builder import OscMessageBuilder

from vhost.avatar.mapping import AvatarMap, clamp01
from vhost.clock import Clock, WallClock
from vhost.errors import ConfigError
from vhost.events import Cue
from vhost.net import parse_hostport

log = logging.getLogger(__name__)

VAL = "/VMC/Ext/Blend/Val"
APPLY = "/VMC/Ext/Blend/Apply"
EPS = 1e-3


def blend_bundle(changes: list[tuple[str, float]]) -> bytes:
    """One datagram: Val(name, value) for each change, then one Apply, in that order."""
    bundle = OscBundleBuilder(IMMEDIATELY)
    for name, value in changes:
        msg = OscMessageBuilder(address=VAL)
        msg.add_arg(name, OscMessageBuilder.ARG_TYPE_STRING)
        msg.add_arg(float(value), OscMessageBuilder.ARG_TYPE_FLOAT)
        bundle.add_content(msg.build())  # type: ignore[arg-type]
    bundle.add_content(OscMessageBuilder(address=APPLY).build())  # type: ignore[arg-type]
    return bytes(bundle.build().dgram)


class VmcOutput:
    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 39539,
        mapping: AvatarMap | None = None,
        *,
        clock: Clock | None = None,
        lipsync: Literal["auto", "mouth", "viseme"] = "auto",
        motion_s: float = 1.0,
    ) -> None:
        self.host = host
        self.port = port
        self.name = f"vmc:{host}:{port}"
        self.map = mapping or AvatarMap()
        self.clock = clock or WallClock()
        self.lipsync = lipsync
        self.motion_s = motion_s
        self._sock: socket.socket | None = None
        self._vowels: dict[str, float] = {}
        self._expression: dict[str, float] = {}
        self._motion: dict[str, float] = {}
        self._motion_task: asyncio.Task[None] | None = None
        self._sent: dict[str, float] = {}
        self._saw_viseme = False
        self._warned: set[str] = set()
        self.packets = 0
        self.errors = 0

    async def start(self) -> None:
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self._sock.setblocking(False)
        log.info("vmc: sending blendshapes to %s:%d", self.host, self.port)

    async def send(self, cue: Cue) -> None:
        kind = cue.type
        if kind == "viseme" and self.lipsync != "mouth":
            self._saw_viseme = True
            shape = self.map.viseme(cue.name)
            self._vowels = {shape: clamp01(1.0 if cue.value is None else cue.value)} if shape else {}
        elif kind == "mouth" and (self.lipsync == "mouth" or (self.lipsync == "auto" and not self._saw_viseme)):
            self._vowels = {self.map.shape("A"): clamp01(cue.value or 0.0)}
        elif kind == "speaking" and not cue.value:
            self._vowels = {}
        elif kind == "expression":
            action = self.map.emotion(cue.name)
            if action is None:
                self._warn_once(
                    f"expression:{cue.name}", "vmc: no blendshapes for emotion %r; add avatar.emotions", cue.name
                )
                return
            self._expression = dict(action.vmc)
        elif kind == "motion":
            action = self.map.motion(cue.name)
            if action is None or not action.vmc:
                self._warn_once(f"motion:{cue.name}", "vmc: no blendshapes for motion %r; add avatar.motions", cue.name)
                return
            self._motion = dict(action.vmc)
            if self._motion_task is not None:
                self._motion_task.cancel()
            self._motion_task = asyncio.create_task(self._end_motion(), name="vmc:motion")
        else:
            return
        self._flush()

    async def close(self) -> None:
        if self._motion_task is not None:
            self._motion_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._motion_task
        self._vowels, self._motion = {}, {}
        self._flush()  # leave the mouth closed
        if self._sock is not None:
            self._sock.close()
            self._sock = None

    def stats(self) -> dict[str, Any]:
        return {"name": self.name, "packets": self.packets, "errors": self.errors, "shapes": dict(self._sent)}

    async def _end_motion(self) -> None:
        await self.clock.sleep(self.motion_s)
        self._motion = {}
        self._flush()

    def _target(self) -> dict[str, float]:
        target = {**self._expression, **self._motion, **self._vowels}
        for name, value in self._sent.items():
            if name not in target and value > 0:
                target[name] = 0.0  # whatever is no longer wanted goes back to zero
        return target

    def _flush(self) -> None:
        changes = [(k, v) for k, v in self._target().items() if abs(v - self._sent.get(k, 0.0)) > EPS]
        if not changes or self._sock is None:
            return
        try:
            self._sock.sendto(blend_bundle(changes), (self.host, self.port))
        except OSError as exc:  # nobody listening, no route: the show goes on
            self.errors += 1
            self._warn_once("send", "vmc: cannot send to %s:%d (%s); will keep trying", self.host, self.port, exc)
            return
        self.packets += 1
        self._sent.update(changes)

    def _warn_once(self, key: str, fmt: str, *args: object) -> None:
        if key not in self._warned:
            self._warned.add(key)
            log.warning(fmt, *args)


def from_spec(target: str, params: dict[str, str], ctx: dict[str, Any]) -> VmcOutput:
    """`vmc:127.0.0.1:39539?vrm=0&lipsync=auto&motion_s=1`."""
    host, port = parse_hostport(target, default_port=39539)
    vrm = params.get("vrm", "0")
    lipsync = params.get("lipsync", "auto")
    if vrm not in ("0", "1"):
        raise ConfigError(f"vmc option vrm={vrm!r} is not 0 or 1")
    if lipsync not in ("auto", "mouth", "viseme"):
        raise ConfigError(f"vmc option lipsync={lipsync!r} is not auto, mouth or viseme")
    mapping = AvatarMap(ctx.get("persona"), vrm=1 if vrm == "1" else 0)
    mode = cast(Literal["auto", "mouth", "viseme"], lipsync)
    return VmcOutput(
        host, port, mapping, clock=ctx.get("clock"), lipsync=mode, motion_s=float(params.get("motion_s", "1.0"))
    )
