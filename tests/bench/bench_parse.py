"""Chat parse throughput on one core.

- Bilibili: raw WebSocket frames -> packets -> JSON -> ChatEvent, on a live-like mix:
  brotli frames packing 20 commands (mostly DANMU_MSG, with gifts, likes, enters, a
  protobuf SEND_GIFT_V2 and the odd WATCHED_CHANGE), plus plain heartbeat replies.
- Twitch: CRLF blocks of tagged PRIVMSG lines (some cheers) -> ChatEvent.
Target: >= 50,000 events/s each.
"""

from __future__ import annotations

import gc
import random
import time
from typing import Any

import brotli

from tests.fakes.bilibili_server import command, heartbeat_reply, packet
from tests.sources import bili_samples as s
from tests.sources.test_irc import PRIVMSG
from vhost.sources.bilibili import decode_frame
from vhost.sources.bilibili.state import ParseState
from vhost.sources.twitch import parse_lines

WORDS = ["这个耳机续航多久", "主播好", "多少钱", "有优惠吗", "哈哈哈哈", "求链接", "音质怎么样", "降噪强吗", "666", "来了来了"]


def bili_frames(n_commands: int, seed: int = 7) -> list[bytes]:
    rng = random.Random(seed)
    frames: list[bytes] = []
    i = 0
    while i < n_commands:
        inner = []
        for _ in range(20):
            i += 1
            r = rng.random()
            if r < 0.70:
                p = s.danmu(rng.choice(WORDS) + str(i % 97), uid=10_000 + i % 5000, uname=f"观众{i % 5000}",
                            medal=s.FULL_MEDAL if i % 3 == 0 else [], id_str=f"id-{i}")  # fmt: skip
            elif r < 0.80:
                p = s.like_click(uid=20_000 + i % 3000)
            elif r < 0.88:
                p = s.interact(1, uid=30_000 + i)
            elif r < 0.95:
                p = s.gift("小花花", num=rng.randint(1, 10))
            elif r < 0.98:
                p = s.gift_v2(uid=40_000 + i)
            else:
                p = s.watched(10_000 + i)
            inner.append(command(p))
        frames.append(packet(5, brotli.compress(b"".join(inner), quality=5), ver=3))
        if i % 200 == 0:
            frames.append(heartbeat_reply(rng.randint(1, 99_999)))
    return frames


def twitch_blocks(n_lines: int, per_block: int = 5) -> list[str]:
    lines = []
    for i in range(n_lines):
        line = PRIVMSG.replace("HeyGuys", f"message number {i} Kappa").replace("display-name=abc", f"display-name=user{i % 800}")
        if i % 25 == 0:
            line = "@bits=100;" + line[1:]
        lines.append(line)
    return ["\r\n".join(lines[i : i + per_block]) + "\r\n" for i in range(0, n_lines, per_block)]


def _best(fn: Any, rounds: int) -> tuple[float, int]:
    best = 0.0
    count = 0
    for _ in range(rounds):
        gc.collect()
        t0 = time.perf_counter()
        count = fn()
        best = max(best, count / (time.perf_counter() - t0))
    return best, count


def run(quick: bool = False) -> dict[str, Any]:
    n = 2_000 if quick else 100_000
    rounds = 1 if quick else 3
    frames = bili_frames(n)
    wire_bytes = sum(len(f) for f in frames)

    def bili() -> int:
        state = ParseState()
        return sum(len(decode_frame(f, state).events) for f in frames)

    blocks = twitch_blocks(n)

    def twitch() -> int:
        return sum(len(parse_lines(b)) for b in blocks)

    bili_eps, bili_n = _best(bili, rounds)
    tw_eps, tw_n = _best(twitch, rounds)
    rows: list[list[Any]] = [
        ["bilibili frames->events events/s (brotli x20 mix)", round(bili_eps), ">= 50000"],
        ["bilibili wire KiB per 1000 events", round(wire_bytes / 1024 / (bili_n / 1000), 1), ""],
        ["twitch lines->events events/s", round(tw_eps), ">= 50000"],
    ]
    return {"bilibili_eps": bili_eps, "bilibili_events": bili_n, "twitch_eps": tw_eps, "twitch_events": tw_n, "rows": rows}


if __name__ == "__main__":
    import json

    print(json.dumps(run(quick=False), indent=2, ensure_ascii=False))
