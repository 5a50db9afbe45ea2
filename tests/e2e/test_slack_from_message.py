"""Tickets from any message: a :ticket: reaction or "Get help with this", *Not needed*, and the
requester's ✅, through the real app over HTTP against the fake Slack (SQLite and PostgreSQL)."""

from __future__ import annotations

import itertools
import json
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from pydantic import SecretStr
from sqlalchemy import func, select

from bot.conversation_tables import ConversationRow
from bot.webhooks import dispatch
from bot.webhooks.config import WebhookSettings
from bot.webhooks.dispatch import Dispatcher
from handoff import tickets
from handoff.tables import TicketRow
from tests.e2e.conftest import TRIAGE, Served
from tests.fake_slack import BOT_ID, BOT_USER, Call, post_signed

pytestmark = pytest.mark.slow

CHANNEL = "CGENERAL"
SECRET = "e2e-webhook-secret-0123"
_ids = itertools.count(1)


@pytest.fixture
def served(serve_http: Callable[[], Served], monkeypatch: pytest.MonkeyPatch) -> Served:
    monkeypatch.setenv("RELAIS_SLACK__TICKET_CHANNELS", json.dumps([CHANNEL]))
    return serve_http()


def said(served: Served, text: str, user: str = "U7", **extra: Any) -> str:
    """Someone writes in the channel (Relais is not mentioned, so it stays silent)."""
    ts = f"1700001000.{next(_ids):06d}"
    served.slack.add_message(
        CHANNEL, {"type": "message", "ts": ts, "user": user, "text": text, **extra}
    )
    return ts


def reaction(ts: str, user: str, name: str = "ticket", item_user: str = "U7") -> dict[str, Any]:
    n = next(_ids)
    return {
        "token": "legacy",
        "team_id": "T1",
        "api_app_id": "A1",
        "type": "event_callback",
        "event_id": f"EvR{n:08d}",
        "event_time": int(time.time()),
        "event": {
            "type": "reaction_added",
            "user": user,
            "reaction": name,
            "item_user": item_user,
            "item": {"type": "message", "channel": CHANNEL, "ts": ts},
            "event_ts": f"1700002000.{n:06d}",
        },
    }


def shortcut(
    ts: str, user: str, text: str, channel: str = CHANNEL, author: str = "U7"
) -> dict[str, Any]:
    return {
        "type": "message_action",
        "callback_id": "relais_get_help",
        "trigger_id": f"9.{next(_ids)}.s",
        "user": {"id": user, "team_id": "T1"},
        "team": {"id": "T1"},
        "channel": {"id": channel},
        "message_ts": ts,
        "message": {"type": "message", "user": author, "ts": ts, "text": text},
        "response_url": "https://hooks.slack.test/x",
    }


def thread_posts(served: Served, ts: str) -> list[Call]:
    return [c for c in served.slack.posts(CHANNEL) if c.params.get("thread_ts") == ts]


def conversations(served: Served) -> list[tuple[str, str]]:
    with served.service.relais.db.session() as session:
        rows = session.execute(select(ConversationRow.key, ConversationRow.user)).all()
        return [(str(k), str(u)) for k, u in rows]


