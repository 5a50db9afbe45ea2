"""The durable inbox: every inbound event is a database row before it is acknowledged.

An adapter records what arrived (`Inbox.record`) and only then acks; a duplicate (the same
event id, or the same dedupe key: a retry, a Socket Mode replay, a second replica) records
nothing. The work happens afterwards, from the row, in a `Worker` of this or any replica:
- a row is processed by whoever leases it (a conditional UPDATE), so exactly one process
  works on it at a time; a lease that runs out (the process died) is taken over by the sweep;
- a row that keeps failing is finished with its error after `MAX_ATTEMPTS`, and the adapter's
  `on_failure` tells the person (never silence);
- at shutdown the worker finishes what it started within a grace period and hands back the
  rest, so another replica (or the next start) picks it up at once.
Nothing waits in process memory that the database does not also hold.

A replayed row (its process died after the effect committed, before `finish`) runs its handler
again: effects that must not happen twice call `first_time` in their own transaction, with a
key of the submission (`SubmissionRow`), so the replay applies nothing.
"""

from __future__ import annotations

import logging
import os
import queue
import re
import socket
import threading
import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import JSON, CursorResult, Index, Integer, String, Text, delete, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Mapped, Session, mapped_column

from bot.db import Database
from bot.db.base import Base, UTCDateTime, utcnow
from knowledge.background import give_way

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 3
KEEP_DONE = timedelta(days=2)  # Slack retries for minutes; replays are rarer still
KEEP_APPLIED = timedelta(days=7)  # outlives every inbox row that could replay a submission

# C0 and C1 control characters except tab, newline and carriage return, and DEL.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def clean_text(text: str) -> str:
    """One string as Relais stores it: NUL and lone surrogates replaced, controls removed.

    A NUL cannot be stored by PostgreSQL and a lone surrogate cannot be encoded by any
    driver; both become U+FFFD so that the reader sees something was there.
    """
    text = text.replace("\x00", "\ufffd")
    text = _SURROGATE.sub("\ufffd", text)
    return _CONTROL.sub("", text)


def normalise(value: Any) -> Any:
    """A JSON-like value with every string (keys included) passed through `clean_text`."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, Mapping):
        return {clean_text(str(k)): normalise(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [normalise(v) for v in value]
    return value


class InboxRow(Base):
    """One inbound event, kept from before its ack until after its outcome (then pruned)."""

    __tablename__ = "inbox"
    __table_args__ = (Index("ix_inbox_pending", "done_at", "lease_until"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    key: Mapped[str] = mapped_column(String(255), unique=True, nullable=False)
    event_id: Mapped[str | None] = mapped_column(String(255), unique=True, nullable=True)
    handler: Mapped[str] = mapped_column(String(64), nullable=False)
    body: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    owner: Mapped[str | None] = mapped_column(String(128), nullable=True)
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    attempts: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    error: Mapped[str | None] = mapped_column(Text, nullable=True)


class SubmissionRow(Base):
    """A submission whose effect is committed: its key, written in the effect's transaction."""

    __tablename__ = "submissions"

    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    applied_at: Mapped[datetime] = mapped_column(
        UTCDateTime, nullable=False, default=utcnow, index=True
    )


def first_time(session: Session, key: str) -> bool:
    """Record `key` in the caller's transaction; False when it was applied already.

    Call it before the effect, in the same transaction: the key commits with the effect or
    not at all. On PostgreSQL a concurrent twin waits for the first transaction, then sees
    its key; SQLite has one writer at a time.
    """
    insert = sqlite.insert if session.get_bind().dialect.name == "sqlite" else postgresql.insert
    statement = (
        insert(SubmissionRow)
        .values(key=clean_text(key)[:255], applied_at=utcnow())
        .on_conflict_do_nothing()
        .returning(SubmissionRow.key)
    )
    return session.scalar(statement) is not None


@dataclass(frozen=True)
class Item:
    """A leased inbox row: what to run and with which body."""

    id: int
    handler: str
    body: dict[str, Any]
    attempts: int


def process_name() -> str:
    """This process among replicas: host, pid and a random suffix (pids are reused)."""
    return f"{socket.gethostname()[:64]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


