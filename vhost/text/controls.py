"""Control and invisible format characters out of everything a viewer or operator sends.

Chat text, viewer names and operator lines are spoken, put in prompts and stored in the
transcript and journal. Control characters (C0, C1, DEL) could rewrite a terminal or a
log line; bidi overrides make stored text read differently from what it is; zero-width
characters and Unicode tag characters hide text from people (and filters) but not from a
model. Line breaks and tabs become one space; the rest are removed. The joiners that
emoji and some scripts need (U+200C, U+200D) and variation selectors are kept.
"""

from __future__ import annotations

import re
from dataclasses import replace

from vhost.events import ChatEvent

# terminal escape sequences whole (CSI "ESC [ ... m", OSC "ESC ] ... BEL"), not just their ESC
_ESCAPE = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])|\x9b[0-?]*[ -/]*[@-~]")
_SPACE = re.compile(r"[\t\n\r\v\f\x85\u2028\u2029]+")
_DROP = re.compile(
    "[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f"  # C0 (but the spaces above), DEL, C1
    "\u00ad\u061c\u180e\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f"  # soft hyphen, marks, bidi, invisible operators
    "\ufeff\ufff9-\ufffb"  # BOM / zero-width no-break space, interlinear annotation
    "\U000e0000-\U000e007f]"  # tag characters (invisible ASCII)
)


def strip_controls(text: str) -> str:
    if text.isprintable() and "\u00ad" not in text:
        return text  # the common case: nothing to do (isprintable() is False for Cc, Cf, Zl, Zp)
    return _DROP.sub("", _SPACE.sub(" ", _ESCAPE.sub("", text)))


def clean_event(ev: ChatEvent) -> ChatEvent:
    """The event with its text, viewer name and gift name cleaned (unchanged if already clean)."""
    text = strip_controls(ev.text)
    name = strip_controls(ev.user.name)
    gift = strip_controls(ev.gift_name) if ev.gift_name else ev.gift_name
    if text == ev.text and name == ev.user.name and gift == ev.gift_name:
        return ev
    return replace(ev, text=text, user=replace(ev.user, name=name), gift_name=gift)
