"""The persona (IP) schema: pydantic at the edge, extra=forbid everywhere so typos fail lint.

Product facts here are the only source of product claims the host may make.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Catchphrase(Strict):
    text: str
    every: int = Field(6, ge=1, description="say it about once every N utterances")


class Identity(Strict):
    name: str = Field(description="display name of the host, e.g. 科技測評官")
    languages: list[Literal["zh-Hant", "zh-Hans", "en"]] = Field(default_factory=lambda: ["zh-Hant"])
    pin_language: bool = Field(False, description="always answer in the first language, whatever the viewer writes")
    character: str = Field("", description="a paragraph on who the host is")
    style: list[str] = Field(default_factory=list, description="style rules for the writer")
    catchphrases: list[Catchphrase] = Field(default_factory=list)
    taboo_topics: list[str] = Field(default_factory=list)
    max_sentence_chars: int = Field(40, ge=8, le=400)
    address: str = Field("大家", description="how viewers are addressed: 家人們, 寶寶們, everyone")


class EspeakVoice(Strict):
    zh: str = "cmn-latn-pinyin"
    en: str = "en-us"
    speed: int = Field(175, ge=80, le=450, description="words per minute")
    pitch: int = Field(50, ge=0, le=99)


class EdgeVoice(Strict):
    zh: str = "zh-TW-HsiaoChenNeural"
    en: str = "en-US-EmmaMultilingualNeural"
    rate: str = Field("+0%", pattern=r"^[+-]\d+%$")
    pitch: str = Field("+0Hz", pattern=r"^[+-]\d+Hz$")
    volume: str = Field("+0%", pattern=r"^[+-]\d+%$")


class PiperVoice(Strict):
    model: str = "en_US-joe-medium"


class VoiceConfig(Strict):
    order: list[Literal["espeak", "edge", "piper"]] = Field(default_factory=lambda: ["espeak"], min_length=1)
    espeak: EspeakVoice = Field(default_factory=EspeakVoice)
    edge: EdgeVoice = Field(default_factory=EdgeVoice)
    piper: PiperVoice = Field(default_factory=PiperVoice)


class EmotionMap(Strict):
    vts_hotkey: str | None = None
    vts_expression: str | None = None
    vmc: dict[str, float] = Field(default_factory=dict, description="VRM0 blendshape -> 0..1")


class AvatarConfig(Strict):
    emotions: dict[str, EmotionMap] = Field(default_factory=dict)
    motions: dict[str, EmotionMap] = Field(default_factory=dict)


class Promo(Strict):
    price: float = Field(ge=0)
    starts: datetime | None = None
    ends: datetime | None = None
    label: str = ""

    def active(self, at: datetime) -> bool:
        return (self.starts is None or at >= self.starts) and (self.ends is None or at <= self.ends)


class FAQ(Strict):
    q: list[str] = Field(min_length=1, description="keywords or phrases that trigger this answer")
    a: str


class Bundle(Strict):
    name: str
    items: list[str] = Field(default_factory=list)
    price: float | None = Field(None, ge=0)


class Product(Strict):
    id: str = Field(pattern=r"^[A-Za-z0-9_-]+$")
    name: str
    aliases: list[str] = Field(default_factory=list)
    price: float = Field(ge=0)
    currency: str = "CNY"
    promo: Promo | None = None
    stock: int | None = Field(None, ge=0)
    selling_points: list[str] = Field(default_factory=list)
    specs: dict[str, str] = Field(default_factory=dict)
    faqs: list[FAQ] = Field(default_factory=list)
    bundles: list[Bundle] = Field(default_factory=list)
    gifts: list[str] = Field(default_factory=list)
    compliance_notes: list[str] = Field(default_factory=list)
    category: Literal["electronics", "cosmetics", "food", "other"] = "other"

    def price_at(self, at: datetime | None = None) -> float:
        if self.promo is not None and self.promo.active(at or datetime.now()):
            return self.promo.price
        return self.price


SegmentKind = Literal["opening", "pitch", "qa", "lottery", "bargain", "theme", "closing", "break"]


class Segment(Strict):
    id: str
    kind: SegmentKind = "pitch"
    duration_s: float = Field(300, gt=0, le=86400)
    product: str | None = None
    script: list[str] = Field(default_factory=list, description="templated lines said in order")
    chat: Literal["all", "questions", "paid", "none"] = "all"
    quiet: list[str] = Field(default_factory=list, description="templated lines for when chat is quiet")
    emotion: str | None = None
    motion: str | None = None


class Rundown(Strict):
    loop: bool = True
    segments: list[Segment] = Field(default_factory=list)


class ReplyRule(Strict):
    id: str
    keywords: list[str] = Field(default_factory=list)
    regex: str | None = None
    reply: str
    product: str | None = None
    emotion: str | None = None

    @model_validator(mode="after")
    def _has_trigger(self) -> ReplyRule:
        if not self.keywords and not self.regex:
            raise ValueError("a reply rule needs keywords or regex")
        return self


class ThanksTier(Strict):
    min_cny: float = Field(0, ge=0)
    template: str
    emotion: str | None = None
    motion: str | None = None


class Compliance(Strict):
    banned: list[str] = Field(default_factory=list)
    include: list[str] = Field(default_factory=list, description="files of banned terms, one a line")
    replacements: dict[str, str] = Field(default_factory=dict)
    medical_claims: bool = Field(False, description="allow health/medical efficacy claims (never for cosmetics)")
    operator_lines: Literal["warn", "block"] = "warn"


class Persona(Strict):
    id: str = Field(pattern=r"^[A-Za-z0-9_.-]+$")
    extends: list[str] = Field(default_factory=list)
    identity: Identity
    voice: VoiceConfig = Field(default_factory=VoiceConfig)
    avatar: AvatarConfig = Field(default_factory=AvatarConfig)
    products: list[Product] = Field(default_factory=list)
    rundown: Rundown = Field(default_factory=Rundown)
    replies: list[ReplyRule] = Field(default_factory=list)
    thanks: list[ThanksTier] = Field(default_factory=list)
    compliance: Compliance = Field(default_factory=Compliance)
    holding: list[str] = Field(default_factory=list, description="lines for when the writer has nothing safe to say")
    fillers: list[str] = Field(default_factory=list, description="lines for quiet moments outside any segment")

    def product(self, pid: str | None) -> Product | None:
        if pid is None:
            return None
        return next((p for p in self.products if p.id == pid), None)
