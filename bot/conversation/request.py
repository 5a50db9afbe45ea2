"""Requests as requests: what, for whom, by when and why, then the owning team.

A request never gets an error-message or IS / IS NOT question (domain.md section 3); the
questions come from handoff.appraisal.REQUEST_ORDER and the answers fill request slots.
"""

from __future__ import annotations

from bot.actions import Action
from bot.conversation import appraise
from bot.conversation.turn import Turn
from knowledge import repository


def begin(turn: Turn, intro: str = "request.intro") -> list[Action]:
    turn.convo.contact_type = "request"
    return appraise.begin(turn, intro)


def owning_team(turn: Turn) -> str:
    """The team that owns the closest article, when one came close; "" for the service desk."""
    floor = turn.ctx.search.thresholds.disambiguate_threshold
    for entry in turn.convo.kb_trail:
        for hit in entry.get("results") or []:
            if float(hit.get("score", 0.0)) >= floor:
                row = repository.get(turn.session, str(hit["id"]))
                if row is not None and row.owner:
                    return str(row.owner)
            break
    return ""
