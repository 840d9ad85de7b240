"""Bilibili live chat: the web danmaku endpoint and the open platform (开放平台)."""

from vhost.sources.bilibili.frame import Frame, decode_frame, parse_frame

__all__ = ["Frame", "decode_frame", "parse_frame"]
