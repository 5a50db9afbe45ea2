"""Kepner-Tregoe appraisal: at most two questions a turn, never one already answered, and a
search again after every answer ("search early, search often")."""

from __future__ import annotations

from typing import Any

from bot.actions import Action
from bot.conversation import answer, choices, handoff, request
from bot.conversation.choices import Pick
from bot.conversation.states import State
from bot.conversation.turn import Turn
from bot.i18n import question, t
from bot.known import trends
from handoff import appraisal, concerns, extraction
from handoff.answers import named_person, read_reply, with_named
from handoff.opening import opening_slots
from handoff.priority import says_when_needed
from handoff.statement import filled
from knowledge import feedback
from knowledge.text import fold

QUESTION_NEED = {"impact": "question_need"}


def begin(turn: Turn, intro: str | None, multiple: bool = False) -> list[Action]:
    """Start (or resume) asking, with an intro that says why; the contact counts towards
    trends (it ended without an accepted answer)."""
    trends.record(turn.session, turn.convo, "rejected" if turn.convo.rejected else "none")
    return ask_next(turn, intro, multiple=multiple)


def on_answer(turn: Turn, text: str) -> list[Action]:
    """A reply to the questions just asked: it fills them first, then the rules add to it."""
    convo = turn.convo
    if convo.rejected:
        feedback.mark_followed_steps(turn.session, convo.key, text)
    found = extraction.extract(text, convo.language)
    if found.wants_human or found.urgent:
        learn(turn, read_reply(convo.pending, text).slots)
        return handoff.statement(turn)
    reply = read_reply(convo.pending, text, convo.slots)
    described = answer.what_describes(text, reply.slots, convo.pending)  # as prefetched
    approval = request.approval_in(turn, text)
    if approval:
        # "by end of next week, my manager approved it": the date, and the approval apart
        reply.slots = request.without_approval(reply.slots, approval["request_approval"])
    learn(turn, {**reply.slots, **approval}, answered=reply.answered)
    if approval:  # "priya approved it already in email" has its own row, not a note
        reply.unread = [u for u in reply.unread if u not in approval["request_approval"]]
    if "concerns" in reply.answered:
        _focus(turn, reply.slots["concerns"])
    # what no field took reaches the agent in the employee's words ("we need those reports")
    convo.corrections = [
        *convo.corrections,
        *(u for u in reply.unread if u not in convo.corrections),
    ]
    convo.unknown = [*convo.unknown, *(s for s in reply.unknown if s not in convo.unknown)]
    knew_nothing = (
        bool(convo.pending) and not reply.slots and set(convo.pending) <= set(reply.unknown)
    )
    convo.pending = []
    if knew_nothing and convo.turns >= 2:
        return handoff.statement(turn)  # twice "no idea": more questions would not help
    if convo.contact_type is None:
        kind = found.contact_type.value if found.contact_type else "incident"
        convo.contact_type = kind
    return search_again(turn, described)


_SAID_WITH_THE_CHOICE = frozenset({"deadline", "impact", "workaround", "extent_count", "urgency"})


def _focus(turn: Turn, answer_text: str) -> None:
    """ "the headset" to "one problem or several? which first?": the statement is about the
    part of the opening that names it, read on its own; what only the other parts said leaves
    its fields and reaches the agent as a remark."""
    convo = turn.convo
    picked = concerns.chosen(convo.verbatim, answer_text)
    if picked is None:
        return
    part, others = picked
    focused = opening_slots(part, "incident")
    elsewhere = [fold(o) for o in others]
    kept = {
        slot: value
        for slot, value in convo.slots.items()
        if slot not in focused and not any(fold(value) in o for o in elsewhere)
    }
    # "the headset, i have calls all afternoon": what the answer says of the one put first
    # ("l'imprimante ça peut attendre" is about the other: never its urgency)
    said = {
        slot: value
        for slot, value in read_reply([], answer_text).slots.items()
        if slot in _SAID_WITH_THE_CHOICE and not any(fold(value) in o for o in elsewhere)
    }
    convo.slots = {**said, **kept, **focused, "concerns": answer_text}
    convo.corrections = [*convo.corrections, *(o for o in others if o not in convo.corrections)]


def on_quick_reply(turn: Turn, pick: Pick) -> list[Action]:
    """A button answers its own question; the other question of the turn stays open."""
    convo = turn.convo
    slot, _, key = pick.value.partition(":")
    option = next((o for o in appraisal.QUICK_REPLIES.get(slot, ()) if o.key == key), None)
    if option is None:
        return turn.stale()
    if slot == "contact_type":
        convo.contact_type = option.value
    else:
        convo.slots = {**convo.slots, slot: t(option.label, turn.lang)}
    convo.pending = [s for s in convo.pending if s != slot]
    if convo.pending:
        return _ask(turn, convo.pending, "appraise.one_more", new_turn=False)
    if slot == "contact_type" and option.value == "question":
        return handoff.statement(turn)
    return search_again(turn, "")


