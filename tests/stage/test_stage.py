"""The stage on a virtual clock: continuous frames, cues from the audio, yielding rules."""

import asyncio
from types import SimpleNamespace

import numpy as np

from vhost.clock import FastClock
from vhost.events import Cue
from vhost.sinks.base import AudioFormat
from vhost.stage.stage import Stage
from vhost.stage.utterance import Lineup, Piece, Utterance


class MemoryAudio:
    name = "memory"

    def __init__(self) -> None:
        self.frames: list[tuple[float, bytes]] = []

    async def start(self, fmt: AudioFormat) -> None:
        self.fmt = fmt

    async def write(self, frame: bytes, t: float) -> None:
        self.frames.append((t, frame))

    async def close(self) -> None:
        pass


class MemoryCues:
    name = "memory-cues"

    def __init__(self) -> None:
        self.cues: list[Cue] = []

    async def start(self) -> None:
        pass

    async def send(self, cue: Cue) -> None:
        self.cues.append(cue)

    async def close(self) -> None:
        pass


def tone(seconds: float, amp: int = 8000) -> np.ndarray:
    t = np.arange(int(48000 * seconds)) / 48000
    return (amp * np.sin(2 * np.pi * 220 * t)).astype(np.int16)


def utt(kind: str, *texts_and_secs: tuple[str, float]) -> Utterance:
    u = Utterance(kind, SimpleNamespace(lang="zh-Hant"))
    for text, secs in texts_and_secs:
        u.pieces.put_nowait(Piece(pcm=tone(secs), text=text, lang="zh"))
    u.pieces.put_nowait(None)
    return u


async def run_stage(lineup: Lineup, seconds: float, *, cue_lead: float = 0.0, during=None):
    clock = FastClock(wall=False)
    audio, cues, done = MemoryAudio(), MemoryCues(), []
    stage = Stage(clock, lineup, [audio], [cues], cue_lead_s=cue_lead, on_finished=done.append)
    async with clock.running():
        if during is None:
            await stage.run(seconds)
        else:
            await asyncio.gather(stage.run(seconds), during(clock, stage))
    return stage, audio, cues, done


async def test_timeline_is_continuous_with_silence_between_utterances():
    lineup = Lineup(lookahead=4)
    lineup.add(utt("script", ("一", 1.0)))
    stage, audio, cues, done = await run_stage(lineup, 3.0)
    assert len(audio.frames) == 150  # 3 s of 20 ms frames, no gaps
    ts = [t for t, _ in audio.frames]
    assert np.allclose(np.diff(ts), 0.02)
    pcm = np.frombuffer(b"".join(f for _, f in audio.frames), np.int16)
    assert len(pcm) == 3 * 48000
    assert np.abs(pcm[: 48000 - 960]).max() > 1000 and np.abs(pcm[int(1.1 * 48000) :]).max() == 0
    assert done[0].played == ["一"] and done[0].start_s == 0.0 and abs(done[0].end_s - 1.0) < 0.021


async def test_mouth_cues_follow_the_audio_and_close_over_silence():
    lineup = Lineup(lookahead=4)
    lineup.add(utt("script", ("一", 0.5), ("二", 0.5)))
    _, audio, cues, _ = await run_stage(lineup, 2.0)
    mouth = [c for c in cues.cues if c.type == "mouth"]
    frames = {round(t, 3): f for t, f in audio.frames}
    for c in mouth:
        pcm = np.frombuffer(frames[round(c.t, 3)], np.int16)
        if c.value and c.value > 0:
            assert np.abs(pcm).max() > 0, f"mouth open over silence at {c.t}"
    open_ts = [c.t for c in mouth if c.value and c.value > 0]
    assert open_ts and max(open_ts) < 1.0
    assert mouth[-1].value == 0.0
    assert len(open_ts) >= 45  # 50 Hz while speaking
    subs = [c for c in cues.cues if c.type == "subtitle"]
    assert [s.text for s in subs] == ["一", "二"] and subs[0].t == 0.0 and abs(subs[1].t - 0.5) < 0.021
    speaking = [(c.t, c.value) for c in cues.cues if c.type == "speaking"]
    assert speaking[0] == (0.0, 1.0) and speaking[-1][1] == 0.0


async def test_reply_cuts_a_pitch_at_the_sentence_boundary():
    lineup = Lineup(lookahead=4)
    lineup.add(utt("pitch", ("p1", 1.0), ("p2", 1.0), ("p3", 1.0)))

    async def during(clock, stage):
        await clock.sleep_until(0.5)
        lineup.add(utt("reply", ("answer", 0.5)))

    _, _, cues, done = await run_stage(lineup, 4.0, during=during)
    pitch, reply = done[0], done[1]
    assert pitch.played == ["p1"] and pitch.interrupted
    assert reply.played == ["answer"] and abs(reply.start_s - 1.0) < 0.03


async def test_not_yet_speaking_utterance_gives_way_at_once():
    lineup = Lineup(lookahead=4)
    waiting = Utterance("pitch", SimpleNamespace(lang="zh-Hant"))  # its audio never comes
    lineup.add(waiting)

    async def during(clock, stage):
        await clock.sleep_until(0.3)
        lineup.add(utt("reply", ("now", 0.4)))

    _, _, _, done = await run_stage(lineup, 1.5, during=during)
    assert done[0] is waiting and done[0].played == [] and done[0].interrupted
    assert done[1].played == ["now"] and done[1].start_s < 0.35


