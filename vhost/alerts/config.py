"""The alerts file: rules with thresholds and the webhooks they notify, validated at startup.

A mistake is one line naming the file, the line and the field. Webhook URLs and secrets
may be written as ``${ENV_NAME}`` so they stay out of the file and out of argv.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from vhost.errors import ConfigError

MAX_BYTES = 256 * 1024
_ENV = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")
LLM_CAUSES = ["first_token_timeout", "stall", "llm_error", "empty"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Rule(_Model):
    enabled: bool = True
    severity: Literal["critical", "warning", "info"] = "critical"
    for_s: float = Field(0.0, ge=0, description="the condition must hold this long before it fires")
    clear_s: float = Field(0.0, ge=0, description="and be gone this long before it resolves")


class Silence(Rule):
    over_s: float = Field(10.0, gt=0)


class SourceDown(Rule):
    over_s: float = Field(30.0, gt=0)


class ProgramLag(Rule):
    severity: Literal["critical", "warning", "info"] = "warning"
    over_s: float = Field(5.0, gt=0)


class Window(Rule):
    at_least: int = Field(1, ge=1, description="fires when at least this many happen ...")
    within_s: float = Field(60.0, gt=0, le=86400, description="... within this many program seconds")


class Fallbacks(Window):
    severity: Literal["critical", "warning", "info"] = "warning"
    at_least: int = Field(3, ge=1)
    within_s: float = Field(120.0, gt=0, le=86400)
    causes: list[str] = Field(default_factory=lambda: list(LLM_CAUSES))


class LlmErrors(Window):
    at_least: int = Field(3, ge=1)


class EncoderRestarts(Window):
    within_s: float = Field(300.0, gt=0, le=86400)


class GuardRefusals(Window):
    severity: Literal["critical", "warning", "info"] = "warning"
    at_least: int = Field(20, ge=1)


class VoiceLastEngine(Rule):
    severity: Literal["critical", "warning", "info"] = "warning"


class DiskLow(Rule):
    below_mb: float = Field(1024.0, gt=0)


class PersonaRejected(Rule):
    severity: Literal["critical", "warning", "info"] = "warning"


class CrashRestart(Rule):
    stable_s: float = Field(60.0, gt=0, description="resolves once the resumed show has run this long")


class Rules(_Model):
    silence: Silence = Field(default_factory=Silence)
    source_down: SourceDown = Field(default_factory=SourceDown)
    fallbacks: Fallbacks = Field(default_factory=Fallbacks)
    llm_errors: LlmErrors = Field(default_factory=LlmErrors)
    voice_last_engine: VoiceLastEngine = Field(default_factory=VoiceLastEngine)
    encoder_restarts: EncoderRestarts = Field(default_factory=EncoderRestarts)
    disk_low: DiskLow = Field(default_factory=DiskLow)
    guard_refusals: GuardRefusals = Field(default_factory=GuardRefusals)
    program_lag: ProgramLag = Field(default_factory=ProgramLag)
    persona_rejected: PersonaRejected = Field(default_factory=PersonaRejected)
    crash_restart: CrashRestart = Field(default_factory=CrashRestart)


class Webhook(_Model):
    type: Literal["json", "slack", "dingtalk", "feishu", "wecom"]
    url: str
    secret: str = Field("", description="DingTalk/Feishu signing secret; HMAC key of the json webhook")
    name: str = ""
    mention_all: bool = Field(False, description="@everyone on firing messages (DingTalk, Feishu, WeCom, Slack)")
    timeout_s: float = Field(5.0, gt=0, le=60)
    retries: int = Field(5, ge=0, le=20)
    backoff_s: float = Field(1.0, gt=0, le=600, description="first retry delay; doubles each time")

    @field_validator("url")
    @classmethod
    def _http(cls, v: str) -> str:
        if not re.match(r"https?://[^\s/]+", v):
            raise ValueError("must be an http:// or https:// URL")
        return v

    @property
    def label(self) -> str:
        return self.name or self.type


class AlertConfig(_Model):
    show: str = Field("", description="name used in messages (default: the persona's name)")
    every_s: float = Field(1.0, gt=0, le=60, description="evaluation period on the program clock")
    queue: int = Field(100, ge=1, le=10_000, description="notifications waiting per webhook before new ones are dropped")
    rules: Rules = Field(default_factory=Rules)
    notify: list[Webhook] = Field(default_factory=list)


def _expand(value: Any, where: list[Any], env: dict[str, str]) -> Any:
    if isinstance(value, dict):
        return {k: _expand(v, [*where, k], env) for k, v in value.items()}
    if isinstance(value, list):
        return [_expand(v, [*where, i], env) for i, v in enumerate(value)]
    if isinstance(value, str):

        def sub(m: re.Match[str]) -> str:
            if m.group(1) not in env:
                raise _Missing(where, m.group(1))
            return env[m.group(1)]

        return _ENV.sub(sub, value)
    return value


class _Missing(Exception):
    def __init__(self, where: list[Any], name: str) -> None:
        self.where, self.name = where, name


def _line(root: yaml.Node | None, loc: list[Any]) -> int:
    """1-based line of the deepest node the location reaches."""
    node, line = root, 1
    for key in loc:
        if node is None:
            break
        line = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            node = next((v for k, v in node.value if k.value == str(key)), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            node = node.value[key]
        else:
            node = None
    if node is not None:
        line = node.start_mark.line + 1
    return line


def load_alerts(path: Path, env: dict[str, str] | None = None) -> AlertConfig:
    env = dict(os.environ) if env is None else env
    shown = str(path)
    try:
        data = path.read_bytes()
    except OSError as e:
        raise ConfigError(f"{shown}: cannot read the alerts file: {e.strerror or e}") from None
    if len(data) > MAX_BYTES:
        raise ConfigError(f"{shown}: {len(data):,} bytes, over the {MAX_BYTES:,}-byte limit for an alerts file")
    try:
        text = data.decode("utf-8-sig")
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        raw = yaml.safe_load(text)
    except UnicodeDecodeError:
        raise ConfigError(f"{shown}: not UTF-8 text") from None
    except yaml.MarkedYAMLError as e:
        m = e.problem_mark
        raise ConfigError(f"{shown}:{m.line + 1 if m else 1}: invalid YAML: {e.problem or e}") from None
    except (yaml.YAMLError, RecursionError) as e:
        raise ConfigError(f"{shown}: invalid YAML: {type(e).__name__}") from None
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise ConfigError(f"{shown}:1: an alerts file is a mapping (rules:, notify:)")
    try:
        raw = _expand(raw, [], env)
    except _Missing as e:
        field = ".".join(str(x) for x in e.where)
        raise ConfigError(f"{shown}:{_line(root, e.where)}: {field}: environment variable {e.name} is not set") from None
    try:
        return AlertConfig.model_validate(raw)
    except ValidationError as err:
        first = err.errors()[0]
        loc = [x for x in first["loc"] if not (isinstance(x, str) and x.startswith("function-"))]
        field = ".".join(str(x) for x in loc) or "alerts"
        msg = str(first["msg"]).removeprefix("Value error, ")
        raise ConfigError(f"{shown}:{_line(root, loc)}: {field}: {msg}") from None
