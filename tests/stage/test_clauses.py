"""A sentence spoken clause by clause: one subtitle, heard once whole, in part when cut between clauses."""

from types import SimpleNamespace

from tests.stage.test_stage import run_stage, tone
from vhost.stage.utterance import Lineup, Piece, Utterance
from vhost.voice import clauses

SENTENCE = "先看 X1 耳機，到手價 199 元，還有 30 件。"


def clause_utt(kind: str, sentence: str, secs: float) -> Utterance:
    u = Utterance(kind, SimpleNamespace(lang="zh-Hant"))
    parts = clauses(sentence, "zh-Hant")
    for i, _ in enumerate(parts):
        u.pieces.put_nowait(Piece(pcm=tone(secs), text=sentence, lang="zh", part=i, parts=len(parts)))
    u.pieces.put_nowait(None)
    return u


def test_clauses_split_chinese_at_clause_marks_only() -> None:
    assert clauses(SENTENCE, "zh-Hant") == ["先看 X1 耳機，", "到手價 199 元，", "還有 30 件。"]
    assert clauses("好，我們開始吧。", "zh-Hant") == ["好，我們開始吧。"]  # a clause under 4 characters joins the next
    assert clauses("家人們晚上好，歡迎。", "zh-Hant") == ["家人們晚上好，歡迎。"]  # ... and a short last one the one before
    assert clauses("Hello, everyone, welcome.", "en") == ["Hello, everyone, welcome."]


async def test_one_subtitle_and_one_heard_sentence_for_three_clauses() -> None:
    lineup = Lineup(lookahead=4)
    lineup.add(clause_utt("script", SENTENCE, 0.5))
    stage, audio, cues, done = await run_stage(lineup, 3.0)
    subs = [c for c in cues.cues if c.type == "subtitle"]
    assert [c.text for c in subs] == [SENTENCE]
    assert done[0].played == [SENTENCE] and done[0].partial is None


async def test_cut_between_clauses_counts_as_heard_in_part() -> None:
    lineup = Lineup(lookahead=4)
    pitch = clause_utt("pitch", SENTENCE, 1.0)
    lineup.add(pitch)

    async def reply_arrives(clock, stage) -> None:
        await clock.sleep(0.5)
        reply = Utterance("reply", SimpleNamespace(lang="zh-Hant"))
        reply.pieces.put_nowait(Piece(pcm=tone(0.5), text="回答", lang="zh"))
        reply.pieces.put_nowait(None)
        lineup.add(reply)

    stage, audio, cues, done = await run_stage(lineup, 4.0, during=reply_arrives)
    cut = next(u for u in done if u is pitch)
    assert cut.interrupted and cut.played == [] and cut.partial == SENTENCE
    assert [c.text for c in cues.cues if c.type == "subtitle"] == [SENTENCE, "回答"]
