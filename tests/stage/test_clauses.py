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
        u.pieces.put_nowait(Piece(pcm=tone(secs), text=sentence, lang="zh", part=i, parts=len(parts), clause=parts[i]))
    u.pieces.put_nowait(None)
    return u


def reply_at(lineup: Lineup, delay: float):
    """A half-second reply, ready `delay` seconds into the program."""

    async def during(clock, stage) -> None:
        await clock.sleep(delay)
        reply = Utterance("reply", SimpleNamespace(lang="zh-Hant"))
        reply.pieces.put_nowait(Piece(pcm=tone(0.5), text="回答", lang="zh"))
        reply.pieces.put_nowait(None)
        lineup.add(reply)

    return during


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
    """A filler gives way at the first clause's end: the transcript's cut holds the clause heard, not the sentence."""
    lineup = Lineup(lookahead=4)
    pitch = clause_utt("filler", SENTENCE, 1.0)
    lineup.add(pitch)

    stage, audio, cues, done = await run_stage(lineup, 4.0, during=reply_at(lineup, 0.5))
    cut = next(u for u in done if u is pitch)
    assert cut.interrupted and cut.played == [] and cut.partial == "先看 X1 耳機，"
    assert [c.text for c in cues.cues if c.type == "subtitle"] == [SENTENCE, "回答"]


async def test_a_pitch_finishes_its_sentence_before_a_ready_reply() -> None:
    """Half a fact is never left on air: the pitch's three clauses play, then the reply (which waited 2.5 s)."""
    lineup = Lineup(lookahead=4)
    pitch = clause_utt("pitch", SENTENCE, 1.0)
    lineup.add(pitch)

    stage, audio, cues, done = await run_stage(lineup, 5.0, during=reply_at(lineup, 0.5))
    assert done[0] is pitch and pitch.played == [SENTENCE] and pitch.partial is None
    assert done[1].played == ["回答"] and 2.9 <= done[1].start_s <= 3.1


async def test_a_long_pitch_sentence_yields_once_the_reply_has_waited_long_enough() -> None:
    """A sentence of five 1.5 s clauses: the reply waits FINISH_S, then the pitch gives way at the next clause's end."""
    from vhost.stage.stage import FINISH_S

    lineup = Lineup(lookahead=4)
    long = "先看 X1 耳機，到手價 199 元，還有 30 件，單次續航 8 小時，加充電盒一共 30 小時。"
    pitch = clause_utt("pitch", long, 1.5)
    lineup.add(pitch)

    stage, audio, cues, done = await run_stage(lineup, 8.0, during=reply_at(lineup, 0.2))
    assert done[0] is pitch and pitch.interrupted and pitch.played == []
    assert pitch.partial == "先看 X1 耳機，到手價 199 元，還有 30 件，"  # three clauses heard: 4.5 s, past 0.2 + FINISH_S
    assert 0.2 + FINISH_S <= done[1].start_s <= 4.6


async def test_a_sentence_a_ready_reply_says_was_just_said_is_heard_to_its_end() -> None:
    """The same long pitch, but the reply begins "剛才說了" of that sentence: it plays to its end (7.5 s), past FINISH_S,
    so the reply never points back to a part nobody heard."""
    lineup = Lineup(lookahead=4)
    long = "先看 X1 耳機，到手價 199 元，還有 30 件，單次續航 8 小時，加充電盒一共 30 小時。"
    pitch = clause_utt("pitch", long, 1.5)
    lineup.add(pitch)

    async def leaning_reply(clock, stage) -> None:
        await clock.sleep(0.2)
        reply = Utterance("reply", SimpleNamespace(lang="zh-Hant"))
        reply.leans_on.add(long)
        reply.pieces.put_nowait(Piece(pcm=tone(0.5), text="剛才說了，一共 30 小時。", lang="zh"))
        reply.pieces.put_nowait(None)
        lineup.add(reply)

    stage, audio, cues, done = await run_stage(lineup, 9.0, during=leaning_reply)
    assert done[0] is pitch and pitch.played == [long] and pitch.partial is None
    assert 7.4 <= done[1].start_s <= 7.7


async def test_a_pitch_goes_on_with_its_sentence_while_the_reply_has_no_audio_yet() -> None:
    """The reply is decided at 0.5 s but its audio comes at 1.2 s: the pitch does not stop after "先看 X1 耳機，"
    (half a fact, then silence while the reply is voiced); it ends its sentence, then the reply plays."""
    lineup = Lineup(lookahead=4)
    pitch = clause_utt("pitch", SENTENCE, 1.0)
    lineup.add(pitch)

    async def slow_reply(clock, stage) -> None:
        await clock.sleep(0.5)
        reply = Utterance("reply", SimpleNamespace(lang="zh-Hant"))
        lineup.add(reply)
        await clock.sleep(0.7)
        reply.pieces.put_nowait(Piece(pcm=tone(0.5), text="回答", lang="zh"))
        reply.pieces.put_nowait(None)

    stage, audio, cues, done = await run_stage(lineup, 5.0, during=slow_reply)
    assert done[0] is pitch and pitch.played == [SENTENCE] and pitch.partial is None
    assert done[1].played == ["回答"] and 2.9 <= done[1].start_s <= 3.1