class StuckReceiver:
    """A webhook receiver that holds every request until released (a very slow ITSM)."""

    def __init__(self) -> None:
        self.release, self.first = threading.Event(), threading.Event()
        self.events: list[dict[str, Any]] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.first.set()
                receiver.release.wait(600)
                signature = self.headers[dispatch.SIGNATURE_HEADER]
                if dispatch.verify(
                    SECRET, self.headers[dispatch.TIMESTAMP_HEADER], body, signature
                ):
                    receiver.events.append(json.loads(body))
                self.send_response(204)
                self.end_headers()

            def log_message(self, *_: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"


def test_tickets_from_any_message(served: Served) -> None:
    """One served app for the whole story (starting one costs more than the story), with a
    webhook receiver that answers nothing until the story is over."""
    stuck = StuckReceiver()
    hooks = WebhookSettings.model_validate(
        # Held for the whole story, however slow the machine: the first POST must not time
        # out and back off before the receiver lets it through.
        {
            "endpoints": {"itsm": {"url": stuck.url}},
            "timeout_s": 590,
            "lease_s": 600,
            "poll_s": 0.05,
            "backoff_s": 0.1,
        }
    )
    dispatcher = Dispatcher(served.service.relais.db, hooks, {"itsm": SecretStr(SECRET)})
    dispatcher.start()
    try:
        bots_and_other_channels_never_become_conversations(served)
        a_reaction_opens_one_conversation_for_the_author_even_when_delivered_twice(served)
        the_shortcut_and_not_needed_in_french(served)
        # Every reply above was posted while the receiver held its first request.
        assert stuck.first.is_set() and not stuck.events
        stuck.release.set()
        for _ in range(2400):
            if any(e["type"] == "ticket.resolved" for e in stuck.events):
                break
            threading.Event().wait(0.05)
        kinds = [e["type"] for e in stuck.events if e["subject"] == "T-00001"]
        assert kinds and kinds[0] == "ticket.opened", stuck.events
        assert kinds[-1] == "ticket.resolved", stuck.events
    finally:
        stuck.release.set()
        dispatcher.close()
        stuck.server.shutdown()


def a_reaction_opens_one_conversation_for_the_author_even_when_delivered_twice(
    served: Served,
) -> None:
    ts = said(served, "talk to a human: vpn is down since this morning <!channel>")
    body = reaction(ts, "U8")
    assert served.send(body) == 200
    assert served.send(body, retry_num=1) == 200  # Slack's retry of the same event
    assert served.send(reaction(ts, "U9")) == 200  # a second colleague reacts too
    served.settle()
    assert conversations(served) == [(f"slack:{CHANNEL}:{ts}", "U7")]
    statement, notice = thread_posts(served, ts)
    assert '"value": "send"' in json.dumps(statement.params["blocks"])  # the problem statement
    assert "I'll take this from here" in notice.params["text"]
    assert "<@" not in notice.params["text"] and "<!channel>" not in json.dumps(notice.params)
    buttons = [
        e["value"] for b in notice.params["blocks"] if b["type"] == "actions" for e in b["elements"]
    ]
    assert buttons == ["not_needed"]

    # The requester sends the statement, then marks it solved with ✅ on their message.
    served.press(statement, "send", user="U7")
    served.slack.wait_posts(TRIAGE, 1)
    served.settle()
    assert served.send(reaction(ts, "U8", "white_check_mark")) == 200  # not theirs: ignored
    served.settle()
    with served.service.relais.db.session() as session:
        row = session.scalar(select(TicketRow))
        assert row is not None and row.status == tickets.Status.OPEN
    assert served.send(reaction(ts, "U7", "white_check_mark")) == 200
    served.settle()
    with served.service.relais.db.session() as session:
        row = session.scalar(select(TicketRow))
        assert row is not None and row.status == tickets.Status.RESOLVED
        trail = [(e.actor, e.what, e.new) for e in tickets.history(session, row.id)]
    assert ("U7", "status", "resolved") in trail
    assert "Marked as solved: T-00001 is closed" in thread_posts(served, ts)[-1].params["text"]
    notices = [c.params["text"] for c in served.slack.posts(TRIAGE)]
    assert any("marked solved by the requester" in n for n in notices)


def the_shortcut_and_not_needed_in_french(served: Served) -> None:
    text = "mon VPN se déconnecte sans arrêt au bureau"
    ts = said(served, text)
    served.slack.users["U7"] = "Camille"
    status, _ = post_signed(served.events_url, shortcut(ts, "U8", text), form=True)
    assert status == 200
    served.settle()
    (*_, notice) = thread_posts(served, ts)
    assert "je prends le relais" in notice.params["text"]
    # A colleague may not dismiss it; the author may.
    before = len(served.slack.calls_to("chat.postEphemeral"))
    served.press(notice, "not_needed", user="U8")
    served.settle()
    assert len(served.slack.calls_to("chat.postEphemeral")) == before + 1
    served.press(notice, "not_needed", user="U7")
    served.settle()
    assert "je laisse ce fil" in thread_posts(served, ts)[-1].params["text"]
    with served.service.relais.db.session() as session:
        state = session.scalar(
            select(ConversationRow.state).where(ConversationRow.key == f"slack:{CHANNEL}:{ts}")
        )
    assert state == "resolved"


def bots_and_other_channels_never_become_conversations(served: Served) -> None:
    mine = said(served, "Relais posted this", user=BOT_USER, bot_id=BOT_ID)
    assert served.send(reaction(mine, "U8", item_user=BOT_USER)) == 200
    other_bot = said(served, "deploy finished", user="", bot_id="B0OTHER", subtype="bot_message")
    assert served.send(reaction(other_bot, "U8", item_user="")) == 200
    status, _ = post_signed(
        served.events_url, shortcut("1.2", "U8", "help", channel="CRANDOM"), form=True
    )
    assert status == 200
    served.settle()
    with served.service.relais.db.session() as session:
        assert session.scalar(select(func.count()).select_from(ConversationRow)) == 0
    assert served.slack.posts(CHANNEL) == []
    (refusal,) = served.slack.calls_to("chat.postEphemeral")
    assert "doesn't open conversations" in refusal.params["text"]
