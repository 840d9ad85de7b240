"""Secrets in source and sink specs: from a file or the environment, not the command line.

Anything in a `--source`/`--sink` spec is visible to every local user in `ps` and
/proc/PID/cmdline. Each secret option therefore also takes `NAME_file=PATH` (a file
holding it, e.g. a systemd credential or a Docker secret) and an environment variable
(with a `_FILE` twin). A secret written in the spec itself still works on loopback with
a warning; where it guards a port open to the network it is refused.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from pathlib import Path

from vhost.errors import ConfigError

log = logging.getLogger(__name__)
_warned: set[tuple[str, str]] = set()


def secret(
    params: Mapping[str, str], key: str, env_name: str, *, spec: str, env: Mapping[str, str] | None = None, refuse_inline: bool = False
) -> str:
    """The secret `key` of a spec, from the first of: `key_file=PATH`; `key=` written in the
    spec (warned, or refused with refuse_inline); $ENV_NAME_FILE; $ENV_NAME. "" if none."""
    env = os.environ if env is None else env
    if params.get(f"{key}_file"):
        return _read(params[f"{key}_file"], f"{key}_file=", spec)
    inline = params.get(key, "")
    if inline:
        fix = f"put it in a file and pass {key}_file=PATH, or set {env_name}"
        if refuse_inline:
            raise ConfigError(f"'{redact(spec)}': {key}= on the command line is visible to every local user (ps)", fix=fix)
        if (spec, key) not in _warned:
            _warned.add((spec, key))
            log.warning("'%s': %s= on the command line is visible to every local user (ps); %s", redact(spec), key, fix)
        return inline
    if env.get(f"{env_name}_FILE"):
        return _read(env[f"{env_name}_FILE"], f"{env_name}_FILE=", spec)
    return env.get(env_name, "").strip()


def _read(path: str, where: str, spec: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8").strip()
    except OSError as e:
        raise ConfigError(f"'{redact(spec)}': {where}{path}: {e.strerror}") from None


SECRET_KEYS = ("token", "sessdata", "secret", "key", "password")


def redact(spec: str) -> str:
    """The spec with secret values replaced by ***, for messages and logs."""
    head, sep, query = spec.partition("?")
    if not sep:
        return spec
    parts = []
    for item in query.split("&"):
        k, eq, _v = item.partition("=")
        parts.append(f"{k}=***" if eq and k.lower() in SECRET_KEYS else item)
    return f"{head}?{'&'.join(parts)}"
