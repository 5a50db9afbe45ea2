"""The authors' review queue: what to fix next, and the evidence for it.

Items come from what happened in conversations, not from a calendar alone: drafts captured from
resolved tickets, flags (with the thread they came from), answers employees often reject, likely
duplicates, and articles whose review date has passed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from knowledge import feedback, health
from knowledge.article import Confidence
from knowledge.repository import content_of
from knowledge.tables import ArticleRow

# How much each kind of evidence weighs when ordering the queue.
WEIGHTS = {
    "followed_steps": 5,
    "flag": 4,
    "often_rejected": 4,
    "rejected": 2,
    "duplicate": 3,
    "draft": 2,
    "due": 1,
}
OFTEN_REJECTED_DAYS = 30


@dataclass(frozen=True)
class Evidence:
    kind: str  # draft | flag | rejected | followed_steps | often_rejected | duplicate | due
    text: str
    at: datetime | None = None
    by: str = ""
    conversation_key: str | None = None


@dataclass(frozen=True)
class ReviewItem:
    article_id: str
    title: str
    owner: str
    confidence: str
    audience: str
    compliance_based: bool
    score: float  # content-standard checklist, 0..1
    misses: tuple[str, ...]
    evidence: tuple[Evidence, ...] = field(default_factory=tuple)

    @property
    def weight(self) -> int:
        return sum(WEIGHTS.get(e.kind, 1) for e in self.evidence)

    @property
    def reasons(self) -> list[str]:
        return list(dict.fromkeys(e.kind for e in self.evidence))


def review_due(row: ArticleRow, default_days: int) -> datetime:
    """When a validated article must be reviewed again."""
    days = row.review_interval_days or default_days
    return (row.reviewed_at or row.created_at) + timedelta(days=days)


def is_overdue(row: ArticleRow, now: datetime, default_days: int) -> bool:
    return row.confidence == Confidence.VALIDATED.value and now >= review_due(row, default_days)


def _evidence(
    row: ArticleRow,
    now: datetime,
    default_days: int,
    counts: dict[int, tuple[int, int]],
    often_share: float,
) -> list[Evidence]:
    found: list[Evidence] = []
    if row.confidence in (Confidence.WIP.value, Confidence.NOT_VALIDATED.value):
        source = str((row.content.get("extra") or {}).get("captured_from") or "")
        text = f"draft captured from {source}" if source else f"{row.confidence} draft"
        found.append(Evidence("draft", text, row.created_at, row.author))
    for flag in row.flags:
        if flag.status != "open":
            continue
        kind = flag.kind if flag.kind != feedback.REJECTED else "rejected"
        if flag.followed_steps:
            kind = "followed_steps"
        found.append(Evidence(kind, flag.reason, flag.at, flag.by, flag.conversation_key))
    helped, rejected = counts.get(row.pk, (0, 0))
    if rejected >= 2 and rejected / (helped + rejected) >= often_share:
        found.append(
            Evidence(
                "often_rejected",
                f"{rejected} of {helped + rejected} answers rejected in {OFTEN_REJECTED_DAYS} days",
            )
        )
    if row.duplicate_of:
        found.append(Evidence("duplicate", f"looks like a duplicate of {row.duplicate_of}"))
    if is_overdue(row, now, default_days):
        due = review_due(row, default_days)
        found.append(Evidence("due", f"review was due {due:%Y-%m-%d}", due))
    return found


def queue(
    session: Session,
    now: datetime,
    *,
    teams: Iterable[str] | None = None,
    default_days: int = 180,
    often_share: float = 0.3,
    limit: int = 50,
) -> list[ReviewItem]:
    """Articles that need an author, most pressing first (`teams`: only theirs)."""
    query = select(ArticleRow).where(ArticleRow.confidence != Confidence.ARCHIVED.value)
    if teams is not None:
        query = query.where(ArticleRow.owner.in_(list(teams)))
    counts = feedback.outcome_counts(session, now - timedelta(days=OFTEN_REJECTED_DAYS))
    items: list[ReviewItem] = []
    for row in session.scalars(query.order_by(ArticleRow.slug)):
        evidence = _evidence(row, now, default_days, counts, often_share)
        if not evidence:
            continue
        checked = health.check(content_of(row))
        items.append(
            ReviewItem(
                article_id=row.slug,
                title=row.title,
                owner=row.owner,
                confidence=row.confidence,
                audience=row.audience,
                compliance_based=row.compliance_based,
                score=round(checked.score, 3),
                misses=tuple(c.label for c in checked.misses),
                evidence=tuple(evidence),
            )
        )
    oldest = datetime.max.replace(tzinfo=now.tzinfo)
    items.sort(key=lambda i: (-i.weight, min((e.at or oldest) for e in i.evidence), i.article_id))
    return items[:limit]


def due_reminders(
    session: Session, now: datetime, default_days: int
) -> dict[str, list[ArticleRow]]:
    """Overdue articles not yet reminded for this due date, claimed (once across replicas)."""
    rows = session.scalars(
        select(ArticleRow)
        .where(ArticleRow.confidence == Confidence.VALIDATED.value)
        .order_by(ArticleRow.slug)
    ).all()
    by_team: dict[str, list[ArticleRow]] = {}
    for row in rows:
        due = review_due(row, default_days)
        if now < due or (row.review_reminded_at is not None and row.review_reminded_at >= due):
            continue
        claimed = session.execute(
            update(ArticleRow)
            .where(
                ArticleRow.pk == row.pk,
                or_(ArticleRow.review_reminded_at.is_(None), ArticleRow.review_reminded_at < due),
            )
            .values(review_reminded_at=now)
        )
        if claimed.rowcount == 1:  # type: ignore[attr-defined]
            by_team.setdefault(row.owner, []).append(row)
    return by_team
