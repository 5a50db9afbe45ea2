"""The problem statement, its correction field by field, and the handoff to support."""

from __future__ import annotations

import re

from sqlalchemy import select

from bot.actions import Action
from bot.conversation import choices, request
from bot.conversation.choices import Pick
from bot.conversation.states import State
from bot.conversation.turn import Turn
from bot.conversation.words import EDIT, FILLER, SEND, courtesy
from bot.db.base import utcnow
from bot.i18n import duration, t, to_team
from bot.known import issues, trends
from bot.statement_view import (
    EDITABLE,
    MAX_FIELD,
    MAX_TITLE,
    REQUIRED,
    field_value,
    priority_reason,
    render_statement,
)
from handoff import statement as statements
from handoff import tickets
from handoff.answers import (
    covers,
    named_people,
    names_slot,
    read_reply,
    says_beyond,
    says_unknown,
    with_named,
)
from handoff.tables import TicketRow
from knowledge.text import fold


def _required(kind: str) -> tuple[str, ...]:
    if kind == "question":
        return ()
    return statements.MINIMUM_REQUEST if kind == "request" else statements.MINIMUM_INCIDENT


def _requested_priority(slots: dict[str, str]) -> int | None:
    value = slots.get("requested_priority", "")
    return int(value) if value.isdigit() else None


def build(turn: Turn) -> dict[str, object]:
    """The statement from what the conversation knows, its priority explained in words."""
    convo = turn.convo
    kind = convo.contact_type or "incident"
    built = statements.build(
        contact_type=kind,
        verbatim=convo.verbatim,
        language=turn.lang,
        slots=convo.slots,
        kb_trail=convo.kb_trail,
        required=_required(kind),
        corrections=convo.corrections,
        requested_priority=_requested_priority(convo.slots),
        owning_team=request.owning_team(turn) if kind == "request" else "",
    ).to_dict()
    built["priority_reason"] = priority_reason(built, turn.lang)
    return built


def statement(turn: Turn) -> list[Action]:
    """Show the statement: send it, or correct it."""
    convo = turn.convo
    convo.contact_type = convo.contact_type or "incident"
    convo.statement = build(turn)
    convo.state, convo.editing, convo.pending = State.CONFIRMING, None, []
    offered = turn.offer(
        choices.SEND.offer(t("choice.send", turn.lang)),
        choices.EDIT.offer(t("choice.edit", turn.lang)),
    )
    text = f"{t('statement.intro', turn.lang)}\n\n{render_statement(convo.statement, turn.lang)}"
    return [
        Action(
            "statement",
            text,
            choices=offered,
            problem_statement=convo.statement,
            data={"lang": turn.lang, "editable": _editable(turn)},
        )
    ]


def _editable(turn: Turn) -> list[dict[str, object]]:
    return editable_fields(turn.convo.statement or {}, turn.lang)


def _field_named(turn: Turn, text: str) -> str | None:
    """The field whose label the requester typed instead of picking it ("where", "Où")."""
    said = _label_words(text)
    for f in _editable(turn):
        if said and said == _label_words(str(f["label"])):
            return str(f["field"])
    return None


def _label_words(text: str) -> str:
    """A label's words, without its parenthesis, case or accents ("Où (EST)" is "ou")."""
    bare = re.sub(r"\([^)]*\)", " ", fold(text))
    return " ".join(re.findall(r"\w+", bare))


def editable_fields(st: dict[str, object], lang: str) -> list[dict[str, object]]:
    """The fields the requester may correct, with their labels and current values."""
    kind = str(st.get("contact_type") or "incident")
    return [
        {
            "field": slot,
            "label": t(f"field.{slot}", lang),
            "value": field_value(st, slot),
            "required": slot in REQUIRED.get(kind, ()),
            "max_length": MAX_TITLE if slot == "title" else MAX_FIELD,
        }
        for slot in EDITABLE.get(kind, ())
    ]


