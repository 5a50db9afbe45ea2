"""Database tables of the knowledge base: articles, revisions, flags, links, change feed."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bot.db.base import Base, UTCDateTime, utcnow


class ArticleRow(Base):
    """Current state of one article. `content` is the authored snapshot (ArticleContent)."""

    __tablename__ = "articles"

    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    slug: Mapped[str] = mapped_column(String(128), unique=True, nullable=False)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    title: Mapped[str] = mapped_column(String(500), nullable=False)
    type: Mapped[str] = mapped_column(String(32), nullable=False)
    confidence: Mapped[str] = mapped_column(String(32), nullable=False, index=True)
    audience: Mapped[str] = mapped_column(String(32), nullable=False)
    language: Mapped[str] = mapped_column(String(8), nullable=False)
    owner: Mapped[str] = mapped_column(String(128), nullable=False, default="")
    compliance_based: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    content: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False)
    # The file text last imported, exported verbatim while the content is unchanged so that
    # a knowledge base round-trips byte for byte through git.
    source_text: Mapped[str | None] = mapped_column(Text, nullable=True)
    source_content_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    content_hash: Mapped[str] = mapped_column(String(64), nullable=False)
    author: Mapped[str] = mapped_column(String(128), nullable=False, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    reuse_count: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    last_reused_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # Authoring: an archived duplicate points at the article it was merged into; review is due
    # `review_interval_days` (or the configured default) after `reviewed_at` (else created_at).
    merged_into: Mapped[str | None] = mapped_column(String(128), nullable=True)
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    review_interval_days: Mapped[int | None] = mapped_column(Integer, nullable=True)
    review_reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    rejection_alerted_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # A near-duplicate found when this article was captured or created (one article per
    # resolution and cause): shown to authors until they merge or validate it.
    duplicate_of: Mapped[str | None] = mapped_column(String(128), nullable=True)

    revisions: Mapped[list[RevisionRow]] = relationship(
        back_populates="article", order_by="RevisionRow.version", cascade="all, delete-orphan"
    )
    flags: Mapped[list[FlagRow]] = relationship(
        back_populates="article", order_by="FlagRow.id", cascade="all, delete-orphan"
    )
    links: Mapped[list[LinkRow]] = relationship(
        back_populates="article", order_by="LinkRow.id", cascade="all, delete-orphan"
    )


class RevisionRow(Base):
    """Every version of an article's content, with who changed it and when."""

    __tablename__ = "article_revisions"
    __table_args__ = (UniqueConstraint("article_pk", "version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    article_pk: Mapped[int] = mapped_column(ForeignKey("articles.pk", ondelete="CASCADE"))
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    content: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False)
    changed_by: Mapped[str] = mapped_column(String(128), nullable=False)
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    note: Mapped[str] = mapped_column(String(500), nullable=False, default="")

    article: Mapped[ArticleRow] = relationship(back_populates="revisions")


class FlagRow(Base):
    """'Flag it or fix it': a reader's report that an article needs work."""

    __tablename__ = "article_flags"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    article_pk: Mapped[int] = mapped_column(
        ForeignKey("articles.pk", ondelete="CASCADE"), index=True
    )
    by: Mapped[str] = mapped_column(String(128), nullable=False)
    reason: Mapped[str] = mapped_column(Text, nullable=False)
    at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    status: Mapped[str] = mapped_column(String(32), nullable=False, default="open")
    # "flag": an agent or author flagged it; "rejected": an employee said it did not help.
    kind: Mapped[str] = mapped_column(
        String(16), nullable=False, default="flag", server_default="flag"
    )
    conversation_key: Mapped[str | None] = mapped_column(String(255), nullable=True)
    # The employee said they had followed the steps and it still fails: strong evidence.
    followed_steps: Mapped[bool] = mapped_column(
        Boolean, nullable=False, default=False, server_default=false()
    )
    resolved_by: Mapped[str | None] = mapped_column(String(128), nullable=True)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    article: Mapped[ArticleRow] = relationship(back_populates="flags")


class OutcomeRow(Base):
    """An answer's outcome: the employee said it helped, or that it did not."""

    __tablename__ = "article_outcomes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    article_pk: Mapped[int] = mapped_column(
        ForeignKey("articles.pk", ondelete="CASCADE"), index=True
    )
    outcome: Mapped[str] = mapped_column(String(16), nullable=False)  # helped | rejected
    conversation_key: Mapped[str | None] = mapped_column(String(255), nullable=True, index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow, index=True)


class LinkRow(Base):
    """A ticket or conversation this article resolved (linked_tickets[])."""

    __tablename__ = "article_links"
    __table_args__ = (UniqueConstraint("article_pk", "ticket_ref"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    article_pk: Mapped[int] = mapped_column(ForeignKey("articles.pk", ondelete="CASCADE"))
    ticket_ref: Mapped[str] = mapped_column(String(128), nullable=False)
    linked_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)

    article: Mapped[ArticleRow] = relationship(back_populates="links")


class ArticleChangeRow(Base):
    """Append-only change feed; its sequence is the watermark search indexes catch up from."""

    __tablename__ = "article_changes"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    article_pk: Mapped[int] = mapped_column(Integer, nullable=False, index=True)
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)


class SearchModelRow(Base):
    """A model fine-tuned on the knowledge base: the saved folder as one tar, keyed by its hash.

    Stored in the database so that every replica serves the same model; each caches it on disk.
    """

    __tablename__ = "search_models"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    base_model: Mapped[str] = mapped_column(String(500), nullable=False)
    archive: Mapped[bytes] = mapped_column(LargeBinary, nullable=False, deferred=True)
    size_bytes: Mapped[int] = mapped_column(Integer, nullable=False)
    # How it was trained: for the record and to know when it is stale.
    articles: Mapped[int] = mapped_column(Integer, nullable=False)
    pairs: Mapped[int] = mapped_column(Integer, nullable=False)
    steps: Mapped[int] = mapped_column(Integer, nullable=False)
    seed: Mapped[int] = mapped_column(Integer, nullable=False)
    seconds: Mapped[float] = mapped_column(Float, nullable=False)
    watermark: Mapped[int] = mapped_column(Integer, nullable=False)  # article_changes seq
    created_by: Mapped[str] = mapped_column(String(128), nullable=False, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)


class SearchStateRow(Base):
    """One row: which model is in service, and who holds the background tuning lease.

    `generation` grows with every change of model or calibration, so that a replica notices
    with one small read.
    """

    __tablename__ = "search_state"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    active_model_sha: Mapped[str | None] = mapped_column(String(64), nullable=True)
    generation: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    lease_by: Mapped[str | None] = mapped_column(String(128), nullable=True)
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class CalibrationRow(Base):
    """Decision thresholds fitted on the knowledge base for one model (base name or tuned hash)."""

    __tablename__ = "search_calibrations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    model_key: Mapped[str] = mapped_column(String(600), nullable=False, index=True)
    thresholds: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False)
    # The learned answer model (knowledge.answer_model); null: the thresholds decide alone.
    answer_model: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    report: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False)
    watermark: Mapped[int] = mapped_column(Integer, nullable=False)
    created_by: Mapped[str] = mapped_column(String(128), nullable=False, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)
