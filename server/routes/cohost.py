"""Co-hosting from the console: the mode, the review queue, answer this message, pin the
product, pitch now, and the console page's microphone as the anchor's voice."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

from fastapi import APIRouter, HTTPException, WebSocket, WebSocketDisconnect, status
from fastapi.responses import FileResponse

from server.control import Control, ShowNotRunning
from server.deps import Authorized, ControlDep, token_ok
from server.models import AnswerIn, Asked, EditIn, ModeIn, PinIn, PitchIn
from vhost.cohost.host import Cohost
from vhost.cohost.review import ReviewError

router = APIRouter(tags=["co-hosting"], dependencies=[Authorized])
public = APIRouter(tags=["co-hosting"])
SCRIPT = Path(__file__).resolve().parent.parent / "static" / "cohost.js"
MAX_FRAME = 1 << 16  # bytes of PCM in one microphone message (~0.7 s at 48 kHz)


def _cohost(control: Control) -> Cohost:
    if not control.running:
        raise ShowNotRunning
    return control.show.cohost


@router.get("/cohost")
async def read_cohost(control: ControlDep) -> dict[str, Any]:
    """Mode, lines waiting for review, chat waiting for an answer, products, the anchor's input."""
    return control.show.cohost.snapshot()


@router.post("/mode")
async def update_mode(body: ModeIn, control: ControlDep) -> dict[str, Any]:
    _cohost(control).set_mode(body.mode)
    return {"mode": body.mode}


def _decide(control: Control, item_id: str, action: str, text: str | None = None) -> dict[str, Any]:
    review = _cohost(control).review
    try:
        if action == "approve":
            review.approve(item_id)
        elif action == "reject":
            review.reject(item_id)
        else:
            line = review.edit(item_id, text or "")
            return {"id": item_id, "decision": "edit", "text": line.text}
    except ReviewError as e:
        code = status.HTTP_422_UNPROCESSABLE_CONTENT if e.reasons else status.HTTP_404_NOT_FOUND
        raise HTTPException(code, str(e)) from None
    return {"id": item_id, "decision": action}


@router.post("/review/{item_id}/approve")
async def create_approval(item_id: str, control: ControlDep) -> dict[str, Any]:
    return _decide(control, item_id, "approve")


@router.post("/review/{item_id}/reject")
async def create_rejection(item_id: str, control: ControlDep) -> dict[str, Any]:
    return _decide(control, item_id, "reject")


@router.post("/review/{item_id}/edit")
async def create_edit(item_id: str, body: EditIn, control: ControlDep) -> dict[str, Any]:
    """The edited line replaces the AI's once the guard passes it (422 with the reasons if not)."""
    return _decide(control, item_id, "edit", body.text)


@router.post("/answer", response_model=Asked)
async def create_answer(body: AnswerIn, control: ControlDep) -> Asked:
    """Answer this waiting chat message next (before any other AI line)."""
    uid = _cohost(control).answer(body.index)
    if uid is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"index: message #{body.index} is not waiting for an answer")
    return Asked(utterance=uid)


@router.post("/pitch", response_model=Asked)
async def create_pitch(body: PitchIn, control: ControlDep) -> Asked:
    """Pitch a product next: the one given, else the pinned one, else the one on stage."""
    cohost = _cohost(control)
    if body.product is not None and control.show.persona.product(body.product) is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"product: no product {body.product!r} in the persona")
    uid = cohost.pitch(body.product)
    if uid is None:
        raise HTTPException(status.HTTP_409_CONFLICT, "product: none given, none pinned and none on stage")
    return Asked(utterance=uid)


@router.post("/pin")
async def create_pin(body: PinIn, control: ControlDep) -> dict[str, Any]:
    """The product on stage until unpinned (product: null)."""
    if body.product is not None and control.show.persona.product(body.product) is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"product: no product {body.product!r} in the persona")
    _cohost(control).pin(body.product)
    return {"pinned": body.product}


@public.get("/cohost.js", include_in_schema=False)
async def read_script() -> FileResponse:
    return FileResponse(SCRIPT, media_type="text/javascript", headers={"Cache-Control": "no-store"})


@public.websocket("/api/anchor/audio")
async def anchor_audio(ws: WebSocket) -> None:
    """The console's microphone: binary messages of s16le mono PCM at ?rate= (default 48000),
    for a show started with --anchor-audio console:."""
    if not token_ok(ws.app.state.settings, ws.query_params.get("token")):
        await ws.close(code=status.WS_1008_POLICY_VIOLATION, reason="missing or wrong token")
        return
    control: Control | None = getattr(ws.app.state, "control", None)
    source = control.show.cohost.console_source() if control is not None else None
    await ws.accept()
    if source is None:
        await ws.close(code=status.WS_1008_POLICY_VIOLATION, reason="the show was not started with --anchor-audio console:")
        return
    try:
        rate = int(ws.query_params.get("rate", "48000"))
    except ValueError:
        rate = 0
    if not 8000 <= rate <= 96000:
        await ws.close(code=status.WS_1003_UNSUPPORTED_DATA, reason="rate: 8000..96000")
        return
    source.peers += 1
    try:
        while True:
            msg = await ws.receive()
            if msg["type"] == "websocket.disconnect":
                break
            data = msg.get("bytes")
            if data:
                if len(data) > MAX_FRAME:
                    await ws.close(code=status.WS_1009_MESSAGE_TOO_BIG, reason=f"at most {MAX_FRAME} bytes a message")
                    break
                source.feed(data, rate, peer=id(ws))
    except WebSocketDisconnect:
        pass
    finally:
        source.peers -= 1
        with contextlib.suppress(Exception):
            await ws.close()
