"""What the Slack adapter remembers: events already handled and the messages it posted."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.base import Base, UTCDateTime, utcnow


class SlackEventRow(Base):
    """One row per Events API `event_id` handled; a retry or a replay finds it and stops."""

    __tablename__ = "slack_events"

    event_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    received_at: Mapped[datetime] = mapped_column(
        UTCDateTime, nullable=False, default=utcnow, index=True
    )


class SlackPostRow(Base):
    """One Slack message posted for part `part` of an outbox row, with its timestamp."""

    __tablename__ = "slack_posts"

    outbox_id: Mapped[int] = mapped_column(
        ForeignKey("messages.id", ondelete="CASCADE"), primary_key=True
    )
    part: Mapped[int] = mapped_column(Integer, primary_key=True)
    channel: Mapped[str] = mapped_column(String(128), nullable=False)
    ts: Mapped[str] = mapped_column(String(32), nullable=False)
    posted_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)
