"""The guard: every sentence is checked before it reaches TTS."""

from vhost.guard.guard import Guard, Verdict

__all__ = ["Guard", "Verdict"]
