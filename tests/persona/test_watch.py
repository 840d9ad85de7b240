"""Hot reload: valid edits are handed over, invalid ones rejected with file:line:col, alone and in a running show."""

from __future__ import annotations

import asyncio
import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from vhost.persona.model import Persona
from vhost.persona.watch import PersonaWatcher

pytestmark = pytest.mark.timeout(60)

ROOT = Path(__file__).resolve().parents[2]
WHERE = re.compile(r"^\S+\.(yaml|txt):\d+:\d+: ")


def copy_personas(tmp: Path) -> Path:
    dst = tmp / "personas"
    shutil.copytree(ROOT / "personas", dst, ignore=shutil.ignore_patterns("samples"))
    return dst


async def until(cond: Callable[[], bool], timeout: float = 15.0) -> None:
    """Poll state that other tasks change; the timeout only turns a hang into a failure."""
    async with asyncio.timeout(timeout):
        while not cond():  # noqa: ASYNC110 - polling is the point: no event exists for "the show said X"
            await asyncio.sleep(0.02)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


async def test_watcher_hands_over_good_edits_and_rejects_bad_ones(tmp_path: Path) -> None:
    personas = copy_personas(tmp_path)
    main = personas / "tech_reviewer.yaml"
    changes: list[Persona] = []
    errors: list[list[str]] = []
    w = PersonaWatcher(main, changes.append, errors.append, interval=0.05)
    task = asyncio.create_task(w.run())
    try:
        await until(lambda: len(w.files) > 1)  # started: knows what the persona extends
        assert personas / "common" / "tech_products.yaml" in w.files
        assert personas / "common" / "adlaw_banned.txt" in w.files

        edit(main, "  - 新進來的家人們，有問題可以直接打在公屏上。", "  - 熱更新後的新填充句，有問題打在公屏上。")
        await until(lambda: len(changes) == 1)
        assert changes[0].fillers[0] == "熱更新後的新填充句，有問題打在公屏上。"

        edit(main, "  address: 家人們", "  adress: 家人們")  # a typo: rejected, nothing handed over
        await until(lambda: len(errors) == 1)
        assert errors[0] and all(WHERE.match(e) for e in errors[0])
        assert any("unknown key 'adress' in identity (did you mean 'address'?)" in e for e in errors[0])
        edit(main, "  adress: 家人們", "  address: 家人們")
        await until(lambda: len(changes) == 2)

        edit(main, "  - 我們只講實測數據，想看哪一項就說。", "  - 這是全網最低價，想看哪一項就說。")  # lint-level: banned
        await until(lambda: len(errors) == 2)
        assert any("banned term '全網最低價' in a filler" in e for e in errors[1])
        edit(main, "  - 這是全網最低價，想看哪一項就說。", "  - 我們只講實測數據，想看哪一項就說。")
        await until(lambda: len(changes) == 3)

        # a parent file: its own line is named; a fix there reloads again
        prices = personas / "common" / "tech_products.yaml"
        edit(prices, "    price: 129\n", "    price: 一百\n")
        await until(lambda: len(errors) == 3)
        assert any("tech_products.yaml:" in e for e in errors[2])
        assert any("products[1].price" in e for e in errors[2])
        edit(prices, "    price: 一百\n", "    price: 119\n")
        await until(lambda: len(changes) == 4)
        p65 = changes[-1].product("p65-charger")
        assert p65 is not None and p65.price == 119
        assert (w.changes, w.rejections) == (4, 3)
    finally:
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task


async def test_alias_bomb_saved_mid_show_is_rejected_quickly(tmp_path: Path) -> None:
    personas = copy_personas(tmp_path)
    main = personas / "beauty_lab.yaml"
    errors: list[list[str]] = []
    w = PersonaWatcher(main, lambda p: None, errors.append, interval=0.05)
    task = asyncio.create_task(w.run())
    try:
        await until(lambda: len(w.files) > 1)
        bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
        bomb += [f"{n}: &{n} [" + ",".join([f"*{p}"] * 9) + "]" for p, n in zip("abcdefgh", "bcdefghi", strict=True)]
        main.write_text(main.read_text(encoding="utf-8") + "\n".join(bomb) + "\n", encoding="utf-8")
        await until(lambda: len(errors) == 1)
        assert len(errors[0]) == 1 and "YAML aliases" in errors[0][0] and WHERE.match(errors[0][0])
    finally:
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task


