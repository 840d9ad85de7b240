"""Load a persona file into the validated model. (Minimal; extended by the persona system.)"""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import ValidationError

from vhost.errors import ConfigError
from vhost.persona.model import Persona


def load_persona(path: str | Path) -> Persona:
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ConfigError(f"{p}: persona file not found", fix="pass --persona personas/tech_reviewer.yaml") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f"{p}:{mark.line + 1}:{mark.column + 1}" if mark else str(p)
        raise ConfigError(f"{where}: {getattr(e, 'problem', e)}") from None
    try:
        return Persona.model_validate(data)
    except ValidationError as e:
        err = e.errors()[0]
        loc = ".".join(str(x) for x in err["loc"])
        raise ConfigError(f"{p}: {loc}: {err['msg']}") from None
