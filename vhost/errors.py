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


def require_tool(name: str, package: str | None = None) -> str:
    """Path of a system program, or MissingTool naming the package that brings it."""
    import shutil

    path = shutil.which(name)
    if path is None:
        raise MissingTool(f"{name} is not installed (not on PATH)", fix=f"run: sudo apt-get install {package or name}")
    return path


def first_validation_error(err: object, default: str = "value") -> str:
    """`field.sub: message` for the first error of a pydantic ValidationError."""
    first = err.errors()[0]  # type: ignore[attr-defined]
    loc = ".".join(str(x) for x in first["loc"]) or default
    return f"{loc}: {first['msg']}"
