"""The ticket lifecycle: SLA due times, atomic claim, changes with an audit trail, the queue.

Every function takes the caller's session (one transaction) and a `now`, so the SLA clock can
be driven by tests. Every change writes a TicketEventRow: who, what, old -> new, when.
Races (two agents claiming, two replicas warning) are compare-and-set UPDATEs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, select, update
from sqlalchemy.orm import Session

from handoff import sla_clock
from handoff.calendar import BusinessCalendar
from handoff.priority import SlaTarget
from handoff.tables import TicketEventRow, TicketRow


class Status:
    OPEN = "open"  # waiting for an agent
    CLAIMED = "claimed"
    WAITING = "waiting"  # on the requester
    RESOLVED = "resolved"
    RETURNED = "returned"  # handed back to the bot

    ACTIVE = (OPEN, CLAIMED, WAITING)


class TicketError(ValueError):
    """A change that does not apply to the ticket as it is (the message says why)."""


@dataclass(frozen=True)
class Claim:
    """The result of a claim: `won` is False when someone else already had it."""

    won: bool
    owner: str | None
    ticket: TicketRow


def open_ticket(
    session: Session,
    *,
    conversation_id: int,
    requester: str,
    channel: str,
    language: str,
    statement: dict[str, Any],
    summary: str,
    sla: dict[str, SlaTarget],
    now: datetime,
) -> TicketRow:
    """A new ticket from a confirmed problem statement: priority, SLA due times, audit."""
    ticket = TicketRow(
        conversation_id=conversation_id,
        requester=requester,
        channel=channel,
        title=str(statement["title"])[:300],
        contact_type=str(statement["contact_type"]),
        priority=str(statement["priority"]),
        status=Status.OPEN,
        language=language,
        statement=statement,
        summary=summary,
    )
    ticket.created_at = now
    sla_clock.start(ticket, sla, now)
    overridden = (statement.get("priority_factors") or {}).get("overridden_from") or None
    ticket.priority_overridden_from = overridden
    session.add(ticket)
    session.flush()
    audit(session, ticket, requester, "opened", None, ticket.priority, now=now)
    if overridden:
        audit(
            session,
            ticket,
            requester,
            "priority_override",
            overridden,
            ticket.priority,
            note="requested by the requester",
            now=now,
        )
    return ticket


def add_business_days(start: datetime, span: timedelta) -> datetime:
    """`span` counted on Monday-Friday only (a day is 24 h of business time)."""
    left = span
    at = start
    while left > timedelta(0):
        if at.weekday() >= 5:  # skip to Monday 00:00
            at = (at + timedelta(days=7 - at.weekday())).replace(
                hour=0, minute=0, second=0, microsecond=0
            )
            continue
        midnight = (at + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
        step = min(left, midnight - at)
        at += step
        left -= step
    return at


def due_times(
    priority: str,
    opened: datetime,
    sla: dict[str, SlaTarget],
    calendar: BusinessCalendar | None = None,
) -> tuple[datetime, datetime | None]:
    """(first response due, resolution due or None for planned work), on the target's clock
    and `calendar` (default: the target's default calendar)."""
    target = sla[priority]
    cal = calendar or target.calendars.default

    def after(span: timedelta) -> datetime:
        return cal.advance(target.clock, opened, span)

    resolution = after(target.resolution) if target.resolution else None
    return after(target.first_response), resolution


def audit(
    session: Session,
    ticket: TicketRow,
    actor: str,
    what: str,
    old: Any = None,
    new: Any = None,
    note: str = "",
    now: datetime | None = None,
) -> TicketEventRow:
    event = TicketEventRow(
        ticket_id=ticket.id,
        actor=actor,
        what=what,
        old=None if old is None else str(old),
        new=None if new is None else str(new),
        note=note[:2000],
    )
    if now is not None:
        event.at = now
    session.add(event)
    return event


def by_ref(session: Session, ref: str) -> TicketRow | None:
    """A ticket by "T-00042", "42" or its id."""
    digits = ref.strip().upper().removeprefix("T-")
    if not digits.isdigit():
        return None
    return session.get(TicketRow, int(digits))


def claim(session: Session, ticket_id: int, agent: str, now: datetime) -> Claim:
    """Take an unowned ticket. Exactly one of several simultaneous claims wins."""
    result = cast(
        "CursorResult[Any]",
        session.execute(
            update(TicketRow)
            .where(
                TicketRow.id == ticket_id,
                TicketRow.assignee.is_(None),
                TicketRow.status == Status.OPEN,
            )
            .values(assignee=agent, status=Status.CLAIMED, claimed_at=now)
            .execution_options(synchronize_session=False)
        ),
    )
    ticket = session.get(TicketRow, ticket_id, populate_existing=True)
    if ticket is None:
        raise TicketError(f"no ticket {ticket_id}")
    if result.rowcount != 1:
        return Claim(False, ticket.assignee, ticket)
    audit(session, ticket, agent, "claimed", None, agent, now=now)
    audit(session, ticket, agent, "status", Status.OPEN, Status.CLAIMED, now=now)
    return Claim(True, agent, ticket)


def assign(session: Session, ticket: TicketRow, to: str, by: str, now: datetime) -> None:
    """Give the ticket to `to` (reassign, or assign an open one)."""
    if ticket.status not in Status.ACTIVE:
        raise TicketError(f"{ticket.ref} is {ticket.status}")
    old = ticket.assignee
    if old == to:
        return
    ticket.assignee = to
    ticket.claimed_at = ticket.claimed_at or now
    audit(session, ticket, by, "assignee", old, to, now=now)
    if ticket.status == Status.OPEN:
        _set_status(session, ticket, Status.CLAIMED, by, now)


def set_priority(
    session: Session,
    ticket: TicketRow,
    priority: str,
    reason: str,
    by: str,
    now: datetime,
    sla: dict[str, SlaTarget],
) -> None:
    """A new priority (with its reason); the SLA clocks restart from the ticket's opening."""
    if priority not in sla:
        raise TicketError(f"unknown priority {priority!r}")
    if not reason.strip():
        raise TicketError("a priority change needs a reason")
    if priority == ticket.priority:
        return
    old = ticket.priority
    ticket.priority = priority
    sla_clock.set_due(ticket, sla[priority])
    audit(session, ticket, by, "priority", old, priority, note=reason, now=now)


def set_waiting(session: Session, ticket: TicketRow, by: str, now: datetime) -> None:
    if ticket.status not in (Status.CLAIMED, Status.OPEN):
        raise TicketError(f"{ticket.ref} is {ticket.status}")
    _set_status(session, ticket, Status.WAITING, by, now)
    if sla_clock.pause(ticket, now):
        audit(session, ticket, by, "sla_paused", None, "waiting on the requester", now=now)


def resume(session: Session, ticket: TicketRow, by: str, now: datetime) -> None:
    """The requester answered: back from waiting to the agent who has it, clocks running."""
    if ticket.status == Status.WAITING:
        _set_status(session, ticket, Status.CLAIMED if ticket.assignee else Status.OPEN, by, now)
        _unpause(session, ticket, by, now)


def _unpause(session: Session, ticket: TicketRow, by: str, now: datetime) -> None:
    if ticket.paused_at is None:
        return
    added = sla_clock.resume(ticket, now)
    moved = ", ".join(f"{k} +{sla_clock.describe(v)}" for k, v in added.items())
    audit(session, ticket, by, "sla_resumed", None, moved or "no clock running", now=now)


def hand_back(session: Session, ticket: TicketRow, by: str, now: datetime) -> None:
    if ticket.status not in Status.ACTIVE:
        raise TicketError(f"{ticket.ref} is {ticket.status}")
    _unpause(session, ticket, by, now)
    _set_status(session, ticket, Status.RETURNED, by, now)


def resolve(
    session: Session,
    ticket: TicketRow,
    by: str,
    note: str,
    now: datetime,
    article_id: str | None = None,
) -> None:
    if ticket.status not in Status.ACTIVE:
        raise TicketError(f"{ticket.ref} is {ticket.status}")
    if not note.strip():
        raise TicketError("a resolution needs a note")
    ticket.resolved_at = now
    _unpause(session, ticket, by, now)
    sla_clock.record(ticket, "resolution", now)
    _set_status(session, ticket, Status.RESOLVED, by, now, note=note)
    if article_id:
        audit(session, ticket, by, "article", None, article_id, now=now)


def reopen(session: Session, ticket: TicketRow, by: str, now: datetime, note: str = "") -> None:
    if ticket.status != Status.RESOLVED:
        raise TicketError(f"{ticket.ref} is {ticket.status}")
    ticket.resolved_at = None
    status = Status.CLAIMED if ticket.assignee else Status.OPEN
    _set_status(session, ticket, status, by, now, note=note or "not fixed")


def first_response(session: Session, ticket: TicketRow, by: str, now: datetime) -> bool:
    """Record the first human reply (once); True when this was it."""
    if ticket.first_response_at is not None:
        return False
    ticket.first_response_at = now
    sla_clock.record(ticket, "response", now)
    audit(session, ticket, by, "first_response", None, now.isoformat(), now=now)
    return True


def note(session: Session, ticket: TicketRow, by: str, text: str, now: datetime) -> None:
    """A private note: kept in the audit trail, never shown to the requester."""
    audit(session, ticket, by, "private_note", note=text, now=now)


def next_unclaimed(session: Session) -> TicketRow | None:
    """Highest priority first (P1 before P5), then the oldest."""
    query = (
        select(TicketRow)
        .where(TicketRow.status == Status.OPEN, TicketRow.assignee.is_(None))
        .order_by(TicketRow.priority, TicketRow.created_at, TicketRow.id)
        .limit(1)
    )
    return session.scalar(query)


def take_next(session: Session, agent: str, now: datetime) -> TicketRow | None:
    """No cherry-picking: claim the next ticket in the queue (retrying lost races)."""
    for _ in range(20):
        ticket = next_unclaimed(session)
        if ticket is None:
            return None
        if claim(session, ticket.id, agent, now).won:
            return ticket
    return None


def history(session: Session, ticket_id: int) -> list[TicketEventRow]:
    query = (
        select(TicketEventRow)
        .where(TicketEventRow.ticket_id == ticket_id)
        .order_by(TicketEventRow.at, TicketEventRow.id)
    )
    return list(session.scalars(query))


def _set_status(
    session: Session, ticket: TicketRow, status: str, by: str, now: datetime, note: str = ""
) -> None:
    old = ticket.status
    if old == status:
        return
    ticket.status = status
    audit(session, ticket, by, "status", old, status, note=note, now=now)
