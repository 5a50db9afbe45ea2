"""Deliver webhook events: fan out per endpoint, lease, sign, POST, retry with backoff, dead-letter.

The same durable idea as the Slack outbox, in its own tables and thread, so a slow or failing
receiver never holds up a reply to an employee:

- **Fan-out.** Each endpoint has a cursor into the event log; the replica holding its lease
  inserts one delivery row per new event the endpoint wants. A new endpoint starts at the
  beginning of the log, so its receiver can rebuild every ticket (`replay = false`: at its
  end).
- **Order per ticket.** A delivery is taken only when no earlier delivery of the same subject
  (ticket or article) to the same endpoint is still pending, so a receiver sees a ticket's
  events in order; different tickets go in parallel.
- **Once across replicas.** A delivery is sent under a lease won by compare-and-set; the lease
  outlasts the request timeout, so no two replicas send it at once.
- **Retries.** A non-2xx answer, a timeout or a refused connection schedules the next attempt
  after `backoff_s` doubling up to `backoff_max_s`; after `max_attempts` the delivery is dead
  until `relais webhooks retry`. A dead delivery no longer holds back later events.

Signature (the Slack scheme): `X-Relais-Signature: v0=<hex HMAC-SHA256(secret,
"v0:{X-Relais-Request-Timestamp}:{raw body}")>`. The body carries the event `id` (increasing,
the idempotency key), `type`, `created_at` and the data; the secret never leaves the process.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from pydantic import SecretStr
from sqlalchemy import CursorResult, and_, delete, exists, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, aliased

from bot.db import Database
from bot.db.base import utcnow
from bot.webhooks.config import WebhookSettings
from bot.webhooks.tables import WebhookCursorRow, WebhookDeliveryRow, WebhookEventRow
from knowledge.background import give_way

log = logging.getLogger(__name__)

PENDING, DELIVERED, DEAD = "pending", "delivered", "dead"
SIGNATURE_HEADER = "X-Relais-Signature"
TIMESTAMP_HEADER = "X-Relais-Request-Timestamp"
_ERROR_CHARS = 500


def sign(secret: str, timestamp: str, body: bytes) -> str:
    """`v0=` and the hex HMAC-SHA256 of `v0:{timestamp}:{body}` (what receivers recompute)."""
    base = b"v0:" + timestamp.encode() + b":" + body
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


def verify(secret: str, timestamp: str, body: bytes, signature: str, max_age_s: int = 300) -> bool:
    """A receiver's check: the signature matches and the timestamp is recent."""
    try:
        fresh = abs(time.time() - int(timestamp)) <= max_age_s
    except ValueError:
        return False
    return fresh and hmac.compare_digest(sign(secret, timestamp, body), signature)


