"""Avatar outputs (VTube Studio, VMC, overlay) are cue sinks: see vhost.sinks.base.CueSink."""

from vhost.sinks.base import CueSink

AvatarOutput = CueSink

__all__ = ["AvatarOutput"]
