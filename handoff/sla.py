"""SLA watch: warn at a fraction of each target and at breach, exactly once per ticket.

Run by a scheduler in every replica; each alert is claimed with a compare-and-set on its
column, so two replicas checking at the same moment send it once. The response clock stops at
the first human reply, the resolution clock at resolve; both are paused (no alert) while the
ticket waits on the requester. The warning fraction is of the target on its own clock
(business hours count opening hours only: handoff/sla_clock.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import CursorResult, select, update
from sqlalchemy.orm import InstrumentedAttribute, Session

from handoff import sla_clock, tickets
from handoff.tables import TicketRow
from handoff.tickets import Status


@dataclass(frozen=True)
class Alert:
    ticket_id: int
    ref: str
    clock: str  # "response" | "resolution"
    level: str  # "warning" | "breach"
    due: datetime


_COLUMNS: dict[tuple[str, str], InstrumentedAttribute[datetime | None]] = {
    ("response", "warning"): TicketRow.response_warned_at,
    ("response", "breach"): TicketRow.response_breached_at,
    ("resolution", "warning"): TicketRow.resolution_warned_at,
    ("resolution", "breach"): TicketRow.resolution_breached_at,
}


def _level(opened: datetime, due: datetime, now: datetime, warn_at: float) -> str | None:
    if now >= due:
        return "breach"
    span = (due - opened).total_seconds()
    if span > 0 and (now - opened).total_seconds() >= warn_at * span:
        return "warning"
    return None


def _clock_level(
    ticket: TicketRow, clock: str, due: datetime, now: datetime, warn_at: float
) -> str | None:
    """As `_level`, measured on the ticket's own clock, net of its pauses."""
    if now >= due:
        return "breach"
    span = sla_clock.target_span(ticket, clock)
    if span and sla_clock.taken(ticket, clock, now) >= span * warn_at:
        return "warning"
    return None


def check(session: Session, now: datetime, warn_at: float) -> list[Alert]:
    """Alerts that are due now and that this caller won (each is returned once, ever)."""
    active = session.scalars(select(TicketRow).where(TicketRow.status.in_(Status.ACTIVE))).all()
    alerts: list[Alert] = []
    for ticket in active:
        if ticket.status == Status.WAITING or ticket.paused_at is not None:
            continue  # the clocks are paused
        clocks: list[tuple[str, datetime | None]] = [
            ("response", None if ticket.first_response_at else ticket.response_due),
            ("resolution", ticket.resolution_due),
        ]
        for clock, due in clocks:
            if due is None:
                continue
            level = (
                _clock_level(ticket, clock, due, now, warn_at)
                if ticket.sla_clock
                else _level(ticket.created_at, due, now, warn_at)
            )
            levels = ["warning", "breach"] if level == "breach" else [level] if level else []
            for each in levels:
                if _claim(session, ticket.id, _COLUMNS[(clock, each)], now):
                    alerts.append(Alert(ticket.id, ticket.ref, clock, each, due))
                    tickets.audit(session, ticket, "relais", f"sla_{each}", None, clock, now=now)
    # A breach makes the warning moot: only the most serious alert per clock is sent.
    serious = {(a.ticket_id, a.clock) for a in alerts if a.level == "breach"}
    return [a for a in alerts if a.level == "breach" or (a.ticket_id, a.clock) not in serious]


def _claim(
    session: Session, ticket_id: int, column: InstrumentedAttribute[datetime | None], now: datetime
) -> bool:
    result = cast(
        "CursorResult[Any]",
        session.execute(
            update(TicketRow)
            .where(TicketRow.id == ticket_id, column.is_(None))
            .values({column.key: now})
            .execution_options(synchronize_session=False)
        ),
    )
    return result.rowcount == 1
