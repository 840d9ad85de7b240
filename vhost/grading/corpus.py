"""Graded question corpora (personas/corpora/graded/*.jsonl): one labelled viewer question a line.

A line: {"id", "text", "lang", "intent", "product", "context_product", "attribute", "answerable",
"must", "must_not", "topic", "tags"}. `must` lists the facts a correct answer must all contain,
each fact a list of acceptable surface forms; `must_not` the claims that make an answer harmful;
`topic` the words an honest deferral names when the sheet cannot answer. A bad line is reported
as `file:line: message`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from vhost.errors import ConfigError

Intent = Literal[
    "price", "promo", "stock", "spec", "usage", "suitability", "compare", "recommend", "how_to_buy",
    "shipping", "returns", "warranty", "gift", "bundle", "authenticity", "lottery", "bargain", "medical",
    "greeting", "chitchat", "off_topic", "complaint",
]
INTENTS: tuple[str, ...] = Intent.__args__  # type: ignore[attr-defined]
Lang = Literal["zh-Hant", "zh-Hans", "en"]
Facts = list[list[str]]
# fact keys that are not spec keys of a product sheet (spec keys such as 續航, 防水, 容量 are used as they are)
ATTRIBUTE_KEYS: tuple[str, ...] = (
    "價格", "原價", "活動", "庫存", "贈品", "組合", "用法", "成分", "適用", "功效", "比較", "購買", "發貨",
    "退換", "保固", "正品", "抽獎", "砍價", "降噪", "延遲", "補擦", "泛白", "卸妝", "沾杯", "孕婦", "快遞",
)


class GradedItem(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z]{2}-(t|d|h|f)-[0-9]{3,4}$")
    text: str = Field(min_length=1)
    lang: Lang
    intent: Intent
    product: str | list[str] | None = None
    context_product: str | None = None
    attribute: str | None = None
    answerable: bool
    must: Facts = Field(default_factory=list)
    must_not: Facts = Field(default_factory=list)
    topic: list[str] = Field(default_factory=list)
    tags: list[str] = Field(default_factory=list)

    @field_validator("must", "must_not")
    @classmethod
    def _facts(cls, v: Facts) -> Facts:
        for fact in v:
            if not fact or any(not alt.strip() for alt in fact):
                raise ValueError("each fact is a non-empty list of non-empty surface forms")
        return v

    @model_validator(mode="after")
    def _consistent(self) -> GradedItem:
        if not self.answerable and not self.topic:
            raise ValueError("an unanswerable item needs `topic` (what an honest deferral names)")
        if isinstance(self.product, list) and len(self.product) < 2:
            raise ValueError("`product` as a list names two or more products")
        return self

    @property
    def products(self) -> list[str]:
        """The products the question is about: named ones, else the one on stage."""
        if isinstance(self.product, list):
            return list(self.product)
        if self.product:
            return [self.product]
        return [self.context_product] if self.context_product else []


def _error_line(err: ValidationError) -> str:
    first = err.errors()[0]
    where = ".".join(str(p) for p in first["loc"])
    return f"{where}: {first['msg']}" if where else str(first["msg"])


def load_graded(path: str | Path) -> list[GradedItem]:
    """Every item of a graded corpus; the first bad line raises ConfigError naming file:line."""
    p = Path(path)
    try:
        lines = p.read_text(encoding="utf-8").splitlines()
    except OSError as e:
        raise ConfigError(f"{p}: cannot read: {e.strerror or e}") from None
    items: list[GradedItem] = []
    seen: dict[str, int] = {}
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
        except json.JSONDecodeError as e:
            raise ConfigError(f"{p}:{n}: not JSON: {e.msg} (column {e.colno})") from None
        if not isinstance(raw, dict):
            raise ConfigError(f"{p}:{n}: a line must be a JSON object")
        try:
            item = GradedItem.model_validate(raw)
        except ValidationError as e:
            raise ConfigError(f"{p}:{n}: {_error_line(e)}") from None
        if item.id in seen:
            raise ConfigError(f"{p}:{n}: duplicate id {item.id!r} (first on line {seen[item.id]})")
        seen[item.id] = n
        items.append(item)
    if not items:
        raise ConfigError(f"{p}: no items")
    return items
