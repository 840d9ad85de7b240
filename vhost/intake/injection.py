"""Prompt-injection marking. Chat is always quoted data to the writer; this mark says a viewer
tried to steer the model, so the message is not answered as a question (policy in intake.py).
"""

from __future__ import annotations

import re

from vhost.intake.folding import fold

# checked on the NFKC/lower/Simplified text with separators kept
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("role marker", re.compile(r"<\|?\s*(?:im_start|im_end|system|assistant|user|endoftext|eot_id|start_header_id)\s*\|?>")),
    ("role marker", re.compile(r"\[/?inst\]|<</?sys>>|</s>|<s>")),
    ("role marker", re.compile(r"(?:^|\n|\s)(?:system|assistant|developer|系统|系統)\s*[:：]")),
    ("role marker", re.compile(r"#{2,}\s*(?:instruction|system|指令|系统)")),
    (
        "override",
        re.compile(
            r"\b(?:ignore|disregard|forget|override|bypass)\b.{0,30}"
            r"\b(?:instructions?|prompts?|rules?|directions?|guidelines?|system|context|above|previous|prior)\b"
        ),
    ),
    ("override", re.compile(r"\b(?:you are now|from now on,? you|act as|pretend (?:to be|you are)|roleplay as)\b")),
    ("override", re.compile(r"\b(?:system prompt|jailbreak|developer mode|dan mode|do anything now)\b")),
    ("override", re.compile(r"(?:repeat|print|reveal|show|tell me)\b.{0,20}\b(?:prompt|instructions?)\b")),
    (
        "override",
        re.compile(
            r"(?:忽略|无视|忘记|忘掉|跳过|不要理会|不用管)\s*(?:掉)?\s*(?:以上|上面|之前|前面|先前|刚才|所有|全部|一切|你的)?"
            r".{0,6}(?:指令|指示|提示|提示词|规则|设定|要求|命令|限制|prompt)"
        ),
    ),
    ("override", re.compile(r"(?:(?:你现在是|现在你是)(?![在否不])|从现在开始你|从现在起你|你的新身份|扮演一个|假装你是|你不再是)")),
    ("override", re.compile(r"(?:系统提示|系统指令|提示词|越狱|开发者模式|管理员模式)")),
    ("override", re.compile(r"(?:复述|重复|输出|打印|告诉我).{0,8}(?:你的|系统)?(?:提示词|指令|设定|prompt)")),
    # "repeat after me": making the host say a line the viewer wrote
    ("override", re.compile(r"(?:重复|复述|跟我[说念读]|照着[说念读])\s*(?:一下|一遍)?\s*(?:这句|这段|以下|下面|我的话|[:：])")),
    ("override", re.compile(r"\b(?:repeat|say|read out)\s+(?:after me|this|the following|exactly)\b")),
]


def find_injection(text: str) -> str | None:
    """The kind of injection attempt ("role marker", "override") or None."""
    view = fold(text, keep_separators=True)
    for kind, pat in _PATTERNS:
        if pat.search(view):
            return kind
    return None
