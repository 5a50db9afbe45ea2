"""What employees' answers say about an article: helped, rejected, and when to tell its owners.

A "no, that didn't help" is evidence: it becomes a flag with the thread it came from, and enough
of them in a short window notify the owning team at once ("flag it or fix it").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session

from knowledge import repository
from knowledge.tables import ArticleRow, FlagRow, OutcomeRow

HELPED = "helped"
REJECTED = "rejected"
REJECTION_REASON = "did not help: "  # then the employee's question, as they asked it

# "I followed the steps and it still fails": the article, not the employee, is wrong.
FOLLOWED_STEPS = re.compile(
    r"\b(followed (the |those |these |all the |your )?(steps|instructions)"
    r"|(did|tried|done) (all|everything|that|it|this|those|them)\b"
    r"|already (did|tried|done)"
    r"|still (fails|failing|doesn'?t work|not working|broken)"
    r"|j'ai (suivi|fait|essayé|tout fait)|déjà (fait|essayé|suivi)"
    r"|toujours (pas|le même problème|en panne)|ça ne marche toujours pas)",
    re.IGNORECASE,
)


def open_rejections(row: ArticleRow) -> list[tuple[int, str]]:
    """The article's open "did not help" flags, as (flag id, the employee's question).

    Each is a candidate for the article's "Not for" lines. A rejection after following the
    steps says the article is wrong, not that the question is outside it: left out.
    """
    asked = [
        (f.id, f.reason.removeprefix(REJECTION_REASON).strip())
        for f in row.flags
        if f.status == "open"
        and f.kind == REJECTED
        and not f.followed_steps
        and f.reason.startswith(REJECTION_REASON)
    ]
    return [(flag_id, question) for flag_id, question in asked if question]


@dataclass(frozen=True)
class RejectionAlert:
    """Enough rejections of one article in the window: its owning team must hear of it now."""

    article_id: str
    title: str
    team: str
    count: int
    window_days: int
    reasons: tuple[str, ...]
    conversations: tuple[str, ...]


def record_helped(session: Session, slug: str, conversation_key: str, now: datetime) -> None:
    row = repository.require(session, slug)
    session.add(
        OutcomeRow(article_pk=row.pk, outcome=HELPED, conversation_key=conversation_key, at=now)
    )


def record_rejection(
    session: Session,
    slug: str,
    *,
    by: str,
    reason: str,
    conversation_key: str,
    now: datetime,
    threshold: int,
    window_days: int,
) -> RejectionAlert | None:
    """The employee said the answer did not help: an outcome, a flag, maybe an alert.

    The alert is claimed with a compare-and-set on the article, so it is raised once per
    window however many replicas and rejections race.
    """
    row = repository.require(session, slug)
    session.add(
        OutcomeRow(article_pk=row.pk, outcome=REJECTED, conversation_key=conversation_key, at=now)
    )
    session.add(
        FlagRow(
            article_pk=row.pk,
            by=by,
            reason=reason,
            at=now,
            status="open",
            kind=REJECTED,
            conversation_key=conversation_key,
        )
    )
    session.flush()
    since = now - timedelta(days=window_days)
    recent = session.scalars(
        select(FlagRow)
        .where(FlagRow.article_pk == row.pk, FlagRow.kind == REJECTED, FlagRow.at >= since)
        .order_by(FlagRow.id)
    ).all()
    if len(recent) < threshold:
        return None
    claimed = session.execute(
        update(ArticleRow)
        .where(
            ArticleRow.pk == row.pk,
            or_(ArticleRow.rejection_alerted_at.is_(None), ArticleRow.rejection_alerted_at < since),
        )
        .values(rejection_alerted_at=now)
    )
    if claimed.rowcount != 1:  # type: ignore[attr-defined]
        return None
    return RejectionAlert(
        article_id=row.slug,
        title=row.title,
        team=row.owner,
        count=len(recent),
        window_days=window_days,
        reasons=tuple(f.reason for f in recent),
        conversations=tuple(f.conversation_key or "" for f in recent),
    )


def mark_followed_steps(session: Session, conversation_key: str, text: str) -> bool:
    """The employee says they followed the steps: strengthen this conversation's rejections."""
    if not FOLLOWED_STEPS.search(text):
        return False
    result = session.execute(
        update(FlagRow)
        .where(FlagRow.conversation_key == conversation_key, FlagRow.kind == REJECTED)
        .values(followed_steps=True)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


def outcome_counts(session: Session, since: datetime) -> dict[int, tuple[int, int]]:
    """Per article pk: (helped, rejected) answers since `since`."""
    rows = session.execute(
        select(OutcomeRow.article_pk, OutcomeRow.outcome, func.count())
        .where(OutcomeRow.at >= since)
        .group_by(OutcomeRow.article_pk, OutcomeRow.outcome)
    ).all()
    counts: dict[int, tuple[int, int]] = {}
    for pk, outcome, n in rows:
        helped, rejected = counts.get(pk, (0, 0))
        counts[pk] = (helped + n, rejected) if outcome == HELPED else (helped, rejected + n)
    return counts
