"""Interactive plays in the persona schema: a segment's lottery, a product's bargain ladder and flash sale.

A lottery belongs to a rundown segment (`lottery:` on a segment of kind lottery); a bargain
ladder and a flash sale belong to a product sheet (`bargain:`, `flash:`), so their prices sit
next to the list and promo prices they undercut, and a segment of kind bargain or flash runs
the play of its product. What the host says comes from built-in lines in the language being
spoken; `say:` replaces any of them with a template (vhost.plays.lines lists the variables).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

JoinWay = Literal["keyword", "follow", "medal", "gift"]
LotteryMoment = Literal["open", "countdown", "draw", "winners", "nobody", "redraw", "cancel"]
BargainMoment = Literal["open", "progress", "unlock", "bottom", "end"]
FlashMoment = Literal["open", "stock", "time", "sold_out", "end"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class LotteryPlay(_Strict):
    """A draw among viewers: how to join, how long entries are open, how many win what.

    The seed is drawn from the operating system's CSPRNG when the lottery opens; its sha256
    (the commitment) is published at once, the seed itself only at the draw (README: Lottery)."""

    prize: str = Field(description="what the winners get: one of the sheet's gifts (products[].gifts), as written there")
    product: str | None = Field(None, description="product whose gift the prize is; omitted = any product's gifts")
    winners: int = Field(1, ge=1, le=100, description="how many viewers win")
    window_s: float = Field(120, gt=0, le=86400, description="seconds entries stay open after the lottery opens")
    join: list[JoinWay] = Field(
        default_factory=lambda: ["keyword"], min_length=1,  # type: ignore[arg-type]
        description="ways to enter, any one counts: keyword (send the keyword as danmaku), follow (follow during "
        "the window), medal (any danmaku while wearing the fan medal), gift (a gift of at least min_gift_cny)",
    )
    keyword: str = Field("", max_length=20, description="the danmaku that enters (join: keyword), e.g. 福袋")
    min_gift_cny: float = Field(0.1, ge=0, description="smallest gift, in CNY, that enters (join: gift)")
    medal: str = Field("", max_length=64, description="fan medal name that counts for join/require medal; empty = any medal")
    min_medal_level: int = Field(0, ge=0, description="lowest fan medal level that counts")
    require: list[Literal["follow", "medal"]] = Field(
        default_factory=list, description="what every entrant must also have: follow (a follow seen this show), medal (the fan medal)"
    )
    countdown: list[int] = Field(
        default_factory=lambda: [60, 30, 10], description="seconds before the draw at which the host counts down aloud"
    )
    say: dict[LotteryMoment, str] = Field(default_factory=dict, description="templates replacing built-in lines, by moment")

    @model_validator(mode="after")
    def _keyword(self) -> LotteryPlay:
        if "keyword" in self.join and not self.keyword.strip():
            raise ValueError("join: keyword needs a keyword (the danmaku that enters)")
        if any(m <= 0 for m in self.countdown):
            raise ValueError("countdown marks are seconds before the draw, each above 0")
        return self


GoalKind = Literal["likes", "kan", "gift_cny", "approval"]


class BargainStep(_Strict):
    """One price on the ladder and the one goal that unlocks it (counted from when it became the next step)."""

    price: float = Field(gt=0, description="the price this step unlocks")
    likes: int | None = Field(None, ge=1, description="likes that unlock it")
    kan: int | None = Field(None, ge=1, description="danmaku of the ladder's keyword (砍) that unlock it")
    gift_cny: float | None = Field(None, gt=0, description="gift value in CNY that unlocks it")
    approval: bool = Field(False, description="unlocked by the operator's approval (after a 連麥 call)")

    @model_validator(mode="after")
    def _one_goal(self) -> BargainStep:
        goals = [g for g in ("likes", "kan", "gift_cny") if getattr(self, g) is not None] + (["approval"] if self.approval else [])
        if len(goals) != 1:
            raise ValueError(f"a step needs exactly one goal (likes, kan, gift_cny or approval: true), got {len(goals)}")
        return self

    @property
    def goal(self) -> tuple[GoalKind, float]:
        if self.likes is not None:
            return "likes", float(self.likes)
        if self.kan is not None:
            return "kan", float(self.kan)
        if self.gift_cny is not None:
            return "gift_cny", float(self.gift_cny)
        return "approval", 1.0


class BargainLadder(_Strict):
    """連麥砍價: prices unlocked one after another by the room. The host may say exactly the
    price unlocked last, never a lower one; it applies until the bargain ends."""

    steps: list[BargainStep] = Field(min_length=1, description="prices from the highest down, each below the one before")
    label: str = Field("", max_length=20, description="what the unlocked price is called on air; empty = 砍價價 / bargain price")
    keyword: str = Field("砍", min_length=1, max_length=8, description="the danmaku counted by kan goals")
    say: dict[BargainMoment, str] = Field(default_factory=dict, description="templates replacing built-in lines, by moment")

    @model_validator(mode="after")
    def _descending(self) -> BargainLadder:
        for a, b in zip(self.steps, self.steps[1:], strict=False):
            if b.price >= a.price:
                raise ValueError(f"steps must go down: {b.price:g} after {a.price:g}")
        return self


class FlashSale(_Strict):
    """A timed price with its own stock: it ends when the time is up or the stock is gone."""

    price: float = Field(ge=0, description="the flash price")
    stock: int = Field(ge=1, description="units offered at the flash price")
    label: str = Field("", max_length=20, description="what the price is called on air; empty = 限時秒殺價 / flash price")
    window_s: float | None = Field(None, gt=0, le=86400, description="how long it runs; omitted = its segment's duration")
    say: dict[FlashMoment, str] = Field(default_factory=dict, description="templates replacing built-in lines, by moment")