def while_confirming(turn: Turn, text: str) -> list[Action]:
    """Words while the statement waits: "send it", "corriger", or a note for support."""
    ok = SEND.match(text)
    if ok:
        rest = text[ok.end() :].strip(" ,.;:!-")
        if len(re.findall(r"\w+", rest)) >= 3:
            # "Yes, the update KB5034441 installed yesterday evening": sent, with what it adds
            _take_remark(turn, rest)
            turn.convo.statement = build(turn)
        return send(turn, choices.SEND)
    if EDIT.match(text):
        return edit(turn, choices.EDIT)
    if says_unknown(text) or courtesy(text) or FILLER.match(text):
        return statement(turn)  # "No idea", "merci", "hmm": nothing to add, it stands
    _take_remark(turn, text)
    return statement(turn)


def _take_remark(turn: Turn, text: str) -> None:
    """A remark on the waiting statement fills its empty fields; the rest is a note."""
    filled_now = still_missing_in(turn, text)
    name = named_people(text) if turn.convo.contact_type == "request" else None
    whom = turn.convo.slots.get("request_for_whom", "")
    said_now = dict(filled_now)  # what the remark itself said, to tell what it left over
    if name and name not in whom:
        # "Elle s'appelle Inès Moreau": who the request is for, by name
        filled_now["request_for_whom"] = with_named(whom, name)
        said_now["request_for_whom"] = name
    if filled_now:
        # "Still unknown: what it is for", then the reason typed: it fills that field (and
        # only a field still empty; what the employee saw filled is never re-read).
        turn.convo.slots = {**turn.convo.slots, **filled_now}
        if not covers(" ".join(said_now.values()), text) or says_beyond(text, name):
            # "I'm on the office wifi, 4th floor" filled where with "office": the rest of
            # the remark stays with it as a note, so nothing said is lost
            turn.convo.corrections = [*turn.convo.corrections, text]
        return
    turn.convo.corrections = [*turn.convo.corrections, text]


def shown_slots(kind: str, slots: dict[str, str]) -> dict[str, str]:
    """The slots a statement of this kind shows (a question has no "why", an incident no
    request fields)."""
    if kind == "question":
        keep = {"question", "object", "impact", "workaround", "deadline", "not_urgent", "tried"}
        return {k: v for k, v in slots.items() if k in keep}
    request = kind == "request"
    return {k: v for k, v in slots.items() if k.startswith("request_") == request}


def still_missing_in(turn: Turn, text: str) -> dict[str, str]:
    """The statement's missing fields that the text plainly answers (its words name them),
    and the empty fields its clauses clearly are ("Taking cash only for now, we lose card
    sales every minute" is the workaround and the impact); a field the employee saw filled
    is never re-read."""
    missing = list((turn.convo.statement or {}).get("missing_slots") or [])
    reply = read_reply(missing, text)
    named = {slot: reply.slots[slot] for slot in reply.answered if names_slot(slot, text)}
    if missing == ["request_why"] and "request_why" in reply.answered:
        # "Still unknown: what it is for", then "They'll be working on the checkout redesign":
        # a reason needs no purpose word when it is the one thing asked for
        named["request_why"] = reply.slots["request_why"]
    said = read_reply([], text).slots  # what its clauses are, nothing asked
    shown = shown_slots(turn.convo.contact_type or "incident", said)
    volunteered = {
        slot: value
        for slot, value in shown.items()
        if slot in _VOLUNTEERED_WHILE_CONFIRMING and not turn.convo.slots.get(slot)
    }
    return {**volunteered, **named, **request.approval_in(turn, text)}


# Fields a remark made while the statement waits may fill when they are still empty.
_VOLUNTEERED_WHILE_CONFIRMING = frozenset(
    {"impact", "workaround", "no_workaround", "deadline", "not_urgent", "tried", "what_is_not",
     "changes", "extent_count", "when_first", "where", "expected"}
)  # fmt: skip