class Inbox:
    """The inbox table: record, lease, finish, release, find what is due, prune."""

    def __init__(self, db: Database, lease_s: float, owner: str | None = None) -> None:
        self.db = db
        self.lease_s = lease_s
        self.owner = owner or process_name()
        self._insert = postgresql.insert if not db.is_sqlite else sqlite.insert

    def record(
        self,
        key: str,
        handler: str,
        body: Mapping[str, Any],
        event_id: str | None = None,
        take: bool = True,
    ) -> int | None:
        """Store one inbound event; its id, or None for a duplicate (nothing stored).

        `take`: lease it to this process at once (it will be processed here); otherwise it
        waits for a sweep.
        """
        now = utcnow()
        values: dict[str, Any] = {
            "key": clean_text(key)[:255],
            "event_id": clean_text(event_id)[:255] if event_id else None,
            "handler": handler,
            "body": normalise(body),
            "received_at": now,
            "attempts": 0,
        }
        if take:
            values.update(owner=self.owner, lease_until=now + timedelta(seconds=self.lease_s))
        statement = (
            self._insert(InboxRow).values(**values).on_conflict_do_nothing().returning(InboxRow.id)
        )
        with self.db.session() as session:
            return session.scalar(statement)

    def lease(self, inbox_id: int) -> Item | None:
        """Take a row to process it; None when it is done or another process holds it."""
        now = utcnow()
        with self.db.session() as session:
            taken = cast(
                "CursorResult[Any]",
                session.execute(
                    update(InboxRow)
                    .where(
                        InboxRow.id == inbox_id,
                        InboxRow.done_at.is_(None),
                        or_(
                            InboxRow.lease_until.is_(None),
                            InboxRow.lease_until < now,
                            InboxRow.owner == self.owner,
                        ),
                    )
                    .values(
                        owner=self.owner,
                        lease_until=now + timedelta(seconds=self.lease_s),
                        attempts=InboxRow.attempts + 1,
                    )
                    .execution_options(synchronize_session=False)
                ),
            )
            if taken.rowcount != 1:
                return None
            row = session.execute(
                select(InboxRow.handler, InboxRow.body, InboxRow.attempts).where(
                    InboxRow.id == inbox_id
                )
            ).one()
            return Item(inbox_id, row.handler, dict(row.body), row.attempts)

    def finish(self, inbox_id: int, error: str | None = None) -> None:
        """The event has its outcome (or, with `error`, never will)."""
        with self.db.session() as session:
            session.execute(
                update(InboxRow)
                .where(InboxRow.id == inbox_id, InboxRow.owner == self.owner)
                .values(done_at=utcnow(), lease_until=None, error=error)
                .execution_options(synchronize_session=False)
            )

    def release(self, inbox_id: int, error: str | None = None, after_s: float = 0.0) -> None:
        """Give a row back: any process's sweep may take it after `after_s` seconds."""
        values: dict[str, Any] = {"lease_until": utcnow() + timedelta(seconds=after_s)}
        if error is not None:
            values["error"] = error
        with self.db.session() as session:
            session.execute(
                update(InboxRow)
                .where(
                    InboxRow.id == inbox_id,
                    InboxRow.done_at.is_(None),
                    InboxRow.owner == self.owner,
                )
                .values(**values)
                .execution_options(synchronize_session=False)
            )

    def due(self, limit: int = 200) -> list[int]:
        """Rows without an outcome that nobody holds, oldest first."""
        now = utcnow()
        with self.db.session() as session:
            return list(
                session.scalars(
                    select(InboxRow.id)
                    .where(
                        InboxRow.done_at.is_(None),
                        or_(InboxRow.lease_until.is_(None), InboxRow.lease_until < now),
                    )
                    .order_by(InboxRow.id)
                    .limit(limit)
                )
            )

    def pending(self) -> int:
        """How many rows have no outcome yet (held or not)."""
        with self.db.session() as session:
            query = select(InboxRow.id).where(InboxRow.done_at.is_(None))
            return len(session.scalars(query).all())

    def prune(self, keep: timedelta = KEEP_DONE, keep_applied: timedelta = KEEP_APPLIED) -> int:
        """Forget finished rows older than `keep` (retries of them can no longer arrive), and
        submission keys older than `keep_applied`; how many inbox rows went."""
        with self.db.session() as session:
            result = session.execute(
                delete(InboxRow).where(
                    InboxRow.done_at.is_not(None), InboxRow.received_at < utcnow() - keep
                )
            )
            session.execute(
                delete(SubmissionRow).where(SubmissionRow.applied_at < utcnow() - keep_applied)
            )
            return int(cast("CursorResult[Any]", result).rowcount)


Handler = Callable[[dict[str, Any]], None]
OnFailure = Callable[[str, dict[str, Any], str], None]


