"""What a message is about: a question, a greeting, a product on the persona's sheet."""

from __future__ import annotations

import re

from vhost.intake.folding import fold
from vhost.persona.model import Persona

# on the folded text with separators kept (Simplified, so 嗎/麼/沒 arrive as 吗/么/没)
_QUESTION = re.compile(
    r"[?？]|吗|呢|么$|多少|怎么|怎样|怎麽|咋|能不能|可不可以|可以吗|有没有|是不是|会不会|要不要|"
    r"几[个天号块元岁年月种点代次寸吋瓦口斤克]|多[久长大重高宽远厚快]|(\w)[不没]\1|哪|什么|为什么|为啥|啥|如何|求问|请问|"
    r"\b(?:how|what|whats|which|when|where|why|who|does|do you|is it|is there|are there|can i|can you|"
    r"could|will it|should i|any|price|cost)\b"
)
_GREETING = re.compile(
    r"^(?:主播|大家|各位|宝宝们|家人们)?(?:早上好|中午好|下午好|晚上好|你好|好|早|晚安|来了|我来了|打卡|报到|"
    r"hello|hi|hey|good (?:morning|evening|night)|yo)(?:呀|啊|哦|~|!|！)*$"
)


def is_question(text: str) -> bool:
    return _QUESTION.search(fold(text, keep_separators=True)) is not None


def is_greeting(text: str) -> bool:
    return _GREETING.match(fold(text)) is not None or fold(text) in {"主播好", "大家好", "hi主播", "hello主播"}


class ProductMatcher:
    """Finds the product a message names by id, name, alias or model code (P65, X1).

    CJK names match as folded substrings; Latin names and codes as whole words, so "x1"
    is found in "is the X1 waterproof" but not in "ax12".
    """

    def __init__(self, persona: Persona) -> None:
        cjk: dict[str, str] = {}
        latin: dict[str, str] = {}
        for p in persona.products:
            code = _CODE.match(fold(p.name, keep_separators=True))
            names = [p.id, p.name, *p.aliases, *([code.group(1)] if code else [])]
            for n in names:
                f = fold(n)
                if not f:
                    continue
                if f.isascii():
                    if len(f) >= 2:
                        latin.setdefault(_SPACES.sub(" ", fold(n, keep_separators=True)).strip(), p.id)
                else:
                    cjk.setdefault(f, p.id)
        self._cjk, self._latin = cjk, latin
        self._cjk_re = _alternation(cjk)
        body = "|".join(re.escape(n) for n in sorted(latin, key=len, reverse=True))
        self._latin_re = re.compile(rf"(?<![a-z0-9])(?:{body})(?![a-z0-9])") if body else None

    def find(self, text: str) -> str | None:
        if self._latin_re is not None and (m := self._latin_re.search(_SPACES.sub(" ", fold(text, keep_separators=True)))):
            return self._latin[m.group()]
        if self._cjk_re is not None and (m := self._cjk_re.search(fold(text))):
            return self._cjk[m.group()]
        return None


_CODE = re.compile(r"^([a-z]*\d+[a-z0-9]*)\b")  # the model code a name starts with: "P65 氮化鎵快充頭"
_SPACES = re.compile(r"\s+")


def _alternation(names: dict[str, str]) -> re.Pattern[str] | None:
    body = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(body) if body else None
