"""Interactive plays run by the host: 盲盒抽獎 lottery, 連麥砍價 bargain ladder, flash sales with live stock."""

from vhost.plays.live import LiveFacts, LivePrice, live_product
from vhost.plays.runner import PlayError, PlayLine, Plays

__all__ = ["LiveFacts", "LivePrice", "PlayError", "PlayLine", "Plays", "live_product"]
