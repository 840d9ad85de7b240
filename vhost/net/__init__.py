"""Small network helpers shared by the outputs: host:port parsing, websocket fan-out and RPC."""

from __future__ import annotations

from vhost.errors import ConfigError


def parse_hostport(target: str, default_host: str = "127.0.0.1", default_port: int = 0) -> tuple[str, int]:
    """`8766`, `127.0.0.1:8766`, `:8766` or `` (port 0 = any free port)."""
    host, sep, port = target.rpartition(":")
    if not sep:
        host, port = "", target
    try:
        n = int(port) if port else default_port
    except ValueError:
        raise ConfigError(f"'{target}' is not a port or HOST:PORT") from None
    if not 0 <= n <= 65535:
        raise ConfigError(f"port {n} in '{target}' is outside 0..65535")
    return host or default_host, n
