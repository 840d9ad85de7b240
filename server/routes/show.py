"""The co-hosting controls: what is on air, and the operator's hand on it."""

from __future__ import annotations

from fastapi import APIRouter

from server.control import Control
from server.deps import Authorized, ControlDep
from server.models import Queued, SayIn, Status, Stopped

router = APIRouter(tags=["show"], dependencies=[Authorized])


@router.get("/status", response_model=Status)
async def read_status(control: ControlDep) -> Status:
    return _status(control)


@router.post("/say", response_model=Queued)
async def create_say(body: SayIn, control: ControlDep) -> Queued:
    """The operator's typed line, spoken next (before any prepared AI line)."""
    control.say(body.text)
    return Queued(text=body.text)


def _status(control: Control) -> Status:
    return Status.model_validate(control.status())


@router.post("/takeover", response_model=Status)
async def create_takeover(control: ControlDep) -> Status:
    """Cut the voice now (faded) and hold the AI: only operator lines are spoken until resume."""
    control.take_over()
    return _status(control)


@router.post("/resume", response_model=Status)
async def create_resume(control: ControlDep) -> Status:
    control.resume()
    return _status(control)


@router.post("/skip", response_model=Status)
async def create_skip(control: ControlDep) -> Status:
    """Drop what is on air now; the next utterance follows."""
    control.skip()
    return _status(control)


@router.post("/stop", response_model=Stopped)
async def create_stop(control: ControlDep) -> Stopped:
    """End the show; answers once program.wav, transcript, cues and events are complete."""
    clean = await control.stop()
    out = control.show.config.out
    files = {n: str(out / n) for n in ("program.wav", "transcript.jsonl", "cues.jsonl", "events.jsonl")}
    return Stopped(stopped=not control.running, clean=clean, program_s=round(control.show.stage.program_s, 3), files=files)
