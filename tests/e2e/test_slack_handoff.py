"""Handoff to a human through Slack: the triage card, the claim race, relays, private notes."""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Callable
from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from bot.cli import main
from bot.conversation_tables import MessageRow
from handoff import tickets
from handoff.tables import TicketEventRow, TicketRow
from tests.e2e.agent_payloads import agent_press, press_agent, submit_view, text_value
from tests.e2e.conftest import TRIAGE, Served
from tests.fake_slack import Call, message_event, post_signed

pytestmark = pytest.mark.slow


def hand_off(served: Served, ts: str = "40.1") -> Call:
    """An employee asks for a human in a DM and sends the statement; the triage card."""
    served.send(message_event("talk to a human: vpn is down since this morning <!channel>", ts=ts))
    (statement,) = served.slack.wait_posts("D1", 1)
    served.press(statement, "send")
    served.slack.wait_posts("D1", 2)
    (card,) = served.slack.wait_posts(TRIAGE, 1)
    served.settle()
    return card


def ticket(served: Served) -> TicketRow:
    with served.service.relais.db.session() as session:
        row: TicketRow | None = session.scalar(select(TicketRow))
        assert row is not None
        return row


def events(served: Served) -> list[tuple[str, str, Any, Any]]:
    with served.service.relais.db.session() as session:
        return [
            (e.actor, e.what, e.old, e.new) for e in tickets.history(session, ticket(served).id)
        ]


def test_a_handoff_posts_a_triage_card_and_tells_the_employee(served: Served) -> None:
    card = hand_off(served)
    told = served.slack.posts("D1")[1]
    assert "T-00001" in told.params["text"] and "first response target" in told.params["text"]
    shown = json.dumps(card.params["blocks"], ensure_ascii=False)
    assert card.params.get("thread_ts") is None  # a card of its own in the triage channel
    for needed in (
        "T-00001",
        "IS NOT",
        "First response due",
        "What Relais already tried",
        "Open the employee's thread",
        "fake.slack.test/archives/D1/p401",
    ):
        assert needed in shown
    assert "<!channel>" not in shown
    assert ticket(served).triage_ts == card.response["ts"]
    assert ticket(served).response_due is not None


def test_the_card_and_the_statement_say_what_the_employee_already_tried(served: Served) -> None:
    served.send(
        message_event(
            "talk to a human: the VPN drops every 10 minutes since this morning, I've already "
            "restarted my laptop twice and reinstalled the client",
            ts="41.1",
        )
    )
    (statement,) = served.slack.wait_posts("D1", 1)
    seen = json.dumps(statement.params["blocks"], ensure_ascii=False)
    assert "Already tried" in seen and "reinstalled the client" in seen
    assert "Workaround" not in seen
    served.press(statement, "send")
    (card,) = served.slack.wait_posts(TRIAGE, 1)
    shown = json.dumps(card.params["blocks"], ensure_ascii=False)
    assert (
        "Already tried by the requester*: I've already restarted my laptop twice and "
        "reinstalled the client" in shown
    )


