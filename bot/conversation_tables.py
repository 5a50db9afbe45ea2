"""Conversation state and transcript: everything the engine knows lives in these rows."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.base import Base, UTCDateTime, utcnow


class ConversationRow(Base):
    __tablename__ = "conversations"
    # Reports read conversations by period and by requester (bot/reports/metrics.py).
    __table_args__ = (
        Index("ix_conversations_created_at", "created_at"),
        Index("ix_conversations_user_created_at", "user", "created_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    key: Mapped[str] = mapped_column(String(255), unique=True, nullable=False)
    user: Mapped[str] = mapped_column(String(128), nullable=False)
    channel: Mapped[str] = mapped_column(String(128), nullable=False, default="")
    language: Mapped[str] = mapped_column(String(8), nullable=False, default="en")
    state: Mapped[str] = mapped_column(String(32), nullable=False, default="new")
    contact_type: Mapped[str | None] = mapped_column(String(16), nullable=True)
    verbatim: Mapped[str] = mapped_column(Text, nullable=False, default="")
    slots: Mapped[dict[str, str]] = mapped_column(JSON, nullable=False, default=dict)
    asked: Mapped[list[str]] = mapped_column(JSON, nullable=False, default=list)
    turns: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    kb_trail: Mapped[list[dict[str, Any]]] = mapped_column(JSON, nullable=False, default=list)
    offered: Mapped[list[str]] = mapped_column(JSON, nullable=False, default=list)
    rejected: Mapped[list[str]] = mapped_column(JSON, nullable=False, default=list)
    choices: Mapped[list[str]] = mapped_column(JSON, nullable=False, default=list)
    corrections: Mapped[list[str]] = mapped_column(JSON, nullable=False, default=list)
    statement: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    ticket_ref: Mapped[str | None] = mapped_column(String(32), nullable=True)
    # The questions of the current turn (a reply fills them), the slots the requester could
    # not answer, and the statement field being corrected in the terminal.
    pending: Mapped[list[str]] = mapped_column(JSON, nullable=False, default=list)
    unknown: Mapped[list[str]] = mapped_column(JSON, nullable=False, default=list)
    editing: Mapped[str | None] = mapped_column(String(32), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)


class MessageRow(Base):
    """The transcript: every inbound message (recorded before it is acted on) and every reply.

    Inbound rows carry the delivery's dedupe key, unique, so a retried delivery is a no-op.
    Outbound rows are an outbox: `delivered_at` is set once an adapter has shown them. A
    sender leases a row (`lease_until`) before sending it, so that two processes never send the
    same reply; `delivery_error` holds a permanent failure (the channel is gone, say).
    """

    __tablename__ = "messages"
    __table_args__ = (Index("ix_messages_outbox", "direction", "delivered_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    conversation_id: Mapped[int] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), index=True
    )
    direction: Mapped[str] = mapped_column(String(8), nullable=False)
    dedupe_key: Mapped[str | None] = mapped_column(String(255), unique=True, nullable=True)
    user: Mapped[str] = mapped_column(String(128), nullable=False, default="")
    text: Mapped[str] = mapped_column(Text, nullable=False, default="")
    action: Mapped[str | None] = mapped_column(String(128), nullable=True)
    payload: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    delivery_error: Mapped[str | None] = mapped_column(String(255), nullable=True)
    # "employee": shown in the conversation; "agents": shown to support (the triage card and
    # its thread), never to the employee.
    audience: Mapped[str] = mapped_column(
        String(16), nullable=False, default="employee", server_default="employee"
    )
