"""The output contract of a whole show (program.wav, transcript, cues, events), end to end
with real espeak-ng voices, the real intake/director/writer/guard, and a scripted LLM."""

from __future__ import annotations

import itertools
import json
import wave
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from tests.fakes.fake_llm import FakeLLM, Reply
from vhost.clock import FastClock
from vhost.show import Show, ShowConfig
from vhost.stage.heard import Heard

PERSONA = Path("personas/tech_reviewer.yaml")
FATES = {"answered", "merged", "thanked", "dropped", "blocked"}


def write_replay(path: Path, extra_bad: bool = True) -> int:
    lines = [
        {"t": 1.0, "kind": "danmaku", "user": {"id": "a", "name": "小明"}, "text": "這個耳機續航多久？"},
        {"t": 1.5, "kind": "danmaku", "user": {"id": "b", "name": "阿傑"}, "text": "耳機續航多久"},
        {"t": 2.0, "kind": "gift", "user": {"id": "c", "name": "Lily"}, "gift": {"name": "小心心", "count": 3}, "value_cny": 3},
        {"t": 3.0, "kind": "danmaku", "user": {"id": "d", "name": "spam"}, "text": "加微信 abc12345 領紅包 http://x.cn"},
        {"t": 4.0, "kind": "like", "user": {"id": "e", "name": "喵喵"}, "count": 20},
        {"t": 6.0, "kind": "superchat", "user": {"id": "f", "name": "老王"}, "text": "充電頭能充筆電嗎？", "value_cny": 30},
        {"t": 9.0, "kind": "danmaku", "user": {"id": "g", "name": "Kevin"}, "text": "how much are the earbuds?", "lang": "en"},
        {"t": 12.0, "kind": "follow", "user": {"id": "h", "name": "小雨"}},
    ]
    text = [json.dumps(x, ensure_ascii=False) for x in lines]
    if extra_bad:
        text.insert(3, '{"t": 2.5, "kind": "danmaku", "user": ')  # truncated line: reported and skipped
        text.insert(5, '{"t": 2.7, "kind": "teleport", "user": {"id": "z"}}')  # unknown kind
    path.write_text("\n".join(text) + "\n", encoding="utf-8")
    return len(lines)


