"""Expected errors: one line for the user, never a traceback."""

from __future__ import annotations


class VhostError(Exception):
    """An expected failure with a message fit for a terminal: what, where, and the fix."""

    def __init__(self, message: str, *, fix: str | None = None) -> None:
        self.message = message
        self.fix = fix
        super().__init__(self.one_line())

    def one_line(self) -> str:
        return f"{self.message} ({self.fix})" if self.fix else self.message


class ConfigError(VhostError):
    """A file or setting the user wrote is wrong."""


class BackendError(VhostError):
    """A backend (LLM, TTS, sink, source) failed; the show decides how to degrade."""


class MissingTool(VhostError):
    """A system program (espeak-ng, ffmpeg) is not installed."""
