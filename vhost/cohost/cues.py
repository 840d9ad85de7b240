"""Cues in the anchor's words: what follows the name the anchor calls the AI by.

    小助手，介紹一下 X1       → pitch   (the product named, else the one on stage)
    小助手，回答一下彈幕       → answer  (the best waiting question, now)
    小助手，先停一下           → quiet   (hold the AI)
    小助手，你來 / 繼續        → resume  (release the hold; speak now, even in assist mode)
    小助手，X1 多少錢？        → ask     (answered like a viewer's question)

Recognised speech is folded (simplified script, no separators) before matching, so
Traditional, Simplified and the recogniser's punctuation all read the same. A turn that is
only the name ("小助手……") carries over to the next turn within CARRY_S.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from vhost.text.fold import fold

CARRY_S = 4.0
_PITCH_ZH = ("介绍", "讲讲", "讲一下", "说说", "说一下", "聊聊", "推荐", "卖点", "展示")
_ANSWER_ZH = ("回答", "回复", "弹幕", "留言", "问题")
_QUIET_ZH = ("安静", "先停", "停一下", "别说", "等一下", "等等", "暂停")
_RESUME_ZH = ("继续", "你来", "你说", "交给你", "该你")
_PITCH_EN = re.compile(r"\b(?:introduce|present|pitch|tell (?:\w+ ){0,2}about|talk about|show (?:\w+ ){0,2})")
_ANSWER_EN = re.compile(r"\b(?:answer|questions?|chat)\b")
_QUIET_EN = re.compile(r"\b(?:stop|quiet|hold on|wait|pause)\b")
_RESUME_EN = re.compile(r"\b(?:continue|go ahead|your turn|carry on|take it)\b")


@dataclass(frozen=True)
class Cue:
    action: str  # pitch | answer | quiet | resume | ask
    text: str  # the words after the name (as recognised)
    product: str | None = None


def _words(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


class CueReader:
    def __init__(self, wake: Sequence[str], mentions: Callable[[str], list[str]]) -> None:
        self.wake = [(fold(w), _words(w)) for w in wake if fold(w)]
        self.wake.sort(key=lambda w: -len(w[0]))  # 小助手 before 助手
        self.mentions = mentions
        self._called_at: float | None = None

    def _after_wake(self, text: str) -> str | None:
        """The recognised text after the first wake word, or None when it names nobody."""
        folded = fold(text, keep_separators=True)
        for fw, ew in self.wake:
            if fw.isascii():
                m = re.search(rf"\b{re.escape(ew)}\b", _words(text))
                if m:
                    i = text.lower().find(ew.split()[0])
                    return text[i + len(ew) :] if i >= 0 else text[m.end() :]
            else:
                i = folded.find(fw)
                if i >= 0:
                    return text[i + len(fw) :] if len(folded) == len(text) else folded[i + len(fw) :]
        return None

    def read(self, text: str, t: float) -> Cue | None:
        rest = self._after_wake(text)
        if rest is None:
            if self._called_at is None or t - self._called_at > CARRY_S:
                return None
            rest = text  # the name came alone in the turn before
        self._called_at = None
        f, en = fold(rest), _words(rest)
        if len(f) < 2:
            self._called_at = t
            return None
        products = self.mentions(rest)
        product = products[0] if products else None
        if any(v in f for v in _PITCH_ZH) or _PITCH_EN.search(en):
            return Cue("pitch", rest.strip(), product)
        if any(v in f for v in _QUIET_ZH) or _QUIET_EN.search(en):
            return Cue("quiet", rest.strip())
        if any(v in f for v in _ANSWER_ZH) or _ANSWER_EN.search(en):
            return Cue("answer", rest.strip())
        if any(v in f for v in _RESUME_ZH) or _RESUME_EN.search(en):
            return Cue("resume", rest.strip())
        return Cue("ask", rest.strip().lstrip("，,、。.!！ "), product)
