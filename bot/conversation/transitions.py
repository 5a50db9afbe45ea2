"""What every input means in every state: the conversation's one transition table.

An input is free text or a `Pick` (a button, a numbered option). For each state the table
names the handler of free text and the handlers of the picks that mean something there; a
pick that is not on offer is refused. Shortcuts that hold everywhere the bot is still talking
(asking for a human, saying it is urgent) are in the text handlers that need them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from bot.actions import Action
from bot.conversation import after_resolve, answer, appraise, handoff, known
from bot.conversation.choices import Kind, Pick
from bot.conversation.states import State
from bot.conversation.turn import Turn
from bot.conversation.words import (
    CANT_DO,
    CONTRAST,
    NO,
    NONE_OF_THESE,
    NOT_FIXED,
    WILL_TRY,
    YES,
    YES_BUT,
    another_question,
)

TextHandler = Callable[[Turn, str], list[Action]]
PickHandler = Callable[[Turn, Pick], list[Action]]


@dataclass(frozen=True)
class Rules:
    text: TextHandler
    picks: Mapping[Kind, PickHandler] = field(default_factory=dict)


def _while_answer_shown(turn: Turn, text: str) -> list[Action]:
    """ "Did this solve it?" pending: yes / no in words, or more facts (never the same article).
    A yes that says it still fails ("ok I tried that but it still fails") is a no; what is
    said after the no ("no, it started monday, I need it by thursday") is kept."""
    if WILL_TRY.match(text) and not NOT_FIXED.search(text):
        return [answer.still_awaiting(turn, "answer.will_try")]
    said_yes = YES.match(text)
    if said_yes and not NOT_FIXED.search(text) and not YES_BUT.search(text):
        done = answer.helped(turn, Pick(Kind.YES))
        more = another_question(text[said_yes.end() :])
        # "oui merci, et pour les dossiers partagés ?": closed, and the next question begun
        return [*done, *answer.begin(turn, more)] if more else done
    wanted = answer.support_asked_to_act(text) if turn.convo.contact_type != "request" else {}
    if wanted:
        # "I don't have the old phone, can you reset my factors?": a request now (under a
        # request's article, "I need the budget files for…" says why instead)
        return answer.asked_to_act(turn, text.strip(), wanted)
    said_no = NO.match(text) or said_yes
    if said_no:
        rest = CONTRAST.sub("", text[said_no.end() :].strip(" ,;:.!-"))
        return answer.said_no(turn, rest)
    if NOT_FIXED.search(text):
        # "j'ai fait les étapes 1 à 3 mais toujours rien": a no, said with what was done
        return answer.said_no(turn, text.strip(), steps_done=True)
    if answer.steps_missing(turn, text) or CANT_DO.match(text):
        # "I don't see the Delegate option", "je ne peux pas, je suis bloquée sur l'écran…"
        return answer.said_no(turn, text.strip())
    return answer.more_detail(turn, text)


def _while_choosing(turn: Turn, text: str) -> list[Action]:
    """A list of articles pending: a bare "no" / "aucun" is none of these; other text is
    more facts, searched again."""
    if NONE_OF_THESE.match(text):
        return answer.none_fit(turn, Pick(Kind.NONE))
    return answer.more_detail(turn, text)


TABLE: dict[State, Rules] = {
    State.NEW: Rules(answer.begin),
    State.RESOLVED: Rules(answer.begin),
    State.AWAITING_FEEDBACK: Rules(
        _while_answer_shown,
        {Kind.YES: answer.helped, Kind.NO: answer.did_not_help, Kind.HUMAN: handoff.now_to_human},
    ),
    State.DISAMBIGUATING: Rules(
        _while_choosing,
        {Kind.ARTICLE: answer.picked, Kind.NONE: answer.none_fit, Kind.HUMAN: handoff.now_to_human},
    ),
    State.APPRAISING: Rules(
        appraise.on_answer,
        {Kind.REPLY: appraise.on_quick_reply, Kind.HUMAN: handoff.now_to_human},
    ),
    State.CONFIRMING: Rules(
        handoff.while_confirming, {Kind.SEND: handoff.send, Kind.EDIT: handoff.edit}
    ),
    State.EDITING: Rules(
        handoff.edit_value,
        {
            Kind.FIELD: handoff.pick_field,
            Kind.DONE: handoff.done,
            Kind.SEND: handoff.send,
            Kind.EDIT: handoff.edit,
        },
    ),
    State.HANDED_OFF: Rules(handoff.relay),
    State.CONFIRMING_FIX: Rules(
        after_resolve.text_while_confirming_fix, {Kind.FIXED: after_resolve.verdict}
    ),
    State.RATING: Rules(after_resolve.text_while_rating, {Kind.CSAT: after_resolve.rating}),
    State.COMMENTING: Rules(after_resolve.comment),
    State.KNOWN_ISSUE: Rules(
        known.while_known,
        {
            Kind.NOT_MINE: known.not_mine,
            Kind.NOTIFY: known.notify,
            Kind.HUMAN: handoff.now_to_human,
        },
    ),
    State.KNOWN_FIXED: Rules(known.text_while_fixed, {Kind.FIXED: known.verdict}),
    State.KNOWN_RATING: Rules(known.text_while_rating, {Kind.CSAT: known.rating}),
}


def on_text(turn: Turn, text: str) -> list[Action]:
    return TABLE[State(turn.convo.state)].text(turn, text)


def on_pick(turn: Turn, raw: str) -> list[Action]:
    pick = Pick.parse(raw)
    handler = TABLE[State(turn.convo.state)].picks.get(pick.kind) if pick else None
    if pick is None or handler is None or raw not in turn.convo.choices:
        return turn.stale()
    return handler(turn, pick)


def on_fields(turn: Turn, fields: dict[str, str]) -> list[Action]:
    """A corrected statement submitted at once (the Slack modal)."""
    if State(turn.convo.state) not in (State.CONFIRMING, State.EDITING):
        return turn.stale()
    return handoff.apply_submitted(turn, fields)
