"""The persona (IP) schema: pydantic at the edge, extra=forbid everywhere so typos fail lint.

Product facts here are the only source of product claims the host may make. Field
descriptions double as editor help: they are exported to personas/schema.json
(`vhost persona schema`). Templated fields are Jinja2 run in the persona sandbox
(vhost.persona.templates); the variables are listed in vhost.persona.variables.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator, model_validator

from vhost.persona.localtime import local_now, parse_zone
from vhost.persona.plays import BargainLadder, FlashSale, LotteryPlay

Intent = Literal[
    "price", "promo", "stock", "spec", "usage", "suitability", "compare", "recommend", "how_to_buy", "shipping",
    "returns", "warranty", "gift", "bundle", "authenticity", "lottery", "bargain", "medical", "greeting", "chitchat",
    "off_topic", "complaint",
]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _one_or_many(v: Any) -> Any:
    return [v] if isinstance(v, str) else v


class Catchphrase(Strict):
    """A signature line the host drops in now and then."""

    text: str = Field(description="the line (templated)")
    every: int = Field(6, ge=1, description="say it about once every N utterances")


class Identity(Strict):
    """Who the host is and how they talk: this becomes the writer's system prompt."""

    name: str = Field(description="name of the host, e.g. 科技測評官")
    display_name: str = Field("", description="name shown on overlays and in the control room; empty = name")
    languages: list[Literal["zh-Hant", "zh-Hans", "en"]] = Field(
        default_factory=lambda: ["zh-Hant"], min_length=1, description="languages the host speaks, the first is the default",  # type: ignore[arg-type]
    )
    pin_language: bool = Field(False, description="always answer in the first language, whatever the viewer writes")
    character: str = Field("", description="a paragraph on who the host is")
    style: list[str] = Field(default_factory=list, description="style rules for the writer")
    catchphrases: list[Catchphrase] = Field(default_factory=list)
    taboo_topics: list[str] = Field(default_factory=list, description="topics the host declines (chat about them is dropped)")
    max_sentence_chars: int = Field(40, ge=8, le=400, description="longest sentence the host may say, in characters")
    address: str = Field("大家", description="how viewers are addressed: 家人們, 寶寶們, everyone")

    @property
    def shown_name(self) -> str:
        return self.display_name or self.name


class EspeakVoice(Strict):
    """espeak-ng (offline, robotic). Note: `cmn` is broken on Debian 12; keep cmn-latn-pinyin."""

    zh: str = Field("cmn-latn-pinyin", description="espeak-ng voice for Chinese")
    en: str = Field("en-us", description="espeak-ng voice for English")
    speed: int = Field(175, ge=80, le=450, description="words per minute")
    pitch: int = Field(50, ge=0, le=99)


class EdgeVoice(Strict):
    """edge-tts (online, natural). rate/volume like +10% or -5%, pitch like +2Hz."""

    zh: str = Field("zh-TW-HsiaoChenNeural", description="edge-tts voice name for Chinese")
    en: str = Field("en-US-EmmaMultilingualNeural", description="edge-tts voice name for English")
    rate: str = Field("+0%", pattern=r"^[+-]\d+%$")
    pitch: str = Field("+0Hz", pattern=r"^[+-]\d+Hz$")
    volume: str = Field("+0%", pattern=r"^[+-]\d+%$")


class PiperVoice(Strict):
    """piper (offline, natural, English only on these machines)."""

    model: str = Field("en_US-joe-medium", description="piper model name or .onnx path")


class FastSpeech2Voice(Strict):
    """The offline neural Mandarin voice (FastSpeech2, onnxruntime; `vhost voices prepare` builds it).
    Chinese only: English sentences go to the next engine in `order` that speaks English."""

    voice: str | None = Field(None, description="voice name in models/voices/ (default: the default fastspeech2 voice)")
    speed: float = Field(1.0, ge=0.5, le=2.0, description="speaking speed, 1.1 = 10% faster")
    pitch: float = Field(1.0, ge=0.5, le=2.0, description="pitch factor, 1.0 = the voice as trained")
    energy: float = Field(1.0, ge=0.5, le=2.0, description="loudness/emphasis factor")
    threads: int = Field(1, ge=1, le=8, description="CPU threads for synthesis (1 leaves a core to the LLM)")


