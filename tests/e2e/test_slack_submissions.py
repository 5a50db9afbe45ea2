"""A modal submission is applied once: sent twice, retried by Slack, or replayed after a crash.

The crash is the one that matters: the effect committed, then the process died before it
recorded the inbox row's outcome, so the sweep runs the row again. The submission's key,
committed with the effect, makes that replay change nothing.
"""

from __future__ import annotations

import time
from typing import Any

import pytest
from sqlalchemy import select, update

from bot.inbox import InboxRow, SubmissionRow
from handoff.tables import TicketEventRow
from tests.e2e.agent_payloads import agent_press, submit_view, text_value
from tests.e2e.conftest import TRIAGE, Served
from tests.e2e.test_slack_handoff import claimed, events, ticket

pytestmark = pytest.mark.slow


def replay_after_crash(served: Served, handler: str) -> None:
    """Make the `handler` row look like its process died after the effect committed; wait
    until a sweep has run it again."""
    db = served.service.relais.db
    with db.session() as session:
        session.execute(
            update(InboxRow)
            .where(InboxRow.handler == handler)
            .values(done_at=None, lease_until=None, owner=None, attempts=0)
        )
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        with db.session() as session:
            row = session.scalars(select(InboxRow).where(InboxRow.handler == handler)).one()
            if row.done_at is not None and row.attempts == 1:
                assert row.error is None
                return
        time.sleep(0.1)
    raise AssertionError(f"the {handler} row was not run again")


def audit(served: Served, what: str) -> list[Any]:
    with served.service.relais.db.session() as session:
        return list(session.scalars(select(TicketEventRow.note).where(TicketEventRow.what == what)))


def test_note_priority_and_resolve_apply_once_however_often_they_arrive(served: Served) -> None:
    claimed(served)
    posted = len(served.slack.posts(TRIAGE))

    # A private note: sent, then again as Slack's retry, then replayed after a crash.
    agent_press(served, "note")
    note = {"note": text_value("called the user, no answer")}
    assert submit_view(served, "relais-note", note, trigger="t1")[0] == 200
    assert submit_view(served, "relais-note", note, trigger="t1", retry_num=1)[0] == 200
    served.slack.wait_posts(TRIAGE, posted + 1)
    served.settle()
    replay_after_crash(served, "note")
    served.settle()
    notes = [p for p in served.slack.posts(TRIAGE) if "no answer" in p.params["text"]]
    assert len(notes) == 1
    assert audit(served, "private_note") == ["called the user, no answer"]

    # A priority change, replayed: one audit entry.
    agent_press(served, "priority")
    change = {
        "priority": {"value": {"selected_option": {"value": "P2"}}},
        "reason": text_value("whole sales team blocked"),
    }
    assert submit_view(served, "relais-priority", change, view_id="V2")[0] == 200
    served.settle()
    replay_after_crash(served, "priority")
    served.settle()
    assert ticket(served).priority == "P2"
    assert audit(served, "priority") == ["whole sales team blocked"]

    # A resolve, submitted twice by a second trigger (a double submit that reached Slack
    # twice) and replayed: one resolution, one "Is it fixed?" to the employee.
    agent_press(served, "resolve")
    resolve = {"note": text_value("Renewed the VPN certificate")}
    assert submit_view(served, "relais-resolve", resolve, view_id="V3", trigger="r1")[0] == 200
    assert submit_view(served, "relais-resolve", resolve, view_id="V3", trigger="r2")[0] == 200
    asked = served.slack.wait_posts("D1", 4)
    served.settle()
    replay_after_crash(served, "resolve")
    served.settle()
    assert len(served.slack.posts("D1")) == len(asked) == 4
    assert ticket(served).status == "resolved"
    assert [e for e in events(served) if e[1] == "status"][-1][3] == "resolved"
    assert len([e for e in events(served) if e[1] == "status" and e[3] == "resolved"]) == 1
    with served.service.relais.db.session() as session:
        keys = session.scalars(select(SubmissionRow.key)).all()
        rows = session.scalars(select(InboxRow.handler)).all()
    assert sorted(k.split(":")[1] for k in keys) == [
        "relais-note",
        "relais-priority",
        "relais-resolve",
    ]
    assert rows.count("resolve") == rows.count("note") == 1
