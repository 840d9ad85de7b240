"""What was said so far, as written to transcript.jsonl (only what listeners actually heard)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, status

from server.deps import Authorized, ControlDep
from server.models import TranscriptPage

router = APIRouter(tags=["transcript"], dependencies=[Authorized])


@router.get("/transcript", response_model=TranscriptPage)
async def read_transcript(
    control: ControlDep,
    after: Annotated[str | None, Query(max_length=64, description="id of the last row already seen")] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> TranscriptPage:
    for row in control.tail.poll():  # rows read here first still go out on the live feed
        control.hub.publish({"type": "transcript", "row": row})
    rows = control.tail.after(after, limit)
    if rows is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"after: no transcript row with id {after!r} in this show")
    return TranscriptPage(rows=rows, next_after=rows[-1]["id"] if rows else after, total=control.tail.total)
