"""What the anchor says reaches the show: the transcript (kind "anchor"), the host's memory
(the next prompts), and cues after the AI's name. English with the real recogniser on
piper's voice; Chinese with a recogniser that returns the words, so the cue path is
checked on text the recogniser would give."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from tests.anchor.speech import ESPEAK, anchor_wav, espeak
from tests.asr.test_whisper import installed, piper_speech_async
from tests.fakes.fake_llm import FakeLLM, Reply
from tests.tts.engines import ScriptedTTS
from vhost.anchor.vad import VoiceActivity
from vhost.asr import whisper
from vhost.asr.base import Recognized
from vhost.clock import FastClock
from vhost.cohost.config import CohostConfig
from vhost.show import Show, ShowConfig


def rows(out: Path, name: str = "transcript.jsonl") -> list[dict]:
    return [json.loads(x) for x in (out / name).read_text(encoding="utf-8").splitlines() if x.strip()]


def build(tmp_path: Path, persona: str, turns, duration: float, reply: str, **cohost) -> tuple[Show, FakeLLM]:
    # where the speech is, down to the voice activity's own floor: piper's synthesis is random
    # from run to run, and its fading last syllable can sit 0.2 s between -50 and -40 dBFS
    build.truth = anchor_wav(tmp_path / "anchor.wav", turns, duration, db=VoiceActivity().floor_dbfs)  # type: ignore[attr-defined]
    clock = FastClock()
    cfg = ShowConfig(persona=Path(persona), sources=[], out=tmp_path / "out", duration_s=duration, watch=False,
                     cohost=CohostConfig(anchor_audio=f"wav:{tmp_path / 'anchor.wav'}", **cohost))  # fmt: skip
    llm = FakeLLM(clock, [], default=Reply.text(reply))
    return Show(cfg, llm=llm, tts=ScriptedTTS("tone", seconds=1.5), clock=clock, busy_llm=False), llm


def user_prompts(llm: FakeLLM) -> list[str]:
    return [c[-1].content for c in llm.calls]


async def test_english_anchor_recognised_remembered_and_followed(tmp_path):
    if not installed():
        pytest.skip("the Whisper packages are not installed")
    chat = await piper_speech_async("Our charger has been really popular this week, people love the three ports.")
    cue = await piper_speech_async("Assistant, tell them about the N9 phone.")
    if chat is None or cue is None:
        pytest.skip("piper is not available")
    whisper.prepare()
    show, llm = build(tmp_path, "personas/tech_reviewer.en.yaml", [(3.0, chat), (14.0, cue)], 40.0, "The N9 phone is a solid pick.")
    await show.run()
    out = tmp_path / "out"
    anchor = [r for r in rows(out) if r["kind"] == "anchor"]
    cue_rows = [i for i, r in enumerate(anchor) if "n9" in r["text"].lower()]
    assert len(cue_rows) == 1 and cue_rows[0] >= 1, anchor  # the first turn may come as two (a pause between its sentences)
    chat_rows, cue_row = anchor[: cue_rows[0]], anchor[cue_rows[0]]
    assert "charger" in " ".join(r["text"] for r in chat_rows).lower()
    truth = build.truth  # type: ignore[attr-defined]
    assert chat_rows[0]["start_s"] == pytest.approx(truth[0][0], abs=0.08), "the onset, where the speech really begins"
    assert chat_rows[-1]["end_s"] == pytest.approx(truth[0][1], abs=0.15) and cue_row["heard_s"] >= cue_row["end_s"]
    assert any("charger has been really popular" in p.lower() for p in user_prompts(llm)), ("not in the host's memory", anchor, user_prompts(llm))
    pitch = [p for p in user_prompts(llm) if "selling point of N9" in p]
    assert pitch, "the anchor asked for the N9 and no N9 pitch was written"
    assert "already said" in pitch[0].lower() and "n9" in pitch[0].lower().split("on stage")[0], "the anchor's words were not in the prompt"
    spoken = [r for r in rows(out) if r["kind"] == "pitch" and r["start_s"] > cue_row["end_s"]]
    assert spoken and "N9" in spoken[0]["text"]


@pytest.mark.skipif(ESPEAK is None, reason="espeak-ng not installed")
async def test_chinese_cues_pitch_and_ask(tmp_path):
    speech = espeak("xiao3 zhu4 shou3, jie4 shao4 yi2 xia4 N9 shou3 ji1", voice="cmn-latn-pinyin")
    show, llm = build(tmp_path, "personas/tech_reviewer.yaml", [(4.0, speech), (16.0, speech), (27.0, speech)], 36.0, "N9 手機現在是 2299 元。",
                      anchor_asr=None)  # fmt: skip
    said = iter([("小助手，介绍一下 N9 手机", -0.3), ("小助手，X1 的續航多久？", -0.4), ("小助手，介紹一下 P65", -1.6)])

    class Words:
        name = "words"

        async def warm(self) -> None:
            return None

        async def recognize(self, pcm, *, lang=None, prompt=""):
            text, logprob = next(said)
            assert lang == "zh" and "N9 手機" in prompt and "小助手" not in prompt, "the AI's name is never a hint"
            return Recognized(text, "zh", len(pcm) / 16000, 0.01, logprob=logprob)

    assert show.cohost.anchor is not None
    show.cohost.anchor.recognizer = Words()
    await show.run()
    out = tmp_path / "out"
    anchor = [r for r in rows(out) if r["kind"] == "anchor"]
    assert [r["text"] for r in anchor] == ["小助手，介紹一下 N9 手機", "小助手，X1 的續航多久？", "小助手，介紹一下 P65"], "in the persona's script"
    assert [r.get("unsure", False) for r in anchor] == [False, False, True]
    assert not any("P65" in p for p in user_prompts(llm)), "a guess of the recogniser was obeyed"
    pitch = [p for p in user_prompts(llm) if "介紹N9 手機的一個賣點" in p]
    assert pitch and "剛才說過" in pitch[0] and "小助手，介紹一下 N9 手機" in pitch[0], "the anchor's words are in the host's memory"
    pitches = [r for r in rows(out) if r["kind"] == "pitch" and r["start_s"] > anchor[0]["end_s"]]
    assert pitches and pitches[0]["start_s"] - anchor[0]["heard_s"] < 3.0
    # the question is answered like a viewer's, and the ledger has it
    asked = [e for e in rows(out, "events.jsonl") if e["user"]["id"] == "anchor"]
    assert len(asked) == 1 and asked[0]["text"] == "X1 的續航多久？" and asked[0]["fate"] == "answered"
    reply = next(r for r in rows(out) if r["kind"] == "reply" and asked[0]["index"] in r["reply_to"])
    assert "8 小時" in reply["text"] or "30 小時" in reply["text"], reply["text"]
    assert np.isfinite(reply["start_s"])