class Worker:
    """Runs inbox rows on a few threads, from a bounded queue of ids.

    A row is leased before it runs; a row that cannot be queued (the queue is full) is handed
    back to the sweep. `ready` gates the work: before it is set, rows wait in the database.
    """

    def __init__(
        self,
        inbox: Inbox,
        handlers: Mapping[str, Handler],
        threads: int,
        ready: threading.Event,
        on_failure: OnFailure | None = None,
        queue_size: int = 1000,
    ) -> None:
        self.inbox = inbox
        self.handlers = dict(handlers)
        self.ready = ready
        self.on_failure = on_failure
        self._queue: queue.Queue[int | None] = queue.Queue(maxsize=queue_size)
        self._queued: set[int] = set()
        self._lock = threading.Lock()
        self._idle = threading.Condition(self._lock)
        self._busy = 0
        self._stopping = False
        self._threads = [
            threading.Thread(target=self._run, name=f"relais-inbox-{n}", daemon=True)
            for n in range(threads)
        ]
        for thread in self._threads:
            thread.start()

    @property
    def accepting(self) -> bool:
        return self.ready.is_set() and not self._stopping

    def submit(self, inbox_id: int) -> bool:
        """Queue a row for processing here; False when it stays for a sweep."""
        with self._lock:
            if self._stopping or inbox_id in self._queued:
                return False
            try:
                self._queue.put_nowait(inbox_id)
            except queue.Full:
                return False
            self._queued.add(inbox_id)
            return True

    def sweep(self) -> int:
        """Queue every row nobody holds (start-up, a dead replica, a failed try)."""
        if not self.accepting:
            return 0
        queued = sum(1 for inbox_id in self.inbox.due() if self.submit(inbox_id))
        if queued:
            log.info("inbox sweep queued %d event(s)", queued)
        return queued

    def _run(self) -> None:
        give_way()
        while True:
            inbox_id = self._queue.get()
            if inbox_id is None:
                return
            with self._lock:
                self._queued.discard(inbox_id)
                if self._stopping:
                    continue  # handed back by stop()
                self._busy += 1
            try:
                self._process(inbox_id)
            except Exception:  # the database itself failed: the lease runs out, sweep retries
                log.exception("inbox row %s could not be processed", inbox_id)
            finally:
                with self._lock:
                    self._busy -= 1
                    self._idle.notify_all()

    def _process(self, inbox_id: int) -> None:
        item = self.inbox.lease(inbox_id)
        if item is None:
            return  # done already, or another process has it
        handler = self.handlers.get(item.handler)
        if handler is None:
            self.inbox.finish(item.id, error=f"no handler {item.handler!r}")
            return
        try:
            handler(item.body)
        except Exception as exc:
            error = f"{type(exc).__name__}: {exc}"[:2000]
            if item.attempts < MAX_ATTEMPTS:
                log.warning(
                    "inbox row %s failed (try %d of %d): %s",
                    item.id,
                    item.attempts,
                    MAX_ATTEMPTS,
                    type(exc).__name__,
                )
                self.inbox.release(item.id, error=error, after_s=2.0**item.attempts)
                return
            log.error("inbox row %s failed for good: %s", item.id, error, exc_info=exc)
            if self.on_failure is not None:
                try:
                    self.on_failure(item.handler, item.body, error)
                except Exception:
                    log.exception("could not report the failure of inbox row %s", item.id)
            self.inbox.finish(item.id, error=error)
            return
        self.inbox.finish(item.id)

    def drain(self, timeout: float) -> bool:
        """Wait until nothing is queued or running (tests)."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while self._busy or self._queued:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._idle.wait(left)
        return True

    def stop(self, grace_s: float) -> bool:
        """Take no new work, finish what runs within `grace_s`, hand the queue back.

        True when everything that was running finished in time.
        """
        with self._lock:
            self._stopping = True
            handed_back = list(self._queued)
            self._queued.clear()
        for inbox_id in handed_back:
            try:
                self.inbox.release(inbox_id)
            except Exception:
                log.warning("could not hand back inbox row %s; its lease will run out", inbox_id)
        deadline = time.monotonic() + grace_s
        with self._lock:
            while self._busy:
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                self._idle.wait(left)
            finished = self._busy == 0
        for _ in self._threads:
            try:
                self._queue.put_nowait(None)
            except queue.Full:
                break
        if handed_back:
            log.info("handed back %d queued event(s) to other replicas", len(handed_back))
        return finished