class VoiceConfig(Strict):
    """Voice per engine; `order` is the failover chain, first healthy engine speaks."""

    order: list[Literal["espeak", "edge", "piper", "fastspeech2"]] = Field(
        default_factory=lambda: ["espeak"], min_length=1, description="engines to try, in order (fallback chain)",  # type: ignore[arg-type]
    )
    espeak: EspeakVoice = Field(default_factory=EspeakVoice)
    edge: EdgeVoice = Field(default_factory=EdgeVoice)
    piper: PiperVoice = Field(default_factory=PiperVoice)
    fastspeech2: FastSpeech2Voice = Field(default_factory=FastSpeech2Voice)


class EmotionMap(Strict):
    """What one emotion or motion name does on each avatar output."""

    vts_hotkey: str | None = Field(None, description="VTube Studio hotkey name to trigger")
    vts_expression: str | None = Field(None, description="VTube Studio expression file, e.g. smile.exp3.json")
    vmc: dict[str, float] = Field(default_factory=dict, description="VRM0 blendshape -> 0..1")

    def empty(self) -> bool:
        return not (self.vts_hotkey or self.vts_expression or self.vmc)

    @field_validator("vmc")
    @classmethod
    def _unit(cls, v: dict[str, float]) -> dict[str, float]:
        for k, x in v.items():
            if not 0.0 <= x <= 1.0:
                raise ValueError(f"blendshape '{k}' must be between 0 and 1, got {x}")
        return v


class AvatarConfig(Strict):
    """Names used by segments, replies and thanks (emotion:, motion:) mapped to avatar actions."""

    emotions: dict[str, EmotionMap] = Field(default_factory=dict, description="emotion name -> expression")
    motions: dict[str, EmotionMap] = Field(default_factory=dict, description="motion name -> hotkey, for pitch moments")


class Promo(Strict):
    """A promotional price, valid from `starts` to `ends` (local time; open-ended when omitted)."""

    price: float = Field(ge=0, description="the promo price")
    starts: datetime | None = Field(None, description="e.g. 2026-12-01 20:00:00")
    ends: datetime | None = None
    label: str = Field("", description="what the promo is called on air, e.g. 直播間專屬價")

    @model_validator(mode="after")
    def _window(self) -> Promo:
        if self.starts is not None and self.ends is not None and self.ends < self.starts:
            raise ValueError("promo ends before it starts")
        return self

    def active(self, at: datetime) -> bool:
        return (self.starts is None or at >= self.starts) and (self.ends is None or at <= self.ends)


class FAQ(Strict):
    """A fact-sheet answer: wins over the LLM when a question matches."""

    q: list[str] = Field(min_length=1, description="keywords or phrases that trigger this answer")
    a: str = Field(description="the answer (templated)")


class Bundle(Strict):
    """A set sold together (爆品+贈品)."""

    name: str
    items: list[str] = Field(default_factory=list, description="what is in the set")
    price: float | None = Field(None, ge=0, description="set price; omitted = the product price")


class Product(Strict):
    """One product sheet. These facts are the only product claims the host may make.

    Under `extends`, products merge by id: a child's keys override the parent product's keys.
    """

    id: str = Field(pattern=r"^[A-Za-z0-9_-]+$", description="stable id used by segments and reply rules")
    name: str
    aliases: list[str] = Field(default_factory=list, description="what viewers call it (耳機, X1)")
    price: float = Field(ge=0, description="list price")
    currency: str = "CNY"
    promo: Promo | None = None
    stock: int | None = Field(None, ge=0, description="units left; omitted = do not talk about stock")
    selling_points: list[str] = Field(default_factory=list, description="the facts the host may state")
    specs: dict[str, str] = Field(default_factory=dict, description="key -> value, e.g. 續航: 30 小時")
    faqs: list[FAQ] = Field(default_factory=list)
    bundles: list[Bundle] = Field(default_factory=list)
    gifts: list[str] = Field(default_factory=list, description="free gifts with an order (贈品)")
    compliance_notes: list[str] = Field(default_factory=list, description="what must (not) be said about it")
    category: Literal["electronics", "cosmetics", "food", "other"] = "other"
    bargain: BargainLadder | None = Field(None, description="連麥砍價 ladder, run by a segment of kind bargain on this product")
    flash: FlashSale | None = Field(None, description="flash sale (price and stock), run by a segment of kind flash on this product")

    @field_validator("specs", mode="before")
    @classmethod
    def _spec_text(cls, v: Any) -> Any:
        """`藍牙: 5.3` is a float in YAML; a spec is text, so scalars are taken as written."""
        if isinstance(v, dict):
            return {str(k): (str(x) if isinstance(x, (int, float)) and not isinstance(x, bool) else x) for k, x in v.items()}
        return v

    def price_at(self, at: datetime | None = None) -> float:
        if self.promo is not None and self.promo.active(at or datetime.now()):
            return self.promo.price
        return self.price