def edit(turn: Turn, _: Pick) -> list[Action]:
    """Correct the statement: pick a field (a Slack modal sends all fields at once)."""
    convo = turn.convo
    convo.state, convo.editing = State.EDITING, None
    fields = _editable(turn)
    offered = turn.offer(
        *(choices.field(str(f["field"])).offer(str(f["label"])) for f in fields),
        choices.DONE.offer(t("edit.done", turn.lang)),
        choices.SEND.offer(t("choice.send", turn.lang)),
    )
    return [
        Action(
            "question",
            t("edit.pick_field", turn.lang),
            choices=offered,
            data={"lang": turn.lang, "editable": fields},
        )
    ]


def pick_field(turn: Turn, pick: Pick) -> list[Action]:
    convo = turn.convo
    kind = convo.contact_type or "incident"
    if pick.value not in EDITABLE.get(kind, ()):
        return turn.stale()
    convo.editing = pick.value
    turn.offer(choices.DONE.offer(t("edit.done", turn.lang)))
    value = field_value(convo.statement or {}, pick.value) or t("edit.empty_value", turn.lang)
    label = t(f"field.{pick.value}", turn.lang)
    prompt = t("edit.type_value", turn.lang, label=label, value=value)
    offered = turn.offer(choices.DONE.offer(t("edit.done", turn.lang)))
    return [Action("question", prompt, choices=offered)]


def edit_value(turn: Turn, text: str) -> list[Action]:
    """The new text for the field being corrected; nothing else is re-read."""
    convo = turn.convo
    if convo.editing is None:
        named = _field_named(turn, text)
        if named is not None:
            return pick_field(turn, choices.field(named))  # "Where" typed for "Where (IS)"
        return while_confirming(turn, text)
    errors = apply_fields(turn, {convo.editing: text})
    if errors:
        offered = turn.offer(choices.DONE.offer(t("edit.done", turn.lang)))
        return [Action("question", errors[convo.editing], choices=offered)]
    return statement(turn)


def done(turn: Turn, _: Pick) -> list[Action]:
    return statement(turn)


def changed_fields(
    st: dict[str, object], fields: dict[str, str], lang: str
) -> tuple[dict[str, str], dict[str, str]]:
    """(the fields the requester changed, an error per field that cannot be taken)."""
    kind = str(st.get("contact_type") or "incident")
    allowed = EDITABLE.get(kind, ())
    errors: dict[str, str] = {}
    changed: dict[str, str] = {}
    for slot, raw in fields.items():
        if slot not in allowed:
            continue
        value = " ".join((raw or "").split())
        if value == field_value(st, slot):
            continue  # untouched: never re-read
        limit = MAX_TITLE if slot == "title" else MAX_FIELD
        if not value and slot in REQUIRED.get(kind, ()):
            errors[slot] = t("edit.required", lang)
        elif len(value) > limit:
            errors[slot] = t("edit.too_long", lang, limit=limit, length=len(value))
        else:
            changed[slot] = value
    return changed, errors


def apply_fields(turn: Turn, fields: dict[str, str]) -> dict[str, str]:
    """Set the fields the requester changed; an error per field that cannot be taken."""
    convo = turn.convo
    changed, errors = changed_fields(convo.statement or {}, fields, turn.lang)
    if errors:
        turn.field_errors = errors
        return errors
    slots = dict(convo.slots)
    for slot, value in changed.items():
        # the field shows the new value; a note repeating it would only say it twice
        key = "title" if slot == "title" else slot
        if value:
            slots[key] = value
        else:
            slots.pop(key, None)
    convo.slots = slots
    convo.editing = None
    return {}


def apply_submitted(turn: Turn, fields: dict[str, str]) -> list[Action]:
    """A Slack modal's fields: an inline error per bad field, or the corrected statement."""
    if turn.convo.statement is None:
        return turn.stale()
    if apply_fields(turn, fields):
        return []
    return statement(turn)


def now_to_human(turn: Turn, _: Pick | None = None) -> list[Action]:
    """ "Talk to a human": straight to the statement, with what is known so far."""
    return statement(turn)


# -- the handoff ---------------------------------------------------------------------------


