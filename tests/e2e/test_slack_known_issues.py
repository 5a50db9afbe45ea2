"""Many people, one problem, through the fake Slack over real HTTP: five similar questions make
one trend alert; declaring it answers the sixth asker at once; an update and the fix reach
every subscriber exactly once; bad input changes nothing."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

import numpy as np
import pytest
from sqlalchemy import func, select

from bot.app import Relais
from bot.config import Settings
from bot.conversation_tables import ConversationRow, MessageRow
from bot.db.base import utcnow
from bot.known import issues
from bot.known.tables import KnownIssueRow, TrendClusterRow
from handoff import tickets
from handoff.tables import TicketRow
from tests.e2e.agent_payloads import submit_view, text_value
from tests.e2e.conftest import TRIAGE, Served
from tests.e2e.test_slack_process import Process
from tests.fake_slack import Call, FakeSlack, message_event, post_signed

pytestmark = pytest.mark.slow

STATUS = "CSTATUS"
SIMILAR = [
    "The badge reader at the north entrance rejects my card",
    "badge reader north entrance refuses my access card",
    "north entrance badge scanner rejects my badge <!channel>",
    "The badge reader rejects my card at the north entrance since 9",
    "Can't get in, the card reader at the north entrance says denied",
]
SIXTH = "my badge is rejected by the reader at the north entrance <!here>"


def known_served(
    serve_http: Callable[[], Served], monkeypatch: pytest.MonkeyPatch, **env: str
) -> Served:
    monkeypatch.setenv("RELAIS_KNOWN_ISSUES__STATUS_CHANNEL", STATUS)
    monkeypatch.setenv("RELAIS_KNOWN_ISSUES__TICK_EVERY_S", "3600")  # ticked by the test
    for name, value in env.items():
        monkeypatch.setenv(f"RELAIS_KNOWN_ISSUES__{name.upper()}", value)
    return serve_http()


def ask(served: Served, n: int, text: str) -> Call:
    """Employee U<n> asks in their DM D<n>; Relais's first reply there."""
    served.send(message_event(text, channel=f"D{n}", user=f"U{n}", ts=f"50.{n}"))
    return served.slack.wait_posts(f"D{n}", 1)[0]


def alerts(served: Served) -> list[Call]:
    return [p for p in served.slack.posts(TRIAGE) if "Trend" in p.params["text"]]


def press_known(
    served: Served, post: Call, verb: str, user: str = "UAGENT1", stale: bool = False
) -> int:
    """An agent presses a known-issue button (relais-known:<verb>) on a message Relais posted
    (as it is now, or as first posted when `stale`: a screen not yet refreshed)."""
    blocks = post.params["blocks"] if stale else current_blocks(served, post)
    button = next(
        e
        for b in blocks
        if b["type"] == "actions"
        for e in b["elements"]
        if e["action_id"] == f"relais-known:{verb}"
    )
    channel = post.params["channel"]
    payload = {
        "type": "block_actions",
        "user": {"id": user},
        "team": {"id": "T1"},
        "channel": {"id": channel},
        "container": {"type": "message", "message_ts": post.response["ts"], "channel_id": channel},
        "message": {"ts": post.response["ts"], "blocks": blocks},
        "trigger_id": f"trigger-{verb}-{len(served.slack.calls)}",
        "actions": [{**button, "block_id": "b", "action_ts": f"{len(served.slack.calls)}.1"}],
    }
    return post_signed(served.events_url, payload, form=True)[0]


def current_blocks(served: Served, post: Call) -> list[dict[str, Any]]:
    """A message's blocks as they are now (its last chat.update, or as posted)."""
    updates = [
        c
        for c in served.slack.calls_to("chat.update")
        if c.params["channel"] == post.params["channel"] and c.params["ts"] == post.response["ts"]
    ]
    blocks: list[dict[str, Any]] = (updates[-1] if updates else post).params["blocks"]
    return blocks


def opened_modal(served: Served, count: int) -> dict[str, Any]:
    calls = served.slack.wait_for(
        lambda s: len(s.calls_to("views.open")) >= count and s.calls_to("views.open"),
        what=f"{count} modals",
    )
    view = calls[count - 1].params["view"]
    return json.loads(view) if isinstance(view, str) else dict(view)


def texts_in(served: Served, channel: str, needle: str) -> list[str]:
    return [p.params["text"] for p in served.slack.posts(channel) if needle in p.params["text"]]