async def test_operator_cut_fades_out_inside_a_sentence():
    lineup = Lineup(lookahead=4)
    lineup.add(utt("reply", ("long sentence", 2.0)))

    async def during(clock, stage):
        await clock.sleep_until(0.5)
        stage.cut("operator took over")

    _, audio, _, done = await run_stage(lineup, 1.5, during=during)
    assert done[0].interrupted and done[0].end_s < 0.6
    pcm = np.frombuffer(b"".join(f for _, f in audio.frames), np.int16)
    assert np.abs(pcm[int(0.6 * 48000) :]).max() == 0


async def test_cue_lead_sends_cues_before_their_audio_is_written():
    lineup = Lineup(lookahead=4)
    lineup.add(utt("script", ("x", 0.5)))
    seen: list[tuple[float, int]] = []

    class Probe(MemoryCues):
        async def send(self, cue):
            seen.append((cue.t, len(audio.frames)))
            await super().send(cue)

    clock = FastClock(wall=False)
    audio = MemoryAudio()
    stage = Stage(clock, lineup, [audio], [Probe()], cue_lead_s=0.2)
    async with clock.running():
        await stage.run(1.0)
    first_sub = next(s for s in seen if s[0] == 0.0)
    assert first_sub[1] == 0  # cue for t=0 went out before any audio frame was written
    assert len(audio.frames) == 50


async def test_ready_reply_cuts_in_at_the_next_pause_inside_a_sentence():
    lineup = Lineup(lookahead=4)
    pitch = Utterance("filler", SimpleNamespace(lang="zh-Hant"))  # a filler carries no fact: it yields at once
    gap = np.zeros(int(48000 * 0.12), np.int16)
    pitch.pieces.put_nowait(Piece(pcm=np.concatenate([tone(0.6), gap, tone(2.0)]), text="long", lang="zh"))
    pitch.pieces.put_nowait(None)
    lineup.add(pitch)

    async def during(clock, stage):
        await clock.sleep_until(0.2)
        lineup.add(utt("reply", ("answer", 0.4)))

    _, audio, _, done = await run_stage(lineup, 2.0, during=during)
    assert done[0] is pitch and pitch.interrupted and pitch.partial == "long" and pitch.played == []
    assert 0.6 <= pitch.end_s <= 0.76
    reply = done[1]
    assert reply.played == ["answer"] and reply.start_s <= 0.78
    pcm = np.frombuffer(b"".join(f for _, f in audio.frames), np.int16)
    cut = int(pitch.end_s * 48000)
    assert np.abs(pcm[cut - 480 : cut]).max() < 500  # cut inside the pause, not mid-syllable


async def test_no_pause_near_means_the_sentence_finishes():
    lineup = Lineup(lookahead=4)
    lineup.add(utt("pitch", ("solid", 2.5)))

    async def during(clock, stage):
        await clock.sleep_until(0.2)
        lineup.add(utt("reply", ("answer", 0.4)))

    _, _, _, done = await run_stage(lineup, 4.0, during=during)
    assert done[0].played == ["solid"] and abs(done[0].end_s - 2.5) < 0.03
    assert done[1].played == ["answer"]


async def test_engine_word_timing_becomes_word_cues_on_the_program_clock():
    from vhost.tts.base import WordMark

    lineup = Lineup(lookahead=4)
    u = Utterance("reply", SimpleNamespace(lang="en"))
    u.pieces.put_nowait(Piece(pcm=tone(0.5), text="warm-up", lang="en"))
    words = (WordMark(0.0, 0.3, "Hello"), WordMark(0.41, 0.35, "world"), WordMark(0.0, 0.8, "Hello world", kind="sentence"))
    u.pieces.put_nowait(Piece(pcm=tone(1.0), text="Hello world", lang="en", words=words))
    u.pieces.put_nowait(None)
    lineup.add(u)
    _, _, cues, _ = await run_stage(lineup, 2.0)
    got = [(round(c.t, 3), c.text) for c in cues.cues if c.type == "word"]
    start = next(c.t for c in cues.cues if c.type == "subtitle" and c.text == "Hello world")
    assert got == [(round(start, 3), "Hello"), (round(start + 0.41, 3), "world")]


async def test_thanks_give_way_to_a_superchat_at_their_next_pause_not_to_a_free_question():
    from vhost.events import ChatEvent, EventKind, User

    def answer(paid: bool) -> Utterance:
        kind = EventKind.SUPERCHAT if paid else EventKind.DANMAKU
        ev = ChatEvent("test", kind, User("v", "v"), text="耳機續航多久？", value_cny=30.0 if paid else 0.0)
        u = utt("reply", ("X1 續航 30 小時。", 0.5))
        u.job = SimpleNamespace(lang="zh-Hant", pick=SimpleNamespace(event=ev))
        return u

    for paid in (True, False):
        lineup = Lineup(lookahead=4)
        thanks = utt("thanks", ("謝謝小明的小心心！", 1.0), ("也謝謝阿傑！", 1.0))
        lineup.add(thanks)

        async def during(clock, stage, paid=paid, lineup=lineup):
            await clock.sleep_until(0.3)
            lineup.add(answer(paid))

        _, _, _, done = await run_stage(lineup, 4.0, during=during)
        assert done[0] is thanks
        if paid:  # cut after its first sentence: the superchat is read, the rest of the thanks goes back to the batch
            assert thanks.interrupted and thanks.played == ["謝謝小明的小心心！"]
        else:
            assert not thanks.interrupted and len(thanks.played) == 2
