"""盲盒抽獎: entries, eligibility and a draw anyone can verify.

The draw (algorithm "vhost-lottery-v1", README: Lottery):
- seed: 32 bytes from the operating system's CSPRNG (`secrets.token_bytes`), drawn when the
  lottery opens; commitment = sha256(seed), hex, published at once (lottery.jsonl, overlay,
  console). The seed is revealed at the draw.
- entrants: the eligible entrants' keys ("platform:user id"), deduplicated and sorted by
  their UTF-8 bytes.
- picks: for counter k = 0, 1, 2, ...: h = sha256(seed || "vhost-lottery" || k as 8 bytes
  big-endian), x = h as a 256-bit big-endian integer; with n entrants left, x is rejected
  when x >= floor(2^256 / n) * n (no modulo bias), else entrant x mod n is picked and
  removed. The first `winners` picks win; each redraw of an absent winner is the next pick.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from vhost.events import ChatEvent, EventKind
from vhost.persona.plays import LotteryPlay
from vhost.text.fold import fold

ALGORITHM = "vhost-lottery-v1"
MAX_ENTRIES = 200_000  # one lottery's entrants (memory bound); later arrivals are counted as full
_TAG = b"vhost-lottery"
_SPACE = 1 << 256


def commitment(seed: bytes) -> str:
    return hashlib.sha256(seed).hexdigest()


def picks(seed: bytes, entrants: Iterable[str]) -> Iterator[str]:
    """Every pick in order (winners first, then redraws) from the sorted, deduplicated entrants."""
    pool = sorted(set(entrants), key=lambda k: k.encode("utf-8"))
    k = 0
    while pool:
        n = len(pool)
        while True:
            x = int.from_bytes(hashlib.sha256(seed + _TAG + k.to_bytes(8, "big")).digest(), "big")
            k += 1
            if x < (_SPACE // n) * n:
                break
        yield pool.pop(x % n)


def draw(seed: bytes, entrants: Iterable[str], count: int) -> list[str]:
    out: list[str] = []
    for key in picks(seed, entrants):
        if len(out) >= count:
            break
        out.append(key)
    return out


def verify(record: dict[str, Any]) -> list[str]:
    """Problems with a draw record of lottery.jsonl (empty when it checks out)."""
    problems = []
    try:
        seed = bytes.fromhex(record["seed"])
    except (KeyError, TypeError, ValueError):
        return ["no seed (the lottery was not drawn)"]
    if commitment(seed) != record.get("commitment"):
        problems.append("the seed does not match the commitment published at the start")
    expected = [w["key"] for w in record.get("picks", [])]
    got = draw(seed, record.get("entrants", []), len(expected))
    if got != expected:
        problems.append(f"the picks do not follow from the seed and the entrants: expected {got}, recorded {expected}")
    winners = [w["key"] for w in record.get("winners", [])]
    if winners != [k for k in expected if k not in {a["key"] for a in record.get("absent", [])}][: len(winners)]:
        problems.append("the winners are not the picks less the absent ones")
    return problems


def verify_file(lines: Iterable[dict[str, Any]]) -> dict[str, list[str]]:
    """Every draw of a lottery.jsonl, checked: draw id -> problems (empty when it checks out).

    The commitment of the open record must be the one the seed matches; the draw's picks must
    follow from the seed and the published entrants; redraws continue the same picks."""
    draws: dict[str, dict[str, Any]] = {}
    out: dict[str, list[str]] = {}
    for row in lines:
        did = str(row.get("draw", ""))
        ev = row.get("event")
        if ev == "open":
            draws[did] = {"published": row.get("commitment")}
        elif ev in ("draw", "redraw"):
            rec = draws.setdefault(did, {})
            rec.update({k: v for k, v in row.items() if k in ("seed", "commitment", "entrants", "picks", "absent", "winners")})
            if ev == "redraw":
                rec["absent"] = [*rec.get("absent_all", []), row["absent"]]
                rec["absent_all"] = rec["absent"]
        elif ev == "cancel":
            draws.setdefault(did, {})["cancelled"] = row
    for did, rec in draws.items():
        if "cancelled" in rec:
            c = rec["cancelled"]
            ok = c.get("seed") and commitment(bytes.fromhex(c["seed"])) == rec.get("published") == c.get("commitment")
            out[did] = [] if ok else ["the cancelled lottery's seed does not match its commitment"]
            continue
        problems = verify(rec) if "seed" in rec else ["never drawn"]
        if rec.get("published") is None:
            problems.append("no commitment was published when it opened")
        elif rec.get("published") != rec.get("commitment"):
            problems.append("the commitment at the draw is not the one published when it opened")
        out[did] = problems
    return out


@dataclass
class Entry:
    key: str
    user_id: str
    name: str
    t: float
    how: str  # keyword | follow | medal | gift
    medal: bool = False


@dataclass
class Lottery:
    draw_id: str
    config: LotteryPlay
    segment: str
    opened: float
    closes: float
    seed: bytes = field(default_factory=lambda: secrets.token_bytes(32), repr=False)
    state: str = "open"  # open | drawn | cancelled
    entries: dict[str, Entry] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=lambda: {"repeats": 0, "late": 0, "masked": 0, "full": 0})
    eligible: list[str] = field(default_factory=list)
    excluded: dict[str, int] = field(default_factory=dict)
    picked: list[str] = field(default_factory=list)  # every pick, in order
    absent: list[str] = field(default_factory=list)
    closed: float | None = None
    marks: set[int] = field(default_factory=set)  # countdown marks already said (or passed)
    _picks: Iterator[str] | None = field(default=None, repr=False)

    @property
    def commitment(self) -> str:
        return commitment(self.seed)

    @property
    def winners(self) -> list[str]:
        return [k for k in self.picked if k not in self.absent]

    # -- entries ----------------------------------------------------------------------------
    def way(self, ev: ChatEvent) -> str | None:
        """How this event enters the lottery, if it does."""
        c = self.config
        if ev.kind is EventKind.DANMAKU:
            if "keyword" in c.join and c.keyword and fold(c.keyword) in fold(ev.text):
                return "keyword"
            if "medal" in c.join and self.has_medal(ev):
                return "medal"
        elif ev.kind is EventKind.FOLLOW and "follow" in c.join:
            return "follow"
        elif ev.paid and "gift" in c.join and ev.value_cny >= c.min_gift_cny:
            return "gift"
        return None

    def has_medal(self, ev: ChatEvent) -> bool:
        c = self.config
        m = ev.user.medal
        return bool(m) and (not c.medal or fold(c.medal) == fold(m or "")) and ev.user.medal_level >= c.min_medal_level

    def enter(self, ev: ChatEvent, how: str, now: float) -> str:
        """Record one entry; returns what happened: entered, repeat, late, masked, full."""
        if self.state != "open" or now > self.closes:
            self.counts["late"] += 1
            return "late"
        if ev.user.masked or not ev.user.id:
            self.counts["masked"] += 1
            return "masked"
        key = f"{ev.platform}:{ev.user.id}"
        if key in self.entries:
            e = self.entries[key]
            e.medal = e.medal or self.has_medal(ev)
            self.counts["repeats"] += 1
            return "repeat"
        if len(self.entries) >= MAX_ENTRIES:
            self.counts["full"] += 1
            return "full"
        self.entries[key] = Entry(key, ev.user.id, ev.user.name, now, how, self.has_medal(ev))
        return "entered"

    # -- the draw ---------------------------------------------------------------------------
    def close(self, now: float, blocked: set[str], follows: set[str]) -> list[str]:
        """Entries end; the eligible list is fixed and the winners drawn. Returns the winners."""
        self.closed = min(now, self.closes)  # entries after `closes` were refused as late
        excluded = {"blocked": 0, "no_follow": 0, "no_medal": 0}
        eligible = []
        for key, e in self.entries.items():
            if key in blocked:
                excluded["blocked"] += 1
            elif "follow" in self.config.require and key not in follows and e.how != "follow":
                excluded["no_follow"] += 1
            elif "medal" in self.config.require and not e.medal:
                excluded["no_medal"] += 1
            else:
                eligible.append(key)
        self.eligible = sorted(eligible, key=lambda k: k.encode("utf-8"))
        self.excluded = {k: v for k, v in excluded.items() if v}
        self._picks = picks(self.seed, self.eligible)
        self.state = "drawn"
        for _ in range(self.config.winners):
            if self._pick() is None:
                break
        return self.winners

    def _pick(self) -> str | None:
        assert self._picks is not None
        key = next(self._picks, None)
        if key is not None:
            self.picked.append(key)
        return key

    def redraw(self, absent: str) -> str | None:
        """A winner did not answer: recorded as absent; the next pick wins instead (None: nobody left)."""
        if self.state != "drawn":
            raise ValueError("the lottery has not been drawn yet")
        key = self.find_winner(absent)
        if key is None:
            raise ValueError(f"'{absent}' is not a winner of draw {self.draw_id}")
        self.absent.append(key)
        return self._pick()

    def find_winner(self, who: str) -> str | None:
        """A winner by entrant key, user id or name."""
        for k in self.winners:
            e = self.entries[k]
            if who in (k, e.user_id, e.name):
                return k
        return None

    def left_s(self, now: float) -> float:
        return max(0.0, self.closes - now) if self.state == "open" else 0.0

    # -- records ----------------------------------------------------------------------------
    def _who(self, keys: Sequence[str]) -> list[dict[str, str]]:
        return [{"key": k, "id": self.entries[k].user_id, "name": self.entries[k].name} for k in keys]

    def open_record(self, wall: str) -> dict[str, Any]:
        c = self.config
        return {
            "event": "open", "draw": self.draw_id, "segment": self.segment, "opened": round(self.opened, 3),
            "opened_at": wall, "closes": round(self.closes, 3), "commitment": self.commitment, "algorithm": ALGORITHM,
            "prize": c.prize, "winners_wanted": c.winners, "join": list(c.join), "keyword": c.keyword, "require": list(c.require),
        }  # fmt: skip

    def draw_record(self, wall: str) -> dict[str, Any]:
        return {
            "event": "draw", "draw": self.draw_id, "opened": round(self.opened, 3), "closed": round(self.closed or 0.0, 3),
            "closed_at": wall, "prize": self.config.prize, "entrants": list(self.eligible), "entrant_count": len(self.eligible),
            "excluded": self.excluded, "counts": dict(self.counts), "commitment": self.commitment, "seed": self.seed.hex(),
            "algorithm": ALGORITHM, "picks": self._who(self.picked), "absent": self._who(self.absent),
            "winners": self._who(self.winners),
        }  # fmt: skip

    def snapshot(self, now: float) -> dict[str, Any]:
        c = self.config
        out: dict[str, Any] = {
            "kind": "lottery", "draw": self.draw_id, "state": self.state, "prize": c.prize, "keyword": c.keyword,
            "join": list(c.join), "left_s": round(self.left_s(now), 1), "entrants": len(self.entries),
            "winners_wanted": c.winners, "commitment": self.commitment,
        }  # fmt: skip
        if self.state == "drawn":
            out["eligible"] = len(self.eligible)
            out["seed"] = self.seed.hex()
            out["winners"] = [{"key": k, "name": self.entries[k].name} for k in self.winners]
            out["absent"] = [{"key": k, "name": self.entries[k].name} for k in self.absent]
        return out
