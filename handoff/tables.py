"""Handoff tables: tickets created from confirmed problem statements."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.base import Base, UTCDateTime, utcnow


class TicketRow(Base):
    """One per conversation (unique), so a retried 'send' never opens a second ticket."""

    __tablename__ = "tickets"
    # Reports read tickets by period and by requester (bot/reports/metrics.py).
    __table_args__ = (
        Index("ix_tickets_created_at", "created_at"),
        Index("ix_tickets_requester_created_at", "requester", "created_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    conversation_id: Mapped[int] = mapped_column(
        ForeignKey("conversations.id", ondelete="RESTRICT"), unique=True, nullable=False
    )
    requester: Mapped[str] = mapped_column(String(128), nullable=False)
    channel: Mapped[str] = mapped_column(String(128), nullable=False, default="")
    title: Mapped[str] = mapped_column(String(300), nullable=False)
    contact_type: Mapped[str] = mapped_column(String(16), nullable=False)
    priority: Mapped[str] = mapped_column(String(4), nullable=False)
    status: Mapped[str] = mapped_column(String(16), nullable=False, default="open")
    language: Mapped[str] = mapped_column(String(8), nullable=False, default="en")
    statement: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False)
    summary: Mapped[str] = mapped_column(Text, nullable=False, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    # Who works on it. A claim is a compare-and-set on `assignee` (see handoff/tickets.py).
    assignee: Mapped[str | None] = mapped_column(String(128), nullable=True, index=True)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    first_response_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # SLA clocks from the configured table; warnings are set once, by whichever replica wins.
    response_due: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    resolution_due: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    priority_overridden_from: Mapped[str | None] = mapped_column(String(4), nullable=True)
    # Where agents see it (the triage card), set once the card is posted.
    triage_channel: Mapped[str | None] = mapped_column(String(128), nullable=True)
    triage_ts: Mapped[str | None] = mapped_column(String(32), nullable=True, index=True)
    # After resolve: the requester's verdict and satisfaction (the voice of the customer).
    reopened_count: Mapped[int] = mapped_column(
        Integer, nullable=False, default=0, server_default="0"
    )
    csat_rating: Mapped[int | None] = mapped_column(Integer, nullable=True)
    csat_comment: Mapped[str | None] = mapped_column(Text, nullable=True)
    article_id: Mapped[str | None] = mapped_column(String(128), nullable=True, index=True)
    # SLA alerts already sent; each is set once by a compare-and-set (several replicas).
    response_warned_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    response_breached_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    resolution_warned_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    resolution_breached_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # The SLA clocks it runs on, their calendar and time paused (handoff/sla_clock.py); set
    # while waiting on the requester; the clock time the first response and resolve took.
    sla_clock: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    paused_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    response_clock_s: Mapped[int | None] = mapped_column(Integer, nullable=True)
    resolution_clock_s: Mapped[int | None] = mapped_column(Integer, nullable=True)

    @property
    def ref(self) -> str:
        return ticket_ref(self.id)


class TicketEventRow(Base):
    """The audit trail: every change to a ticket, who made it, old -> new, and when."""

    __tablename__ = "ticket_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    ticket_id: Mapped[int] = mapped_column(
        ForeignKey("tickets.id", ondelete="CASCADE"), index=True, nullable=False
    )
    at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    actor: Mapped[str] = mapped_column(String(128), nullable=False)
    what: Mapped[str] = mapped_column(String(32), nullable=False)
    old: Mapped[str | None] = mapped_column(Text, nullable=True)
    new: Mapped[str | None] = mapped_column(Text, nullable=True)
    note: Mapped[str] = mapped_column(Text, nullable=False, default="")


def ticket_ref(ticket_id: int) -> str:
    return f"T-{ticket_id:05d}"
