"""`vhost run` as a supervisor runs it: a real process killed with -9 mid-show and resumed,
stopped by SIGINT/SIGTERM (quickly, files complete), and never overwriting a show."""

from __future__ import annotations

import asyncio
import collections
import contextlib
import hashlib
import itertools
import json
import os
import signal
import sqlite3
import sys
import time
import wave
from pathlib import Path

import pytest

from tests.fakes.openai_server import Behaviour, FakeOpenAIServer
from tests.intake.flood import flood_lines

PERSONA = Path("personas/tech_reviewer.yaml").resolve()
ANSWER = Behaviour(text="X1 單次續航 8 小時，加充電盒一共 30 小時。", chunk=3, delay=0.01)


def lines(path: Path) -> list[dict]:
    """Complete JSONL lines only (a crash can leave a torn last one)."""
    out = []
    with path.open("rb") as f:
        for raw in f:
            if raw.endswith(b"\n"):
                out.append(json.loads(raw))
    return out


def argv(out: Path, llm: FakeOpenAIServer, *extra: str) -> list[str]:
    return [sys.executable, "-m", "vhost", "run", "--out", str(out), "--llm", f"openai:{llm.base_url}?model=fake", "--no-watch", *extra]


def chat_file(tmp: Path, n: int = 400, seconds: float = 120.0) -> Path:
    p = tmp / "chat.jsonl"
    p.write_text("\n".join(flood_lines(seed=11, n=n, seconds=seconds)) + "\n", encoding="utf-8")
    return p


def committed(db_path: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=5) as db:
        return db.execute(sql).fetchall()


def wav_exact(path: Path) -> int:
    with wave.open(str(path)) as w:
        n = w.getnframes()
    assert path.stat().st_size == 44 + 2 * n, "the header does not match the audio"
    return n


@pytest.mark.timeout(240)
async def test_kill_9_mid_show_then_resume_loses_nothing(tmp_path):
    out = tmp_path / "show"
    chat = chat_file(tmp_path)
    async with FakeOpenAIServer(default=ANSWER) as llm:
        proc = await asyncio.create_subprocess_exec(
            *argv(out, llm, "--persona", str(PERSONA), "--source", f"replay:{chat}?loop=1", "--fast", "--duration", "3600"),
            stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
        )  # fmt: skip
        journal = out / "journal.sqlite"
        on_air: list[tuple] = []
        try:
            async with asyncio.timeout(120):
                while True:  # kill while something is on air, after a few utterances and thanks are done
                    await asyncio.sleep(0.01)
                    if not journal.exists():
                        continue
                    try:
                        done = committed(journal, "SELECT count(*), sum(kind='thanks') FROM utterances WHERE state='done'")[0]
                        on_air = committed(journal, "SELECT id, kind, start_s FROM utterances WHERE state='on air'")
                    except sqlite3.OperationalError:
                        continue
                    if done[0] >= 6 and (done[1] or 0) >= 1 and on_air:
                        break
            proc.kill()  # SIGKILL: no handler, no cleanup
            await proc.wait()
        finally:
            if proc.returncode is None:
                proc.kill()
                await proc.wait()
        # what the crash left, as a player or a reader sees it before any repair
        said_before = lines(out / "transcript.jsonl")
        events_before = lines(out / "events.jsonl")
        fates_before = dict((i, (f, u)) for i, f, u in committed(journal, "SELECT idx, fate, utterance FROM fates"))
        with wave.open(str(out / "program.wav")) as w:
            assert w.getnframes() > 0  # valid as it stands, if up to a second short
        resume_at = (out / "program.wav").stat().st_size
        end = (resume_at - 44) // 96000 + 20  # 20 s more program than the crash left
        r = await asyncio.create_subprocess_exec(
            *argv(out, llm, "--resume", str(out), "--duration", str(end)), stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE
        )
        async with asyncio.timeout(120):
            _, err = await r.communicate()
    assert r.returncode == 0, err.decode()[-2000:]
    assert wav_exact(out / "program.wav") == end * 48000  # one continuous timeline, header exact
    said = lines(out / "transcript.jsonl")
    ids = [u["id"] for u in said]
    assert len(ids) == len(set(ids))
    assert said[: len(said_before)] == said_before  # no played line lost or rewritten
    by_id = {u["id"]: u for u in said}
    uid, kind, start = on_air[-1]
    heard = by_id.get(uid)  # on air at the kill: closed as heard (its audio is in the program) ...
    runs = committed(journal, "SELECT start_s, how FROM runs ORDER BY run")
    p0 = runs[1][0]
    assert runs[0][1] is None and p0 > start - 1.0
    if start < p0:
        assert heard is not None and heard["interrupted"] == "show interrupted" and heard["end_s"] == pytest.approx(p0)
    events = lines(out / "events.jsonl")
    assert [e["index"] for e in events] == list(range(len(events)))
    assert all(e["fate"] in {"answered", "merged", "thanked", "dropped", "blocked"} for e in events)
    assert events[: len(events_before)] == events_before
    final = {e["index"]: (e["fate"], e.get("utterance")) for e in events}
    assert all(final[i] == f for i, f in fates_before.items()), "a fate decided before the kill changed"
    # nothing thanked or answered twice, and every thanks/answer points at a row that was heard
    thanked = collections.Counter(i for u in said if u["kind"] == "thanks" for i in u["reply_to"])
    answered = collections.Counter(u["reply_to"][0] for u in said if u["kind"] == "reply" and u["reply_to"])
    assert max(thanked.values()) == 1 and max(answered.values()) == 1
    for e in events:
        if e["fate"] in ("answered", "merged", "thanked"):
            assert e["utterance"] in by_id
    cues = lines(out / "cues.jsonl")
    assert all(a["t"] <= b["t"] + 1e-9 for a, b in itertools.pairwise(cues)) and cues[-1]["t"] <= end
    assert b"Traceback" not in err
    # --duration is the show's total: asking for less than it has is a clear error, nothing touched
    again = await asyncio.create_subprocess_exec(sys.executable, "-m", "vhost", "run", "--resume", str(out), "--duration", "5",
                                                 stderr=asyncio.subprocess.PIPE)  # fmt: skip
    _, err = await again.communicate()
    assert again.returncode == 2 and b"already has" in err and wav_exact(out / "program.wav") == end * 48000


