"""No live mention ever leaves Relais: hostile text through every renderer and the chokepoint.

Employees' words reach agents (cards, relays, notices), authors (review queue, gap report,
modals) and the employee (answers, statements). Whatever an employee typed, and whichever
renderer shows it, nothing that reaches Slack's Web API may contain a live `<!…>` or `<@…>`.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.actions import Action, Choice
from bot.gaps import GapCase, GapCluster
from bot.known.tables import KnownIssueRow
from bot.known.trends import ClusterView
from bot.reports.digest import Digest, Figure
from bot.slack.blocks import render_all
from bot.slack.client import web_client
from bot.slack.digest import render_blocks as render_digest
from bot.slack.home import agent_section, home_view
from bot.slack.known_views import Reach, render_alert, render_status
from bot.slack.statement_modal import statement_modal
from bot.slack.text_safety import defang, defuse
from bot.slack.triage import (
    note_modal,
    priority_modal,
    render_card,
    render_notice,
    render_relay,
    resolve_modal,
)
from handoff.tables import TicketRow
from knowledge.article import ArticleContent, ArticleType, Audience, Confidence
from knowledge.review import Evidence, ReviewItem
from tests.fake_slack import BOT_TOKEN, FakeSlack

LIVE = re.compile(r"<[!@][^<>]*>")
FRAGMENTS = [
    "<!channel>",
    "<!here>",
    "<!here|here>",
    "<!everyone>",
    "<!subteam^S1|@oncall>",
    "<@U123>",
    "<@W42|bob>",
    "<",
    ">",
    "!",
    "@",
    "|",
    "<<!here>!here>",
    "<@<@U1>>",
    "&lt;",
    "&amp;",
    "<https://x.test|link>",
    "\u200b",
]
hostile = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=8)), min_size=1, max_size=12
).map("".join)
NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def live_in(payload: Any) -> list[str]:
    """Every live sequence in any string of a payload (Slack parses each string alone)."""
    if isinstance(payload, str):
        return LIVE.findall(payload)
    if isinstance(payload, dict):
        payload = list(payload.values())
    if isinstance(payload, list | tuple):
        return [found for item in payload for found in live_in(item)]
    return []


def _ticket(text: str) -> TicketRow:
    return TicketRow(
        id=1,
        title=text,
        priority="P2",
        status="open",
        contact_type="incident",
        requester="U1",
        assignee="U2",
        statement={
            "priority_reason": text,
            "business_need": text,
            "requester_verbatim": text,
            "spec": {"what": {"is": text, "is_not": text}},
            "kb_trail": [{"query": text, "shown": text, "feedback": "no"}],
            "missing_slots": [text],
        },
        response_due=NOW,
        resolution_due=NOW,
    )


def _article(hostile_text: str) -> ArticleContent:
    text = f"{hostile_text} x"  # an article's sections are never empty
    return ArticleContent(
        id="hostile",
        title=text,
        type=ArticleType.PROBLEM,
        confidence=Confidence.NOT_VALIDATED,
        audience=Audience.EMPLOYEES,
        language="en",
        owner="network-team",
        issue=(text,),
        environment=(text,),
        resolution=text,
        search_phrases=(text,),
    )


def renderings(text: str) -> list[Any]:
    """What each renderer sends for one hostile string in every user-derived field."""
    from bot.slack import review_views as views

    statement = {
        "title": text,
        "object": text,
        "expected": text,
        "spec": {
            "what": {"is": text, "is_not": text},
            "where": {"is": text, "is_not": text},
            "when": {"first": text, "pattern": text},
            "extent": {"count": text, "trend": text},
        },
        "priority": "P3",
        "impact": text,
        "urgency": text,
        "business_need": text,
        "missing_slots": [text],
        "requester_verbatim": text,
    }
    actions = [
        Action("message", text),
        Action("question", text, choices=(Choice("a", text),)),
        Action("answer", text, article_id="a", data={"title": text, "resolution": text}),
        Action("statement", text, choices=(Choice("send", "Send"),), problem_statement=statement),
        Action("handoff", text, ticket_id="T-00001", priority="P3"),
        Action("disambiguate", text, choices=(Choice("x", text), Choice("y", text))),
    ]
    name = lambda _user: text  # noqa: E731 - a display name is user-controlled too
    item = ReviewItem(
        "hostile",
        text,
        "team",
        "validated",
        "employees",
        False,
        0.5,
        (text,),
        (Evidence("flag", text, NOW, by=text, conversation_key=None),),
    )
    case = GapCase(1, "slack:D1:1.1", "U1", "en", text, text, "P2", "none", (), NOW)
    cluster = GapCluster((case, case))
    out: list[Any] = [m.blocks for _, m in render_all(actions)]
    out += [m.text for _, m in render_all(actions)]
    card = render_card(_ticket(text), "https://slack.test/x", name)
    out += [card.blocks, card.text]
    linked = render_card(_ticket(text), None, name, "en", known_issue=text)
    out += [linked.blocks, linked.text]
    issue = KnownIssueRow(
        id=1,
        kind="known",
        status="resolved",
        texts={
            lang: {"title": text, "affected": text, "workaround": text} for lang in ("en", "fr")
        },
        updates=[{"en": text, "fr": text}],
        resolution=text,
        cause=text,
        next_update_at=NOW,
    )
    status = render_status(issue, Reach(2, 1), "fr")
    trend = ClusterView(1, "open", 5, 30, [text], [text], [text], ["slack:D1:1.1"], None)
    alert = render_alert(trend, "en", "https://acme.slack.com")
    out += [status.blocks, status.text, alert.blocks, alert.text]
    out += [render_relay(text, text).blocks, render_notice(text).blocks]
    out += [views.queue_blocks([item], lambda _key: None), views.gap_blocks([cluster], 30)]
    out += [views.draft_modal(text, [text], ["team"]), views.flag_modal("a", text, None)]
    out += [views.edit_modal(_article(text)), views.phrasings_modal(_article(text))]
    out += [
        modal(_article(text))
        for modal in (
            views.validate_modal,
            views.archive_modal,
            views.audience_modal,
            views.merge_modal,
        )
    ]
    # The one App Home (a notice, an agent's tickets, an author's queue), the statement modal,
    # the agents' modals and the weekly digest.
    agent = agent_section([("T-00001", "P2", "open", text)])
    out.append(home_view(text, agent, views.queue_blocks([item], lambda _key: None)))
    fields = [{"field": "object", "label": text, "value": text, "max_length": 300}]
    out.append(statement_modal("slack:D1:1.1", "en", fields))
    out += [resolve_modal(text), note_modal(text), priority_modal(text, "P3")]
    digest = Digest(
        "2026-W49", "en", text, text, [Figure(text, text, text)], [text], [(text, None)]
    )
    out += [render_digest(digest), digest.text]
    return out


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hostile)
def test_no_live_mention_leaves_any_renderer_through_the_chokepoint(text: str) -> None:
    for payload in renderings(text):
        assert not live_in(defuse(payload)), payload


@given(hostile)
def test_defang_leaves_no_live_sequence_and_is_stable(text: str) -> None:
    once = defang(text)
    assert not LIVE.search(once)
    assert defang(once) == once


@given(st.text().filter(lambda s: "<" not in s))
def test_text_without_control_sequences_is_untouched(text: str) -> None:
    assert defang(text) == text


def test_identifiers_pass_the_chokepoint_unchanged() -> None:
    payload = {"channel": "C1", "blocks": [{"block_id": "<@U1>", "text": "<@U1>"}]}
    assert defuse(payload) == {
        "channel": "C1",
        "blocks": [{"block_id": "<@U1>", "text": "@\u200bU1"}],
    }


def test_the_web_client_defuses_what_it_sends_over_http() -> None:
    slack = FakeSlack()
    slack.start()
    try:
        client = web_client(BOT_TOKEN, slack.api_url)
        hostile_text = "hi <!channel> and <@U9|boss>"
        client.chat_postMessage(
            channel="C1", text=hostile_text, blocks=[render_notice(hostile_text).blocks[0]]
        )
        client.chat_postEphemeral(channel="C1", user="U1", text=hostile_text)
        client.views_publish(
            user_id="U1",
            view={"type": "home", "blocks": [{"type": "section", "text": {"text": hostile_text}}]},
        )
        sent = [c.params for c in slack.calls if c.method != "auth.test"]
        assert len(sent) == 3
        assert not live_in(sent)
        assert "hi @\u200bchannel and @\u200bboss" in json.dumps(sent, ensure_ascii=False)
    finally:
        slack.stop()