def test_five_similar_questions_one_alert_then_the_sixth_is_answered_and_all_hear_the_fix(
    serve_http: Callable[[], Served], monkeypatch: pytest.MonkeyPatch
) -> None:
    served = known_served(serve_http, monkeypatch)
    for n, text in enumerate(SIMILAR[:4], 1):
        ask(served, n, text)
    served.settle()
    assert served.service.known_tick() == 0 and alerts(served) == []  # four: below threshold
    ask(served, 5, SIMILAR[4])
    served.settle()
    assert served.service.known_tick() == 1
    served.settle()
    (alert,) = alerts(served)
    shown = json.dumps(alert.params["blocks"], ensure_ascii=False)
    assert "5 similar contacts" in shown and "north entrance" in shown
    assert "Declare a known issue" in shown and "Not related" in shown
    assert "<!channel>" not in shown  # the requesters' words never ping
    assert shown.count("/archives/D") == 5  # a link to each thread
    assert served.service.known_tick() == 0 and len(alerts(served)) == 1  # once per cluster

    # Declare it from the alert: the modal, then its submission.
    assert press_known(served, alert, "declare") == 200
    served.settle()
    modal = opened_modal(served, 1)
    assert modal["callback_id"] == "relais-known-declare"
    empty = {"title_en": text_value(" "), "next_update": text_value("30")}
    status, body = submit_view(
        served, "relais-known-declare", empty, metadata=modal["private_metadata"], view_id="V0"
    )
    assert status == 200 and "title_en" in body  # refused in the modal, nothing changed
    form = {
        "title_en": text_value("Badge readers at the north entrance reject cards"),
        "workaround_en": text_value("Reception hands out day badges"),
        "title_fr": text_value("Les lecteurs de badge de l'entrée nord refusent les cartes"),
        "workaround_fr": text_value("L'accueil distribue des badges à la journée"),
        "next_update": text_value("30"),
    }
    status, _ = submit_view(
        served, "relais-known-declare", form, metadata=modal["private_metadata"], view_id="V1"
    )
    assert status == 200
    served.settle()
    (announced,) = served.slack.wait_posts(STATUS, 1)
    assert "KI-1" in announced.params["text"]
    _again, body = submit_view(
        served, "relais-known-declare", form, metadata=modal["private_metadata"], view_id="V2"
    )
    assert "already declared as KI-1" in body  # declaring twice for one cluster
    with served.service.relais.db.session() as session:
        assert session.query(KnownIssueRow).count() == 1
        cluster = session.query(TrendClusterRow).one()
        assert cluster.status == "declared"
    assert "KI-1" in json.dumps(current_blocks(served, alert))  # the alert says so, in place
    for n in range(1, 6):  # the five still being asked questions: no more questions, told
        (heard,) = texts_in(served, f"D{n}", "known issue")
        assert "day badges" in heard

    # The sixth and seventh askers are answered at once, in their language, and subscribed.
    sixth = ask(served, 6, SIXTH)
    assert "known issue" in sixth.params["text"] and "day badges" in sixth.params["text"]
    assert "<!here>" not in json.dumps(sixth.params)
    seventh = ask(served, 7, "Le lecteur de badge de l'entrée nord refuse ma carte ce matin")
    served.settle()
    assert served.slack.posts("D7") == [seventh]
    served.press(sixth, "notify", user="U6")
    served.settle()
    assert texts_in(served, "D6", "as soon as it is fixed")

    # Post an update from the status message: every subscriber hears it once.
    assert press_known(served, announced, "update") == 200
    served.settle()
    modal = opened_modal(served, 2)
    update = {
        "update_en": text_value("The badge server is being restarted"),
        "next_update": text_value("20"),
    }
    assert (
        submit_view(
            served, "relais-known-update", update, metadata=modal["private_metadata"], view_id="V3"
        )[0]
        == 200
    )
    served.settle()
    subscribed = [f"D{n}" for n in range(1, 7)]
    subscribed += ["D7"] if "problème connu" in seventh.params["text"] else []
    for channel in subscribed:
        assert len(texts_in(served, channel, "badge server is being restarted")) == 1, channel

    # Resolve: every subscriber is told once and asked to confirm; the issue is closed.
    assert press_known(served, announced, "resolve") == 200
    served.settle()
    modal = opened_modal(served, 3)
    fixed = {"resolution": text_value("Badge server certificate renewed"), "cause": text_value("")}
    assert (
        submit_view(
            served, "relais-known-resolve", fixed, metadata=modal["private_metadata"], view_id="V4"
        )[0]
        == 200
    )
    served.settle()
    for channel in subscribed:
        assert len(texts_in(served, channel, "certificate renewed")) == 1, channel
    assert "working again" in texts_in(served, "D6", "certificate renewed")[0]
    _, body = submit_view(
        served, "relais-known-update", update, metadata=modal["private_metadata"], view_id="V5"
    )
    assert "already resolved" in body  # updating a resolved issue changes nothing
    served.settle()
    assert len(texts_in(served, "D6", "badge server is being restarted")) == 1
    last_status = json.dumps(current_blocks(served, announced))
    assert "Resolved known issue KI-1" in last_status and "certificate renewed" in last_status
    with served.service.relais.db.session() as session:
        issue = session.query(KnownIssueRow).one()
        assert issue.status == "resolved" and issue.article_id


