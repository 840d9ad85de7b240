"""A six-minute soak, end to end: the real show process on the fast clock, the room pushed over
a WebSocket, every fault injected (kill -9 and --resume, chat drop, LLM hang, voice down, the
encoder SIGKILLed, a broken persona save, a nearly full disk, a burst), alerts received over a
signed webhook, and the summary read from the files the show left behind.

Timing figures (frame gaps in the burst, RSS growth) are reported, not asserted: they belong
to the machine; the soak's own run prints them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from vhost.cli import main
from vhost.soak.plan import EXPECTED_ALERT
from vhost.soak.runner import Options, Soak

pytestmark = pytest.mark.timeout(240)
HOURS = 0.1


async def test_short_soak_recovers_from_every_fault(tmp_path: Path) -> None:
    out = tmp_path / "soak"
    r = await Soak(Options(hours=HOURS, out=out, burst_events=2000, burst_s=10.0, quiet=True)).run()
    assert json.loads((out / "soak.json").read_text(encoding="utf-8")) == r

    # one continuous program across the SIGKILL: exactly as long as planned, to the sample
    runs = r["soak"]["runs"]
    assert [x["run"] for x in runs] == [1, 2] and runs[0]["killed_at_s"] >= HOURS * 3600 * 0.06 and runs[1]["rc"] == 0
    assert r["audio_clock"]["audio_s"] == HOURS * 3600 and r["audio_clock"]["drift_s"] == 0.0

    t = r["targets"]
    for name in ("silences_over_3s", "superchats_acknowledged", "faults_alerted_within_30s_and_cleared", "events_lost",
                 "audio_drift_s", "cue_sync_max_ms", "thanks_aired", "kill9_resume_lost"):  # fmt: skip
        assert t[name]["ok"], (name, t[name], r["faults"], r["superchats"])
    assert r["superchats"]["received"] >= 5 and r["thanks"]["thanked"] > 0 and r["events_lost"]["acknowledged"] > 2000
    assert r["forbidden_said"] == [] and r["alerts_refused"] == 0

    by_kind = {f["fault"]: f for f in r["faults"]}
    assert set(by_kind) == {*EXPECTED_ALERT, "burst"}
    for kind, rules in EXPECTED_ALERT.items():
        f = by_kind[kind]
        assert f["alert"] in rules and f["alerted_within_s"] <= 30.0 and f["cleared_at_s"] > f["alerted_at_s"], f
    enc = by_kind["ffmpeg_kill"]  # the encoder was really killed and really came back
    assert enc["new_pid"] != enc["pid"] and enc["restarts"] >= 1 and enc["recovered_at_s"] is not None
    assert by_kind["persona_broken"]["last_good_kept"] is True
    assert by_kind["llm_hang"]["requests_hung"] >= 1 and by_kind["tts_down"]["sentences_failed"] >= 1
    kr = r["kill_resume"]
    assert kr["heard_sentences_before"] > 0 and kr["thanked_twice"] == 0 and kr["answered_twice"] == 0 and kr["events_in_order"]
    assert r["rss"]["early_mib"] > 0 and r["burst"]["frames"] > 0  # measured (values are the machine's)


def test_cli_refuses_a_used_folder_and_a_too_short_soak(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "soak.json").write_text("{}", encoding="utf-8")
    assert main(["soak", "--minutes", "6", "--out", str(tmp_path / "old")]) == 2
    assert "not empty" in capsys.readouterr().err
    assert main(["soak", "--minutes", "2", "--out", str(tmp_path / "new")]) == 2
    assert "at least 4 minutes" in capsys.readouterr().err
    assert main(["soak", "--minutes", "6", "--burst-seconds", "60", "--out", str(tmp_path / "new")]) == 2
    assert "does not fit" in capsys.readouterr().err and not (tmp_path / "new").exists()
