"""Requests as requests: what, for whom, by when and why, then the owning team.

A request never gets an error-message or IS / IS NOT question (domain.md section 3); the
questions come from handoff.appraisal.REQUEST_ORDER and the answers fill request slots.
"""

from __future__ import annotations

import re

from bot.actions import Action
from bot.conversation import appraise
from bot.conversation.turn import Turn
from handoff.opening import approval_said, opening_slots
from knowledge import repository
from knowledge.decision import Decision
from knowledge.text import fold


def begin(turn: Turn, intro: str = "request.intro") -> list[Action]:
    turn.convo.contact_type = "request"
    return appraise.begin(turn, intro)


def approval_in(turn: Turn, text: str) -> dict[str, str]:
    """A request's approval said at any point ("priya approved it already in email", "j'ai
    l'accord de ma cheffe"): the slot to fill, when it is still empty."""
    convo = turn.convo
    if convo.contact_type != "request" or convo.slots.get("request_approval"):
        return {}
    said = approval_said(text)
    return {"request_approval": said} if said else {}


def without_approval(slots: dict[str, str], approval: str) -> dict[str, str]:
    """The slots a reply filled, less the approval said in the same breath ("by end of next
    week, my manager approved it"): it has a row of its own."""
    out = dict(slots)
    for slot, value in slots.items():
        if approval in value and value.strip(" .!") != approval:
            rest = re.sub(r"\s*[,;]\s*(?=[,;]|$)", "", value.replace(approval, "")).strip(" ,;:-")
            if rest:
                out[slot] = rest
    return out


# "I also need a second screen", "et aussi un casque": a second request, not a reason.
_ANOTHER_ASK = re.compile(
    r"\b(?:also|too|as well|another|aussi|egalement|en plus|un autre|une autre)\b"
)


def reason_in(turn: Turn, text: str) -> dict[str, str]:
    """Why a request is needed, said while its article waits: the slot to fill, when empty.

    "I need the budget files for month-end close" under the shared-drive article names what
    the access serves, a need other than the one asked for: the sentence is the reason."""
    convo = turn.convo
    if convo.contact_type != "request" or convo.slots.get("request_why"):
        return {}
    said = opening_slots(text, "request")
    if said.get("request_why"):
        return {"request_why": said["request_why"]}
    need, asked_for = fold(said.get("request_what", "")), fold(convo.slots.get("request_what", ""))
    if (
        len(re.findall(r"\w{3,}", need)) >= 2
        and need not in asked_for
        and not _ANOTHER_ASK.search(fold(text))
    ):
        return {"request_why": text.strip(" .!")}
    return {}


def owning_team(turn: Turn) -> str:
    """The team that owns the closest article, when the search itself found it close enough to
    answer or offer; "" for the service desk.

    A score over the choices' floor is not enough: with the English model any French sentence
    scores 0.5-0.6 against every French article, and badges for new warehouse staff went to the
    messaging team. The search's decision (its thresholds and its lead rule) says when an
    article really came close."""
    for entry in turn.convo.kb_trail:
        if entry.get("decision") == Decision.NONE:
            continue
        results = [str(hit["id"]) for hit in entry.get("results") or []]
        # of a list, the team most of it belongs to: a 27" screen for a new designer offered
        # an Expensify receipt first, then two endpoint-team articles
        ids = [i for i in entry.get("shown") or [] if i in results] or results[:1]
        owners = [
            str(row.owner) for i in ids if (row := repository.get(turn.session, i)) and row.owner
        ]
        if owners:
            return max(owners, key=lambda owner: (owners.count(owner), -owners.index(owner)))
    return ""
