"""Business-hours SLAs: team calendars with public holidays, pauses while waiting on the
requester, warnings measured on the ticket's own clock; on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.cli import main
from bot.config import HandoffSettings
from bot.conversation_tables import ConversationRow, MessageRow
from bot.db import Database
from bot.desk import Desk
from bot.i18n import duration
from bot.reports import metrics
from handoff import sla, tickets
from handoff.calendar import CLOCKS, BusinessCalendar, CalendarError, Clock, build
from handoff.priority import SlaTarget
from handoff.tables import TicketRow

PARIS = ZoneInfo("Europe/Paris")
PARIS_CALENDAR = {"timezone": "Europe/Paris", "country": "FR", "opens": "09:00", "closes": "18:00"}


def paris(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=PARIS).astimezone(UTC)


def handoff_settings(**extra: object) -> HandoffSettings:
    """P3 counts business hours on the Paris calendar; the facilities team works weekends."""
    data: dict[str, object] = {
        "calendars": {
            "paris": PARIS_CALENDAR,
            "weekend": {"timezone": "Europe/Paris", "days": ["sat", "sun"]},
        },
        "calendar": "paris",
        "team_calendars": {"facilities": "weekend"},
        "sla": {
            "P1": {"first_response_min": 15, "resolution_min": 240},
            "P2": {"first_response_min": 60, "resolution_min": 480},
            "P3": {"first_response_min": 240, "resolution_min": 1440, "business_hours": True},
            "P4": {"first_response_min": 480, "resolution_min": 4320, "business_hours": True},
            "P5": {"first_response_min": 1440, "resolution_min": 0, "business_days": True},
        },
    }
    data.update(extra)
    return HandoffSettings.model_validate(data)


def open_at(
    session: Session, at: datetime, priority: str = "P3", team: str = "", key: str = "c1"
) -> TicketRow:
    convo = ConversationRow(key=key, user="U1", channel="D1", verbatim="x", state="handed_off")
    session.add(convo)
    session.flush()
    statement = {"title": "Payroll export slow", "contact_type": "incident", "priority": priority}
    if team:
        statement["owning_team"] = team
    return tickets.open_ticket(
        session,
        conversation_id=convo.id,
        requester="U1",
        channel="D1",
        language="fr",
        statement=statement,
        summary="",
        sla=handoff_settings().sla_targets(),
        now=at,
    )


def test_friday_evening_in_paris_is_due_monday_and_a_holiday_monday_pushes_it(
    db: Database,
) -> None:
    with db.session() as session:
        friday = open_at(session, paris(2026, 12, 4, 17, 30))  # a plain Friday
        assert friday.response_due == paris(2026, 12, 7, 12, 30)
        # The Friday before Whit Monday (lundi de Pentecôte, 25 May 2026, a French holiday).
        whit = open_at(session, paris(2026, 5, 22, 17, 30), key="c2")
        assert whit.response_due == paris(2026, 5, 26, 12, 30)
        # 24 business hours of resolution: 30 min Friday, then 9 h a day from Tuesday.
        assert whit.resolution_due == paris(2026, 5, 28, 14, 30)
        # P1 runs round the clock; P5 counts whole working days (Monday is a holiday).
        p1 = open_at(session, paris(2026, 5, 22, 17, 30), "P1", key="c3")
        assert p1.response_due == paris(2026, 5, 22, 17, 45)
        p5 = open_at(session, paris(2026, 5, 22, 17, 30), "P5", key="c4")
        assert p5.response_due == paris(2026, 5, 26, 17, 30)
        # An owning team's own calendar: facilities work at weekends only.
        team = open_at(session, paris(2026, 12, 4, 17, 30), team="facilities", key="c5")
        assert team.response_due == paris(2026, 12, 5, 13, 0)
        assert (team.sla_clock or {})["calendar"]["name"] == "weekend"


def test_waiting_on_the_requester_pauses_the_clock_and_the_audit_says_so(db: Database) -> None:
    with db.session() as session:
        ticket = open_at(session, paris(2026, 12, 7, 9, 0))  # Monday 09:00, due 13:00
        assert ticket.response_due == paris(2026, 12, 7, 13, 0)
        tickets.claim(session, ticket.id, "UAGENT", paris(2026, 12, 7, 9, 5))
        session.refresh(ticket)
        tickets.set_waiting(session, ticket, "UAGENT", paris(2026, 12, 7, 10, 0))
        # Past the due time while waiting: the clock is stopped, nothing is sent.
        assert sla.check(session, paris(2026, 12, 7, 17, 0), 0.8) == []
        # The requester answers the next morning at 09:00: 8 business hours spent waiting.
        tickets.resume(session, ticket, "U1", paris(2026, 12, 8, 9, 0))
        assert ticket.status == tickets.Status.CLAIMED
        assert ticket.response_due == paris(2026, 12, 8, 12, 0)
        assert ticket.resolution_due == paris(2026, 12, 10, 14, 0)  # 24 h + 8 h of business
        trail = [(e.what, e.new) for e in tickets.history(session, ticket.id)]
        assert ("sla_paused", "waiting on the requester") in trail
        assert ("sla_resumed", "response +8h00m, resolution +8h00m") in trail
        # The first reply at 11:00 took 1 h (before) + 2 h (after): 3 h of business time.
        tickets.first_response(session, ticket, "UAGENT", paris(2026, 12, 8, 11, 0))
        assert ticket.response_clock_s == 3 * 3600


def test_the_warning_is_at_80_percent_of_business_time_not_of_the_weekend(db: Database) -> None:
    with db.session() as session:
        ticket = open_at(session, paris(2026, 12, 4, 17, 30))  # due Monday 12:30
        ticket_id = ticket.id
        assert sla.check(session, paris(2026, 12, 6, 23, 0), 0.8) == []  # Sunday: 30 min spent
        # 80 % of 4 h is 3 h 12: Monday 11:42.
        assert sla.check(session, paris(2026, 12, 7, 11, 40), 0.8) == []
        (warning,) = sla.check(session, paris(2026, 12, 7, 11, 43), 0.8)
        assert (warning.ticket_id, warning.clock, warning.level) == (
            ticket_id,
            "response",
            "warning",
        )
        (breach,) = sla.check(session, paris(2026, 12, 7, 12, 31), 0.8)
        assert breach.level == "breach"
    # Agents read the due time on their calendar's clock.
    desk = Desk(db, "!private")
    assert desk.sla_tick(paris(2026, 12, 7, 12, 31), 0.8) == []  # both alerts already sent
    with db.session() as session:
        fresh = open_at(session, paris(2026, 12, 7, 9, 0), key="c9")
        fresh_ref = fresh.ref
    desk.sla_tick(paris(2026, 12, 7, 13, 1), 0.8)
    with db.session() as session:
        notices = session.scalars(
            select(MessageRow.payload).where(MessageRow.audience == "agents")
        ).all()
    said = json.dumps(notices, ensure_ascii=False)
    assert f"{fresh_ref} (P3): first response target missed (due 2026-12-07 13:00 CET)" in said


def test_a_priority_change_keeps_the_calendar_and_the_pauses(db: Database) -> None:
    with db.session() as session:
        ticket = open_at(session, paris(2026, 12, 7, 9, 0))
        tickets.set_waiting(session, ticket, "UAGENT", paris(2026, 12, 7, 10, 0))
        tickets.resume(session, ticket, "U1", paris(2026, 12, 7, 12, 0))
        targets = handoff_settings().sla_targets()
        later = paris(2026, 12, 7, 12, 0)
        tickets.set_priority(session, ticket, "P4", "wider", "UAGENT", later, targets)
        # 8 h + 2 h paused from Monday 09:00: Tuesday 10:00.
        assert ticket.response_due == paris(2026, 12, 8, 10, 0)


def test_a_bad_calendar_stops_start_up_with_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RELAIS_HANDOFF__CALENDARS", '{"paris": {"timezone": "Mars/Olympus"}}')
    monkeypatch.setenv("RELAIS_HANDOFF__CALENDAR", "paris")
    result = CliRunner().invoke(main, ["serve"])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "unknown timezone 'Mars/Olympus'" in lines[0], result.output
    for bad, said in [
        ({"calendars": {"x": {"country": "ZZ"}}}, "no public holidays known for 'ZZ'"),
        ({"calendars": {"x": {"days": ["funday"]}}}, "unknown day 'funday'"),
        ({"calendars": {"x": {"opens": "18:00", "closes": "09:00"}}}, "opens must be before"),
        ({"calendars": {"x": {"closed": ["25/12"]}}}, "closed day '25/12'"),
        ({"calendar": "nowhere"}, "unknown calendar 'nowhere'"),
    ]:
        with pytest.raises(ValidationError, match=said):
            HandoffSettings.model_validate(bad)


MOMENTS = st.datetimes(
    min_value=datetime(2026, 1, 1), max_value=datetime(2027, 12, 31), timezones=st.just(UTC)
)
CALENDAR = build("paris", **PARIS_CALENDAR)  # type: ignore[arg-type]


@settings(max_examples=60, deadline=None)
@given(MOMENTS, st.integers(min_value=0, max_value=60 * 60), st.sampled_from(CLOCKS))
def test_advancing_then_measuring_gives_the_span_back(
    start: datetime, minutes: int, kind: Clock
) -> None:
    span = timedelta(minutes=minutes)
    due = CALENDAR.advance(kind, start, span)
    assert due >= start
    assert CALENDAR.elapsed(kind, start, due) == span


def test_the_calendar_knows_holidays_and_extra_closed_days() -> None:
    calendar = build("lyon", timezone="Europe/Paris", country="FR", closed=["2026-12-24"])
    assert not calendar.is_working_day(date(2026, 12, 25))  # Noël
    assert not calendar.is_working_day(date(2026, 12, 24))  # closed by the team
    assert calendar.is_working_day(date(2026, 12, 23))
    assert BusinessCalendar.from_json(calendar.to_json()) == calendar
    with pytest.raises(CalendarError):
        build("none", days=[])
    assert SlaTarget(timedelta(1), None, business_hours=True).clock == "business_hours"


def test_employees_hear_business_hours_as_such() -> None:
    assert duration(timedelta(hours=4), "en", business_hours=True) == "4 business hours"
    assert duration(timedelta(hours=1), "fr", business_hours=True) == "1 heure ouvrée"
    assert duration(timedelta(minutes=90), "fr", business_hours=True) == "90 minutes ouvrées"
    assert duration(timedelta(hours=4), "en") == "4 hours"


def test_the_report_counts_business_time_net_of_pauses(db: Database) -> None:
    """Opened Friday 17:30, answered Monday 09:30 (1 h of business time), resolved Monday 12:00
    after waiting on the requester from 10:00 to 11:00 (3 h 30 of business time less 1 h)."""
    with db.session() as session:
        ticket = open_at(session, paris(2026, 12, 4, 17, 30))
        tickets.claim(session, ticket.id, "UAGENT", paris(2026, 12, 4, 17, 31))
        session.refresh(ticket)
        tickets.first_response(session, ticket, "UAGENT", paris(2026, 12, 7, 9, 30))
        tickets.set_waiting(session, ticket, "UAGENT", paris(2026, 12, 7, 10, 0))
        tickets.resume(session, ticket, "U1", paris(2026, 12, 7, 11, 0))
        tickets.resolve(session, ticket, "UAGENT", "fixed", paris(2026, 12, 7, 12, 0))
    with db.session() as session:
        period = metrics.Period(paris(2026, 12, 1), paris(2026, 12, 31))
        built = metrics.build(
            session, period, now=paris(2026, 12, 31), business_priorities=frozenset({"P3"})
        )
        service = built.to_json()["service"]
    assert service["time_to_first_response"]["median_s"] == 3600
    assert service["time_to_resolve"]["median_s"] == 2 * 3600 + 1800