SegmentKind = Literal["opening", "pitch", "qa", "lottery", "bargain", "flash", "theme", "closing", "break"]


class Segment(Strict):
    """One block of the rundown: opening, pitch, Q&A, lottery, 連麥砍價, flash sale, theme, closing."""

    id: str = Field(description="unique within the rundown")
    kind: SegmentKind = Field("pitch", description="what the block is for")
    title: str = Field("", description="shown in the control room and preview")
    duration_s: float = Field(300, gt=0, le=86400, description="how long the block runs, seconds")
    loop_script: bool = Field(
        False, description="say the script again from the top when it runs out (otherwise quiet lines fill the rest)"
    )
    product: str | None = Field(None, description="id of the product on stage during this block")
    script: list[str] = Field(default_factory=list, description="templated lines said in order")
    chat: Literal["all", "questions", "paid", "none"] = Field(
        "all", description="which chat is answered during the block: all, questions only, paid only, none"
    )
    quiet: list[str] = Field(default_factory=list, description="templated lines for when chat is quiet")
    emotion: str | None = Field(None, description="avatar emotion while the block runs (a key of avatar.emotions)")
    motion: str | None = Field(None, description="avatar motion at the start of the block (a key of avatar.motions)")
    lottery: LotteryPlay | None = Field(None, description="the lottery this block opens (kind: lottery)")


class Rundown(Strict):
    """The program: segments in order; with loop: true it restarts after the last (overnight shows).

    Under `extends`, a child's rundown replaces the parent's whole segment list.
    """

    loop: bool = True
    segments: list[Segment] = Field(default_factory=list)

    @property
    def total_s(self) -> float:
        return sum(s.duration_s for s in self.segments)


class ReplyRule(Strict):
    """A canned answer that wins over the LLM when chat matches a keyword or the regex.

    Under `extends`, a child's rule replaces the parent's rule with the same id.
    """

    id: str
    keywords: list[str] = Field(default_factory=list, description="match when the message contains any (folded)")
    regex: str | None = Field(None, max_length=300, description="Python regex, searched in the message")
    reply: str = Field(description="the answer (templated)")
    product: str | None = Field(None, description="product id this rule is about; omitted = the one on stage")
    intent: Intent | None = Field(
        None, description="what the rule answers (price, shipping, ...): a matched rule gives way when the question "
        "is understood as something else; omitted = taken from the id when the id names an intent (how-to-buy)",
    )
    emotion: str | None = None

    @field_validator("regex")
    @classmethod
    def _compiles(cls, v: str | None) -> str | None:
        if v is not None:
            try:
                re.compile(v)
            except re.error as e:
                raise ValueError(f"regex does not compile: {e}") from None
        return v

    @model_validator(mode="after")
    def _has_trigger(self) -> ReplyRule:
        if not self.keywords and not self.regex:
            raise ValueError("a reply rule needs keywords or regex")
        return self


class ThanksTier(Strict):
    """A thank-you for gifts worth at least `min_cny`; the highest tier reached is used."""

    min_cny: float = Field(0, ge=0, description="gift value (CNY) from which this tier applies")
    template: str = Field(description="the thank-you line (templated: viewer, gift, count, total)")
    emotion: str | None = None
    motion: str | None = None


class Compliance(Strict):
    """What the host must never say. Under `extends`, banned and include are unions with the parent's."""

    banned: list[str] = Field(default_factory=list, description="banned words and phrases (folded: 國家級 also bans 国家级)")
    include: list[str] = Field(
        default_factory=list,
        description="files of banned terms, one a line ('#' comments, '!term' allowed compound), relative to this file",
    )
    replacements: dict[str, str] = Field(default_factory=dict, description="banned term -> what to say instead")
    medical_claims: bool = Field(False, description="allow health/medical efficacy claims (never for cosmetics)")
    operator_lines: Literal["warn", "block"] = "warn"


