"""KCS capture: a resolved ticket becomes a draft article in the requester's words."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from handoff.tables import TicketRow
from knowledge.article import ArticleContent, ArticleType, Audience, Confidence

_TYPES = {"incident": ArticleType.PROBLEM, "question": ArticleType.HOW_TO}


def slug_for(ticket: TicketRow) -> str:
    folded = unicodedata.normalize("NFKD", ticket.title).encode("ascii", "ignore").decode()
    words = re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")[:60].strip("-")
    return f"{ticket.ref.lower()}-{words or 'draft'}"


def environment(statement: dict[str, Any]) -> tuple[str, ...]:
    """Environment lines from what the appraisal learned (object, where, on what)."""
    spec = statement.get("spec") or {}
    where = spec.get("where") or {}
    lines = [
        str(statement.get("object") or ""),
        str(where.get("is") or ""),
        str(where.get("on_object") or ""),
    ]
    return tuple(dict.fromkeys(line.strip() for line in lines if line.strip()))


def draft_article(ticket: TicketRow, resolution: str, owner: str) -> ArticleContent:
    """Issue in the employee's words, Environment from the slots, the agent's resolution.

    Not validated: agents can use it at once; the owning team reviews it before employees
    see it (KCS "capture in the workflow").
    """
    st: dict[str, Any] = ticket.statement or {}
    verbatim = " ".join(str(st.get("requester_verbatim") or ticket.title).split())
    issue = tuple(dict.fromkeys(p for p in (verbatim, ticket.title) if p))
    return ArticleContent(
        id=slug_for(ticket),
        title=ticket.title[:200],
        type=_TYPES.get(ticket.contact_type, ArticleType.HOW_TO),
        confidence=Confidence.NOT_VALIDATED,
        audience=Audience.EMPLOYEES,
        language=ticket.language if ticket.language in ("en", "fr") else "en",
        owner=owner,
        tags=("captured",),
        issue=issue,
        environment=environment(st),
        resolution=resolution.strip(),
        extra={"captured_from": ticket.ref},
    )