def write_replay(path: Path) -> None:
    lines = [
        {"t": 1.0, "kind": "danmaku", "user": {"id": "a", "name": "小明"}, "text": "耳機多少錢"},
        {"t": 2.0, "kind": "gift", "user": {"id": "c", "name": "Lily"}, "gift": {"name": "小心心", "count": 3}, "value_cny": 3},
    ]
    path.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n", encoding="utf-8")


async def test_hot_reload_during_a_running_fast_show(tmp_path: Path) -> None:
    import tests.fakes.fake_llm as fake
    import vhost.show as show_mod
    from vhost.clock import FastClock

    personas = copy_personas(tmp_path)
    main = personas / "tech_reviewer.yaml"
    replay = tmp_path / "chat.jsonl"
    write_replay(replay)
    clock = FastClock()
    cfg = show_mod.ShowConfig(persona=main, sources=[f"replay:{replay}"], out=tmp_path / "out", duration_s=None, watch=True)
    show = show_mod.Show(cfg, llm=fake.FakeLLM(clock, [], default=fake.Reply.text("X1 單次續航 8 小時。")), clock=clock,
                         busy_llm=False)
    run = asyncio.create_task(show.run())
    transcript = tmp_path / "out" / "transcript.jsonl"

    def said(text: str) -> bool:
        return transcript.exists() and text in transcript.read_text(encoding="utf-8")

    try:
        await until(lambda: show.stage.program_s > 5 and transcript.exists())
        original = show.persona

        # a bad edit first: rejected with file:line:col, the show keeps the last good persona and keeps going
        edit(main, "  address: 家人們", "  adress: 家人們")
        await until(lambda: bool(show.persona_errors))
        assert all(WHERE.match(e) for e in show.persona_errors)
        assert any("tech_reviewer.yaml:" in e and "did you mean 'address'" in e for e in show.persona_errors)
        assert show.persona is original and show.reloads == 0
        t = show.stage.program_s
        await until(lambda: show.stage.program_s > t + 5)

        # good edits: the typo fixed, then a new filler; applied at the next utterance boundary
        edit(main, "  adress: 家人們", "  address: 家人們")
        await until(lambda: show.reloads == 1)
        assert show.persona is not original
        marker = "熱更新已經生效，有問題打在公屏上。"
        edit(main, "  - 新進來的家人們，有問題可以直接打在公屏上。", f"  - {marker}")
        await until(lambda: show.reloads == 2)
        assert show.persona.fillers[0] == marker
        await until(lambda: show.director.persona.fillers[0] == marker)  # taken at an utterance boundary
        await until(lambda: said(marker), timeout=30)  # and then actually said on air
        # a broken parent saved mid-show: rejected, the show still runs on the persona it has
        n = len(show.persona_errors)
        edit(personas / "common" / "zh.yaml", "compliance:\n  include:", "compliance:\n\tinclude:")
        await until(lambda: len(show.persona_errors) > n)
        assert any("zh.yaml:" in e and "tab in indentation" in e for e in show.persona_errors[n:])
        assert show.persona.fillers[0] == marker and show.reloads == 2
    finally:
        show.stage.stop()
        result = await asyncio.wait_for(run, 30)
    assert result.stats["reloads"] == 2 and result.stats["persona_errors"]
    assert result.program_s > 10


async def test_creating_a_missing_parent_reloads(tmp_path: Path) -> None:
    main = tmp_path / "p.yaml"
    main.write_text("id: p\nextends: [base.yaml]\n", encoding="utf-8")
    changes: list[Persona] = []
    errors: list[list[str]] = []
    w = PersonaWatcher(main, changes.append, errors.append, interval=0.05)
    task = asyncio.create_task(w.run())
    try:
        await until(lambda: (tmp_path / "base.yaml") in w.files)
        (tmp_path / "base.yaml").write_text(
            "identity: {name: 主播}\nrundown:\n  segments:\n    - {id: s, script: [開場]}\n", encoding="utf-8"
        )
        await until(lambda: len(changes) == 1)
        assert changes[0].identity.name == "主播" and not errors
    finally:
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