class Persona(Strict):
    """A host persona (IP). Merge rules under `extends`: mappings merge key by key (the child wins),
    lists are replaced, except products and replies (merged by id) and compliance.banned/include (unions)."""

    id: str = Field(pattern=r"^[A-Za-z0-9_.-]+$")
    extends: list[str] = Field(
        default_factory=list, description="persona files (relative to this one) whose keys this file overrides"
    )
    identity: Identity
    voice: VoiceConfig = Field(default_factory=VoiceConfig)
    avatar: AvatarConfig = Field(default_factory=AvatarConfig)
    products: list[Product] = Field(default_factory=list, description="product sheets; merged by id under extends")
    rundown: Rundown = Field(default_factory=Rundown)
    replies: list[ReplyRule] = Field(default_factory=list, description="canned replies; merged by id under extends")
    thanks: list[ThanksTier] = Field(default_factory=list, description="thank-you tiers by gift value")
    compliance: Compliance = Field(default_factory=Compliance)
    holding: list[str] = Field(default_factory=list, description="lines for when the writer has nothing safe to say")
    fillers: list[str] = Field(default_factory=list, description="lines for quiet moments outside any segment")
    timezone: str = Field(
        "",
        description="the audience's time zone, an IANA name (Asia/Shanghai) or an offset (UTC+8): promo windows, "
        "prices and the time of day (早安 / 晚上好) are read on its clock; empty: the machine's",
    )
    editions: dict[Literal["zh-Hant", "zh-Hans", "en"], str] = Field(
        default_factory=dict,
        description="the same IP in another language: language -> persona file (relative to this one). Viewers who "
        "write in that language are answered from the edition's product text, rules and lines; prices, stock and "
        "promos must agree (lint checks)",
    )
    _editions: dict[str, Persona] = PrivateAttr(default_factory=dict)

    _one = field_validator("extends", mode="before")(_one_or_many)

    @field_validator("timezone")
    @classmethod
    def _zone(cls, v: str) -> str:
        if v:
            parse_zone(v)
        return v

    def now(self) -> datetime:
        """Now on the audience's wall clock (`timezone`), as the sheet's promo times are written."""
        return local_now(self.timezone)

    def edition(self, lang: str) -> Persona:
        """The persona to speak `lang` with: the edition for that language, else this one."""
        if lang in self._editions:
            return self._editions[lang]
        fam = "en" if lang == "en" else "zh"
        first = self.identity.languages[0] if self.identity.languages else "zh-Hant"
        if ("en" if first == "en" else "zh") == fam:
            return self
        return next((v for k, v in self._editions.items() if ("en" if k == "en" else "zh") == fam), self)

    def attach_editions(self, editions: dict[str, Persona]) -> None:
        self._editions = dict(editions)

    def product(self, pid: str | None) -> Product | None:
        if pid is None:
            return None
        return next((p for p in self.products if p.id == pid), None)

    def bundle_saving(self, b: Bundle, at: datetime | None = None) -> float | None:
        """What the set saves against buying its items one by one at today's prices (None when an item
        is not one of the persona's products, or the set saves nothing)."""
        items = self.bundle_items(b)
        if b.price is None or not items or any(p is None for p in items):
            return None
        saved = round(sum(p.price_at(at) for p in items if p is not None) - b.price, 2)
        return saved if saved > 0 else None

    def bundles_with(self, p: Product) -> list[Bundle]:
        """The sets a product is sold in: its own, and another product's set that holds it (the phone's set, the charger)."""
        return [b for q in self.products for b in q.bundles if q.id == p.id or p in self.bundle_items(b)]

    def bundle_holding(self, pids: Iterable[str]) -> Bundle | None:
        """The sheet's set that holds every one of these products, if there is one."""
        wanted = [p for x in pids if (p := self.product(x)) is not None]
        if not wanted:
            return None
        return next((b for b in self.bundles_with(wanted[0]) if all(p in self.bundle_items(b) for p in wanted)), None)

    def bundle_items(self, b: Bundle) -> list[Product | None]:
        """The set's items as the persona's products, by name or alias (None for one it does not sell)."""
        return [next((p for p in self.products if item in (p.name, *p.aliases)), None) for item in b.items]
