"""The lottery: a replayed room of 200 viewers, and a draw anyone can check from lottery.jsonl."""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from tests.plays.conftest import PERSONA, HandClock, danmaku, event, rows, show, write_replay
from vhost.events import EventKind
from vhost.orders import OrderBook
from vhost.persona.loader import load_persona
from vhost.plays import PlayError, Plays
from vhost.plays.lottery import commitment, draw, verify_file


def readme_draw(seed_hex: str, entrants: list[str], n: int) -> list[str]:
    """The draw exactly as the README describes it, written independently of vhost.plays."""
    seed = bytes.fromhex(seed_hex)
    pool = sorted(set(entrants), key=lambda s: s.encode("utf-8"))
    out, k = [], 0
    while pool and len(out) < n:
        x = int.from_bytes(hashlib.sha256(seed + b"vhost-lottery" + k.to_bytes(8, "big")).digest(), "big")
        k += 1
        if x >= (2**256 // len(pool)) * len(pool):
            continue
        out.append(pool.pop(x % len(pool)))
    return out


def test_the_draw_follows_the_readme_and_is_fair() -> None:
    names = [f"test:u{i}" for i in range(50)]
    seed = bytes(range(32))
    assert draw(seed, names, 50) == readme_draw(seed.hex(), names, 50)
    assert sorted(draw(seed, names, 50)) == sorted(names)  # every entrant once
    assert draw(seed, reversed(names), 5) == draw(seed, names + names[:10], 5)  # order and repeats do not matter
    assert draw(seed, names, 5) != draw(bytes(32), names, 5)
    assert commitment(seed) == hashlib.sha256(seed).hexdigest()
    # over many seeds each of 4 entrants wins first about a quarter of the time
    first = Counter(draw(hashlib.sha256(str(i).encode()).digest(), ["a", "b", "c", "d"], 1)[0] for i in range(4000))
    assert set(first) == {"a", "b", "c", "d"} and all(850 <= v <= 1150 for v in first.values()), first


async def test_replay_of_200_viewers(tmp_path: Path) -> None:
    lines = []
    for i in range(200):  # 200 viewers send the keyword while it is open (0-40 s)
        lines.append({"t": 1 + i * 0.15, "kind": "danmaku", "user": {"id": f"v{i:03d}", "name": f"觀眾{i:03d}"}, "text": "福袋"})
    # 20 of them send it again: 10 long after their first (a repeat entry), 10 within moderation's 30 s duplicate window
    for i in [*range(0, 20, 2), *range(140, 160, 2)]:
        lines.append({"t": 36 + i * 0.005, "kind": "danmaku", "user": {"id": f"v{i:03d}", "name": f"觀眾{i:03d}"}, "text": "福袋"})
    blocked = [f"v{i:03d}" for i in range(100, 108)]  # 8 entrants insult the room: moderation blocks them
    for j, uid in enumerate(blocked):
        lines.append({"t": 36 + j * 0.1, "kind": "danmaku", "user": {"id": uid, "name": uid}, "text": "主播是智障"})
    for i in range(5):  # 5 viewers join by following
        lines.append({"t": 10 + i, "kind": "follow", "user": {"id": f"f{i}", "name": f"新粉{i}"}})
    lines.append({"t": 20, "kind": "danmaku", "user": {"id": "q1", "name": "小問"}, "text": "福袋怎麼參加？"})  # entered and answered
    for i in range(10):  # 10 viewers too late
        lines.append({"t": 45 + i * 0.2, "kind": "danmaku", "user": {"id": f"late{i}", "name": f"遲到{i}"}, "text": "福袋"})
    replay = write_replay(tmp_path / "room.jsonl", lines)
    s = show(tmp_path, replay, 60)
    await s.run()
    out = tmp_path / "out"

    records = rows(out / "lottery.jsonl")
    opened, drawn = records[0], records[1]
    assert (opened["event"], drawn["event"]) == ("open", "draw")
    expected = {f"test:v{i:03d}" for i in range(200)} - {f"test:{u}" for u in blocked} | {f"test:f{i}" for i in range(5)} | {"test:q1"}
    expected = {k.replace("test:", "replay:") for k in expected}
    assert drawn["entrants"] == sorted(expected, key=lambda k: k.encode()), "entrants are not the deduplicated eligible viewers"
    assert drawn["entrant_count"] == 198 and drawn["excluded"] == {"blocked": 8}
    assert drawn["counts"]["repeats"] == 10 and s.plays.lottery is not None and s.plays.lottery.counts["late"] == 10
    # the seed revealed at the draw is the one committed to when it opened, and it reproduces the draw
    assert hashlib.sha256(bytes.fromhex(drawn["seed"])).hexdigest() == opened["commitment"] == drawn["commitment"]
    winners = [w["key"] for w in drawn["winners"]]
    assert len(winners) == 3 and set(winners) <= expected
    assert winners == readme_draw(drawn["seed"], drawn["entrants"], 3)
    assert verify_file(records) == {drawn["draw"]: []}
    assert drawn["closed"] == pytest.approx(40.0, abs=0.5)

    said = [r for r in rows(out / "transcript.jsonl") if r["kind"] == "lottery"]
    text = " ".join(r["text"] for r in said)
    assert "抽獎開始" in said[0]["text"] and "福袋" in said[0]["text"]
    # each countdown mark says the time really left: a line on air may delay it by a clause or two
    left = [int(x) for x in re.findall(r"還有 (\d+) 秒開獎", text)]
    assert any(16 <= x <= 20 for x in left) and any(6 <= x <= 10 for x in left), left
    assert "一共 198 位符合資格" in text
    for w in drawn["winners"]:
        assert w["name"] in text, f"winner {w['name']} was not named on air"
    fates = {e["index"]: e for e in rows(out / "events.jsonl")}
    reasons = Counter(e.get("reason") for e in fates.values() if e.get("text") == "福袋")
    assert reasons["lottery: entered"] == 200 and reasons["lottery: late"] == 10
    assert sum(n for r, n in reasons.items() if r and r.startswith(("lottery: repeat", "duplicate spam"))) == 20
    assert sum(1 for e in fates.values() if e.get("text") == "主播是智障" and e["fate"] == "blocked") == 8
    question = next(e for e in fates.values() if e.get("text") == "福袋怎麼參加？")
    assert question["fate"] == "answered"


def plays(tmp_path: Path, persona: Path = PERSONA) -> tuple[Plays, HandClock]:
    clock = HandClock()
    p = load_persona(persona)
    return Plays(p, clock, OrderBook(lambda pid: None), tmp_path, speakable=lambda n: "智障" not in n), clock  # type: ignore[arg-type]


def test_redraw_extend_cancel_and_the_cli(tmp_path: Path) -> None:
    pl, clock = plays(tmp_path)
    lot = pl.start_lottery()
    with pytest.raises(PlayError, match="still open"):
        pl.start_lottery()
    for i in range(12):
        assert pl.see(danmaku(f"u{i}", "福袋", f"觀眾{i}"), 1.0) == "lottery: entered"
    assert pl.see(danmaku("u0", "福袋"), 2.0) == "lottery: repeat"
    pl.extend_lottery(20)
    clock.t = 45.0  # the first window (40 s) has passed, the extended one (60 s) has not
    assert pl.next_line(45.0) is not None and lot.state == "open"
    assert pl.see(danmaku("u99", "福袋"), 45.0) == "lottery: entered"
    clock.t = 61.0
    while pl.next_line(61.0) is not None:
        pass
    assert lot.state == "drawn" and len(lot.winners) == 3
    with pytest.raises(PlayError, match="not a winner"):
        pl.redraw("nobody")
    absent = lot.winners[1]
    new = pl.redraw(lot.entries[absent].user_id)
    line = pl.next_line(61.0)
    assert new is not None and new not in (absent,) and absent not in lot.winners and len(lot.winners) == 3
    assert line is not None and line.kind == "lottery" and lot.entries[new].name in "".join(line.lines)
    pl.close()
    records = rows(tmp_path / "lottery.jsonl")
    assert [r["event"] for r in records] == ["open", "extend", "draw", "redraw"]
    assert verify_file(records) == {lot.draw_id: []}
    # a forged winner list fails, and the command line says so
    cli = [sys.executable, "-m", "vhost", "lottery", "verify", str(tmp_path / "lottery.jsonl")]
    ok = subprocess.run(cli, capture_output=True, text=True, timeout=60)
    assert ok.returncode == 0 and ": ok" in ok.stdout
    forged = dict(records[2], winners=records[2]["winners"][::-1])
    bad = tmp_path / "forged.jsonl"
    bad.write_text("\n".join(json.dumps(r) for r in [records[0], forged]), encoding="utf-8")
    out = subprocess.run([*cli[:-1], str(bad)], capture_output=True, text=True, timeout=60)
    assert out.returncode == 1 and "FAILED" in out.stdout
    # cancel: no draw, the seed is published with the cancellation
    pl2, _ = plays(tmp_path / "c")
    lot2 = pl2.start_lottery()
    pl2.cancel_lottery()
    pl2.close()
    rec = rows(tmp_path / "c" / "lottery.jsonl")
    assert rec[-1]["event"] == "cancel" and verify_file(rec) == {lot2.draw_id: []}
    with pytest.raises(PlayError):
        pl2.extend_lottery(10)


def test_eligibility_follow_medal_gift_masked_and_blocked(tmp_path: Path) -> None:
    yaml = PERSONA.read_text(encoding="utf-8").replace(
        "        join: [keyword, follow]\n", "        join: [keyword, medal, gift]\n        require: [follow]\n        medal: 科技粉\n        min_gift_cny: 5\n"
    ).replace("../../../personas/", str(Path("personas").resolve()) + "/")
    path = tmp_path / "eligibility.yaml"
    path.write_text(yaml, encoding="utf-8")
    pl, clock = plays(tmp_path, path)
    lot = pl.start_lottery()
    see = pl.see
    assert see(event(EventKind.FOLLOW, "a"), 1.0) is None
    see(danmaku("a", "福袋"), 1.0)  # follows: eligible
    see(danmaku("b", "福袋"), 1.0)  # never followed: not eligible
    see(event(EventKind.FOLLOW, "c"), 1.0)
    see(danmaku("c", "今天好熱鬧", medal="科技粉", medal_level=3), 2.0)  # the medal enters any danmaku
    see(danmaku("d", "今天好熱鬧", medal="別家粉", medal_level=9), 2.0)  # another medal: nothing
    see(event(EventKind.FOLLOW, "e"), 1.0)
    see(event(EventKind.GIFT, "e", value_cny=6.0, gift_name="禮物", gift_count=1), 3.0)  # a gift of 5 CNY or more enters
    see(event(EventKind.FOLLOW, "g"), 1.0)
    see(event(EventKind.GIFT, "g", value_cny=1.0, gift_name="小心心", gift_count=1), 3.0)  # too small
    assert see(danmaku("m", "福袋", masked=True), 3.0) == "lottery: masked"
    see(event(EventKind.FOLLOW, "x"), 1.0)
    see(danmaku("x", "福袋"), 1.0)
    assert see(danmaku("x", "滾"), 2.0, blocked="blocklist: chat_blocklist.txt:9") is None  # an insult costs the entry
    see(event(EventKind.FOLLOW, "y"), 1.0)
    see(danmaku("y", "福袋"), 1.0)
    see(danmaku("y", "哈哈哈哈哈哈哈"), 2.0, blocked="flood: repeated characters")  # a flood does not
    assert set(lot.entries) == {"test:a", "test:b", "test:c", "test:e", "test:x", "test:y"}
    clock.t = 41.0
    pl.next_line(41.0)
    assert lot.eligible == ["test:a", "test:c", "test:e", "test:y"] and lot.excluded == {"blocked": 1, "no_follow": 1}
    assert set(lot.winners) <= set(lot.eligible) and len(lot.winners) == 3

