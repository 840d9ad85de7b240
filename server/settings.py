"""Server settings: one typed object from flags and VHOST_* environment variables.

The control token guards a live broadcast, so a guessable one (a placeholder, or less
than about 56 bits by vhost.net.hardening.token_bits) is refused anywhere but on loopback
(where only local programs, such as an OBS dock, can reach the console). It comes from
the environment (VHOST_CONTROL_TOKEN) or a file (VHOST_CONTROL_TOKEN_FILE, e.g. a systemd
credential or a Docker secret), never from the command line, where `ps` shows it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from pydantic import Field, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from vhost.cohost.config import CohostConfig
from vhost.errors import ConfigError
from vhost.net.hardening import Limits, weak_token
from vhost.show import ShowConfig

LOOPBACK = frozenset({"127.0.0.1", "::1", "localhost"})
PLACEHOLDERS = frozenset(
    {"changeme", "change-me", "change_me", "changethis", "secret", "password", "token", "admin", "test", "default", "xxx"}
)
MIN_TOKEN = 16
TOKEN_FIX = (
    "set VHOST_CONTROL_TOKEN (or VHOST_CONTROL_TOKEN_FILE) to a random string such as "
    "`python3 -c 'import secrets; print(secrets.token_urlsafe(24))'`, or keep --host 127.0.0.1"
)


class Settings(BaseSettings):
    """`vhost serve` flags; each field also reads VHOST_<NAME> (VHOST_CONTROL_TOKEN for the token)."""

    model_config = SettingsConfigDict(env_prefix="VHOST_", extra="forbid")

    control_token: str = ""
    control_token_file: Path | None = None  # read at start; wins over control_token
    host: str = "127.0.0.1"
    port: int = Field(8080, ge=0, le=65535)
    persona: Path
    sources: list[str] = Field(default_factory=list)
    out: Path = Path("out/show")
    duration_s: float | None = Field(None, gt=0)  # None: until stopped
    realtime: bool = True
    model: str | None = None
    llm: Annotated[list[str], NoDecode] = Field(default_factory=list)  # a chain, first first (VHOST_LLM: specs separated by spaces)
    llm_first_token_s: float = Field(1.2, gt=0)
    sinks: list[str] = Field(default_factory=list)
    avatars: list[str] = Field(default_factory=list)
    cue_lead_s: float = Field(0.0, ge=0)
    music: Path | None = None
    watch: bool = True
    alerts: Path | None = None  # alert rules and webhooks (YAML)
    feed_interval_s: float = Field(1.0, gt=0, le=60)  # status push period on /api/feed
    feed_queue: int = Field(256, ge=1, le=100_000)  # messages buffered per feed client
    max_clients: int = Field(16, ge=1, le=1000)
    stop_timeout_s: float = Field(15.0, gt=0)
    resume: bool = False  # continue the show in `out`
    # Host names the console answers to besides loopback / the bound address (a reverse
    # proxy's name; on 0.0.0.0 setting any turns the check on), and origins allowed to
    # POST (a console served from another site)
    allowed_hosts: list[str] = Field(default_factory=list)
    allowed_origins: list[str] = Field(default_factory=list)
    max_body: int = Field(64 * 1024, ge=1024, le=16 * 1024 * 1024)
    max_connections: int = Field(64, ge=4, le=10_000)
    header_timeout_s: float = Field(10.0, gt=0, le=300)
    body_timeout_s: float = Field(15.0, gt=0, le=300)
    cohost: CohostConfig = Field(default_factory=CohostConfig)  # VHOST_COHOST='{"mode": "review"}'

    @field_validator("llm", mode="before")
    @classmethod
    def _llm_list(cls, v: object) -> object:
        return [] if v is None else v.split() if isinstance(v, str) else v

    @field_validator("control_token")
    @classmethod
    def _strip(cls, v: str) -> str:
        return v.strip()

    @model_validator(mode="after")
    def _token_fits_host(self) -> Settings:
        if self.control_token_file is not None:
            try:
                self.control_token = self.control_token_file.read_text(encoding="utf-8").strip()
            except OSError as e:
                raise ValueError(f"control_token_file: {self.control_token_file}: {e.strerror}") from None
        if self.host in LOOPBACK:
            return self
        t = self.control_token
        if not t:
            raise ValueError(f"control_token: empty, but the server would listen on {self.host}")
        why = "shorter than 16 characters" if len(t) < MIN_TOKEN else weak_token(t, PLACEHOLDERS)
        if why:
            raise ValueError(f"control_token: {why}, but the server would listen on {self.host}")
        return self

    def limits(self) -> Limits:
        from vhost.sources.push import MAX_BODY

        return Limits(
            max_body=self.max_body, route_bodies=(("/api/events", MAX_BODY),), max_connections=self.max_connections,
            header_timeout_s=self.header_timeout_s, body_timeout_s=self.body_timeout_s,
        )  # fmt: skip

    @property
    def auth_required(self) -> bool:
        return bool(self.control_token)

    def show_config(self) -> ShowConfig:
        return ShowConfig(
            persona=self.persona, sources=self.sources, out=self.out, duration_s=self.duration_s, realtime=self.realtime,
            model=self.model, llm=self.llm, llm_first_token_s=self.llm_first_token_s, sinks=self.sinks, avatars=self.avatars, cue_lead_s=self.cue_lead_s,
            music=self.music, watch=self.watch, alerts=self.alerts, resume=self.resume, cohost=self.cohost,
        )  # fmt: skip


def load_settings(**values: Any) -> Settings:
    """Settings or a one-line ConfigError naming the field (never a validation dump)."""
    try:
        return Settings(**values)
    except ValidationError as err:
        first = err.errors()[0]
        loc = ".".join(str(x) for x in first["loc"])
        msg = str(first["msg"]).removeprefix("Value error, ")
        token = "control_token" in f"{loc} {msg}"
        raise ConfigError(f"{loc}: {msg}" if loc else msg, fix=TOKEN_FIX if token else None) from None
