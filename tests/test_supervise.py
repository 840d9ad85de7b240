"""systemd notifications over a real datagram socket: READY, STATUS, STOPPING, and WATCHDOG
only while the program advances (a stalled show gets no ping, so systemd restarts it)."""

from __future__ import annotations

import asyncio
import os
import socket
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from vhost.supervise import Notifier, supervise


class Listener:
    """What systemd does: a datagram socket whose path is $NOTIFY_SOCKET."""

    def __init__(self, address: str) -> None:
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind(address)
        self.sock.setblocking(False)

    def messages(self) -> list[str]:
        out = []
        while True:
            try:
                out.append(self.sock.recv(4096).decode())
            except BlockingIOError:
                return out

    def close(self) -> None:
        self.sock.close()


@dataclass
class Stage:
    program_s: float = 0.0


def test_path_and_abstract_sockets(tmp_path):
    path = str(tmp_path / "notify")
    lst = Listener(path)
    n = Notifier({"NOTIFY_SOCKET": path, "WATCHDOG_USEC": "4000000"})
    assert n.enabled and n.watchdog_s == 4.0
    assert n.ready("on air") and n.watchdog() and n.stopping()
    assert lst.messages() == ["READY=1\nSTATUS=on air", "WATCHDOG=1", "STOPPING=1\nSTATUS=completing the files"]
    lst.close()
    if sys.platform.startswith("linux"):
        name = f"vhost-test-{os.getpid()}"
        abstract = Listener("\0" + name)
        assert Notifier({"NOTIFY_SOCKET": "@" + name}).status("hello")
        assert abstract.messages() == ["STATUS=hello"]
        abstract.close()
    # not supervised, or the watchdog is meant for another process: nothing is sent
    assert not Notifier({}).enabled and not Notifier({}).ready()
    assert Notifier({"NOTIFY_SOCKET": path, "WATCHDOG_USEC": "4000000", "WATCHDOG_PID": "1"}).watchdog_s is None
    assert not Notifier({"NOTIFY_SOCKET": str(tmp_path / "gone")}).ready()  # no listener: a warning, never a crash


async def test_watchdog_is_fed_only_while_the_program_moves(tmp_path):
    path = str(tmp_path / "notify")
    lst = Listener(path)
    stage = Stage()
    n = Notifier({"NOTIFY_SOCKET": path, "WATCHDOG_USEC": "100000"})  # ping every 50 ms

    async def program(until: float) -> None:
        while stage.program_s < until:
            stage.program_s += 0.02
            await asyncio.sleep(0.005)

    got: list[tuple[float, str]] = []

    async def systemd() -> None:
        while True:
            got.extend((stage.program_s, m) for m in lst.messages())
            await asyncio.sleep(0.01)

    reader = asyncio.create_task(systemd())
    task = asyncio.create_task(supervise(n, stage, stalled_after_s=0.2))
    await program(1.0)
    await asyncio.sleep(0.02)
    assert got[0][1].startswith("READY=1")
    assert [m for _, m in got].count("WATCHDOG=1") >= 3
    mark = len(got)
    await asyncio.sleep(1.0)  # the program stalls (a hung stage, a blocked loop elsewhere)
    stalled = [m for _, m in got[mark:]]
    at = next(i for i, m in enumerate(stalled) if m.startswith("STATUS=stalled"))
    assert stalled[:at].count("WATCHDOG=1") <= 5  # pings only within the first stalled_after_s (0.2 s)
    assert "WATCHDOG=1" not in stalled[at:]  # then none for the rest of the stall (~0.8 s, 16 periods)
    mark = len(got)
    await program(2.0)  # it moves again: pings resume
    await asyncio.sleep(0.2)
    again = [m for _, m in got[mark:]]
    assert "WATCHDOG=1" in again and any(m.startswith("STATUS=on air") for m in again)
    task.cancel()
    reader.cancel()
    lst.close()


def test_unit_and_compose_files_describe_what_the_code_does():
    unit = Path("deploy/vhost.service").read_text()
    assert "Type=notify" in unit and "WatchdogSec=" in unit and "Restart=" in unit
    assert "--resume" in unit and "NotifyAccess=main" in unit
    assert "VHOST_CONTROL_TOKEN_FILE" in unit and "LoadCredential=" in unit  # the token from a file, never argv
    assert "TimeoutStopSec=" in unit
    import yaml

    compose = yaml.safe_load(Path("deploy/compose.yaml").read_text())
    svc = compose["services"]["vhost"]
    assert svc["restart"] in ("unless-stopped", "always", "on-failure")
    assert "healthz" in " ".join(svc["healthcheck"]["test"]) and "--resume" in " ".join(svc["command"])
    assert svc["secrets"] and "VHOST_CONTROL_TOKEN_FILE" in svc["environment"]
    docker = Path("Dockerfile").read_text()
    assert "HEALTHCHECK" in docker and "STOPSIGNAL SIGTERM" in docker


@pytest.mark.timeout(60)
async def test_healthcheck_command_reads_the_status_code(tmp_path):
    """The probe the image runs: exit 0 on 200, 1 on anything else or no answer."""
    from aiohttp import web

    from tests.fakes.loopback import serve_loopback

    answer = {"code": 200}

    async def healthz(request: web.Request) -> web.Response:
        return web.json_response({"ok": answer["code"] == 200}, status=answer["code"])

    app = web.Application()
    app.router.add_get("/healthz", healthz)
    runner, port = await serve_loopback(app)
    try:
        cmd = [sys.executable, "-m", "vhost.healthcheck", f"http://127.0.0.1:{port}/healthz"]
        for code, rc in ((200, 0), (503, 1)):
            answer["code"] = code
            p = await asyncio.create_subprocess_exec(*cmd, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
            await p.communicate()
            assert p.returncode == rc
    finally:
        await runner.cleanup()
    p = await asyncio.create_subprocess_exec(sys.executable, "-m", "vhost.healthcheck", "http://127.0.0.1:9/healthz", stderr=asyncio.subprocess.PIPE)
    _, err = await p.communicate()
    assert p.returncode == 1 and err.decode().count("\n") == 1
