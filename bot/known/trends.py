"""Trend detection: many similar contacts without an accepted answer, in a short window.

A contact is a conversation that ended without an accepted answer: nothing found, the answer
rejected, or a ticket. The conversation records it (`record`, in its own transaction, no
model needed); the detector (`TrendDetector.tick`, from a scheduler on every replica) embeds
new contacts with the search's model and places each in the nearest cluster (cosine >=
trend_similarity with a member seen within the window), or starts one; a cluster belongs to
the owning team of its first contact (the team of the article nearest the question), whose
rule (threshold, window) applies. When a cluster holds `threshold` contacts within the window, one alert is queued for the triage
channel (a unique outbox key, under a lock every replica takes: once across replicas); as
the cluster grows, the same alert is updated in place.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np
from sqlalchemy import func, select, text, update
from sqlalchemy.orm import Session

from bot.config import KnownIssueSettings
from bot.conversation_tables import ConversationRow
from bot.db import Database
from bot.db.base import utcnow
from bot.known import issues
from bot.known.issues import Encoder, Post
from bot.known.tables import TrendClusterRow, TrendContactRow
from knowledge import repository

LOCK_KEY = 15_015  # the PostgreSQL advisory lock every replica's detector takes
BATCH = 200


def record(session: Session, convo: ConversationRow, outcome: str) -> None:
    """Count this conversation as a contact without an accepted answer (once; a ticket
    opened later only updates the outcome)."""
    if not convo.verbatim.strip():
        return
    found = session.scalar(
        select(TrendContactRow).where(TrendContactRow.conversation_id == convo.id)
    )
    if found is not None:
        if outcome == "ticket":
            found.outcome = outcome
        return
    session.add(
        TrendContactRow(
            conversation_id=convo.id,
            text=convo.verbatim[:1000],
            outcome=outcome,
            team=_team(session, convo),
            site=str(convo.slots.get("where") or "")[:200],
            at=utcnow(),
        )
    )


def _team(session: Session, convo: ConversationRow) -> str:
    """The owning team of the article nearest the question (searched, even if not shown)."""
    for search in convo.kb_trail[:1]:
        for result in search.get("results") or []:
            row = repository.get(session, str(result.get("id") or ""))
            if row is not None:
                return row.owner
    return ""


@dataclass(frozen=True)
class ClusterView:
    """What the alert shows: the requesters' words, count, sites, teams, threads."""

    cluster_id: int
    status: str
    count: int
    minutes: int
    phrasings: list[str]
    sites: list[str]
    teams: list[str]
    threads: list[str]  # conversation keys
    known_issue: str | None


def view(session: Session, cluster_id: int) -> ClusterView | None:
    from bot.known.tables import KnownIssueRow

    cluster = session.get(TrendClusterRow, cluster_id)
    if cluster is None:
        return None
    members = session.execute(
        select(TrendContactRow, ConversationRow.key)
        .join(ConversationRow, ConversationRow.id == TrendContactRow.conversation_id)
        .where(TrendContactRow.cluster_id == cluster_id)
        .order_by(TrendContactRow.at)
    ).all()
    issue = session.scalar(select(KnownIssueRow).where(KnownIssueRow.cluster_id == cluster_id))
    span = (cluster.last_at - cluster.first_at).total_seconds() / 60
    return ClusterView(
        cluster_id=cluster.id,
        status=cluster.status,
        count=len(members),
        minutes=max(1, round(span)),
        phrasings=list(dict.fromkeys(m.text for m, _ in members))[:5],
        sites=sorted({m.site for m, _ in members if m.site}),
        teams=sorted({m.team for m, _ in members if m.team}),
        threads=[key for _, key in members],
        known_issue=issue.ref if issue is not None else None,
    )


