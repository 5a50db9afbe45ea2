"""Nothing acknowledged is lost, nothing hostile gets through: the inbox and the HTTP edge.

Driven as Slack (and an attacker) would: signed and unsigned requests over real HTTP, two
replicas on one database, a database that refuses a message, a press on a fresh card.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import select, text

from bot.conversation_tables import MessageRow
from bot.inbox import InboxRow
from tests.e2e.agent_payloads import press_agent
from tests.e2e.conftest import TRIAGE, Served
from tests.e2e.test_slack_handoff import hand_off
from tests.fake_slack import SIGNING_SECRET, message_event, post_signed

pytestmark = pytest.mark.slow

SLOW_LAPTOP = "my laptop is very slow, everything takes forever"


def raw_post(
    url: str,
    body: bytes,
    content_type: str = "application/json",
    signed: bool = True,
    timestamp: int | None = None,
    method: str = "POST",
) -> int:
    """Send exact bytes (signed like Slack unless `signed` is False); the HTTP status."""
    ts = str(timestamp if timestamp is not None else int(time.time()))
    headers = {"Content-Type": content_type, "X-Slack-Request-Timestamp": ts}
    if signed:  # v0 HMAC over the raw bytes, as Slack signs (any bytes, even binary)
        digest = hmac.new(SIGNING_SECRET.encode(), f"v0:{ts}:".encode() + body, hashlib.sha256)
        headers["X-Slack-Signature"] = "v0=" + digest.hexdigest()
    request = urllib.request.Request(url, data=body, headers=headers, method=method)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return int(exc.code)


def no_live_mention(calls: list[Any]) -> bool:
    dumped = json.dumps([c.params for c in calls], ensure_ascii=False)
    return not any(s in dumped for s in ("<!channel>", "<!here>", "<!everyone>", "<@U"))


def test_malformed_oversized_and_unsigned_requests_get_4xx_and_one_log_line(
    served: Served, caplog: pytest.LogCaptureFixture
) -> None:
    url = served.events_url
    form = "application/x-www-form-urlencoded"
    caplog.set_level(logging.WARNING)
    battery: list[tuple[int, Callable[[], int]]] = [
        (400, lambda: raw_post(url, b"{not json")),
        (400, lambda: raw_post(url, b"\xff\xfe\x00binary\x80")),
        (400, lambda: raw_post(url, b"[1, 2, 3]")),
        (400, lambda: raw_post(url, b'{"type": "event_callback", "event": "x"}')),
        (400, lambda: raw_post(url, b"payload=%7Bnot-json", form)),
        (400, lambda: raw_post(url, b"payload=%5B%5D", form)),
        (400, lambda: raw_post(url, b"a=1&b=2", form)),
        (400, lambda: raw_post(url, b"[" * 100_000)),
        (415, lambda: raw_post(url, b"hello", "text/plain")),
        (401, lambda: raw_post(url, b"{not json", signed=False)),
        (401, lambda: raw_post(url, json.dumps(message_event("hi")).encode(), signed=False)),
        (401, lambda: raw_post(url, b"{}", timestamp=int(time.time()) - 600)),
        (413, lambda: raw_post(url, b"x" * 2_000_000, signed=False)),
        (413, lambda: raw_post(url, b"{" + b" " * 1_100_000 + b"}")),
        (405, lambda: raw_post(url, b"", method="PUT")),
    ]
    statuses = [(expected, send()) for expected, send in battery]
    assert [got for _, got in statuses] == [expected for expected, _ in statuses]
    refusals = [r for r in caplog.records if r.name == "bot.slack.edge"]
    assert len(refusals) == len(battery)  # one line each
    assert not any(r.exc_info for r in caplog.records)
    assert not any(r.levelno >= logging.ERROR for r in caplog.records)

    # The server is healthy afterwards and answers a normal question.
    assert served.send(message_event(SLOW_LAPTOP, ts="80.1")) == 200
    (reply,) = served.slack.wait_posts("D1", 1)
    assert reply.params["thread_ts"] == "80.1"


def test_lone_surrogates_and_control_characters_are_stored_cleaned_and_answered(
    served: Served,
) -> None:
    event = message_event("PLACEHOLDER", ts="81.1")
    raw = json.dumps(event).replace(
        "PLACEHOLDER", "my laptop \\ud800 is very slow\\u0000, everything \\u001b takes forever"
    )
    status, _ = post_signed(served.events_url, raw)
    assert status == 200
    (reply,) = served.slack.wait_posts("D1", 1)
    assert reply.params["thread_ts"] == "81.1"
    with served.service.relais.db.session() as session:
        said = session.scalar(select(MessageRow.text).where(MessageRow.direction == "in"))
    assert said == "my laptop \ufffd is very slow\ufffd, everything  takes forever"


def test_every_delivery_twice_to_two_replicas_gives_one_reply_each(
    serve_http: Callable[[], Served],
) -> None:
    first, second = serve_http(), serve_http()
    questions = [f"{SLOW_LAPTOP} ({n})" for n in range(6)]
    for n, question in enumerate(questions):
        body = message_event(question, ts=f"82.{n}")
        assert first.send(body) == 200
        assert second.send(body, retry_num=1) == 200
        replay = {**body, "event_id": f"EvReplay{n}"}  # same message, another event id
        assert second.send(replay) == 200
    posts = first.slack.wait_posts("D1", len(questions))
    first.settle()
    second.settle()
    time.sleep(1.5)  # a second reply, if any, would have had time to arrive
    assert len(first.slack.posts("D1")) == len(questions)
    assert sorted(p.params["thread_ts"] for p in posts) == [f"82.{n}" for n in range(6)]
    with first.service.relais.db.session() as session:
        rows = session.scalars(select(InboxRow)).all()
        assert all(r.done_at is not None and r.error is None for r in rows)


def test_three_messages_within_50_ms_in_a_new_thread_are_all_kept(served: Served) -> None:
    assert served.send(message_event(SLOW_LAPTOP, ts="83.1")) == 200
    assert served.send(message_event("also the fan is loud", ts="83.2", thread_ts="83.1")) == 200
    assert served.send(message_event("since monday", ts="83.3", thread_ts="83.1")) == 200
    served.slack.wait_posts("D1", 1)
    served.settle()
    with served.service.relais.db.session() as session:
        kept = session.scalars(
            select(MessageRow.text).where(MessageRow.direction == "in").order_by(MessageRow.id)
        ).all()
    assert sorted(kept) == sorted([SLOW_LAPTOP, "also the fan is loud", "since monday"])
    assert all(p.params["thread_ts"] == "83.1" for p in served.slack.posts("D1"))


def _refuse_poison(served: Served) -> None:
    """The database itself refuses to store messages that say 'poison' (a real failure)."""
    db = served.service.relais.db
    with db.engine.begin() as connection:
        if db.is_sqlite:
            connection.execute(
                text(
                    "CREATE TRIGGER poison BEFORE INSERT ON messages "
                    "WHEN NEW.text LIKE '%poison%' AND NEW.action IS NULL "
                    "BEGIN SELECT RAISE(ABORT, 'refused'); END"
                )
            )
            return
        connection.execute(
            text(
                "CREATE FUNCTION poison() RETURNS trigger AS $$ BEGIN "
                "IF NEW.text LIKE '%poison%' AND NEW.action IS NULL THEN "
                "RAISE EXCEPTION 'refused'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql"
            )
        )
        connection.execute(
            text(
                "CREATE TRIGGER poison BEFORE INSERT ON messages "
                "FOR EACH ROW EXECUTE FUNCTION poison()"
            )
        )


def test_a_message_that_keeps_failing_is_kept_and_the_employee_is_told(served: Served) -> None:
    _refuse_poison(served)
    assert served.send(message_event("my poison laptop is slow", ts="84.1")) == 200
    (sorry,) = served.slack.wait_posts("D1", 1, timeout=40)
    assert sorry.params["thread_ts"] == "84.1"
    assert "something went wrong" in sorry.params["text"]
    (notice,) = served.slack.wait_posts(TRIAGE, 1)
    assert "could not answer a message in slack:D1:84.1" in notice.params["text"]
    served.settle()
    with served.service.relais.db.session() as session:
        kept = session.scalars(select(MessageRow).where(MessageRow.direction == "in")).one()
        row = session.scalars(select(InboxRow)).one()
    assert kept.text == "my poison laptop is slow" and kept.action == "failed"
    assert row.done_at is not None and row.error and row.attempts == 3


def test_ephemerals_show_where_the_person_pressed_and_the_owner_hears_they_own_it(
    served: Served,
) -> None:
    card = hand_off(served)
    assert press_agent(served, card, "UAGENT1") == 200
    served.slack.wait_posts("D1", 3)
    served.settle()
    assert press_agent(served, card, "UAGENT2") == 200  # too late
    assert press_agent(served, card, "UAGENT1", trigger="again") == 200  # a double press
    assert press_agent(served, card, "U1") == 200  # not an agent
    notices = served.slack.wait_for(
        lambda s: [c for c in s.calls_to("chat.postEphemeral") if c.status == 200][2:] or None,
        what="three ephemerals",
    )
    told = {c.params["user"]: c.params for c in served.slack.calls_to("chat.postEphemeral")}
    assert len(notices) == 1 and len(told) == 3
    assert "already claimed by Agent One" in told["UAGENT2"]["text"]
    assert told["UAGENT1"]["text"] == "You already own T-00001."
    assert "Only support agents" in told["U1"]["text"]
    # The card is a fresh top-level message: a threaded ephemeral would show to nobody.
    assert all(p.get("thread_ts") is None and p["channel"] == TRIAGE for p in told.values())
    assert no_live_mention(served.slack.calls)
