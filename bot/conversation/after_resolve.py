"""After an agent resolved the ticket: "Is it fixed?", then a rating, then a comment.

A sentence typed while a verdict is awaited is never lost: it is read as the verdict when it
says one ("still broken", "ça marche"), else passed on to support and the question asked again.
"""

from __future__ import annotations

from sqlalchemy import select

from bot.actions import Action
from bot.conversation import choices
from bot.conversation.choices import Pick
from bot.conversation.states import State
from bot.conversation.turn import Turn
from bot.conversation.words import RATING, means_fixed
from bot.db.base import utcnow
from bot.i18n import t
from handoff import tickets
from handoff.tables import TicketRow


def _ticket(turn: Turn) -> TicketRow | None:
    return turn.session.scalar(select(TicketRow).where(TicketRow.conversation_id == turn.convo.id))


def ask_fixed(turn: Turn, text: str) -> list[Action]:
    """The question the desk asks once an agent resolved the ticket (see events.resolved)."""
    offered = turn.offer(
        choices.FIXED_YES.offer(t("choice.fixed_yes", turn.lang)),
        choices.FIXED_NO.offer(t("choice.fixed_no", turn.lang)),
    )
    return [Action("question", text, choices=offered)]


def verdict(turn: Turn, pick: Pick) -> list[Action]:
    convo, ticket = turn.convo, _ticket(turn)
    if ticket is None:
        return turn.stale()
    now = utcnow()
    if pick.value == "yes":
        tickets.audit(turn.session, ticket, convo.user, "confirmed_fixed", now=now)
        convo.state = State.RATING
        offered = turn.offer(*(choices.rating(n).offer(str(n)) for n in range(1, 6)))
        return [Action("question", t("csat.ask", turn.lang), choices=offered)]
    tickets.reopen(turn.session, ticket, convo.user, now, note="requester: not fixed")
    ticket.reopened_count += 1
    convo.state = State.HANDED_OFF
    turn.offer()
    turn.for_agents += [
        Action("notice", t("notice.reopened", ticket.language), ticket_id=ticket.ref),
        Action("card", ticket.title, ticket_id=ticket.ref),
    ]
    return [turn.say("fix.reopened", ticket_id=ticket.ref)]


def text_while_confirming_fix(turn: Turn, text: str) -> list[Action]:
    said = means_fixed(text)
    if said is not None:
        return verdict(turn, choices.FIXED_YES if said else choices.FIXED_NO)
    ticket = _ticket(turn)
    if ticket is None:
        return turn.stale()
    _pass_on(turn, ticket, text)
    return ask_fixed(turn, t("fix.ask_again", turn.lang, ticket_id=ticket.ref))


def rating(turn: Turn, pick: Pick) -> list[Action]:
    convo, ticket = turn.convo, _ticket(turn)
    if ticket is None or not pick.value.isdigit() or not 1 <= int(pick.value) <= 5:
        return turn.stale()
    stars = int(pick.value)
    tickets.audit(turn.session, ticket, convo.user, "csat", ticket.csat_rating, stars)
    ticket.csat_rating = stars
    convo.state = State.COMMENTING
    turn.offer()
    return [turn.say("csat.thanks")]


def text_while_rating(turn: Turn, text: str) -> list[Action]:
    digit = RATING.match(text)
    if digit:
        return rating(turn, choices.rating(int(digit.group(1))))
    ticket = _ticket(turn)
    if ticket is None:
        return turn.stale()
    _keep_comment(turn, ticket, text)
    offered = turn.offer(*(choices.rating(n).offer(str(n)) for n in range(1, 6)))
    return [Action("question", t("csat.ask_again", turn.lang), choices=offered)]


def comment(turn: Turn, text: str) -> list[Action]:
    ticket = _ticket(turn)
    if ticket is not None:
        _keep_comment(turn, ticket, text)
    turn.convo.state = State.RESOLVED
    turn.offer()
    return [turn.say("csat.comment_thanks")]


def _keep_comment(turn: Turn, ticket: TicketRow, text: str) -> None:
    ticket.csat_comment = f"{ticket.csat_comment}\n{text}" if ticket.csat_comment else text
    tickets.audit(turn.session, ticket, turn.convo.user, "csat_comment", note=text)


def _pass_on(turn: Turn, ticket: TicketRow, text: str) -> None:
    turn.for_agents.append(
        Action(
            "relay",
            text,
            ticket_id=ticket.ref,
            data={"from": turn.inbound.user, "role": "requester"},
        )
    )
