"""The triage card agents see for a ticket: the problem statement, priority, SLA, and Claim."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from bot.engine import Searcher
from bot.i18n import t, word
from bot.slack.blocks import Block, Message, _section
from bot.slack.text_safety import escape, neutralise, truncate
from bot.statement_view import SPEC_ROWS, priority_reason, view
from handoff.tables import TicketRow
from handoff.tickets import Status
from knowledge.article import Viewer
from knowledge.text import QueryError

AGENT_PREFIX = "relais-agent:"
FIELD_TEXT = 2000


def _when(at: datetime | None, fallback: str = "—") -> str:
    """A time Slack shows in each reader's own time zone."""
    if at is None:
        return fallback
    epoch = int(at.timestamp())
    return f"<!date^{epoch}^{{date_short_pretty}} {{time}}|{at:%Y-%m-%d %H:%M} UTC>"


def _field(name: str, value: str) -> dict[str, str]:
    return {"type": "mrkdwn", "text": truncate(f"*{name}*\n{value}", FIELD_TEXT)}


def _tried(trail: list[dict[str, Any]], lang: str) -> str:
    lines = []
    for step in trail[-6:]:
        shown = ", ".join(str(a) for a in step.get("shown") or step.get("articles") or [])
        query = truncate(neutralise(str(step.get("query", ""))), 80)
        verdicts = view({"kb_trail": [step]}, lang).row("tried")
        said = f" ({verdicts.value})" if verdicts else ""
        lines.append(f"• “{query}” → {escape(shown) or t('card.no_article', lang)}{escape(said)}")
    return "\n".join(lines) or t("card.nothing_tried", lang)


def _is_is_not(st: dict[str, Any], lang: str) -> list[str]:
    spec = st.get("spec") or {}
    lines = []
    for dimension in ("what", "where", "when", "extent"):
        part = spec.get(dimension) or {}
        is_ = part.get("is") or "; ".join(
            str(v) for k, v in part.items() if k not in ("is", "is_not") and v
        )
        is_not = str(part.get("is_not") or "")
        lines.append(
            f"*{t(f'card.dim.{dimension}', lang)}*  {t('card.is', lang)}: "
            f"{neutralise(str(is_)) or '—'}  ·  {t('card.is_not', lang)}: {neutralise(is_not) or '—'}"
        )
    return lines


def _statement_lines(st: dict[str, Any], lang: str) -> list[str]:
    """The statement's rows in the support team's language (type and priority are fields)."""
    incident = st.get("contact_type", "incident") == "incident"
    hidden = {"contact_type", "priority", "tried", *(SPEC_ROWS if incident else ())}
    rows = [r for r in view(st, lang).rows if r.key not in hidden]
    spec = _is_is_not(st, lang) if incident else []
    lines = [*spec, *(f"*{escape(r.label)}*: {neutralise(r.value)}" for r in rows)]
    if st.get("tried"):  # the requester's own steps; Relais's articles have their section
        lines.append(f"*{t('card.tried_by_requester', lang)}*: {neutralise(str(st['tried']))}")
    return lines


def render_card(
    ticket: TicketRow,
    permalink: str | None,
    name: Callable[[str], str],
    lang: str = "en",
    known_issue: str = "",
) -> Message:
    """The card, from the ticket as it is now (claims and changes re-render it);
    `known_issue`: the line saying which known issue it is a child of."""
    st: dict[str, Any] = ticket.statement or {}
    title = f"{ticket.ref} · {ticket.priority} · {neutralise(ticket.title)}"
    if ticket.assignee:
        status = word("status", ticket.status, lang)
        state = t(
            "card.taken", lang, status=f"*{escape(status)}*", name=escape(name(ticket.assignee))
        )
    else:
        state = t("card.open", lang)
    reason = priority_reason(st, lang) if st.get("priority_factors") else ""
    priority = f"{ticket.priority}: {escape(reason)}" if reason else ticket.priority
    if ticket.priority_overridden_from:
        priority += "\n" + t("card.overridden", lang, matrix=ticket.priority_overridden_from)
    kind = word("contact_type", ticket.contact_type, lang)
    fields = [
        _field(t("card.requester", lang), escape(name(ticket.requester))),
        _field(t("card.type", lang), escape(kind)),
        _field(t("card.priority", lang), priority),
        _field(t("card.status", lang), state),
        _field(t("card.first_response_due", lang), _when(ticket.response_due)),
        _field(
            t("card.resolution_due", lang), _when(ticket.resolution_due, t("card.planned", lang))
        ),
    ]
    blocks: list[Block] = [
        {"type": "header", "text": {"type": "plain_text", "text": truncate(title, 150)}},
        {"type": "section", "fields": fields[:10]},
    ]
    lines = _statement_lines(st, lang)
    if lines:
        blocks.append(_section(f"*{t('card.statement', lang)}*\n" + "\n".join(lines)))
    tried = _tried(st.get("kb_trail") or [], lang)
    blocks.append(_section(f"*{t('card.tried', lang)}*\n{tried}"))
    context = [f"“{truncate(neutralise(str(st.get('requester_verbatim', ''))), 1500)}”"]
    if permalink:
        context.append(f"<{permalink}|{t('card.thread', lang)}>")
    if known_issue:
        context.append(f"*{truncate(neutralise(known_issue), 500)}*")
    blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": c} for c in context]})
    controls = _controls(ticket, lang)
    if controls and not known_issue and ticket.status in Status.ACTIVE:
        controls.append(
            {
                "type": "button",
                "text": {"type": "plain_text", "text": t("known.button_outage", lang)},
                "action_id": "relais-known:outage",
                "value": ticket.ref,
            }
        )
    if controls:
        blocks.append({"type": "actions", "block_id": f"ticket-{ticket.id}", "elements": controls})
    text = f"{ticket.ref} ({ticket.priority}): {neutralise(ticket.title)}"
    return Message(text=truncate(text, 3000), blocks=blocks)