def test_not_related_marks_the_alert_in_place_and_the_next_askers_get_the_normal_flow(
    serve_http: Callable[[], Served], monkeypatch: pytest.MonkeyPatch
) -> None:
    served = known_served(serve_http, monkeypatch)
    for n, text in enumerate(SIMILAR, 1):
        ask(served, n, text)
    served.settle()
    assert served.service.known_tick() == 1
    served.settle()
    (alert,) = alerts(served)
    assert press_known(served, alert, "not_related") == 200
    served.settle()
    shown = json.dumps(current_blocks(served, alert), ensure_ascii=False)
    assert "Marked not related" in shown and "Declare a known issue" not in shown
    # A second press, from a screen not yet refreshed, changes nothing.
    assert press_known(served, alert, "not_related", user="UAGENT2", stale=True) == 200
    served.settle()
    sixth = ask(served, 6, SIXTH)
    served.settle()
    assert served.service.known_tick() == 0 and len(alerts(served)) == 1  # quiet as it grows
    assert "known issue" not in sixth.params["text"]  # nothing declared: the usual questions
    with served.service.relais.db.session() as session:
        assert session.query(KnownIssueRow).count() == 0
        assert session.query(TrendClusterRow).one().status == "dismissed"


@pytest.fixture
def served_processes() -> Iterator[list[Process]]:
    """`relais serve` child processes, killed after the test if still running."""
    started: list[Process] = []
    yield started
    for process in started:
        if process.proc.poll() is None:
            process.kill()


def _subscribers(settings: Settings, count: int) -> int:
    """An active known issue with `count` subscribed DM threads (D1…), as a declaration and
    `count` automatic answers leave them; its id."""
    relais = Relais(settings)
    try:
        with relais.db.session() as session:
            issue, _ = issues.declare(
                session,
                owner="UAGENT1",
                texts={"en": {"title": "Badge readers reject cards"}},
                now=utcnow(),
                next_update_in=timedelta(hours=1),
                encoder=lambda texts: np.ones((len(texts), 4), dtype=np.float32) / 2,
                status_channel=STATUS,
            )
            for n in range(1, count + 1):
                convo = ConversationRow(
                    key=f"slack:D{n}:60.{n}",
                    user=f"U{n}",
                    channel=f"D{n}",
                    state="known_issue",
                    verbatim="my badge is rejected",
                )
                session.add(convo)
                session.flush()
                issues.subscribe(session, issue, convo, "answered", 0.9)
            return issue.id
    finally:
        relais.close()


