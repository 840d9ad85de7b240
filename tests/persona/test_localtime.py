"""The audience's clock: a persona's `timezone` decides which promo price is on and the time of day the host
greets, whatever the machine's own zone (a server or container on UTC for a room in China)."""

from __future__ import annotations

import asyncio
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

import tests.fakes.fake_llm as fake
import vhost.persona.model as model_mod
import vhost.show as show_mod
import vhost.show_loops as loops
from vhost.clock import FastClock
from vhost.errors import VhostError
from vhost.persona.loader import load_persona
from vhost.persona.localtime import local_now, parse_zone
from vhost.persona.model import Persona
from vhost.persona.variables import time_of_day, variables
from vhost.writer.answering import Answering

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def tech() -> Persona:
    return load_persona(ROOT / "personas" / "tech_reviewer.yaml")


def test_zone_names_and_offsets() -> None:
    now = datetime.now(UTC).replace(tzinfo=None)
    for name, hours in (("UTC+8", 8), ("+08:00", 8), ("GMT-4", -4), ("UTC", 0), ("Asia/Shanghai", 8), ("-0930", -9.5)):
        parse_zone(name)
        assert abs(local_now(name) - (now + timedelta(hours=hours))) < timedelta(seconds=5), name
    for bad in ("Mars/Olympus", "UTC+25", "8 o'clock"):
        with pytest.raises(ValueError, match="time zone"):
            parse_zone(bad)


def test_a_wrong_zone_is_a_load_error_with_its_line(tmp_path: Path) -> None:
    dst = tmp_path / "personas"
    shutil.copytree(ROOT / "personas", dst, ignore=shutil.ignore_patterns("samples", "corpora"))
    main = dst / "tech_reviewer.yaml"
    text = main.read_text(encoding="utf-8")
    main.write_text(text.replace("\nidentity:", "\ntimezone: Asia/Shang_hai\nidentity:", 1), encoding="utf-8")
    with pytest.raises(VhostError) as e:
        load_persona(main)
    one = e.value.one_line()
    assert "tech_reviewer.yaml:" in one and "timezone" in one and "unknown time zone 'Asia/Shang_hai'" in one


def test_editions_share_the_clock(tmp_path: Path) -> None:
    """An English edition on another zone would open the same sale at another hour for English viewers."""
    dst = tmp_path / "personas"
    shutil.copytree(ROOT / "personas", dst, ignore=shutil.ignore_patterns("samples", "corpora"))
    en = dst / "tech_reviewer.en.yaml"
    en.write_text(en.read_text(encoding="utf-8").replace("\nidentity:", "\ntimezone: UTC-5\nidentity:", 1), encoding="utf-8")
    with pytest.raises(VhostError) as e:
        load_persona(dst / "tech_reviewer.yaml")
    assert "edition en: timezone UTC-5 is not this persona's (Asia/Shanghai)" in e.value.one_line()


def _promo_from(persona: Persona, pid: str, starts: datetime) -> Persona:
    prods = []
    for p in persona.products:
        if p.id == pid:
            assert p.promo is not None
            p = p.model_copy(update={"promo": p.promo.model_copy(update={"starts": starts, "ends": starts + timedelta(days=2)})})
        prods.append(p)
    out = persona.model_copy(update={"products": prods})
    out.attach_editions({"en": persona.edition("en")})
    return out


def test_the_audience_clock_decides_which_price_is_on(tech: Persona) -> None:
    """A promo that began an hour ago in Beijing has not begun twelve hours west: the same sheet, two answers."""
    n9 = tech.product("n9-phone")
    assert n9.promo is not None and n9.promo.price != n9.price
    starts = local_now("UTC+8") - timedelta(hours=1)
    said = {}
    for zone in ("UTC+8", "UTC-4"):
        p = _promo_from(tech.model_copy(update={"timezone": zone}), "n9-phone", starts)
        ans = Answering(p).answer("N9手機現在多少錢", "zh-Hant")
        said[zone] = " ".join(ans.plan.lines)
    assert f"{n9.promo.price:g}" in said["UTC+8"], said  # (with the list price beside it: 原價 2499 元)
    assert f"{n9.price:g}" in said["UTC-4"] and f"{n9.promo.price:g}" not in said["UTC-4"], said


def test_the_time_of_day_is_the_audiences(tech: Persona) -> None:
    east, west = (tech.model_copy(update={"timezone": z}) for z in ("UTC+8", "UTC-4"))
    assert variables(east, None)["time_of_day"] == time_of_day(local_now("UTC+8"))
    assert variables(west, None)["time_of_day"] == time_of_day(local_now("UTC-4"))
    assert abs((east.now() - west.now()) - timedelta(hours=12)) < timedelta(seconds=5)


async def test_a_promo_ending_on_air_changes_the_price_said(tech: Persona, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The show's promo clock rebuilds the writer's facts and guard when a window opens or closes mid-show."""
    monkeypatch.setattr(loops, "PROMO_CHECK_S", 0.2)
    shift = [timedelta(0)]  # the audience's clock, moved on by the test past the window's end
    monkeypatch.setattr(model_mod, "local_now", lambda zone="": local_now(zone) + shift[0])
    dst = tmp_path / "personas"
    shutil.copytree(ROOT / "personas", dst, ignore=shutil.ignore_patterns("samples", "corpora"))
    ends = local_now("Asia/Shanghai") + timedelta(hours=1)  # the zone the shipped product sheets are written in
    products = dst / "common" / "tech_products.yaml"
    text = products.read_text(encoding="utf-8")
    old = "ends: 2026-12-31 23:59:59, label: 年末換機價"
    assert old in text
    products.write_text(text.replace(old, f"ends: {ends:%Y-%m-%d %H:%M:%S}, label: 年末換機價"), encoding="utf-8")
    main = dst / "tech_reviewer.yaml"

    clock = FastClock()
    cfg = show_mod.ShowConfig(persona=main, sources=[], out=tmp_path / "out", duration_s=None, watch=False)
    show = show_mod.Show(cfg, llm=fake.FakeLLM(clock, [], default=fake.Reply.text("好的。")), clock=clock, busy_llm=False)
    run = asyncio.create_task(show.run())

    def price_said() -> str:
        return " ".join(show.writer.answering.answer("N9手機現在多少錢", "zh-Hant").plan.lines)

    try:
        for _ in range(300):
            if show.stage.program_s > 1:
                break
            await asyncio.sleep(0.05)
        assert "2299" in price_said()
        shift[0] = timedelta(hours=1, seconds=1)
        for _ in range(400):  # the window closes; the writer takes the rebuilt facts at its next line
            if "2299" not in price_said():
                break
            await asyncio.sleep(0.05)
        assert "2499" in price_said() and "2299" not in price_said()
        assert not show.writer.guard.check("N9 手機現在是 2299 元。", product=show.persona.product("n9-phone")).ok
    finally:
        show.stage.stop()
        await asyncio.wait_for(run, 30)