def _button(verb: str, label: str, ref: str, style: str | None = None) -> Block:
    button: Block = {
        "type": "button",
        "text": {"type": "plain_text", "text": label},
        "action_id": f"{AGENT_PREFIX}{verb}",
        "value": ref,
    }
    if style:
        button["style"] = style
    return button


def _controls(ticket: TicketRow, lang: str = "en") -> list[Block]:
    """The buttons that apply to the ticket as it is now."""
    ref = ticket.ref
    assign = {
        "type": "users_select",
        "action_id": f"{AGENT_PREFIX}assign",
        "placeholder": {"type": "plain_text", "text": t("card.assign", lang)},
    }
    note = _button("note", t("card.note", lang), ref)
    if ticket.status == Status.OPEN:
        return [_button("claim", t("card.claim", lang), ref, "primary"), assign, note]
    if ticket.status in (Status.CLAIMED, Status.WAITING):
        controls = [_button("resolve", t("card.resolve", lang), ref, "primary")]
        if ticket.status == Status.CLAIMED:
            controls.append(_button("waiting", t("card.waiting", lang), ref))
        return [
            *controls,
            _button("priority", t("card.set_priority", lang), ref),
            _button("handback", t("card.hand_back", lang), ref),
            {**assign, "placeholder": {"type": "plain_text", "text": t("card.reassign", lang)}},
            note,
        ]
    return [note]


def resolve_modal(ref: str) -> dict[str, Any]:
    return {
        "type": "modal",
        "callback_id": "relais-resolve",
        "private_metadata": ref,
        "title": {"type": "plain_text", "text": f"Resolve {ref}"[:24]},
        "submit": {"type": "plain_text", "text": "Resolve"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "blocks": [
            {
                "type": "input",
                "block_id": "note",
                "label": {"type": "plain_text", "text": "What fixed it"},
                "element": {
                    "type": "plain_text_input",
                    "action_id": "value",
                    "multiline": True,
                    "max_length": 3000,
                },
            },
            {
                "type": "input",
                "block_id": "article",
                "optional": True,
                "label": {"type": "plain_text", "text": "Link an existing article"},
                "element": {
                    "type": "external_select",
                    "action_id": f"{AGENT_PREFIX}article",
                    "min_query_length": 2,
                    "placeholder": {"type": "plain_text", "text": "Search the knowledge base"},
                },
            },
            {
                "type": "input",
                "block_id": "draft",
                "optional": True,
                "label": {"type": "plain_text", "text": "No article fits?"},
                "element": {
                    "type": "checkboxes",
                    "action_id": "value",
                    "options": [
                        {
                            "text": {
                                "type": "plain_text",
                                "text": "Draft an article from this thread",
                            },
                            "value": "draft",
                        }
                    ],
                },
            },
        ],
    }


def priority_modal(ref: str, current: str) -> dict[str, Any]:
    options = [
        {"text": {"type": "plain_text", "text": f"P{n}"}, "value": f"P{n}"} for n in range(1, 6)
    ]
    return {
        "type": "modal",
        "callback_id": "relais-priority",
        "private_metadata": ref,
        "title": {"type": "plain_text", "text": f"Priority of {ref}"[:24]},
        "submit": {"type": "plain_text", "text": "Set"},
        "blocks": [
            {
                "type": "input",
                "block_id": "priority",
                "label": {"type": "plain_text", "text": "Priority"},
                "element": {
                    "type": "static_select",
                    "action_id": "value",
                    "options": options,
                    "initial_option": next(o for o in options if o["value"] == current),
                },
            },
            {
                "type": "input",
                "block_id": "reason",
                "label": {"type": "plain_text", "text": "Why"},
                "element": {"type": "plain_text_input", "action_id": "value"},
            },
        ],
    }


def note_modal(ref: str) -> dict[str, Any]:
    return {
        "type": "modal",
        "callback_id": "relais-note",
        "private_metadata": ref,
        "title": {"type": "plain_text", "text": f"Note on {ref}"[:24]},
        "submit": {"type": "plain_text", "text": "Save"},
        "blocks": [
            {
                "type": "input",
                "block_id": "note",
                "label": {"type": "plain_text", "text": "Private note (agents only)"},
                "element": {
                    "type": "plain_text_input",
                    "action_id": "value",
                    "multiline": True,
                    "max_length": 3000,
                },
            }
        ],
    }


def render_relay(requester_name: str, text: str) -> Message:
    """An employee's message, shown to agents in the card's thread (never pings)."""
    body = f"*{escape(requester_name)}* (requester): {neutralise(text)}"
    return Message(text=truncate(body, 3000), blocks=[_section(body)])


def render_notice(text: str) -> Message:
    """A notice for agents or authors; titles and notes in it were typed by people."""
    text = neutralise(text)
    return Message(text=truncate(text, 3000), blocks=[_section(text)])


def article_options(search: Searcher, query: str, exclude: str = "") -> list[dict[str, Any]]:
    """An external_select's options: the best ten articles for `query`, as agents see them."""
    try:
        hits = search.search(query, Viewer.AGENT).hits if query else []
    except QueryError:
        hits = []
    return [
        {
            "text": {"type": "plain_text", "text": truncate(f"{h.title} ({h.article_id})", 75)},
            "value": h.article_id,
        }
        for h in hits[:10]
        if h.article_id != exclude
    ]
