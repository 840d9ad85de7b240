"""Delivery of alert notices to webhooks, off the audio path.

`send()` never waits: each webhook has its own bounded queue and worker task, so a slow
or dead receiver delays nobody else. A failed delivery is retried with doubling delays
(a 429 or a platform's rate-limit reply waits as long as it asks); one refused for good
(wrong URL or secret) is logged once per notice and counted. Retries run on wall time:
they pace a real network, whatever the program clock does.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import httpx

from vhost.alerts.config import Webhook
from vhost.alerts.platforms import Verdict, build, judge

log = logging.getLogger(__name__)
MAX_BACKOFF_S = 300.0


@dataclass(frozen=True)
class Notice:
    status: str  # firing | resolved
    rule: str
    subject: str
    severity: str
    show: str
    text: str
    value: float
    program_s: float
    since_s: float  # program time the alert started firing
    at: float  # unix time it was raised

    def title(self) -> str:
        about = f"{self.rule} ({self.subject})" if self.subject else self.rule
        return f"[vhost] {self.status.upper()} {about} · {self.show}"

    def message(self) -> str:
        when = datetime.fromtimestamp(self.at, UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
        lasted = f" · lasted {self.program_s - self.since_s:.0f} s" if self.status == "resolved" else ""
        return f"{self.title()}\n{self.text}\nprogram {self.program_s:.0f} s · {when}{lasted}"

    def document(self) -> dict[str, Any]:
        return {
            "source": "vhost", "status": self.status, "alert": self.rule, "subject": self.subject,
            "severity": self.severity, "show": self.show, "summary": self.text, "value": round(self.value, 3),
            "program_s": round(self.program_s, 3), "since_program_s": round(self.since_s, 3),
            "at": datetime.fromtimestamp(self.at, UTC).isoformat(timespec="seconds"),
        }  # fmt: skip


class Dispatcher:
    def __init__(self, hooks: Sequence[Webhook], queue: int = 100, transport: httpx.AsyncBaseTransport | None = None) -> None:
        self.hooks = list(hooks)
        self.queue_size = queue
        self.transport = transport
        self.results: Counter[tuple[str, str]] = Counter()  # (webhook, sent | failed | dropped | retried)
        self._queues: list[asyncio.Queue[Notice]] = [asyncio.Queue(queue) for _ in self.hooks]
        self._workers: list[asyncio.Task[None]] = []

    def start(self) -> None:
        """Start one worker per webhook (needs the running loop); notices sent before wait."""
        if not self._workers:
            self._workers = [
                asyncio.create_task(self._worker(hook, q), name=f"alerts-{hook.label}") for hook, q in zip(self.hooks, self._queues)
            ]

    def send(self, notice: Notice) -> None:
        for hook, q in zip(self.hooks, self._queues):
            try:
                q.put_nowait(notice)
            except asyncio.QueueFull:
                self.results[(hook.label, "dropped")] += 1
                log.error("alerts: %s queue full, dropped: %s", hook.label, notice.title())

    async def close(self, timeout_s: float = 3.0) -> None:
        """Deliver what is queued within the time given, then stop."""
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(timeout_s):
                for q in self._queues:
                    await q.join()
        for w in self._workers:
            w.cancel()
        for w in self._workers:
            with contextlib.suppress(asyncio.CancelledError):
                await w
        left = sum(q.qsize() for q in self._queues)
        if left:
            log.error("alerts: %d notification(s) not delivered before exit", left)
        self._workers.clear()

    async def _worker(self, hook: Webhook, q: asyncio.Queue[Notice]) -> None:
        async with httpx.AsyncClient(timeout=hook.timeout_s, transport=self.transport, follow_redirects=False) as client:
            while True:
                notice = await q.get()
                try:
                    await self._deliver(client, hook, notice)
                except Exception:  # a bug here must never reach the show
                    log.exception("alerts: %s delivery crashed", hook.label)
                    self.results[(hook.label, "failed")] += 1
                finally:
                    q.task_done()

    async def _deliver(self, client: httpx.AsyncClient, hook: Webhook, notice: Notice) -> None:
        delay = hook.backoff_s
        verdict = Verdict(False)
        for attempt in range(hook.retries + 1):
            req = build(hook, notice.message(), notice.document(), time.time(), notice.status == "firing")
            try:
                resp = await client.post(req.url, content=req.body, headers=req.headers)
                verdict = judge(hook.type, resp.status_code, resp.text, resp.headers)
            except httpx.HTTPError as e:
                verdict = Verdict(False, True, None, f"{type(e).__name__}: {e}" if str(e) else type(e).__name__)
            if verdict.ok:
                self.results[(hook.label, "sent")] += 1
                return
            if not verdict.retry or attempt == hook.retries:
                break
            self.results[(hook.label, "retried")] += 1
            wait = verdict.retry_after_s if verdict.retry_after_s is not None else delay
            await asyncio.sleep(min(wait, MAX_BACKOFF_S))
            delay = min(delay * 2, MAX_BACKOFF_S)
        self.results[(hook.label, "failed")] += 1
        log.error("alerts: %s did not take %r: %s", hook.label, notice.title(), verdict.detail)