class TrendDetector:
    """Places new contacts in clusters and queues the alerts; safe on every replica."""

    def __init__(
        self,
        db: Database,
        settings: KnownIssueSettings,
        encoder: Callable[[], Encoder],
        triage_channel: str,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.db = db
        self.settings = settings
        self.encoder = encoder
        self.triage_channel = triage_channel
        self.clock = clock
        self._lock = threading.Lock()

    def tick(self) -> list[Post]:
        """Place every new contact; the alerts (new or updated) to send."""
        with self.db.session() as session:
            if (
                session.scalar(
                    select(func.count(TrendContactRow.id)).where(
                        TrendContactRow.cluster_id.is_(None)
                    )
                )
                == 0
            ):
                return []
        with self._lock, self.db.session() as session:
            if self.db.is_sqlite:
                # A write first takes SQLite's one writer lock for the whole transaction, so a
                # second detector reads the contacts only once this one has placed them.
                session.execute(
                    update(TrendClusterRow)
                    .where(TrendClusterRow.id == -1)
                    .values(size=TrendClusterRow.size)
                )
            else:
                session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": LOCK_KEY})
            pending = list(
                session.scalars(
                    select(TrendContactRow)
                    .where(TrendContactRow.cluster_id.is_(None))
                    .order_by(TrendContactRow.at, TrendContactRow.id)
                    .limit(BATCH)
                )
            )
            if not pending:
                return []
            missing = [c for c in pending if c.vector is None]
            if missing:
                vectors = self.encoder()([c.text for c in missing])
                for contact, vector in zip(missing, vectors, strict=True):
                    contact.vector = [round(float(x), 6) for x in vector]
            grown: dict[int, TrendClusterRow] = {}
            for contact in pending:
                cluster = self._place(session, contact)
                grown[cluster.id] = cluster
            posts: list[Post] = []
            for cluster in grown.values():
                post = self._alert(session, cluster)
                if post is not None:
                    posts.append(post)
            return posts

    def _place(self, session: Session, contact: TrendContactRow) -> TrendClusterRow:
        _, window = self.settings.trend_rule(contact.team)
        since = contact.at - timedelta(minutes=window)
        recent = session.execute(
            select(TrendContactRow.vector, TrendContactRow.cluster_id)
            .join(TrendClusterRow, TrendClusterRow.id == TrendContactRow.cluster_id)
            .where(
                TrendContactRow.cluster_id.is_not(None),
                TrendContactRow.at >= since,
                TrendClusterRow.status != "closed",
            )
        ).all()
        best: tuple[float, int] | None = None
        if recent and contact.vector is not None:
            matrix = np.asarray([v for v, _ in recent], dtype=np.float32)
            scores = matrix @ np.asarray(contact.vector, dtype=np.float32)
            at = int(np.argmax(scores))
            if float(scores[at]) >= self.settings.trend_similarity:
                best = (float(scores[at]), int(recent[at][1] or 0))
        if best is None:
            cluster = TrendClusterRow(
                team=contact.team, status="open", size=0, first_at=contact.at, last_at=contact.at
            )
            session.add(cluster)
            session.flush()
        else:
            found = session.get(TrendClusterRow, best[1])
            assert found is not None
            cluster = found
        contact.cluster_id = cluster.id
        cluster.size += 1
        cluster.last_at = max(cluster.last_at, contact.at)
        session.flush()
        return cluster

    def _alert(self, session: Session, cluster: TrendClusterRow) -> Post | None:
        """The first alert once the cluster crosses its threshold; an update as it grows."""
        if not self.triage_channel or cluster.status == "dismissed":
            return None
        threshold, window = self.settings.trend_rule(cluster.team)
        if cluster.alerted_size == 0:
            since = cluster.last_at - timedelta(minutes=window)
            recent = session.scalar(
                select(func.count(TrendContactRow.id)).where(
                    TrendContactRow.cluster_id == cluster.id, TrendContactRow.at >= since
                )
            )
            if int(recent or 0) < threshold:
                return None
            cluster.alert_channel = self.triage_channel
            tag = "alert"
        elif cluster.size > cluster.alerted_size:
            tag = f"size:{cluster.size}"
        else:
            return None
        cluster.alerted_size = cluster.size
        return issues.alert_post(session, cluster, tag)
