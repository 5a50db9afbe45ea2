"""What the support desk tells a conversation: an agent resolved its ticket, or handed it back.

The desk never writes a conversation's state itself; it sends one of these events.
"""

from __future__ import annotations

from enum import StrEnum

from bot.actions import Action, Choice
from bot.conversation import choices
from bot.conversation.states import State
from bot.conversation_tables import ConversationRow
from bot.i18n import t


class Event(StrEnum):
    AGENT_RESOLVED = "agent_resolved"  # ask "Is it fixed?"
    HANDED_BACK = "handed_back"  # the bot takes the thread again; the next message is new
    REQUESTER_SOLVED = "requester_solved"  # the requester marked it solved (a ✅ reaction)
    NOT_NEEDED = "not_needed"  # opened from someone's message, and its author needs no help
    KNOWN_FIXED = "known_fixed"  # the known issue it was told about is resolved: "Working?"
    KNOWN_DECLARED = "known_declared"  # its problem was just declared a known issue


def apply(
    convo: ConversationRow, event: Event, agent_name: str = "", note: str = "", title: str = ""
) -> list[Action]:
    """Move the conversation on and say what the employee must be told."""
    if event is Event.KNOWN_DECLARED:
        # Mid-appraisal: no more questions; what the issue says, and the way out.
        convo.state, convo.pending, convo.editing = State.KNOWN_ISSUE, [], None
        told = (
            choices.NOT_MINE.offer(t("choice.not_mine", convo.language)),
            choices.NOTIFY.offer(t("choice.notify", convo.language)),
        )
        convo.choices = [c.id for c in told]
        return [Action("message", note, choices=told)]
    if event is Event.KNOWN_FIXED:
        convo.state = State.KNOWN_FIXED
        offered_fix = (
            choices.FIXED_YES.offer(t("choice.fixed_yes", convo.language)),
            choices.FIXED_NO.offer(t("choice.fixed_no", convo.language)),
        )
        convo.choices = [c.id for c in offered_fix]
        fixed = t("known.fixed", convo.language, title=title, resolution=note)
        ask = t("known.fixed_ask", convo.language)
        return [Action("question", f"{fixed}\n\n{ask}", choices=offered_fix)]
    if event is Event.AGENT_RESOLVED:
        convo.state = State.CONFIRMING_FIX
        offered: tuple[Choice, ...] = (
            choices.FIXED_YES.offer(t("choice.fixed_yes", convo.language)),
            choices.FIXED_NO.offer(t("choice.fixed_no", convo.language)),
        )
        convo.choices = [c.id for c in offered]
        ask = t(
            "fix.ask", convo.language, name=agent_name, ticket_id=convo.ticket_ref or "", note=note
        )
        return [Action("question", ask, choices=offered)]
    convo.state, convo.choices, convo.pending, convo.editing = State.RESOLVED, [], [], None
    if event is Event.REQUESTER_SOLVED:
        key = "intake.solved_ticket" if convo.ticket_ref else "intake.solved"
        return [Action("message", t(key, convo.language, ticket_id=convo.ticket_ref or ""))]
    if event is Event.NOT_NEEDED:
        return [Action("message", t("intake.not_needed_done", convo.language))]
    return [Action("message", t("handoff.returned", convo.language))]