def test_two_agents_claim_at_once_and_exactly_one_owns_it(served: Served) -> None:
    card = hand_off(served)
    start = threading.Barrier(2)
    results: list[int] = []

    def claim(agent: str) -> None:
        start.wait()
        results.append(press_agent(served, card, agent))

    threads = [threading.Thread(target=claim, args=(a,)) for a in ("UAGENT1", "UAGENT2")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [200, 200]
    told = served.slack.wait_posts("D1", 3)[2]
    (notice,) = served.slack.wait_for(lambda s: s.calls_to("chat.postEphemeral"))
    owner = ticket(served).assignee
    loser = ({"UAGENT1", "UAGENT2"} - {owner}).pop()
    assert notice.params["user"] == loser and "already claimed by Agent" in notice.params["text"]
    assert (
        f"{'Agent One' if owner == 'UAGENT1' else 'Agent Two'} from support is on it"
        in (told.params["text"])
    )
    (update,) = served.slack.wait_for(
        lambda s: [c for c in s.calls_to("chat.update") if c.params["channel"] == TRIAGE]
    )
    assert update.params["ts"] == card.response["ts"]
    buttons = [
        e["action_id"]
        for b in update.params["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
    ]
    assert "relais-agent:claim" not in buttons and "relais-agent:resolve" in buttons
    assert "*Claimed* by Agent" in json.dumps(update.params["blocks"])
    assert [e for e in events(served) if e[1] == "claimed"] == [(owner, "claimed", None, owner)]


def test_only_agents_may_claim(served: Served) -> None:
    card = hand_off(served)
    press_agent(served, card, "U1")
    (notice,) = served.slack.wait_for(lambda s: s.calls_to("chat.postEphemeral"))
    assert notice.params["user"] == "U1" and "Only support agents" in notice.params["text"]
    served.settle()
    assert ticket(served).assignee is None


def test_after_a_claim_the_bot_is_silent_and_relays_both_ways(served: Served) -> None:
    card = hand_off(served)
    press_agent(served, card, "UAGENT1")
    served.slack.wait_posts("D1", 3)  # "Agent One from support is on it"
    served.settle()

    # The employee writes in their thread: no bot answer, but agents see it on the card.
    served.send(message_event("it also fails on my phone <!here>", ts="40.5", thread_ts="40.1"))
    relay = served.slack.wait_posts(TRIAGE, 2)[1]
    assert relay.params["thread_ts"] == card.response["ts"]
    assert "it also fails on my phone" in relay.params["text"]
    assert "<!here>" not in relay.params["text"]

    # The agent answers in the card's thread: relayed to the employee, with their name.
    served.send(
        message_event(
            "Can you restart the VPN client?",
            channel=TRIAGE,
            user="UAGENT1",
            ts="41.1",
            thread_ts=card.response["ts"],
        )
    )
    answer = served.slack.wait_posts("D1", 4)[3]
    assert answer.params["thread_ts"] == "40.1"
    assert "Agent One (support): Can you restart the VPN client?" in answer.params["text"]

    # A private note stays among agents.
    served.send(
        message_event(
            "!private checked the logs, cert expired",
            channel=TRIAGE,
            user="UAGENT1",
            ts="41.2",
            thread_ts=card.response["ts"],
        )
    )
    served.slack.wait_for(
        lambda s: any(e[1] == "private_note" for e in events(served)), what="the note"
    )
    served.settle()
    assert len(served.slack.posts("D1")) == 4
    assert "cert expired" not in json.dumps([c.params for c in served.slack.posts("D1")])

    assert ticket(served).first_response_at is not None
    with served.service.relais.db.session() as session:
        transcript = session.scalars(select(MessageRow.text).order_by(MessageRow.id)).all()
        notes = session.scalars(
            select(TicketEventRow.note).where(TicketEventRow.what == "private_note")
        ).all()
    assert any("it also fails on my phone" in text for text in transcript)  # still recorded
    assert notes == ["!private checked the logs, cert expired"]
    assert [e[1] for e in events(served)] == [
        "opened",
        "claimed",
        "status",
        "first_response",
        "private_note",
    ]

    shown = CliRunner().invoke(main, ["tickets", "show", "T-00001"])
    assert shown.exit_code == 0, shown.output
    agent = "Agent One (UAGENT1)"
    assert "assigned to Agent One" in shown.output
    assert f"{agent}: claimed {agent}" in shown.output
    assert f"{agent}: status open -> claimed" in shown.output
    assert f"{agent}: private_note (!private checked the logs, cert expired)" in shown.output
    assert "U1: it also fails on my phone" in shown.output
    assert f"{agent} [private]: !private checked the logs" in shown.output


def claimed(served: Served) -> None:
    press_agent(served, hand_off(served), "UAGENT1")
    served.slack.wait_posts("D1", 3)
    served.settle()


def test_from_question_to_resolution_capture_reopen_and_csat(served: Served) -> None:
    claimed(served)
    agent_press(served, "resolve")
    (opened,) = served.slack.wait_for(lambda s: s.calls_to("views.open"))
    assert opened.params["trigger_id"] == "trigger-resolve"
    assert opened.params["view"]["callback_id"] == "relais-resolve"

    # A non-agent cannot resolve; an empty note or article + draft are refused in the modal.
    status, answer = submit_view(served, "relais-resolve", {"note": text_value("x")}, "U1")
    assert status == 200 and "Only support agents" in answer
    both = {
        "note": text_value("Renewed the VPN certificate"),
        "article": {"relais-agent:article": {"selected_option": {"value": "vpn-slow"}}},
        "draft": {"value": {"selected_options": [{"value": "draft"}]}},
    }
    assert "not both" in submit_view(served, "relais-resolve", both)[1]

    # Resolve, drafting an article from the thread (KCS capture).
    del both["article"]
    assert submit_view(served, "relais-resolve", both)[0] == 200
    ask = served.slack.wait_posts("D1", 4)[3]
    assert "Agent One resolved T-00001: Renewed the VPN certificate" in ask.params["text"]
    served.settle()
    with served.service.relais.db.session() as session:
        slug = session.scalar(select(TicketRow.article_id))
    assert slug and slug.startswith("t-00001-")
    shown = CliRunner().invoke(main, ["kb", "show", slug, "--json"])
    article = json.loads(shown.output)
    assert article["confidence"] == "not_validated" and article["owner"] == "it-support"
    assert "Renewed the VPN certificate" in article["resolution"]
    assert any("vpn is down since this morning" in line for line in article["issue"])
    # The employee's <!channel> is plain words in the draft, never a live mention or in its id.
    assert "<!" not in json.dumps(article) and "@channel" in " ".join(article["issue"])

    # "No, still broken" reopens the ticket in the same thread, and agents are told.
    served.press(ask, "fixed:no")
    reopened = served.slack.wait_posts("D1", 5)[4]
    assert "reopened T-00001" in reopened.params["text"]
    notice = served.slack.wait_posts(TRIAGE, 2)[1]
    assert "not fixed" in notice.params["text"]
    served.settle()
    assert ticket(served).status == "claimed"

    # Resolved again, this time linking an existing article found by searching in the modal.
    suggestion = {
        "type": "block_suggestion",
        "user": {"id": "UAGENT1"},
        "team": {"id": "T1"},
        "action_id": "relais-agent:article",
        "block_id": "article",
        "value": "vpn disconnects",
        "view": {
            "id": "V1",
            "type": "modal",
            "callback_id": "relais-resolve",
            "private_metadata": "T-00001",
        },
    }
    status, body = post_signed(served.events_url, suggestion, form=True)
    options = json.loads(body)["options"]
    assert status == 200 and options
    picked = options[0]["value"]
    agent_press(served, "resolve")
    submit_view(
        served,
        "relais-resolve",
        {
            "note": text_value("Reinstalled the VPN profile"),
            "article": {"relais-agent:article": {"selected_option": {"value": picked}}},
        },
    )
    ask = served.slack.wait_posts("D1", 6)[5]
    served.press(ask, "fixed:yes")
    rate = served.slack.wait_posts("D1", 7)[6]
    assert [
        e["value"] for b in rate.params["blocks"] if b["type"] == "actions" for e in b["elements"]
    ] == ["csat:1", "csat:2", "csat:3", "csat:4", "csat:5"]
    served.press(rate, "csat:5")
    served.slack.wait_posts("D1", 8)
    served.send(message_event("quick and friendly, thanks", ts="40.9", thread_ts="40.1"))
    served.slack.wait_posts("D1", 9)
    served.settle()
    done = ticket(served)
    assert (done.status, done.csat_rating, done.csat_comment, done.reopened_count) == (
        "resolved",
        5,
        "quick and friendly, thanks",
        1,
    )
    assert done.article_id == picked
    assert [e[1] for e in events(served)] == [
        "opened",
        "claimed",
        "status",
        "article_drafted",
        "status",
        "article",
        "status",
        "status",
        "article",
        "confirmed_fixed",
        "csat",
        "csat_comment",
    ]

    # The record: CSAT in text and JSON, presses by the label the employee saw.
    shown = CliRunner().invoke(main, ["tickets", "show", "T-00001"])
    assert 'CSAT: 5/5 "quick and friendly, thanks"' in shown.output
    assert "U1: [pressed: Send to support]" in shown.output
    assert "U1: [pressed: 5]" in shown.output
    assert not re.search(r"^  \S+ \S+ U1: $", shown.output, re.M)  # no empty press lines
    record = json.loads(CliRunner().invoke(main, ["tickets", "show", "1", "--json"]).output)
    assert record["csat"] == {"rating": 5, "comment": "quick and friendly, thanks"}
    assert record["assignee_name"] == "Agent One"
    assert all(m["text"] for m in record["transcript"] if m["direction"] == "in")


def test_agent_actions_change_the_ticket_and_say_so(served: Served) -> None:
    claimed(served)
    agent_press(served, "waiting")
    told = served.slack.wait_posts("D1", 4)[3]
    assert "Agent One from support is waiting for your reply" in told.params["text"]
    served.settle()
    assert ticket(served).status == "waiting"
    served.send(message_event("here are the details", ts="40.6", thread_ts="40.1"))
    served.slack.wait_posts(TRIAGE, 2)  # relayed to agents
    served.settle()
    assert ticket(served).status == "claimed"  # the requester answered

    agent_press(served, "priority")
    served.slack.wait_for(lambda s: s.calls_to("views.open"))
    assert (
        "Give the reason"
        in submit_view(
            served,
            "relais-priority",
            {"priority": {"value": {"selected_option": {"value": "P2"}}}, "reason": text_value("")},
        )[1]
    )
    due_before = ticket(served).response_due
    submit_view(
        served,
        "relais-priority",
        {
            "priority": {"value": {"selected_option": {"value": "P2"}}},
            "reason": text_value("whole sales team blocked"),
        },
    )
    served.slack.wait_for(lambda s: ticket(served).priority == "P2", what="priority P2")
    assert ticket(served).response_due != due_before

    agent_press(served, "assign", selected_user="UAGENT2")
    told = served.slack.wait_posts("D1", 5)[4]
    assert "Agent Two from support now has T-00001" in told.params["text"]

    agent_press(served, "note")
    submit_view(served, "relais-note", {"note": text_value("called the user, no answer")})
    note = served.slack.wait_posts(TRIAGE, 3)[2]
    assert "called the user, no answer" in note.params["text"]

    agent_press(served, "handback")
    told = served.slack.wait_posts("D1", 6)[5]
    assert "handed this back to me" in told.params["text"]
    served.settle()
    served.send(
        message_event(
            "my laptop is very slow, everything takes forever", ts="40.8", thread_ts="40.1"
        )
    )
    answer = served.slack.wait_posts("D1", 7)[6]
    assert answer.params["blocks"][0]["type"] == "header"  # the bot answers again
    served.settle()
    assert len(served.slack.posts("D1")) == 7
    trail = events(served)
    assert ("UAGENT1", "priority", "P3", "P2") in trail
    assert ("UAGENT1", "assignee", "UAGENT1", "UAGENT2") in trail
    assert ("UAGENT1", "status", "claimed", "returned") in trail
    with served.service.relais.db.session() as session:
        reasons = session.scalars(
            select(TicketEventRow.note).where(TicketEventRow.what == "priority")
        ).all()
    assert reasons == ["whole sales team blocked"]


def triage_texts(served: Served) -> list[str]:
    served.settle()
    return [str(c.params["text"]) for c in served.slack.posts(TRIAGE)[1:]]


def test_sla_warns_at_80_percent_then_at_breach_once_across_replicas(served: Served) -> None:
    hand_off(served)
    t = ticket(served)
    assert t.response_due is not None
    span = t.response_due - t.created_at
    assert served.service.sla_tick(t.created_at + span * 0.5) == 0

    at_85 = t.created_at + span * 0.85
    start = threading.Barrier(2)
    sent: list[int] = []

    def replica() -> None:
        start.wait()
        sent.append(served.service.sla_tick(at_85))

    runs = [threading.Thread(target=replica) for _ in range(2)]
    for run in runs:
        run.start()
    for run in runs:
        run.join()
    assert sorted(sent) == [0, 1]
    (warning,) = triage_texts(served)
    assert warning.startswith("⚠️ T-00001") and "first response due" in warning

    assert served.service.sla_tick(t.response_due + (span * 0.01)) == 2  # agents + employee
    assert served.service.sla_tick(t.response_due + span) == 0  # once only
    breach = triage_texts(served)[1]
    assert breach.startswith("🚨 T-00001") and "target missed" in breach
    still = served.slack.posts("D1")[-1]
    assert "Still on it: T-00001 is taking longer than we promised" in still.params["text"]
    assert [e[1] for e in events(served)] == ["opened", "sla_warning", "sla_breach"]


def slash_next(served: Served, user: str) -> None:
    fields = {
        "command": "/relais-next",
        "text": "",
        "user_id": user,
        "channel_id": "CAGENTS",
        "team_id": "T1",
        "trigger_id": "t.1",
        "response_url": "https://hooks.slack.test/c",
    }
    status, _ = post_signed(served.events_url, {}, fields=fields)
    assert status == 200


def test_next_ticket_takes_the_most_urgent_oldest_one(served: Served) -> None:
    hand_off(served)  # T-00001: P3 (one person, VPN down)
    served.send(
        message_event(
            "talk to a human: email is down for the whole company, this is P1",
            channel="D2",
            user="U2",
            ts="50.1",
        )
    )
    (statement,) = served.slack.wait_posts("D2", 1)
    served.press(statement, "send", user="U2")
    served.slack.wait_posts(TRIAGE, 2)
    served.settle()

    slash_next(served, "U1")
    (refusal,) = served.slack.wait_for(lambda s: s.calls_to("chat.postEphemeral"))
    assert "Only support agents" in refusal.params["text"]

    slash_next(served, "UAGENT1")
    told = served.slack.wait_for(
        lambda s: len(s.calls_to("chat.postEphemeral")) == 2 and s.calls_to("chat.postEphemeral")
    )[1]
    assert told.params["text"].startswith("T-00002 is yours")
    told_employee = served.slack.wait_posts("D2", 3)[2]
    assert "Agent One from support is on it (T-00002)" in told_employee.params["text"]

    # The App Home offers the next one too, and lists the agent's tickets.
    served.send(
        {
            "type": "event_callback",
            "team_id": "T1",
            "api_app_id": "A1",
            "event_id": "EvHome1",
            "event_time": 1,
            "event": {"type": "app_home_opened", "user": "UAGENT1", "tab": "home"},
        }
    )
    (home,) = served.slack.wait_for(lambda s: s.calls_to("views.publish"))
    assert "T-00002" in json.dumps(home.params["view"])
    payload = {
        "type": "block_actions",
        "user": {"id": "UAGENT1"},
        "team": {"id": "T1"},
        "container": {"type": "view", "view_id": "VH"},
        "trigger_id": "t.2",
        "view": {"id": "VH", "type": "home"},
        "actions": [
            {
                "type": "button",
                "action_id": "relais-agent:next",
                "value": "next",
                "block_id": "b",
                "action_ts": "3.3",
            }
        ],
    }
    post_signed(served.events_url, payload, form=True)
    home = served.slack.wait_for(
        lambda s: len(s.calls_to("views.publish")) == 2 and s.calls_to("views.publish")
    )[1]
    view = json.dumps(home.params["view"])
    assert "T-00001 is yours" in view and "T-00001" in view and "T-00002" in view
    served.settle()
    assert ticket(served).assignee == "UAGENT1"


def test_round_robin_gives_new_tickets_to_agents_in_turn(
    serve_http: Callable[[], Served], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RELAIS_HANDOFF__ROUND_ROBIN", "true")
    served = serve_http()
    for n, channel in enumerate(("D1", "D2"), start=1):
        user = f"U{n}"
        served.send(
            message_event(
                "talk to a human: my screen is broken", channel=channel, user=user, ts=f"6{n}.1"
            )
        )
        (statement,) = served.slack.wait_posts(channel, 1)
        served.press(statement, "send", user=user)
        served.slack.wait_posts(channel, 3)
    served.settle()
    with served.service.relais.db.session() as session:
        owners = session.scalars(select(TicketRow.assignee).order_by(TicketRow.id)).all()
    assert owners == ["UAGENT1", "UAGENT2"]
    assert "Agent Two from support is on it" in served.slack.posts("D2")[2].params["text"]


def test_a_card_posted_before_its_answer_was_lost_is_not_posted_again(served: Served) -> None:
    """Slack posts the card, then the answer fails (a timeout, a 500): the retry finds the
    card by its metadata, however busy the triage channel, and does not post a second one."""
    served.send(message_event("talk to a human: vpn is down since this morning", ts="41.1"))
    (statement,) = served.slack.wait_posts("D1", 1)
    served.slack.fail_next(
        "chat.postMessage", status=500, retry_after=None, after=True, channel=TRIAGE
    )
    served.press(statement, "send")
    served.slack.wait_for(
        lambda s: [c for c in s.calls_to("chat.postMessage") if c.status == 500],
        what="the card posted, its answer lost",
    )
    for n in range(250):  # then a busy triage channel: more than a page of newer messages
        served.slack.add_message(TRIAGE, {"type": "message", "ts": f"1900000000.{n:06d}"})
    served.slack.wait_for(
        lambda s: [c for c in s.calls_to("conversations.history") if c.params.get("cursor")],
        what="the retry paging through the triage channel",
    )
    served.settle()
    cards = [m for m in served.slack.messages[TRIAGE] if m.get("metadata")]
    assert len(cards) == 1
    assert ticket(served).triage_ts == cards[0]["ts"]
