"""A modal submission is applied once: sent twice, retried by Slack, or replayed after a crash.

The crash is the one that matters: the effect committed, then the process died before it
recorded the inbox row's outcome, so the sweep runs the row again. The submission's key,
committed with the effect, makes that replay change nothing.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import select, update

from bot.inbox import InboxRow, SubmissionRow
from handoff.tables import TicketEventRow
from knowledge import repository
from knowledge.tables import FlagRow, RevisionRow
from tests.e2e.agent_payloads import agent_press, submit_view, text_value
from tests.e2e.conftest import TRIAGE, Served
from tests.e2e.test_slack_authoring import TEAMS, author_submit
from tests.e2e.test_slack_handoff import claimed, events, ticket

pytestmark = pytest.mark.slow


def replay_after_crash(served: Served, handler: str, key: str = "%") -> None:
    """Make the `handler` rows (whose key is like `key`) look like their process died after
    the effect committed; wait until a sweep has run them again."""
    db = served.service.relais.db
    chosen = (InboxRow.handler == handler, InboxRow.key.like(key))
    with db.session() as session:
        session.execute(
            update(InboxRow)
            .where(*chosen)
            .values(done_at=None, lease_until=None, owner=None, attempts=0)
        )
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        with db.session() as session:
            rows = session.scalars(select(InboxRow).where(*chosen)).all()
            assert rows
            if all(r.done_at is not None and r.attempts == 1 for r in rows):
                assert not any(r.error for r in rows)
                return
        time.sleep(0.1)
    raise AssertionError(f"the {handler} row was not run again")


def audit(served: Served, what: str) -> list[Any]:
    with served.service.relais.db.session() as session:
        return list(session.scalars(select(TicketEventRow.note).where(TicketEventRow.what == what)))


def test_note_priority_and_resolve_apply_once_however_often_they_arrive(served: Served) -> None:
    claimed(served)
    # A press replayed after a crash: the employee hears "waiting" once.
    agent_press(served, "waiting")
    served.slack.wait_posts("D1", 4)
    served.settle()
    replay_after_crash(served, "agent_button", "%trigger-waiting%")
    served.settle()
    assert len(served.slack.posts("D1")) == 4
    assert [e for e in events(served) if e[3] == "waiting"] == [
        ("UAGENT1", "status", "claimed", "waiting")
    ]
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
    asked = served.slack.wait_posts("D1", 5)
    served.settle()
    replay_after_crash(served, "resolve")
    served.settle()
    assert len(served.slack.posts("D1")) == len(asked) == 5
    assert ticket(served).status == "resolved"
    assert [e for e in events(served) if e[1] == "status"][-1][3] == "resolved"
    assert len([e for e in events(served) if e[1] == "status" and e[3] == "resolved"]) == 1
    with served.service.relais.db.session() as session:
        keys = session.scalars(select(SubmissionRow.key)).all()
        rows = session.scalars(select(InboxRow.handler)).all()
    assert sorted(k.split(":")[1] for k in keys if k.startswith("view:")) == [
        "relais-note",
        "relais-priority",
        "relais-resolve",
    ]
    assert rows.count("resolve") == rows.count("note") == 1


def test_author_changes_and_flags_are_checked_before_the_ack_and_applied_once_after_it(
    serve_http: Callable[[], Served], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RELAIS_AUTHORING__TEAMS", json.dumps(TEAMS))
    served = serve_http()
    slug = "outlook-error-0x800ccc0e"
    db = served.service.relais.db

    def revisions() -> list[str]:
        with db.session() as session:
            pk = repository.require(session, slug).pk
            query = select(RevisionRow.note).where(RevisionRow.article_pk == pk)
            return list(session.scalars(query.order_by(RevisionRow.version)))

    before = revisions()
    # Refused in the modal (nothing recorded, nothing applied), then accepted.
    _, body = author_submit(served, "validate", slug, {"why": text_value(" ")})
    assert "Say why" in body
    why = {"why": text_value("tested on 2 PCs")}
    assert author_submit(served, "validate", slug, why) == (200, "")
    served.settle()
    assert revisions() == [*before, "validated: tested on 2 PCs"]
    replay_after_crash(served, "author_change")
    served.settle()
    assert revisions() == [*before, "validated: tested on 2 PCs"]

    # A flag: the flag and its team alert once, however often the submission is run.
    about = json.dumps({"article": "vpn-disconnects-wifi", "conversation": None})
    reason = {"reason": text_value("step 2 is out of date")}
    assert author_submit(served, "flag", about, reason) == (200, "")
    assert author_submit(served, "flag", about, reason, retry_num=1) == (200, "")
    served.slack.wait_posts("CNET", 1)
    served.settle()
    replay_after_crash(served, "author_flag")
    served.settle()
    with db.session() as session:
        flags = session.scalars(select(FlagRow.reason).where(FlagRow.kind == "flag")).all()
    assert flags == ["step 2 is out of date"]
    assert len(served.slack.posts("CNET")) == 1
