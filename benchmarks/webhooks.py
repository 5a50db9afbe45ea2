"""Webhook delivery benchmark: events from real ticket changes to a receiver on loopback.

    python -m benchmarks.webhooks [--tickets 100] [--fail-rate 0.05] [--postgres URL] [--json out]

Two dispatchers (two replicas: each its own database engine and lease owner, as two `relais
serve` processes would be) deliver to one local HTTP receiver that checks every signature and
answers 500 to a share of requests (`--fail-rate`) at random. Meanwhile a producer plays
`--tickets` ticket lives through the real ticket functions (open, claim, first reply, wait,
resume, resolve, rate: ten events each). Reported: delivery throughput, latency from the
event's commit to its receipt (p50, p99), lost events (never received), duplicated events
(received twice) and events received out of order within their ticket. With `--backlog` the
events are all written first and only the delivery is timed.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import tempfile
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from pydantic import SecretStr
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.conversation_tables import ConversationRow
from bot.db import Database
from bot.webhooks import dispatch
from bot.webhooks.config import WebhookSettings
from bot.webhooks.dispatch import Dispatcher
from bot.webhooks.tables import WebhookEventRow
from handoff import tickets
from handoff.priority import SLA
from handoff.tables import TicketRow

SECRET = "bench-secret-0123456789"
SLA_TABLE = {f"P{n}": target for n, target in SLA.items()}


class Receiver:
    def __init__(self, fail_rate: float, seed: int) -> None:
        self.rng = random.Random(seed)
        self.fail_rate = fail_rate
        self.lock = threading.Lock()
        self.arrivals: dict[int, list[float]] = {}
        self.order: dict[str, list[int]] = {}
        self.bad = 0
        self.failed = 0
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                ok = dispatch.verify(
                    SECRET,
                    self.headers[dispatch.TIMESTAMP_HEADER],
                    body,
                    self.headers[dispatch.SIGNATURE_HEADER],
                )
                with receiver.lock:
                    fail = receiver.rng.random() < receiver.fail_rate
                    if not ok:
                        receiver.bad += 1
                    elif fail:
                        receiver.failed += 1
                    else:
                        event = json.loads(body)
                        receiver.arrivals.setdefault(event["id"], []).append(time.time())
                        receiver.order.setdefault(event["subject"], []).append(event["id"])
                self.send_response(200 if ok and not fail else 500)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *_: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/relais"


def story(db: Database, n: int) -> None:
    """One ticket's life: about ten events."""
    now = datetime.now(UTC)
    with db.session() as session:
        convo = ConversationRow(
            key=f"bench:{n}", user=f"U{n}", channel="D1", verbatim="x", state="handed_off"
        )
        session.add(convo)
        session.flush()
        statement = {"title": f"ticket {n}", "contact_type": "incident", "priority": "P3"}
        ticket = tickets.open_ticket(
            session,
            conversation_id=convo.id,
            requester=f"U{n}",
            channel="D1",
            language="en",
            statement=statement,
            summary="",
            sla=SLA_TABLE,
            now=now,
        )
        ticket_id = ticket.id
    steps: list[Callable[[Session, TicketRow], object]] = [
        lambda s, t: tickets.claim(s, t.id, "UAGENT", now),
        lambda s, t: tickets.first_response(s, t, "UAGENT", now),
        lambda s, t: tickets.set_waiting(s, t, "UAGENT", now),
        lambda s, t: tickets.resume(s, t, f"U{n}", now + timedelta(minutes=5)),
        lambda s, t: tickets.resolve(s, t, "UAGENT", "fixed", now + timedelta(hours=1)),
        lambda s, t: tickets.audit(s, t, f"U{n}", "csat", None, 5),
    ]
    for step in steps:
        with db.session() as session:
            row = tickets.by_ref(session, str(ticket_id))
            assert row is not None
            step(session, row)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered)) - 1))]


def run(url: str, n_tickets: int, fail_rate: float, seed: int, backlog: bool) -> dict[str, Any]:
    receiver = Receiver(fail_rate, seed)
    settings = WebhookSettings.model_validate(
        {
            "endpoints": {"itsm": {"url": receiver.url}},
            "backoff_s": 0.05,
            "backoff_max_s": 0.5,
            "max_attempts": 50,
            "poll_s": 0.02,
            "workers": 8,
            "settle_s": 5,
        }
    )
    secrets = {"itsm": SecretStr(SECRET)}
    producer_db = Database(url)
    producer_db.upgrade()
    replicas = [Dispatcher(Database(url), settings, secrets, f"replica-{i}") for i in (1, 2)]
    if backlog:  # the events first, then the dispatchers: delivery alone is measured
        for n in range(n_tickets):
            story(producer_db, n)
    started = time.time()
    for replica in replicas:
        replica.start()
    if not backlog:
        for n in range(n_tickets):
            story(producer_db, n)
    produced = time.time()
    with producer_db.session() as session:
        created = {
            int(i): at.timestamp()
            for i, at in session.execute(select(WebhookEventRow.id, WebhookEventRow.created_at))
        }
    deadline = time.time() + 120
    while time.time() < deadline:
        with receiver.lock:
            if len(receiver.arrivals) >= len(created):
                break
        time.sleep(0.05)
    finished = time.time()
    for replica in replicas:
        replica.close()
    with producer_db.session() as session:
        counts = dispatch.counts(session)
        n_events = session.scalar(select(func.count()).select_from(WebhookEventRow)) or 0
    lost = [i for i in created if i not in receiver.arrivals]
    duplicated = [i for i, times in receiver.arrivals.items() if len(times) > 1]
    unordered = [s for s, ids in receiver.order.items() if ids != sorted(ids)]
    since = {i: started if backlog else at for i, at in created.items()}
    latencies = [
        (times[0] - since[i]) * 1000 for i, times in receiver.arrivals.items() if i in created
    ]
    last = max((t[0] for t in receiver.arrivals.values()), default=finished)
    receiver.server.shutdown()
    return {
        "events": n_events,
        "tickets": n_tickets,
        "replicas": len(replicas),
        "fail_rate": fail_rate,
        "mode": "backlog" if backlog else "live",
        "failed_requests": receiver.failed,
        "bad_signatures": receiver.bad,
        "produce_s": round(produced - started, 2),
        "throughput_per_s": round(len(receiver.arrivals) / max(last - started, 1e-9), 1),
        "latency_ms_p50": round(statistics.median(latencies), 1) if latencies else None,
        "latency_ms_p99": round(percentile(latencies, 0.99), 1) if latencies else None,
        "lost": len(lost),
        "duplicated": len(duplicated),
        "out_of_order_tickets": len(unordered),
        "deliveries": counts,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tickets", type=int, default=100)
    parser.add_argument("--fail-rate", type=float, default=0.05)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--postgres", default="", help="a PostgreSQL URL (default: SQLite)")
    parser.add_argument(
        "--backlog",
        action="store_true",
        help="write every event first, then deliver (latency counts from the start)",
    )
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.postgres or f"sqlite:///{os.path.join(tmp, 'bench.db')}"
        result = run(url, args.tickets, args.fail_rate, args.seed, args.backlog)
    result["database"] = "postgresql" if args.postgres else "sqlite"
    print(json.dumps(result, indent=2))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
