"""Resolving a known issue: one fix closes every thread.

In one transaction: the issue is resolved; every subscribed thread is told and asked to
confirm (then to rate); each linked ticket is resolved with its audit entry and resolution
(its requester gets the usual "Is it fixed?"), its card updated; a KCS article of type
problem is drafted for the owning team's review queue; the status message and the trend
alert are updated in place.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.actions import Action
from bot.conversation import events
from bot.conversation.events import Event
from bot.conversation.states import State
from bot.conversation_tables import ConversationRow
from bot.i18n import t
from bot.known import issues
from bot.known.issues import ACTIVE_TICKET, KnownIssueError, Post
from bot.known.tables import KnownIssueRow, SubscriptionRow, TrendClusterRow
from handoff import capture, tickets
from handoff.tables import TicketRow
from knowledge import repository
from knowledge.article import ArticleContent, ArticleType, Audience, Confidence

# States in which a subscriber is asked "Is it working again?" (elsewhere it is only told).
ASK_IN = frozenset({State.KNOWN_ISSUE, State.RESOLVED, State.NEW})


def resolve(
    session: Session,
    issue_id: int,
    *,
    by: str,
    by_name: str,
    cause: str,
    resolution: str,
    now: datetime,
    draft_owner: str,
) -> tuple[KnownIssueRow, list[Post]]:
    """Resolve the issue and everything hanging off it; the posts to send."""
    issue = issues.get(session, issue_id, lock=True)
    if issue.status != "active":
        raise KnownIssueError("known.error.resolved", ref=issue.ref)
    resolution = " ".join(resolution.split())[:2000]
    if not resolution:
        raise KnownIssueError("known.error.no_resolution")
    issue.status, issue.resolved_at, issue.resolved_by = "resolved", now, by
    issue.cause, issue.resolution = " ".join(cause.split())[:2000], resolution
    issue.version += 1
    posts: list[Post] = []
    for sub, convo in issues.subscribers(session, issue, lock=True):
        posts += _close_thread(session, issue, sub, convo, by, by_name, now)
    if issue.kind == "known":
        issue.article_id = draft_article(session, issue, draft_owner, by)
    status = issues.status_post(session, issue)
    if status is not None:
        posts.append(status)
    if issue.cluster_id is not None:
        cluster = session.get(TrendClusterRow, issue.cluster_id)
        if cluster is not None and cluster.alert_ts:
            alert = issues.alert_post(session, cluster, f"resolved:{issue.id}")
            if alert is not None:
                posts.append(alert)
    return issue, posts


def _close_thread(
    session: Session,
    issue: KnownIssueRow,
    sub: SubscriptionRow,
    convo: ConversationRow,
    by: str,
    by_name: str,
    now: datetime,
) -> list[Post]:
    lang = convo.language
    title = issues.text_in(issue, lang, "title")
    ticket = session.scalar(select(TicketRow).where(TicketRow.conversation_id == convo.id))
    key = f"known:{issue.id}:resolved:{convo.id}"
    if ticket is not None and ticket.status in ACTIVE_TICKET:
        note = f"{issue.ref}: {issue.resolution}"
        tickets.resolve(session, ticket, by, note, now)
        tickets.audit(session, ticket, by, "known_issue_resolved", None, issue.ref, now=now)
        told = Action("message", t("known.fixed", lang, title=title, resolution=issue.resolution))
        ask = events.apply(convo, Event.AGENT_RESOLVED, agent_name=by_name, note=issue.resolution)
        posts = [issues.store(session, convo, [told, *ask], key)]
        card = Action("card", ticket.title, ticket_id=ticket.ref)
        posts.append(issues.store(session, convo, [card], f"{key}:card", "agents"))
        return [p for p in posts if p is not None]
    if State(convo.state) in ASK_IN:
        actions = events.apply(convo, Event.KNOWN_FIXED, note=issue.resolution, title=title)
    else:  # mid-way through something else: told, never moved
        actions = [
            Action("message", t("known.fixed", lang, title=title, resolution=issue.resolution))
        ]
    post = issues.store(session, convo, actions, key)
    return [post] if post is not None else []


def draft_article(session: Session, issue: KnownIssueRow, owner: str, by: str) -> str | None:
    """A KCS article of type problem for the owning team's review queue: Issue from the
    requesters' phrasings, Environment from their statements, Cause and Resolution from the
    known issue. Personal data in the requesters' words is scrubbed."""
    lang = "en" if "en" in issue.texts else "fr"
    title = issues.text_in(issue, lang, "title")
    phrasings = [p for p in issue.phrasings if p]
    environment: list[str] = []
    affected = issues.text_in(issue, lang, "affected")
    if affected:
        environment.append(affected)
    for sub, convo in issues.subscribers(session, issue):
        if sub.how == "answered" and convo.verbatim:
            phrasings.append(convo.verbatim)
        if convo.statement:
            environment += capture.environment(convo.statement)
    slug = f"{issue.ref.lower()}-{capture.slug_for_title(title, lambda _s: False)}"[:120]
    draft = ArticleContent(
        id=slug,
        title=title[:200],
        type=ArticleType.PROBLEM,
        confidence=Confidence.NOT_VALIDATED,
        audience=Audience.EMPLOYEES,
        language=lang,
        owner=issue.team or owner,
        tags=("known-issue",),
        issue=tuple(dict.fromkeys(" ".join(p.split())[:500] for p in phrasings[:20])) or (title,),
        environment=tuple(dict.fromkeys(e for e in environment if e))[:10],
        resolution=issue.resolution,
        cause=issue.cause,
        extra={"captured_from": issue.ref},
    )
    draft, _ = capture.scrubbed(draft, ())
    draft = replace(draft, issue=draft.issue or (title,))
    repository.upsert(session, draft, by=by, note=f"captured from known issue {issue.ref}")
    return draft.id
