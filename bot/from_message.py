"""A conversation from any message: someone asks Relais to help with a message in a channel.

Transport-agnostic (the Slack adapter calls it for a :ticket: reaction or the "Get help with
this" shortcut): the message's author becomes the requester, its text their first message, in
the message's thread. The engine answers as it would any first message; the author is told who
asked and may say *Not needed*. The message's own dedupe key makes a doubled request (two
reactions, a redelivery) open one conversation only.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from bot.actions import Action, Choice
from bot.conversation import Engine, Outcome, store_outbox
from bot.conversation_tables import ConversationRow
from bot.db import Database
from bot.i18n import t
from bot.inbound import Inbound

NOT_NEEDED = "not_needed"  # the choice id of the "Not needed" button


@dataclass(frozen=True)
class TakenOn:
    """The engine's reply to the message, and the notice telling its author (outbox rows)."""

    outcome: Outcome
    notice_id: int | None


def take_on(
    engine: Engine,
    db: Database,
    *,
    conversation: str,
    author: str,
    channel: str,
    ts: str,
    text: str,
    author_name: str,
    asker: str,
    asker_name: str,
) -> TakenOn | None:
    """Start the conversation (None when one already exists or this is a repeat)."""
    if engine.has_conversation(conversation):
        return None
    outcome = engine.respond(
        Inbound(
            user=author,
            conversation=conversation,
            text=text,
            dedupe_key=f"msg:{channel}:{ts}",
            channel=channel,
        )
    )
    if outcome.outbox_id is None:
        return None  # another request for the same message got there first
    with db.session() as session:
        convo = session.scalar(select(ConversationRow).where(ConversationRow.key == conversation))
        if convo is None:
            return TakenOn(outcome, None)
        lang = convo.language
        said = (
            t("intake.taken_self", lang)
            if asker == author
            else t("intake.taken", lang, author=author_name, asker=asker_name)
        )
        button = Choice(NOT_NEEDED, t("choice.not_needed", lang))
        notice = Action("message", said, choices=(button,))
        return TakenOn(outcome, store_outbox(session, convo.id, [notice], "employee"))
