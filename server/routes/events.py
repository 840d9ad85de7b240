"""Chat pushed in by other programs, and the ledger: every event with its fate."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request, status

from server.deps import Authorized, ControlDep
from server.models import Accepted, EventPage
from vhost.sources.push import MAX_BODY, PushError, parse_push_body

router = APIRouter(tags=["events"], dependencies=[Authorized])


@router.post("/events", response_model=Accepted)
async def create_events(request: Request, control: ControlDep) -> Accepted:
    """One event or a JSON list in the replay-line format; all or nothing. An order callback
    sent again (same order id) is answered the same and counted once (``duplicates``)."""
    body = await _read_bounded(request)
    try:
        events = parse_push_body(body)
    except PushError as e:
        raise HTTPException(status.HTTP_400_BAD_REQUEST, str(e)) from None
    indexes, duplicates = control.push(events)
    return Accepted(accepted=len(indexes), indexes=indexes, duplicates=duplicates)


async def _read_bounded(request: Request) -> bytes:
    """The body, refused with 413 once it passes MAX_BODY (never buffered beyond that)."""
    too_big = HTTPException(status.HTTP_413_CONTENT_TOO_LARGE, f"body: larger than {MAX_BODY} bytes")
    if int(request.headers.get("content-length") or 0) > MAX_BODY:
        raise too_big
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY:
            raise too_big
        chunks.append(chunk)
    return b"".join(chunks)


@router.get("/events", response_model=EventPage)
async def read_events(
    control: ControlDep,
    after: Annotated[int, Query(ge=-1, description="index of the last event already seen")] = -1,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> EventPage:
    rows = control.show.journal.events_after(after, limit)  # an indexed read, whatever the show's length
    return EventPage(rows=rows, next_after=rows[-1]["index"] if rows else (after if after >= 0 else None))


@router.get("/events/counts", response_model=dict[str, int])
async def read_event_counts(control: ControlDep) -> dict[str, int]:
    return control.show.ledger.counts()
