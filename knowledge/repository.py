"""Reading and changing articles in the database; every change is a revision and a feed entry."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from bot.db.base import utcnow
from knowledge.article import ArticleContent, Audience, Confidence, Viewer, visible_to
from knowledge.tables import ArticleChangeRow, ArticleRow, FlagRow, LinkRow, RevisionRow

MAX_PHRASES = 200


class UpsertStatus(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"


@dataclass(frozen=True)
class UpsertResult:
    status: UpsertStatus
    slug: str
    version: int


def content_hash(content: ArticleContent) -> str:
    payload = json.dumps(content.to_snapshot(), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def content_of(row: ArticleRow) -> ArticleContent:
    return ArticleContent.from_snapshot(row.content)


def is_visible(row: ArticleRow, viewer: Viewer) -> bool:
    return visible_to(viewer, Confidence(row.confidence), Audience(row.audience))


def _record_change(session: Session, article_pk: int) -> None:
    session.add(ArticleChangeRow(article_pk=article_pk, changed_at=utcnow()))


def _apply(row: ArticleRow, content: ArticleContent) -> None:
    row.title = content.title
    row.type = content.type.value
    row.confidence = content.confidence.value
    row.audience = content.audience.value
    row.language = content.language
    row.owner = content.owner
    row.compliance_based = content.compliance_based
    row.content = content.to_snapshot()
    row.content_hash = content_hash(content)
    interval = content.extra.get("review_interval_days")
    row.review_interval_days = interval if isinstance(interval, int) and interval > 0 else None


def summary(row: ArticleRow) -> dict[str, object]:
    """An article's listing line, as `kb list --json` and the read API show it."""
    return {
        "id": row.slug,
        "title": row.title,
        "type": row.type,
        "confidence": row.confidence,
        "audience": row.audience,
        "language": row.language,
        "owner": row.owner,
        "version": row.version,
        "reuse_count": row.reuse_count,
    }


def get(session: Session, slug: str) -> ArticleRow | None:
    return session.scalar(select(ArticleRow).where(ArticleRow.slug == slug))


def require(session: Session, slug: str) -> ArticleRow:
    row = get(session, slug)
    if row is None:
        raise KeyError(f"no article with id {slug!r}")
    return row


def list_articles(session: Session, viewer: Viewer | None = None) -> list[ArticleRow]:
    rows = session.scalars(select(ArticleRow).order_by(ArticleRow.slug)).all()
    return [row for row in rows if viewer is None or is_visible(row, viewer)]


def by_pks(session: Session, pks: Iterable[int]) -> dict[int, ArticleRow]:
    wanted = list(pks)
    if not wanted:
        return {}
    rows = session.scalars(select(ArticleRow).where(ArticleRow.pk.in_(wanted))).all()
    return {row.pk: row for row in rows}


def upsert(
    session: Session,
    content: ArticleContent,
    *,
    by: str,
    source_text: str | None = None,
    note: str = "",
    force: bool = False,
) -> UpsertResult:
    """Create or update an article. Unchanged content creates no revision unless `force`
    (an author confirming an article on review is a revision too)."""
    digest = content_hash(content)
    row = get(session, content.id)
    now = utcnow()
    if row is None:
        row = ArticleRow(slug=content.id, version=1, author=by, created_at=now, updated_at=now)
        _apply(row, content)
        row.source_text, row.source_content_hash = (
            (source_text, digest) if source_text else (None, None)
        )
        session.add(row)
        session.flush()
        session.add(
            RevisionRow(
                article_pk=row.pk,
                version=1,
                content=row.content,
                changed_by=by,
                changed_at=now,
                note=note or "created",
            )
        )
        _record_change(session, row.pk)
        return UpsertResult(UpsertStatus.CREATED, row.slug, 1)
    if source_text is not None:
        row.source_text, row.source_content_hash = source_text, digest
    if row.content_hash == digest and not force:
        return UpsertResult(UpsertStatus.UNCHANGED, row.slug, row.version)
    row.version += 1
    row.updated_at = now
    _apply(row, content)
    session.add(
        RevisionRow(
            article_pk=row.pk,
            version=row.version,
            content=row.content,
            changed_by=by,
            changed_at=now,
            note=note or "updated",
        )
    )
    _record_change(session, row.pk)
    return UpsertResult(UpsertStatus.UPDATED, row.slug, row.version)


def record_reuse(
    session: Session, slug: str, *, phrase: str, by: str, ticket_ref: str | None = None
) -> ArticleRow:
    """A confirmed answer: count the reuse, keep the phrasing ("searching is creating")."""
    row = require(session, slug)
    session.execute(
        update(ArticleRow)
        .where(ArticleRow.pk == row.pk)
        .values(reuse_count=ArticleRow.reuse_count + 1, last_reused_at=utcnow())
    )
    session.refresh(row)
    content = content_of(row)
    cleaned = " ".join(phrase.split())
    known = {p.casefold() for p in (*content.issue, *content.search_phrases)}
    if cleaned and cleaned.casefold() not in known:
        phrases = (*content.search_phrases, cleaned)[-MAX_PHRASES:]
        updated = ArticleContent.from_snapshot({**content.to_snapshot(), "search_phrases": phrases})
        upsert(session, updated, by=by, note="confirmed search phrase")
    if ticket_ref and not session.scalar(
        select(LinkRow.id).where(LinkRow.article_pk == row.pk, LinkRow.ticket_ref == ticket_ref)
    ):
        session.add(LinkRow(article_pk=row.pk, ticket_ref=ticket_ref, linked_at=utcnow()))
    return row


def add_flag(session: Session, slug: str, *, by: str, reason: str) -> FlagRow:
    row = require(session, slug)
    flag = FlagRow(article_pk=row.pk, by=by, reason=reason, at=utcnow(), status="open")
    session.add(flag)
    return flag


def latest_change(session: Session) -> int:
    return int(session.scalar(select(func.max(ArticleChangeRow.seq))) or 0)


def changed_since(session: Session, seq: int) -> tuple[int, set[int]]:
    """(newest seq, article pks changed after `seq`)."""
    rows: Sequence[tuple[int, int]] = [
        (int(s), int(pk))
        for s, pk in session.execute(
            select(ArticleChangeRow.seq, ArticleChangeRow.article_pk).where(
                ArticleChangeRow.seq > seq
            )
        )
    ]
    if not rows:
        return seq, set()
    return max(s for s, _ in rows), {pk for _, pk in rows}
