"""The room's own lines, which no product sheet holds: a topic declined (named back when it is an everyday one), when
the next round starts and how to join the call (the rundown's own lines), the next stream's time (not known here)."""

from __future__ import annotations

import re

from vhost.knowledge.understood import Understood
from vhost.persona.model import Persona
from vhost.text.fold import fold, to_traditional

# the next stream's time: the host does not know it (the channel posts it), said so by name
SCHEDULE = re.compile(r"几点.{0,4}(?:开播|直播|播)|(?:明天|下次|下一场|下周).{0,6}(?:开播|直播|播)|什么时候.{0,4}(?:开播|直播|再播)|"
                      r"whattime\w{0,16}(?:live|stream)|golive|nextstream|nextlive|streamschedule|schedule")
_NEXT_ROUND = re.compile(r"下一[场轮]|下[场轮](?:几|什么|啥)|nextround|nextshow")  # the rundown's next round, not tomorrow's stream
_LOOPED = re.compile(r"onaloop|onrepeat|looping|循环播|轮播|重复播|一直重播")  # the show asked to run in rounds (a recording is another question)
_NEXT_ROUND_SAID = {False: re.compile(r"下一輪|下一轮"), True: re.compile(r"next round", re.I)}  # the rundown's line on it
# how to join the host on the call (the 砍價 ladder's last step), and the rundown's line that says so
_HOW_JOIN = re.compile(r"(?:怎么|怎样|咋|如何|点样|点|要怎么)(?:样)?(?:才能)?(?:连麦|上麦)|(?:连麦|上麦)(?:要)?(?:怎么|咋|如何|点样)|"
                       r"(?:howdoi|howto|howcani|howcan)(?:join|get)(?:the|on|onthe|in)*(?:call|mic)|callin")
_JOIN_SAID = {False: re.compile(r"連麥申請|连麦申请"), True: re.compile(r"request button", re.I)}
# an everyday topic said back when declining it ("火鍋這個話題直播間不方便聊"); money, gambling and politics are
# never repeated on air (the shipped corpora forbid 股票, 彩票, 選舉 in the host's mouth), only declined
_NAMED_TOPIC = re.compile(r"火锅|足球|篮球|球赛|比赛|湖人|世界杯|作业|韩剧|电视剧|天气|下雪|下雨|气温|降温|外卖|football|soccer|basketball|(?<![a-z])nba(?![a-z])|lakers|homework|ramen|restaurant|dentist|weather|(?<![a-z])(?:rain|snow)(?![a-z])")
_MEDICINE = re.compile(r"药|生发|防脱|胶囊|保健品|褪黑素|medicine|pills|melatonin|sleepingpill")
_TOPIC_WORD = {"下雪": "天气", "下雨": "天气", "气温": "天气", "降温": "天气", "rain": "the weather", "snow": "the weather", "weather": "the weather"}  # "明天會下雪嗎": the weather


def room_line(u: Understood, persona: Persona) -> tuple[str, tuple[str, ...], str] | None:
    """(mode, lines, what is not known) for a question about the room, else None. persona: the answer language's edition."""
    en = u.lang == "en"
    f = fold(u.text)
    if u.answered_as == "off_topic":
        m = _NAMED_TOPIC.search(f)
        if m is not None and not _MEDICINE.search(f):  # the viewer's topic named, so the line reads as an answer to them
            word = _TOPIC_WORD.get(m.group(), m.group())
            return ("decline", (f"I don't have anything on {word} for this stream; let's get back to today's products.",) if en
                    else (f"{to_traditional(word) if u.lang == 'zh-Hant' else word}這個話題直播間不方便聊，我們回到今天的產品。",), "")  # fmt: skip
        # "有推薦的止癢藥嗎": declined, the medicine never named, and a doctor named for the one unwell
        doctor = (("please see a doctor if you're unwell. Let's", "身體不舒服請諮詢醫生，我們") if _MEDICINE.search(f) else ("let's", ""))[not en]
        return ("decline", (f"That's not a topic for this stream; {doctor} get back to today's products.",) if en
                else (f"這個話題我們不聊，{doctor}回到今天的產品。",), "")  # fmt: skip
    if u.answered_as == "chitchat" and _LOOPED.search(f) and persona.rundown.loop and (line := _rundown_line(persona, _NEXT_ROUND_SAID[en])):
        # "is this stream on a loop? swear i heard the earbuds bit an hour ago": the rundown runs in rounds, and says so
        return ("fact", ("The show runs in rounds." if en else "節目是一輪一輪進行的。", line), "")
    about_show = u.answered_as == "chitchat" or (u.answered_as == "greeting" and not u.products)  # "主播下一場什麼時候 想等你講防曬"
    if about_show and _NEXT_ROUND.search(f) and (line := _rundown_line(persona, _NEXT_ROUND_SAID[en])):
        return ("fact", (line,), "")  # "下一場幾點開", "when does the next round start": the rundown says, it starts again right away
    if u.answered_as in ("bargain", "spec", "usage", "how_to_buy", "chitchat") and _HOW_JOIN.search(f) \
            and (line := _rundown_line(persona, _JOIN_SAID[en])):
        # "點樣連麥呀", "how do I join the call": the rundown's own line on it, and the step the call unlocks
        return ("fact", (line, *[f.text for f in u.facts if f.kind == "step"][:1]), "")
    if about_show and SCHEDULE.search(f):
        # "明天还有直播吗": a show that runs in rounds starts its next one right away, and says so; the next stream's
        # time is not known here (the channel posts it)
        looped = (line,) if persona.rundown.loop and (line := _rundown_line(persona, _NEXT_ROUND_SAID[en])) else ()
        return ("defer", (*looped, "I don't have the next stream's time yet; the schedule is posted on the channel page." if en
                          else "下一場的直播時間我這裡還不確定，請留意直播間的預告。"), "直播時間")  # fmt: skip
    return None


def _rundown_line(persona: Persona, said: re.Pattern[str]) -> str | None:
    """The rundown's own line on something the sheet does not hold (when the next round starts, "我們下一輪馬上開始";
    how to join the call, "想上麥的家人們點連麥申請"), untemplated, when it has one."""
    return next((x for seg in persona.rundown.segments for x in (*seg.script, *seg.quiet) if said.search(x) and "{" not in x), None)
