"""The pool of answerable items: clusters waiting for the director, bounded and expiring.

Every event that leaves the pool without being picked goes through `drop` with its
reason, so the ledger never loses one.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator

from vhost.events import ChatEvent
from vhost.intake.cluster import Cluster, bigrams, similar
from vhost.intake.config import IntakeConfig
from vhost.intake.scoring import cluster_score

Drop = Callable[[ChatEvent, str], None]


class Pool:
    def __init__(self, config: IntakeConfig, drop: Drop) -> None:
        self.config = config
        self._drop = drop
        self._clusters: dict[int, Cluster] = {}
        self._by_key: dict[tuple[str, str | None], int] = {}
        self._recent: deque[int] = deque(maxlen=config.cluster_scan)
        self._next_id = 0
        self._adds = 0
        self._overflow = f"pool overflow: over {config.max_pending_events} messages waiting"  # one string for every row

    def __len__(self) -> int:
        return len(self._clusters)

    def __iter__(self) -> Iterator[Cluster]:
        return iter(list(self._clusters.values()))

    def events(self) -> int:
        return sum(c.size for c in self._clusters.values())

    def add(
        self,
        ev: ChatEvent,
        static: float,
        now: float,
        *,
        key: str,
        product: str | None,
        lang: str,
        question: bool,
        injection: bool,
        deadline: float | None,
    ) -> Cluster:
        """Join a near-duplicate cluster, or open one. Superchats and injections stand alone."""
        alone = deadline is not None or injection
        cl = None if alone else self._find(key, product, now)
        if cl is None:
            cl = Cluster(self._next_id, key, bigrams(key), product, lang, question, deadline is not None, injection, now, now, deadline)
            self._next_id += 1
            self._clusters[cl.id] = cl
            if not alone:
                self._by_key[(key, product)] = cl.id
                self._recent.append(cl.id)
        cl.add(static, ev, now)
        cl.question = cl.question or question
        if len(self._clusters) > self.config.max_pending:
            self.evict(now)
        self._adds += 1
        if self._adds % 64 == 0 and self.events() > self.config.max_pending_events:
            self.trim()
        return cl

    def trim(self) -> None:
        """Over max_pending_events (a raid: thousands asking the same few things within the stale
        window): the oldest asks of the largest clusters go, each cluster keeping its newest; the
        answer still counts as many-asked. Superchats are never trimmed."""
        cfg = self.config
        over = self.events() - cfg.max_pending_events
        if over <= 0:
            return
        over += cfg.max_pending_events // 10  # a margin, so a raid does not trim on every check
        for cl in sorted((c for c in self._clusters.values() if c.deadline is None), key=lambda c: -c.size):
            if over <= 0 or cl.size <= 1:
                break
            k = min(over, cl.size // 2)
            for _, _, ev in cl.members[:k]:
                self._drop(ev, self._overflow)
            del cl.members[:k]
            over -= k

    def _find(self, key: str, product: str | None, now: float) -> Cluster | None:
        cfg = self.config
        horizon = now - cfg.cluster_window_s
        cid = self._by_key.get((key, product))
        cl = self._clusters.get(cid) if cid is not None else None
        if cl is not None and cl.last_t >= horizon and cl.size < cfg.max_cluster:
            return cl
        grams = bigrams(key)
        for cid in reversed(self._recent):
            cl = self._clusters.get(cid)
            if (
                cl is not None
                and cl.product_id == product
                and cl.last_t >= horizon
                and cl.size < cfg.max_cluster
                and similar(grams, cl.grams, cfg.cluster_similarity)
            ):
                return cl
        return None

    def remove(self, cl: Cluster) -> None:
        self._clusters.pop(cl.id, None)
        k = (cl.key, cl.product_id)
        if self._by_key.get(k) == cl.id:
            del self._by_key[k]

    def drop_cluster(self, cl: Cluster, reason: str) -> None:
        self.remove(cl)
        for _, _, ev in cl.members:
            self._drop(ev, reason)

    def expire(self, now: float) -> None:
        cfg = self.config
        for cl in self:
            if cl.deadline is not None:
                if now > cl.deadline + cfg.superchat_grace_s:
                    window = cl.deadline - cl.first_t
                    self.drop_cluster(cl, f"superchat deadline missed: not acknowledged within {window:g} s")
                continue
            # each ask goes stale on its own; a cluster people keep asking stays open, and a
            # question many viewers asked stays worth answering longer
            limit = cfg.stale_after_many_s if cl.size >= cfg.many_asked else cfg.stale_after_s
            if not cl.question:  # "主播晚上好" said 10 s ago: greeting back now is noise
                limit = min(limit, cfg.chatter_stale_after_s)
            for ev in cl.expire_before(now - limit):
                self._drop(ev, f"stale: older than {limit:g} s")
            if not cl.members:
                self.remove(cl)

    def evict(self, now: float) -> None:
        self.expire(now)
        excess = len(self._clusters) - self.config.max_pending
        if excess <= 0:
            return
        w = self.config.weights
        free = sorted((c for c in self._clusters.values() if c.deadline is None), key=lambda c: cluster_score(w, c, now, None))
        # evict a tenth more than needed so a burst does not rescan the pool on every message
        for cl in free[: excess + self.config.max_pending // 10]:
            self.drop_cluster(cl, "pool overflow: lower score than everything waiting")

    def _eligible(self, cl: Cluster, now: float, chat_mode: str) -> bool:
        if chat_mode == "all":
            return True
        if chat_mode == "questions":
            return cl.question or cl.deadline is not None or cl.product_id is not None
        if chat_mode == "paid":
            return cl.deadline is not None
        return cl.deadline is not None and cl.deadline - now <= self.config.urgent_window_s

    def take_best(
        self, now: float, product_id: str | None, chat_mode: str, only: Callable[[Cluster], bool] | None = None,
        fresh_first: bool = False,
    ) -> tuple[float, Cluster] | None:
        self.expire(now)
        w = self.config.weights
        best: tuple[float, Cluster] | None = None
        for cl in self._clusters.values():
            if self._eligible(cl, now, chat_mode) and (only is None or only(cl)):
                s = cluster_score(w, cl, now, product_id, fresh_first)
                if best is None or s > best[0]:
                    best = (s, cl)
        if best is not None:
            self.remove(best[1])
        return best

    def retract(self, message_id: str) -> ChatEvent | None:
        for cl in self:
            for i, (_, _, ev) in enumerate(cl.members):
                if ev.id == message_id:
                    del cl.members[i]
                    if not cl.members:
                        self.remove(cl)
                    return ev
        return None

    def paid(self) -> bool:
        """A paid message waits for its answer."""
        return any(cl.deadline is not None for cl in self._clusters.values())

    def questions(self, now: float) -> int:
        """Clusters waiting that want an answer: questions and paid messages (the backlog)."""
        return sum(1 for cl in self._clusters.values() if cl.question or cl.deadline is not None)

    def urgent(self, now: float) -> bool:
        cfg = self.config
        for cl in self._clusters.values():
            if cl.deadline is not None:
                if cl.deadline - now <= cfg.urgent_window_s:
                    return True
            elif now - cl.last_t <= cfg.stale_after_s and cluster_score(cfg.weights, cl, now, None) >= cfg.urgent_score:
                return True
        return False