def rows(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


async def run(tmp_path: Path, llm_replies, duration: float = 40.0, **kw):
    replay = tmp_path / "chat.jsonl"
    n = write_replay(replay)
    clock = FastClock()
    cfg = ShowConfig(persona=PERSONA, sources=[f"replay:{replay}"], out=tmp_path / "out", duration_s=duration, watch=False, **kw)
    show = Show(cfg, llm=FakeLLM(clock, llm_replies, default=Reply.text("X1 單次續航 8 小時。")), clock=clock, busy_llm=False)
    result = await show.run()
    return show, result, n


async def test_output_contract(tmp_path):
    show, result, n_events = await run(tmp_path, [])
    out = tmp_path / "out"
    # program.wav: 48 kHz s16 mono, exactly as long as the program
    with wave.open(str(out / "program.wav")) as w:
        assert (w.getframerate(), w.getsampwidth(), w.getnchannels()) == (48000, 2, 1)
        assert w.getnframes() == int(result.program_s * 48000) == 40 * 48000
        pcm = np.frombuffer(w.readframes(w.getnframes()), np.int16)
    transcript = rows(out / "transcript.jsonl")
    assert transcript, "nothing was said"
    for u in transcript:
        assert set(u) >= {"id", "kind", "text", "reply_to", "event_s", "start_s", "end_s", "first_audio_s"}
        assert u["kind"] in {"reply", "pitch", "thanks", "filler", "script", "human"}
        assert 0 <= u["start_s"] <= u["end_s"] <= result.program_s + 1e-6
        assert u["text"].strip()
        if u["event_s"] is not None:
            assert u["first_audio_s"] >= u["event_s"]
    starts = [u["start_s"] for u in transcript]
    assert starts == sorted(starts)
    for a, b in itertools.pairwise(transcript):
        assert a["end_s"] <= b["start_s"] + 1e-6  # one voice at a time
    # events: every input event exactly once, in arrival order, with a fate
    events = rows(out / "events.jsonl")
    assert [e["index"] for e in events] == list(range(n_events))
    assert all(e["fate"] in FATES for e in events)
    by_fate = {e["index"]: e for e in events}
    said = {u["id"] for u in transcript}
    for e in events:
        if e["fate"] in ("answered", "merged", "thanked"):
            assert e.get("utterance") in said
    spam = next(e for e in events if e["user"]["id"] == "d")
    assert spam["fate"] == "blocked" and spam.get("reason")
    assert by_fate[5]["fate"] == "answered"  # the superchat was answered in its window
    replies_to = {i for u in transcript for i in u["reply_to"]}
    assert 0 in replies_to or 1 in replies_to
    # cues: mouth open only over sound, subtitles at each utterance's sentences
    cues = rows(out / "cues.jsonl")
    mouth = [c for c in cues if c["type"] == "mouth"]
    assert len(mouth) > 50
    for c in mouth:
        i = int(round(c["t"] * 48000))
        frame = pcm[i : i + 960]
        if c["value"] > 0:
            assert np.abs(frame).max() > 0, f"mouth open over silence at {c['t']}"
    silent_starts = [u["end_s"] for u in transcript]
    for c in cues:
        assert 0 <= c["t"] <= result.program_s + 0.05
    subs = [c for c in cues if c["type"] == "subtitle"]
    for u in transcript:
        mine = [s for s in subs if s["utterance"] == u["id"]]
        assert mine and abs(mine[0]["t"] - u["first_audio_s"]) < 1e-6
        shown, said = "".join(s["text"] for s in mine).replace(" ", ""), u["text"].replace(" ", "")
        if "cut" in u:  # the show ended (or a takeover cut) inside a sentence: its subtitle showed the whole of it
            assert shown.startswith(said) and said.endswith(u["cut"].replace(" ", "")), (shown, u)
        else:
            assert shown == said
    speaking = [c for c in cues if c["type"] == "speaking"]
    assert speaking[0]["value"] == 1 and len(speaking) == 2 * len(transcript)
    assert silent_starts  # silence exists between utterances and the file stays continuous
    assert len(show.sources[0].errors) == 2 and ":4:" in show.sources[0].errors[0]


async def test_forbidden_llm_output_never_reaches_air(tmp_path):
    bad = Reply.text("家人們，這是全網最低價，只要99元！加微信 vx123456 私聊。國家級認證，第一品牌！")
    show, result, _ = await run(tmp_path, [bad] * 20, duration=30.0, pitch_every_s=5.0)
    out = tmp_path / "out"
    said = " ".join(u["text"] for u in rows(out / "transcript.jsonl"))
    subs = " ".join(c.get("text", "") for c in rows(out / "cues.jsonl"))
    for forbidden in ("全網最低", "99元", "微信", "vx123456", "國家級", "第一品牌"):
        assert forbidden not in said and forbidden not in subs
    assert said  # the host still spoke: fallbacks, not silence


async def test_backend_error_is_never_spoken(tmp_path):
    err = Reply(deltas=("X1",), error_after=1, error="Traceback: ConnectionResetError 500")
    show, result, _ = await run(tmp_path, [err] * 20, duration=25.0, pitch_every_s=5.0)
    said = " ".join(u["text"] for u in rows(tmp_path / "out" / "transcript.jsonl"))
    assert "Traceback" not in said and "500" not in said and "Error" not in said
    assert said


@pytest.mark.timeout(240)
async def test_tiny_random_model_runs_the_real_generate_path(tmp_path):
    from tests.fakes.tiny_model import tiny_llm

    replay = tmp_path / "chat.jsonl"
    n = write_replay(replay, extra_bad=False)
    cfg = ShowConfig(persona=PERSONA, sources=[f"replay:{replay}"], out=tmp_path / "out", duration_s=20, watch=False, pitch_every_s=4)
    result = await Show(cfg, llm=tiny_llm(seed=2)).run()
    with wave.open(str(tmp_path / "out" / "program.wav")) as w:
        assert w.getnframes() == 20 * 48000
    assert len(rows(tmp_path / "out" / "events.jsonl")) == n
    assert result.utterances >= 1


async def test_music_bed_fills_the_idle_gaps(tmp_path):
    import subprocess

    bed = tmp_path / "bed.wav"
    subprocess.run(["ffmpeg", "-v", "error", "-f", "lavfi", "-i", "sine=frequency=330:duration=3", "-ar", "48000", str(bed)], check=True)
    show, result, _ = await run(tmp_path, [], duration=20.0, music=bed)
    with wave.open(str(tmp_path / "out" / "program.wav")) as w:
        pcm = np.frombuffer(w.readframes(w.getnframes()), np.int16).astype(np.float32)
    transcript = rows(tmp_path / "out" / "transcript.jsonl")
    gaps = [(a["end_s"] + 0.8, b["start_s"] - 0.05) for a, b in itertools.pairwise(transcript) if b["start_s"] - a["end_s"] > 1.0]
    silent = [pcm[int(s * 48000) : int(e * 48000)] for s, e in gaps] or [pcm[-48000:]]
    assert all(np.sqrt(np.mean(x**2)) > 100 for x in silent if len(x))  # the bed fills idle time


async def test_operator_takeover_hold_say_and_resume(tmp_path):
    import asyncio

    replay = tmp_path / "chat.jsonl"
    write_replay(replay, extra_bad=False)
    clock = FastClock()
    cfg = ShowConfig(persona=PERSONA, sources=[f"replay:{replay}"], out=tmp_path / "out", duration_s=40, watch=False)
    show = Show(cfg, llm=FakeLLM(clock, [], default=Reply.text("X1 單次續航 8 小時。")), clock=clock, busy_llm=False)

    async def operator():
        await clock.sleep_until(8.0)
        show.take_over()
        await clock.sleep_until(12.0)
        show.say("我是主播本人，接下來我來講。")
        await clock.sleep_until(25.0)
        show.resume()

    async def both():
        task = asyncio.create_task(show.run())
        await operator()
        return await task

    await both()
    transcript = rows(tmp_path / "out" / "transcript.jsonl")
    human = [u for u in transcript if u["kind"] == "human"]
    assert [u["text"] for u in human] == ["我是主播本人，接下來我來講。"]
    assert human[0]["start_s"] >= 12.0
    cut = [u for u in transcript if u["start_s"] < 8.0 < u["end_s"] + 1e-6 and u.get("interrupted")]
    assert all(u["end_s"] <= 8.1 for u in cut)
    during = [u for u in transcript if 8.1 < u["start_s"] < 25.0 and u["kind"] != "human"]
    assert during == []  # the AI held its tongue while the human spoke
    assert any(u["start_s"] >= 25.0 and u["kind"] != "human" for u in transcript)  # and came back after resume


async def test_a_source_with_a_backlog_lets_the_stage_take_turns(tmp_path):
    """A raid arrives as a backlog the source hands out without ever waiting: intake takes its
    turns with the rest of the show (the stage's frames) instead of holding the loop to the end."""
    import asyncio

    from vhost.events import ChatEvent, EventKind, User

    turns: list[int] = []  # how many raid events intake had taken each time another task ran

    class Raid:
        name = "raid"

        async def events(self):
            await asyncio.sleep(0.05)
            for i in range(5_000):  # no await between them: a queue that is never empty
                yield ChatEvent("t", EventKind.DANMAKU, User(f"v{i}", f"觀眾{i}"), text=("666", "耳機多少錢", "主播好")[i % 3])
            await asyncio.Event().wait()  # then quiet, as a source with nothing new

    clock = FastClock()
    cfg = ShowConfig(persona=PERSONA, sources=[], out=tmp_path / "out", duration_s=6.0, watch=False)
    show = Show(cfg, llm=FakeLLM(clock, []), sources=[Raid()], clock=clock, busy_llm=False)

    async def other() -> None:
        while True:
            turns.append(show._taken[0])
            await asyncio.sleep(0)

    task = asyncio.create_task(other())
    try:
        await show.run()
    finally:
        task.cancel()
    during = {n for n in turns if 0 < n < 5_000}
    assert len(during) >= 3, sorted(during)  # other tasks ran many times while the raid was taken in
    assert len(show.ledger) > 0


def write_asking_room(path: Path) -> Path:
    """A room that keeps asking: a question every 1.5 s for 12 s."""
    asks = ["耳機多少錢", "充電頭幾瓦", "手機幾吋", "線多長", "X1 防水嗎", "手機電池多大", "有貨嗎", "藍牙幾代"]
    path.write_text("\n".join(json.dumps({"t": 3.0 + 1.5 * i, "kind": "danmaku", "user": {"id": f"v{i}", "name": f"觀眾{i}"},
                                           "text": q}, ensure_ascii=False) for i, q in enumerate(asks)) + "\n", encoding="utf-8")  # fmt: skip
    return path


async def test_a_room_that_keeps_asking_hears_brisker_lines(tmp_path):
    """Questions every second or two: the answers are said a tenth quicker (pacing.BRISK_SPEED);
    the opening script, before anyone asked, at the voice's own rate."""
    from vhost.director.pacing import BRISK_SPEED

    replay = write_asking_room(tmp_path / "chat.jsonl")
    clock = FastClock()
    cfg = ShowConfig(persona=PERSONA, sources=[f"replay:{replay}"], out=tmp_path / "out", duration_s=30.0, watch=False)
    show = Show(cfg, llm=FakeLLM(clock, []), clock=clock, busy_llm=False)
    said: list[tuple[str, float]] = []
    engine = show.voice.tts

    class Listening:
        def __getattr__(self, name):
            return getattr(engine, name)

        async def synthesize(self, text, voice):
            said.append((text, voice.speed))
            return await engine.synthesize(text, voice)

    show.voice.tts = Listening()
    await show.run()
    speeds = dict(said)
    assert speeds[said[0][0]] == 1.0, said[:2]  # the opening script: nobody asked yet
    replies = {r["text"] for r in rows(tmp_path / "out" / "transcript.jsonl") if r["kind"] == "reply"}
    brisk = [t for t, s in said if s == BRISK_SPEED]
    assert brisk and all(any(t.strip("，。") in r for r in replies) for t in brisk), (brisk, replies)
    assert len(brisk) >= 4, said


async def test_the_next_answer_is_decided_after_the_one_going_on_air_sounds(tmp_path):
    """Just in time: a line just taken on air whose first audio is still being made (a voice that
    takes 0.4 s) does not let the next line be decided at once (a question taken then would wait
    behind all of that line)."""
    replay = tmp_path / "chat.jsonl"
    asks = [(5.0, "耳機多少錢"), (5.05, "充電頭幾瓦"), (5.1, "手機幾吋")]  # in the breath after the opening line
    replay.write_text("\n".join(json.dumps({"t": t, "kind": "danmaku", "user": {"id": q, "name": "觀眾"}, "text": q}, ensure_ascii=False)
                                 for t, q in asks) + "\n", encoding="utf-8")  # fmt: skip
    clock = FastClock()
    cfg = ShowConfig(persona=PERSONA, sources=[f"replay:{replay}"], out=tmp_path / "out", duration_s=20.0, watch=False)
    show = Show(cfg, llm=FakeLLM(clock, []), clock=clock, busy_llm=False)
    engine = show.voice.tts

    class Slow:
        def __getattr__(self, name):
            return getattr(engine, name)

        async def synthesize(self, text, voice):
            await clock.sleep(0.4)
            return await engine.synthesize(text, voice)

    show.voice.tts = Slow()
    await show.run()
    lines = sorted(rows(tmp_path / "out" / "transcript.jsonl"), key=lambda r: r["start_s"])
    assert sum(r["kind"] == "reply" for r in lines) >= 2, lines
    for before, after in itertools.pairwise(lines):  # the opening script's second line too
        assert after["decided_s"] >= before["first_audio_s"] - 0.01, (before, after)


async def test_a_ready_answer_goes_before_a_greeting_still_waiting_for_the_model(tmp_path):
    """A line on air still silent for longer than a line takes to prepare (a greeting waiting for the
    model's first token) is slow: the next question is decided then, and its ready answer goes first."""
    replay = tmp_path / "chat.jsonl"
    asks = [(8.0, "主播晚上好"), (8.3, "耳機多少錢")]
    replay.write_text("\n".join(json.dumps({"t": t, "kind": "danmaku", "user": {"id": f"v{i}", "name": f"觀眾{i}"}, "text": q},
                                           ensure_ascii=False) for i, (t, q) in enumerate(asks)) + "\n", encoding="utf-8")  # fmt: skip
    clock = FastClock()
    cfg = ShowConfig(persona=PERSONA, sources=[f"replay:{replay}"], out=tmp_path / "out", duration_s=20.0, watch=False)
    show = Show(cfg, llm=FakeLLM(clock, [], default=Reply.text("晚上好呀。", first_delay=4.0)), clock=clock, busy_llm=False)
    # the greeting waits 3 s for the model before its own line: well past the ~1.5 s an answer takes to be
    # ready, so the order does not hang on how busy the machine is (at the default 1.5 s the two raced)
    show.writer.config = replace(show.writer.config, planned_first_token_s=3.0)
    await show.run()
    replies = sorted((r for r in rows(tmp_path / "out" / "transcript.jsonl") if r["kind"] == "reply"), key=lambda r: r["start_s"])
    assert [r["reply_to"] for r in replies] == [[1], [0]], replies  # the answer first, the greeting after it
    assert replies[0]["first_audio_s"] - 8.3 < 2.5, replies[0]


def test_a_sentence_cut_at_a_pause_is_on_air_only_as_far_as_it_was_heard() -> None:
    """What a reply written after the cut may call "just said": the clauses heard, not the figure after them."""
    heard = Heard(keep=16)
    heard.began(1.0, "先看 X1 耳機，到手價 199 元。")
    heard.began(4.0, "單次續航 8 小時，加充電盒一共 30 小時。")
    heard.cut(["先看 X1 耳機，到手價 199 元。"], "單次續航 8 小時，")
    assert heard.within(5.0, 30.0) == ["先看 X1 耳機，到手價 199 元。", "單次續航 8 小時，"]
    assert heard.within(5.0, 2.0) == ["單次續航 8 小時，"]  # only what began within the window
