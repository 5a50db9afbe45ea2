"""What the Slack adapter remembers: the messages it posted (events are in bot/inbox.py)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Float, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.base import Base, UTCDateTime, utcnow


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


class ChannelPaceRow(Base):
    """When a channel's next post may go (epoch seconds), shared by every replica (Pacer)."""

    __tablename__ = "channel_pace"

    channel: Mapped[str] = mapped_column(String(128), primary_key=True)
    tat: Mapped[float] = mapped_column(Float, nullable=False)
