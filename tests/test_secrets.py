"""Secrets in specs come from files or the environment; one on the command line is warned
about (loopback) or refused (a network port), and never logged."""

from __future__ import annotations

import logging

import pytest

from vhost.errors import ConfigError
from vhost.secrets import redact, secret
from vhost.sources.base import SourceSpec


def test_order_file_then_inline_then_env(tmp_path, caplog):
    f = tmp_path / "s"
    f.write_text("from-file\n")
    p = {"token_file": str(f), "token": "inline"}
    assert secret(p, "token", "X_TOKEN", spec="s:?token=inline", env={"X_TOKEN": "env"}) == "from-file"
    with caplog.at_level(logging.WARNING):
        assert secret({"token": "inline"}, "token", "X_TOKEN", spec="s1:?token=inline", env={"X_TOKEN": "env"}) == "inline"
    assert "visible to every local user" in caplog.text and "inline" not in caplog.text
    assert secret({}, "token", "X_TOKEN", spec="s:", env={"X_TOKEN_FILE": str(f), "X_TOKEN": "env"}) == "from-file"
    assert secret({}, "token", "X_TOKEN", spec="s:", env={"X_TOKEN": " env "}) == "env"
    assert secret({}, "token", "X_TOKEN", spec="s:", env={}) == ""
    with pytest.raises(ConfigError, match="visible to every local user"):
        secret({"token": "inline"}, "token", "X_TOKEN", spec="s:?token=inline", env={}, refuse_inline=True)
    with pytest.raises(ConfigError, match=r"token_file=.*No such file"):
        secret({"token_file": str(tmp_path / "none")}, "token", "X_TOKEN", spec="s:", env={})


def test_redact_hides_values_not_names():
    assert redact("bilibili:5050?sessdata=abc&uid=7&token=T") == "bilibili:5050?sessdata=***&uid=7&token=***"
    assert redact("twitch:chan") == "twitch:chan"


def test_every_secret_option_takes_a_file(tmp_path):
    from vhost.sinks.obs import from_spec as obs
    from vhost.sources.bilibili.open_platform import options_from_spec as bili_open
    from vhost.sources.bilibili.web import options_from_spec as bili
    from vhost.sources.twitch import options_from_spec as twitch

    f = tmp_path / "secret"
    f.write_text("s3cr3t\n")
    assert bili(SourceSpec.parse(f"bilibili:5050?sessdata_file={f}"), env={}).creds.sessdata == "s3cr3t"
    assert bili(SourceSpec.parse("bilibili:5050"), env={"VHOST_BILI_SESSDATA_FILE": str(f)}).creds.sessdata == "s3cr3t"
    o = bili_open(SourceSpec.parse(f"bilibili-open:CODE?app_id=1&key_file={f}&secret_file={f}"), env={})
    assert (o.key, o.secret) == ("s3cr3t", "s3cr3t")
    assert twitch(SourceSpec.parse(f"twitch:chan?token_file={f}"), env={}).token == "s3cr3t"
    assert obs("ws://127.0.0.1:4455", {"password_file": str(f)}, {"out_dir": tmp_path})._password == "s3cr3t"
