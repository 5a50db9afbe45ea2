"""Outbound webhooks against a real HTTP receiver on loopback, on SQLite and PostgreSQL.

Events come from real ticket and article changes; the receiver checks every signature the way
an ITSM would (docs/itsm_receiver.py does the same), fails on purpose, and counts receipts.
"""

from __future__ import annotations

import gc
import importlib.util
import json
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from pydantic import SecretStr, ValidationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from bot.cli import main
from bot.config import Settings
from bot.conversation_tables import ConversationRow
from bot.db import Database
from bot.webhooks import dispatch, emit
from bot.webhooks.config import WebhookEndpoint, WebhookSettings
from bot.webhooks.dispatch import Dispatcher
from bot.webhooks.emit import ticket_type
from bot.webhooks.tables import WebhookEventRow
from handoff import tickets
from handoff.priority import SLA
from knowledge import authoring
from knowledge.authoring import Author
from knowledge.transfer import import_path
from tests.conftest import FIXTURE_ARTICLES

SECRET = "whsec-test-0123456789"
SLA_TABLE = {f"P{n}": target for n, target in SLA.items()}
T0 = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
DOCS = Path(__file__).resolve().parents[2] / "docs"


class Receiver:
    """A loopback HTTP server that answers 500 to its first `fail` requests, then 200."""

    def __init__(self, fail: int = 0, status: int = 500) -> None:
        self.fail, self.status = fail, status
        self.requests = 0
        self.received: list[dict[str, Any]] = []
        self.bad_signatures = 0
        self.lock = threading.Lock()
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
                    receiver.requests += 1
                    failing = receiver.requests <= receiver.fail
                    if not ok:
                        receiver.bad_signatures += 1
                    elif not failing:
                        receiver.received.append(json.loads(body))
                self.send_response(receiver.status if failing or not ok else 200)
                self.end_headers()

            def log_message(self, *_: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/hooks/relais"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    r = Receiver(fail=3)
    yield r
    r.close()


def webhook_settings(url: str, **extra: Any) -> WebhookSettings:
    data: dict[str, Any] = {
        "endpoints": {"itsm": {"url": url}},
        "backoff_s": 1.0,
        "max_attempts": 5,
        "timeout_s": 2.0,
    }
    data.update(extra)
    return WebhookSettings.model_validate(data)


def dispatcher(db: Database, settings: WebhookSettings, owner: str = "r1") -> Dispatcher:
    return Dispatcher(db, settings, {n: SecretStr(SECRET) for n in settings.endpoints}, owner)


def ticket_story(db: Database, key: str = "c1") -> str:
    """Open, claim, wait, resume, reply, resolve, rate: a ticket's whole life."""
    with db.session() as session:
        convo = ConversationRow(key=key, user="U1", channel="D1", verbatim="x", state="handed_off")
        session.add(convo)
        session.flush()
        statement = {
            "title": "Payroll export takes 30 min longer since Monday",
            "contact_type": "incident",
            "priority": "P2",
            "object": "payroll export",
            "spec": {"when": {"first": "Monday"}},
        }
        ticket = tickets.open_ticket(
            session,
            conversation_id=convo.id,
            requester="U1",
            channel="D1",
            language="en",
            statement=statement,
            summary="",
            sla=SLA_TABLE,
            now=T0,
        )
        ref = ticket.ref
    with db.session() as session:
        tickets.claim(session, int(ref[2:]), "UAGENT", T0 + timedelta(minutes=1))
    with db.session() as session:
        found = tickets.by_ref(session, ref)
        assert found is not None
        ticket = found
        tickets.first_response(session, ticket, "UAGENT", T0 + timedelta(minutes=2))
        tickets.set_waiting(session, ticket, "UAGENT", T0 + timedelta(minutes=3))
        tickets.resume(session, ticket, "U1", T0 + timedelta(minutes=10))
        tickets.resolve(session, ticket, "UAGENT", "rebuilt the index", T0 + timedelta(hours=1))
        ticket.csat_rating = 5
        tickets.audit(session, ticket, "U1", "csat", None, 5, now=T0 + timedelta(hours=2))
    return ref


def drain(*replicas: Dispatcher, rounds: int = 20) -> None:
    """Passes far enough apart that every backoff has elapsed (the clock is passed in), run
    by all replicas at once, until nothing is pending or `rounds` passes are done."""
    now = datetime.now(UTC)
    for n in range(rounds):
        at = now + timedelta(minutes=10 * (n + 1))
        threads = [threading.Thread(target=r.run_once, args=(at,)) for r in replicas]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        with replicas[0].db.session() as session:
            if dispatch.PENDING not in dispatch.counts(session):
                return


def test_every_event_once_in_order_signed_after_three_failures_with_two_replicas(
    db: Database, receiver: Receiver
) -> None:
    first, second = ticket_story(db, "c1"), ticket_story(db, "c2")
    settings = webhook_settings(receiver.url)
    a, b = dispatcher(db, settings, "replica-a"), dispatcher(db, settings, "replica-b")
    drain(a, b)
    assert receiver.bad_signatures == 0
    ids = [e["id"] for e in receiver.received]
    assert len(ids) == len(set(ids)), "an event was delivered twice"
    with db.session() as session:
        assert dispatch.counts(session) == {"delivered": len(ids)}
    for ref in (first, second):
        mine = [e for e in receiver.received if e["subject"] == ref]
        assert [e["id"] for e in mine] == sorted(e["id"] for e in mine), "out of order"
        kinds = [e["type"] for e in mine]
        assert kinds[0] == "ticket.opened" and "ticket.claimed" in kinds
        assert kinds.index("ticket.resolved") < kinds.index("ticket.rated")
        changes = [e["data"]["change"]["what"] for e in mine]
        assert {"sla_paused", "sla_resumed", "first_response"} <= set(changes)
        # The events alone rebuild the ticket: the last one carries its final state.
        state = mine[-1]["data"]["ticket"]
        assert state["status"] == "resolved" and state["assignee"] == "UAGENT"
        assert state["csat"]["rating"] == 5
        assert state["problem_statement"]["object"] == "payroll export"
    a.close()
    b.close()


def test_a_receiver_that_keeps_failing_dead_letters_then_retry_delivers(
    db: Database, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    down = Receiver(fail=1000, status=503)
    try:
        ticket_story(db)
        replica = dispatcher(db, webhook_settings(down.url, max_attempts=2))
        drain(replica, rounds=4)
        with db.session() as session:
            dead = dispatch.listing(session, status="dead")
        assert dead and all(d["attempts"] == 2 and d["last_error"] == "HTTP 503" for d in dead)
        assert down.requests == 2 * len(dead)

        monkeypatch.setenv("RELAIS_WEBHOOKS__ENDPOINTS", json.dumps({"itsm": {"url": down.url}}))
        monkeypatch.setenv("RELAIS_WEBHOOK_SECRET_ITSM", SECRET)
        monkeypatch.setenv("RELAIS_DATABASE_URL", db.url)
        runner = CliRunner()
        listed = runner.invoke(main, ["webhooks", "list", "--status", "dead", "--json"])
        assert listed.exit_code == 0, listed.output
        assert len(listed.output.strip().splitlines()) == len(dead)
        assert SECRET not in listed.output
        retried = runner.invoke(main, ["webhooks", "retry", "--all-dead"])
        assert retried.exit_code == 0 and f"{len(dead)} " in retried.output

        down.fail = 0  # the receiver is back
        drain(replica)
        with db.session() as session:
            events = session.scalar(select(func.count()).select_from(WebhookEventRow))
            assert dispatch.counts(session) == {"delivered": events}
        replica.close()
    finally:
        down.close()


def test_article_drafts_and_validations_are_events(db: Database, receiver: Receiver) -> None:
    receiver.fail = 0
    with db.session() as session:
        import_path(session, FIXTURE_ARTICLES, max_bytes=200_000, by="seed")
    with db.session() as session:
        author = Author("UAUTHOR", frozenset({"it-support", "network-team", "facilities"}))
        authoring.validate(session, "printer-jam-draft", author, "checked", T0)
    replica = dispatcher(db, webhook_settings(receiver.url, backoff_s=1.0))
    drain(replica)
    by_type = {(e["type"], e["subject"]) for e in receiver.received}
    assert ("article.drafted", "printer-jam-draft") in by_type
    assert ("article.drafted", "payroll-export-framed") in by_type
    assert ("article.validated", "printer-jam-draft") in by_type
    assert ("article.validated", "vpn-disconnects-wifi") in by_type  # imported validated
    replica.close()


def test_an_endpoint_gets_only_the_events_it_asks_for(db: Database, receiver: Receiver) -> None:
    receiver.fail = 0
    old = ticket_story(db, "c0")
    settings = webhook_settings(receiver.url)
    settings.endpoints["itsm"] = WebhookEndpoint(url=receiver.url, events=["ticket.resolved"])
    late = WebhookEndpoint(url=receiver.url, events=["ticket.resolved"], replay=False)
    settings.endpoints["late"] = late
    replica = dispatcher(db, settings)
    replica.fan_out()  # "late" starts at the end of the log: it never hears of the old ticket
    new = ticket_story(db, "c1")
    drain(replica)
    got = sorted((e["type"], e["subject"]) for e in receiver.received)
    assert got == [("ticket.resolved", old), ("ticket.resolved", new), ("ticket.resolved", new)]


def test_bad_webhook_configuration_stops_serve_with_one_line(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("RELAIS_HOME", str(tmp_path))
    runner = CliRunner()
    monkeypatch.setenv("RELAIS_WEBHOOKS__ENDPOINTS", '{"jira": {"url": "ftp://example.org/x"}}')
    result = runner.invoke(main, ["serve"])
    assert result.exit_code == 1
    (line,) = result.output.strip().splitlines()
    assert "is not an http(s) URL" in line
    monkeypatch.setenv("RELAIS_WEBHOOKS__ENDPOINTS", '{"jira": {"url": "https://x.example/h"}}')
    monkeypatch.delenv("RELAIS_WEBHOOK_SECRET_JIRA", raising=False)
    result = runner.invoke(main, ["serve"])
    (line,) = result.output.strip().splitlines()
    assert result.exit_code == 1 and "set RELAIS_WEBHOOK_SECRET_JIRA" in line
    with pytest.raises(ValidationError, match="unknown events"):
        WebhookEndpoint(url="https://x.example/h", events=["ticket.exploded"])


def test_signatures_are_the_slack_scheme() -> None:
    body = b'{"id":1}'
    signature = dispatch.sign(SECRET, "1700000000", body)
    assert signature.startswith("v0=") and len(signature) == 3 + 64
    assert not dispatch.verify(SECRET, "1700000000", body, signature)  # too old
    now = str(int(datetime.now(UTC).timestamp()))
    assert dispatch.verify(SECRET, now, body, dispatch.sign(SECRET, now, body))
    assert not dispatch.verify("other", now, body, dispatch.sign(SECRET, now, body))


def test_the_example_itsm_receiver_mirrors_tickets_from_the_events_alone(db: Database) -> None:
    spec = importlib.util.spec_from_file_location("itsm_receiver", DOCS / "itsm_receiver.py")
    assert spec is not None and spec.loader is not None
    example = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(example)
    mirror = example.Mirror()
    server = example.make_server(SECRET, mirror, None)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        ref = ticket_story(db)
        url = f"http://127.0.0.1:{server.server_address[1]}/"
        drain(dispatcher(db, webhook_settings(url)))
        mirrored = mirror.tickets[ref]
        assert mirrored["status"] == "resolved" and mirrored["csat"]["rating"] == 5
        assert [h["what"] for h in mirrored["history"]][:3] == ["opened", "claimed", "status"]
        with db.session() as session:
            last = session.scalar(select(func.max(WebhookEventRow.id)))
        assert not mirror.apply({"id": last, "subject": ref, "type": "ticket.updated"})
    finally:
        server.shutdown()
        server.server_close()


def test_each_audit_row_names_its_event() -> None:
    assert ticket_type("opened", "P2") == "ticket.opened"
    assert ticket_type("claimed", "U1") == "ticket.claimed"
    assert ticket_type("assignee", "U2", None) == "ticket.claimed"
    assert ticket_type("assignee", "U2", "U1") == "ticket.updated"
    assert ticket_type("status", "resolved", "claimed") == "ticket.resolved"
    assert ticket_type("status", "waiting", "claimed") == "ticket.updated"
    assert ticket_type("csat", "5") == "ticket.rated"


def test_the_log_keeps_what_an_endpoint_still_needs_and_prunes_the_rest(
    db: Database, receiver: Receiver
) -> None:
    ticket_story(db)
    settings = webhook_settings(receiver.url, retention_days=30)
    replica = dispatcher(db, settings)
    drain(replica)
    replica.close()
    with db.session() as session:
        delivered = dispatch.counts(session)["delivered"]
        events = session.scalar(select(func.count()).select_from(WebhookEventRow))
        assert dispatch.prune(session, settings, datetime.now(UTC)) == (0, 0)  # all recent
    newer = ticket_story(db, "c2")  # not yet fanned out: the cursor has not passed it
    with db.session() as session:
        pruned = dispatch.prune(session, settings, datetime.now(UTC) + timedelta(days=31))
    assert pruned == (events, delivered)
    with db.session() as session:
        left = session.scalars(select(WebhookEventRow.subject)).all()
    assert left and set(left) == {newer}, "an event no endpoint has had yet was pruned"


def test_prune_keeps_pending_deliveries_and_their_events(db: Database) -> None:
    down = Receiver(fail=1000, status=503)
    try:
        ticket_story(db)
        settings = webhook_settings(down.url, max_attempts=50, retention_days=1)
        replica = dispatcher(db, settings)
        replica.run_once(datetime.now(UTC) + timedelta(minutes=10))
        replica.close()
        with db.session() as session:
            pending = dispatch.counts(session)
            assert dispatch.prune(session, settings, datetime.now(UTC) + timedelta(days=5)) == (
                0,
                0,
            )
            assert dispatch.counts(session) == pending
    finally:
        down.close()


def test_every_new_database_records_events_even_when_an_old_one_was_collected() -> None:
    """A new session factory can reuse the id() of a collected one; its sessions must still
    write webhook events (they were silently lost for about one database in three)."""
    missing = 0
    for _ in range(12):
        sessions: sessionmaker[Session] = sessionmaker()
        emit.install(sessions)
        emit.install(sessions)  # idempotent
        with sessions() as session:
            listeners = list(session.dispatch.after_flush)
        missing += listeners.count(emit._after_flush) != 1
        del sessions, session
        gc.collect()
    assert missing == 0
