"""The alerts file: defaults, ${ENV} secrets, and one-line errors naming the file, line and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from vhost.alerts import load_alerts
from vhost.errors import ConfigError

EXAMPLE = Path("deploy/alerts.example.yaml")
ENV = {n: "x" + n.lower() for n in ("VHOST_DINGTALK_TOKEN", "VHOST_DINGTALK_SECRET", "VHOST_FEISHU_SECRET",
                                   "VHOST_WECOM_KEY", "VHOST_ALERT_SECRET")}  # fmt: skip
ENV |= {"VHOST_FEISHU_WEBHOOK": "https://open.feishu.cn/open-apis/bot/v2/hook/abc", "VHOST_SLACK_WEBHOOK": "https://hooks.slack.com/services/T/B/C"}


def test_the_shipped_example_loads_with_its_secrets_from_the_environment() -> None:
    cfg = load_alerts(EXAMPLE, env=ENV)
    assert [h.type for h in cfg.notify] == ["dingtalk", "feishu", "wecom", "slack", "json"]
    assert cfg.notify[0].url.endswith("access_token=xvhost_dingtalk_token") and cfg.notify[0].secret == "xvhost_dingtalk_secret"
    assert cfg.rules.silence.over_s == 10 and cfg.rules.guard_refusals.at_least == 20
    assert cfg.rules.program_lag.severity == "warning"


def test_an_empty_file_means_every_rule_with_its_default_and_no_webhook(tmp_path: Path) -> None:
    p = tmp_path / "a.yaml"
    p.write_text("", encoding="utf-8")
    cfg = load_alerts(p, env={})
    assert cfg.notify == [] and cfg.rules.source_down.over_s == 30 and cfg.rules.encoder_restarts.within_s == 300


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("rules:\n  silence:\n    over_s: -3\n", "a.yaml:3: rules.silence.over_s: Input should be greater than 0"),
        ("rules:\n  silense: {over_s: 3}\n", "a.yaml:2: rules.silense: Extra inputs are not permitted"),
        ("notify:\n  - type: teams\n    url: http://x\n", "a.yaml:2: notify.0.type: Input should be 'json', 'slack', 'dingtalk', 'feishu' or 'wecom'"),
        ("notify:\n  - type: slack\n    url: hooks.slack.com/x\n", "a.yaml:3: notify.0.url: must be an http:// or https:// URL"),
        ("notify:\n  - type: dingtalk\n    url: https://x/?t=1\n    secret: ${NOT_SET_ANYWHERE}\n",
         "a.yaml:4: notify.0.secret: environment variable NOT_SET_ANYWHERE is not set"),
        ("rules: [1, 2\n", "a.yaml:2: invalid YAML"),
        ("- just a list\n", "a.yaml:1: an alerts file is a mapping"),
    ],
)
def test_mistakes_are_one_line_with_file_line_and_field(tmp_path: Path, text: str, message: str) -> None:
    p = tmp_path / "a.yaml"
    p.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as e:
        load_alerts(p, env={})
    msg = e.value.one_line()
    assert "\n" not in msg and msg.removeprefix(str(tmp_path) + "/").startswith(message), msg


def test_a_secret_never_appears_in_an_error(tmp_path: Path) -> None:
    p = tmp_path / "a.yaml"
    p.write_text("notify:\n  - type: feishu\n    url: ${HOOK}\n    secret: ${SECRET}\n    timeout_s: 0\n", encoding="utf-8")
    with pytest.raises(ConfigError) as e:
        load_alerts(p, env={"HOOK": "https://open.feishu.cn/hook/TOPSECRETHOOK", "SECRET": "TOPSECRETKEY"})
    assert "TOPSECRET" not in e.value.one_line() and "notify.0.timeout_s" in e.value.one_line()


def test_a_missing_file_is_one_line(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"nope\.yaml: cannot read the alerts file"):
        load_alerts(tmp_path / "nope.yaml")
