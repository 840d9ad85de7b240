"""The audience's wall clock.

A persona's promo windows are written in local time (`starts: 2026-12-01 20:00:00`), and the host says
早安 / 晚上好 by the hour. A show often runs on a machine set to UTC (a server, a container) for an audience
eight hours ahead: read by the machine's clock, a promo would start at 4 a.m. Beijing time and the host
would greet an afternoon room with 早安. A persona's `timezone` names the audience's zone; these helpers
read the time there, as the naive local datetimes the sheet's windows are compared with.
"""

from __future__ import annotations

import functools
import re
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

_OFFSET = re.compile(r"^(?:UTC|GMT)?\s*([+-])(\d{1,2})(?::?(\d{2}))?$", re.I)


@functools.lru_cache(maxsize=32)
def parse_zone(name: str) -> tzinfo:
    """An IANA name ("Asia/Shanghai") or a fixed offset ("UTC+8", "+08:00"); ValueError says which forms work."""
    m = _OFFSET.match(name.strip())
    if m:
        sign, hours, minutes = m.group(1), int(m.group(2)), int(m.group(3) or 0)
        if hours > 14 or minutes >= 60:
            raise ValueError(f"time zone offset out of range: {name!r}")
        delta = timedelta(hours=hours, minutes=minutes)
        return timezone(-delta if sign == "-" else delta)
    if name.strip().upper() in ("UTC", "GMT", "Z"):
        return UTC
    try:
        return ZoneInfo(name.strip())
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown time zone {name!r}: use an IANA name such as Asia/Shanghai or an offset such as UTC+8") from None


def local_now(zone: str = "") -> datetime:
    """Now on the audience's wall clock, naive (as the sheet's promo times are written); the machine's when empty."""
    if not zone:
        return datetime.now()
    return datetime.now(parse_zone(zone)).replace(tzinfo=None)