def send(turn: Turn, _: Pick) -> list[Action]:
    """Open the ticket (once) and tell the requester who will follow up, and when."""
    convo = turn.convo
    existing = turn.session.scalar(select(TicketRow).where(TicketRow.conversation_id == convo.id))
    if existing is not None:
        return [turn.say("handoff.already", ticket_id=existing.ref)]
    assert convo.statement is not None
    now = utcnow()
    ticket = tickets.open_ticket(
        turn.session,
        conversation_id=convo.id,
        requester=convo.user,
        channel=convo.channel,
        language=turn.lang,
        statement=convo.statement,
        summary=render_statement(convo.statement, turn.lang),
        sla=turn.ctx.sla,
        now=now,
    )
    convo.ticket_ref, convo.state = ticket.ref, State.HANDED_OFF
    turn.offer()
    turn.for_agents.append(
        Action("triage", ticket.title, ticket_id=ticket.ref, priority=ticket.priority)
    )
    trends.record(turn.session, convo, "ticket")
    _offer_known_issue(turn, ticket.ref, ticket.language)
    target = turn.ctx.sla[ticket.priority]
    first = duration(target.first_response, turn.lang, target.business_days, target.business_hours)
    kind = convo.contact_type or "incident"
    if kind == "request":
        st = convo.statement
        said = str((st.get("request") or {}).get("by_when") or "")
        team = str(st.get("owning_team") or "") or t("request.default_team", turn.lang)
        fulfilment = ""
        if said:  # quoted: "traitée pour arrive lundi" read as nonsense
            fulfilment = t("request.fulfilment_said", turn.lang, by=said)
        elif target.resolution is not None:
            by = duration(target.resolution, turn.lang, target.business_days, target.business_hours)
            fulfilment = t("request.fulfilment", turn.lang, by=by)
        text = t(
            "request.handoff_done",
            turn.lang,
            to_team=to_team(team, turn.lang),
            ticket_id=ticket.ref,
            first_response=first,
            fulfilment=fulfilment,
        )
    elif kind == "question":
        text = t("question.handoff_done", turn.lang, ticket_id=ticket.ref, first_response=first)
    else:
        text = t(
            "handoff.done",
            turn.lang,
            ticket_id=ticket.ref,
            priority=ticket.priority,
            first_response=first,
        )
    if convo.channel == "terminal":
        where = t("handoff.terminal_channel", turn.lang)
        text += "\n" + t("handoff.terminal", turn.lang, ticket_id=ticket.ref, channel=where)
    return [Action("handoff", text, ticket_id=ticket.ref, priority=ticket.priority)]


def relay(turn: Turn, text: str) -> list[Action]:
    """A human has (or will have) the thread: pass the message on to support.

    Until an agent claims the ticket, Relais says it is queued; after, it stays silent.
    """
    ticket = turn.session.scalar(
        select(TicketRow).where(TicketRow.conversation_id == turn.convo.id)
    )
    if ticket is None:
        return []
    tickets.resume(turn.session, ticket, turn.inbound.user, utcnow())
    turn.for_agents.append(
        Action(
            "relay",
            text,
            ticket_id=ticket.ref,
            data={"from": turn.inbound.user, "role": "requester"},
        )
    )
    if ticket.assignee is None:
        return [turn.say("handoff.already", ticket_id=ticket.ref)]
    return []


def _offer_known_issue(turn: Turn, ticket_ref: str, lang: str) -> None:
    """A new ticket that looks like a live known issue: agents are told which (they link it
    with "This is an outage" or answer from the issue)."""
    matcher = turn.ctx.known
    if matcher is None or not turn.convo.verbatim:
        return
    found = matcher.match(turn.session, turn.convo.verbatim)
    if found is None:
        return
    issue = issues.get(turn.session, found.issue_id)
    if issue.kind != "known":
        return
    said = t(
        "known.ticket_matches",
        lang,
        ref=issue.ref,
        title=issues.text_in(issue, lang, "title"),
        score=found.score,
    )
    turn.for_agents.append(Action("notice", said, ticket_id=ticket_ref))
