"""Settings refuse a guessable control token wherever the network can reach the console."""

from __future__ import annotations

import pytest

from server.settings import Settings, load_settings
from vhost.errors import ConfigError

PERSONA = "personas/tech_reviewer.yaml"


@pytest.mark.parametrize(
    "token",
    ["", "changeme", "CHANGEME", " secret ", "short-token", "aaaaaaaaaaaaaaaaaaaaaaaa", "0123456789abcdef0123",
     "passwordpasswordpassword", "test-token-0123456789abcdef"],
)  # fmt: skip
def test_guessable_token_refused_off_loopback(token):
    with pytest.raises(ConfigError) as err:
        load_settings(persona=PERSONA, host="0.0.0.0", control_token=token)
    msg = err.value.one_line()
    assert msg.startswith("control_token:") and "0.0.0.0" in msg and "VHOST_CONTROL_TOKEN" in msg and "\n" not in msg


@pytest.mark.parametrize("token", ["", "changeme"])
def test_loopback_accepts_any_token(token):
    s = load_settings(persona=PERSONA, host="127.0.0.1", control_token=token)
    assert s.auth_required is bool(token)


def test_token_and_fields_from_environment(monkeypatch):
    monkeypatch.setenv("VHOST_CONTROL_TOKEN", "  a-long-random-token-0123  ")  # about 75 bits by the estimate
    monkeypatch.setenv("VHOST_SOURCES", '["push:?port=0"]')
    s = Settings(persona=PERSONA, host="0.0.0.0")
    assert s.control_token == "a-long-random-token-0123" and s.auth_required
    assert s.sources == ["push:?port=0"]
    cfg = s.show_config()
    assert cfg.duration_s is None and cfg.realtime is True and cfg.sources == ["push:?port=0"]


def test_bad_field_is_one_line():
    with pytest.raises(ConfigError) as err:
        load_settings(persona=PERSONA, port=70000)
    assert err.value.one_line().startswith("port:") and err.value.fix is None
    with pytest.raises(ConfigError, match=r"^persona: Field required"):
        load_settings()


def test_random_tokens_pass_and_the_token_can_come_from_a_file(tmp_path, monkeypatch):
    import secrets

    for _ in range(200):
        load_settings(persona=PERSONA, host="0.0.0.0", control_token=secrets.token_urlsafe(24))
        load_settings(persona=PERSONA, host="0.0.0.0", control_token=secrets.token_hex(16))
    f = tmp_path / "control-token"
    f.write_text(secrets.token_urlsafe(24) + "\n")
    monkeypatch.setenv("VHOST_CONTROL_TOKEN", "ignored-when-a-file-is-given")
    monkeypatch.setenv("VHOST_CONTROL_TOKEN_FILE", str(f))
    s = Settings(persona=PERSONA, host="0.0.0.0")
    assert s.control_token == f.read_text().strip()
    monkeypatch.setenv("VHOST_CONTROL_TOKEN_FILE", str(tmp_path / "missing"))
    with pytest.raises(ConfigError, match=r"control_token_file: .*missing"):
        load_settings(persona=PERSONA, host="0.0.0.0")
