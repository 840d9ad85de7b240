from __future__ import annotations

from pathlib import Path

import pytest

from vhost.persona.loader import load_persona
from vhost.persona.model import Persona

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def persona() -> Persona:
    return load_persona(ROOT / "personas" / "tech_reviewer.yaml")
