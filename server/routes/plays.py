"""The plays from the console: start, extend, cancel and redraw a lottery; run and approve a
bargain ladder; start and stop a flash sale. A control that does not apply now is a 409."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, HTTPException, status
from pydantic import BaseModel, ConfigDict, Field

from server.deps import Authorized, ControlDep
from vhost.plays import PlayError, Plays

router = APIRouter(prefix="/plays", tags=["plays"], dependencies=[Authorized])


class LotteryStart(BaseModel):
    model_config = ConfigDict(extra="forbid")
    segment: str | None = Field(None, max_length=128, description="the rundown segment whose lottery to open; omitted = the first")


class Extend(BaseModel):
    model_config = ConfigDict(extra="forbid")
    seconds: float = Field(30, gt=0, le=3600)


class Redraw(BaseModel):
    model_config = ConfigDict(extra="forbid")
    winner: str = Field(min_length=1, max_length=200, description="the absent winner: entrant key, user id or name")


class ProductPick(BaseModel):
    model_config = ConfigDict(extra="forbid")
    product: str | None = Field(None, max_length=128, description="product id; omitted = the first with this play")


def _do(control: Any, act: Callable[[Plays], object]) -> dict[str, Any]:
    plays: Plays = control.plays()
    try:
        act(plays)
    except PlayError as e:
        raise HTTPException(status.HTTP_409_CONFLICT, e.one_line()) from None
    return plays.snapshot()


@router.get("", response_model=dict[str, Any])
async def read_plays(control: ControlDep) -> dict[str, Any]:
    """The running plays (lottery, bargain, flash), what can be started, and the last ones."""
    return control.show.plays.snapshot()


@router.post("/lottery/start", response_model=dict[str, Any])
async def start_lottery(control: ControlDep, body: LotteryStart | None = None) -> dict[str, Any]:
    """Open a lottery now (its commitment is published at once)."""
    return _do(control, lambda p: p.start_lottery(body.segment if body else None))


@router.post("/lottery/extend", response_model=dict[str, Any])
async def extend_lottery(control: ControlDep, body: Extend | None = None) -> dict[str, Any]:
    return _do(control, lambda p: p.extend_lottery(body.seconds if body else 30.0))


@router.post("/lottery/cancel", response_model=dict[str, Any])
async def cancel_lottery(control: ControlDep) -> dict[str, Any]:
    """Close the open lottery without a draw (its seed is published with the cancellation)."""
    return _do(control, lambda p: p.cancel_lottery())


@router.post("/lottery/redraw", response_model=dict[str, Any])
async def redraw_lottery(body: Redraw, control: ControlDep) -> dict[str, Any]:
    """A winner did not answer: recorded as absent, and the next pick from the same seed wins."""
    return _do(control, lambda p: p.redraw(body.winner))


@router.post("/bargain/start", response_model=dict[str, Any])
async def start_bargain(control: ControlDep, body: ProductPick | None = None) -> dict[str, Any]:
    return _do(control, lambda p: p.start_bargain(body.product if body else None))


@router.post("/bargain/approve", response_model=dict[str, Any])
async def approve_bargain(control: ControlDep) -> dict[str, Any]:
    """Unlock the next step now (the operator's approval after a 連麥 call)."""
    return _do(control, lambda p: p.approve())


@router.post("/bargain/stop", response_model=dict[str, Any])
async def stop_bargain(control: ControlDep) -> dict[str, Any]:
    return _do(control, lambda p: p.stop_bargain())


@router.post("/flash/start", response_model=dict[str, Any])
async def start_flash(control: ControlDep, body: ProductPick | None = None) -> dict[str, Any]:
    return _do(control, lambda p: p.start_flash(body.product if body else None))


@router.post("/flash/stop", response_model=dict[str, Any])
async def stop_flash(control: ControlDep) -> dict[str, Any]:
    return _do(control, lambda p: p.stop_flash())