@pytest.mark.timeout(120)
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
async def test_stop_signal_ends_within_3_s_with_complete_files(tmp_path, sig):
    out = tmp_path / "show"
    chat = chat_file(tmp_path, n=200, seconds=60.0)
    slow = Behaviour(text="家人們，這款耳機的續航非常長，" * 20, chunk=2, delay=0.05)  # a long answer still streaming
    async with FakeOpenAIServer(default=slow) as llm:
        proc = await asyncio.create_subprocess_exec(
            *argv(out, llm, "--persona", str(PERSONA), "--source", f"replay:{chat}", "--realtime", "--duration", "600"),
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
        )  # fmt: skip
        try:
            async with asyncio.timeout(60):
                while not (out / "transcript.jsonl").exists():  # noqa: ASYNC110 - another process
                    await asyncio.sleep(0.05)
            # most questions are answered from the sheet; wait (a while) for a generated line to be streaming
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(15):
                    while not llm.requests:  # noqa: ASYNC110 - another process
                        await asyncio.sleep(0.05)
            await asyncio.sleep(0.3)  # mid-stream
            t0 = time.monotonic()
            proc.send_signal(sig)
            async with asyncio.timeout(30):
                stdout, err = await proc.communicate()
            took = time.monotonic() - t0
        finally:
            if proc.returncode is None:
                proc.kill()
                await proc.wait()
    assert proc.returncode == 0, err.decode()[-2000:]
    assert took < 3.0, f"{signal.Signals(sig).name} took {took:.2f} s"
    assert b"show done" in stdout and b"Traceback" not in err
    frames = wav_exact(out / "program.wav")
    assert frames % 960 == 0 and frames > 0
    events = lines(out / "events.jsonl")
    assert [e["index"] for e in events] == list(range(len(events))) and all(e["fate"] for e in events)
    said = lines(out / "transcript.jsonl")
    assert all(u["end_s"] <= frames / 48000 + 0.03 for u in said)
    assert committed(out / "journal.sqlite", "SELECT how FROM runs") == [("stopped",)]


def test_an_existing_show_is_refused_not_overwritten(tmp_path):
    import subprocess

    out = tmp_path / "show"
    out.mkdir()
    (out / "program.wav").write_bytes(b"RIFF" + b"\0" * 4000)
    (out / "transcript.jsonl").write_text('{"id": "u00001"}\n')
    digest = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in out.iterdir()}
    cmd = [sys.executable, "-m", "vhost", "run", "--persona", str(PERSONA), "--source", "replay:personas/samples/tech_chat.jsonl",
           "--out", str(out), "--fast", "--llm", "openai:http://127.0.0.1:9/v1?model=none"]  # fmt: skip
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=60, env={**os.environ})
    err = r.stderr.strip().splitlines()
    assert r.returncode == 2 and len(err) == 1, r.stderr
    assert err[0].startswith(f"vhost: error: {out}: holds a show already") and f"--resume {out}" in err[0]
    assert {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in out.iterdir()} == digest
    r = subprocess.run([sys.executable, "-m", "vhost", "run", "--resume", str(out)], capture_output=True, text=True, timeout=60)
    assert r.returncode == 2 and "no show to resume" in r.stderr
