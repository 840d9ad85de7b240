"""The replay source: the contract's JSONL format, bad lines reported with line:col and skipped."""

import json

import pytest

from vhost.clock import FastClock
from vhost.errors import ConfigError
from vhost.events import EventKind
from vhost.sources.base import SourceContext, SourceSpec
from vhost.sources.replay import from_spec, load


def write(path, lines):
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_good_lines_parse_and_unknown_keys_are_ignored(tmp_path):
    p = tmp_path / "c.jsonl"
    write(p, [
        json.dumps({"t": 2, "kind": "gift", "user": {"id": 7, "name": "小明"}, "gift": {"name": "小心心", "count": 3}, "value_cny": 1.5, "extra": 1}),
        json.dumps({"t": 1, "kind": "danmaku", "user": {"id": "a", "name": "A"}, "text": "hi", "lang": "en", "expect": {"x": 1}}),
        "# a comment", "",
        json.dumps({"t": 3, "kind": "like", "user": {"id": "b"}, "count": 50}),
    ])
    items = load(p)
    assert [t for t, _ in items] == [1, 2, 3]
    d, g, like = (e for _, e in items)
    assert d.kind is EventKind.DANMAKU and d.text == "hi" and d.lang == "en"
    assert g.user.id == "7" and g.gift_name == "小心心" and g.gift_count == 3 and g.value_cny == 1.5
    assert like.count == 50 and like.user.name == "b"


def test_bad_lines_are_reported_with_line_and_column_and_skipped(tmp_path):
    p = tmp_path / "c.jsonl"
    write(p, [
        '{"t": 1, "kind": "danmaku", "user": {"id": "a"}, "text": "ok"}',
        '{"t": 2, "kind": "danmaku", "user": ',
        '{"t": -1, "kind": "danmaku", "user": {"id": "a"}}',
        '{"t": 2, "kind": "dance", "user": {"id": "a"}}',
        '[1, 2]',
        '{"t": 3, "kind": "gift", "user": {"id": "a"}, "value_cny": "lots"}',
    ])
    errors: list[str] = []
    items = load(p, errors)
    assert len(items) == 1 and len(errors) == 5
    assert errors[0].startswith(f"{p}:2:") and "invalid JSON" in errors[0]
    assert f"{p}:3:" in errors[1] and "t:" in errors[1]
    assert f"{p}:4:" in errors[2] and "kind" in errors[2]
    assert f"{p}:6:" in errors[4] and "value_cny" in errors[4]


def test_not_utf8_and_missing_file_are_clear(tmp_path):
    p = tmp_path / "gbk.jsonl"
    p.write_bytes('{"t":1,"kind":"danmaku","user":{"id":"a"},"text":"你好"}'.encode("gbk"))
    with pytest.raises(ConfigError, match="UTF-8"):
        load(p)
    with pytest.raises(ConfigError, match="not found"):
        load(tmp_path / "missing.jsonl")


async def test_events_arrive_on_the_program_clock_at_speed(tmp_path):
    p = tmp_path / "c.jsonl"
    write(p, [json.dumps({"t": t, "kind": "danmaku", "user": {"id": "a"}, "text": str(t)}) for t in (10, 20, 40)])
    clock = FastClock(wall=False)
    async with clock.running():
        src = from_spec(SourceSpec.parse(f"replay:{p}?speed=2"), SourceContext(clock=clock))
        seen = [(round(clock.now(), 3), ev.text) async for ev in src.events()]
    assert seen == [(5.0, "10"), (10.0, "20"), (20.0, "40")]


async def _times(src, n: int) -> list[tuple[float, str]]:
    clock = src.ctx.clock
    out: list[tuple[float, str]] = []
    async with clock.running():
        agen = src.events()
        while len(out) < n:
            try:
                ev = await anext(agen)
            except StopAsyncIteration:
                break
            out.append((round(clock.now(), 3), ev.text))
        await agen.aclose()
    return out


async def test_loop_plays_the_file_again_and_again(tmp_path):
    p = tmp_path / "c.jsonl"
    write(p, [json.dumps({"t": t, "kind": "danmaku", "user": {"id": "a"}, "text": f"m{t}"}) for t in (2, 3, 5)])
    ctx = SourceContext(FastClock(wall=False))
    once = await _times(from_spec(SourceSpec.parse(f"replay:{p}"), ctx), 10)
    assert once == [(2.0, "m2"), (3.0, "m3"), (5.0, "m5")]
    forever = await _times(from_spec(SourceSpec.parse(f"replay:{p}?loop=1"), SourceContext(FastClock(wall=False))), 9)
    # each pass starts after the last line, with the first line's lead-in (2 s): period 7 s
    assert [t for t, _ in forever] == [2.0, 3.0, 5.0, 9.0, 10.0, 12.0, 16.0, 17.0, 19.0]
    twice = await _times(from_spec(SourceSpec.parse(f"replay:{p}?loop=2&gap=1&speed=2"), SourceContext(FastClock(wall=False))), 10)
    assert [t for t, _ in twice] == [1.0, 1.5, 2.5, 4.0, 4.5, 5.5]  # period 6 file-seconds at speed 2
    # a resumed show skips what the source had delivered (across passes)
    skip = await _times(from_spec(SourceSpec.parse(f"replay:{p}?loop=1"), SourceContext(FastClock(wall=False), skip=4)), 2)
    assert skip == [(10.0, "m3"), (12.0, "m5")]
    with pytest.raises(ConfigError, match="loop must be"):
        from_spec(SourceSpec.parse(f"replay:{p}?loop=sometimes"), ctx)
