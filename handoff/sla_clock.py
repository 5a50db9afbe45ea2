"""A ticket's SLA clocks: due times on its calendar, pauses while it waits on the requester.

When a ticket opens, the clock of each target (wall, business days or business hours) and the
calendar it runs on (the owning team's, else the default) are kept on the ticket as JSON, with
how much clock time it has spent paused. Waiting on the requester pauses both clocks; the
requester's reply resumes them and pushes the due times by the clock time spent waiting. Both
are in the audit trail. When the first response or the resolve comes, the clock time it took
(net of pauses) is kept for the reports.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from handoff.calendar import ClockSpec
from handoff.priority import SlaTarget
from handoff.tables import TicketRow

TARGETS = ("response", "resolution")


def spec(ticket: TicketRow) -> ClockSpec:
    """The clocks the ticket was opened under (wall clocks for tickets older than them)."""
    return ClockSpec.from_json(ticket.sla_clock)


def paused(ticket: TicketRow, target: str) -> timedelta:
    """Clock time the target has spent waiting on the requester."""
    seconds = ((ticket.sla_clock or {}).get("paused") or {}).get(target, 0)
    return timedelta(seconds=float(seconds))


def start(ticket: TicketRow, sla: dict[str, SlaTarget], opened: datetime) -> None:
    """Choose the calendar and clocks, and set the due times from `opened`."""
    target = sla[ticket.priority]
    team = str((ticket.statement or {}).get("owning_team") or "")
    calendar = target.calendars.for_team(team)
    clocks = ClockSpec(calendar, target.clock, target.clock)
    ticket.sla_clock = {**clocks.to_json(), "paused": {"response": 0, "resolution": 0}}
    set_due(ticket, target)


def set_due(ticket: TicketRow, target: SlaTarget) -> None:
    """Due times from the opening, on the target's clock and the ticket's calendar, after the
    time already spent paused (a priority change keeps the pauses)."""
    data: dict[str, Any] = dict(ticket.sla_clock or {})
    clocks = ClockSpec(spec(ticket).calendar, target.clock, target.clock)
    data.update(clocks.to_json())
    data.setdefault("paused", {"response": 0, "resolution": 0})
    ticket.sla_clock = data
    opened, calendar = ticket.created_at, clocks.calendar
    ticket.response_due = calendar.advance(
        clocks.response, opened, target.first_response + paused(ticket, "response")
    )
    ticket.resolution_due = (
        calendar.advance(
            clocks.resolution, opened, target.resolution + paused(ticket, "resolution")
        )
        if target.resolution is not None
        else None
    )


def pause(ticket: TicketRow, now: datetime) -> bool:
    """Stop the clocks (waiting on the requester); False when they were already stopped."""
    if ticket.paused_at is not None:
        return False
    ticket.paused_at = now
    return True


def resume(ticket: TicketRow, now: datetime) -> dict[str, timedelta]:
    """Restart the clocks: the due times move by the clock time spent waiting.

    Returns the clock time added to each running target (empty when not paused).
    """
    if ticket.paused_at is None:
        return {}
    since, ticket.paused_at = ticket.paused_at, None
    clocks = spec(ticket)
    data: dict[str, Any] = dict(ticket.sla_clock or clocks.to_json())
    totals = dict(data.get("paused") or {})
    added: dict[str, timedelta] = {}
    for target in TARGETS:
        due = ticket.response_due if target == "response" else ticket.resolution_due
        if due is None or (target == "response" and ticket.first_response_at is not None):
            continue
        span = clocks.calendar.elapsed(clocks.of(target), since, now)
        totals[target] = float(totals.get(target, 0)) + span.total_seconds()
        moved = clocks.calendar.advance(clocks.of(target), due, span)
        if target == "response":
            ticket.response_due = moved
        else:
            ticket.resolution_due = moved
        added[target] = span
    data["paused"] = totals
    ticket.sla_clock = data
    return added


def taken(ticket: TicketRow, target: str, now: datetime) -> timedelta:
    """Clock time from the opening to `now`, less the time spent waiting on the requester."""
    clocks = spec(ticket)
    run = clocks.calendar.elapsed(clocks.of(target), ticket.created_at, now)
    if ticket.paused_at is not None and ticket.paused_at < now:
        run -= clocks.calendar.elapsed(clocks.of(target), ticket.paused_at, now)
    return max(run - paused(ticket, target), timedelta(0))


def target_span(ticket: TicketRow, target: str) -> timedelta | None:
    """The target itself, in clock time (due less opening, less pauses)."""
    due = ticket.response_due if target == "response" else ticket.resolution_due
    if due is None:
        return None
    clocks = spec(ticket)
    run = clocks.calendar.elapsed(clocks.of(target), ticket.created_at, due)
    return max(run - paused(ticket, target), timedelta(0))


def record(ticket: TicketRow, target: str, now: datetime) -> None:
    """Keep the clock time the first response or the resolution took, for the reports'
    business-time durations (wall clocks are measured by the reports themselves)."""
    if not ticket.sla_clock or spec(ticket).of(target) == "wall":
        return
    seconds = int(taken(ticket, target, now).total_seconds())
    if target == "response":
        ticket.response_clock_s = seconds
    else:
        ticket.resolution_clock_s = seconds


def describe(span: timedelta) -> str:
    """A paused span for the audit trail: "2h05m"."""
    minutes = int(span.total_seconds() // 60)
    return f"{minutes // 60}h{minutes % 60:02d}m"
