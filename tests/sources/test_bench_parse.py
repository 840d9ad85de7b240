from tests.bench.bench_parse import bili_frames, run
from vhost.sources.bilibili import decode_frame
from vhost.sources.bilibili.state import ParseState


def test_bench_quick_smoke():
    out = run(quick=True)
    assert out["bilibili_events"] > 1900 and out["twitch_events"] == 2000
    assert all(len(r) == 3 for r in out["rows"])


def test_bench_frames_parse_cleanly():
    st = ParseState()
    assert sum(len(decode_frame(f, st).events) for f in bili_frames(400)) >= 400
    assert st.skips.total == 0
