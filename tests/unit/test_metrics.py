"""Support metrics over small, known histories, checked by hand, on SQLite and PostgreSQL.

Each history is written through the domain's own functions (answer outcomes, ticket claims,
replies, resolves and reopens, flags) with an explicit clock, so every figure below can be
recounted from the story told in the test.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import update
from sqlalchemy.orm import Session

from bot.conversation_tables import ConversationRow
from bot.db import Database
from bot.reports import metrics
from bot.reports.metrics import Durations, Period, Ratio, ReportError
from handoff import tickets
from handoff.priority import SLA
from handoff.tables import TicketRow
from knowledge import authoring, feedback
from knowledge.tables import ArticleRow
from knowledge.transfer import import_path
from tests.conftest import FIXTURE_ARTICLES

SINCE = datetime(2026, 11, 1, tzinfo=UTC)
UNTIL = datetime(2026, 12, 1, tzinfo=UTC)
NOW = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
SLA_TABLE = {f"P{n}": target for n, target in SLA.items()}
H = 3600


def day(n: int, hour: int = 10, minute: int = 0) -> datetime:
    """November `n`, 2026 (the 2nd is a Monday)."""
    return datetime(2026, 11, n, hour, minute, tzinfo=UTC)


class History:
    """Writes conversations and tickets as the engine and the desk would, at chosen times."""

    def __init__(self, session: Session) -> None:
        self.s = session
        import_path(session, FIXTURE_ARTICLES, max_bytes=200_000, by="seed")
        # The knowledge base predates the month under report.
        session.execute(update(ArticleRow).values(created_at=datetime(2026, 6, 1, tzinfo=UTC)))

    def conversation(
        self, key: str, user: str, at: datetime, offered: tuple[str, ...] = ()
    ) -> ConversationRow:
        row = ConversationRow(
            key=key,
            user=user,
            channel="D1",
            verbatim=f"problem of {key}",
            state="appraising",
            offered=list(offered),
            created_at=at,
            updated_at=at + timedelta(minutes=5),
        )
        self.s.add(row)
        self.s.flush()
        return row

    def helped(self, convo: ConversationRow, slug: str, at: datetime) -> None:
        feedback.record_helped(self.s, slug, convo.key, at)
        convo.state = "resolved"

    def rejected(self, convo: ConversationRow, slug: str, at: datetime) -> None:
        feedback.record_rejection(
            self.s,
            slug,
            by=convo.user,
            reason="did not help",
            conversation_key=convo.key,
            now=at,
            threshold=99,
            window_days=7,
        )

    def ticket(
        self,
        key: str,
        user: str,
        at: datetime,
        priority: str,
        contact_type: str = "incident",
        obj: str = "",
    ) -> TicketRow:
        convo = self.conversation(key, user, at)
        ticket = TicketRow(
            conversation_id=convo.id,
            requester=user,
            title=f"ticket of {key}",
            contact_type=contact_type,
            priority=priority,
            status="open",
            language="en",
            statement={"title": key, "object": obj},
            created_at=at,
        )
        ticket.response_due, ticket.resolution_due = tickets.due_times(priority, at, SLA_TABLE)
        self.s.add(ticket)
        self.s.flush()
        tickets.audit(self.s, ticket, user, "opened", None, priority, now=at)
        convo.state, convo.ticket_ref = "handed_off", ticket.ref
        return ticket

    def work(
        self,
        ticket: TicketRow,
        agent: str,
        respond_after: float | None,
        resolve_after: float | None,
        article: str | None = None,
        rating: int | None = None,
        comment: str | None = None,
    ) -> None:
        """Claim, first reply after `respond_after` hours, resolve after `resolve_after` hours."""
        at = ticket.created_at
        tickets.claim(self.s, ticket.id, agent, at + timedelta(minutes=1))
        self.s.refresh(ticket)
        if respond_after is not None:
            tickets.first_response(self.s, ticket, agent, at + timedelta(hours=respond_after))
        if resolve_after is not None:
            done = at + timedelta(hours=resolve_after)
            tickets.resolve(self.s, ticket, agent, "fixed", done, article_id=article)
            ticket.article_id = article
        if rating is not None:
            ticket.csat_rating, ticket.csat_comment = rating, comment


@pytest.fixture
def history(db: Database) -> Any:
    with db.session() as session:
        yield History(session)


def report(db: Database, **kwargs: Any) -> metrics.Report:
    period = Period(
        kwargs.pop("since", SINCE), kwargs.pop("until", UNTIL), kwargs.pop("by", "week")
    )
    with db.session() as session:
        return metrics.build(session, period, now=kwargs.pop("now", NOW), **kwargs)


def test_self_service_and_honest_deflection(db: Database) -> None:
    with db.session() as session:
        h = History(session)
        # u1 confirms the VPN article and never comes back: deflected.
        c1 = h.conversation("c1", "u1", day(2), ("vpn-disconnects-wifi",))
        h.helped(c1, "vpn-disconnects-wifi", day(2, 10, 3))
        # u2 confirms it, but is back 3 days later with the same article, which fails.
        c2 = h.conversation("c2", "u2", day(3), ("vpn-disconnects-wifi",))
        h.helped(c2, "vpn-disconnects-wifi", day(3, 10, 3))
        c3 = h.conversation("c3", "u2", day(6), ("vpn-disconnects-wifi",))
        h.rejected(c3, "vpn-disconnects-wifi", day(6, 10, 2))
        # u3 confirms Outlook twice, 9 days apart: outside the 7 days, both count.
        c4 = h.conversation("c4", "u3", day(4), ("outlook-error-0x800ccc0e",))
        h.helped(c4, "outlook-error-0x800ccc0e", day(4, 10, 3))
        c5 = h.conversation("c5", "u3", day(13), ("outlook-error-0x800ccc0e",))
        h.helped(c5, "outlook-error-0x800ccc0e", day(13, 10, 3))
        # u4 is shown an article and says nothing: abandonment, never deflection.
        h.conversation("c6", "u4", day(5), ("vpn-disconnects-wifi",))
        # u5 leaves during the questions, before any article.
        h.conversation("c7", "u5", day(7))
        # u6 confirms, then reopens the same thread the next day: "it is back".
        c8 = h.conversation("c8", "u6", day(8), ("unlock-account-admin",))
        h.helped(c8, "unlock-account-admin", day(8, 10, 3))
        h.rejected(c8, "unlock-account-admin", day(9))
        # u7 rejects the article and is handed off; u8 asks for a human at once.
        c9 = h.ticket("c9", "u7", day(9), "P3")
        c9_convo = session.get(ConversationRow, c9.conversation_id)
        assert c9_convo is not None
        c9_convo.offered = ["vpn-disconnects-wifi"]
        h.rejected(c9_convo, "vpn-disconnects-wifi", day(9, 10, 1))
        h.ticket("c10", "u8", day(10), "P3")
        # Outside the period: not counted.
        h.conversation("old", "u1", day(1) - timedelta(days=3), ("vpn-disconnects-wifi",))

    got = report(db).self_service
    assert got["contacts"] == 10
    assert got["self_service_success"] == Ratio(5, 10)
    assert got["deflection"] == Ratio(3, 10)  # c1, c4, c5
    assert got["recontacted_within_7_days"] == 2  # c2 (back after 3 days), c8 (reopened)
    assert got["abandoned"] == Ratio(3, 10)
    assert got["abandoned_after_answer"] == 2  # c3, c6
    assert got["abandoned_before_answer"] == 1  # c7
    assert got["handed_off"] == Ratio(2, 10)
    assert got["tried_self_service_first"] == Ratio(8, 10)  # all but c7 and c10
    assert got["succeeded_when_tried"] == Ratio(5, 8)
    assert got["answered_per_article"] == Ratio(5, 3)  # vpn 2, outlook 2, unlock 1
    assert got["deflection"].small and got["deflection"].to_json() == {
        "value": 0.3,
        "numerator": 3,
        "denominator": 10,
        "small_sample": True,
    }


def test_a_confirmation_still_inside_its_seven_days_is_counted_and_said_to_be_open(
    db: Database,
) -> None:
    with db.session() as session:
        h = History(session)
        c1 = h.conversation("c1", "u1", day(28), ("vpn-disconnects-wifi",))
        h.helped(c1, "vpn-disconnects-wifi", day(28, 10, 2))
    got = report(db).self_service
    assert got["deflection"] == Ratio(1, 1)
    assert got["deflection_window_open"] == 1


def _service_history(session: Session) -> None:
    h = History(session)
    # t1 P3 Mon: replied in 30 min, resolved in 5 h with the VPN article; rated 2.
    t1 = h.ticket("t1", "u9", day(2, 9), "P3", obj="VPN")
    h.work(t1, "a1", 0.5, 5, "vpn-disconnects-wifi", 2, "took forever to understand me")
    # t2 P1: first reply after 30 min (target 15), resolved in 3 h (target 4); rated 5.
    t2 = h.ticket("t2", "u10", day(3), "P1")
    h.work(t2, "a1", 0.5, 3, "outlook-error-0x800ccc0e", 5, "quick fix, thanks")
    # t3 P2 request: an article drafted from the ticket (created after it); rated 4.
    t3 = h.ticket("t3", "u11", day(4), "P2", contact_type="request")
    draft = authoring.current(session, "printer-jam-draft")
    draft.created_at = day(4, 12)
    tickets.audit(session, t3, "a2", "article_drafted", None, draft.slug, now=day(4, 12))
    h.work(t3, "a2", 10 / 60, 2, "printer-jam-draft", 4)
    # t4 P3: waiting on the requester, resolved after 1 h, "not fixed", resolved again at 2 h.
    t4 = h.ticket("t4", "u12", day(5), "P3")
    h.work(t4, "a4", 0.25, None)
    tickets.set_waiting(session, t4, "a4", day(5, 10, 20))
    tickets.resume(session, t4, "u12", day(5, 10, 30))
    tickets.resolve(session, t4, "a4", "restarted", day(5, 11))
    tickets.reopen(session, t4, "u12", day(5, 11, 30))
    t4.reopened_count += 1
    tickets.resolve(session, t4, "a4", "replaced the cable", day(5, 12))
    # t5 P5 (business days) opened Friday 16:00, answered Monday 10:00, resolved Monday 12:00.
    t5 = h.ticket("t5", "u13", day(6, 16), "P5")
    h.work(t5, "a4", 66, 68)
    # t6 P4 handed back to the bot without a reply: its first-response target passed.
    t6 = h.ticket("t6", "u14", day(10), "P4")
    tickets.hand_back(session, t6, "a4", day(10, 11))
    # t7 P3 still open at the end of the month.
    h.ticket("t7", "u15", day(25), "P3")
    # t8: u9 again, 10 days after t1, same VPN article: a repeat incident.
    t8 = h.ticket("t8", "u9", day(12), "P3", obj="vpn")
    h.work(t8, "a1", 1, 3, "vpn-disconnects-wifi")
    # a3 flags the Outlook article (not yet dealt with).
    authoring.flag(session, "outlook-error-0x800ccc0e", "a3", "steps are outdated", day(14))


def test_service_times_sla_backlog_reopens_and_repeats(db: Database) -> None:
    with db.session() as session:
        _service_history(session)
    got = report(db).service
    assert got["tickets"] == 8
    assert got["first_contact_resolution"] == Ratio(5, 8)  # no self-service; t1 t2 t3 t5 t8
    assert got["first_contact_resolution_by_agents"] == Ratio(5, 6)
    # 600, 900, 1800, 1800, 3600, and t5's 18 business hours (66 on the wall clock).
    assert got["time_to_first_response"] == Durations(6, 1800, 64_800, 12_250)
    # 7200 (t3), 7200 (t4), 10800, 10800, 18000, and t5's 20 business hours.
    assert got["time_to_resolve"] == Durations(6, 10_800, 72_000, 21_000)
    assert got["sla_breach"] == Ratio(3, 8)  # t2, t6, t7
    by_priority = {p: v["breached"] for p, v in got["sla_by_priority"].items()}
    assert by_priority == {
        "P1": Ratio(1, 1),
        "P2": Ratio(0, 1),
        "P3": Ratio(1, 4),
        "P4": Ratio(1, 1),
        "P5": Ratio(0, 1),
    }
    assert got["sla_by_priority"]["P1"]["first_response_missed"] == 1
    assert got["backlog"]["open"] == 1
    assert got["backlog"]["age"].median == 5 * 86_400 + 14 * H  # t7 at the month's end
    assert got["reopen_rate"] == Ratio(1, 6)
    assert got["repeat_incidents"] == Ratio(1, 7)  # t3 is a request
    assert got["handed_back"] == Ratio(1, 8)


def test_kcs_link_reuse_create_participation_and_flags(db: Database) -> None:
    with db.session() as session:
        _service_history(session)
    got = report(db).kcs
    assert got["link_rate"] == Ratio(4, 6)  # t1 t2 t3 t8 of 6 resolved
    assert got["reuse"] == Ratio(3, 4)
    assert got["create"] == Ratio(1, 4)
    assert got["known"] == Ratio(3, 4) and got["new"] == Ratio(1, 4)
    assert got["closed_unlinked"] == 2
    assert got["top_reused"][0] == {
        "article": "vpn-disconnects-wifi",
        "title": got["top_reused"][0]["title"],
        "reuses": 2,
    }
    assert [a["article"] for a in got["top_reused"]] == [
        "vpn-disconnects-wifi",
        "outlook-error-0x800ccc0e",
    ]
    assert got["participation"]["linked"] == 2  # a1, a2
    assert got["participation"]["created"] == 1  # a2
    assert got["participation"]["flagged"] == 1  # a3
    assert got["participation"]["contributing"] == Ratio(3, 4)  # a4 only resolved
    assert got["flags"]["resolved"] == Ratio(0, 1)
    standard = got["content_standard"]
    assert standard["articles"] == 6  # the archived one is left out
    assert 0 < standard["score"].numerator < standard["score"].denominator


def test_voice_of_the_customer_and_the_watermelon(db: Database) -> None:
    with db.session() as session:
        _service_history(session)
    got = report(db).voice
    assert got["csat"] == Ratio(2, 3)
    assert got["response_rate"] == Ratio(3, 6)
    assert got["distribution"] == {"1": 0, "2": 1, "3": 0, "4": 1, "5": 1}
    assert [c["comment"] for c in got["comments"]] == [
        "quick fix, thanks",
        "took forever to understand me",
    ]
    low = got["watermelon"]["met_sla_rated_low"]
    high = got["watermelon"]["breached_rated_high"]
    assert [(w["ticket"], w["rating"], w["conversation"]) for w in low] == [("T-00001", 2, "t1")]
    assert [(w["ticket"], w["first_response_missed"]) for w in high] == [("T-00002", True)]


def test_weekly_trends_fill_every_week(db: Database) -> None:
    with db.session() as session:
        _service_history(session)
    trends = report(db).trends
    assert [t.label for t in trends] == [
        "2026-10-26",
        "2026-11-02",
        "2026-11-09",
        "2026-11-16",
        "2026-11-23",
        "2026-11-30",
    ]
    assert [t.contacts for t in trends] == [0, 5, 2, 0, 1, 0]
    week2 = trends[1]
    assert week2.csat == Ratio(2, 3)
    assert week2.mttr == Durations(5, 10_800, 72_000, 23_040)  # t5 resolves in business time
    monthly = report(db, by="month").trends
    assert [(t.label, t.contacts) for t in monthly] == [("2026-11", 8)]


def test_a_team_sees_only_its_articles(db: Database) -> None:
    with db.session() as session:
        _service_history(session)
    got = report(db, team="network-team")
    assert got.service["tickets"] == 2  # t1 and t8 link the VPN article
    assert got.kcs["link_rate"] == Ratio(2, 2)
    assert [a["article"] for a in got.kcs["top_reused"]] == ["vpn-disconnects-wifi"]
    assert got.kcs["flags"]["resolved"] == Ratio(0, 0)
    with pytest.raises(ReportError, match="unknown team 'nobody'"):
        report(db, team="nobody")


def test_an_empty_period_is_a_report_that_says_so(db: Database) -> None:
    got = report(db)
    assert got.empty
    assert got.to_json()["self_service"]["deflection"]["value"] is None


def test_bad_periods_are_refused_in_one_line() -> None:
    with pytest.raises(ReportError, match="inverted"):
        Period(UNTIL, SINCE)
    with pytest.raises(ReportError, match="--by must be one of day, week, month"):
        Period(SINCE, UNTIL, "year")
    with pytest.raises(ReportError, match="not a date"):
        metrics.parse_when("last tuesday", "--since")
    assert metrics.parse_when("2026-11-30", "--until", end_of_day=True) == UNTIL
