"""`vhost serve` as a user runs it: a real process, Ctrl-C ends the show with its files complete."""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import sys
import wave
from pathlib import Path

import httpx

from tests.server.conftest import PERSONA, TOKEN

DEAD_LLM = "openai:http://127.0.0.1:9/v1?model=none"  # refused at once: the show speaks its fallbacks


def argv(out: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "vhost", "serve", "--persona", str(PERSONA), "--port", "0", "--out", str(out),
            "--llm", DEAD_LLM, "--no-watch", *extra]  # fmt: skip


async def test_serve_until_ctrl_c(tmp_path):
    env = {**os.environ, "VHOST_CONTROL_TOKEN": TOKEN}
    proc = await asyncio.create_subprocess_exec(*argv(tmp_path / "out"), env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    try:
        async with asyncio.timeout(30):
            while not (m := re.search(rb"console at (http://\S+)/", await proc.stdout.readline())):
                assert proc.returncode is None
        url = m.group(1).decode()
        async with httpx.AsyncClient(base_url=url, headers={"Authorization": f"Bearer {TOKEN}"}) as c:
            assert (await c.get("/")).text.startswith("<!doctype html>")
            assert (await c.get("/api/status", headers={"Authorization": "Bearer nope"})).status_code == 401
            r = await c.post("/api/events", json={"kind": "follow", "user": {"id": "h", "name": "小雨"}})
            assert r.json()["accepted"] == 1
            assert (await c.get("/api/status")).json()["running"] is True
            async with asyncio.timeout(120):  # the model's prompt is prefilled before the show goes on air
                while (await c.get("/api/status")).json().get("program_s", 0) <= 0.5:  # noqa: ASYNC110 - polling a server
                    await asyncio.sleep(0.2)
        proc.send_signal(signal.SIGINT)
        async with asyncio.timeout(30):
            out, err = await proc.communicate()
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
    assert proc.returncode == 0, err.decode()
    assert b"show ended" in out and b"Traceback" not in err
    done = tmp_path / "out"
    with wave.open(str(done / "program.wav")) as w:
        assert w.getnframes() > 0
    events = [json.loads(x) for x in (done / "events.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(events) == 1 and events[0]["fate"]


async def test_serve_refuses_placeholder_token_on_the_network(tmp_path):
    env = {**os.environ, "VHOST_CONTROL_TOKEN": "changeme"}
    proc = await asyncio.create_subprocess_exec(*argv(tmp_path / "out", "--host", "0.0.0.0"), env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    async with asyncio.timeout(30):
        out, err = await proc.communicate()
    lines = err.decode().strip().splitlines()
    assert proc.returncode == 2 and len(lines) == 1, err.decode()
    assert lines[0].startswith("vhost: error: control_token:") and "VHOST_CONTROL_TOKEN" in lines[0]
    assert not (tmp_path / "out").exists()  # refused before anything started


async def test_serve_sigterm_ends_quickly_with_complete_files_and_resumes(tmp_path):
    env = {**os.environ, "VHOST_CONTROL_TOKEN": TOKEN}
    out = tmp_path / "out"

    async def start(*extra: str) -> tuple[asyncio.subprocess.Process, str]:
        proc = await asyncio.create_subprocess_exec(*argv(out, *extra), env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
        async with asyncio.timeout(30):
            while not (m := re.search(rb"console at (http://\S+)/", await proc.stdout.readline())):
                assert proc.returncode is None
        return proc, m.group(1).decode()

    proc, url = await start()
    try:
        async with httpx.AsyncClient(base_url=url, headers={"Authorization": f"Bearer {TOKEN}"}) as c:
            r = await c.post("/api/events", json={"kind": "follow", "user": {"id": "h", "name": "小雨"}})
            assert r.json()["indexes"] == [0]
        await asyncio.sleep(1.0)
        t0 = asyncio.get_running_loop().time()
        proc.send_signal(signal.SIGTERM)
        async with asyncio.timeout(30):
            stdout, err = await proc.communicate()
        took = asyncio.get_running_loop().time() - t0
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
    assert proc.returncode == 0, err.decode()
    assert took < 10.0 and b"show ended" in stdout  # promptly, well inside the 30 s limit, with room for a loaded two-core box
    with wave.open(str(out / "program.wav")) as w:
        frames = w.getnframes()
    assert (out / "program.wav").stat().st_size == 44 + 2 * frames
    # the same folder again: refused without --resume, continued with it
    refused = await asyncio.create_subprocess_exec(*argv(out), env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    _, err = await refused.communicate()
    assert refused.returncode == 2 and b"holds a show already" in err
    proc, url = await start("--resume")
    try:
        async with httpx.AsyncClient(base_url=url, headers={"Authorization": f"Bearer {TOKEN}"}) as c:
            r = await c.post("/api/events", json={"kind": "follow", "user": {"id": "i", "name": "阿傑"}})
            assert r.json()["indexes"] == [1]  # ids continue
            assert (await c.get("/api/status")).json()["program_s"] >= frames / 48000
        proc.send_signal(signal.SIGINT)
        async with asyncio.timeout(30):
            await proc.communicate()
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
    events = [json.loads(x) for x in (out / "events.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [e["index"] for e in events] == [0, 1]
