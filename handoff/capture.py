"""KCS capture: a resolved ticket becomes a draft article in the requester's words."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import Any

from handoff.tables import TicketRow
from knowledge import personal_data
from knowledge.article import ArticleContent, ArticleType, Audience, Confidence

REMOVED = "[personal data removed]"

_TYPES = {"incident": ArticleType.PROBLEM, "question": ArticleType.HOW_TO}


def _words(title: str) -> str:
    folded = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")[:60].strip("-")


def slug_for(ticket: TicketRow) -> str:
    return f"{ticket.ref.lower()}-{_words(ticket.title) or 'draft'}"


def slug_for_title(title: str, taken: Callable[[str], bool]) -> str:
    """A free article id from a title: vpn-drops-on-wifi, then vpn-drops-on-wifi-2..."""
    base = _words(title) or "draft"
    slug, n = base, 1
    while taken(slug):
        n += 1
        slug = f"{base}-{n}"
    return slug


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


def blocked_in_note(note: str, names: Iterable[str]) -> list[personal_data.Finding]:
    """Personal data the agent typed into the resolution: the capture is refused until removed."""
    return personal_data.find(note, names=names, field="Resolution")


def scrubbed(draft: ArticleContent, names: Iterable[str]) -> tuple[ArticleContent, int]:
    """The draft with personal data in the employee's words replaced; (draft, how many)."""
    names = list(names)
    count = 0

    def clean(line: str) -> str:
        nonlocal count
        for finding in personal_data.find(line, names=names):
            line = line.replace(finding.text, REMOVED)
            count += 1
        return line

    issue = tuple(dict.fromkeys(clean(line) for line in draft.issue))
    environment = tuple(clean(line) for line in draft.environment)
    return replace(draft, title=clean(draft.title), issue=issue, environment=environment), count
