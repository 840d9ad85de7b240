"""Request and response bodies of the control API (pydantic at the edge only)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from vhost.cohost.config import Mode

MAX_LINE = 500


class SayIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str = Field(min_length=1, max_length=MAX_LINE)

    @field_validator("text")
    @classmethod
    def _not_blank(cls, v: str) -> str:
        v = v.strip()
        if not v:
            raise ValueError("blank line")
        return v


class OnAir(BaseModel):
    id: str
    kind: str
    said: list[str]
    reply_to: list[int]


class Next(BaseModel):
    id: str
    kind: str
    reply_to: list[int]
    ready: bool


class Status(BaseModel):
    running: bool
    failed: str | None = None
    program_s: float
    held: bool
    on_air: OnAir | None
    next: list[Next]
    pending: int
    events: int
    utterances: int
    counts: dict[str, int]
    voice: dict[str, Any]
    health: list[dict[str, Any]] = []  # every source connection, LLM backend and voice engine
    orders: dict[str, Any] = {}
    plays: dict[str, Any] = {}  # lottery, bargain ladder, flash sale: running, available, recent
    cohost: dict[str, Any] = {}  # mode, review queue, waiting chat, products, the anchor's input


class Queued(BaseModel):
    queued: bool = True
    text: str


class Accepted(BaseModel):
    accepted: int
    indexes: list[int]
    duplicates: int = 0  # order callbacks already counted (a retry): acknowledged, not counted again


class Stopped(BaseModel):
    stopped: bool
    clean: bool
    program_s: float
    files: dict[str, str]


class TranscriptPage(BaseModel):
    rows: list[dict[str, Any]]
    next_after: str | None  # pass as ?after= to get the rows written since
    total: int


class EventPage(BaseModel):
    rows: list[dict[str, Any]]
    next_after: int | None


class Problem(BaseModel):
    detail: str


# -- co-hosting (server/routes/cohost.py) ----------------------------------------------------
class ModeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    mode: Mode


class EditIn(SayIn):
    pass


class AnswerIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    index: int = Field(ge=0)


class PitchIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    product: str | None = Field(None, max_length=100)


class PinIn(PitchIn):
    pass


class Asked(BaseModel):
    queued: bool = True
    utterance: str
