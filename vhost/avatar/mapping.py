"""Persona emotion/motion/viseme names -> what each avatar engine calls them.

Persona authors name emotions in their own words (`excited`, `害羞`) and map them in
`avatar.emotions` / `avatar.motions` to a VTube Studio hotkey or expression file and to
VRM blendshapes. Names with no mapping fall back to the VRM presets they obviously mean.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from vhost.persona.model import EmotionMap, Persona

VOWELS = ("A", "I", "U", "E", "O")
EXPRESSIONS = ("Joy", "Angry", "Sorrow", "Fun")
VRM0_PRESETS = frozenset({*EXPRESSIONS, *VOWELS, "Blink", "Blink_L", "Blink_R", "Neutral"})
VRM0_TO_VRM1 = {
    "Joy": "happy", "Angry": "angry", "Sorrow": "sad", "Fun": "relaxed", "Neutral": "neutral",
    "A": "aa", "I": "ih", "U": "ou", "E": "ee", "O": "oh",
    "Blink": "blink", "Blink_L": "blinkLeft", "Blink_R": "blinkRight",
}  # fmt: skip

# what an unmapped emotion name most likely means, as VRM0 presets
SYNONYMS: dict[str, dict[str, float]] = {
    "neutral": {},
    "calm": {},
    "happy": {"Joy": 1.0},
    "joy": {"Joy": 1.0},
    "smile": {"Joy": 0.6},
    "excited": {"Fun": 1.0},
    "fun": {"Fun": 1.0},
    "relaxed": {"Fun": 0.6},
    "angry": {"Angry": 1.0},
    "sad": {"Sorrow": 1.0},
    "sorrow": {"Sorrow": 1.0},
    "sorry": {"Sorrow": 0.6},
    "surprised": {"O": 0.6, "Joy": 0.3},
    "開心": {"Joy": 1.0},
    "开心": {"Joy": 1.0},
    "興奮": {"Fun": 1.0},
    "兴奋": {"Fun": 1.0},
    "生氣": {"Angry": 1.0},
    "生气": {"Angry": 1.0},
    "難過": {"Sorrow": 1.0},
    "难过": {"Sorrow": 1.0},
}
MOTION_SYNONYMS: dict[str, dict[str, float]] = {
    "blink": {"Blink": 1.0},
    "wink": {"Blink_R": 1.0},
    "眨眼": {"Blink": 1.0},
}


@dataclass(frozen=True, slots=True)
class AvatarAction:
    """One persona emotion or motion, resolved for every engine."""

    name: str
    vts_hotkey: str | None = None
    vts_expression: str | None = None
    vmc: tuple[tuple[str, float], ...] = ()


def clamp01(x: float) -> float:
    return 0.0 if x != x else min(1.0, max(0.0, x))  # NaN -> 0


class AvatarMap:
    def __init__(self, persona: Persona | None = None, vrm: Literal[0, 1] = 0) -> None:
        self.vrm = vrm
        avatar = persona.avatar if persona is not None else None
        self._emotions = dict(avatar.emotions) if avatar else {}
        self._motions = dict(avatar.motions) if avatar else {}

    def shape(self, vrm0_name: str) -> str:
        """A VRM0 preset name in the model's naming (VRM1 names when vrm=1); others pass unchanged."""
        return VRM0_TO_VRM1.get(vrm0_name, vrm0_name) if self.vrm == 1 else vrm0_name

    def vowels(self) -> tuple[str, ...]:
        return tuple(self.shape(v) for v in VOWELS)

    def viseme(self, name: str | None) -> str | None:
        """`A`..`O` (any case) -> the blendshape; `rest`, unknown or None -> None (mouth closed)."""
        if not name:
            return None
        up = name.strip().upper()
        return self.shape(up) if up in VOWELS else None

    def emotion(self, name: str | None) -> AvatarAction | None:
        return self._resolve(name, self._emotions, SYNONYMS, presets=True)

    def motion(self, name: str | None) -> AvatarAction | None:
        return self._resolve(name, self._motions, MOTION_SYNONYMS, presets=False)

    def _resolve(
        self, name: str | None, table: dict[str, EmotionMap], synonyms: dict[str, dict[str, float]], presets: bool
    ) -> AvatarAction | None:
        if not name:
            return None
        m = table.get(name) or next((v for k, v in table.items() if k.lower() == name.lower()), None)
        if m is not None:
            shapes = tuple((self.shape(k), clamp01(v)) for k, v in m.vmc.items())
            return AvatarAction(name, m.vts_hotkey, m.vts_expression, shapes)
        guess = synonyms.get(name.lower())
        if guess is None and presets:
            preset = next((p for p in VRM0_PRESETS if p.lower() == name.lower()), None)
            guess = {preset: 1.0} if preset else None
        if guess is None:
            return None
        return AvatarAction(name, vmc=tuple((self.shape(k), v) for k, v in guess.items()))
