"""Alerts: rules with thresholds read from YAML, evaluated on the program clock, sent once
when they fire and once when they recover to webhooks (JSON, Slack, DingTalk, Feishu, WeCom)."""

from vhost.alerts.config import AlertConfig, Webhook, load_alerts
from vhost.alerts.evaluator import Evaluator
from vhost.alerts.notify import Dispatcher, Notice

__all__ = ["AlertConfig", "Dispatcher", "Evaluator", "Notice", "Webhook", "load_alerts"]
