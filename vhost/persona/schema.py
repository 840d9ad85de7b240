"""The persona JSON Schema, for editors (YAML language server) and `vhost persona schema`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from vhost.persona.model import Persona

DEFAULT_PATH = Path(__file__).resolve().parents[2] / "personas" / "schema.json"


def persona_schema() -> dict[str, Any]:
    schema = Persona.model_json_schema()
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema, "title": "vhost persona"}


def schema_text() -> str:
    return json.dumps(persona_schema(), ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def write_schema(path: Path = DEFAULT_PATH) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(schema_text(), encoding="utf-8")
    return path