def body_of(event: WebhookEventRow) -> bytes:
    data = {
        "id": event.id,
        "type": event.type,
        "subject": event.subject,
        "created_at": event.created_at.isoformat(),
        "data": event.payload,
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()


@dataclass(frozen=True)
class Attempt:
    ok: bool
    status: int | None
    error: str | None


def post(url: str, body: bytes, headers: dict[str, str], timeout_s: float) -> Attempt:
    """One POST; never raises, never echoes the request (its headers hold the signature)."""
    request = urllib.request.Request(url, data=body, method="POST", headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=timeout_s) as response:
            status = int(response.status)
            return Attempt(200 <= status < 300, status, None if status < 300 else f"HTTP {status}")
    except urllib.error.HTTPError as exc:
        return Attempt(False, exc.code, f"HTTP {exc.code}")
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        return Attempt(False, None, f"{type(exc).__name__}: {reason}"[:_ERROR_CHARS])


class Dispatcher:
    """Fans out and delivers webhook events; `run_once` is one pass, `start` a thread."""

    def __init__(
        self,
        db: Database,
        settings: WebhookSettings,
        secrets: dict[str, SecretStr] | None = None,
        owner: str | None = None,
    ) -> None:
        self.db = db
        self.settings = settings
        self.secrets = secrets if secrets is not None else settings.secrets()
        self.owner = owner or f"webhooks-{uuid.uuid4().hex[:12]}"
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._pool = ThreadPoolExecutor(
            settings.workers, thread_name_prefix="relais-webhook", initializer=give_way
        )

    # -- fan-out ----------------------------------------------------------------------

    def fan_out(self, now: datetime | None = None) -> int:
        """New events into delivery rows for each endpoint; the number of rows added.

        One replica at a time per endpoint (a lease on its cursor). Events are matched by "no
        delivery yet" above the cursor, and the cursor only passes events older than
        `settle_s`: on PostgreSQL an event id can become visible after a higher one (its
        transaction committed later), and it must not be skipped.
        """
        at = now or utcnow()
        added = 0
        for name, endpoint in self.settings.endpoints.items():
            self._ensure_cursor(name, endpoint.replay)
            if not self._lease_cursor(name, at):
                continue
            try:
                added += self._fan_out_one(name, endpoint.events, at)
            finally:
                with self.db.session() as session:
                    session.execute(
                        update(WebhookCursorRow)
                        .where(WebhookCursorRow.endpoint == name)
                        .values(leased_until=None)
                    )
        return added

    def _lease_cursor(self, name: str, now: datetime) -> bool:
        c = WebhookCursorRow
        with self.db.session() as session:
            result = cast(
                "CursorResult[Any]",
                session.execute(
                    update(c)
                    .where(c.endpoint == name, or_(c.leased_until.is_(None), c.leased_until < now))
                    .values(leased_until=now + timedelta(seconds=self.settings.lease_s))
                    .execution_options(synchronize_session=False)
                ),
            )
            return result.rowcount == 1

    def _fan_out_one(self, name: str, wanted: list[str], at: datetime) -> int:
        """Delivery rows for the events `name` wants (`wanted`; empty: all) that have none."""
        e, d = WebhookEventRow, WebhookDeliveryRow
        kinds = [e.type.in_(wanted)] if wanted else []
        with self.db.session() as session:
            cursor = session.get(WebhookCursorRow, name)
            assert cursor is not None
            limit = self.settings.batch * 20
            events = session.execute(
                select(e.id, e.type, e.subject, e.created_at)
                .where(
                    e.id > cursor.last_event_id,
                    *kinds,
                    ~exists().where(d.event_id == e.id, d.endpoint == name),
                )
                .order_by(e.id)
                .limit(limit)
            ).all()
            rows = [
                WebhookDeliveryRow(
                    event_id=ev.id,
                    endpoint=name,
                    subject=ev.subject,
                    status=PENDING,
                    attempts=0,
                    next_attempt_at=at,
                    created_at=at,
                )
                for ev in events
            ]
            session.add_all(rows)
            settled = at - timedelta(seconds=self.settings.settle_s)
            upto = session.scalar(select(func.max(e.id)).where(e.created_at < settled))
            if len(events) == limit:
                upto = min(upto or 0, events[-1].id)
            if upto and upto > cursor.last_event_id:
                cursor.last_event_id = upto
            return len(rows)

    def _ensure_cursor(self, name: str, replay: bool) -> None:
        """A new endpoint's cursor: at the start of the log, or at its end (no replay)."""
        with self.db.session() as session:
            if session.get(WebhookCursorRow, name) is not None:
                return
            last = 0 if replay else session.scalar(select(func.max(WebhookEventRow.id))) or 0
        try:
            with self.db.session() as session:
                session.add(WebhookCursorRow(endpoint=name, last_event_id=last))
        except IntegrityError:
            pass  # another replica created it first

    # -- claiming and sending -----------------------------------------------------------

    def claim(self, now: datetime) -> list[int]:
        """Lease due deliveries, at most one per (endpoint, subject), oldest first."""
        d = WebhookDeliveryRow
        earlier = aliased(WebhookDeliveryRow, name="earlier")
        blocked = exists().where(
            earlier.endpoint == d.endpoint,
            earlier.subject == d.subject,
            earlier.event_id < d.event_id,
            earlier.status == PENDING,
        )
        won: list[int] = []
        with self.db.session() as session:
            candidates = session.scalars(
                select(d.id)
                .where(
                    d.status == PENDING,
                    d.next_attempt_at <= now,
                    or_(d.leased_until.is_(None), d.leased_until < now),
                    ~blocked,
                )
                .order_by(d.event_id)
                .limit(self.settings.batch)
            ).all()
            until = now + timedelta(seconds=self.settings.lease_s)
            for delivery_id in candidates:
                result = cast(
                    "CursorResult[Any]",
                    session.execute(
                        update(d)
                        .where(
                            d.id == delivery_id,
                            d.status == PENDING,
                            or_(d.leased_until.is_(None), d.leased_until < now),
                        )
                        .values(leased_until=until, lease_owner=self.owner)
                        .execution_options(synchronize_session=False)
                    ),
                )
                if result.rowcount == 1:
                    won.append(delivery_id)
        return won

    def deliver(self, delivery_id: int) -> Attempt | None:
        """Send one leased delivery and record the outcome (None if it is no longer ours)."""
        with self.db.session() as session:
            row = session.get(WebhookDeliveryRow, delivery_id)
            if row is None or row.lease_owner != self.owner or row.status != PENDING:
                return None
            event = session.get(WebhookEventRow, row.event_id)
            endpoint = self.settings.endpoints.get(row.endpoint)
            if event is None or endpoint is None:
                return None
            body, kind, name = body_of(event), event.type, row.endpoint
        timestamp = str(int(time.time()))
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": "Relais-Webhooks/1",
            TIMESTAMP_HEADER: timestamp,
            SIGNATURE_HEADER: sign(self.secrets[name].get_secret_value(), timestamp, body),
            "X-Relais-Event": kind,
            "X-Relais-Event-Id": str(event.id),
            "X-Relais-Delivery": str(delivery_id),
        }
        attempt = post(endpoint.url, body, headers, self.settings.timeout_s)
        self._record(delivery_id, attempt, utcnow())
        if not attempt.ok:
            log.info("webhook %s delivery %s failed: %s", name, delivery_id, attempt.error)
        return attempt

    def _record(self, delivery_id: int, attempt: Attempt, now: datetime) -> None:
        with self.db.session() as session:
            row = session.get(WebhookDeliveryRow, delivery_id)
            if row is None or row.lease_owner != self.owner:
                return
            row.attempts += 1
            row.last_status = attempt.status
            row.leased_until = None
            if attempt.ok:
                row.status, row.delivered_at, row.last_error = DELIVERED, now, None
                return
            row.last_error = attempt.error
            if row.attempts >= self.settings.max_attempts:
                row.status = DEAD
                return
            wait = min(
                self.settings.backoff_s * 2 ** (row.attempts - 1), self.settings.backoff_max_s
            )
            row.next_attempt_at = now + timedelta(seconds=wait)

    def deliver_subject(self, delivery_id: int, now: datetime) -> int:
        """Send a leased delivery, then, while they succeed, the same ticket's next ones."""
        sent = 0
        current: int | None = delivery_id
        while current is not None and sent < self.settings.batch:
            attempt = self.deliver(current)
            if attempt is None:
                break
            sent += 1
            current = self._next_of(current, now) if attempt.ok else None
        return sent

    def _next_of(self, delivery_id: int, now: datetime) -> int | None:
        """Lease the next pending delivery of the same endpoint and subject, if it is due."""
        d = WebhookDeliveryRow
        with self.db.session() as session:
            done = session.get(d, delivery_id)
            if done is None:
                return None
            following = session.scalar(
                select(d.id)
                .where(
                    d.endpoint == done.endpoint,
                    d.subject == done.subject,
                    d.event_id > done.event_id,
                    d.status == PENDING,
                )
                .order_by(d.event_id)
                .limit(1)
            )
            if following is None:
                return None
            result = cast(
                "CursorResult[Any]",
                session.execute(
                    update(d)
                    .where(
                        d.id == following,
                        d.status == PENDING,
                        d.next_attempt_at <= now,
                        or_(d.leased_until.is_(None), d.leased_until < now),
                    )
                    .values(
                        leased_until=now + timedelta(seconds=self.settings.lease_s),
                        lease_owner=self.owner,
                    )
                    .execution_options(synchronize_session=False)
                ),
            )
            return following if result.rowcount == 1 else None

    def run_once(self, now: datetime | None = None) -> int:
        """Fan out, then send what is due: tickets in parallel, each ticket's events in
        order; the number of requests made."""
        at = now or utcnow()
        self.fan_out(at)
        claimed = self.claim(at)
        return sum(self._pool.map(lambda i: self.deliver_subject(i, at), claimed))

    # -- the thread in `relais serve` ---------------------------------------------------

    def start(self) -> None:
        if not self.settings.endpoints or self._thread is not None:
            return
        self._thread = threading.Thread(target=self._loop, name="relais-webhooks", daemon=True)
        self._thread.start()

    def _loop(self) -> None:
        give_way()
        while not self._stop.is_set():
            try:
                busy = self.run_once()
            except Exception as exc:  # a database hiccup: try again on the next pass
                log.warning("webhook pass failed: %s", type(exc).__name__)
                busy = 0
            if not busy:
                self._stop.wait(self.settings.poll_s)

    def close(self, timeout_s: float = 10.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout_s)
        self._pool.shutdown(wait=False, cancel_futures=True)


