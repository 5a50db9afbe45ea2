"""Every ticket change and article milestone becomes a webhook event in the same transaction.

A SQLAlchemy `after_flush` hook on the database's sessions watches what the flush wrote: each
new audit row of a ticket (handoff/tickets.py writes one for every change) is one event, with
the ticket as it now is, its full problem statement and the change itself; a new article or
one that becomes validated is an article event. Hooking the flush, not the callers, means no
change path can forget its event, and a rolled-back change takes its event with it.
"""

from __future__ import annotations

import weakref
from datetime import datetime
from typing import Any

from sqlalchemy import event, insert, inspect
from sqlalchemy.orm import Session, sessionmaker

from bot.db.base import utcnow
from bot.webhooks.config import EVENT_TYPES
from bot.webhooks.tables import WebhookEventRow
from handoff.tables import TicketEventRow, TicketRow
from knowledge.tables import ArticleRow

_DRAFTS = ("wip", "not_validated")
_INSTALLED: weakref.WeakSet[sessionmaker[Session]] = weakref.WeakSet()
__all__ = ["EVENT_TYPES", "install", "ticket_state"]


def install(sessions: sessionmaker[Session]) -> None:
    """Record webhook events for every session this factory makes (idempotent).

    Idempotence is a mark on the factory, not `event.contains`: SQLAlchemy keys a listener by
    the id() of the factory's generated Session class, and a new factory's class can reuse the
    id of a collected one, so `contains` answered "already there" for a listener that was not
    and every event of that database was silently lost.
    """
    if sessions in _INSTALLED:
        return
    event.listen(sessions, "after_flush", _after_flush)
    _INSTALLED.add(sessions)


def ticket_type(what: str, new: str | None, old: str | None = None) -> str:
    """The webhook event an audit row stands for."""
    if what == "opened":
        return "ticket.opened"
    if what == "claimed" or (what == "assignee" and old is None):
        return "ticket.claimed"  # taken, or given to an agent while nobody had it
    if what == "status" and new == "resolved":
        return "ticket.resolved"
    if what in ("csat", "csat_comment"):
        return "ticket.rated"
    return "ticket.updated"


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def ticket_state(ticket: TicketRow) -> dict[str, Any]:
    """The ticket as a receiver needs it to mirror it (the API's ticket, minus transcript)."""
    return {
        "id": ticket.ref,
        "title": ticket.title,
        "status": ticket.status,
        "priority": ticket.priority,
        "priority_overridden_from": ticket.priority_overridden_from,
        "contact_type": ticket.contact_type,
        "language": ticket.language,
        "requester": ticket.requester,
        "assignee": ticket.assignee,
        "channel": ticket.channel,
        "created_at": _iso(ticket.created_at),
        "claimed_at": _iso(ticket.claimed_at),
        "first_response_at": _iso(ticket.first_response_at),
        "resolved_at": _iso(ticket.resolved_at),
        "response_due": _iso(ticket.response_due),
        "resolution_due": _iso(ticket.resolution_due),
        "paused_at": _iso(ticket.paused_at),
        "reopened_count": ticket.reopened_count,
        "article_id": ticket.article_id,
        "csat": {"rating": ticket.csat_rating, "comment": ticket.csat_comment},
        "problem_statement": ticket.statement,
    }


def article_state(article: ArticleRow) -> dict[str, Any]:
    return {
        "id": article.slug,
        "title": article.title,
        "type": article.type,
        "confidence": article.confidence,
        "audience": article.audience,
        "language": article.language,
        "owner": article.owner,
        "version": article.version,
        "author": article.author,
        "content": article.content,
    }


def _after_flush(session: Session, _context: Any) -> None:
    rows: list[dict[str, Any]] = []
    now = utcnow()
    with session.no_autoflush:
        audits = sorted(
            (o for o in session.new if isinstance(o, TicketEventRow)), key=lambda e: e.id
        )
        for audit in audits:
            ticket = session.get(TicketRow, audit.ticket_id)
            if ticket is None:
                continue
            kind = ticket_type(audit.what, audit.new, audit.old)
            change = {
                "what": audit.what,
                "old": audit.old,
                "new": audit.new,
                "note": audit.note,
                "by": audit.actor,
                "at": _iso(audit.at),
            }
            payload = {"ticket": ticket_state(ticket), "change": change}
            rows.append(_row(kind, ticket.ref, payload, now))
        for article, is_new in _articles(session):
            milestone = _article_type(article, is_new)
            if milestone:
                data = {"article": article_state(article)}
                rows.append(_row(milestone, article.slug, data, now))
    if rows:
        session.connection().execute(insert(WebhookEventRow), rows)


def _articles(session: Session) -> list[tuple[ArticleRow, bool]]:
    """Articles this flush wrote, each with whether it is new."""
    new = [(o, True) for o in session.new if isinstance(o, ArticleRow)]
    changed = [(o, False) for o in session.dirty if isinstance(o, ArticleRow)]
    return sorted([*new, *changed], key=lambda pair: pair[0].pk)


def _article_type(article: ArticleRow, is_new: bool) -> str | None:
    if is_new:
        if article.confidence in _DRAFTS:
            return "article.drafted"
        return "article.validated" if article.confidence == "validated" else None
    before = inspect(article).attrs.confidence.history.deleted
    if article.confidence == "validated" and before and before[0] != "validated":
        return "article.validated"
    return None


def _row(kind: str, subject: str, payload: dict[str, Any], now: datetime) -> dict[str, Any]:
    return {"type": kind, "subject": subject, "payload": payload, "created_at": now}
