"""Persona emotion/motion names -> engine names."""

from __future__ import annotations

from vhost.avatar.mapping import AvatarMap
from vhost.persona.model import AvatarConfig, EmotionMap, Identity, Persona

PERSONA = Persona(
    id="t",
    identity=Identity(name="測試"),
    avatar=AvatarConfig(
        emotions={
            "Excited": EmotionMap(vts_hotkey="Sparkle", vmc={"Fun": 0.8}),
            "shy": EmotionMap(vts_expression="shy.exp3.json"),
        },
        motions={"nod": EmotionMap(vts_hotkey="Nod")},
    ),
)


def test_persona_names_win_and_match_case_insensitively() -> None:
    m = AvatarMap(PERSONA)
    a = m.emotion("excited")
    assert a is not None and (a.vts_hotkey, a.vts_expression, a.vmc) == ("Sparkle", None, (("Fun", 0.8),))
    shy = m.emotion("shy")
    assert shy is not None and shy.vts_expression == "shy.exp3.json" and shy.vmc == ()
    nod = m.motion("nod")
    assert nod is not None and nod.vts_hotkey == "Nod"
    assert m.motion("excited") is None  # emotions and motions are separate tables


def test_unmapped_names_fall_back_to_vrm_presets() -> None:
    m = AvatarMap(None)
    happy, sad, neutral = m.emotion("happy"), m.emotion("難過"), m.emotion("neutral")
    assert happy is not None and happy.vmc == (("Joy", 1.0),) and happy.vts_hotkey is None
    assert sad is not None and sad.vmc == (("Sorrow", 1.0),)
    assert neutral is not None and neutral.vmc == ()
    sorrow = m.emotion("SORROW")
    assert sorrow is not None and sorrow.vmc == (("Sorrow", 1.0),)
    assert m.emotion("grumpy-cat") is None and m.emotion(None) is None


def test_visemes_and_vrm1() -> None:
    m0, m1 = AvatarMap(), AvatarMap(vrm=1)
    assert [m0.viseme(v) for v in ("a", "I", "u", "E", "o", "rest", None, "X")] == [
        "A",
        "I",
        "U",
        "E",
        "O",
        None,
        None,
        None,
    ]
    assert m1.vowels() == ("aa", "ih", "ou", "ee", "oh")
    joy = m1.emotion("joy")
    assert joy is not None and joy.vmc == (("happy", 1.0),)
    assert m1.shape("Blink_L") == "blinkLeft" and m1.shape("CustomShape") == "CustomShape"