# -- what `relais webhooks list / retry` read and change ----------------------------------


def listing(session: Session, status: str | None = None, limit: int = 100) -> list[dict[str, Any]]:
    """Deliveries, newest first, with their event type and subject."""
    d, e = WebhookDeliveryRow, WebhookEventRow
    query = select(d, e.type).join(e, e.id == d.event_id).order_by(d.id.desc()).limit(limit)
    if status:
        query = query.where(d.status == status)
    return [
        {
            "id": row.id,
            "endpoint": row.endpoint,
            "event_id": row.event_id,
            "type": kind,
            "subject": row.subject,
            "status": row.status,
            "attempts": row.attempts,
            "last_status": row.last_status,
            "last_error": row.last_error,
            "next_attempt_at": row.next_attempt_at.isoformat(),
            "delivered_at": row.delivered_at.isoformat() if row.delivered_at else None,
        }
        for row, kind in session.execute(query).all()
    ]


def counts(session: Session) -> dict[str, int]:
    d = WebhookDeliveryRow
    rows = session.execute(select(d.status, func.count()).group_by(d.status)).all()
    return {str(status): int(n) for status, n in rows}


def prune(session: Session, settings: WebhookSettings, now: datetime) -> tuple[int, int]:
    """Drop what is older than `retention_days` and no endpoint still needs: delivered and dead
    deliveries, then events that every configured endpoint's cursor has passed and that no
    delivery refers to. Returns (events, deliveries) removed."""
    if not settings.retention_days:
        return 0, 0
    cutoff = now - timedelta(days=settings.retention_days)
    d, e, c = WebhookDeliveryRow, WebhookEventRow, WebhookCursorRow
    finished = session.execute(
        delete(d)
        .where(d.status.in_((DELIVERED, DEAD)), d.created_at < cutoff)
        .execution_options(synchronize_session=False)
    )
    old = [e.created_at < cutoff, ~exists().where(d.event_id == e.id)]
    if settings.endpoints:
        names = list(settings.endpoints)
        cursors = session.execute(select(c.endpoint, c.last_event_id).where(c.endpoint.in_(names)))
        passed = {str(name): int(last) for name, last in cursors}
        if set(passed) != set(names):
            return 0, int(cast("CursorResult[Any]", finished).rowcount)  # one not started
        old.append(e.id <= min(passed.values()))
    events = session.execute(
        delete(e).where(and_(*old)).execution_options(synchronize_session=False)
    )
    return (
        int(cast("CursorResult[Any]", events).rowcount),
        int(cast("CursorResult[Any]", finished).rowcount),
    )


def retry(session: Session, ids: Sequence[int] = (), all_dead: bool = False) -> int:
    """Dead deliveries back to pending, due now, with fresh attempts; how many."""
    d = WebhookDeliveryRow
    which = [d.status == DEAD]
    if not all_dead:
        which.append(d.id.in_(list(ids)))
    result = cast(
        "CursorResult[Any]",
        session.execute(
            update(d)
            .where(and_(*which))
            .values(status=PENDING, attempts=0, next_attempt_at=utcnow(), leased_until=None)
            .execution_options(synchronize_session=False)
        ),
    )
    return int(result.rowcount)
