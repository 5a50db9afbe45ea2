"""An example ITSM receiver for Relais webhooks: verify, deduplicate, mirror, forward.

    RELAIS_WEBHOOK_SECRET=... python docs/itsm_receiver.py [--port 8085] [--state tickets.json]

Standard library only; adapt it or copy its four steps into your integration:

1. **Verify** `X-Relais-Signature` (`v0=` + hex HMAC-SHA256 of `v0:{timestamp}:{raw body}`
   with the endpoint's secret) and refuse timestamps more than five minutes away (replays).
2. **Deduplicate** on the event `id`: Relais delivers at least once (a lost answer is sent
   again), and ids only grow, so an id at or below the last one seen for a ticket is old news.
3. **Mirror** the ticket: every ticket event carries the whole ticket as it now is
   (`data.ticket`, with the full problem statement) and the change (`data.change`), so the
   latest event alone rebuilds its state; the sequence of changes is its history.
4. **Forward** to the ITSM, e.g. Jira Service Management: create a request on `ticket.opened`,
   comment on `ticket.updated`, transition on `ticket.resolved`. With `JIRA_URL`, `JIRA_USER`,
   `JIRA_TOKEN` and `JIRA_SERVICE_DESK_ID` / `JIRA_REQUEST_TYPE_ID` set it calls Jira's REST
   API; without them it prints what it would send.

Answer 2xx quickly (Relais waits `timeout_s`, 5 s, then retries with backoff); do slow work after.
To catch up after downtime, read `GET /api/v1/tickets/{id}` with the API token.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import hmac
import json
import os
import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

MAX_AGE_S = 300


def verify(secret: str, timestamp: str, body: bytes, signature: str) -> bool:
    """Step 1: the Slack-style signature, compared in constant time, on a recent timestamp."""
    try:
        if abs(time.time() - int(timestamp)) > MAX_AGE_S:
            return False
    except ValueError:
        return False
    base = b"v0:" + timestamp.encode() + b":" + body
    expected = "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, signature)


class Mirror:
    """Steps 2 and 3: the tickets as the events describe them, kept in a JSON file."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self.lock = threading.Lock()
        self.tickets: dict[str, dict[str, Any]] = {}
        self.last_id: dict[str, int] = {}
        if path and path.exists():
            saved = json.loads(path.read_text())
            self.tickets, self.last_id = saved["tickets"], saved["last_id"]

    def apply(self, event: dict[str, Any]) -> bool:
        """True when the event was new (and applied)."""
        subject, event_id = str(event["subject"]), int(event["id"])
        with self.lock:
            if event_id <= self.last_id.get(subject, 0):
                return False  # a redelivery, or older than what we have
            self.last_id[subject] = event_id
            if event["type"].startswith("ticket."):
                ticket = dict(event["data"]["ticket"])
                history = self.tickets.get(subject, {}).get("history", [])
                ticket["history"] = [*history, {"type": event["type"], **event["data"]["change"]}]
                self.tickets[subject] = ticket
            if self.path:
                self.path.write_text(json.dumps({"tickets": self.tickets, "last_id": self.last_id}))
            return True


class Jira:
    """Step 4: Jira Service Management over its REST API (or a dry run that prints)."""

    def __init__(self) -> None:
        self.url = os.environ.get("JIRA_URL", "").rstrip("/")
        user, token = os.environ.get("JIRA_USER", ""), os.environ.get("JIRA_TOKEN", "")
        self.auth = base64.b64encode(f"{user}:{token}".encode()).decode()
        self.desk = os.environ.get("JIRA_SERVICE_DESK_ID", "")
        self.request_type = os.environ.get("JIRA_REQUEST_TYPE_ID", "")
        self.done_transition = os.environ.get("JIRA_DONE_TRANSITION_ID", "")
        self.keys: dict[str, str] = {}  # Relais ticket -> Jira issue key

    def forward(self, event: dict[str, Any]) -> None:
        ticket, change = event["data"].get("ticket"), event["data"].get("change") or {}
        if ticket is None:
            return  # article events: not mirrored here
        ref, kind = ticket["id"], event["type"]
        if kind == "ticket.opened":
            statement = ticket["problem_statement"]
            fields = {
                "summary": f"[{ref}] {ticket['title']}",
                "description": json.dumps(statement, ensure_ascii=False, indent=2),
            }
            body = {
                "serviceDeskId": self.desk,
                "requestTypeId": self.request_type,
                "requestFieldValues": fields,
            }
            reply = self._call("POST", "/rest/servicedeskapi/request", body)
            if reply and "issueKey" in reply:
                self.keys[ref] = reply["issueKey"]
        elif kind == "ticket.resolved" and ref in self.keys and self.done_transition:
            path = f"/rest/api/3/issue/{self.keys[ref]}/transitions"
            self._call("POST", path, {"transition": {"id": self.done_transition}})
        elif ref in self.keys:
            text = f"{change.get('what')}: {change.get('old')} -> {change.get('new')}"
            path = f"/rest/servicedeskapi/request/{self.keys[ref]}/comment"
            self._call("POST", path, {"body": text, "public": False})

    def _call(self, method: str, path: str, body: dict[str, Any]) -> dict[str, Any] | None:
        if not self.url:
            print(f"(dry run) {method} {path} {json.dumps(body, ensure_ascii=False)[:200]}")
            return None
        request = urllib.request.Request(
            self.url + path,
            data=json.dumps(body).encode(),
            method=method,
            headers={"Authorization": f"Basic {self.auth}", "Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            text = response.read()
            return json.loads(text) if text else {}


def make_server(
    secret: str, mirror: Mirror, forward: Jira | None, port: int = 0
) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length)
            stamp = self.headers.get("X-Relais-Request-Timestamp", "")
            if not verify(secret, stamp, body, self.headers.get("X-Relais-Signature", "")):
                self.send_response(401)
                self.end_headers()
                return
            event = json.loads(body)
            fresh = mirror.apply(event)
            self.send_response(204)  # answer first; Relais must not wait on Jira
            self.end_headers()
            if fresh and forward is not None:
                forward.forward(event)

        def log_message(self, *_: object) -> None:
            pass

    return ThreadingHTTPServer(("127.0.0.1", port), Handler)


def main() -> None:
    parser = argparse.ArgumentParser(description="An example Relais webhook receiver.")
    parser.add_argument("--port", type=int, default=8085)
    parser.add_argument("--state", type=Path, default=Path("relais-tickets.json"))
    args = parser.parse_args()
    secret = os.environ.get("RELAIS_WEBHOOK_SECRET", "")
    if not secret:
        raise SystemExit("set RELAIS_WEBHOOK_SECRET to the endpoint's signing secret")
    server = make_server(secret, Mirror(args.state), Jira(), args.port)
    print(f"listening on http://127.0.0.1:{args.port}/ (mirror: {args.state})")
    server.serve_forever()


if __name__ == "__main__":
    main()
