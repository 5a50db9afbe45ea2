"""Known issues, who is subscribed to them, and the contacts a trend is detected from."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.base import Base, UTCDateTime, utcnow


class KnownIssueRow(Base):
    """A declared known issue (an outage) or a planned change, in English and/or French.

    `texts` holds, per language, the title, what is affected and the workaround (a planned
    change: what may break). `version` grows with every change, so each status-message update
    and each broadcast has its own outbox key. `cluster_id` is unique: one cluster, one issue.
    """

    __tablename__ = "known_issues"
    __table_args__ = (Index("ix_known_issues_status", "status"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(16), nullable=False, default="known")  # | planned
    status: Mapped[str] = mapped_column(String(16), nullable=False, default="active")
    texts: Mapped[dict[str, dict[str, str]]] = mapped_column(JSON, nullable=False, default=dict)
    owner: Mapped[str] = mapped_column(String(128), nullable=False)
    team: Mapped[str] = mapped_column(String(128), nullable=False, default="")
    cluster_id: Mapped[int | None] = mapped_column(
        ForeignKey("trend_clusters.id", ondelete="SET NULL"), unique=True, nullable=True
    )
    ticket_ref: Mapped[str | None] = mapped_column(String(32), nullable=True)
    # The phrasings the issue is matched on, and their embeddings (unit vectors).
    phrasings: Mapped[list[str]] = mapped_column(JSON, nullable=False, default=list)
    vectors: Mapped[list[list[float]]] = mapped_column(JSON, nullable=False, default=list)
    next_update_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    updates: Mapped[list[dict[str, str]]] = mapped_column(JSON, nullable=False, default=list)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    status_channel: Mapped[str | None] = mapped_column(String(128), nullable=True)
    status_ts: Mapped[str | None] = mapped_column(String(32), nullable=True)
    cause: Mapped[str] = mapped_column(Text, nullable=False, default="")
    resolution: Mapped[str] = mapped_column(Text, nullable=False, default="")
    article_id: Mapped[str | None] = mapped_column(String(128), nullable=True)
    starts_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    resolved_by: Mapped[str | None] = mapped_column(String(128), nullable=True)

    @property
    def ref(self) -> str:
        return f"KI-{self.id}"


class SubscriptionRow(Base):
    """A conversation told about a known issue: it hears every update and the fix.

    `how`: "answered" (a new question matched it: a contact absorbed), "linked" (an open
    ticket of the cluster), "told" (a requester of the cluster still being asked questions).
    `active` turns False on "Not my problem".
    """

    __tablename__ = "known_issue_subscriptions"
    __table_args__ = (UniqueConstraint("known_issue_id", "conversation_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    known_issue_id: Mapped[int] = mapped_column(
        ForeignKey("known_issues.id", ondelete="CASCADE"), nullable=False, index=True
    )
    conversation_id: Mapped[int] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), nullable=False, index=True
    )
    how: Mapped[str] = mapped_column(String(16), nullable=False)
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    wants_fix_notice: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    score: Mapped[float | None] = mapped_column(nullable=True)
    confirmed_fixed: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    rating: Mapped[int | None] = mapped_column(Integer, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)


class TrendClusterRow(Base):
    """Similar contacts that ended without an accepted answer, grouped per owning team."""

    __tablename__ = "trend_clusters"
    __table_args__ = (Index("ix_trend_clusters_team_last_at", "team", "last_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    team: Mapped[str] = mapped_column(String(128), nullable=False, default="")
    status: Mapped[str] = mapped_column(String(16), nullable=False, default="open")
    size: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    alerted_size: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    alert_channel: Mapped[str | None] = mapped_column(String(128), nullable=True)
    alert_ts: Mapped[str | None] = mapped_column(String(32), nullable=True)
    first_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    last_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)


class TrendContactRow(Base):
    """One conversation that ended without an accepted answer (once per conversation)."""

    __tablename__ = "trend_contacts"
    __table_args__ = (Index("ix_trend_contacts_at", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    conversation_id: Mapped[int] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), unique=True, nullable=False
    )
    text: Mapped[str] = mapped_column(Text, nullable=False)
    outcome: Mapped[str] = mapped_column(String(16), nullable=False)  # none | rejected | ticket
    team: Mapped[str] = mapped_column(String(128), nullable=False, default="")
    site: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    vector: Mapped[list[float] | None] = mapped_column(JSON, nullable=True)
    cluster_id: Mapped[int | None] = mapped_column(
        ForeignKey("trend_clusters.id", ondelete="SET NULL"), nullable=True, index=True
    )


def payload(row: KnownIssueRow) -> dict[str, Any]:
    """The issue's texts by language, for renderers (no rows leave a session)."""
    return {"ref": row.ref, "texts": dict(row.texts), "status": row.status, "kind": row.kind}
