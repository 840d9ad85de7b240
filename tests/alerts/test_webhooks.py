"""Each webhook format and signature, checked by fake receivers that verify like the platforms."""

from __future__ import annotations

import time

import pytest

from tests.fakes.webhook_server import FakeReceivers
from vhost.alerts import Dispatcher, Notice, Webhook

PLATFORMS = ("json", "slack", "dingtalk", "feishu", "wecom")
SIGNED = ("json", "dingtalk", "feishu")


def notice(status: str = "firing", text: str = "the program has been silent for 12.0 s (limit 10 s)") -> Notice:
    return Notice(status, "silence", "", "critical", "科技測評官", text, 12.0, 612.0, 600.0, time.time())


def hook(recv: FakeReceivers, platform: str, **kw) -> Webhook:
    return Webhook(type=platform, url=recv.url(platform), backoff_s=0.01, timeout_s=5, **kw)


async def deliver(hooks: list[Webhook], *notices: Notice) -> Dispatcher:
    d = Dispatcher(hooks)
    d.start()
    for n in notices:
        d.send(n)
    await d.close(timeout_s=10)
    return d


@pytest.mark.parametrize("platform", PLATFORMS)
async def test_each_platform_accepts_a_firing_and_a_recovery(platform: str) -> None:
    secret = "SEC0123456789abcdef" if platform in SIGNED else ""
    async with FakeReceivers(secrets={platform: secret} if secret else {}) as recv:
        d = await deliver([hook(recv, platform, secret=secret)], notice("firing"), notice("resolved", "the voice is speaking again"))
    got = recv.accepted(platform)
    assert len(got) == 2 == len(recv.received), [r.body for r in recv.received]
    assert d.results[(platform, "sent")] == 2 and d.results[(platform, "failed")] == 0
    first, second = (r.body for r in got)
    if platform == "json":
        assert first["status"] == "firing" and first["alert"] == "silence" and first["show"] == "科技測評官"
        assert second["status"] == "resolved" and second["summary"] == "the voice is speaking again"
        return
    text = {"slack": lambda b: b["text"], "dingtalk": lambda b: b["text"]["content"],
            "feishu": lambda b: b["content"]["text"], "wecom": lambda b: b["text"]["content"]}[platform]  # fmt: skip
    assert text(first).startswith("[vhost] FIRING silence · 科技測評官\nthe program has been silent for 12.0 s")
    assert text(second).startswith("[vhost] RESOLVED silence · 科技測評官\nthe voice is speaking again")
    assert "lasted 12 s" in text(second)


@pytest.mark.parametrize("platform", SIGNED)
async def test_a_wrong_secret_is_refused_by_the_receiver_and_not_retried(platform: str) -> None:
    async with FakeReceivers(secrets={platform: "the-real-secret"}) as recv:
        d = await deliver([hook(recv, platform, secret="a-stale-secret", retries=3)], notice())
    assert recv.accepted() == [] and len(recv.received) == 1  # refused for good: one try only
    assert d.results[(platform, "failed")] == 1 and d.results[(platform, "retried")] == 0


async def test_dingtalk_signature_goes_in_the_query_next_to_the_access_token() -> None:
    async with FakeReceivers(secrets={"dingtalk": "SECabc"}) as recv:
        await deliver([hook(recv, "dingtalk", secret="SECabc", mention_all=True)], notice())
    (r,) = recv.accepted()
    assert set(r.query) == {"access_token", "timestamp", "sign"}
    assert abs(int(r.query["timestamp"]) / 1000 - time.time()) < 60  # milliseconds
    assert r.body["at"] == {"atMobiles": [], "isAtAll": True}


async def test_feishu_signature_goes_in_the_body_in_seconds() -> None:
    async with FakeReceivers(secrets={"feishu": "fs-secret"}) as recv:
        await deliver([hook(recv, "feishu", secret="fs-secret")], notice())
    (r,) = recv.accepted()
    assert r.query == {} and abs(int(r.body["timestamp"]) - time.time()) < 60
    assert r.body["msg_type"] == "text" and set(r.body) == {"timestamp", "sign", "msg_type", "content"}


async def test_wecom_long_text_is_clipped_to_2048_bytes_and_mentions_everyone() -> None:
    async with FakeReceivers() as recv:
        await deliver([hook(recv, "wecom", mention_all=True)], notice(text="聲音中斷" * 400), notice("resolved", "ok"))
    fired, resolved = recv.accepted("wecom")
    assert len(fired.body["text"]["content"].encode()) <= 2048
    assert fired.body["text"]["mentioned_list"] == ["@all"]
    assert "mentioned_list" not in resolved.body["text"]  # a recovery wakes nobody


@pytest.mark.parametrize("status", [500, 429])
async def test_server_errors_and_rate_limits_are_retried_with_backoff(status: int) -> None:
    async with FakeReceivers(fail_next=2, fail_status=status) as recv:
        t0 = time.monotonic()
        d = await deliver([hook(recv, "slack", retries=4)], notice())
        took = time.monotonic() - t0
    assert len(recv.received) == 3 and len(recv.accepted()) == 1
    assert d.results[("slack", "retried")] == 2 and d.results[("slack", "sent")] == 1
    assert took >= 0.03  # 0.01 + 0.02 s of backoff, or Retry-After 0.05 s twice


async def test_a_dead_receiver_gives_up_after_its_retries_and_others_still_get_theirs() -> None:
    async with FakeReceivers() as recv:
        dead = Webhook(type="json", url="http://127.0.0.1:9/alerts", name="dead", retries=2, backoff_s=0.01)
        d = await deliver([dead, hook(recv, "wecom")], notice())
    assert d.results[("dead", "failed")] == 1 and d.results[("dead", "retried")] == 2
    assert len(recv.accepted("wecom")) == 1


async def test_a_full_queue_drops_new_notices_without_waiting() -> None:
    d = Dispatcher([Webhook(type="json", url="http://127.0.0.1:9/x", retries=0)], queue=2)
    t0 = time.monotonic()
    for _ in range(5):
        d.send(notice())  # no worker started: nothing is taken off the queue
    assert time.monotonic() - t0 < 0.05
    assert d.results[("json", "dropped")] == 3
    await d.close(timeout_s=0.1)


def test_dingtalk_sign_survives_url_encoding() -> None:
    """base64 holds '+', '/' and '=': unencoded, a '+' reads back as a space and the sign fails."""
    import base64
    import hashlib
    import hmac
    from urllib.parse import parse_qs, urlsplit

    from vhost.alerts.platforms import build

    h = Webhook(type="dingtalk", url="https://oapi.dingtalk.com/robot/send?access_token=T", secret="SECret")
    for ms in range(1_700_000_000_000, 1_700_000_000_200):
        sign = base64.b64encode(hmac.new(b"SECret", f"{ms}\nSECret".encode(), hashlib.sha256).digest()).decode()
        if "+" in sign and "/" in sign:
            break
    req = build(h, "x", {}, ms / 1000, False)
    q = parse_qs(urlsplit(req.url).query)
    assert q == {"access_token": ["T"], "timestamp": [str(ms)], "sign": [sign]}
