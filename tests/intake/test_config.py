from __future__ import annotations

import pytest

from vhost.errors import ConfigError
from vhost.intake.config import IntakeConfig, load_intake_config


def test_defaults_and_file(tmp_path) -> None:
    assert IntakeConfig().stale_after_s == 20
    f = tmp_path / "intake.yaml"
    f.write_text("stale_after_s: 30\nweights: {question: 5}\nblocked_users: [troll]\n", encoding="utf-8")
    cfg = load_intake_config(f)
    assert (cfg.stale_after_s, cfg.weights.question, cfg.weights.paid, cfg.blocked_users) == (30, 5, 3.0, ["troll"])


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("stale_after_s: -1\n", "intake.yaml: stale_after_s: Input should be greater than 0"),
        ("weights: {qestion: 5}\n", "intake.yaml: weights.qestion: Extra inputs are not permitted"),
        ("a: [\n", "intake.yaml:2: not valid YAML"),
    ],
)
def test_bad_file_is_one_line(tmp_path, body: str, message: str) -> None:
    f = tmp_path / "intake.yaml"
    f.write_text(body, encoding="utf-8")
    with pytest.raises(ConfigError) as e:
        load_intake_config(f)
    assert message in str(e.value) and "\n" not in str(e.value)