def learn(turn: Turn, found: dict[str, str], answered: list[str] | None = None) -> None:
    """Answers to the asked questions are theirs; other slots are added, never replaced."""
    convo = turn.convo
    merged = extraction.merge(convo.slots, found)
    for slot in answered or ():
        if found.get(slot) and slot not in extraction.GATHERED:
            merged[slot] = found[slot]
    whom, named = convo.slots.get("request_for_whom", ""), found.get("request_for_whom", "")
    if whom and named and appraisal.unnamed_newcomer(whom) and fold(whom) not in fold(named):
        # "un nouvel alternant", then his name: the name, and who he is (one person); "Elle
        # s'appelle Inès Moreau, elle rejoint…" is "Inès Moreau, elle rejoint…"
        person = named_person(named)
        if person and person in named:
            named = named[named.index(person) :]
        merged["request_for_whom"] = f"{named} ({whom})"
    elif whom and named and "request_for_whom" not in (answered or ()):
        merged["request_for_whom"] = with_named(whom, named)
    crowd, count = convo.slots.get("extent_count", ""), merged.get("extent_count", "")
    if (
        crowd
        and count != crowd
        and appraisal.uncounted_crowd(crowd)
        and fold(crowd) not in fold(count)
    ):
        # "our delivery drivers", then "about 15": who they are, and how many
        merged["extent_count"] = f"{crowd}, {count}"
    convo.slots = merged


def search_again(turn: Turn, extra: str) -> list[Action]:
    """Search with everything said so far; offer a fitting article before asking more."""
    convo = turn.convo
    seen = answer.already_shown(turn)  # before this search adds its own choices
    result = answer.search_follow_up(turn, extra)
    fit = answer.new_fit(turn, result, seen)
    if convo.contact_type != "request" and fit is not None:
        return answer.show(turn, fit, "found_mid_appraisal")
    return ask_next(turn, None)


def ask_next(turn: Turn, intro: str | None, multiple: bool = False) -> list[Action]:
    """Up to two questions about what is still unknown, or the statement when done."""
    convo = turn.convo
    kind = convo.contact_type or "incident"
    if kind == "question" and (says_when_needed(convo.verbatim) or convo.slots.get("deadline")):
        return handoff.statement(turn)  # its urgency is known: nothing to ask a how-to
    plan = appraisal.next_questions(
        kind,
        convo.slots,
        [*convo.asked, *convo.unknown],
        convo.turns,
        turn.ctx.settings.max_appraisal_turns,
        multiple_concerns=multiple,
        budget=turn.ctx.settings.question_budget,
    )
    if plan.done:
        return handoff.statement(turn)
    return _ask(turn, list(plan.questions), intro, new_turn=True)


def _ask(turn: Turn, slots: list[str], intro: str | None, new_turn: bool) -> list[Action]:
    convo = turn.convo
    convo.state = State.APPRAISING
    convo.pending = list(slots)
    if new_turn:
        convo.asked = [*convo.asked, *slots]
        convo.turns += 1
    parts = _impact_parts(turn) if "impact" in slots else ()
    lines = [_wording(turn, slot, parts) for slot in slots]
    if intro:
        lines.insert(0, t(intro, turn.lang))
    offered = turn.offer(
        *(
            choices.reply(slot, option.key).offer(t(option.label, turn.lang))
            for slot in slots
            for option in appraisal.QUICK_REPLIES.get(slot, ())
        ),
        choices.HUMAN.offer(t("choice.human", turn.lang)),
    )
    data: dict[str, Any] = {"impact_parts": list(parts)} if parts else {}
    return [Action("question", "\n".join(lines), choices=offered, slots=tuple(slots), data=data)]


def _impact_parts(turn: Turn) -> tuple[str, ...]:
    """What the impact question asks: for an incident only the parts not said yet (all three
    when it is asked for any other reason)."""
    if turn.convo.contact_type == "question":
        return ()
    return appraisal.impact_parts(turn.convo.slots) or tuple(appraisal.IMPACT_PARTS)


def _wording(turn: Turn, slot: str, parts: tuple[str, ...]) -> str:
    if slot != "impact" or turn.convo.contact_type == "question":
        # A how-to question's impact question asks what depends on the answer, not what it stops.
        asking = QUESTION_NEED if turn.convo.contact_type == "question" else {}
        if slot == "what_is_not" and appraisal.placeless(turn.convo.slots):
            return question("what_is_not.process", turn.lang)  # another report, not an app
        if slot == "extent_count" and turn.convo.slots.get(slot):
            return question("extent_count.how_many", turn.lang)  # "our drivers": how many
        if slot == "request_for_whom" and turn.convo.slots.get(slot):
            return question("request_for_whom.name", turn.lang)  # "un nouvel alternant": who
        return question(asking.get(slot, slot), turn.lang)
    return " ".join(question(f"impact.{part}", turn.lang) for part in parts)


def still_open(turn: Turn) -> list[str]:
    """Required slots nobody has answered yet (for tests and the statement)."""
    return [s for s in turn.convo.pending if not filled(s, turn.convo.slots)]
