"""Persona line templates: Jinja2 in a sandbox. (Minimal; hardened by the persona system.)"""

from __future__ import annotations

from typing import Any

from jinja2.sandbox import ImmutableSandboxedEnvironment

_env = ImmutableSandboxedEnvironment(autoescape=False)


def render(template: str, variables: dict[str, Any]) -> str:
    if "{" not in template:
        return template
    return _env.from_string(template).render(**variables).strip()
