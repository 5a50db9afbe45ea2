"""Knowledge gaps: conversations that ended without an accepted article, clustered by meaning.

A gap is a conversation whose problem the knowledge base did not solve: it was handed off and
the ticket has no linked article, the employee rejected what was offered, or nothing was found
and the bot went on to a problem statement. Their first messages are embedded and clustered
(scikit-learn, average-linkage agglomerative clustering on cosine distance); each cluster is
ranked by volume x priority and suggests an article to draft in the requesters' own words.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal, Protocol

import numpy as np
from sklearn.cluster import AgglomerativeClustering  # type: ignore[import-untyped]
from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from bot.conversation.states import AFTER_HANDOFF, State
from bot.conversation_tables import ConversationRow
from handoff.tables import TicketRow
from knowledge.embedder import Vectors

Reason = Literal["none", "rejected", "handoff_unlinked"]

# Average cosine distance under which groups of first messages are one problem. Calibrated
# with the bundled all-MiniLM-L6-v2 on simulated months (20 intents, 1 to 8 messages each) of
# CLINC150 validation and banking77 train: 0.5 has the best adjusted Rand index on banking77
# (0.61) and on CLINC150 (0.70; 0.82 at 0.7) keeps 95% of the pairs it groups truly alike,
# against 80% at 0.7, since one draft for two problems is worse than a problem listed twice.
# That model is English-only: French paraphrases group less reliably (ARI about 0.35 on French
# intent sets), and an English and a French phrasing of one problem stay apart.
DEFAULT_DISTANCE = 0.5
MAX_CASES = 5000  # newest gaps considered; bounds memory (embeddings, pairwise distances)
IDLE_MINUTES = 60
TYPICAL = 3  # statements shown per cluster
PHRASINGS = 5  # issue phrasings in a draft
TITLE_CHARS = 90
EMBED_CHARS = 1000  # the model reads a few hundred tokens at most

PRIORITY_WEIGHT = {"P1": 5, "P2": 4, "P3": 3, "P4": 2, "P5": 1}


class TextEncoder(Protocol):
    """What clustering needs of an embedder: L2-normalised vectors, one row per text."""

    def encode(self, texts: Sequence[str]) -> Vectors: ...


@dataclass(frozen=True)
class GapCase:
    """One conversation that ended without an accepted article."""

    conversation_id: int
    key: str
    user: str
    language: str
    text: str  # the employee's first message, verbatim
    title: str | None  # the problem statement's title, when there is one
    priority: str | None  # "P1".."P5": the ticket's, else the statement's
    reason: Reason
    rejected: tuple[str, ...]  # article ids the employee turned down
    at: datetime  # last activity

    @property
    def weight(self) -> int:
        return PRIORITY_WEIGHT.get(self.priority or "", 1)

    @property
    def statement(self) -> str:
        return self.title or self.text


@dataclass(frozen=True)
class DraftSuggestion:
    """What 'draft an article for this' pre-fills: a title and Issue lines in the requesters'
    own words (KCS: phrasings are added, never rewritten)."""

    title: str
    issue: tuple[str, ...]
    language: str


@dataclass(frozen=True)
class GapCluster:
    """Conversations about one problem; `cases` are ordered most typical first."""

    cases: tuple[GapCase, ...]

    @property
    def size(self) -> int:
        return len(self.cases)

    @property
    def weight(self) -> int:
        """Volume x priority: each case counts 5 (P1) down to 1 (P5 or no priority)."""
        return sum(c.weight for c in self.cases)

    @property
    def latest(self) -> datetime:
        return max(c.at for c in self.cases)

    @property
    def statements(self) -> tuple[str, ...]:
        """The typical problem statements: those of the cases nearest the centroid."""
        return _distinct((c.statement for c in self.cases), TYPICAL)

    @property
    def reasons(self) -> dict[str, int]:
        return dict(Counter(c.reason for c in self.cases).most_common())

    @property
    def languages(self) -> dict[str, int]:
        return dict(Counter(c.language for c in self.cases).most_common())

    @property
    def rejected_articles(self) -> dict[str, int]:
        """Articles shown for this problem and turned down, most often first."""
        return dict(Counter(a for c in self.cases for a in c.rejected).most_common())

    @property
    def draft(self) -> DraftSuggestion:
        typical = self.cases[0]
        return DraftSuggestion(
            title=_trim(typical.statement, TITLE_CHARS),
            issue=_distinct((c.text for c in self.cases), PHRASINGS),
            language=next(iter(self.languages)),
        )

    def to_json(self) -> dict[str, Any]:
        draft = self.draft
        return {
            "weight": self.weight,
            "size": self.size,
            "statements": list(self.statements),
            "reasons": self.reasons,
            "languages": self.languages,
            "rejected_articles": self.rejected_articles,
            "latest": self.latest.isoformat(),
            "draft": {"title": draft.title, "issue": list(draft.issue), "language": draft.language},
            "conversations": [
                {
                    "id": c.conversation_id,
                    "key": c.key,
                    "user": c.user,
                    "reason": c.reason,
                    "priority": c.priority,
                    "at": c.at.isoformat(),
                }
                for c in self.cases
            ],
        }


def collect(
    session: Session,
    since: datetime,
    now: datetime,
    idle_minutes: int = IDLE_MINUTES,
    max_cases: int = MAX_CASES,
) -> list[GapCase]:
    """The newest `max_cases` gaps among conversations active since `since` that have ended.

    Ended: handed off (or later), or quiet for `idle_minutes`. Excluded: an article helped, the
    ticket links an article, or an article is still on offer without a verdict.
    """
    quiet_since = now - timedelta(minutes=idle_minutes)
    query = (
        select(ConversationRow, TicketRow)
        .outerjoin(TicketRow, TicketRow.conversation_id == ConversationRow.id)
        .where(
            ConversationRow.updated_at >= since,
            ConversationRow.updated_at <= now,
            ConversationRow.verbatim != "",
            or_(
                ConversationRow.state.in_(AFTER_HANDOFF),
                ConversationRow.updated_at <= quiet_since,
            ),
            # Resolved without a ticket is an article that helped: most successes stop here.
            ~and_(ConversationRow.state == State.RESOLVED, ConversationRow.ticket_ref.is_(None)),
        )
        .order_by(ConversationRow.updated_at.desc(), ConversationRow.id.desc())
        .execution_options(yield_per=500)
    )
    cases: list[GapCase] = []
    result = session.execute(query)
    try:
        for convo, ticket in result:
            case = _case(convo, ticket)
            if case is not None:
                cases.append(case)
                if len(cases) >= max_cases:
                    break
    finally:
        result.close()
    return cases


def _case(convo: ConversationRow, ticket: TicketRow | None) -> GapCase | None:
    if ticket is not None and convo.ticket_ref != ticket.ref:
        ticket = None  # a ticket from an earlier problem in the same thread (handed back)
    trail = convo.kb_trail or []
    if any(_said(entry, "helped") for entry in trail):
        return None
    reason: Reason
    if ticket is not None:
        if ticket.article_id:
            return None
        reason = "handoff_unlinked"
    elif convo.rejected or any(
        _said(e, "did not help") or _said(e, "none of these") for e in trail
    ):
        reason = "rejected"
    elif convo.statement is not None or (trail and not any(e.get("shown") for e in trail)):
        reason = "none"
    else:
        return None  # nothing searched yet, or an article awaits a verdict
    statement = convo.statement or {}
    title = (ticket.title if ticket is not None else None) or statement.get("title") or None
    priority = (ticket.priority if ticket is not None else None) or statement.get("priority")
    return GapCase(
        conversation_id=convo.id,
        key=convo.key,
        user=convo.user,
        language=convo.language,
        text=convo.verbatim,
        title=title,
        priority=priority if priority in PRIORITY_WEIGHT else None,
        reason=reason,
        rejected=tuple(dict.fromkeys(convo.rejected or [])),
        at=convo.updated_at,
    )


def _said(entry: dict[str, Any], verdict: str) -> bool:
    # The engine writes "article-id: helped", joined by "; " when one search got several.
    feedback = entry.get("feedback") or ""
    return any(part.rsplit(": ", 1)[-1] == verdict for part in feedback.split("; "))


def cluster(
    cases: Sequence[GapCase],
    embedder: TextEncoder,
    distance_threshold: float = DEFAULT_DISTANCE,
) -> list[GapCluster]:
    """Group cases about the same problem, ranked by weight, then size, then most recent."""
    if not cases:
        return []
    vectors = np.asarray(embedder.encode([c.text[:EMBED_CHARS] for c in cases]), dtype=np.float32)
    if len(cases) == 1:
        labels = np.zeros(1, dtype=np.int64)
    else:
        labels = AgglomerativeClustering(
            n_clusters=None,
            metric="cosine",
            linkage="average",
            distance_threshold=distance_threshold,
        ).fit_predict(vectors)
    clusters = []
    for label in np.unique(labels):
        members = np.flatnonzero(labels == label)
        centroid = vectors[members].mean(axis=0)
        closeness = vectors[members] @ centroid
        group = [cases[int(i)] for i in members]
        # Most typical first. Ties (two members are equally central; identical texts) go to
        # the more urgent, then to the newest, which comes first as collected.
        order = sorted(
            range(len(group)), key=lambda i: (-round(float(closeness[i]), 4), -group[i].weight, i)
        )
        clusters.append(GapCluster(tuple(group[i] for i in order)))
    clusters.sort(key=lambda c: (-c.weight, -c.size, -c.latest.timestamp()))
    return clusters


def report(
    session: Session,
    embedder: TextEncoder,
    since: datetime,
    now: datetime,
    limit: int = 10,
    distance_threshold: float = DEFAULT_DISTANCE,
    max_cases: int = MAX_CASES,
) -> list[GapCluster]:
    """The top `limit` gap clusters for conversations since `since`.

    Embedding dominates the cost (tens of seconds for thousands of cases on two CPU cores):
    build it in the background, not while someone waits on a screen.
    """
    cases = collect(session, since, now, max_cases=max_cases)
    return cluster(cases, embedder, distance_threshold)[:limit]


def _distinct(texts: Iterable[str], limit: int) -> tuple[str, ...]:
    seen: dict[str, str] = {}
    for text in texts:
        norm = " ".join(text.split()).casefold()
        if norm and norm not in seen:
            seen[norm] = text
            if len(seen) == limit:
                break
    return tuple(seen.values())


def _trim(text: str, limit: int) -> str:
    """One line of at most `limit` characters, cut at a word boundary."""
    line = " ".join(text.split())
    if len(line) <= limit:
        return line
    cut = line[: limit - 1].rsplit(" ", 1)[0] or line[: limit - 1]
    return cut.rstrip(" ,;:.-") + "…"


__all__ = [
    "DEFAULT_DISTANCE",
    "DraftSuggestion",
    "GapCase",
    "GapCluster",
    "TextEncoder",
    "cluster",
    "collect",
    "report",
]