def test_kill_9_in_the_middle_of_a_fan_out_then_every_subscriber_gets_exactly_one_message(
    slack_settings: Settings,
    fake_slack: FakeSlack,
    served_processes: list[Process],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    count = 30
    monkeypatch.setenv("RELAIS_KNOWN_ISSUES__STATUS_CHANNEL", STATUS)
    issue_id = _subscribers(slack_settings, count)
    # Threads D16… cannot be posted to while the first process runs: it dies mid-fan-out.
    for n in range(count // 2 + 1, count + 1):
        fake_slack.fail_next("chat.postMessage", 503, None, times=10_000, channel=f"D{n}")
    first = Process(fake_slack)
    served_processes.append(first)
    update = {
        "update_en": text_value("Readers restarted one by one"),
        "next_update": text_value("30"),
    }
    status, _ = submit_view(
        first, "relais-known-update", update, metadata=json.dumps({"issue": issue_id})
    )
    assert status == 200

    def told(channel: str) -> int:
        shown = fake_slack.messages.get(channel, [])
        return sum("Readers restarted one by one" in m["text"] for m in shown)

    fake_slack.wait_for(
        lambda s: (
            all(told(f"D{n}") for n in range(1, count // 2 + 1))
            and len([c for c in s.calls_to("chat.postMessage") if c.status == 503]) >= count // 2
        ),
        timeout=30,
        what="half the fan-out sent, the other half failing",
    )
    first.kill()
    fake_slack.clear_faults()

    second = Process(fake_slack)
    served_processes.append(second)
    fake_slack.wait_for(
        lambda s: all(told(f"D{n}") for n in range(1, count + 1)),
        timeout=60,
        what="every subscriber told",
    )
    relais = Relais(slack_settings)
    try:
        fake_slack.wait_for(
            lambda _: _undelivered(relais, issue_id) == 0, what="every outbox row delivered"
        )
    finally:
        relais.close()
    assert [told(f"D{n}") for n in range(1, count + 1)] == [1] * count  # none lost or repeated
    # The status message was posted once, then updated in place.
    assert len([p for p in fake_slack.posts(STATUS) if "KI-" in p.params["text"]]) == 1


def _undelivered(relais: Relais, issue_id: int) -> int:
    with relais.db.session() as session:
        return int(
            session.scalar(
                select(func.count(MessageRow.id)).where(
                    MessageRow.dedupe_key.like(f"known:{issue_id}:%"),
                    MessageRow.delivered_at.is_(None),
                )
            )
            or 0
        )


def slash_known(served: Served, text: str, user: str = "UAGENT1") -> None:
    fields = {
        "command": "/relais-known",
        "text": text,
        "user_id": user,
        "channel_id": "CAGENTS",
        "team_id": "T1",
        "trigger_id": f"t.{len(served.slack.calls)}",
        "response_url": "https://hooks.slack.test/c",
    }
    assert post_signed(served.events_url, {}, fields=fields)[0] == 200


# The declaration, its status message and the matching it shares run on both databases above.
@pytest.mark.sqlite_only
def test_a_planned_change_is_announced_and_its_article_comes_first_during_its_window(
    serve_http: Callable[[], Served], monkeypatch: pytest.MonkeyPatch
) -> None:
    served = known_served(serve_http, monkeypatch)
    slash_known(served, "planned", user="U1")  # not an agent: refused, nothing opened
    served.settle()
    assert served.slack.calls_to("views.open") == []
    slash_known(served, "planned")
    served.settle()
    modal = opened_modal(served, 1)
    assert modal["callback_id"] == "relais-known-planned"
    form = {
        "title_en": text_value("VPN gateway upgrade tonight"),
        "affected_en": text_value("VPN connections may drop while the gateway restarts"),
        "starts_in": text_value("0"),
        "lasts": text_value("120"),
        "article": text_value("no-such-article"),
    }
    _, body = submit_view(served, "relais-known-planned", form, metadata="{}", view_id="V1")
    assert "No article no-such-article" in body
    form["article"] = text_value("vpn-disconnects-wifi")
    assert submit_view(served, "relais-known-planned", form, metadata="{}", view_id="V2")[0] == 200
    served.settle()
    (announced,) = served.slack.wait_posts(STATUS, 1)
    assert "Planned change KI-1" in announced.params["text"]
    first = ask(served, 1, "my VPN connection keeps dropping since the gateway upgrade")
    served.settle()
    said = " ".join(p.params["text"] for p in served.slack.posts("D1"))
    assert "planned change is under way" in first.params["text"] or "planned change" in said
    assert "VPN disconnects every few minutes" in said  # the change's article, first


# The declaration itself runs on both databases above; here only the card's way in.
@pytest.mark.sqlite_only
def test_this_is_an_outage_on_a_ticket_card_links_the_ticket_and_its_card_says_so(
    serve_http: Callable[[], Served], monkeypatch: pytest.MonkeyPatch
) -> None:
    served = known_served(serve_http, monkeypatch)
    served.send(message_event("talk to a human: the badge reader rejects my card", ts="40.1"))
    (statement,) = served.slack.wait_posts("D1", 1)
    served.press(statement, "send")
    (card,) = served.slack.wait_posts(TRIAGE, 1)
    served.settle()
    assert "This is an outage" in json.dumps(card.params["blocks"])
    assert press_known(served, card, "outage") == 200
    served.settle()
    modal = opened_modal(served, 1)
    assert json.loads(modal["private_metadata"]) == {"ticket": "T-00001"}
    form = {"title_en": text_value("Badge readers reject cards"), "next_update": text_value("45")}
    meta = modal["private_metadata"]
    assert submit_view(served, "relais-known-declare", form, metadata=meta, view_id="V1")[0] == 200
    served.settle()
    _, body = submit_view(served, "relais-known-declare", form, metadata=meta, view_id="V2")
    assert "already declared as KI-1" in body
    shown = json.dumps(current_blocks(served, card))
    assert "Part of known issue KI-1: Badge readers reject cards" in shown
    assert "This is an outage" not in shown
    assert texts_in(served, "D1", "part of a known issue")
    with served.service.relais.db.session() as session:
        ticket = session.query(TicketRow).one()
        assert "known_issue" in [e.what for e in tickets.history(session, ticket.id)]

    # The promised update is late: the owner is reminded in a DM, the requester told once.
    with served.service.relais.db.session() as session:
        session.query(KnownIssueRow).update({"next_update_at": utcnow() - timedelta(minutes=1)})
    assert served.service.known_tick() == 2
    assert served.service.known_tick() == 0
    served.settle()
    (reminder,) = served.slack.wait_posts("UAGENT1", 1)
    assert "overdue" in reminder.params["text"] and "KI-1" in reminder.params["text"]
    assert len(texts_in(served, "D1", "Still on it")) == 1
