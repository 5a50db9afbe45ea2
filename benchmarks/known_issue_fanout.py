"""Known-issue fan-out benchmark: one update to 1,000 subscribed threads, through the outbox.

    python -m benchmarks.known_issue_fanout [--threads 1000] [--replicas 1|2]
        [--postgres postgresql+psycopg://postgres@127.0.0.1:5432/postgres] [--json out.json]

The outbox (bot/slack/delivery.py: lease, per-part record, per-channel pacing through the
database) sends to the fake Slack of the test suite on loopback; each subscriber is a DM, so
each is its own paced channel. Two numbers, same run, same database, same threads:
- baseline: one plain outbox row per thread (what the engine stores for any reply), submitted
  to the outbox as a reply would be, until the fake Slack has every message;
- fan-out: `issues.post_update` stores the whole broadcast in one transaction (one row per
  subscriber, a unique key each, and the status message's update), then the same outbox
  sends it; until the fake Slack has every subscriber's message.
The baseline runs before and after the fan-out, and the ratio is fan-out / mean baseline. Lost: subscribers without the update; duplicated: with more
than one. With `--replicas 2` (PostgreSQL), a second outbox shares the database and sweeps
every 0.2 s while the first sends: both compete for the same rows, and none may go twice.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
import uuid
from datetime import timedelta
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")

import numpy as np
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bot.actions import Action
from bot.config import SlackSettings
from bot.conversation import store_outbox
from bot.conversation_tables import ConversationRow
from bot.db import Database
from bot.db.base import utcnow
from bot.known import issues
from bot.slack.client import web_client
from bot.slack.delivery import Job, Outbox
from bot.slack.events import Thread
from tests.fake_slack import BOT_TOKEN, FakeSlack

STATUS = "CSTATUS"
UPDATE = "Readers restarted one by one"
PLAIN = "A plain reply"
PLAIN_AGAIN = "Another plain reply"


def _encoder(texts: Any) -> np.ndarray:
    return np.ones((len(texts), 4), dtype=np.float32) / 2


class Bench:
    def __init__(self, url: str, threads: int, replicas: int) -> None:
        self.db = Database(url)
        self.db.upgrade()
        self.threads = threads
        self.slack = FakeSlack()
        client = web_client(BOT_TOKEN, self.slack.start())
        settings = SlackSettings(
            channel_rate_per_s=1.0, channel_burst=3, redeliver_after_s=1.0, lease_s=10.0
        )
        self.outboxes = [Outbox(self.db, client, settings) for _ in range(replicas)]
        self.keys: list[str] = []
        with self.db.session() as session:
            issue, declared = issues.declare(
                session,
                owner="UAGENT1",
                texts={"en": {"title": "Badge readers reject cards"}},
                now=utcnow(),
                next_update_in=timedelta(hours=1),
                encoder=_encoder,
                status_channel=STATUS,
            )
            self.issue_id = issue.id
            for n in range(threads):
                convo = ConversationRow(
                    key=f"slack:D{n:05d}:60.{n}",
                    user=f"U{n}",
                    channel=f"D{n:05d}",
                    state="known_issue",
                    verbatim="my badge is rejected",
                )
                session.add(convo)
                session.flush()
                issues.subscribe(session, issue, convo, "answered", 0.9)
                self.keys.append(convo.key)
        for post in declared:  # the status message, posted before any update of it
            self.outboxes[0].submit(Job(post.outbox_id, Thread(STATUS, issues.CHANNEL_ROOT), ""))

    def close(self) -> None:
        for outbox in self.outboxes:
            outbox.close(timeout=0)
        self.slack.stop()
        self.db.dispose()

    def count(self, needle: str) -> list[int]:
        with self.slack._lock:  # the fake's own lock: a consistent view of what Slack shows
            return [
                sum(needle in m["text"] for m in self.slack.messages.get(f"D{n:05d}", []))
                for n in range(self.threads)
            ]

    def _wait(self, needle: str, timeout: float = 600.0) -> float:
        """Seconds until every thread shows `needle` (sweeping as replicas do meanwhile)."""
        started = time.perf_counter()
        deadline = started + timeout
        next_sweep = started
        while time.perf_counter() < deadline:
            if all(self.count(needle)):
                return time.perf_counter() - started
            if len(self.outboxes) > 1 and time.perf_counter() >= next_sweep:
                self.outboxes[1].sweep()  # the second replica competes for the same rows
                next_sweep = time.perf_counter() + 0.2
            time.sleep(0.02)
        raise SystemExit(f"not every thread got {needle!r} within {timeout} s")

    def baseline(self, text: str) -> dict[str, Any]:
        started = time.perf_counter()
        jobs: list[Job] = []
        with self.db.session() as session:
            for key in self.keys:
                convo_id = session.query(ConversationRow.id).filter_by(key=key).scalar()
                outbox_id = store_outbox(session, convo_id, [Action("message", text)], "employee")
                assert outbox_id is not None
                thread = Thread.from_key(key)
                assert thread is not None
                jobs.append(Job(outbox_id, thread, "relais"))
        stored = time.perf_counter() - started
        for job in jobs:
            self.outboxes[0].submit(job)
        sent = self._wait(text)
        return {"store_s": round(stored, 3), "send_s": round(sent, 3)}

    def fanout(self) -> dict[str, Any]:
        started = time.perf_counter()
        with self.db.session() as session:
            _, posts = issues.post_update(
                session,
                self.issue_id,
                by="UAGENT1",
                texts={"en": UPDATE},
                now=utcnow(),
                next_update_in=timedelta(hours=1),
            )
        stored = time.perf_counter() - started
        for post in posts:
            thread = Thread.from_key(post.conversation)
            assert thread is not None
            self.outboxes[0].submit(Job(post.outbox_id, thread, post.user))
        sent = self._wait(UPDATE)
        return {"store_s": round(stored, 3), "send_s": round(sent, 3), "rows": len(posts)}

    def run(self) -> dict[str, Any]:
        """Baseline, fan-out, baseline again (the mean baseline: no side gets a warm start)."""
        before = self.baseline(PLAIN)
        fan = self.fanout()
        after = self.baseline(PLAIN_AGAIN)
        for outbox in self.outboxes:
            outbox.drain(30)
        got = self.count(UPDATE)
        plain = [a + b for a, b in zip(self.count(PLAIN), self.count(PLAIN_AGAIN), strict=True)]
        base = {"before": before, "after": after}
        base_total = sum(b["store_s"] + b["send_s"] for b in (before, after)) / 2
        fan_total = fan["store_s"] + fan["send_s"]
        return {
            "threads": self.threads,
            "replicas": len(self.outboxes),
            "backend": "sqlite" if self.db.is_sqlite else "postgresql",
            "baseline_plain_rows": base,
            "fanout": fan,
            "fanout_per_thread_ms": round(fan_total / self.threads * 1000, 2),
            "ratio_fanout_to_baseline": round(fan_total / base_total, 2),
            "lost": sum(1 for c in got if c == 0),
            "duplicated": sum(1 for c in got if c > 1),
            "baseline_lost": sum(1 for c in plain if c < 2),
            "baseline_duplicated": sum(1 for c in plain if c > 2),
        }


def _postgres_database(admin_url: str) -> tuple[str, str]:
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    name = f"relais_fanout_{uuid.uuid4().hex[:10]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return make_url(admin_url).set(database=name).render_as_string(hide_password=False), name


def _drop(admin_url: str, name: str) -> None:
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--threads", type=int, default=1000)
    parser.add_argument("--replicas", type=int, choices=(1, 2), default=1)
    parser.add_argument("--postgres", default="", help="admin URL; a fresh database is made")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="relais-fanout-") as workdir:
        dropped: str | None = None
        if args.postgres:
            url, dropped = _postgres_database(args.postgres)
        else:
            url = f"sqlite:///{Path(workdir) / 'fanout.db'}"
        bench = Bench(url, args.threads, args.replicas)
        try:
            result = bench.run()
        finally:
            bench.close()
            if dropped:
                _drop(args.postgres, dropped)
    print(json.dumps(result, indent=2))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n")
    if result["lost"] or result["duplicated"]:
        raise SystemExit("lost or duplicated notifications")


if __name__ == "__main__":
    main()
