"""IRCv3 line parsing (tags, prefix, command, params) and a bounded line splitter for
text that arrives in arbitrary WebSocket frames."""

from __future__ import annotations

from dataclasses import dataclass, field

MAX_LINE = 16 * 1024  # Twitch lines are at most ~8 KiB with tags; longer is garbage
_UNESCAPE = {":": ";", "s": " ", "\\": "\\", "r": "\r", "n": "\n"}


def unescape(value: str) -> str:
    """IRCv3 tag-value unescaping; an unknown escape drops the backslash, a trailing one is dropped."""
    if "\\" not in value:
        return value
    out = []
    i = 0
    n = len(value)
    while i < n:
        c = value[i]
        if c == "\\":
            if i + 1 < n:
                nxt = value[i + 1]
                out.append(_UNESCAPE.get(nxt, nxt))
            i += 2
        else:
            out.append(c)
            i += 1
    return "".join(out)


@dataclass(frozen=True, slots=True)
class IrcMessage:
    command: str
    params: list[str] = field(default_factory=list)
    tags: dict[str, str] = field(default_factory=dict)
    prefix: str = ""

    @property
    def nick(self) -> str:
        return self.prefix.split("!", 1)[0].split("@", 1)[0]

    @property
    def trailing(self) -> str:
        return self.params[-1] if self.params else ""


def parse_line(line: str) -> IrcMessage | None:
    """One line without its CRLF; None for an empty or unparsable line."""
    line = line.strip("\r\n")
    if not line or len(line) > MAX_LINE:
        return None
    tags: dict[str, str] = {}
    if line[0] == "@":
        raw, _, line = line[1:].partition(" ")
        for item in raw.split(";"):
            if item:
                k, _, v = item.partition("=")  # a value may itself contain '='
                tags[k] = unescape(v)
    line = line.lstrip(" ")
    prefix = ""
    if line.startswith(":"):
        prefix, _, line = line[1:].partition(" ")
        line = line.lstrip(" ")
    if not line:
        return None
    head, sep, trailing = line.partition(" :")
    parts = head.split()
    if not parts:
        return None
    if head.startswith(":"):  # "CMD" missing, the line is only a trailing part
        return None
    params = parts[1:]
    if sep:
        params.append(trailing)
    return IrcMessage(parts[0].upper(), params, tags, prefix)


class LineBuffer:
    """Joins frames and splits on CRLF (or LF); keeps at most MAX_LINE of an unfinished line."""

    def __init__(self) -> None:
        self._rest = ""
        self.dropped = 0

    def feed(self, text: str) -> list[str]:
        data = self._rest + text
        lines = data.split("\n")
        self._rest = lines.pop()
        if len(self._rest) > MAX_LINE:
            self._rest = ""
            self.dropped += 1
        return [ln.rstrip("\r") for ln in lines if ln.strip("\r")]
